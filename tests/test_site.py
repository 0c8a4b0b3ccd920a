"""The built site, as a reader's browser sees it: offline, no console error, every chart drawn,
sliders that work without a kernel, accessible content, no sideways scrolling on a phone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser import browser, open_page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = 390
MAX_PAGE_BYTES = 1_500_000


def pages(site):
    skip = {"genindex.html", "search.html"}
    return sorted(p for p in site.rglob("*.html") if p.name not in skip and "_static" not in p.parts)


def chapter_pages(site):
    """The chapters of both editions: English (``book/``) and Japanese (``ja/book/``)."""
    return sorted((site / "book").glob("[0-9][0-9]-*.html")) + sorted((site / "ja" / "book").glob("[0-9][0-9]-*.html"))


def front_and_back(site):
    """The opening page and the appendices of both editions."""
    return [p for edition in (site, site / "ja") for p in
            [edition / "book" / "intro.html"] + sorted((edition / "book").glob("appendix-*.html"))]


def test_site_has_pages(site):
    assert (site / "book" / "intro.html").is_file()
    assert len(pages(site)) >= 2


def test_every_page_offline_without_errors(site):
    failures, charts = [], 0
    with browser() as b:
        for html in pages(site) + [site / "search.html"]:
            page, r = open_page(b, html)
            charts += r.charts
            rel = html.relative_to(site)
            if r.console_errors or r.page_errors:
                failures.append(f"{rel}: console errors {r.console_errors + r.page_errors}")
            if r.blocked:
                failures.append(f"{rel}: tried to leave the site: {sorted(set(r.blocked))[:5]}")
            if r.rendered != r.charts:
                failures.append(f"{rel}: {r.charts - r.rendered} of {r.charts} charts not rendered")
            page.context.close()
    assert not failures, "\n".join(failures)


def test_chapters_fit_a_phone(site):
    wide = []
    with browser() as b:
        for html in chapter_pages(site) + [site / "book" / "intro.html", site / "ja" / "book" / "intro.html"]:
            page, r = open_page(b, html, width=PHONE, height=844)
            if r.scroll_width > PHONE:
                wide.append(f"{html.name}: {r.scroll_width}px wide at a {PHONE}px viewport")
            page.context.close()
    assert not wide, "\n".join(wide)


SLIDER_JS = """() => {
  const input = document.querySelector('.vega-bindings input[type=range]');
  if (!input) return null;
  const chart = input.closest('.vega-embed') || input.closest('[id^=altair-viz]');
  const before = chart.querySelector('svg, canvas').outerHTML;
  const lo = Number(input.min), hi = Number(input.max), now = Number(input.value);
  input.value = String(Math.abs(hi - now) > Math.abs(now - lo) ? hi : lo);
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new Event('change', {bubbles: true}));
  return before;
}"""


def test_every_chapter_has_a_working_slider(site):
    problems = []
    with browser() as b:
        for html in chapter_pages(site):
            page, r = open_page(b, html)
            before = page.evaluate(SLIDER_JS)
            if before is None:
                problems.append(f"{html.name}: no Altair slider (a kernel-free what-if) on the page")
            else:
                # Vega re-renders asynchronously: wait (up to 5 s) for the drawing to differ
                try:
                    page.wait_for_function("""(before) => {
                      const input = document.querySelector('.vega-bindings input[type=range]');
                      const chart = input.closest('.vega-embed') || input.closest('[id^=altair-viz]');
                      return chart.querySelector('svg, canvas').outerHTML !== before; }""", arg=before, timeout=5000)
                    changed = True
                except Exception:
                    changed = False
                if not changed:
                    problems.append(f"{html.name}: moving the first slider changed nothing in its chart")
            page.context.close()
    assert not problems, "\n".join(problems)


def test_axe_no_serious_violations_in_book_content(site):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from browser import axe_violations

    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci --prefix tests/js` (make test does)")
    pages = [str(p) for p in chapter_pages(site) + front_and_back(site)]
    halves = [pages[0::2], pages[1::2]]
    # two browsers in two processes: the pages of one browser share a renderer (one core)
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = [r for part in pool.map(axe_violations, halves, [str(AXE)] * 2) for r in part]
    assert len(results) == len(pages)
    found = [f"{Path(html).relative_to(site)}: {json.dumps(result)[:600]}" for html, result in results if result]
    assert not found, "\n".join(found)


def test_page_weight(site):
    heavy = {p.name: p.stat().st_size for p in chapter_pages(site) if p.stat().st_size > MAX_PAGE_BYTES}
    assert not heavy, f"pages over {MAX_PAGE_BYTES} bytes (shared chart JavaScript not counted): {heavy}"


def test_vega_bundle_is_shipped_and_no_require_js(site):
    static = site / "_static"
    assert (static / "genchain-vega.js").stat().st_size > 500_000
    assert "vegalite_version" in (static / "genchain-vega-versions.js").read_text()
    for html in pages(site):
        text = html.read_text()
        assert "require.js" not in text and "require.min.js" not in text, html.name
        if "altair-viz" in text:
            assert "genchain-vega.js" in text, html.name


def test_download_button_gives_ipynb(site):
    for html in chapter_pages(site):
        text = html.read_text()
        assert f"_sources/book/{html.stem}.ipynb\"" in text or f"{html.stem}.ipynb\"" in text, html.name
        assert (html.parent.parent / "_sources" / "book" / f"{html.stem}.ipynb").is_file()


def test_search_works_offline(site):
    with browser() as b:
        page, r = open_page(b, site / "search.html")
        page.goto((site / "search.html").resolve().as_uri() + "?q=Anthropic")
        page.wait_for_selector("#search-results li", timeout=15000)
        hits = page.locator("#search-results li").count()
        page.context.close()
    assert hits >= 3 and not r.blocked


def test_japanese_search_finds_japanese_words(site):
    """The Japanese edition's search index splits Japanese text: a Japanese word finds its chapters."""
    search = site / "ja" / "search.html"
    with browser() as b:
        page, r = open_page(b, search)
        page.goto(search.resolve().as_uri() + "?q=資金")
        page.wait_for_selector("#search-results li", timeout=15000)
        hits = page.locator("#search-results li").count()
        page.context.close()
    assert hits >= 5 and not r.blocked


def test_dark_mode_keeps_charts_on_a_light_background(site):
    with browser() as b:
        page, r = open_page(b, site / "book" / "01-capital.html")
        page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
        page.wait_for_timeout(200)
        fill = page.evaluate("""() => getComputedStyle(document.querySelector("div[id^='altair-viz'] svg")).backgroundColor""")
        page.context.close()
    assert fill in ("#ffffff", "rgb(255, 255, 255)", "white")


#: what a dataframe printed for programmers looks like in HTML: polars' repr (shape line, dtype row,
#: box drawing) and pandas' default table class
RAW_FRAME = [("polars shape line", "<small>shape: ("), ("polars text repr", "shape: ("), ("dtype row", "<td>str</td>"),
             ("box drawing", "┌─"), ("pandas repr", 'class="dataframe"')]


def test_no_raw_dataframe_repr_on_any_page(site):
    found = []
    for page in sorted(site.rglob("*.html")):
        if "_static" in page.parts or "_sources" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        found += [f"{page.relative_to(site)}: {name}" for name, needle in RAW_FRAME if needle in text]
    assert found == [], "raw dataframe reprs on the site:\n" + "\n".join(found)


def test_no_build_plumbing_visible_on_the_site(site):
    """Readers see analysis, not bookkeeping: no glue calls, imports of the book machinery or raw roles."""
    needles = ["glue(", "from myst_nb", "{glue:", "{eval}", "checked_verdict", "claim_text("]
    found = []
    for page in sorted((site / "book").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        found += [f"{page.name}: {n}" for n in needles if n in text]
    assert found == [], "build plumbing on the site:\n" + "\n".join(found)


def test_claim_boxes_carry_their_verdict_colour(site):
    """Every claim box is marked with its verdict (its left border takes the ledger chart's colour)."""
    from genchain.reference import VERDICTS

    with browser() as b:
        page, _ = open_page(b, site / "book" / "01-capital.html")
        marks = page.evaluate("[...document.querySelectorAll('.claim-check')].map(e => e.getAttribute('data-verdict'))")
        page.context.close()
    assert len(marks) == 8 and set(marks) <= set(VERDICTS), marks
