"""Chapter 2's charts of chips and compute (book/02-china.ipynb): export-rule thresholds, chip value,
compute shares, the largest systems, and what $1 billion of chips computes (static what-if and live panel).

The numbers are :mod:`genchain.chapters.compute`; every chart goes through :func:`genchain.charts.finish`.
Units as there: TPP, TFLOP/s, percent shares, H100-equivalents, FLOP.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from genchain import chain, charts
from genchain.chapters.compute import (METRIC_LABEL, TPP_DENSITY_FLOOR, TPP_LINE, budget_table, chips,
                                       flop_bought_formula)

ECO_COLORS = charts.color_scale(["United States", "China"])
#: the dates of US rules (Okabe-Ito reddish purple: no country uses it)
RULE_COLOR = "#CC79A7"
#: the share chart's lines and their colours: a country's two measures in two shades of its colour
SHARE_SERIES = {"United States, 16-bit OP/s": "#0072B2", "United States, H100-equivalents": "#56B4E9",
                "China, 16-bit OP/s": "#D55E00", "China, H100-equivalents": "#E69F00"}


def _label_room(base: alt.Chart, field: str, factor: float = 1.15) -> alt.Chart:
    """An invisible layer at ``factor`` x each bar's ``field``: widens the x scale so value labels fit."""
    return (base.transform_calculate(label_room=f"datum.{field} * {factor}")
            .mark_point(opacity=0, size=1).encode(x="label_room:Q", tooltip=alt.value(None)))


def threshold_chart(chip_frame: pl.DataFrame, rules: pl.DataFrame):
    """Chips' TPP against release date, the 4,800 and 1,600 lines, and the rule dates (legend-selectable)."""
    pts = chip_frame.select("accelerator", "vendor", "country", "release_date", "tpp", "bf16_dense_tflops",
                            "side_2022", "side_2023", "export_status").with_columns(
        density=pl.col("accelerator").replace_strict(
            dict(zip(chip_frame["accelerator"], chip_frame["performance_density"].round(2).cast(pl.Utf8)
                     .fill_null("unknown (die area not sourced)"))), default="unknown"))
    pick, highlight = charts.legend_highlight("country", on=0.95, off=0.15)
    base = alt.Chart(pts).encode(
        x=alt.X("release_date:T", title="Release date", scale=alt.Scale(domain=["2019-01-01", "2026-06-30"]),
                axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("tpp:Q", title="TPP (dense TOPS x bit length)", scale=alt.Scale(type="log")),
    )
    dots = base.mark_point(size=90, filled=True).encode(
        color=alt.Color("country:N", scale=ECO_COLORS, title="Designer"),
        shape=alt.Shape("side_2023:N", title="Oct 2023 test"),
        opacity=highlight,
        tooltip=["accelerator", "vendor", "release_date:T", alt.Tooltip("tpp:Q", format=",.0f", title="TPP"),
                 alt.Tooltip("density:N", title="TPP per mm2"), "side_2022", "side_2023", "export_status"],
    ).add_params(pick)
    lines = pl.DataFrame({"tpp": [TPP_LINE, TPP_DENSITY_FLOOR],
                          "label": ["4,800 TPP: licence line", "1,600 TPP: density test starts (2023)"]})
    hrule = alt.Chart(lines).mark_rule(strokeDash=[6, 3], color="#52606d").encode(
        y="tpp:Q", tooltip=["label", alt.Tooltip("tpp:Q", format=",")])
    hlabel = alt.Chart(lines.with_columns(x=pl.lit("2019-02-01"))).mark_text(
        align="left", dy=-6, fontSize=10, color="#52606d").encode(x="x:T", y="tpp:Q", text="label:N")
    vr = rules.select(pl.col("date").alias("rule_date"), "rule")
    vrule = alt.Chart(vr).mark_rule(color=RULE_COLOR, opacity=0.6).encode(
        x="rule_date:T", tooltip=[alt.Tooltip("rule_date:T", title="date"), "rule"])
    # the chips the text discusses, named on the chart; B200 to the left (GB200 sits to its right) and A800
    # below its point (the Ascend 910B sits just above and to its right)
    named = pts.filter(pl.col("accelerator").str.contains(r"^(NVIDIA (A800|H800|H20 |B200)|Huawei Ascend 910[BC])"))
    named = named.with_columns(short=pl.col("accelerator").str.replace(r"^(NVIDIA|Huawei) ", "")
                               .str.replace(r" (SXM5?|\(HGX\)|80GB).*$", ""))
    placed = {"B200": dict(align="right", dx=-7, dy=-8), "A800": dict(align="left", dx=7, dy=10)}
    labels = [alt.Chart(named.filter(pl.col("short").is_in(list(placed)).not_())).mark_text(
        align="left", dx=7, dy=-8, fontSize=10, color="#1f2933").encode(x="release_date:T", y="tpp:Q", text="short:N")]
    labels += [alt.Chart(named.filter(pl.col("short") == short)).mark_text(fontSize=10, color="#1f2933", **where)
               .encode(x="release_date:T", y="tpp:Q", text="short:N") for short, where in placed.items()]
    return charts.finish(
        alt.layer(vrule, hrule, hlabel, dots, *labels).properties(height=360),
        title="The chips the rules caught, and the chips designed around them",
        source="Epoch AI ML Hardware via accelerators.csv; BIS rules via export_controls.csv (CSET summary)",
        description="Scatter of AI chips by release date and TPP on a log scale, coloured by designer country, "
                    "with dashed lines at 4,800 and 1,600 TPP and vertical lines at the US rule dates.",
        subtitle="Click a legend entry to highlight one country; purple lines = dates of US rules (hover for the rule)")


def value_chart(chip_frame: pl.DataFrame):
    """Bar chart of one chip metric at a time (drop-down): TFLOP/s, per $1k, per kW, bandwidth."""
    metrics = {"bf16_dense_tflops": "Dense BF16 TFLOP/s", "tflops_per_kusd": "TFLOP/s per $1,000",
               "tflops_per_kw": "TFLOP/s per kW", "memory_bw_tbps": "Memory bandwidth (TB/s)"}
    long = (chip_frame.select("accelerator", "country", *metrics)
            .unpivot(index=["accelerator", "country"], variable_name="metric")
            .drop_nulls("value").with_columns(pl.col("metric").replace_strict(metrics)))
    pick = charts.dropdown("metric_pick", list(metrics.values()), "Measure: ")
    base = alt.Chart(long).encode(
        y=alt.Y("accelerator:N", title=None, sort=alt.EncodingSortField("value", op="max", order="descending")),
        x=alt.X("value:Q", title="the chosen measure, in the unit named in the menu"),
        tooltip=["accelerator", "country", "metric", alt.Tooltip("value:Q", format=",.2f")],
    ).transform_filter(alt.datum.metric == pick)
    bars = base.mark_bar().encode(color=alt.Color("country:N", scale=ECO_COLORS, title="Designer"))
    values = base.mark_text(align="left", dx=3, fontSize=10, color="#1f2933").encode(
        text=alt.Text("value:Q", format=",.1f"))
    room = _label_room(base, "value")
    return charts.finish(
        alt.layer(bars, values, room).add_params(pick).properties(height=alt.Step(16)),
        title="US and Chinese accelerators side by side",
        source="Epoch AI ML Hardware and vendor figures via accelerators.csv",
        description="Horizontal bars of one chosen measure for each accelerator, coloured by designer country; "
                    "a drop-down switches between peak throughput, throughput per dollar, per kilowatt and "
                    "memory bandwidth. Chips without a price or power figure drop out of those measures.",
        subtitle="Pick the measure; chips with no price or power figure are left out of those views")


def share_chart(share_frame: pl.DataFrame):
    """China's and the US share of AI-supercomputer capacity over time, one line per measure."""
    series = list(SHARE_SERIES)
    frame = share_frame.with_columns(
        metric_label=pl.col("metric").replace_strict(METRIC_LABEL, default=pl.col("metric"))
    ).with_columns(series=pl.col("country") + ", " + pl.col("metric_label"))
    pick, highlight = charts.legend_highlight("series", on=1, off=0.15)
    base = alt.Chart(frame).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("share_pct:Q", title="share of catalogued capacity (%)"),
        color=alt.Color("series:N", title="Country and measure",
                        scale=alt.Scale(domain=series, range=list(SHARE_SERIES.values()))),
        opacity=highlight,
        tooltip=["country", "measure", "as_of", alt.Tooltip("share_pct:Q", format=".1f", title="share %"),
                 "source_id"],
    )
    recomputed = base.transform_filter(alt.datum.basis == "recomputed")
    lines = recomputed.mark_line(point=True).encode(
        strokeDash=alt.StrokeDash("metric_label:N", title="Measure",
                                  legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=2), scale=alt.Scale(
            domain=list(METRIC_LABEL.values()), range=[[1, 0], [6, 3]])))
    published = base.mark_point(size=150, shape="diamond", filled=True, stroke="#1f2933").transform_filter(
        alt.datum.basis == "published")
    ends = recomputed.transform_window(rank="rank()", sort=[alt.SortField("date", order="descending")],
                                       groupby=["series"]).transform_filter(alt.datum.rank == 1).mark_text(
        align="left", dx=8, fontSize=11).encode(text=alt.Text("share_pct:Q", format=".1f"))
    return charts.finish(
        alt.layer(lines, published, ends).add_params(pick).properties(height=320),
        title="China's share of the world's AI supercomputers fell after 2022",
        source="Epoch AI Supercomputers (recomputed by the book) and Epoch data insight via compute_shares.csv",
        description="Lines of the US and Chinese shares of catalogued AI-supercomputer capacity, 2019 to 2025, "
                    "measured in 16-bit operations per second and in H100-equivalents; diamonds mark Epoch's "
                    "published May 2025 figure. The latest value is written at the end of each line.",
        subtitle="Solid = 16-bit OP/s, dashed = H100-equivalents; diamonds = Epoch's published figure (May 2025); "
                 "click a legend entry to isolate a line")


def systems_chart(systems: pl.DataFrame, reference: pl.DataFrame):
    """Largest Chinese systems (H100-equivalents) next to the largest US sites, coloured by chip origin."""
    both = pl.concat([systems.with_columns(country=pl.lit("China")),
                      reference.with_columns(country=pl.lit("United States"))], how="diagonal_relaxed")
    kinds = ["US site", "China: Chinese chip", "China: US chip", "China: chip not recorded"]
    both = both.with_columns(
        site=pl.col("name").str.replace(r" \(Epoch data centre\)| by H100e \(Epoch\)", ""),
        kind=pl.when(pl.col("country") == "United States").then(pl.lit(kinds[0]))
        .when(pl.col("domestic_chip")).then(pl.lit(kinds[1]))
        .when(pl.col("domestic_chip").not_()).then(pl.lit(kinds[2])).otherwise(pl.lit(kinds[3])))
    pick, highlight = charts.legend_highlight("kind", on=1, off=0.2)
    base = alt.Chart(both).encode(
        y=alt.Y("site:N", title=None, axis=alt.Axis(labelLimit=190),
                sort=alt.EncodingSortField("h100_equivalents", op="max", order="descending")),
        # domainMax leaves room for the value labels
        x=alt.X("h100_equivalents:Q", title="H100-equivalents",
                scale=alt.Scale(domainMax=both["h100_equivalents"].max() * 1.15)))
    values = base.mark_text(align="left", dx=3, fontSize=10, color="#1f2933").encode(
        text=alt.Text("h100_equivalents:Q", format=",.0f"))
    bars = base.mark_bar().encode(
        color=alt.Color("kind:N", title="Site and chip", scale=alt.Scale(
            domain=kinds, range=["#0072B2", "#D55E00", "#E69F00", "#999999"])),
        opacity=highlight,
        tooltip=["name", "owner", "year", "chip", alt.Tooltip("h100_equivalents:Q", format=",.0f"),
                 alt.Tooltip("power_mw:Q", title="MW"), "source_id"],
    ).add_params(pick)
    return charts.finish(
        alt.layer(bars, values).properties(height=alt.Step(18)),
        title="China's largest AI systems, next to the largest US sites",
        source="Epoch AI Supercomputers and Frontier Data Centers via clusters.csv",
        description="Horizontal bars of H100-equivalents for the largest operational Chinese AI systems in the "
                    "catalogue and, for scale, the three largest US sites; colour shows whether a Chinese site "
                    "runs Chinese chips, US chips or chips not recorded.",
        subtitle="Click a legend entry to highlight; Chinese sites are partly anonymised in the source")


def whatif_chart(chip_frame: pl.DataFrame, budget_usd: float = 1e9, days: float = 365):
    """Kernel-free what-if: FLOP that $1B buys in a year, with sliders for price and utilisation."""
    c = (chip_frame.drop_nulls("bf16_dense_tflops")
         .filter(pl.col("unit_price_usd").is_not_null() | pl.col("accelerator").str.contains("910C"))
         .select("accelerator", "country", "bf16_dense_tflops", "unit_price_usd"))
    names = c["accelerator"].to_list()
    chip = charts.dropdown("wf_chip", names, "Chip whose price you set: ", value="Huawei Ascend 910B")
    price = charts.slider("wf_price", 16854, 2000, 60000, 500, "Its price per chip (USD): ")
    util = charts.slider("wf_util", 0.4, 0.1, 0.6, 0.05, "Utilisation (MFU): ")
    base = (
        alt.Chart(c)
        .transform_calculate(price=f"datum.accelerator == wf_chip ? wf_price : datum.unit_price_usd")
        .transform_filter("isValid(datum.price) && datum.price > 0")
        .transform_calculate(flop_e26=chain.vega(flop_bought_formula, budget_usd, "datum.price",
                                                 "datum.bf16_dense_tflops", "wf_util", days) + " / 1e26",
                             chips_k=f"{budget_usd} / datum.price / 1000")
        .encode(y=alt.Y("accelerator:N", title=None,
                        sort=alt.EncodingSortField("flop_e26", op="max", order="descending")),
                x=alt.X("flop_e26:Q", title="training FLOP in one year (x 10^26)", axis=alt.Axis(tickCount=8)),
                tooltip=["accelerator", alt.Tooltip("price:Q", format=",.0f", title="price USD"),
                         alt.Tooltip("chips_k:Q", format=",.1f", title="chips bought (thousand)"),
                         alt.Tooltip("flop_e26:Q", format=".2f", title="FLOP x 1e26")])
    )
    bars = base.mark_bar().encode(color=alt.Color("country:N", scale=ECO_COLORS, title="Designer"))
    values = base.mark_text(align="left", dx=3, fontSize=10, color="#1f2933").encode(
        text=alt.Text("flop_e26:Q", format=".2f"))
    chart = alt.layer(bars, values, _label_room(base, "flop_e26")).add_params(chip, price, util)
    return charts.finish(
        chart.properties(height=alt.Step(24)),
        title="What $1 billion of chips computes in a year",
        source="chip figures from accelerators.csv; price and utilisation are your assumptions",
        description="Horizontal bars of the FLOP that one billion dollars of each accelerator delivers in a year; "
                    "sliders set the price of one chosen chip and the utilisation of all of them.",
        subtitle="Budget buys chips only (no buildings, network or power); the Ascend 910C has no sourced price: "
                 "pick it to give it one")


def budget_chart(table: pl.DataFrame):
    """Bar chart of :func:`genchain.chapters.compute.budget_table` (the live panel's output)."""
    t = table.with_columns(flop_e26=pl.col("flop") / 1e26,
                           country=pl.when(pl.col("ecosystem") == "China").then(pl.lit("China"))
                           .otherwise(pl.lit("United States")))
    return charts.finish(
        alt.Chart(t).mark_bar().encode(
            y=alt.Y("accelerator:N", sort="-x", title=None), x=alt.X("flop_e26:Q", title="FLOP x 10^26"),
            color=alt.Color("country:N", scale=ECO_COLORS, title="Designer"),
            tooltip=["accelerator", alt.Tooltip("price_usd:Q", format=",.0f"),
                     alt.Tooltip("chips_bought:Q", format=",.0f"), alt.Tooltip("flop_e26:Q", format=".2f")],
        ).properties(height=alt.Step(24)),
        title="FLOP bought with the budget (live panel)", source="accelerators.csv; your assumptions",
        description="Bars of FLOP bought per chip type at the panel's settings.")


def budget_panel(budget_usd: float = 1e9, days: float = 365):
    """Live twin of :func:`whatif_chart`: choose a chip, set its price and the utilisation.

    ``panel.result`` is the chart; ``panel.result.data`` the
    :func:`genchain.chapters.compute.budget_table` frame behind it.
    """
    from genchain.widgets import Panel, choice, slider

    c = chips()
    names = c.filter(pl.col("unit_price_usd").is_not_null() | pl.col("accelerator").str.contains("910C"))[
        "accelerator"].to_list()

    def run(chip, price, utilization):
        return budget_chart(budget_table(c, budget_usd, utilization, days, prices={chip: price}))

    return Panel(run, title="What $1B of chips computes in a year",
                 chip=choice(names, "Chip whose price you set", value="Huawei Ascend 910B"),
                 price=slider(16854, 2000, 60000, 500, "Its price (USD)"),
                 utilization=slider(0.4, 0.1, 0.6, 0.05, "Utilisation (MFU)"))
