"""Chapter 5's charts and reader tables (book/05-summary.ipynb): the chain actor by actor, what a year of
Japanese money buys, the Japan scenario explorer (static and live), the 2026 hindsight strip and the
claim ledger.

The numbers are :mod:`genchain.chapters.summary` and :mod:`genchain.chapters.redesign`; every chart goes
through :func:`genchain.charts.finish`. Amounts are billion USD.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import altair as alt
import polars as pl

from genchain import chain, charts, reference
from genchain.chain import Assumptions
from genchain.chapters.redesign import japan_clusters, japan_money, redirected, scenario
from genchain.present import sci_text
from genchain.chapters.summary import ACTORS, LINKS, not_supported

__all__ = [
    "chain_chart", "requirement_chart", "explorer_chart", "explorer_result_chart", "explorer_panel",
    "HINDSIGHT_GROUP", "HINDSIGHT_COLORS", "hindsight_chart", "ledger_chart", "not_supported_table",
    "ledger_markdown", "runs_table",
]



#: the chain chart's column headings, two lines each
SHORT = {
    "raised_usd_bn": "Capital|raised ($bn)", "compute_commit_usd_bn": "Compute|deals ($bn)",
    "largest_cluster_h100e": "Largest|cluster (H100e)", "largest_run_flop": "Largest|run (FLOP)",
    "best_rating": "Best Arena|rating", "revenue_2025_usd_bn": "Revenue|2025 ($bn)",
    "contract_ceiling_usd_bn": "Gov. ceilings|($bn)", "flop_per_usd": "FLOP per|$ raised",
    "revenue_per_usd": "Revenue per|$ raised",
}


def chain_chart(long: pl.DataFrame):
    """The chain as one grid: a row per actor, a column per link, every value written in its cell.

    A cell's shade is the value's place in its column on a log scale (darkest = largest of that
    link); a figure no source gives is written "missing" on white, never drawn as zero. The
    group of each actor is the first column.
    """
    order = list(ACTORS) + ["China (5 labs)", "Japan (national)"]
    cols = ["Group"] + [SHORT[k] for k in LINKS]
    d = (long.with_columns(column=pl.col("link").replace_strict(SHORT),
                           logv=pl.when(pl.col("value") > 0).then(pl.col("value").log10()))
         .with_columns(lo=pl.col("logv").min().over("link"), hi=pl.col("logv").max().over("link"))
         .with_columns(shade=pl.when(pl.col("hi") > pl.col("lo"))
                       .then((pl.col("logv") - pl.col("lo")) / (pl.col("hi") - pl.col("lo"))).otherwise(0.5)))
    groups = (long.select("actor", "group").unique(maintain_order=True)
              .select("actor", "group", column=pl.lit("Group"),
                      # short enough for its cell: the full name overran the actor labels
                      shown=pl.col("group").str.replace("US frontier labs", "US labs", literal=True)))
    x = alt.X("column:N", sort=cols, title=None,
              axis=None)
    y = alt.Y("actor:N", sort=order, title=None, axis=alt.Axis(labelLimit=140, domain=False, ticks=False))
    tip = [alt.Tooltip("actor:N"), alt.Tooltip("group:N"), alt.Tooltip("label:N", title="link"),
           alt.Tooltip("shown:N", title="value")]
    cells = alt.Chart(d).mark_rect(stroke="#ffffff", strokeWidth=1.5).encode(
        x=x, y=y, tooltip=tip,
        color=alt.condition("isValid(datum.shade)",
                            alt.Color("shade:Q", scale=alt.Scale(domain=[0, 1], range=["#deebf7", "#4a89c2"]),
                                      legend=None),
                            alt.value("#ffffff")))
    values = alt.Chart(d.filter(pl.col("value").is_not_null())).mark_text(fontSize=10, color="#1f2933").encode(
        x=x, y=y, text="shown:N", tooltip=tip)
    missing = alt.Chart(d.filter(pl.col("value").is_null())).mark_text(
        fontSize=10, color="#9aa5b1", fontStyle="italic").encode(x=x, y=y, text="shown:N", tooltip=tip)
    group_text = alt.Chart(groups).mark_text(fontSize=10, color="#52606d").encode(
        x=x, y=y, text="shown:N")
    # column headings, two lines each, above the grid
    heads = pl.DataFrame({"column": cols * 2,
                          "line": [c.split("|")[0] for c in cols] + [(c.split("|") + [""])[1] for c in cols],
                          "row": [0] * len(cols) + [1] * len(cols)})
    head = [alt.Chart(heads.filter(pl.col("row") == k)).mark_text(fontSize=10, fontWeight="bold", color="#1f2933",
                                                                   baseline="bottom", dy=-20 + 13 * k).encode(
        x=x, y=alt.value(0), text="line:N") for k in (0, 1)]
    chart = alt.layer(cells, values, missing, group_text, *head).properties(height=alt.Step(24), width=alt.Step(74))
    return charts.finish(
        chart, title="The chain, actor by actor",
        source="book tables; Epoch AI, LMArena, CSET",
        subtitle="To end-2025; shade: place in its column (log scale), darkest = largest",
        responsive=False,
        description="A grid with a row for each of eleven companies, the five Chinese labs together and Japan's "
                    "national totals, and a column for each link of the chain: money raised, compute deals, largest "
                    "cluster, largest run, best Arena rating, 2025 revenue, government contract ceilings and two "
                    "conversion rates. Every value is written in its cell; figures no source gives are written "
                    "as missing rather than drawn as zero.")


# ------------------------------------------------------------------------------------- Japan
def requirement_chart(bands: pl.DataFrame, runs: pl.DataFrame):
    """Ranges of training FLOP each Japanese funding path buys in a year, against 2025's largest runs."""
    b = bands.rename({"actor": "path"})
    xs = alt.Scale(type="log", zero=False)
    rules = alt.Chart(runs.select("model", "training_flop")).mark_rule(strokeDash=[4, 3], color="#1f2933").encode(
        x=alt.X("training_flop:Q", scale=xs), tooltip=["model:N", alt.Tooltip("training_flop:Q", format=".2e", title="FLOP")])
    # every run named at its line, one under the other so names close together never overlap
    rl = runs.select("model", "training_flop").sort("training_flop", descending=True).with_row_index("k")
    labels = [alt.Chart(rl.filter(pl.col("k") == k)).mark_text(
        align="left", dx=4, dy=6 + 12 * k, fontSize=10, color="#1f2933").encode(
        x=alt.X("training_flop:Q", scale=xs), y=alt.value(0), text="model:N") for k in range(rl.height)]
    b = b.with_columns(median_text=pl.lit("median ") + sci_text(pl.col("q50"), style="e"))
    tip = [alt.Tooltip("path:N", title="Funding path"),
           alt.Tooltip("capital_usd_bn:Q", format=",.2f", title="$bn a year"),
           alt.Tooltip("q05:Q", format=".2e", title="5th pct FLOP"),
           alt.Tooltip("q50:Q", format=".2e", title="median FLOP"),
           alt.Tooltip("q95:Q", format=".2e", title="95th pct FLOP")]
    hover = alt.selection_point(fields=["path"], on="pointerover", empty=True)
    y = alt.Y("path:N", title=None, sort=alt.EncodingSortField("capital_usd_bn", order="ascending"),
              axis=alt.Axis(labelLimit=230))
    band = alt.Chart(b).mark_rule(strokeWidth=6, color="#CC79A7").encode(
        x=alt.X("q05:Q", scale=xs, title="training FLOP of the flagship run (log scale)",
                axis=alt.Axis(format=".0e", tickCount=5)),
        x2="q95:Q", y=y, opacity=alt.condition(hover, alt.value(1), alt.value(0.5)), tooltip=tip).add_params(hover)
    mid = alt.Chart(b).mark_point(color="#1f2933", shape="diamond", size=70).encode(x=alt.X("q50:Q", scale=xs), y=y,
                                                                                       tooltip=tip)
    med = alt.Chart(b).mark_text(align="left", dx=8, dy=-9, fontSize=10, color="#1f2933").encode(
        x=alt.X("q50:Q", scale=xs), y=y, text="median_text:N")
    return charts.finish(
        alt.layer(band, mid, med, rules, *labels).properties(height=260),
        title="A year of Japanese money, in FLOP",
        source="INITIAL, METI, Epoch AI; chain model",
        subtitle="Bar: 5th-95th pct; diamond: median",
        description="Horizontal ranges of the training FLOP that each Japanese funding path buys in one year, "
                    "on a log scale, each with its median written, and dashed vertical lines, named, at the three "
                    "largest training runs of 2025.")


def explorer_chart(vc_usd_bn: float, cluster_h100e: float, gov_default: float = 1.3,
                   a: Assumptions = Assumptions()):
    """The kernel-free twin of :func:`~genchain.chapters.redesign.scenario`: five sliders drive the bars
    through Vega expressions."""
    p_exp = charts.slider("target_exp", 26.5, 24.0, 27.5, 0.1, "target run, log10 FLOP ")
    p_price = charts.slider("gpu_price", a.accelerator_hour_usd, 1.0, 6.0, 0.1, "GPU-hour price ($) ")
    p_util = charts.slider("util", a.utilization, 0.2, 0.6, 0.01, "utilisation ")
    p_share = charts.slider("vc_share", 0.1, 0.0, 1.0, 0.01, "share of Japan's VC redirected ")
    p_gov = charts.slider("gov_bn", gov_default, 0.0, 20.0, 0.1, "government money ($bn/yr) ")
    # every formula below is the Python one, written out by chain.vega (tests/test_whatifs.py checks them)
    flop = "pow(10, target_exp)"
    need = chain.vega(chain.capital_for_run, flop, a.peak_tflops, "util", "gpu_price", a.frontier_run_share,
                      a.compute_share)
    rows = pl.DataFrame({"item": ["Capital one run needs", "Final run alone",
                                  "Redirected VC a year", "Government a year"],
                         "kind": ["need", "run", "vc", "gov"], "order": [1, 2, 3, 4]})
    base = alt.Chart(rows).transform_calculate(
        need=need, run=chain.vega(chain.run_cost, flop, a.peak_tflops, "util", "gpu_price"),
        vc=chain.vega(redirected, "vc_share", vc_usd_bn), gov="gov_bn",
    ).transform_calculate(
        value="datum.kind == 'need' ? datum.need : datum.kind == 'run' ? datum.run : "
              "datum.kind == 'vc' ? datum.vc : datum.gov",
        years="(datum.vc + datum.gov) > 0 ? datum.need / (datum.vc + datum.gov) : 1e9",
        days=chain.vega(chain.days_for_flop, flop, cluster_h100e, a.peak_tflops, "util"),
        label="datum.item + ': ' + (datum.kind == 'need' ? format(datum.value, ',.1f') + ' bn = ' + "
              "format(datum.years, ',.1f') + ' yrs of this money' : datum.kind == 'run' ? "
              "format(datum.value, ',.2f') + ' bn, ' + format(datum.days / 365.25, ',.1f') + ' yrs on the largest Japanese cluster' : "
              "format(datum.value, ',.2f') + ' bn')",
    )
    xs = alt.Scale(domain=[0, 30], clamp=True)
    y = alt.Y("item:N", sort=alt.EncodingSortField("order"), title=None, axis=alt.Axis(labelLimit=150))
    reading = base.mark_text(align="left", baseline="top", dy=9, fontSize=10, color="#1f2933").encode(
        y=y, x=alt.value(2), text="label:N")
    bars = base.mark_bar(size=14).encode(
        y=alt.Y("item:N", sort=alt.EncodingSortField("order"), title=None, axis=alt.Axis(labelLimit=150)),
        x=alt.X("value:Q", scale=xs, title="billion USD (bars stop at 30)", axis=alt.Axis(tickCount=4)),
        color=alt.Color("kind:N", legend=None, scale=alt.Scale(domain=["need", "run", "vc", "gov"],
                                                              range=["#1f2933", "#7b8794", "#CC79A7", "#0072B2"])),
        tooltip=[alt.Tooltip("item:N"), alt.Tooltip("label:N", title="reading"),
                 alt.Tooltip("value:Q", format=",.2f", title="$bn"),
                 alt.Tooltip("years:Q", format=",.1f", title="years of this money per run"),
                 alt.Tooltip("days:Q", format=",.0f", title="days on Japan's largest cluster")])
    return charts.finish(
        alt.layer(bars, reading).add_params(p_exp, p_price, p_util, p_share, p_gov).properties(height=alt.Step(46)),
        title="Can Japan fund one frontier run?",
        source="INITIAL, Epoch AI; chain model",
        description="Four horizontal bars, each with its reading written under it: the capital one frontier run "
                    "needs (and how many years of the chosen money it is), the rental cost of the final run (and "
                    "its years on Japan's largest cluster), and the Japanese venture and government money per year, all redrawn as the "
                    "sliders for target compute, GPU-hour price, utilisation, redirected VC share and "
                    "government money move.")


def explorer_result_chart(result: pl.DataFrame):
    """The live panel's chart of one :func:`scenario`: the three money quantities as bars, each value written;
    the years of money and days of computing in the title. ``chart.data`` is ``result``."""
    v = dict(result.iter_rows())
    names = {"capital_needed_usd_bn": "Capital one run needs", "run_cost_usd_bn": "Final run alone",
             "japan_per_year_usd_bn": "Japanese money a year"}
    base = alt.Chart(result).transform_filter(alt.FieldOneOfPredicate("quantity", list(names))).transform_calculate(
        item=" : ".join(f"datum.quantity == '{k}' ? '{n}'" for k, n in names.items()) + " : ''")
    y = alt.Y("item:N", sort=list(names.values()), title=None, axis=alt.Axis(labelLimit=160))
    bars = base.mark_bar(color="#52606d").encode(
        x=alt.X("value:Q", title="billion USD"), y=y, tooltip=["item:N", alt.Tooltip("value:Q", format=",.2f")])
    text = base.mark_text(align="left", dx=4, fontSize=11).encode(
        x="value:Q", y=y, text=alt.Text("value:Q", format=",.2f"))
    years = v["years_to_fund"]
    out = charts.finish(
        alt.layer(bars, text).properties(height=alt.Step(34)),
        title=("One run needs " + (f"{years:,.1f} years" if math.isfinite(years) else "forever")
               + " of this money"),
        subtitle=f"and {v['run_days_largest_cluster']:,.0f} days on Japan's largest cluster",
        source="INITIAL, Epoch AI; chain model",
        description="Three bars: the capital one frontier run needs, the rental cost of its final run and the "
                    "Japanese money a year chosen with the sliders, each with its value written.")
    out.data = result
    return out


def explorer_panel(vc_usd_bn: float | None = None, cluster_h100e: float | None = None):
    """The live ipywidgets twin of :func:`explorer_chart` (a :class:`genchain.widgets.Panel`).

    ``panel.result`` is a chart (:func:`explorer_result_chart`); ``panel.result.data`` the :func:`scenario` frame.
    """
    from genchain import widgets as wd

    vc = japan_money()["vc_usd_bn"] if vc_usd_bn is None else vc_usd_bn
    h100e = japan_clusters(1)["h100_equivalents"][0] if cluster_h100e is None else cluster_h100e

    def run(target_flop_exp, gpu_hour_usd, utilization, vc_share, gov_usd_bn):
        return explorer_result_chart(scenario(target_flop_exp, gpu_hour_usd, utilization, vc_share, gov_usd_bn,
                                              vc_usd_bn=vc, cluster_h100e=h100e))

    return wd.Panel(run, title="Japan redesign scenario",
                    target_flop_exp=wd.slider(26.5, 24.0, 27.5, 0.1, "target run, log10 FLOP"),
                    gpu_hour_usd=wd.slider(2.0, 1.0, 6.0, 0.1, "GPU-hour price ($)"),
                    utilization=wd.slider(0.4, 0.2, 0.6, 0.01, "utilisation"),
                    vc_share=wd.slider(0.1, 0.0, 1.0, 0.01, "share of VC redirected"),
                    gov_usd_bn=wd.slider(1.3, 0.0, 20.0, 0.1, "government $bn a year"))


# ------------------------------------------------------------------------------------ hindsight
#: who acted in 2026, as the hindsight chart colours them (one colour each, none shared)
HINDSIGHT_GROUP = {"OpenAI": "OpenAI", "Anthropic": "Anthropic", "xAI": "xAI", "Anduril": "Anduril",
                   "DeepSeek": "Chinese labs", "Moonshot AI": "Chinese labs", "MiniMax": "Chinese labs",
                   "StepFun": "Chinese labs", "Zhipu AI (Knowledge Atlas)": "Chinese labs", "Zhipu AI": "Chinese labs",
                   "Alibaba": "Chinese labs", "US BIS": "Governments", "China Customs": "Governments",
                   "US DoD": "Governments", "US Department of Defense": "Governments"}
HINDSIGHT_COLORS = {"OpenAI": "#000000", "Anthropic": "#E69F00", "xAI": "#56B4E9", "Anduril": "#D55E00",
                    "Chinese labs": "#009E73", "Other companies": "#999999", "Governments": "#0072B2"}


def hindsight_chart(h: pl.DataFrame):
    """A dated strip chart of :func:`~genchain.chapters.summary.hindsight`: one lane per kind of event,
    dot size = money."""
    lanes = ["Money", "Valuation", "State", "Export controls"]
    pick, highlight = charts.legend_highlight("who", on=0.85, off=0.12)
    src = h.with_columns(size=pl.col("amount_usd_bn").fill_null(1.0), date=pl.col("date").cast(pl.String),
                         # every export-control row is a government's act, whoever the table names
                         who=pl.when(pl.col("lane") == "Export controls").then(pl.lit("Governments"))
                         .otherwise(pl.col("actor").replace_strict(HINDSIGHT_GROUP, default="Other companies")))
    chart = alt.Chart(src).mark_circle(opacity=0.8, stroke="#1f2933", strokeWidth=0.5).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=4)),
        y=alt.Y("lane:N", sort=lanes, title=None),
        size=alt.Size("size:Q", scale=alt.Scale(type="sqrt", range=[40, 900]), legend=None),
        color=alt.Color("who:N", scale=alt.Scale(domain=list(HINDSIGHT_COLORS), range=list(HINDSIGHT_COLORS.values())),
                        title="Actor", legend=alt.Legend(columns=4, labelLimit=190)),
        opacity=highlight,
        tooltip=[alt.Tooltip("date:T", format="%Y-%m-%d"), "lane:N", alt.Tooltip("actor:N"), "what:N",
                 alt.Tooltip("amount_usd_bn:Q", format=",.1f", title="$bn")],
    ).add_params(pick).properties(height=220)
    return charts.finish(
        chart, title="After the essay: 2026",
        source="funding_rounds, events, export_controls",
        subtitle="Dot area = $bn; smallest = no amount",
        description="A timeline from January to mid 2026 with four lanes: new money raised, valuations, "
                    "government actions and export-control changes; each dot is one dated event, sized by "
                    "its dollar amount where it has one.")


# ------------------------------------------------------------------------------------ the ledger
def ledger_chart(counts: pl.DataFrame):
    """Stacked bars of claims per chapter by verdict; click a verdict in the legend to highlight it."""
    pick, highlight = charts.legend_highlight("verdict", on=1, off=0.2)
    # readers see the verdicts' labels ("Partly supported"), stacked in the book's order of verdicts
    src = counts.with_columns(chapter=pl.lit("Ch. ") + pl.col("chapter").cast(pl.String),
                              rank=pl.col("verdict").replace_strict(
                                  {v: i for i, v in enumerate(reference.VERDICTS)}, return_dtype=pl.Int64),
                              verdict=pl.col("verdict").replace_strict(reference.VERDICT_LABEL))
    chart = alt.Chart(src).mark_bar().encode(
        x=alt.X("sum(claims):Q", title="claims"),
        y=alt.Y("chapter:N", title=None),
        color=alt.Color("verdict:N", scale=alt.Scale(domain=[reference.VERDICT_LABEL[v] for v in reference.VERDICTS],
                                                     range=[reference.VERDICT_COLOR[v] for v in reference.VERDICTS]),
                        title="Verdict",
                        legend=alt.Legend(columns=2)),
        opacity=highlight,
        order=alt.Order("rank:Q"),
        tooltip=[alt.Tooltip("chapter:N", title="Chapter"), alt.Tooltip("verdict:N", title="Verdict"),
                 alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("sum(claims):Q", title="claims")],
    ).add_params(pick)
    return charts.finish(chart, title="The claim ledger", source="data/claims.csv",
                         description="Stacked horizontal bars: for each chapter of the essay, how many of its "
                                     "claims the book judged supported, partly supported, not supported, not "
                                     "testable or still pending when this page was built.")


def not_supported_table(claims: pl.DataFrame | None = None, *, fill: Callable[[str | None], str]):
    """:func:`~genchain.chapters.summary.not_supported` as a table for readers, each rationale's numbers
    written in by ``fill`` (:func:`genchain.publish.ledger.fill`); "$3.5B" is written "USD 3.5B", so no
    "$" pair is read as maths."""
    from genchain.present import table

    usd = lambda c: pl.col(c).fill_null("").str.replace_all(r"\$\s?(\d)", "USD ${1}")
    return table(not_supported(claims, fill).with_columns(usd("claim"), usd("rationale")),
                 labels={"claim_id": "Claim", "claim": "What the essay says", "kind": "Kind",
                         "rationale": "Why not supported"})


def ledger_markdown(claims: pl.DataFrame | None = None, *, fill: Callable[[str | None], str]):
    """The not-supported claims as MyST text (claim and rationale read from claims.csv, the rationale's
    numbers written in by ``fill``, :func:`genchain.publish.ledger.fill`), for display."""
    from IPython.display import Markdown

    rows = not_supported(claims, fill)
    if rows.height == 0:
        return Markdown("*No claim is judged not supported in the ledger at build time.*")
    esc = lambda t: (t or "").replace("\\", "\\\\").replace("$", "\\$").replace("*", "\\*")
    items = "\n".join(f"- **{r['claim_id']}** ({r['kind']}): {esc(r['claim'])} *Why:* "
                      f"{esc(r['rationale']) or 'no rationale recorded.'}" for r in rows.iter_rows(named=True))
    return Markdown(items)


# ------------------------------------------------------------------------------------ for readers
def runs_table(runs: pl.DataFrame):
    """:func:`~genchain.chapters.redesign.frontier_runs` as a table for readers (FLOP written as powers of ten, money in USD bn)."""
    from genchain.present import table

    shown = runs.select("model", "organization", sci_text(pl.col("training_flop")),
                        "compute_confidence", "run_cost_usd_bn", "capital_usd_bn")
    return table(shown, labels={"model": "Model", "organization": "Developer", "training_flop": "Training compute, FLOP",
                                "compute_confidence": "Epoch confidence", "run_cost_usd_bn": "Final run, USD bn",
                                "capital_usd_bn": "Capital behind it, USD bn"},
                 decimals={"run_cost_usd_bn": 2, "capital_usd_bn": 1})
