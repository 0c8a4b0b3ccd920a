"""Every table shown to readers goes through genchain.present.table: one look, one escaping rule."""

import polars as pl
import pytest

from genchain import data
from genchain.present import Table
from genchain.publish import benchmarks, book, catalog, ledger

RESULTS = pl.DataFrame({"section": ["4 book"], "case": ["build"], "rows": ["14 pages"], "seconds": [58.6],
                        "peak_mb": [None], "notes": [""], "target": [""], "met": [""]},
                       schema_overrides={"peak_mb": pl.Float64})


@pytest.mark.parametrize("make", [
    lambda: book.sources_table(data.load("fx_rates")),
    lambda: book.claims_table(1),
    lambda: benchmarks.results_table(RESULTS),
    lambda: catalog.sources_table(catalog.sources_by_table()),
    lambda: catalog.sources_html(),
    lambda: catalog.dictionary_html("fx_rates"),
    lambda: catalog.measures_html(),
    lambda: ledger.claims_html(),
], ids=["book.sources_table", "book.claims_table", "benchmarks.results_table", "catalog.sources_table",
        "catalog.sources_html", "catalog.dictionary_html", "catalog.measures_html", "ledger.claims_html"])
def test_reader_tables_are_present_tables(make):
    out = make()
    assert isinstance(out, Table)
    assert "mathjax_ignore" in out._repr_html_()


def test_removed_table_builders_stay_removed():
    assert not hasattr(catalog, "frame_html") and not hasattr(benchmarks, "table_html")


def test_data_used_block_links_files_then_sources():
    out = book.sources_table(data.load("fx_rates")).as_raw_html()
    assert out.index("gc-data-files") < out.index("<table")
    assert '<a href="../data/fx_rates.csv">fx_rates.csv</a>' in out and '<a href="https://' in out


def test_numbers_never_break_across_lines_text_may():
    # in a narrow Japanese column the browser split the year 2014 into "201" / "4"
    from genchain.present import table
    import datetime as dt
    out = table(pl.DataFrame({"year": [2014], "provider": ["INITIAL (Speeda)"], "usd_bn": [5.15],
                              "announced": [dt.date(2017, 8, 4)], "when": ["2024-01"]})).as_raw_html()
    names = ("year", "provider", "usd_bn", "announced", "when")
    cells = {c: out.split(f'-{c}" class="gt_row')[0].rsplit("<td", 1)[1] for c in names}
    assert all("nowrap" in cells[c] for c in ("year", "usd_bn", "announced", "when"))   # "when": a date as text
    assert "nowrap" not in cells["provider"]


def test_unlabelled_columns_take_the_books_shared_names():
    # one vocabulary for table headers and tooltips (charts.FIELD_TITLES); a label given still wins
    from genchain.present import table
    out = table(pl.DataFrame({"company": ["a"], "amount_usd_bn": [1.0], "odd_col": [2]}),
                labels={"amount_usd_bn": "Raised (USD bn)"}).as_raw_html()
    heads = [h.split(">")[-1] for h in out.split("</th>")[:-1]]
    assert heads == ["Company", "Raised (USD bn)", "odd col"]
