"""The charts and tables as the built site ships them (Vega-Lite specs and table cells, read from the pages' HTML):
what a reader hovers over or reads is in words, never a column's or a category's code name."""

from __future__ import annotations

import json
import re

from genchain.charts import tooltip_entries, untitled_tooltips

# the universal template of Altair's HTML renderer ends its script with `})({spec}, {embed options});`
SPEC = re.compile(r'\}\)\((\{".*?\}), (\{"[^{}]*\})\);\s*</script>', re.S)


def page_specs(html: str) -> list[dict]:
    """Every chart spec embedded in a page."""
    return [json.loads(m.group(1)) for m in SPEC.finditer(html)]


def test_page_specs_by_hand():
    html = ('<script>(function(spec, embedOpt) { draw(); })({"mark": "point", "encoding": {"tooltip": [{"field": "a_b"}]}},'
            ' {"actions": false, "mode": "vega-lite"});\n</script>')
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


# a code name (snake_case), as the tables store categories: "full_year", "ai_index_quid"
CODE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
#: a code name inside a longer text ("Series G (primary_equity)"), not part of a file name or path
CODE_IN_TEXT = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/-]|\.\w)")


def shown_codes(spec: dict) -> set[str]:
    """Code names (whole values, or inside a value) in the fields a chart's tooltips show."""
    fields = {e["field"] for e in tooltip_entries(spec) if "field" in e}
    rows = [row for rows in (spec.get("datasets") or {}).values() for row in rows if isinstance(row, dict)]
    return {c for row in rows for k, v in row.items() if k in fields and isinstance(v, str)
            for c in CODE_IN_TEXT.findall(v)}


def test_shown_codes_by_hand():
    spec = {"datasets": {"d": [{"p": "ai_index_quid", "q": "full_year", "n": "AI Index", "w": "Series G (debt_x)"}]},
            "encoding": {"tooltip": [{"field": "p"}, {"field": "n"}, {"field": "w"}]}}
    assert shown_codes(spec) == {"ai_index_quid", "debt_x"}


def typed_names() -> set[str]:
    """Code names a reader types, so a page may show them: the tables' (``data.load("funding_rounds")``)
    and the chain assumptions' (``chain.Assumptions(compute_share=...)``)."""
    import dataclasses

    from genchain.chain import Assumptions
    from genchain.data.spec import TABLES

    return set(TABLES) | {f.name for f in dataclasses.fields(Assumptions)}


def test_no_tooltip_shows_a_code_name(site):
    """Tooltips show readable values ("AI Index", "Partly supported"), never a table's code for them
    ("ai_index_quid", "partly_supported"), except the names a reader types (:func:`typed_names`)."""
    found = []
    for page in sorted([*site.glob("book/*.html"), *site.glob("ja/book/*.html")]):
        for spec in page_specs(page.read_text(encoding="utf-8")):
            found += [f"{page.relative_to(site)}: {code}" for code in sorted(shown_codes(spec) - typed_names())]
    assert found == [], f"{len(found)} code names in tooltips:\n" + "\n".join(found)


# a table cell's whole text (great_tables writes plain cells as <td class="gt_row ...">text</td>)
CELL = re.compile(r"<td[^>]*>([^<>]*)</td>")


def cell_codes(html: str, typed: set[str]) -> list[str]:
    """Each table cell of ``html`` that shows a code name anywhere in its text, other than ``typed`` ones."""
    cells = {c.strip() for c in CELL.findall(html)}
    return sorted(c for c in cells if set(CODE_IN_TEXT.findall(c)) - typed)


def test_cell_codes_by_hand():
    html = ("<td>Series G (primary_equity)</td><td>full year</td><td>fx_rates.csv</td>"
            "<td>initial_speeda</td><td>funding_rounds</td>")
    assert cell_codes(html, {"funding_rounds"}) == ["Series G (primary_equity)", "initial_speeda"]


def test_no_table_cell_shows_a_code_name(site):
    """A chapter's table cells read "full year" or "Series G (equity)", never "full_year" or
    "Series G (primary_equity)", in either edition. Names a reader types are allowed
    (:func:`typed_names`). The data appendix's dictionary names columns by their code names: that is
    its subject, so it is not read here."""
    typed = typed_names()
    found = [f"{page.relative_to(site)}: {c}" for page in sorted([*site.glob("book/[0-9][0-9]-*.html"),
                                                                 *site.glob("ja/book/[0-9][0-9]-*.html")])
             for c in cell_codes(page.read_text(encoding="utf-8"), typed)]
    assert found == [], f"{len(found)} code names in table cells:\n" + "\n".join(found)
