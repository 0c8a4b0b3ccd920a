"""Chapter 3's charts: rounds, counts, multiples, the $30B sum, compute deals, market share, government, the what-if.

Each builder takes the frames of :mod:`genchain.chapters.fundraising` or
:mod:`genchain.chapters.commitments` (amounts in billion USD) and returns a finished Altair chart
(:func:`genchain.charts.finish`); :func:`ranking_panel` is the live twin of :func:`what_if_chart`.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import polars as pl

from genchain import charts, reference
from genchain.chapters.fundraising import (DENOMINATORS, INSTRUMENTS, PROVIDERS, RIVALS, WINDOWS, YES_NO,
                                           through_round, what_if_ranking, what_if_rows)
from genchain.data import day


def _years(field: str, title: str) -> alt.X:
    """A date x-axis labelled by year only (one tick per year, starting at a year's first day)."""
    return alt.X(field, title=title, axis=alt.Axis(format="%Y", tickCount="year"), scale=alt.Scale(nice="year"))


def _instrument() -> pl.Expr:
    """``capital_type`` as the reader's word for it (see :data:`INSTRUMENTS`)."""
    return pl.col("capital_type").replace(INSTRUMENTS)


def rounds_timeline_chart(frame: pl.DataFrame, company: str = "Anthropic"):
    """Every preferred financing row of ``company`` over time: amount (log), post-money (size), investor type (colour)."""
    rows = (frame.filter(pl.col("company") == company, pl.col("preferred"), pl.col("amount_usd_bn").is_not_null())
            .with_columns(date=pl.col("announced"),
                          post=pl.col("post_money_usd_bn").fill_null(0.0),
                          leads=pl.col("lead_investors").fill_null("(not stated)"), capital_type=_instrument())
            .select("date", "round", "amount_usd_bn", "post_money_usd_bn", "post", "leads", "investor_type",
                    "capital_type"))
    sel, highlight = charts.legend_highlight("investor_type", on=0.9)
    chart = alt.Chart(rows).mark_point(filled=True, stroke="#1f2933", strokeWidth=0.6).encode(
        x=_years("date:T", "Announced"),
        y=alt.Y("amount_usd_bn:Q", title="New money (billion USD, log scale)", scale=alt.Scale(type="log")),
        size=alt.Size("post:Q", title="Post-money (billion USD)", scale=alt.Scale(range=[60, 900]), legend=None),
        color=alt.Color("investor_type:N", title="Investor type", legend=alt.Legend(columns=1)),
        shape=alt.Shape("capital_type:N", title="Instrument", legend=alt.Legend(columns=1)),
        opacity=highlight,
        tooltip=[alt.Tooltip("round:N", title="Round"), alt.Tooltip("date:T", title="Announced"),
                 alt.Tooltip("amount_usd_bn:Q", title="Amount ($bn)", format=",.2f"),
                 alt.Tooltip("post_money_usd_bn:Q", title="Post-money ($bn)", format=",.1f"),
                 alt.Tooltip("leads:N", title="Leads"), alt.Tooltip("investor_type:N", title="Investor type"),
                 alt.Tooltip("capital_type:N", title="Instrument")],
    ).add_params(sel).properties(height=340)
    return charts.finish(
        chart, title=f"{company}: every round and tranche", source="funding_rounds.csv (preferred rows)",
        subtitle="Point size: post-money valuation. Click a legend entry to highlight",
        description=f"Scatter of {company}'s financing events by date; vertical position is the amount on a log "
                    "scale, point size the post-money valuation, colour the investor type.")


def cumulative_chart(paths: pl.DataFrame, companies: list[str], article_end: dt.date | str = reference.CUTOFF):
    """Cumulative new money as step lines per company, one counting rule at a time (a drop-down)."""
    counts = paths["count"].unique(maintain_order=True).to_list()
    pick = charts.dropdown("ch03_count", counts, "Count: ", value=counts[0])
    sel, highlight = charts.legend_highlight("company")
    data = paths.with_columns(pl.col("date").cast(pl.String).alias("day"), capital_type=_instrument())
    base = alt.Chart(data).transform_filter(alt.datum.count == pick)
    lines = base.mark_line(interpolate="step-after", point=True).encode(
        x=_years("date:T", "Announced"),
        y=alt.Y("cumulative_usd_bn:Q", title="Cumulative new money (billion USD)"),
        color=alt.Color("company:N", title="Company", scale=charts.color_scale(companies)),
        opacity=highlight,
        tooltip=[alt.Tooltip("company:N", title="Company"), alt.Tooltip("round:N", title="Round"),
                 alt.Tooltip("day:N", title="Announced"),
                 alt.Tooltip("amount_usd_bn:Q", title="This row ($bn)", format=",.2f"),
                 alt.Tooltip("cumulative_usd_bn:Q", title="Cumulative ($bn)", format=",.1f"),
                 alt.Tooltip("capital_type:N", title="Instrument")],
    ).add_params(pick, sel)
    rule = alt.Chart(pl.DataFrame({"date": [day(article_end)], "label": ["end of 2025 (article)"]})).mark_rule(
        strokeDash=[4, 4], color="#52606d").encode(x="date:T", tooltip=[alt.Tooltip("label:N", title="Marker")])
    return charts.finish(
        alt.layer(lines, rule).properties(height=340),
        title="Cumulative capital: OpenAI, Anthropic, xAI",
        source="funding_rounds.csv via genchain.rounds",
        subtitle="Dashed line: end of 2025 (the essay's date)",
        description="Step lines of cumulative new money for OpenAI, Anthropic and xAI from 2019 to 2026 under a "
                    "chosen counting rule, with a dashed line at the end of 2025.")


def counts_chart(ranked: pl.DataFrame, companies: list[str]):
    """Money raised by each company under each counting rule (dots), with its rank in the tooltip."""
    sel, highlight = charts.legend_highlight("company")
    data = ranked.filter(pl.col("company").is_in(companies))
    chart = alt.Chart(data).mark_point(size=130, filled=True).encode(
        y=alt.Y("count:N", title=None, sort=list(ranked["count"].unique(maintain_order=True)),
                axis=alt.Axis(labelLimit=240)),
        x=alt.X("raised_usd_bn:Q", title="New money counted (billion USD)"),
        color=alt.Color("company:N", title="Company", scale=charts.color_scale(companies),
                        legend=alt.Legend(columns=2)),
        opacity=highlight,
        tooltip=[alt.Tooltip("count:N", title="Counting rule"), alt.Tooltip("company:N", title="Company"),
                 alt.Tooltip("raised_usd_bn:Q", title="Raised ($bn)", format=",.1f"),
                 alt.Tooltip("rounds:Q", title="Rows counted"), alt.Tooltip("rank:Q", title="Rank among all companies")],
    ).add_params(sel).properties(height=260)
    return charts.finish(chart, title="How much, under which count?", source="funding_rounds.csv via genchain.rounds",
                         subtitle="Rank is among every company in the table",
                         description="Dot plot of the money raised by OpenAI, Anthropic, xAI and the next company "
                                     "under six counting rules.")


def multiples_chart(mult: pl.DataFrame, companies: list[str]):
    """Revenue multiple at each priced round (log), shape = run-rate or revenue, colour = company."""
    data = (mult.filter(pl.col("multiple").is_not_null(), pl.col("company").is_in(companies))
            .with_columns(denominator=pl.col("revenue_metric").replace(DENOMINATORS),
                          rev_day=pl.col("revenue_date").cast(pl.String)))
    sel, highlight = charts.legend_highlight("company")
    chart = alt.Chart(data).mark_point(size=140, filled=True).encode(
        x=_years("date:T", "Round announced"),
        y=alt.Y("multiple:Q", title="Post-money / latest revenue figure (x, log)", scale=alt.Scale(type="log")),
        color=alt.Color("company:N", title="Company", scale=charts.color_scale(companies), legend=alt.Legend(columns=1)),
        shape=alt.Shape("denominator:N", title="Denominator", legend=alt.Legend(columns=1)),
        opacity=highlight,
        tooltip=[alt.Tooltip("company:N", title="Company"), alt.Tooltip("round:N", title="Round"),
                 alt.Tooltip("post_money_usd_bn:Q", title="Post-money ($bn)", format=",.1f"),
                 alt.Tooltip("denominator:N", title="Denominator"),
                 alt.Tooltip("revenue_usd_bn:Q", title="Revenue figure ($bn)", format=",.2f"),
                 alt.Tooltip("rev_day:N", title="Figure dated"),
                 alt.Tooltip("multiple:Q", title="Multiple (x)", format=",.1f")],
    ).add_params(sel).properties(height=320)
    return charts.finish(chart, title="Price per dollar of revenue",
                         source="funding_rounds.csv, revenue.csv (latest figure at or before each round)",
                         subtitle="Run-rate is not revenue: compare shapes with care",
                         description="Scatter of valuation-to-revenue multiples at each priced round of OpenAI, "
                                     "Anthropic and xAI, on a log scale, shaped by whether the denominator is a "
                                     "run-rate or a full-year revenue figure.")


def glue_chart(frame: pl.DataFrame, company: str = "Anthropic", last_round: str = "Series F",
               named: tuple[str, ...] = ("Series E", "Series F")):
    """Stacked bars: the named rounds alone, and everything raised up to ``last_round`` (with and without pledges)."""
    upto = through_round(frame, company, last_round)
    rows = pl.concat([
        frame.filter(pl.col("company") == company, pl.col("round").is_in(list(named)), pl.col("preferred"))
        .select("round", "amount_usd_bn", "capital_type").with_columns(bar=pl.lit(" + ".join(named)[:40] + " only")),
        upto.filter(pl.col("capital_type") != "strategic_tranche").select("round", "amount_usd_bn", "capital_type")
        .with_columns(bar=pl.lit(f"all up to {last_round}, no pledges")),
        upto.select("round", "amount_usd_bn", "capital_type").with_columns(bar=pl.lit(f"all up to {last_round}, with pledges")),
    ]).with_columns(capital_type=_instrument())
    totals = rows.group_by("bar", maintain_order=True).agg(total=pl.col("amount_usd_bn").sum())
    sel, highlight = charts.legend_highlight("capital_type", off=0.2)
    bars = alt.Chart(rows).mark_bar(stroke="#ffffff", strokeWidth=0.8).encode(
        y=alt.Y("bar:N", title=None, sort=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("sum(amount_usd_bn):Q", title="Billion USD"),
        color=alt.Color("capital_type:N", title="Instrument", legend=alt.Legend(columns=2)),
        order=alt.Order("amount_usd_bn:Q", sort="descending"),
        opacity=highlight,
        tooltip=[alt.Tooltip("bar:N", title="Bar"), alt.Tooltip("round:N", title="Row"),
                 alt.Tooltip("amount_usd_bn:Q", title="Amount ($bn)", format=",.2f"),
                 alt.Tooltip("capital_type:N", title="Instrument")],
    ).add_params(sel)
    rule = alt.Chart(pl.DataFrame({"x": [30.0], "label": ["the article's 'over $30B'"]})).mark_rule(
        color="#D55E00", strokeDash=[5, 3], strokeWidth=2).encode(x="x:Q", tooltip=[alt.Tooltip("label:N", title="Marker")])
    label = alt.Chart(totals).mark_text(align="left", dx=6, fontSize=12, color="#1f2933").encode(
        y=alt.Y("bar:N", sort=None), x="total:Q", text=alt.Text("total:Q", format="$,.1f"))
    return charts.finish(alt.layer(bars, rule, label).properties(height=200),
                         title="What adds up to 'over $30B'?", source="funding_rounds.csv (preferred rows)",
                         subtitle="Dashed line: $30B; labels: each bar's total ($bn). Hover a segment for the round",
                         description=f"Three stacked bars: {company}'s {', '.join(named)} alone; every new-money row "
                                     f"up to {last_round} without strategic pledges; and with them; against a line at $30B.")


def commitments_chart(classified: pl.DataFrame, capital: float, company: str = "Anthropic"):
    """Dollar compute commitments of ``company`` by date and kind (ceilings hollow), with a rule at capital raised."""
    data = (classified.filter(pl.col("company") == company, pl.col("value_usd_bn").is_not_null())
            .with_columns(ceiling_txt=pl.when(pl.col("ceiling")).then(pl.lit("yes ('up to')")).otherwise(pl.lit("no")),
                          period=pl.when(pl.col("after_article")).then(pl.lit("after 2025")).otherwise(pl.lit("2023-2025")),
                          gw=pl.col("capacity_gw"), chips=pl.col("chips_or_units").fill_null(""))
            .select("date", "counterparty", "deal_type", "value_usd_bn", "kind", "ceiling_txt", "period", "gw", "chips"))
    sel, highlight = charts.legend_highlight("kind", on=0.95)
    pts = alt.Chart(data).mark_point(size=160, filled=True).encode(
        x=_years("date:T", "Announced"),
        y=alt.Y("value_usd_bn:Q", title="Dollar value (billion USD)"),
        color=alt.Color("kind:N", title="Kind", legend=alt.Legend(columns=1)),
        shape=alt.Shape("period:N", title="Period", legend=alt.Legend(columns=1)),
        opacity=highlight,
        tooltip=[alt.Tooltip("counterparty:N", title="Counterparty"), alt.Tooltip("deal_type:N", title="Deal"),
                 alt.Tooltip("date:T", title="Announced"),
                 alt.Tooltip("value_usd_bn:Q", title="Value ($bn)", format=",.0f"), alt.Tooltip("kind:N", title="Kind"),
                 alt.Tooltip("ceiling_txt:N", title="Has an 'up to' figure?"), alt.Tooltip("gw:Q", title="Capacity (GW)"),
                 alt.Tooltip("chips:N", title="Chips")],
    ).add_params(sel)
    marker = pl.DataFrame({"y": [capital], "label": ["capital raised to end-2025 (with pledges)"],
                           "text": [f"capital raised to end-2025: ${capital:,.1f}B"]})
    rule = alt.Chart(marker).mark_rule(color="#52606d", strokeDash=[6, 3], strokeWidth=2).encode(
        y="y:Q", tooltip=[alt.Tooltip("label:N", title="Line"), alt.Tooltip("y:Q", title="$bn", format=",.1f")])
    rule_text = alt.Chart(marker).mark_text(align="left", baseline="bottom", dy=-4, color="#52606d", fontSize=11).encode(
        y="y:Q", x=alt.value(4), text="text:N")
    return charts.finish(alt.layer(pts, rule, rule_text).properties(height=330),
                         title=f"{company}: compute deals vs money raised",
                         source="compute_deals.csv, funding_rounds.csv",
                         subtitle="Dashed line: capital raised to end-2025",
                         description=f"Scatter of {company}'s compute and cloud deals by date and dollar value, coloured "
                                     "by kind (purchase commitment, own build plan, partner capex, projection), with a "
                                     "horizontal line at the capital raised to the end of 2025.")


def share_chart(points: pl.DataFrame, entities: list[str]):
    """Market-share estimates over time: colour = company, shape = measure (legend-selectable)."""
    data = points.filter(pl.col("entity").is_in(entities)).with_columns(day=pl.col("approx_date").cast(pl.String))
    sel, highlight = charts.legend_highlight("measure", off=0.12)
    base = alt.Chart(data).encode(
        x=_years("approx_date:T", "Period (approximate date)"),
        y=alt.Y("share_pct:Q", title="Share (%)"),
        color=alt.Color("entity:N", title="Company", scale=charts.color_scale(entities), legend=alt.Legend(columns=1)),
        opacity=highlight)
    pts = base.mark_point(size=110, filled=True).encode(
        shape=alt.Shape("measure:N", title="Source: measure", legend=alt.Legend(columns=1, labelLimit=230)),
        tooltip=[alt.Tooltip("measure:N", title="Measure"), alt.Tooltip("segment:N", title="Segment"),
                 alt.Tooltip("period:N", title="Period as stated"),
                 alt.Tooltip("entity:N", title="Company"), alt.Tooltip("share_pct:Q", title="Share (%)", format=".1f")],
    ).add_params(sel)
    return charts.finish(pts.properties(height=330),
                         title=f"Market share: {data['source_org'].n_unique()} sources, "
                               f"{data['measure'].n_unique()} measures",
                         source="market_share.csv (Menlo Ventures, a16z, Ramp, Counterpoint as relayed)",
                         subtitle="Each point is one survey snapshot; click a measure to isolate it",
                         description="Scatter of Anthropic's, OpenAI's and Google's market shares from "
                                     "several surveys between 2023 and 2026; each source measures a different quantity.")


def government_chart(timeline: pl.DataFrame):
    """Government contracts and actions on a date axis, one lane per company, colour = stance."""
    data = timeline.with_columns(day=pl.col("date").cast(pl.String),
                                 text=pl.col("description").str.slice(0, 140))
    sel, highlight = charts.legend_highlight("stance", on=0.9, off=0.12)
    chart = alt.Chart(data).mark_point(size=170, filled=True).encode(
        x=_years("date:T", "Date"),
        y=alt.Y("company:N", title=None),
        yOffset=alt.YOffset("kind:N"),
        color=alt.Color("stance:N", title="Stance", scale=alt.Scale(
            domain=["for Anthropic", "against Anthropic", "response or ruling", "rival"],
            range=["#009E73", "#D55E00", "#CC79A7", "#000000"]), legend=alt.Legend(columns=1)),
        shape=alt.Shape("kind:N", title="Row", legend=alt.Legend(columns=1)),
        opacity=highlight,
        tooltip=[alt.Tooltip("day:N", title="Date"), alt.Tooltip("company:N", title="Company"),
                 alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("stance:N", title="Stance"),
                 alt.Tooltip("text:N", title="What happened"),
                 alt.Tooltip("ceiling_usd_bn:Q", title="Ceiling ($bn)", format=",.1f")],
    ).add_params(sel).properties(height=220)
    return charts.finish(chart, title="US government and Anthropic, 2024-2026",
                         source="contracts.csv, events.csv",
                         subtitle="Hover a point; 2026 rows post-date the essay",
                         description="Timeline of US government contracts, offers and actions involving Anthropic "
                                     "and OpenAI from 2024 to mid-2026, coloured by whether the row was a gain or a "
                                     "setback for Anthropic.")


def benchmarks_chart(cmp: pl.DataFrame, company_label: str, amount: float):
    """National totals as dots on a log axis, with a rule at one company's amount."""
    data = (cmp.with_columns(pl.col("provider").replace(PROVIDERS))  # readable names, in labels and tooltips
            .with_columns(label=pl.col("geography") + " (" + pl.col("year").cast(pl.String) + ", " + pl.col("provider") + ")"))
    bars = alt.Chart(data).mark_point(color="#0072B2", filled=True, size=150).encode(
        y=alt.Y("label:N", title=None, sort="x", axis=alt.Axis(labelLimit=220)),
        x=alt.X("amount_usd_bn:Q", title="Billion USD (log)", scale=alt.Scale(type="log")),
        tooltip=[alt.Tooltip("geography:N", title="Country"), alt.Tooltip("year:Q", title="Year"),
                 alt.Tooltip("provider:N", title="Provider"),
                 alt.Tooltip("amount_usd_bn:Q", title="Private AI investment ($bn)", format=",.2f"),
                 alt.Tooltip("ratio:Q", title=f"{company_label} / country", format=".2f")])
    rule = alt.Chart(pl.DataFrame({"x": [amount], "label": [company_label]})).mark_rule(
        color="#D55E00", strokeWidth=2.5).encode(x="x:Q", tooltip=[alt.Tooltip("label:N", title="Line"),
                                                                   alt.Tooltip("x:Q", title="$bn", format=",.2f")])
    return charts.finish(alt.layer(bars, rule).properties(height=230),
                         title="One company vs whole countries",
                         source="funding_rounds.csv; ai_investment.csv (AI Index, CSET)",
                         subtitle=f"Red line: {company_label}",
                         description=f"Bar chart of national private AI investment totals on a log scale with a "
                                     f"vertical line at {company_label}.")


# --------------------------------------------------------------------------- the what-if (kernel-free + live)

def ranking_bars(ranked: pl.DataFrame, title: str = "Who raised the most? (live panel)"):
    """Horizontal bars of a :func:`what_if_ranking` result, with the rank as a label."""
    companies = ranked["company"].to_list()
    order = [c for c in RIVALS if c in companies] + [c for c in companies if c not in RIVALS]
    base = alt.Chart(ranked).encode(
        y=alt.Y("company:N", title=None, sort=order),
        x=alt.X("raised_usd_bn:Q", title="New money counted (billion USD)"),
        tooltip=[alt.Tooltip("company:N", title="Company"), alt.Tooltip("raised_usd_bn:Q", title="$bn", format=",.1f"),
                 alt.Tooltip("rank:Q", title="Rank")])
    bars = base.mark_bar().encode(color=alt.Color("company:N", legend=None, scale=charts.color_scale(order)))
    text = base.mark_text(align="left", dx=4, color="#1f2933").encode(text=alt.Text("raised_usd_bn:Q", format=",.1f"))
    return charts.finish(alt.layer(bars, text).properties(height=160), title=title,
                         source="funding_rounds.csv via genchain.chapters.fundraising",
                         description="Bar chart of the new money counted for each company under the chosen rule.")


def what_if_chart(rows: pl.DataFrame):
    """Kernel-free what-if: a cut-off slider and three drop-downs re-rank OpenAI, Anthropic and xAI in the browser."""
    cutoff = charts.slider("ch03_cutoff", 2026.0, 2019.5, 2026.5, 0.25, "Cut-off (decimal year; 2026.0 = end of 2025) ")
    window = charts.dropdown("ch03_window", WINDOWS, "Window: ")
    pledges = charts.dropdown("ch03_pledges", YES_NO, "'Up to' pledges: ")
    debt = charts.dropdown("ch03_debt", YES_NO, "Debt: ", value=YES_NO[1])
    companies = rows["company"].unique(maintain_order=True).to_list()
    keep = ("datum.t < ch03_cutoff && (ch03_window == '" + WINDOWS[0] + "' || datum.t >= ch03_cutoff - 1)"
            " && (ch03_pledges == '" + YES_NO[0] + "' || !datum.is_pledge)"
            " && (ch03_debt == '" + YES_NO[0] + "' || !datum.is_debt)")
    base = (alt.Chart(rows).add_params(cutoff, window, pledges, debt)
            .transform_filter(keep)
            .transform_aggregate(raised="sum(amount_usd_bn)", rows="count()", groupby=["company"])
            .transform_window(rank="rank()", sort=[alt.SortField("raised", order="descending")])
            .transform_calculate(label="'#' + datum.rank + '  $' + format(datum.raised, ',.1f') + 'B'"))
    enc = dict(y=alt.Y("company:N", title=None, sort=companies),
               tooltip=[alt.Tooltip("company:N", title="Company"), alt.Tooltip("raised:Q", title="$bn", format=",.1f"),
                        alt.Tooltip("rank:Q", title="Rank"), alt.Tooltip("rows:Q", title="Rows counted (incl. a zero row)")])
    bars = base.mark_bar().encode(x=alt.X("raised:Q", title="New money counted (billion USD)"),
                                  color=alt.Color("company:N", legend=None, scale=charts.color_scale(companies)), **enc)
    text = base.mark_text(align="left", dx=4, color="#1f2933", fontSize=12).encode(
        x="raised:Q", text="label:N", **enc)
    return charts.finish(alt.layer(bars, text).properties(height=170),
                         title="Try it: who is second?",
                         source="funding_rounds.csv via genchain.chapters.fundraising",
                         subtitle="Move the cut-off; switch pledges, debt, window",
                         description="Bar chart of new money raised by OpenAI, Anthropic and xAI up to a cut-off date "
                                     "chosen with a slider, with drop-downs for strategic pledges, debt and a 12-month "
                                     "window; labels give each company's rank.")


def ranking_panel(frame: pl.DataFrame, companies: list[str] = RIVALS):
    """The live twin of :func:`what_if_chart`: a :class:`genchain.widgets.Panel` whose result is a bar chart.

    ``panel.result.data`` is the :func:`what_if_ranking` frame for the current controls.
    """
    from genchain import widgets

    rows = what_if_rows(frame, companies)

    def show(cutoff, window, pledges, debt):
        return ranking_bars(what_if_ranking(rows, cutoff, window, pledges, debt))

    return widgets.Panel(show, title="Who raised the most, under your count",
                         cutoff=widgets.slider(2026.0, 2019.5, 2026.5, 0.25, "Cut-off (decimal year)"),
                         window=widgets.choice(WINDOWS, "Window"),
                         pledges=widgets.choice(YES_NO, "'Up to' pledges"),
                         debt=widgets.choice(YES_NO, "Debt", value=YES_NO[1]))
