"""Every chapter read in the project's JupyterLab, as a teacher would: open it, Run All, read it.

Asserts what the site promises, in JupyterLab (with jupyterlab-myst): no error output, no raw
MyST syntax, no raw dataframe repr, no request leaving the machine, as many charts drawn as the
site page shows, and a live panel that answers its control. The Japanese edition's notebooks (the
ones its site offers for download, written by ``make book`` into ``_build/ja/src/book``) are read
the same way, and their charts must speak Japanese. Each chapter is read once, the editions alternating
(the code cells are the same and the catalog tests keep the markup); GENCHAIN_LAB_EDITIONS=both reads
every chapter in both.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from browser import ARGS, CHROMIUM
from jupyterlab import git_status, lab_server, read, start

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "book").glob("0[0-5]-*.ipynb"))
JA_BOOK = ROOT / "_build" / "ja" / "src" / "book"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _runs() -> list[tuple[Path, str]]:
    """(chapter, edition) pairs: each chapter once, the editions alternating (00 English, 01 Japanese, ...);
    GENCHAIN_LAB_EDITIONS=both runs every chapter in both (about two and a half minutes more)."""
    both = os.environ.get("GENCHAIN_LAB_EDITIONS") == "both"
    return [(nb, ed) for i, nb in enumerate(CHAPTERS) for ed in ("en", "ja") if both or ed == ("en", "ja")[i % 2]]


@pytest.fixture(scope="module")
def lab(site):
    from playwright.sync_api import sync_playwright

    japanese = [JA_BOOK / nb.name for nb in CHAPTERS]
    if not all(nb.is_file() for nb in japanese):
        pytest.fail(f"no Japanese notebooks in {JA_BOOK}: make book writes them")
    with lab_server(CHAPTERS, japanese) as (base, folder), sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b, base, folder
        finally:
            b.close()


def _site_charts(site: Path, notebook: Path) -> int:
    html = (site / "book" / notebook.with_suffix(".html").name).read_text(encoding="utf-8")
    return len(set(re.findall(r'<div id="(altair-viz-[0-9a-f]+)"', html)))


@pytest.mark.parametrize(("notebook", "edition"), _runs(), ids=[f"{nb.stem}-{ed}" for nb, ed in _runs()])
def test_chapter_reads_in_jupyterlab_as_on_the_site(lab, site, notebook, edition):
    """An English chapter, or its Japanese copy (the notebook the Japanese site offers for download, under
    ``book-ja/`` as in the packs): the code cells are byte for byte the same (tests/test_translations.py)."""
    b, base, folder = lab
    if edition == "en":
        _reads_as_on_the_site(read(*start(b, base, notebook.name), panel=True, save=True), site, notebook, folder)
        return
    # written by the build, never committed: saving the Japanese copy is not a git question
    report = _reads_as_on_the_site(read(*start(b, base, notebook.name, "book-ja"), panel=True), site / "ja", notebook)
    english_titles = [t for t in report.chart_titles if not JAPANESE.search(t)]
    assert report.chart_titles and english_titles == [], (
        f"{notebook.name} (Japanese): chart titles left in English: {english_titles[:3]}")


def _reads_as_on_the_site(report, site, notebook, folder=None):
    """The checks a page of either edition must pass; ``folder``: also check that saving kept git clean."""
    name = f"{notebook.name} ({'English' if folder else 'Japanese'})"
    assert report.errors == [], f"{name}: error output in JupyterLab: {report.errors[:2]}"
    assert report.raw_syntax == [], f"{name}: raw MyST syntax visible: {report.raw_syntax}"
    assert report.raw_reprs == 0, f"{name}: {report.raw_reprs} raw dataframe repr(s)"
    assert report.blocked == [], f"{name}: requests left the machine: {report.blocked[:3]}"
    assert report.charts == _site_charts(site, notebook), (
        f"{name}: {report.charts} charts drawn in JupyterLab, {_site_charts(site, notebook)} on the site")
    if folder is not None:  # saved after Run All: outputs on disk, but git sees the notebook as committed
        dirty = git_status(folder)
        assert dirty == "", f"{name}: saving after Run All leaves git status dirty:\n{dirty}"
    if report.panels:
        assert report.panel_responded, f"{name}: the live panel did not answer its control"
    return report
