"""The book's catalogue of itself: data dictionary, sources, bibliography and claim ledger.

Everything here is generated from ``genchain.data.spec`` and the files in ``data/``, so the
appendices and ``data/README.md`` cannot drift from the data:

* :func:`data_readme` writes the data dictionary (``data/README.md``);
* :func:`bibtex` writes ``book/references.bib`` from ``sources.csv``;
* :func:`row_counts`, :func:`source_usage`, :func:`claim_ledger` feed the appendices.

Regenerate both files with ``.venv/bin/python -m genchain.publish.catalog``.

>>> latex_escape("R&D 50% of $1_000")
'R\\\\&D 50\\\\% of \\\\$1\\\\_000'
"""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from pathlib import Path

import altair as alt
import polars as pl

from genchain import charts, data, i18n
from genchain.publish import project
from genchain.reference import VERDICT_COLOR, VERDICT_LABEL, VERDICTS
from genchain.data.spec import TABLES

__all__ = [
    "ROW_MEANING", "MEASURES", "PROVIDERS", "NORMALISATIONS", "LICENCES", "row_counts",
    "dictionary", "measures_table", "data_readme", "write_readme", "source_usage", "sources_html",
    "dictionary_html", "tables_html", "measures_html", "licence_class", "sources_by_table", "sources_chart",
    "sources_table", "LICENCE_CLASSES",
    "latex_escape", "bib_key", "bibtex", "write_bib", "claim_ledger",
    "verdict_counts", "verdict_chart", "example_error",
]


#: what one row of each table is (the key columns make it unique)
ROW_MEANING: dict[str, str] = {
    "sources": "one page, dataset or document the book read, cited by its source_id",
    "claims": "one claim of the essay, paraphrased, with the book's verdict",
    "ai_investment": ("one figure for one geography, year and part of the year, as one provider "
                      "measures it and one source reports it"),
    "funding_rounds": ("one financing event of one company as one source reports it "
                       "(conflicting reports of the same event share a conflict_group)"),
    "accelerators": "one AI chip or rack-scale system with its datasheet figures",
    "models": "one AI model with its training compute and what is known of its cost",
    "training_costs": ("one training-compute or cost figure for one model and one stage, as its "
                       "developer (or, flagged, the press) reports it"),
    "clusters": "one named GPU cluster or AI data centre in one year (as built or planned)",
    "ascend_roadmap": "one Huawei Ascend chip, SuperPoD or SuperCluster with the vendor's stated figures",
    "compute_shares": "one country's share of one compute metric on one date, published or recomputed",
    "leaderboard": ("one model's Arena rating and rank in one leaderboard snapshot, view "
                    "(style control or not) and category"),
    "export_controls": "one export-control rule or response, dated",
    "revenue": "one revenue, run-rate or projection figure of one company on one date",
    "compute_deals": "one compute or cloud commitment between a company and a counterparty",
    "contracts": "one government contract or agreement with a company",
    "budgets": "one budget line of one government for one period",
    "actors": "one name that one table gives an organisation or model of the book",
    "fx_rates": "the annual average exchange rate of one currency in one year",
    "cpi": "the US consumer price index (CPI-U) of one year, the average of its twelve months",
    "market_share": "one market-share estimate of one entity as its source states it",
    "events": "one dated company, product or government event",
}

#: definitions of the ``measure`` column of ai_investment.csv (what is counted)
MEASURES: dict[str, str] = {
    "private_ai_investment": (
        "Private (equity) investment in AI companies, by company headquarters. AI Index/Quid counts "
        "private funding rounds in nominal USD; CSET (via OWID) counts equity only, imputes undisclosed "
        "deals and uses constant 2021 USD. Each edition revises earlier years."),
    "corporate_ai_investment": (
        "AI Index/Quid corporate investment: private investment plus mergers and acquisitions, "
        "minority stakes and public offerings; larger than private investment."),
    "cumulative_private_ai_investment": (
        "AI Index/Quid private AI investment summed over several years (the span is in coverage, "
        "e.g. 2013-2024); a stock, not a yearly flow."),
    "genai_private_investment": (
        "AI Index/Quid private investment in generative-AI companies only (a subset of private AI "
        "investment)."),
    "genai_vc_funding": "PitchBook venture funding of generative-AI companies (a subset of AI VC).",
    "ai_vc_funding": (
        "Venture and growth rounds of companies the provider tags as AI. Tagging differs: "
        "Crunchbase is narrower (about $202B for 2025), PitchBook and BestBrokers use broader AI/ML "
        "tags (about $270B), OECD.AI (Preqin data) is lower and may cover part of a year."),
    "ai_equity_funding": (
        "CB Insights equity funding of AI companies; CB Insights restates its own back years."),
    "ai_funding_domestic_db": (
        "AI funding in China as counted by a domestic database (IT Juzi, CNNIC, Chanyejia), which "
        "catches renminbi deals US trackers miss; the databases' scopes differ by up to six times."),
    "total_vc_funding": (
        "All venture funding in every sector (the denominator for an AI share), as the provider "
        "counts it."),
    "startup_funding": (
        "All funding raised by Japanese start-ups in the year (equity, and for some providers loans "
        "and other instruments); series are revised upward as late deals are disclosed."),
    "vc_investment_by_domestic_vcs": (
        "Venture Enterprise Center survey: investment made BY Japanese VC firms (at home and "
        "abroad), by Japanese fiscal year; not the funding received by Japanese start-ups."),
    "vc_investment_by_domestic_vcs_in_japan": (
        "The part of the Venture Enterprise Center figure that Japanese VC firms invested in Japan."),
    "top5_raisers_funding": (
        "Money raised in the year by the five companies that raised the most (Crunchbase); "
        "includes tranche-paid rounds."),
    "foundation_model_funding": (
        "Funding of foundation-model developers as a press compilation reports it (provider not "
        "named; low confidence)."),
    "ai_companies_funded": "Number of newly funded AI companies in the year (AI Index/Quid): a count.",
    "ai_deals_over_1bn": "Number of private AI investment events above USD 1 billion (AI Index/Quid): a count.",
    "ai_investment_unattributed": (
        "AI-related investment summed over several years as a press table prints it, without naming "
        "the series (the Nikkei's 2019-2023 table labels it government money, but its US figure is the "
        "size of private investment); kept for the record, never compared or added."),
}

#: who compiled each series (the ``provider`` column of ai_investment.csv)
PROVIDERS: dict[str, str] = {
    "ai_index_quid": "Stanford AI Index report, data from Quid (company-level deal data)",
    "cset": "Center for Security and Emerging Technology estimates, published by Our World in Data",
    "crunchbase": "Crunchbase (venture and growth rounds)",
    "pitchbook": "PitchBook (venture deals; broad AI/ML tagging)",
    "cb_insights": "CB Insights (equity funding)",
    "oecd_ai_preqin": "OECD.AI venture statistics, data from Preqin",
    "dealroom": "Dealroom",
    "bestbrokers": "BestBrokers analysis (PitchBook-based)",
    "aifundingtracker": "an aggregator site using Crunchbase-style figures",
    "press_compilation": "a press or blog compilation mixing providers",
    "initial_speeda": "INITIAL / Speeda (Japanese start-up funding database)",
    "startup_db": "STARTUP DB (Japanese start-up database; counts non-equity too)",
    "recof": "Recof (Japanese deal data, fiscal years)",
    "meti_report": "a METI report series built on INITIAL-type data",
    "vec": "Venture Enterprise Center (survey of Japanese VC firms)",
    "cabinet_secretariat": "Japan's Cabinet Secretariat (policy documents)",
    "itjuzi": "IT Juzi (Chinese start-up database)",
    "cnnic": "CNNIC (China Internet Network Information Center)",
    "chanyejia": "Chanyejia (Chinese industry database)",
    "nikkei_table": "a Nikkei newspaper table that does not name its underlying series",
}

#: what the loader does to a file before validating it (nothing else is changed)
NORMALISATIONS = [
    "a UTF-8 byte-order mark at the start of the file is removed;",
    "CRLF (Windows) and CR (old Mac) line ends are read as LF;",
    "spaces around a header name or a cell are removed;",
    "an empty cell is a missing value (there is no other missing-value marker: `NA`, `n/a` or `-` are errors).",
]

#: licences of the book's sources, by kind
LICENCES = [
    ("Epoch AI datasets (models, hardware, supercomputers, data centres)", "CC BY 4.0: credit Epoch AI."),
    ("Our World in Data charts (CSET private AI investment)",
     "CC BY 4.0: credit the Center for Security and Emerging Technology and Our World in Data."),
    ("LMArena leaderboard (ratings, ranks)",
     "factual data from LMArena's public leaderboard; the copies read carry no licence: cite LMArena."),
    ("US government pages (BIS, Federal Register, DoD)", "US government works, public domain."),
    ("News, company and analyst pages",
     "facts only: the figures are facts taken from the page; no text is reproduced (our notes paraphrase)."),
    ("The essay", "cited by title only; not reproduced or quoted."),
]


# ----------------------------------------------------------------- tables and dictionary

def row_counts(data_dir: str | Path | None = None) -> pl.DataFrame:
    """One row per declared table: table, what one row is, rows, columns, key (validated loads)."""
    return pl.DataFrame([
        {"table": name, "row": ROW_MEANING.get(name, t.doc), "rows": data.load(name, data_dir).height,
         "columns": len(t.columns), "key": ", ".join(t.key)}
        for name, t in TABLES.items()
    ])


def dictionary(table: str | None = None) -> pl.DataFrame:
    """:func:`genchain.data.dictionary` plus the text pattern a column must match (``format``)."""
    patterns = pl.DataFrame(
        [{"table": t.name, "column": c.name, "format": c.pattern or ""} for t in TABLES.values() for c in t.columns])
    out = data.dictionary().join(patterns, on=["table", "column"], how="left", maintain_order="left")
    return out if table is None else out.filter(pl.col("table") == table)


def measures_table(data_dir: str | Path | None = None) -> pl.DataFrame:
    """The measures used in ai_investment.csv: measure, providers, rows, years, definition.

    Raises ``KeyError`` naming a measure that has no definition in :data:`MEASURES`.
    """
    ai = data.load("ai_investment", data_dir)
    out = (ai.group_by("measure")
           .agg(providers=pl.col("provider").unique().sort().str.join(", "), rows=pl.len(),
                first_year=pl.col("year").min(), last_year=pl.col("year").max())
           .sort("measure"))
    missing = sorted(set(out["measure"]) - set(MEASURES))
    if missing:
        raise KeyError(f"measure(s) without a definition in genchain.publish.catalog.MEASURES: {', '.join(missing)}")
    return out.with_columns(definition=pl.col("measure").replace_strict(MEASURES))


def _md(text) -> str:
    """A markdown table cell: no pipes or line breaks."""
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def _md_table(frame: pl.DataFrame) -> str:
    head = "| " + " | ".join(frame.columns) + " |\n|" + "---|" * len(frame.columns) + "\n"
    return head + "".join("| " + " | ".join(_md(v) for v in row) + " |\n" for row in frame.iter_rows())


def example_error(table: str = "fx_rates", row: int = 1, column: str = "per_usd", value: str = "1,151.4",
                  data_dir: str | Path | None = None) -> str:
    """The real :class:`~genchain.data.DataError` message for a copy of ``table`` with one cell broken.

    Copies ``data/<table>.csv`` and ``sources.csv`` to a temporary folder, writes ``value`` into
    ``column`` of data row ``row`` (1 = the first row under the header), loads it and returns the message with
    the temporary folder shown as ``data``. ``data_dir="synthetic"`` uses a two-line fx_rates
    table instead of the real one (a message that never changes, for ``data/README.md``).
    """
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if data_dir == "synthetic":
            (folder / "sources.csv").write_text(
                "source_id,publisher,title,url,published,accessed,licence,note\n"
                "s1,Publisher,A page,https://example.org/a,2025-01-02,2026-11-25,CC BY 4.0,\n", encoding="utf-8")
            frame = pl.DataFrame({"year": ["2024"], "currency": ["JPY"], "per_usd": ["151.4"],
                                  "source_id": ["s1"], "note": [None]}, schema={
                                      c: pl.String for c in ("year", "currency", "per_usd", "source_id", "note")})
        else:
            src = Path(data_dir) if data_dir is not None else data.data_dir()
            shutil.copy(src / "sources.csv", folder / "sources.csv")
            frame = pl.read_csv(src / f"{table}.csv", infer_schema=False)
        if not 1 <= row <= frame.height:
            raise ValueError(f"row {row} is not a data row of {table}.csv (1..{frame.height})")
        broken = frame.with_columns(
            pl.when(pl.int_range(pl.len()) == row - 1).then(pl.lit(value)).otherwise(pl.col(column)).alias(column))
        broken.write_csv(folder / f"{table}.csv")
        try:
            data.load(table, folder)
        except data.DataError as err:
            return str(err).replace(str(folder), "data")
    raise ValueError(f"the broken copy of {table}.csv loaded without an error")


_README_INTRO = """\
# Data dictionary — `data/`

<!-- Generated by genchain.publish.catalog.data_readme(); do not edit by hand. Regenerate with
     `.venv/bin/python -m genchain.publish.catalog` (tests/test_catalog.py fails when this file is stale). -->

Every table of the book is a CSV file in this folder, declared in `lib/genchain/data/spec.py` and
loaded with `genchain.data.load(name)`, which validates it and returns a typed polars frame.
Every row of every table except `sources` names a `source_id` that must exist in `sources.csv`;
`claims.csv` holds the essay's claims and the book's verdicts. Units are part of the column
names: `_usd_bn` = billions of US dollars, `_pct` = percent (0-100), `_mw` = megawatts,
`_tflops` = 10^12 FLOP per second, `_gw` = gigawatts. Dates are written `YYYY-MM-DD`, `YYYY-MM`
or `YYYY` (a column declared whole days takes `YYYY-MM-DD` only); the loader returns each date
column as a polars `Date`, the first day the text covers, and, unless the column takes whole days
only, a companion column `<name>_precision` saying how much of the date the source gives: `day`,
`month` or `year` (`announced` = `2024-03` loads as 1 March 2024 with `announced_precision` =
`month`). `genchain.data.date_text(column)` writes a date back as given.

## How a file is read

The loader changes nothing silently. Before validating, it applies only these normalisations:

{normalisations}

Then it checks, in this order, and raises one `genchain.data.DataError` at the first problem,
naming the file, the 1-based line (the header is line 1), the column, the value found and what
was expected: the encoding (UTF-8), the header (every declared column, no undeclared or duplicated
column), required cells, types (`int`, `float`, `date`, `bool` = `true`/`false`), allowed values,
ranges, text patterns, cells that look like spreadsheet formulas (`=`, `+`, `@`), "at least one of"
and "filled together" rules, duplicate keys, and finally that every `source_id` exists in
`sources.csv`. A number written with a thousands separator, a currency sign or a unit gets a hint.
For example, `1,151.4` typed into `per_usd` gives:

```text
{example}
```

## Tables

Columns: *type* (`str`, `int`, `float`, `date`, `bool`); *required* (a cell may be empty only
when this is false); *allowed* (the only values accepted); *range* (min..max, inclusive);
*format* (a regular expression the text must match).
"""

_README_REFRESH = """\
## Adding or refreshing data

1. **Add the source first.** Append a row to `sources.csv`: a new `source_id` (lower case,
   digits, `.`, `_`, `-`; the prefix says who added it, e.g. `ch1-`), publisher, title, the URL
   of the page actually read, the publication date if known, the date you read it (`accessed`)
   and its licence (`facts only; page copyright of publisher` for news pages). Never reuse an id
   for a different page.
2. **Add rows, one per key.** Units as in the column names; amounts as plain numbers (`13.5`, not
   `$13.5B` or `13,500`); leave a cell empty when the source does not give the value; say in
   `note` what the figure counts and where sources disagree. When two sources report the same
   event differently, keep both rows (distinct `source_id`) and explain the conflict in `note`
   (`funding_rounds` marks them with `conflict_group` and `preferred`).
3. **Validate.** Run `.venv/bin/python -c "from genchain import data; data.load('TABLE')"`: it either
   returns the frame or raises a `DataError` such as the one above. Then run `make test` (the
   book re-executes every notebook whenever `data/` changes).

**Refreshing Epoch AI tables from a newer export.** Download the CSV from Epoch AI's data page
(e.g. <https://epoch.ai/data/notable-ai-models>, <https://epoch.ai/data/ai-supercomputers>,
<https://epoch.ai/data/machine-learning-hardware>), add a `sources.csv` row for the new download
(publisher `Epoch AI`, licence `CC BY 4.0`, the export date in `note`), and derive the columns:

| table.column | from the Epoch export |
|---|---|
| models.model, organization | `Model`; the lead developer from `Organization` (other organisations go into `note`) |
| models.country | `Country (of organization)`, with `United States of America` written `United States` |
| models.released | `Publication date` |
| models.training_flop, parameters | `Training compute (FLOP)`, `Parameters` |
| models.training_tokens | `Training dataset size (total)` for language models (tokens) |
| models.hardware, hardware_count | `Training hardware`, `Hardware quantity` |
| models.gpu_hours | derived: `Training time (hours)` x `Hardware quantity` |
| models.reported_cost_usd, cost_basis | `Training compute cost (2023 USD)`, with cost_basis `Epoch amortised hardware+energy, 2023 USD (final run)` |
| models.compute_confidence | `Confidence` (Confident, Likely, Speculative, Unknown) |
| models.frontier | `Frontier model` (`True` -> `true`, empty -> `false`) |
| clusters.* | AI Supercomputers: name, owner, country, first operational year (or planned year), chip type and count, H100-equivalents, power (MW), status |
| accelerators.* | Machine Learning Hardware: dense BF16/FP16 and FP8 TFLOP/s (halve sparse datasheet figures), memory, bandwidth, TDP, release price |

Keep the rows written by hand for other sources (developer disclosures such as DeepSeek-V3's
GPU-hours) and say in `note` where a newer Epoch estimate differs. Epoch revises its estimates
between exports: a refreshed table changes the book's numbers, and the claim verdicts that
depend on them must be checked again (`book.checked_verdict` fails when a chapter's computed verdict
no longer matches `claims.csv`).

**Adding a column** means declaring it in `lib/genchain/data/spec.py` first; an undeclared column is
an error, so a renamed column in a new export is caught, not silently dropped.

## Licences

| sources | licence and use |
|---|---|
{licences}
Code is MIT-licensed. Every row cites its source; the `licence` column of `sources.csv` gives the
licence of each page read.
"""


def data_readme() -> str:
    """The text of ``data/README.md``: every table's dictionary, the loader's rules, measures, licences."""
    parts = [_README_INTRO.format(
        normalisations="\n".join(f"- {n}" for n in NORMALISATIONS),
        example=example_error(data_dir="synthetic"))]
    for name, t in TABLES.items():
        rules = []
        if t.key:
            rules.append("key (unique): " + ", ".join(f"`{k}`" for k in t.key))
        rules += ["at least one of " + ", ".join(f"`{g}`" for g in group) + " is filled" for group in t.one_of]
        rules += [f"when `{a}` is filled, `{b}` must be too" for a, b in t.requires]
        rules.append("every `source_id` must be in `sources.csv`" if t.sourced else "not sourced (it is the list of sources)")
        cols = (dictionary(name)
                .with_columns(required=pl.when(pl.col("required")).then(pl.lit("yes")).otherwise(pl.lit("no")),
                              format=pl.when(pl.col("format") != "").then("`" + pl.col("format") + "`")
                              .otherwise(pl.lit("")))
                .select("column", "type", "required", "allowed", "range", "format", "meaning"))
        parts.append(f"### `{name}.csv`\n\n{t.doc} One row is {ROW_MEANING[name]}.\n\n"
                     + "".join(f"- {r}\n" for r in rules) + "\n" + _md_table(cols) + "\n")
    measures = measures_table().select("measure", "providers", "definition")
    providers = pl.DataFrame({"provider": list(PROVIDERS), "who": list(PROVIDERS.values())})
    parts.append(
        "## Measures and providers in `ai_investment.csv`\n\n"
        "The providers count different things, so their levels are not comparable: compare shares "
        "and trends within one provider, and never add or subtract across providers. `price_basis` "
        "says whether a value is nominal USD, constant 2021 USD (CSET) or a count. Shares by country "
        "follow company headquarters. Rows dated after the essay (2026) are context, not evidence "
        "for its claims.\n\n" + _md_table(measures) + "\n" + _md_table(providers) + "\n")
    parts.append(_README_REFRESH.format(licences="".join(f"| {_md(a)} | {_md(b)} |\n" for a, b in LICENCES)))
    return "\n".join(parts)


def write_readme(path: str | Path | None = None) -> Path:
    """Write :func:`data_readme` to ``data/README.md`` (or ``path``); returns the path."""
    target = Path(path) if path is not None else data.data_dir() / "README.md"
    target.write_text(data_readme(), encoding="utf-8")
    return target


# ----------------------------------------------------------------- sources

def licence_class(column: str = "licence") -> pl.Expr:
    """Expression: the licence text reduced to CC BY, public domain, facts only, or other."""
    text = pl.col(column).str.to_lowercase()
    return (pl.when(text.str.starts_with("cc by")).then(pl.lit("CC BY"))
            .when(text.str.contains("public domain")).then(pl.lit("public domain"))
            .when(text.str.starts_with("facts only")).then(pl.lit("facts only"))
            .otherwise(pl.lit("other")).alias("licence_class"))


def _citations(data_dir=None) -> pl.DataFrame:
    """table, source_id, rows: how many rows of each sourced table cite each source."""
    return pl.concat([
        data.load(name, data_dir).group_by("source_id").agg(rows=pl.len()).with_columns(table=pl.lit(name))
        for name, t in TABLES.items() if t.sourced
    ]).select("table", "source_id", "rows")


def source_usage(data_dir: str | Path | None = None) -> pl.DataFrame:
    """Every source with the tables that cite it (``tables``, text) and how many rows do (``rows``)."""
    cites = (_citations(data_dir).sort("table").group_by("source_id")
             .agg(tables=pl.col("table").str.join(", "), rows=pl.col("rows").sum()))
    return (data.load("sources", data_dir).join(cites, on="source_id", how="left")
            .with_columns(pl.col("tables").fill_null(""), pl.col("rows").fill_null(0), licence_class=licence_class())
            .sort("source_id"))


def sources_by_table(data_dir: str | Path | None = None) -> pl.DataFrame:
    """Number of distinct sources each table cites, split by licence class (table, licence_class, sources)."""
    return (_citations(data_dir).join(data.load("sources", data_dir).select("source_id", licence_class()),
                                      on="source_id", how="left")
            .group_by("table", "licence_class").agg(sources=pl.len(), rows=pl.col("rows").sum())
            .sort("table", "licence_class"))


LICENCE_CLASSES = ["CC BY", "public domain", "facts only", "other"]


def sources_table(frame: pl.DataFrame):
    """:func:`sources_by_table` for readers, one row per table (most sources first, as in the chart):
    distinct sources of each licence class, all sources, and the rows citing them (the numbers
    :func:`sources_chart` shows on hover)."""
    from genchain.present import table

    wide = (frame.group_by("table").agg(
        *[pl.col("sources").filter(pl.col("licence_class") == k).sum().alias(k) for k in LICENCE_CLASSES],
        all_sources=pl.col("sources").sum(), rows=pl.col("rows").sum())
        .sort(["all_sources", "table"], descending=[True, False]))
    return table(wide, labels={"table": "Table", "all_sources": "All sources", "rows": "Rows citing them"}
                 | {k: f"{k} (sources)" for k in LICENCE_CLASSES})


def sources_chart(frame: pl.DataFrame):
    """Stacked bars: sources cited per table, coloured by licence class (legend highlights a class)."""
    pick = alt.selection_point(fields=["licence_class"], bind="legend")
    order = LICENCE_CLASSES
    chart = alt.Chart(frame).mark_bar().encode(
        y=alt.Y("table:N", sort="-x", title=None),
        x=alt.X("sum(sources):Q", title="distinct sources cited"),
        color=alt.Color("licence_class:N", title="licence", sort=order,
                        scale=alt.Scale(domain=order, range=["#009E73", "#0072B2", "#E69F00", "#999999"])),
        opacity=alt.condition(pick, alt.value(1), alt.value(0.2)),
        tooltip=[alt.Tooltip("table:N"), alt.Tooltip("licence_class:N", title="licence"),
                 alt.Tooltip("sources:Q", title="sources"), alt.Tooltip("rows:Q", title="rows citing them")],
    ).add_params(pick)
    return charts.finish(chart, title="Sources cited by each table",
                         source="data/sources.csv and the source_id column of every table",
                         description="Horizontal stacked bars: for each data table the number of distinct "
                                     "sources its rows cite, split by licence class.",
                         subtitle="Click a legend entry to highlight one licence class")


def sources_html(data_dir: str | Path | None = None):
    """Every source for readers, ordered by publisher (a :class:`genchain.present.Table`): linked title with
    publisher and date, licence, the tables citing it, and its id; every cell escaped."""
    from genchain.present import escape, link, table

    def small(e: pl.Expr) -> pl.Expr:
        return "<small>" + e + "</small>"

    meta = escape(pl.col("publisher") + pl.when(pl.col("published").is_not_null())
                  .then(", " + data.date_text("published")).otherwise(pl.lit("")))
    shown = (source_usage(data_dir)
             .sort(pl.col("publisher").str.to_lowercase(), pl.col("title").str.to_lowercase())
             .select((link("title", "url") + "<br>" + small(meta)).alias("source"),
                     small(escape("licence")).alias("licence"), small(escape("tables")).alias("tables"),
                     small("<code>" + escape("source_id") + "</code>").alias("source_id")))
    return table(shown, labels={"source": "Source (publisher, date)", "licence": "Licence", "tables": "Cited by",
                                "source_id": "Id"}, html=shown.columns)


def dictionary_html(table: str):
    """One table's dictionary for readers (a :class:`genchain.present.Table`): column (type, required);
    allowed values, range and format; meaning and unit."""
    from genchain import present
    from genchain.present import escape

    rules = pl.concat_str(
        [pl.when(pl.col(c) != "").then(pl.lit(prefix) + pl.col(c)) for c, prefix in
         (("allowed", i18n.t("one of:") + " "), ("range", i18n.t("range") + " "), ("format", i18n.t("format") + " "))],
        separator="; ", ignore_nulls=True)
    words = dictionary(table).select(pl.exclude("meaning"), pl.col("meaning").replace(
        {m: i18n.t(m) for m in dictionary(table)["meaning"].drop_nulls().unique(maintain_order=True).to_list()}))
    shown = words.select(
        ("<code>" + escape("column") + "</code><br><small>" + escape("type") + ", "
         + pl.when(pl.col("required")).then(pl.lit(i18n.t("required"))).otherwise(pl.lit(i18n.t("optional"))) + "</small>")
        .alias("column"),
        ("<small>" + escape(rules.fill_null("")) + "</small>").alias("rules"), escape("meaning").alias("meaning"))
    return present.table(shown, labels={"column": "Column", "rules": "Allowed values, range, format",
                                        "meaning": "Meaning and unit"}, html=shown.columns)


def tables_html(data_dir: str | Path | None = None):
    """Every table: a collapsible section with its description, row count and dictionary (HTML, no JS)."""
    from IPython.display import HTML

    counts = {r["table"]: r for r in row_counts(data_dir).iter_rows(named=True)}
    parts = []
    for name, t in TABLES.items():
        c = counts[name]
        size = i18n.t(f"{c['rows']:,} rows, {c['columns']} columns")
        about = i18n.t(f"{t.doc} One row is {ROW_MEANING[name]}.")
        key = i18n.t("Key:") + " " + (c["key"] or i18n.t("(none)"))
        parts.append(
            f"<details><summary><code>{html.escape(name)}.csv</code>: {html.escape(size)}</summary>"
            f"<p>{html.escape(about)} {html.escape(key)}.</p>"
            + dictionary_html(name).as_raw_html() + "</details>")
    return HTML("".join(parts))


def measures_html(data_dir: str | Path | None = None):
    """The measures of ai_investment.csv for readers (a :class:`genchain.present.Table`): measure with
    providers, rows and years; definition."""
    from genchain.present import escape, table

    shown = measures_table(data_dir).select(
        ("<code>" + escape("measure") + "</code><br><small>" + escape("providers") + "; "
         + pl.col("rows").cast(pl.String) + " rows, " + pl.col("first_year").cast(pl.String) + "-"
         + pl.col("last_year").cast(pl.String) + "</small>").alias("measure"),
        escape("definition").alias("definition"))
    return table(shown, labels={"measure": "Measure (providers; rows, years)", "definition": "Definition"},
                 html=shown.columns)


# ----------------------------------------------------------------- bibliography

# BibTeX counts \{ and \} as braces too, so a lone brace is spelled out to keep the count balanced
_LATEX = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
          "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "~": r"\textasciitilde{}",
          "^": r"\textasciicircum{}"}
_LATEX_RE = re.compile("|".join(re.escape(k) for k in _LATEX))


def latex_escape(text: str) -> str:
    """Escape LaTeX's special characters (& % $ # _ { } ~ ^ and backslash) for a BibTeX field.

    ``{`` and ``}`` become ``\\textbraceleft{}`` and ``\\textbraceright{}`` (BibTeX would count ``\\{``).
    """
    return _LATEX_RE.sub(lambda m: _LATEX[m.group()], text)


def bib_key(source_id: str) -> str:
    """The BibTeX key of a source: its source_id (letters, digits, '.', '_', '-' are valid key characters).

    Raises ``ValueError`` for an id BibTeX would misread (comma, brace, space, quote, '#', '%', '=').
    """
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._:-]*", source_id):
        raise ValueError(f"{source_id!r} is not a valid BibTeX key")
    return source_id


_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _bib_entry(row: dict) -> str:
    fields = [("author", "{" + latex_escape(row["publisher"]) + "}"),  # corporate author: kept whole
              ("title", "{" + latex_escape(row["title"]) + "}"),  # protected: styles keep its case
              ("publisher", latex_escape(row["publisher"]))]
    published = row["published"]
    if published:
        fields.append(("year", str(published.year)))
        if row["published_precision"] != "year":
            fields.append(("month", _MONTHS[published.month - 1]))
        fields.append(("date", row["published_as_given"]))
    if row["url"]:
        fields.append(("url", row["url"]))  # verbatim: BibTeX and pybtex read braces' content raw
        fields.append(("urldate", row["accessed"]))
        fields.append(("note", f"Licence: {latex_escape(row['licence'])}."))
    else:
        fields.append(("note", f"Cited by title only. Licence: {latex_escape(row['licence'])}."))
    body = ",\n".join(f"  {k} = {{{v}}}" if k != "month" else f"  {k} = {v}" for k, v in fields)
    return f"@misc{{{bib_key(row['source_id'])},\n{body}\n}}\n"


def bibtex(data_dir: str | Path | None = None) -> str:
    """``book/references.bib``: one ``@misc`` entry per row of sources.csv, keyed by source_id.

    Entries are ordered by publisher, then title (the order of an unsorted bibliography).
    The publisher is the (corporate) author; the essay has no URL and is cited by its title only.
    """
    rows = (data.load("sources", data_dir).with_columns(published_as_given=data.date_text("published"))
            .sort(pl.col("publisher").str.to_lowercase(), pl.col("title").str.to_lowercase(), "source_id")
            .iter_rows(named=True))
    return ("% Generated from data/sources.csv by genchain.publish.catalog.bibtex(); do not edit.\n\n"
            + "\n".join(_bib_entry(r) for r in rows))


def write_bib(path: str | Path | None = None, data_dir: str | Path | None = None) -> bool:
    """Write :func:`bibtex` to ``path`` (default ``book/references.bib``) if it changed; True if written."""
    target = Path(path) if path is not None else project.root() / "book" / "references.bib"
    text = bibtex(data_dir)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return True


# ----------------------------------------------------------------- claim ledger

def claim_ledger(data_dir: str | Path | None = None) -> pl.DataFrame:
    """Every claim: id, chapter, claim, kind, verdict (readable label), rationale, chapter notebook.

    The rationale's numbers are ``{placeholders}`` filled from :mod:`genchain.quantities`
    (:func:`genchain.publish.ledger.fill`), so the ledger prints the chapters' values.
    """
    from genchain.publish.ledger import fill

    return (data.load("claims", data_dir)
            .with_columns(verdict_label=pl.col("verdict").replace_strict(VERDICT_LABEL, default=pl.col("verdict")),
                          rationale=pl.col("rationale").fill_null("").map_elements(fill, return_dtype=pl.String))
            .sort("chapter", "claim_id")
            .select("claim_id", "chapter", "claim", "kind", "verdict", "verdict_label", "rationale",
                    "evidence_notebook"))


def verdict_counts(data_dir: str | Path | None = None) -> pl.DataFrame:
    """Claims per chapter and verdict (every verdict of every chapter, zeros included), with the
    verdict's reader label (``verdict_label``, e.g. "Partly supported")."""
    claims = data.load("claims", data_dir)
    grid = (claims.select(pl.col("chapter").unique().sort())
            .join(pl.DataFrame({"verdict": list(VERDICTS)}), how="cross"))
    counts = claims.group_by("chapter", "verdict").agg(claims=pl.len())
    return (grid.join(counts, on=["chapter", "verdict"], how="left")
            .with_columns(pl.col("claims").fill_null(0).cast(pl.Int64),
                          chapter_label="Chapter " + pl.col("chapter").cast(pl.String),
                          verdict_label=pl.col("verdict").replace_strict(VERDICT_LABEL, default=pl.col("verdict")),
                          verdict_rank=pl.col("verdict").replace_strict(
                              {v: i for i, v in enumerate(VERDICTS)}, return_dtype=pl.Int64)))


def verdict_chart(frame: pl.DataFrame):
    """Stacked bars of claims per chapter by verdict (reader labels); the legend highlights one verdict."""
    labels = [VERDICT_LABEL[v] for v in VERDICTS]
    pick = alt.selection_point(fields=["verdict_label"], bind="legend")
    chart = alt.Chart(frame).mark_bar().encode(
        y=alt.Y("chapter_label:N", title=None, sort=sorted(frame["chapter_label"].unique().to_list())),
        x=alt.X("claims:Q", title="claims", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("verdict_label:N", sort=labels, title="verdict",
                        scale=alt.Scale(domain=labels, range=[VERDICT_COLOR[v] for v in VERDICTS])),
        order=alt.Order("verdict_rank:Q"),
        opacity=alt.condition(pick, alt.value(1), alt.value(0.2)),
        tooltip=[alt.Tooltip("chapter_label:N", title="chapter"), alt.Tooltip("verdict_label:N", title="verdict"),
                 alt.Tooltip("claims:Q")],
    ).add_params(pick).transform_filter("datum.claims > 0")
    return charts.finish(chart, title="The essay's claims by chapter and verdict",
                         source="data/claims.csv (verdicts computed in each chapter)",
                         description="Horizontal stacked bars: for each chapter of the essay, the number of "
                                     "claims judged supported, partly supported, not supported, not testable, "
                                     "or still pending.",
                         subtitle="Click a legend entry to highlight one verdict")


if __name__ == "__main__":  # python -m genchain.publish.catalog: regenerate data/README.md and book/references.bib
    print("wrote", write_readme())
    write_bib()
    print("wrote", project.root() / "book" / "references.bib")
