"""genchain.figures.sensitivity: the chain model's reader tables and charts draw genchain.chapters.sensitivity."""

import re

import polars as pl

from genchain import chain
from genchain.chain import Assumptions
from genchain.chapters import sensitivity
from genchain.figures import sensitivity as figs

ACTORS = pl.DataFrame({"actor": ["A", "B"], "capital_usd_bn": [10.0, 1.0]})


def _cells(markup: str) -> list[list[str]]:
    """The text of each body row's cells, tags kept (a reader's view of the table)."""
    body = markup[markup.index("<tbody"):]
    return [[c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_assumptions_table_for_readers_links_every_source():
    t = sensitivity.assumptions_table()
    rows = _cells(figs.assumptions_html().as_raw_html())
    assert len(rows) == t.height == len(Assumptions.params())
    by_name = {re.search(r"<code>(\w+)</code>", r[0]).group(1): r for r in rows}
    # peak_tflops: default 989, range 312 to 2,250 (four significant digits, thousands separated)
    assert by_name["peak_tflops"][1:4] == ["989", "312 to 2,250", "dense BF16 TFLOP/s per accelerator"]
    assert by_name["utilization"][1:3] == ["0.4", "0.25 to 0.5"]
    assert all('<a href="' in r[4] for r in rows)


def test_assumptions_table_escapes_its_text():
    a = Assumptions()
    markup = figs.assumptions_html(a).as_raw_html()
    assert "Most of OpenAI&#x27;s 2024 compute" in markup and "<script" not in markup


def test_charts_have_dropdowns_and_descriptions():
    tor = figs.tornado_chart(sensitivity.tornado_all(ACTORS)).to_dict()
    assert {p["name"] for p in tor["params"]} >= {"tornado_actor", "tornado_output"}
    assert tor["params"][0]["value"] == "A" and tor["description"]
    bands = figs.bands_chart(sensitivity.band_table(ACTORS, n_draws=50)).to_dict()
    assert bands["params"][0]["bind"]["input"] == "select" and bands["description"]
    assert bands["params"][0]["value"] == "revenue (USD bn a year)"


def test_reader_tables_label_units_and_order():
    t = sensitivity.tornado_all(ACTORS)
    html = figs.tornado_table(t, "A", "revenue_usd_bn").as_raw_html()
    # alone with B, A's revenue swings most with the market size (20 to 80 billion USD a year)
    assert "A: revenue (USD bn a year)" in html and "20 to 80" in html
    assert html.index("market_usd_bn") < html.index("utilization")        # largest swing first
    out = figs.outputs_table(chain.run(ACTORS)).as_raw_html()
    assert "Training compute (FLOP)" in out and "Revenue (USD bn a year)" in out and "10<sup" in out
    bands = figs.bands_table(sensitivity.band_table(ACTORS, ["revenue_usd_bn"], n_draws=50))
    assert "5th percentile" in bands.as_raw_html()
    assert "Capital raised in 2025 (USD bn)" in figs.actors_table(
        ACTORS.with_columns(country=pl.lit("X"), rounds=pl.lit(1))).as_raw_html()
