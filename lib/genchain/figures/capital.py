"""Chapter 1's charts of where AI money goes (book/01-capital.ipynb): the US share by definition, country
shares and their HHI, the 2025 mega-rounds, the capital loop, Japan's money in yen and dollars, and the
yen what-if (static chart and live panel).

The numbers are :mod:`genchain.chapters.capital`; every chart goes through :func:`genchain.charts.finish`.
Units as there: USD bn, JPY bn, percent shares, HHI 0-10,000, FLOP.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import polars as pl

from genchain import chain, charts, concentration, fx
from genchain.chapters.capital import japan_share, japan_share_pct, world_ai_totals
from genchain.widgets import Panel, choice, slider

__all__ = ["chart_us_share", "chart_country_shares", "chart_concentration", "chart_mega_rounds", "chart_scatter",
           "chart_japan_funding", "chart_japan_whatif", "japan_share_panel"]


def chart_us_share(shares: pl.DataFrame):
    """Chapter 1: the US share under every definition, one bar per definition and period; 80% marked."""
    d = shares.with_columns(period=pl.when(pl.col("coverage") == "full_year").then(pl.col("year").cast(pl.String))
                            .otherwise(pl.col("coverage")),
                            year_s=pl.col("year").cast(pl.String))
    short = pl.col("definition").str.split(":").list.first().str.replace(r" \(.*\)", "")
    short = pl.when(pl.col("measure").str.starts_with("genai")).then(short + " genAI").otherwise(short)
    d = d.with_columns(row=pl.concat_str(short, pl.lit(", "), "period"))
    legend, fade = charts.legend_highlight("year_s", off=0.2)
    bars = alt.Chart(d).mark_bar().encode(
        x=alt.X("share_pct:Q", title="US (or North America) share, %", scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("row:N", sort="-x", title=None, axis=alt.Axis(labelLimit=130)),
        color=alt.Color("year_s:N", title="Year", scale=alt.Scale(range=["#9aa5b1", "#56B4E9", "#0072B2"])),
        opacity=fade,
        tooltip=[alt.Tooltip("definition:N"), alt.Tooltip("period:N"), alt.Tooltip("geography:N", title="Region"),
                 alt.Tooltip("share_pct:Q", title="Share, %", format=".1f"), alt.Tooltip("basis:N"),
                 alt.Tooltip("us_usd_bn:Q", title="US, USD bn", format=",.1f"),
                 alt.Tooltip("world_usd_bn:Q", title="World, USD bn", format=",.1f")]).add_params(legend)
    rule = charts.reference_line(80.0, "the essay's 80%")
    return charts.finish(alt.layer(bars, rule).properties(height=380), title="US share of AI money, by definition",
                         source="eight providers in data/ai_investment.csv",
                         description="Horizontal bars of the US or North American share of AI investment for each provider "
                                     "and period, 2023 to 2025, with a dashed line at 80 percent.")


def chart_country_shares(by_country: pl.DataFrame):
    """Chapter 1: each country's share of world AI equity (CSET) per year; legend-bound highlight."""
    s = concentration.shares(by_country, "geography", "usd_bn", by="year").with_columns(share_pct=pl.col("share") * 100)
    order = (s.group_by("geography").agg(pl.col("usd_bn").sum()).sort(["usd_bn", "geography"], descending=[True, False])["geography"].to_list())
    legend, fade = charts.legend_highlight("geography", off=0.12)
    chart = alt.Chart(s).mark_line(point=True).encode(
        x=alt.X("year:O", title=None), y=alt.Y("share_pct:Q", title="share of world AI equity investment, %"),
        color=alt.Color("geography:N", scale=charts.color_scale(order), sort=order, title=None),
        opacity=fade,
        tooltip=[alt.Tooltip("geography:N"), alt.Tooltip("year:O"), alt.Tooltip("share_pct:Q", title="Share, %", format=".2f"),
                 alt.Tooltip("usd_bn:Q", title="USD bn (2021 prices)", format=",.2f")]).add_params(legend)
    return charts.finish(chart.properties(height=320), title="Shares of world AI equity, 2014–2023",
                         source="CSET via Our World in Data (CC BY 4.0)",
                         description="Lines of each country's share of world AI equity investment per year from 2014 to "
                                     "2023; the United States stays far above every other country.")


def chart_concentration(conc: pl.DataFrame):
    """Chapter 1: HHI band (low-high) and the 1,800 'highly concentrated' line, per year."""
    d = conc.with_columns(us_pct=pl.col("us_share") * 100, top3_pct=pl.col("top_3_share") * 100)
    hover = alt.selection_point(fields=["year"], on="pointerover", nearest=True, empty=False)
    tip = [alt.Tooltip("year:O"), alt.Tooltip("hhi_low:Q", title="HHI, low", format=",.0f"),
           alt.Tooltip("hhi_high:Q", title="HHI, high", format=",.0f"), alt.Tooltip("us_pct:Q", title="US share, %", format=".1f"),
           alt.Tooltip("top3_pct:Q", title="Top-3 share, %", format=".1f")]
    x = alt.X("year:O", title=None)
    band = alt.Chart(d).mark_area(opacity=0.35, color="#0072B2").encode(
        x=x, y=alt.Y("hhi_low:Q", title="HHI (0–10,000) across countries", scale=alt.Scale(domain=[0, 10000])),
        y2="hhi_high:Q", tooltip=tip)
    pts = alt.Chart(d).mark_point(filled=True, color="#0072B2").encode(
        x=x, y="hhi_high:Q", size=alt.condition(hover, alt.value(160), alt.value(50)), tooltip=tip).add_params(hover)
    rule = charts.reference_line(1800.0, "1,800: 'highly concentrated' in US merger practice", axis="y")
    return charts.finish(alt.layer(band, rule, pts).properties(height=300), title="HHI of AI money across countries",
                         source="CSET via Our World in Data",
                         description="A shaded band per year between a low and a high estimate of the HHI of AI equity "
                                     "investment across countries, always well above the 1,800 line.")


def chart_mega_rounds(year_raised: pl.DataFrame):
    """Chapter 1: new money per company in one year, split into priced rounds and strategic pledges."""
    legend, fade = charts.legend_highlight("kind", off=0.2)
    chart = alt.Chart(year_raised).mark_bar().encode(
        x=alt.X("usd_bn:Q", title="new money, USD bn", stack=True),
        # "max", not the default sum: a company with two kinds of money has two rows with the same total
        y=alt.Y("company:N", sort=alt.EncodingSortField("total", op="max", order="descending"), title=None),
        color=alt.Color("kind:N", title=None, scale=alt.Scale(range=["#0072B2", "#E69F00"])),
        opacity=fade,
        tooltip=[alt.Tooltip("company:N"), alt.Tooltip("kind:N"), alt.Tooltip("usd_bn:Q", title="USD bn", format=",.1f"),
                 alt.Tooltip("total:Q", title="Company total, USD bn", format=",.1f")]).add_params(legend)
    return charts.finish(chart.properties(height=320), title="The 2025 mega-rounds",
                         source="data/funding_rounds.csv (book counting rule)",
                         description="Horizontal stacked bars of new money raised in 2025 per company, priced rounds in "
                                     "blue and strategic pledges in orange; OpenAI, Anthropic and Scale AI lead.")


def chart_scatter(points: pl.DataFrame, x: str, y: str, label: str, xtitle: str, ytitle: str, title: str,
                  source: str, description: str, fit: dict | None = None, ylog: bool = True, color: str = "country"):
    """A log-log (or log-linear) scatter with labels, a legend-bound highlight and an optional fitted line."""
    d = points.drop_nulls([x, y])
    names = sorted(d[color].unique().to_list())
    legend, fade = charts.legend_highlight(color, on=0.95)
    yscale = alt.Scale(type="log") if ylog else alt.Scale(zero=False)
    tip = [alt.Tooltip(f"{label}:N"), alt.Tooltip(f"{color}:N"), alt.Tooltip(f"{x}:Q", title=xtitle, format=",.3~f"),
           alt.Tooltip(f"{y}:Q", title=ytitle, format=".3~s" if ylog else ",.1f")]
    enc = dict(x=alt.X(f"{x}:Q", scale=alt.Scale(type="log"), title=xtitle), y=alt.Y(f"{y}:Q", scale=yscale, title=ytitle))
    dots = alt.Chart(d).mark_circle(size=110).encode(
        **enc, color=alt.Color(f"{color}:N", scale=charts.color_scale(names), title=None),
        opacity=fade, tooltip=tip).add_params(legend)
    # neighbours along x take opposite sides, so close points (OpenAI, Anthropic) keep apart labels
    d = d.sort(x, label).with_columns(side=pl.int_range(pl.len()) % 2)
    text = [alt.Chart(d.filter(pl.col("side") == k)).mark_text(
        align=align, dx=dx, dy=dy, fontSize=10, color=charts.INK).encode(
        **enc, text=f"{label}:N", opacity=alt.condition(legend, alt.value(1.0), alt.value(0.2)))
        for k, align, dx, dy in ((0, "left", 7, -7), (1, "right", -7, 10))]
    layers = [dots, *text]
    if fit:
        lo, hi = float(d[x].min()), float(d[x].max())
        xs = np.logspace(np.log10(lo), np.log10(hi), 20)
        ys = fit["intercept"] + fit["slope"] * np.log10(xs)
        line = pl.DataFrame({x: xs, y: 10 ** ys if ylog else ys, "fit": [f"OLS slope {fit['slope']:.2f}"] * 20})
        layers.insert(0, alt.Chart(line).mark_line(color="#7b8794", strokeDash=[5, 3]).encode(
            **enc, tooltip=[alt.Tooltip("fit:N", title="Fitted line")]))
    return charts.finish(alt.layer(*layers).properties(height=340), title=title, source=source, description=description)


def chart_japan_funding(jf: pl.DataFrame):
    """Chapter 1: Japan's start-up and VC totals, in yen or dollars (drop-down), one colour per provider."""
    unit = charts.dropdown("ch01_unit", ["yen (JPY bn)", "dollars (USD bn)"], "Show in: ")
    d = jf.filter(pl.col("full_year") | pl.col("coverage").str.starts_with("FY")).with_columns(
        series=pl.col("series")
        + pl.when(pl.col("measure") == "vc_investment_by_domestic_vcs_in_japan").then(pl.lit(" in Japan"))
        .when(pl.col("measure") == "vc_investment_by_domestic_vcs").then(pl.lit(" everywhere"))
        .otherwise(pl.lit("")))
    legend, fade = charts.legend_highlight("series", off=0.12)
    chart = alt.Chart(d).transform_calculate(
        shown=f"{unit.name} == 'yen (JPY bn)' ? datum.jpy_bn : datum.usd_converted_bn").mark_line(point=True).encode(
        x=alt.X("year:O", title=None), y=alt.Y("shown:Q", title="billion (yen or USD, per the drop-down)"),
        color=alt.Color("series:N", title=None), opacity=fade,
        tooltip=[alt.Tooltip("series:N", title="Series"), alt.Tooltip("year:O", title="Year"),
                 alt.Tooltip("period:N", title="Period"),
                 alt.Tooltip("jpy_bn:Q", title="JPY bn", format=",.1f"), alt.Tooltip("per_usd:Q", title="JPY per USD", format=".2f"),
                 alt.Tooltip("usd_converted_bn:Q", title="USD bn (converted)", format=",.2f")]).add_params(unit, legend)
    return charts.finish(chart.properties(height=320), title="Japan's start-up and VC money",
                         source="six Japanese series; fx_rates.csv",
                         description="Lines of Japan's yearly start-up funding by provider, switchable between billions of "
                                     "yen and billions of dollars; the totals stay between about 2 and 7 billion dollars.")


def chart_japan_whatif(totals: pl.DataFrame, japan_jpy_bn: float, jpy_per_usd: float):
    """Chapter 1 'Try it': yen rate (slider) and world definition (drop-down) -> Japan's share; 1% marked."""
    rate = charts.slider("ch01_rate", jpy_per_usd, 80, 200, 1, "Yen per US dollar: ")
    defs = totals["definition"].to_list()
    pick = charts.dropdown("ch01_def", defs, "World AI total: ", value=defs[0])
    d = totals.with_columns(japan_jpy_bn=pl.lit(japan_jpy_bn))
    base = alt.Chart(d).transform_calculate(
        japan_usd_bn=chain.vega(fx.local_to_usd, "datum.japan_jpy_bn", rate.name),
        share_pct=chain.vega(japan_share_pct, "datum.japan_jpy_bn", rate.name, "datum.usd_bn"),
        chosen=f"datum.definition == {pick.name}")
    bars = base.mark_bar().encode(
        x=alt.X("share_pct:Q", title="Japan's start-up money as % of the world's AI money", scale=alt.Scale(domain=[0, 5])),
        y=alt.Y("definition:N", sort=defs, title=None, axis=alt.Axis(labelLimit=120)),
        color=alt.condition("datum.chosen", alt.value("#CC79A7"), alt.value("#c3cad2")),
        tooltip=[alt.Tooltip("definition:N"), alt.Tooltip("usd_bn:Q", title="World AI, USD bn", format=",.1f"),
                 alt.Tooltip("japan_usd_bn:Q", title="Japan, USD bn", format=",.2f"),
                 alt.Tooltip("share_pct:Q", title="Share, %", format=".2f")]).add_params(rate, pick)
    text = base.mark_text(align="left", dx=4, fontSize=11).encode(
        x="share_pct:Q", y=alt.Y("definition:N", sort=defs), text=alt.Text("share_pct:Q", format=".2f"),
        tooltip=[alt.Tooltip("share_pct:Q", title="Share, %", format=".2f")])
    rule = charts.reference_line(1.0, "1%: the essay's threshold")
    return charts.finish(alt.layer(bars, text, rule).properties(height=230),
                         title="Try it: Japan's share vs the yen",
                         source="INITIAL 2024; world totals in ai_investment.csv",
                         description="Bars of Japan's start-up funding as a percent of five world AI totals; a slider sets "
                                     "the yen rate and a drop-down highlights one definition; a dashed line marks 1 percent.")


def japan_share_panel(inv: pl.DataFrame, japan_jpy_bn: float, jpy_per_usd: float = 151.37, year: int = 2025):
    """Live panel: pick a definition of the world AI total and an exchange rate; see Japan's share.

    ``japan_jpy_bn`` is the yen total compared (e.g. INITIAL's 2024 start-up funding, all
    sectors). The result is a one-row polars frame: definition, world_usd_bn, jpy_per_usd,
    japan_usd_bn, share_pct.
    """
    totals = world_ai_totals(inv, year)
    world = dict(totals.select("definition", "usd_bn").iter_rows())

    def show(definition: str, jpy_per_usd: float) -> pl.DataFrame:
        r = japan_share(japan_jpy_bn, jpy_per_usd, world[definition])
        return pl.DataFrame({"definition": [definition], "world_usd_bn": [world[definition]],
                             "jpy_per_usd": [jpy_per_usd], "japan_usd_bn": [r["japan_usd_bn"]],
                             "share_pct": [r["share_pct"]]})

    default = "Crunchbase: AI venture + growth" if "Crunchbase: AI venture + growth" in world else next(iter(world))
    return Panel(show, title="Japan's yearly start-up money against the world's AI money",
                 table_labels={"definition": "World AI total", "world_usd_bn": "World (USD bn)",
                               "jpy_per_usd": "Yen per USD", "japan_usd_bn": "Japan (USD bn)",
                               "share_pct": "Japan's share (%)"},
                 definition=choice(list(world), "World AI total", value=default),
                 jpy_per_usd=slider(jpy_per_usd, 80.0, 200.0, 1.0, "Yen per US dollar"))
