"""The chain model's sensitivity for readers: the assumptions with their sources, reader tables, tornado and bands.

Each function takes a frame of :mod:`genchain.chapters.sensitivity` (capital in billion USD; outputs
in the units of :data:`~genchain.chapters.sensitivity.OUTPUTS`) and returns a
:class:`genchain.present.Table` or a finished Altair chart.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from genchain import charts
from genchain.chain import Assumptions
from genchain.chapters.sensitivity import OUTPUTS, assumptions_table
from genchain.present import escape, link, table

__all__ = ["assumptions_html", "actors_table", "outputs_table", "tornado_table", "bands_table",
           "tornado_chart", "bands_chart"]


def assumptions_html(a: Assumptions = Assumptions()):
    """The assumptions with their ranges and linked sources (a :class:`genchain.present.Table`): name and
    meaning, default, range (low to high) and unit, each value to four significant digits; every cell escaped."""
    from great_tables import loc, style

    src = pl.col("publisher") + ": " + pl.col("title")
    rows = assumptions_table(a).select(
        assumption="<code>" + escape("name") + "</code><br><small>" + escape("meaning") + "</small>",
        default="default", low="low", high="high", unit="unit",
        source="<small>" + link(pl.when(pl.col("publisher").is_not_null()).then(src).otherwise(pl.col("source_id")),
                                "url") + "</small>")
    out = table(rows, labels={"assumption": "Assumption and meaning", "default": "Default", "low": "Range",
                              "unit": "Unit", "source": "Source"}, html=["assumption", "source"])
    return (out.fmt(lambda v: f"{v:,.4g}", columns=["default", "low", "high"])
            .cols_merge(columns=["low", "high"], pattern="{0} to {1}")
            .tab_style(style.css("white-space:nowrap"), loc.body(columns="low")))  # a range stays on one line


def _output_label(out: str) -> str:
    label, unit = OUTPUTS.get(out, (out, ""))
    return f"{label} ({unit})" if unit else label


def actors_table(actors: pl.DataFrame, year: int = 2025):
    """:func:`actors_in_year` for readers: actor, country, capital raised in ``year`` (USD bn), rounds counted."""
    return table(actors.select("actor", "country", "capital_usd_bn", "rounds"),
                 labels={"actor": "Actor", "country": "Country",
                         "capital_usd_bn": f"Capital raised in {year} (USD bn)", "rounds": "Rounds counted"},
                 decimals={"capital_usd_bn": 2})


def outputs_table(frame: pl.DataFrame):
    """A :func:`genchain.chain.run` result for readers: capital and the headline outputs with their units
    (training compute in scientific notation, ratings whole, money in USD bn to two decimals)."""
    cols = ["actor", "capital_usd_bn"] + [o for o in OUTPUTS if o in frame.columns]
    labels = {"actor": "Actor", "capital_usd_bn": "Capital (USD bn)"} | {
        o: _output_label(o)[:1].upper() + _output_label(o)[1:] for o in cols[2:]}
    decimals = {c: 2 for c in cols if c.endswith("_usd_bn")} | {"rating": 0}
    out = table(frame.select(cols), labels=labels, decimals=decimals)
    if "training_flop" in cols:
        out.gt = out.gt.fmt_scientific(columns="training_flop", decimals=1)
    return out


def tornado_table(frame: pl.DataFrame, actor: str, output: str = "revenue_usd_bn"):
    """The numbers behind one panel of :func:`tornado_chart`, largest swing first: each assumption's
    range (low to high), the output at each end, and the swing as a percentage of the output at the defaults."""
    label = _output_label(output)
    rows = (frame.filter(pl.col("actor") == actor, pl.col("output") == output)
            .sort(["swing", "name"], descending=[True, False])
            .with_columns(range=pl.struct("setting_low", "setting_high").map_elements(
                lambda r: f"{r['setting_low']:,.4g} to {r['setting_high']:,.4g}", return_dtype=pl.String))
            .select("name", "range", "unit", "low_value", "high_value", "swing_pct"))
    out = table(rows, labels={"name": "Assumption", "range": "Range (low to high)", "unit": "Unit",
                              "low_value": "Output at low", "high_value": "Output at high",
                              "swing_pct": "Swing (% of default)"},
                decimals={"low_value": 2, "high_value": 2, "swing_pct": 0}, title=f"{actor}: {label}")
    out.gt = out.gt.cols_width({"name": "190px"})  # room for the longest name
    if output == "training_flop":
        out.gt = out.gt.fmt_scientific(columns=["low_value", "high_value"], decimals=1)
    return out


def bands_table(frame: pl.DataFrame, output: str = "revenue_usd_bn"):
    """The numbers behind :func:`bands_chart` for one output: per actor the 5th, 50th and 95th
    percentile of the Monte Carlo draws and the value at the defaults, largest first."""
    label = _output_label(output)
    rows = (frame.filter(pl.col("output") == output).sort(["base", "actor"], descending=[True, False])
            .select("actor", "q05", "q50", "q95", "base"))
    out = table(rows, labels={"actor": "Actor", "q05": "5th percentile", "q50": "Median",
                              "q95": "95th percentile", "base": "At the defaults"},
                decimals={c: 2 for c in ("q05", "q50", "q95", "base")}, title=label[:1].upper() + label[1:])
    if output == "training_flop":
        out.gt = out.gt.fmt_scientific(columns=["q05", "q50", "q95", "base"], decimals=1)
    return out


def tornado_chart(frame: pl.DataFrame, actor: str | None = None, output: str = "revenue_usd_bn"):
    """Tornado: for the chosen actor and output (drop-downs), a bar from the output at each
    assumption's low to its high, assumptions ordered by swing, with a rule at the default value."""
    actors = frame["actor"].unique(maintain_order=True).to_list()
    outputs = [o for o in OUTPUTS if o in set(frame["output"])]
    labels = {o: _output_label(o) for o in outputs}
    f = frame.with_columns(output_label=pl.col("output").replace_strict(labels, default=pl.col("output")),
                           rank=pl.col("swing").rank("ordinal", descending=True).over("actor", "output"))
    pick_actor = charts.dropdown("tornado_actor", actors, "Actor ", value=actor or actors[0])
    pick_output = charts.dropdown("tornado_output", [labels[o] for o in outputs], "Output ",
                                  value=labels[output])
    base = alt.Chart(f).transform_filter(
        (alt.datum.actor == pick_actor) & (alt.datum.output_label == pick_output))
    y = alt.Y("name:N", sort=alt.EncodingSortField("rank", order="ascending"), title=None)
    tips = [alt.Tooltip("name:N", title="assumption"), alt.Tooltip("unit:N"),
            alt.Tooltip("setting_low:Q", title="set to low", format=",.4~g"),
            alt.Tooltip("setting_high:Q", title="set to high", format=",.4~g"),
            alt.Tooltip("low_value:Q", title="output at low", format=",.3~g"),
            alt.Tooltip("high_value:Q", title="output at high", format=",.3~g"),
            alt.Tooltip("base:Q", title="output at defaults", format=",.3~g"),
            alt.Tooltip("swing_pct:Q", title="swing, % of default", format=",.1f")]
    bars = base.mark_bar(color=charts.PALETTE[0], height={"band": 0.7}).encode(
        y=y, x=alt.X("low_value:Q", title="output (unit as in the menu)", scale=alt.Scale(zero=False)),
        x2="high_value:Q", tooltip=tips)
    ends = base.mark_point(shape="diamond", color=charts.PALETTE[3], size=50).encode(
        y=y, x="high_value:Q", tooltip=tips)
    rule = base.mark_rule(color=charts.INK, strokeDash=[4, 3]).encode(
        x="base:Q", tooltip=[alt.Tooltip("base:Q", title="output at defaults", format=",.3~g")])
    chart = alt.layer(bars, ends, rule).add_params(pick_actor, pick_output).properties(height=300)
    return charts.finish(
        chart, title="What moves the chain's output",
        source="genchain.chain; capital from funding_rounds.csv",
        subtitle="Bar: one assumption from low to high (diamond = high)",
        description="Tornado chart: for one actor and one output of the chain model, one horizontal bar per "
                    "assumption spanning the output at the assumption's low and high values, largest swing "
                    "on top, with a dashed rule at the output under the default assumptions.")


def bands_chart(frame: pl.DataFrame, output: str = "revenue_usd_bn"):
    """Interval chart: per actor the 5-95% Monte Carlo band (bar), median (point) and defaults (tick)."""
    outputs = [o for o in OUTPUTS if o in set(frame["output"])]
    labels = {o: _output_label(o) for o in outputs}
    f = frame.with_columns(output_label=pl.col("output").replace_strict(labels, default=pl.col("output")))
    pick = charts.dropdown("bands_output", [labels[o] for o in outputs], "Output ", value=labels[output])
    order = f.filter(pl.col("output") == outputs[0]).sort(["base", "actor"], descending=[True, False])["actor"].to_list()
    base = alt.Chart(f).transform_filter(alt.datum.output_label == pick)
    y = alt.Y("actor:N", sort=order, title=None)
    tips = [alt.Tooltip("actor:N"), alt.Tooltip("output_label:N", title="output"),
            alt.Tooltip("q05:Q", title="5th percentile", format=",.3~g"),
            alt.Tooltip("q50:Q", title="median", format=",.3~g"),
            alt.Tooltip("q95:Q", title="95th percentile", format=",.3~g"),
            alt.Tooltip("base:Q", title="at the defaults", format=",.3~g")]
    color = alt.Color("actor:N", scale=charts.color_scale(order), legend=None)
    band = base.mark_rule(strokeWidth=8, opacity=0.45).encode(
        y=y, x=alt.X("q05:Q", scale=alt.Scale(type="log"), title="output (log scale; unit as in the menu)"),
        x2="q95:Q", color=color, tooltip=tips)
    mid = base.mark_point(size=90, filled=True).encode(y=y, x="q50:Q", color=color, tooltip=tips)
    at_default = base.mark_tick(color=charts.INK, thickness=2, size=22).encode(y=y, x="base:Q", tooltip=tips)
    chart = alt.layer(band, mid, at_default).add_params(pick).properties(height=260)
    return charts.finish(
        chart, title="How uncertain the outputs are",
        source="genchain.scenarios; capital from funding_rounds.csv",
        subtitle="Band: 5-95th percentile; dot: median; tick: defaults",
        description="Interval chart: for each actor, a horizontal band from the 5th to the 95th percentile "
                    "of one chain output over the Monte Carlo draws, a dot at the median and a tick at the "
                    "value under the default assumptions, on a log scale.")
