"""The built site, as a reader's browser sees it: offline, no console error, every chart drawn."""

from __future__ import annotations

import pytest

from browser import browser, open_page

pytestmark = pytest.mark.browser


def pages(site):
    skip = {"genindex.html", "search.html"}
    return sorted(p for p in site.rglob("*.html") if p.name not in skip and "_static" not in p.parts)


def test_site_has_pages(site):
    assert (site / "index.html").is_file()
    assert len(pages(site)) >= 1


def test_every_page_offline_without_errors(site):
    failures, total_charts = [], 0
    with browser() as b:
        for html in pages(site) + [site / "search.html"]:
            page, r = open_page(b, html)
            total_charts += r.charts
            rel = html.relative_to(site)
            if r.console_errors or r.page_errors:
                failures.append(f"{rel}: console errors {r.console_errors + r.page_errors}")
            if r.blocked:
                failures.append(f"{rel}: tried to leave the site: {sorted(set(r.blocked))[:5]}")
            if r.rendered != r.charts:
                failures.append(f"{rel}: {r.charts - r.rendered} of {r.charts} charts not rendered")
            page.context.close()
    assert not failures, "\n".join(failures)


def test_vega_bundle_is_shipped(site):
    static = site / "_static"
    assert (static / "genchain-vega.js").stat().st_size > 500_000
    assert "vegalite_version" in (static / "genchain-vega-versions.js").read_text()
    index = (site / "book" / "intro.html").read_text()
    assert "genchain-vega.js" in index and "require.js" not in index and "require.min.js" not in index
