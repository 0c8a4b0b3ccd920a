"""The charts as the built site ships them (their Vega-Lite specs, read from the pages' HTML)."""

from __future__ import annotations

import json
import re

from genchain.charts import untitled_tooltips

# the universal template of Altair's HTML renderer: `var spec = {...};` then `var embedOpt = ...`
SPEC = re.compile(r"var spec = (\{.*?\});\s*var embedOpt", re.S)


def page_specs(html: str) -> list[dict]:
    """Every chart spec embedded in a page."""
    return [json.loads(m.group(1)) for m in SPEC.finditer(html)]


def test_page_specs_by_hand():
    html = ('<script>var spec = {"mark": "point", "encoding": {"tooltip": [{"field": "a_b"}]}};\n'
            ' var embedOpt = {"mode": "vega-lite"};</script>')
    assert page_specs(html) == [{"mark": "point", "encoding": {"tooltip": [{"field": "a_b"}]}}]


def test_every_tooltip_has_a_reader_title(site):
    """A reader hovering a point reads "Year", never a column's code name such as ``fiscal_year``."""
    found, charts = [], 0
    for page in sorted((site / "book").glob("*.html")) + sorted((site / "ja" / "book").glob("*.html")):
        for spec in page_specs(page.read_text(encoding="utf-8")):
            charts += 1
            found += [f"{page.relative_to(site)} ({spec.get('title', {}).get('text', '?')}): {field}"
                      for field in dict.fromkeys(untitled_tooltips(spec))]
    assert charts >= 100, f"only {charts} charts found: the site's chart format changed?"
    assert found == [], f"{len(found)} tooltips show a code name:\n" + "\n".join(found)
