"""The benchmark results (``bench/results.csv``, written by ``bench/run.py``) for the performance appendix.

Columns of the file: ``section`` (e.g. ``"2 concentration"``), ``case``, ``rows`` (rows of data, or
what was measured: "5 notebooks", "3 charts"), ``seconds`` (wall time, best of the repeats),
``peak_mb`` (peak resident memory of the process that ran the case, MiB, interpreter included),
``notes`` (ratios and comments), ``target`` and ``met`` ("yes", "NO" or empty when there is no target).

>>> results_path().name
'results.csv'
>>> timing_chart_data(pl.DataFrame({"section": ["2 concentration"], "case": ["pandas (vectorised)"],
...     "rows": ["1000"], "seconds": [0.5]}))["implementation"].to_list()
['pandas']
"""

from __future__ import annotations

from pathlib import Path

import altair as alt
import polars as pl

from genchain import charts
from genchain.publish import project

__all__ = ["results_path", "load_results", "timing_chart_data", "timing_chart", "targets", "largest", "results_table",
           "SOURCE"]

SOURCE = "bench/results.csv (this machine)"


def results_path() -> Path:
    """Path of ``bench/results.csv`` in the book's repository (found from the working directory)."""
    return project.root() / "bench" / "results.csv"


def load_results(path: Path | str | None = None) -> pl.DataFrame:
    """The benchmark table, typed: ``seconds`` and ``peak_mb`` as Float64 (null when not measured).

    Raises ``FileNotFoundError`` naming the file and how to make it when it does not exist.
    """
    p = Path(path) if path is not None else results_path()
    if not p.exists():
        raise FileNotFoundError(f"{p} does not exist: run `make bench` (or .venv/bin/python bench/run.py)")
    frame = pl.read_csv(p, infer_schema=False)  # every column as text; empty fields are null
    return frame.with_columns(pl.all().exclude("seconds", "peak_mb").fill_null(""),
                              pl.col("seconds", "peak_mb").cast(pl.Float64))


def _implementation(case: pl.Expr) -> pl.Expr:
    return (pl.when(case.str.starts_with("genchain")).then(pl.lit("genchain"))
            .when(case.str.starts_with("hand-written")).then(pl.lit("hand-written polars"))
            .when(case.str.starts_with("pandas")).then(pl.lit("pandas"))
            .otherwise(None))


def timing_chart_data(results: pl.DataFrame) -> pl.DataFrame:
    """Concentration timings in long form: implementation, rows (Int64), seconds (in-memory runs only)."""
    return (results
            .filter(pl.col("section").str.ends_with("concentration"), pl.col("seconds").is_not_null())
            .with_columns(implementation=_implementation(pl.col("case")),
                          rows=pl.col("rows").cast(pl.Int64, strict=False))
            .filter(pl.col("implementation").is_not_null(), ~pl.col("case").str.contains("streaming"))
            .select("implementation", "rows", "seconds", "case"))


def timing_chart(results: pl.DataFrame) -> alt.Chart:
    """Log-log chart of wall time (s) against rows for genchain, hand-written polars and pandas.

    Hovering a line's legend entry highlights it; every point has a tooltip.
    """
    d = timing_chart_data(results)
    pick = alt.selection_point(fields=["implementation"], bind="legend")
    order = ["genchain", "hand-written polars", "pandas"]
    base = alt.Chart(d).encode(
        x=alt.X("rows:Q", scale=alt.Scale(type="log"), title="rows of funding-round data (log scale)",
                axis=alt.Axis(format="~s", values=[10**k for k in range(3, 10)])),
        y=alt.Y("seconds:Q", scale=alt.Scale(type="log"), title="wall time, seconds (log scale)"),
        color=alt.Color("implementation:N", title="implementation", sort=order,
                        scale=alt.Scale(domain=order, range=["#0072B2", "#009E73", "#D55E00"])),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.2)),
        tooltip=[alt.Tooltip("implementation:N"), alt.Tooltip("rows:Q", format=",d"),
                 alt.Tooltip("seconds:Q", format=".3f", title="seconds")],
    )
    chart = (base.mark_line() + base.mark_point(size=80)).add_params(pick).properties(height=300)
    return charts.finish(
        chart, title="Time against data size", source=SOURCE,
        description=("Line chart on log-log axes of the wall time to compute shares, HHI, top-5 share and Gini "
                     "with genchain, a hand-written polars query and pandas, at each data size benchmarked."),
        subtitle="shares, HHI, top-5 share and Gini")


def targets(results: pl.DataFrame) -> pl.DataFrame:
    """Rows that have a target: section, case, seconds, peak_mb, target, met."""
    return results.filter(pl.col("target") != "").select("section", "case", "seconds", "peak_mb", "target", "met")


def largest(results: pl.DataFrame, implementation: str) -> dict:
    """The concentration row of ``implementation`` at the largest size benchmarked, as a dict."""
    d = timing_chart_data(results).filter(pl.col("implementation") == implementation)
    return d.sort("rows").row(-1, named=True)


def results_table(results: pl.DataFrame):
    """The results for readers (a :class:`genchain.present.Table`): labels with units, the notes under
    each case in small type, counts of rows with thousands separators, targets met in bold."""
    from genchain import i18n
    from genchain.present import escape, table

    # the words of each case in the edition's language (the measured numbers are kept as written)
    results = i18n.translate_frame(results, keep=["section", "rows", "target", "met"])  # the others are shown as HTML
    # both answers are put through the catalog, so "NO" has its translation before a target is ever missed
    met = {word: i18n.t(word) for word in ("yes", "NO")} | {"": ""}
    results = results.with_columns(pl.col("met").replace_strict(met))
    digits = pl.col("rows").str.contains(r"^\d+$")
    # thousands separators on a count written as text ("1000000" -> "1,000,000"); other text stays
    grouped = pl.col("rows").str.reverse().str.replace_all(r"(\d{3})", "$1,").str.strip_chars_end(",").str.reverse()
    shown = results.select(
        "section",
        pl.when(pl.col("notes").fill_null("") != "")
        .then(escape("case") + '<br><small style="color:#52606d">' + escape("notes") + "</small>")
        .otherwise(escape("case")).alias("case"),
        pl.when(digits).then(grouped).otherwise(pl.col("rows")).alias("rows"),
        "seconds", "peak_mb", "target",
        pl.when(pl.col("met") != "").then("<strong>" + escape("met") + "</strong>").otherwise(pl.lit("")).alias("met"))
    return (table(shown, labels={"section": "Section", "case": "Case (notes)", "rows": "Rows, or what was measured",
                                 "seconds": "Wall time (s)", "peak_mb": "Peak memory (MiB)", "target": "Target",
                                 "met": "Met"},
                  decimals={"seconds": 3, "peak_mb": 0}, html=["case", "met"])
            .cols_align("right", columns="rows").cols_width({"case": "16em"}))
