"""Every chapter read in the project's JupyterLab, as a teacher would: open it, Run All, read it.

Asserts what the site promises, in JupyterLab (with jupyterlab-myst): no error output, no raw
MyST syntax, no raw dataframe repr, no request leaving the machine, as many charts drawn as the
site page shows, and a live panel that answers its control. The Japanese edition's notebooks (the
ones its site offers for download, written by ``make book`` into ``_build/ja/src/book``) are read
the same way, and their charts must speak Japanese.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser import ARGS, CHROMIUM
from jupyterlab import git_status, lab_server, run_all

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "book").glob("0[0-5]-*.ipynb"))
JA_BOOK = ROOT / "_build" / "ja" / "src" / "book"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def lab(chromium):
    with lab_server(CHAPTERS) as (base, folder):
        yield chromium, base, folder


@pytest.fixture(scope="module")
def lab_ja(chromium, site):
    notebooks = [JA_BOOK / nb.name for nb in CHAPTERS]
    if not all(nb.is_file() for nb in notebooks):
        pytest.fail(f"no Japanese notebooks in {JA_BOOK}: make book writes them")
    with lab_server(notebooks) as (base, folder):
        yield chromium, base, folder


def _site_charts(site: Path, notebook: Path) -> int:
    html = (site / "book" / notebook.with_suffix(".html").name).read_text(encoding="utf-8")
    return len(set(re.findall(r'<div id="(altair-viz-[0-9a-f]+)"', html)))


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_reads_in_jupyterlab_as_on_the_site(lab, site, notebook):
    _reads_as_on_the_site(lab, site, notebook)


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_japanese_chapter_reads_in_jupyterlab_in_japanese(lab_ja, site, notebook):
    # written by the build, never committed: saving them is not a git question
    report = _reads_as_on_the_site(lab_ja, site / "ja", notebook, save=False)
    english = [t for t in report.chart_titles if not JAPANESE.search(t)]
    assert report.chart_titles and english == [], f"{notebook.name}: chart titles left in English: {english[:3]}"


def _reads_as_on_the_site(lab, site, notebook, save=True):
    b, base, folder = lab
    report = run_all(b, base, notebook.name, panel=True, save=save)
    assert report.errors == [], f"{notebook.name}: error output in JupyterLab: {report.errors[:2]}"
    assert report.raw_syntax == [], f"{notebook.name}: raw MyST syntax visible: {report.raw_syntax}"
    assert report.raw_reprs == 0, f"{notebook.name}: {report.raw_reprs} raw dataframe repr(s)"
    assert report.blocked == [], f"{notebook.name}: requests left the machine: {report.blocked[:3]}"
    assert report.charts == _site_charts(site, notebook), (
        f"{notebook.name}: {report.charts} charts drawn in JupyterLab, {_site_charts(site, notebook)} on the site")
    if save:  # saved after Run All: outputs on disk, but git sees the notebook as committed (nbstripout filter)
        dirty = git_status(folder)
        assert dirty == "", f"{notebook.name}: saving after Run All leaves git status dirty:\n{dirty}"
    if report.panels:
        assert report.panel_responded, f"{notebook.name}: the live panel did not answer its control"
    return report
