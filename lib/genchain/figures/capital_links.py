"""Chapter 0's and 1's charts of what the money buys (book/00-the-chain.ipynb, book/01-capital.ipynb): the
chain as a diagram, the actors link by link (chart and table), capital against the largest run, Japan's
clusters, a frontier run worked backwards, and the capital-need what-if (static chart and live panel).

The numbers are :mod:`genchain.chapters.capital_links`; every chart goes through
:func:`genchain.charts.finish`. Units as there: USD bn, H100-equivalents, FLOP.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import polars as pl

from genchain import chain, charts
from genchain.chapters.capital_links import ACTORS, LINKS, capital_need
from genchain.present import number_text, sci_text, table
from genchain.widgets import Panel, slider

__all__ = ["chart_chain", "chart_actor_links", "links_table", "chart_capital_flop", "chart_clusters",
           "chart_backwards", "chart_capital_need_whatif", "chart_capital_need", "capital_need_panel"]


def chart_chain():
    """The generation chain as a diagram: four links, arrows between them and the loop back to capital."""
    nodes = pl.DataFrame({
        "node": ["Capital", "Compute", "Models", "Industry &\nstate"],
        "ja": ["資金", "計算資源", "技術・モデル", "産業・国家戦略"],
        "x": [0.0, 1.0, 2.0, 3.0], "y": [1.0, 1.0, 1.0, 1.0],
        "measure": ["money raised, USD bn (funding_rounds, ai_investment)",
                    "accelerators, H100-equivalents, compute deals (clusters, compute_deals)",
                    "training FLOP, Arena rating (models, leaderboard)",
                    "revenue, market share, contracts (revenue, market_share, contracts)"],
        "short": ["USD bn raised", "H100-equivalents", "training FLOP,\nArena rating", "revenue, contracts"]})
    arrows = pl.DataFrame({"x": [0.2, 1.2, 2.2], "x2": [0.8, 1.8, 2.8], "y": [1.0] * 3,
                           "step": ["capital buys compute", "compute trains models", "models earn and serve"]})
    loop = pl.DataFrame({"x": [3.0, 2.6, 1.5, 0.4, 0.0], "y": [0.55, 0.25, 0.18, 0.25, 0.55],
                         "order": [0, 1, 2, 3, 4], "step": ["success attracts new capital"] * 5})
    base_x = alt.X("x:Q", scale=alt.Scale(domain=[-0.5, 3.5]), axis=None)
    base_y = alt.Y("y:Q", scale=alt.Scale(domain=[0.05, 1.3]), axis=None)
    edge = alt.Chart(arrows).mark_rule(strokeWidth=3, color="#52606d").encode(
        x=base_x, x2="x2:Q", y=base_y, tooltip=[alt.Tooltip("step:N", title="Link")])
    heads = alt.Chart(arrows).mark_point(shape="triangle-right", size=140, filled=True, color="#52606d").encode(
        x=alt.X("x2:Q", scale=alt.Scale(domain=[-0.5, 3.5]), axis=None), y=base_y,
        tooltip=[alt.Tooltip("step:N", title="Link")])
    back = alt.Chart(loop).mark_line(interpolate="basis", strokeDash=[6, 4], strokeWidth=2.5, color="#D55E00").encode(
        x=base_x, y=base_y, order="order:Q", tooltip=[alt.Tooltip("step:N", title="Loop")])
    back_head = alt.Chart(loop.tail(1)).mark_point(shape="triangle-up", size=140, filled=True, color="#D55E00").encode(
        x=base_x, y=base_y, tooltip=[alt.Tooltip("step:N", title="Loop")])
    dots = alt.Chart(nodes).mark_circle(size=1100, color="#0072B2", opacity=0.9).encode(
        x=base_x, y=base_y, tooltip=[alt.Tooltip("node:N", title="Link"), alt.Tooltip("ja:N", title="Japanese"),
                                     alt.Tooltip("measure:N", title="Measured by")])
    label = alt.Chart(nodes).mark_text(dy=34, fontSize=12, fontWeight="bold", color=charts.INK, lineBreak="\n",
                                       baseline="top").encode(
        x=base_x, y=base_y, text="node:N")
    label_ja = alt.Chart(nodes).mark_text(dy=-32, fontSize=11, color="#52606d").encode(x=base_x, y=base_y, text="ja:N")
    # the measure of each link, under its name (bold names take one or two lines, so measures sit lower)
    measure = alt.Chart(nodes).mark_text(dy=66, fontSize=10, fontStyle="italic", color="#52606d", lineBreak="\n",
                                         baseline="top").encode(x=base_x, y=base_y, text="short:N")
    loop_text = alt.Chart(pl.DataFrame({"x": [1.5], "y": [0.12], "t": ["loop back: success attracts capital"]})).mark_text(
        fontSize=11, color="#D55E00").encode(x=base_x, y=base_y, text="t:N")
    layered = alt.layer(back, back_head, edge, heads, dots, label, label_ja, measure, loop_text).properties(height=260)
    return charts.finish(layered, title="The generation chain and its loop",
                         source="the essay; measures: the book's data/ tables",
                         description="Four circles left to right: capital, compute, models, industry and state strategy, "
                                     "each with the measure the book uses written under it, joined by arrows; a dashed "
                                     "arrow runs from the last link back to capital.")


def chart_actor_links(links: pl.DataFrame):
    """Chapter 0: one link of the chain at a time (drop-down), actors as bars on a log scale; missing values labelled."""
    pick = charts.dropdown("ch00_link", list(LINKS), "Link: ", value=LINKS[0])
    v = pl.col("value")
    written = (pl.when(v >= 1e12).then(sci_text(v)).when(v >= 100).then(number_text(v, 0))
               .when(v >= 1).then(number_text(v, 1)).otherwise(number_text(v, 2)))
    d = links.with_columns(shown=pl.when(v.is_null()).then(pl.lit("missing (no data)"))
                           .otherwise(written + pl.lit(" · ") + pl.col("detail")))
    base = alt.Chart(d).transform_filter(alt.datum.link == pick)
    y = alt.Y("actor:N", sort=list(ACTORS), title=None)
    tip = [alt.Tooltip("actor:N", title="Actor"), alt.Tooltip("link:N", title="Link"),
           alt.Tooltip("value:Q", title="Value", format=".3~s"), alt.Tooltip("detail:N", title="Detail")]
    bars = base.transform_filter("isValid(datum.value)").mark_bar().encode(
        x=alt.X("value:Q", scale=alt.Scale(type="log", nice=True), stack=None,
                title="value (log scale; unit in the drop-down)"),
        y=y, color=alt.value("#b9d7ec"), tooltip=tip)
    # the value and where it comes from, written inside the plot at the left (readable without hover)
    values = base.transform_filter("isValid(datum.value)").mark_text(
        align="left", dx=4, fontSize=10, color=charts.INK, limit=330).encode(x=alt.value(0), y=y, text="shown:N",
                                                                        tooltip=tip)
    missing = base.transform_filter("!isValid(datum.value)").mark_text(align="left", dx=4, color="#7b8794",
                                                                        fontStyle="italic").encode(
        x=alt.value(0), y=y, text="shown:N", tooltip=tip)
    return charts.finish(alt.layer(bars, values, missing).add_params(pick)
                         .properties(height=300),
                         title="The chain for the main actors, 2025",
                         source="five data/ tables (see text)",
                         description="Horizontal bars on a log scale, one per actor, for the link chosen in the drop-down, "
                                     "each with its value and source detail written on it; actors without data are "
                                     "labelled missing instead of drawn as zero.")


def links_table(links: pl.DataFrame):
    """Chapter 0: :func:`~genchain.chapters.capital_links.actor_links` as a table for readers, one row per
    actor and one column per link.

    Money in USD bn with one decimal, clusters in H100-equivalents, training runs written as
    powers of ten; a missing value shows as a dash, never as zero.
    """
    wide = (links.pivot(on="link", index="actor", values="value")
            .with_columns(sci_text(pl.col(LINKS[3]))))
    return table(wide.select("actor", *LINKS), labels={"actor": "Actor"},
                 decimals={LINKS[0]: 1, LINKS[1]: 1, LINKS[2]: 0, LINKS[4]: 1})


def chart_capital_flop(points: pl.DataFrame):
    """Chapter 0: capital raised against the largest training run (log-log), one labelled dot per actor.

    ``points`` is :func:`~genchain.chapters.capital_links.capital_vs_run`. Labels sit right of their
    dot, except the rightmost, which sits left, and a label whose dot is within a third of a decade
    (in x and y) of a dot already labelled moves below it, so names never run into each other.
    """
    d = points.sort("capital_usd_bn")
    lx, ly = np.log10(d["capital_usd_bn"].to_numpy()), np.log10(d["max_flop"].to_numpy())
    align, dy = [], []
    for i in range(d.height):
        align.append("right" if i == d.height - 1 else "left")
        near = any(abs(lx[i] - lx[j]) < 0.34 and abs(ly[i] - ly[j]) < 0.34 for j in range(i))
        dy.append(14 if near else -10)
    d = d.with_columns(align=pl.Series(align), dy=pl.Series(dy),
                       flop_text=sci_text(pl.col("max_flop")))
    enc = dict(x=alt.X("capital_usd_bn:Q", scale=alt.Scale(type="log"), title="capital raised to end-2025, USD bn (log)"),
               y=alt.Y("max_flop:Q", scale=alt.Scale(type="log"), title="largest training run, FLOP (log)",
                       axis=alt.Axis(format=".0e")))
    tip = [alt.Tooltip("actor:N", title="Actor"), alt.Tooltip("capital_usd_bn:Q", title="Capital, USD bn", format=",.1f"),
           alt.Tooltip("flop_text:N", title="Largest run, FLOP")]
    dots = alt.Chart(d).mark_circle(size=120, opacity=0.95).encode(
        **enc, color=alt.Color("actor:N", scale=charts.color_scale(d["actor"].to_list()), legend=None), tooltip=tip)
    layers = [dots]
    for a in ("left", "right"):
        for off in (-10, 14):
            part = d.filter((pl.col("align") == a) & (pl.col("dy") == off))
            if part.height:
                layers.append(alt.Chart(part).mark_text(align=a, dx=8 if a == "left" else -8, dy=off, fontSize=11,
                                                        color=charts.INK).encode(**enc, text="actor:N", tooltip=tip))
    return charts.finish(alt.layer(*layers).properties(height=340), title="Capital vs largest run, by actor",
                         source="funding_rounds.csv; Epoch AI models.csv",
                         description="Scatter on log-log axes of capital raised against the largest training run, one "
                                     "labelled dot per actor with both numbers; larger capital mostly goes with larger runs.")


def chart_clusters(japan: pl.DataFrame, us: pl.DataFrame):
    """Chapter 1: Japan's operational clusters by owner type against the three largest US ones (log scale)."""
    d = pl.concat([
        japan.filter(pl.col("operational") & pl.col("h100_equivalents").is_not_null())
        .select("name", "owner", group=pl.concat_str(pl.lit("Japan: "), "owner_type"), h100e="h100_equivalents"),
        us.select("name", "owner", group=pl.lit("United States: largest"), h100e="h100_equivalents")])
    groups = ["United States: largest", "Japan: public", "Japan: company", "Japan: start-up"]
    legend, fade = charts.legend_highlight("group")
    chart = alt.Chart(d).mark_bar().encode(
        x=alt.X("h100e:Q", scale=alt.Scale(type="log", domain=[1, 1e6]), stack=None,
                title="H100-equivalents (log scale)"),
        y=alt.Y("name:N", sort="-x", title=None, axis=alt.Axis(labelLimit=120, labelFontSize=9)),
        color=alt.Color("group:N", sort=groups, scale=alt.Scale(domain=groups, range=["#0072B2", "#CC79A7", "#E69F00", "#D55E00"]), title=None,
                        legend=alt.Legend(columns=2)),
        opacity=fade,
        tooltip=[alt.Tooltip("name:N"), alt.Tooltip("owner:N"), alt.Tooltip("group:N", title="Group"),
                 alt.Tooltip("h100e:Q", title="H100e", format=",.0f")]).add_params(legend)
    return charts.finish(chart.properties(height=520), title="Japan's AI clusters vs the largest US ones",
                         source="Epoch AI (CC BY 4.0), data/clusters.csv",
                         description="Horizontal bars on a log scale: the three largest US clusters near half a million "
                                     "H100-equivalents, then Japan's operational clusters, the largest about nine thousand.")


def chart_backwards(bk: pl.DataFrame, japan_vc_usd_bn: float):
    """Chapter 1: run cost and capital behind the largest 2025 runs, against Japan's annual VC (line)."""
    d = bk.unpivot(index=["model", "training_flop"], on=["run_cost_usd_bn", "capital_usd_bn"],
                   variable_name="what", value_name="usd_bn").with_columns(
        what=pl.col("what").replace({"run_cost_usd_bn": "final run (rental)", "capital_usd_bn": "capital behind it"}),
        pct=100 * pl.col("usd_bn") / japan_vc_usd_bn)
    legend, fade = charts.legend_highlight("what", off=0.2)
    bars = alt.Chart(d).mark_bar().encode(
        y=alt.Y("model:N", title=None), yOffset="what:N", x=alt.X("usd_bn:Q", title="USD bn"),
        color=alt.Color("what:N", title=None, scale=alt.Scale(range=["#0072B2", "#E69F00"])),
        opacity=fade,
        tooltip=[alt.Tooltip("model:N"), alt.Tooltip("what:N"), alt.Tooltip("usd_bn:Q", title="USD bn", format=",.2f"),
                 alt.Tooltip("pct:Q", title="% of Japan's annual VC", format=",.0f"),
                 alt.Tooltip("training_flop:Q", title="FLOP", format=".2~e")]).add_params(legend)
    rule = charts.reference_line(japan_vc_usd_bn, "Japan's start-up funding, 2024 (all sectors)", color="#CC79A7",
                                 dash=None, width=2.5, unit="USD bn")
    return charts.finish(alt.layer(bars, rule).properties(height=260), title="A 2025 frontier run, worked backwards",
                         source="Epoch AI (models.csv), genchain.chain, INITIAL",
                         description="Paired bars for the three largest 2025 training runs: the rental cost of the final run "
                                     "and the capital the chain needs behind it, with a vertical line at Japan's yearly start-up funding.")


def chart_capital_need_whatif(capital_by_actor: pl.DataFrame, a: chain.Assumptions = chain.Assumptions()):
    """Chapter 0 'Try it': target run size (slider, log10 FLOP) -> capital needed (rule) against actors' capital."""
    f = charts.slider("ch00_flop", 26.0, 24.0, 28.0, 0.1, "Training run, log10 FLOP: ")
    # the chain worked backwards (chain.capital_for_run), written out as a Vega expression of the slider
    need = chain.vega(chain.capital_for_run, f"pow(10, {f.name})", a.peak_tflops, a.utilization,
                      a.accelerator_hour_usd, a.frontier_run_share, a.compute_share)
    d = capital_by_actor.drop_nulls("capital_usd_bn")
    base = alt.Chart(d).transform_calculate(need=need).transform_calculate(
        afford="datum.capital_usd_bn >= datum.need ? 'has raised enough' : 'has not raised enough'")
    bars = base.mark_bar().encode(
        x=alt.X("capital_usd_bn:Q", scale=alt.Scale(type="log", domain=[0.01, 3000], nice=False), stack=None,
                title="USD bn (log scale)"),
        y=alt.Y("actor:N", sort="-x", title=None),
        color=alt.Color("afford:N", title=None, scale=alt.Scale(domain=["has raised enough", "has not raised enough"],
                                                                range=["#009E73", "#c3cad2"])),
        tooltip=[alt.Tooltip("actor:N"), alt.Tooltip("capital_usd_bn:Q", title="Capital raised, USD bn", format=",.2f"),
                 alt.Tooltip("need:Q", title="Capital needed, USD bn", format=",.2f"), alt.Tooltip("afford:N")]).add_params(f)
    rule = base.mark_rule(color="#D55E00", strokeWidth=2.5).encode(
        x="need:Q", tooltip=[alt.Tooltip("need:Q", title="Capital needed, USD bn", format=",.2f")])
    # the numbers, written: each actor's capital at the end of its bar, the requirement beside the red line
    values = base.mark_text(align="left", dx=4, fontSize=10, color=charts.INK).encode(
        x="capital_usd_bn:Q", y=alt.Y("actor:N", sort="-x"), text=alt.Text("capital_usd_bn:Q", format=",.1f"))
    need_text = (alt.Chart(pl.DataFrame({"one": [1]}))
                 .transform_calculate(need=need)
                 .transform_calculate(t="'a run of 10^' + format(" + f.name + ", '.1f') + ' FLOP needs '"
                                        " + format(datum.need, ',.1f') + ' bn'")
                 .mark_text(align="left", dx=5, baseline="bottom", fontSize=11, fontWeight="bold", color="#D55E00")
                 .encode(x=alt.X("need:Q", scale=alt.Scale(type="log", domain=[0.01, 3000], nice=False)),
                         y=alt.value(248),
                         text="t:N"))
    return charts.finish(alt.layer(bars, rule, values, need_text).properties(height=250),
                         title="Try it: which actors can pay for a run?",
                         source="funding_rounds.csv; genchain.chain defaults",
                         description="Bars of capital raised per actor on a log scale, each labelled with its value, "
                                     "with a red line, labelled, at the capital a training run of the chosen size needs; "
                                     "bars turn green when the actor has raised enough.")


def chart_capital_need(frame: pl.DataFrame, log10_flop: float, utilization: float):
    """The live panel's chart: each actor's capital (bar, labelled) against the capital a run needs (red line).

    ``frame`` has columns actor, capital_usd_bn, needed_usd_bn, can_afford (``chart.data`` keeps it).
    """
    need = float(frame["needed_usd_bn"][0])
    base = alt.Chart(frame).transform_calculate(
        afford="datum.can_afford ? 'has raised enough' : 'has not raised enough'")
    xs = alt.Scale(type="log", domain=[0.01, 3000], nice=False)
    y = alt.Y("actor:N", sort=alt.EncodingSortField("capital_usd_bn", order="descending"), title=None)
    tip = [alt.Tooltip("actor:N"), alt.Tooltip("capital_usd_bn:Q", title="Capital raised, USD bn", format=",.2f"),
           alt.Tooltip("needed_usd_bn:Q", title="Capital needed, USD bn", format=",.2f")]
    bars = base.mark_bar().encode(
        x=alt.X("capital_usd_bn:Q", scale=xs, title="USD bn (log scale)", stack=None), y=y,
        color=alt.Color("afford:N", title=None, scale=alt.Scale(domain=["has raised enough", "has not raised enough"],
                                                                range=["#009E73", "#c3cad2"])), tooltip=tip)
    values = base.mark_text(align="left", dx=4, fontSize=10, color=charts.INK).encode(
        x=alt.X("capital_usd_bn:Q", scale=xs), y=y, text=alt.Text("capital_usd_bn:Q", format=",.1f"))
    rule = base.mark_rule(color="#D55E00", strokeWidth=2.5).encode(
        x=alt.X("needed_usd_bn:Q", scale=xs), tooltip=tip[2:])
    out = charts.finish(alt.layer(bars, values, rule).properties(height=250),
                        title=f"A run of 10^{log10_flop:.1f} FLOP needs {need:,.1f} bn of capital",
                        subtitle=f"utilisation {utilization:.2f}; red line: capital needed",
                        source="funding_rounds.csv; genchain.chain",
                        description="Bars of capital raised per actor on a log scale, each labelled, with a red line at "
                                    "the capital the chosen training run needs; bars are green when the actor has raised "
                                    "enough.")
    out.data = frame
    return out


def capital_need_panel(capital_by_actor: pl.DataFrame, log10_flop: float = 26.0, utilization: float = 0.4):
    """Live panel: a target run size and a utilisation; which actors have raised the capital it needs.

    ``capital_by_actor`` has columns actor, capital_usd_bn. ``panel.result`` is a chart (see
    :func:`chart_capital_need`); ``panel.result.data`` the frame behind it: actor, capital_usd_bn,
    needed_usd_bn, can_afford.
    """
    def show(log10_flop: float, utilization: float):
        need = capital_need(log10_flop, chain.Assumptions().with_(utilization=utilization))["capital_usd_bn"]
        frame = (capital_by_actor.with_columns(needed_usd_bn=pl.lit(need))
                 .with_columns(can_afford=pl.col("capital_usd_bn") >= pl.col("needed_usd_bn")))
        return chart_capital_need(frame, log10_flop, utilization)

    p = chain.Assumptions.params()["utilization"]
    return Panel(show, title="What a training run needs, worked backwards through the chain",
                 log10_flop=slider(log10_flop, 24.0, 28.0, 0.1, "Training run, log10 FLOP"),
                 utilization=slider(utilization, p.low, p.high, 0.01, "Utilisation (MFU)"))
