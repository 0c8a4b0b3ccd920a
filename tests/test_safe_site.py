"""Text from data is escaped: a data cell holding <script> renders as text, in a chart and in a table."""

from __future__ import annotations

import shutil

import altair as alt
import polars as pl
import pytest

from browser import browser, open_page
from genchain.publish import book
from genchain import charts

EVIL = "<script>window.__pwned = 1</script><img src=x onerror='window.__pwned=2'>"


def test_sources_table_escapes_cells(monkeypatch):
    frame = pl.DataFrame({"source_id": ["s1"]})
    fake = pl.DataFrame({"source_id": ["s1"], "publisher": [EVIL], "title": [EVIL],
                         "url": ["https://example.org/?a=1&b=\"2\""], "published": [None], "licence": ["x"]})
    monkeypatch.setattr(book, "sources_used", lambda *f: fake)
    html = book.sources_table(frame).as_raw_html()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&quot;2&quot;" in html


@pytest.mark.browser
def test_chart_shows_script_as_text(site, tmp_path):
    df = pl.DataFrame({"name": [EVIL], "value": [1.0]})
    chart = charts.finish(
        alt.Chart(df).mark_text(size=14).encode(text="name:N", tooltip=["name:N", "value:Q"]),
        title="Escaping", source="test", description="A label from data.")
    for name in ("genchain-vega.js", "genchain-vega-versions.js"):
        shutil.copy(site / "_static" / name, tmp_path / name)
    page_html = ("<html><head><script src='genchain-vega-versions.js'></script>"
                 "<script src='genchain-vega.js'></script></head><body>"
                 + chart._repr_mimebundle_()["text/html"] + "</body></html>")
    (tmp_path / "page.html").write_text(page_html, encoding="utf-8")
    with browser() as b:
        page, r = open_page(b, tmp_path / "page.html")
        assert r.rendered == r.charts == 1 and not r.page_errors and not r.blocked
        page.hover("svg")
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.__pwned") is None
        assert "<script>" in page.evaluate("() => document.querySelector('svg').textContent")
        page.context.close()
