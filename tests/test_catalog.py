"""genchain.publish.catalog: the data dictionary, row counts, bibliography and claim ledger, checked by hand."""

import csv

import polars as pl
import pybtex.database
import pytest

from genchain.publish import catalog
from genchain import data
from genchain.data.spec import TABLES

ROOT = data.data_dir().parent


def records(path):
    """Data records of a CSV file (quoted cells may span lines), header excluded."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def test_row_counts_equal_the_csv_files():
    counts = dict(catalog.row_counts().select("table", "rows").iter_rows())
    assert set(counts) == set(TABLES)
    for name, rows in counts.items():
        assert rows == records(data.data_dir() / f"{name}.csv"), name
    # fx_rates has no multi-line cell: its row count is its line count minus the header
    lines = (data.data_dir() / "fx_rates.csv").read_text(encoding="utf-8").strip("\n").count("\n")
    assert counts["fx_rates"] == lines


def test_every_table_says_what_a_row_is():
    assert set(catalog.ROW_MEANING) == set(TABLES)
    counts = catalog.row_counts()
    assert counts.filter(pl.col("table") == "fx_rates")["key"][0] == "year, currency"
    assert counts.filter(pl.col("table") == "fx_rates")["columns"][0] == 5   # year, currency, per_usd, source_id, note


def test_data_readme_is_up_to_date():
    readme = (data.data_dir() / "README.md").read_text(encoding="utf-8")
    assert readme == catalog.data_readme(), "data/README.md is stale: run '.venv/bin/python -m genchain.publish.catalog'"


def test_readme_lists_every_column_and_measure():
    text = catalog.data_readme()
    for t in TABLES.values():
        assert f"### `{t.name}.csv`" in text
        for c in t.columns:
            assert f"| {c.name} | {c.kind} |" in text
    for measure in data.load("ai_investment")["measure"].unique():
        assert f"| {measure} |" in text
    assert "byte-order mark" in text and "CC BY 4.0" in text


def test_every_measure_and_provider_is_defined():
    ai = data.load("ai_investment")
    assert set(ai["measure"]) <= set(catalog.MEASURES)
    assert set(ai["provider"]) <= set(catalog.PROVIDERS)
    m = catalog.measures_table()
    row = m.filter(pl.col("measure") == "private_ai_investment").row(0, named=True)
    assert "cset" in row["providers"] and "ai_index_quid" in row["providers"]
    assert row["rows"] == ai.filter(pl.col("measure") == "private_ai_investment").height


def test_undefined_measure_is_named(data_dir):
    (data_dir / "ai_investment.csv").write_text(
        "geography,year,coverage,measure,provider,amount_usd_bn,amount_local_bn,local_currency,count,"
        "share_of_world_pct,price_basis,source_id,note\n"
        "World,2024,full_year,mystery_money,x,1.0,,,,,nominal,s1,\n", encoding="utf-8")
    with pytest.raises(KeyError, match="mystery_money"):
        catalog.measures_table(data_dir)


def test_example_error_synthetic_is_exact():
    assert catalog.example_error(data_dir="synthetic") == (
        "data/fx_rates.csv, line 2, column 'per_usd': found '1,151.4'; expected a plain number such as "
        "13, 0.124 or 3.8e25, without thousands separators")


def test_example_error_on_a_real_table():
    # data row 3 is line 4 (the header is line 1); the real file is not touched
    before = (data.data_dir() / "funding_rounds.csv").read_bytes()
    msg = catalog.example_error("funding_rounds", 3, "amount_usd_bn", "$6.6B")
    assert msg.startswith("data/funding_rounds.csv, line 4, column 'amount_usd_bn': found '$6.6B'")
    assert "currency sign" in msg
    assert (data.data_dir() / "funding_rounds.csv").read_bytes() == before
    with pytest.raises(ValueError):
        catalog.example_error("fx_rates", 0)


def test_latex_escape_by_hand():
    assert catalog.latex_escape("R&D up 50% to $1_000 #1") == r"R\&D up 50\% to \$1\_000 \#1"
    assert catalog.latex_escape("{a}") == r"\textbraceleft{}a\textbraceright{}"
    assert catalog.latex_escape("a\\b") == r"a\textbackslash{}b"


def test_bib_keys():
    assert catalog.bib_key("cmp-epoch-ai.v2_x") == "cmp-epoch-ai.v2_x"
    for bad in ("a b", "a,b", "a{b", "%a"):
        with pytest.raises(ValueError):
            catalog.bib_key(bad)


def test_every_source_is_in_the_bibliography():
    bib = pybtex.database.parse_string(catalog.bibtex(), "bibtex")
    sources = data.load("sources")
    assert set(bib.entries.keys()) == set(sources["source_id"])
    essay = bib.entries["gc-article"]
    assert "url" not in essay.fields and "title only" in essay.fields["note"]
    row = sources.filter(pl.col("url").is_not_null()).row(0, named=True)
    assert bib.entries[row["source_id"]].fields["url"] == row["url"]


SOURCES = ("source_id,publisher,title,url,published,accessed,licence,note\n"
           "s1,Smith & Co,R&D up 50% to $2B,https://example.org/a?b=1%20c,2025-03-02,2026-11-25,CC BY 4.0,\n"
           "s0,Alpha,Essay,,,2026-11-25,cited by title only,\n")


def test_bib_entry_by_hand(tmp_path):
    (tmp_path / "sources.csv").write_text(SOURCES, encoding="utf-8")
    text = catalog.bibtex(tmp_path)
    # ordered by publisher: Alpha before Smith & Co
    assert text.index("@misc{s0,") < text.index("@misc{s1,")
    assert "  title = {{R\\&D up 50\\% to \\$2B}},\n" in text
    assert "  author = {{Smith \\& Co}},\n" in text
    assert "  month = mar,\n" in text and "  year = {2025},\n" in text
    assert "  url = {https://example.org/a?b=1%20c},\n" in text
    entry = pybtex.database.parse_string(text, "bibtex").entries["s1"]
    assert entry.fields["url"] == "https://example.org/a?b=1%20c"


def test_bib_renders_dollar_and_ampersand(tmp_path):
    from genchain.sphinxext.bib import Style

    (tmp_path / "sources.csv").write_text(SOURCES, encoding="utf-8")
    bib = pybtex.database.parse_string(catalog.bibtex(tmp_path), "bibtex")
    out = {e.key: e.text.render_as("text") for e in Style().format_entries(bib.entries.values())}
    assert "R&D up 50% to $2B" in out["s1"] and "Smith & Co" in out["s1"]
    assert "\\" not in out["s1"]


def test_bib_in_japanese(japanese, tmp_path):
    """The Japanese edition's entries: the date the Japanese way, the reading date marked 閲覧, the note
    from the catalog; the English entry says the same in English."""
    from genchain.sphinxext.bib import Style

    (tmp_path / "sources.csv").write_text(SOURCES, encoding="utf-8")
    bib = pybtex.database.parse_string(catalog.bibtex(tmp_path), "bibtex")
    english = {e.key: e.text.render_as("text") for e in Style().format_entries(bib.entries.values())}
    assert "March 2025" in english["s1"] and "(visited on 2026-11-25)" in english["s1"]
    assert "Licence: CC BY 4.0." in english["s1"]
    japanese({"Licence: CC BY {0}.": "ライセンス: CC BY {0}。"})
    out = {e.key: e.text.render_as("text") for e in Style().format_entries(bib.entries.values())}
    assert "2025年3月2日" in out["s1"] and "March" not in out["s1"]
    assert "（2026-11-25閲覧）" in out["s1"] and "visited" not in out["s1"]
    assert "ライセンス: CC BY 4.0. " in out["s1"] and "。." not in out["s1"]   # one full stop between parts


def test_write_bib_only_when_changed(tmp_path):
    (tmp_path / "sources.csv").write_text(SOURCES, encoding="utf-8")
    target = tmp_path / "book" / "references.bib"
    assert catalog.write_bib(target, tmp_path) is True
    assert catalog.write_bib(target, tmp_path) is False


def test_sphinx_extension_writes_on_config_inited(tmp_path):
    from types import SimpleNamespace

    from genchain.sphinxext import bib

    app = SimpleNamespace(srcdir=str(tmp_path))
    bib.write(app, SimpleNamespace(genchain_bibfile="book/references.bib"))
    assert (tmp_path / "book" / "references.bib").read_text(encoding="utf-8") == catalog.bibtex()


def test_licence_classes():
    f = pl.DataFrame({"licence": ["CC BY 4.0", "US government public domain", "facts only; page", "cited by title"]})
    assert f.select(catalog.licence_class())["licence_class"].to_list() == [
        "CC BY", "public domain", "facts only", "other"]


def test_source_usage_stops_at_a_broken_table(data_dir):
    (data_dir / "fx_rates.csv").write_text(
        "year,currency,per_usd,source_id,note\n2024,JPY,151.4,s1,\n2023,JPY,140.5,s1,\n", encoding="utf-8")
    for name, t in TABLES.items():   # every other sourced table: header only would fail, so reuse a tiny file
        if t.sourced and name != "fx_rates":
            (data_dir / f"{name}.csv").write_text("", encoding="utf-8")
    with pytest.raises(data.DataError):
        catalog.source_usage(data_dir)   # an empty table is an error, not zero rows


def test_source_usage_real():
    usage = catalog.source_usage()
    assert usage.height == data.load("sources").height
    fx = data.load("fx_rates")
    sid = fx["source_id"][0]
    row = usage.filter(pl.col("source_id") == sid).row(0, named=True)
    assert "fx_rates" in row["tables"].split(", ")
    # rows citing it = rows of every table with that source_id
    total = sum(data.load(n).filter(pl.col("source_id") == sid).height for n, t in TABLES.items() if t.sourced)
    assert row["rows"] == total
    by = catalog.sources_by_table()
    assert by.filter(pl.col("table") == "fx_rates")["sources"].sum() == fx["source_id"].n_unique()


CLAIMS = ("claim_id,chapter,claim,kind,verdict,reading,alternative_reading,rationale,evidence_notebook,source_id\n"
          "C1.1,1,Money <b>pools</b> & wins,causal,supported,r,a,\"x <i>\",book/01-capital.ipynb,s1\n"
          "C1.2,1,Second,empirical,pending,r,a,,book/01-capital.ipynb,s1\n"
          "C2.1,2,Third,empirical,not_supported,r,a,y,,s1\n")


def test_verdict_counts_by_hand(data_dir):
    (data_dir / "claims.csv").write_text(CLAIMS, encoding="utf-8")
    v = catalog.verdict_counts(data_dir)
    assert v.height == 2 * 5                      # 2 chapters x 5 verdicts, zeros included
    assert v["claims"].sum() == 3
    got = {(r["chapter"], r["verdict"]): r["claims"] for r in v.iter_rows(named=True)}
    assert got[(1, "supported")] == 1 and got[(1, "pending")] == 1 and got[(2, "not_supported")] == 1
    assert got[(2, "supported")] == 0
    spec = catalog.verdict_chart(v).to_dict()
    assert spec["description"] and spec["encoding"]["tooltip"]
    assert spec["encoding"]["color"]["field"] == "verdict_label"     # the legend reads "Partly supported"
    assert "Partly supported" in spec["encoding"]["color"]["scale"]["domain"]


def test_claims_html_escapes(data_dir):
    (data_dir / "claims.csv").write_text(CLAIMS, encoding="utf-8")
    from genchain.publish import ledger as claims_ledger

    out = claims_ledger.claims_html(data_dir).as_raw_html()
    assert "&lt;b&gt;pools&lt;/b&gt; &amp; wins" in out and "<b>pools" not in out and "x &lt;i&gt;" in out
    assert "Pending" in out and "href=\"01-capital.html\"" in out
    # JupyterLab reads it as the site does: text cells aligned left, "$" not typeset as maths
    assert "mathjax_ignore" in out and "gt_row gt_right" not in out
    ledger = catalog.claim_ledger(data_dir)
    assert ledger["claim_id"].to_list() == ["C1.1", "C1.2", "C2.1"]


def test_sources_html_escapes_and_links():
    out = catalog.sources_html().as_raw_html()
    assert out.count("<td ") == data.load("sources").height * 4        # four columns a source
    assert "<script" not in out.lower() and '<a href="https://' in out
    assert catalog.tables_html().data.count("<details>") == len(TABLES)
    fx = catalog.dictionary_html("fx_rates").as_raw_html()
    assert fx.count("<td ") == 5 * 3 and "range 0.." in fx and "one of: JPY, CNY" in fx
    assert catalog.measures_html().as_raw_html().count("<td ") == catalog.measures_table().height * 2


def test_sources_chart_is_aggregated():
    by = catalog.sources_by_table()
    assert by.height < 100                         # aggregated, not one row per source
    spec = catalog.sources_chart(by).to_dict()
    assert spec["description"] and spec["title"]["subtitle"][-1].startswith("Source:")


def test_sources_table_one_row_per_table_by_hand():
    by = pl.DataFrame({"table": ["a", "a", "b"], "licence_class": ["CC BY", "facts only", "other"],
                       "sources": [2, 3, 1], "rows": [40, 3, 1]})
    html = catalog.sources_table(by).as_raw_html()
    assert "All sources" in html and "CC BY (sources)" in html and "Rows citing them" in html
    assert html.index(">a<") < html.index(">b<")                    # most sources first
    assert ">43<" in html and ">5<" in html                          # a: 40 + 3 rows, 2 + 3 sources
