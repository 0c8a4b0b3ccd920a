"""What the built site hands readers (no browser needed): the download button gives the student
edition, the chapters link the CSV files they used, the landing page names the repository and the packs."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

from genchain.publish import packs, student

pytestmark = pytest.mark.browser  # runs after the build, with the other site checks

ROOT = Path(__file__).resolve().parents[1]


def _hrefs(page: Path) -> list[str]:
    return re.findall(r'href="([^"#]+)', page.read_text(encoding="utf-8"))


def test_download_button_gives_the_student_edition(site):
    page = site / "book" / "01-capital.html"
    links = [h for h in _hrefs(page) if h.endswith(".ipynb")]
    assert links, "no .ipynb download link on the chapter page"
    target = (page.parent / urlsplit(links[0]).path).resolve()
    nb = nbformat.read(target, as_version=4)
    assert not student.has_solution(nb), f"{target} still holds solutions"
    assert sum(c.source.count("{exercise}") for c in nb.cells) >= 4
    assert packs.is_install_cell(next(c for c in nb.cells if c.cell_type == "code"))
    teacher = nbformat.read(site / "teacher" / "01-capital.ipynb", as_version=4)
    assert student.has_solution(teacher)


def test_data_used_links_the_served_csv_files(site):
    page = site / "book" / "01-capital.html"
    csv = [h for h in _hrefs(page) if h.endswith(".csv") and "://" not in h]
    assert {"../data/funding_rounds.csv", "../data/sources.csv"} <= set(csv)
    for href in csv:
        served = (page.parent / href).resolve()
        assert served.is_file() and served.read_bytes() == (ROOT / "data" / served.name).read_bytes()


def test_landing_page_names_the_repository_and_the_packs(site):
    text = (site / "book" / "intro.html").read_text(encoding="utf-8")
    assert packs.repository_url(ROOT) in text
    ver = packs.version(ROOT)
    for name in (f"{packs.pack_name('student', ver)}.zip", f"{packs.pack_name('teacher', ver)}.zip"):
        assert f"../downloads/{name}" in text and (site / "downloads" / name).is_file()
