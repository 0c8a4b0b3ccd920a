"""Chapter 4's charts (book/04-anduril.ipynb): valuations, revenue, events, contracts, money by route,
defence-tech VC, budget lines, and the contract loop (static what-if and live panel).

The numbers are :mod:`genchain.chapters.defense` and :mod:`genchain.chapters.defense_loop`; every chart
goes through :func:`genchain.charts.finish` (here with one-column legends, see :func:`_finish`).
Amounts are billion USD.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import polars as pl

from genchain import charts, data
from genchain.chapters.defense import annual_revenue, venture_by_year
from genchain.chapters.defense_loop import contract_loop, loop_defaults

__all__ = ["ACTUAL_COLORS", "loop_chart", "loop_panel", "valuation_chart", "revenue_chart", "timeline_chart",
           "contracts_chart", "money_chart", "vc_chart", "budget_chart", "whatif_chart"]

ACTUAL_COLORS = {"Anduril": "#D55E00", "Palantir": "#CC79A7", "model": "#0072B2"}


def loop_chart(path: pl.DataFrame, actual: pl.DataFrame, title: str = "The contract loop (live)"):
    """Model revenue path (line) against actual annual revenue points (``actual``: company, year,
    value_usd_bn, basis), through :func:`genchain.charts.finish`."""
    model = alt.Chart(path.select("year", "revenue_usd_bn", "award_usd_bn", "systems")).mark_line(
        point=True, color=ACTUAL_COLORS["model"]).encode(
        x=alt.X("year:Q", title="Year", scale=alt.Scale(zero=False, nice=False, padding=12), axis=alt.Axis(format="d", tickMinStep=1)), y=alt.Y("revenue_usd_bn:Q", title="Revenue (USD bn)"),
        tooltip=["year", alt.Tooltip("revenue_usd_bn:Q", format=".2f", title="model revenue"),
                 alt.Tooltip("award_usd_bn:Q", format=".2f", title="expected awards"),
                 alt.Tooltip("systems:Q", format=".1f")])
    pts = alt.Chart(actual.select("company", "year", "value_usd_bn", "basis")).mark_point(size=90, filled=True).encode(
        x="year:Q", y="value_usd_bn:Q",
        color=alt.Color("company:N", scale=charts.color_scale(["Anduril", "Palantir"]), title="Reported"),
        shape=alt.Shape("basis:N", title="Basis", legend=alt.Legend(columns=1)),
        tooltip=["company", "year", alt.Tooltip("value_usd_bn:Q", format=".2f", title="USD bn"), "basis"])
    return _finish(model + pts, title=title, source="genchain.chapters.defense model; revenue.csv",
                         description="A blue line shows the loop model's revenue by year; dots show Anduril's and Palantir's reported revenue.")


def loop_panel(actual: pl.DataFrame | None = None, venture: pl.DataFrame | None = None):
    """A live :class:`genchain.widgets.Panel`: sliders for win rate, contract size and reinvestment share
    redraw :func:`loop_chart` (other parameters at their defaults). ``panel.result`` is the chart;
    ``panel.path`` the model frame behind it."""
    from genchain.widgets import Panel, slider  # ipywidgets: only when a live panel is asked for

    if actual is None:
        actual = annual_revenue(data.load("revenue"), ["Anduril", "Palantir"])
    if venture is None:
        venture = venture_by_year(data.load("funding_rounds"), "Anduril")

    def draw(win_rate, contract_size, reinvest_share):
        panel.path = contract_loop(win_rate=win_rate, contract_size=contract_size,
                                   reinvest_share=reinvest_share, venture=venture)
        return loop_chart(panel.path, actual)

    panel = Panel.__new__(Panel)
    panel.path = None
    d = loop_defaults()
    Panel.__init__(panel, draw, title="Contract loop (live)",
                   win_rate=slider(d["win_rate"], 0.1, 0.6, 0.1, "Win rate"),
                   contract_size=slider(d["contract_size"], 0.25, 1.5, 0.25, "Contract size (USD bn)"),
                   reinvest_share=slider(d["reinvest_share"], 0.0, 0.6, 0.1, "Reinvested share"))
    return panel


def _finish(chart, **kw):
    """:func:`genchain.charts.finish` plus one-column legends (side-by-side bottom legends would
    otherwise squeeze the plot on a phone). JupyterLab's widget gets a fixed width from
    :func:`genchain.charts.render`, as every chart does."""
    return charts.finish(chart, **kw).configure_legend(columns=1, direction="vertical")


def valuation_chart(steps: pl.DataFrame):
    """Post-money valuation at each priced round (log scale; point area = new money), from
    :func:`genchain.rounds.step_ups`, each point labelled with its round; hovering a point highlights it.

    Rounds are snapshots months or years apart, so no line joins them (a line would suggest a
    valuation known in between)."""
    hover = alt.selection_point(on="pointerover", nearest=True, fields=["round"], empty=False)
    frame = steps.select("date", "round", "amount_usd_bn", "post_money_usd_bn", "step_up",
                         size_usd_bn=pl.col("amount_usd_bn").fill_null(0.0),
                         disclosed=pl.when(pl.col("amount_usd_bn").is_null()).then(pl.lit("amount not disclosed"))
                         .otherwise(pl.lit("disclosed")),
                         label=pl.col("round").str.replace(r"^Series ", "").str.replace(r"^(\d{4}) round.*$", "${1}")
                         + pl.when(pl.col("amount_usd_bn").is_null()).then(pl.lit(" (amount not public)")).otherwise(pl.lit("")))
    base = alt.Chart(frame).encode(
        x=alt.X("date:T", title="Announced", scale=alt.Scale(padding=16), axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("post_money_usd_bn:Q", scale=alt.Scale(type="log", padding=16), title="Post-money valuation (USD bn, log)"),
        tooltip=["round", alt.Tooltip("date:T", format="%b %Y"),
                 alt.Tooltip("amount_usd_bn:Q", title="new money (USD bn)", format=".2f"),
                 alt.Tooltip("post_money_usd_bn:Q", title="post-money (USD bn)", format=".1f"),
                 alt.Tooltip("step_up:Q", title="step-up (x)", format=".2f"), "disclosed"])
    # labels up-left of each point (the next round is up-right); a round with no public amount is
    # drawn small and labelled to the right, so its longer label stays clear of the axis
    labels = (base.transform_filter("datum.disclosed == 'disclosed'")
              .mark_text(align="right", dx=-12, dy=-10, fontSize=12, color=charts.INK).encode(text="label:N")
              + base.transform_filter("datum.disclosed != 'disclosed'")
              .mark_text(align="left", dx=10, dy=4, fontSize=12, color=charts.INK).encode(text="label:N"))
    pts = base.mark_circle(color=charts.COLORS["Anduril"]).encode(
        size=alt.Size("size_usd_bn:Q", title="New money (USD bn)", scale=alt.Scale(range=[60, 700])),
        opacity=alt.condition(hover, alt.value(1), alt.value(0.7)),
        stroke=alt.condition(hover, alt.value(charts.INK), alt.value(None))).add_params(hover)
    return _finish(pts + labels, title="Anduril's valuation by round",
                         source="funding_rounds.csv (press reports)",
                         description=f"Post-money valuation at each priced round, from about {steps['post_money_usd_bn'].min():.0f} "
                                     f"to {steps['post_money_usd_bn'].max():.0f} billion dollars on a log scale; point size "
                                     "shows each round's new money; each point is labelled with its round (Series B, C, ...).")


def revenue_chart(annual: pl.DataFrame):
    """Annual revenue per company (points shaped by basis, reported years joined by a line);
    clicking a legend entry highlights a company."""
    names = sorted(annual["company"].unique().to_list())
    pick, highlight = charts.legend_highlight("company", on=1, off=0.15)
    base = alt.Chart(annual.select("company", "year", "value_usd_bn", "basis")).encode(
        x=alt.X("year:Q", title="Fiscal year", scale=alt.Scale(zero=False, nice=False, padding=12), axis=alt.Axis(format="d", tickMinStep=1)), y=alt.Y("value_usd_bn:Q", title="Revenue (USD bn)"),
        color=alt.Color("company:N", scale=charts.color_scale(names), title="Company"),
        opacity=highlight,
        tooltip=["company", "year", alt.Tooltip("value_usd_bn:Q", title="USD bn", format=".2f"), "basis"])
    line = base.transform_filter("datum.basis != 'projection'").mark_line()
    pts = base.mark_point(size=90, filled=True).encode(shape=alt.Shape("basis:N", title="Basis", legend=alt.Legend(columns=1)))
    return _finish((line + pts).add_params(pick), title="Revenue: Anduril vs Palantir",
                         source="revenue.csv (filings; press reports)",
                         description="Annual revenue by company and year, one colour per company; the shape of each "
                                     "point says whether the figure is audited, company-reported or a projection.")


def timeline_chart(tl: pl.DataFrame):
    """Dated events by type; colour says how precise the date is; click the legend to highlight."""
    pick, highlight = charts.legend_highlight("date_precision", on=0.95, off=0.15)
    frame = tl.select("when", "date", "event_type", "description", "date_precision", "source_id",
                      lattice=pl.when(pl.col("lattice")).then(pl.lit("mentions Lattice")).otherwise(pl.lit("does not")))
    first, last = tl["when"].min().year, tl["when"].max().year
    return _finish(alt.Chart(frame).mark_point(size=110, filled=True).encode(
        x=alt.X("when:T", title="Date (first day the source's date covers)", axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("event_type:N", title=None),
        color=alt.Color("date_precision:N", title="Date known to the", scale=alt.Scale(domain=["day", "month", "year"])),
        shape=alt.Shape("lattice:N", title="Lattice", scale=alt.Scale(domain=["mentions Lattice", "does not"])),
        opacity=highlight,
        tooltip=[alt.Tooltip("date:N", title="date as given"), "event_type", "description", "date_precision",
                 "source_id"]).add_params(pick).properties(height=240),
        title="Anduril: dated events",
        source="events.csv (press reports)",
        description=f"A timeline of Anduril events from {first} to {last} grouped by type; colour shows whether "
                    "the source gives the day, only the month, or only the year; the shape marks events that "
                    "mention Lattice.")


def contracts_chart(values: pl.DataFrame, floor: float = 0.02):
    """Each award's ceiling and stated obligation (log scale); awards with no public value sit on the
    bottom line at ``floor``. Legend-bound highlighting by measure."""
    awards = values.filter(pl.col("kind").is_in(["award", "state grant"]))
    long = pl.concat([
        awards.filter(pl.col("ceiling_usd_bn").is_not_null()).with_columns(measure=pl.lit("ceiling ('up to')"),
                                                                           usd_bn=pl.col("ceiling_usd_bn")),
        awards.filter(pl.col("obligated_usd_bn").is_not_null()).with_columns(measure=pl.lit("obligated"),
                                                                             usd_bn=pl.col("obligated_usd_bn")),
        awards.filter(pl.col("value_status") == "no value disclosed").with_columns(
            measure=pl.lit("no value disclosed"), usd_bn=pl.lit(None, pl.Float64)),
    ]).with_columns(plotted=pl.col("usd_bn").fill_null(floor), label=pl.col("company") + ": " + pl.col("program").fill_null(""))
    pick, highlight = charts.legend_highlight("measure", on=0.9, off=0.1)
    n_ceiling, n_obligated, n_none = (long.filter(pl.col("measure") == m).height
                                      for m in ("ceiling ('up to')", "obligated", "no value disclosed"))
    return _finish(alt.Chart(long.select("date", "company", "agency", "label", "measure", "usd_bn", "plotted",
                                               "contract_type")).mark_point(size=100, filled=True).encode(
        x=alt.X("date:T", title="Announced", scale=alt.Scale(padding=12), axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("plotted:Q", scale=alt.Scale(type="log"), title="USD bn (log; bottom line = value not public)"),
        color=alt.Color("measure:N", title="What the figure is",
                        scale=alt.Scale(domain=["ceiling ('up to')", "obligated", "no value disclosed"],
                                        range=["#0072B2", "#009E73", "#999999"])),
        shape=alt.Shape("company:N", title="Company"),
        opacity=highlight,
        tooltip=["label", "agency", "contract_type", "measure", alt.Tooltip("date:T", format="%b %Y"),
                 alt.Tooltip("usd_bn:Q", title="USD bn", format=".3f")]).add_params(pick),
        title="Awards: ceilings vs obligations",
        source="contracts.csv (DoD, press reports)",
        description=f"Contract awards to Anduril and Palantir by date: {n_ceiling} carry an 'up to' ceiling, "
                    f"{n_obligated} state an obligated amount and {n_none} give no value at all.")


def money_chart(money: pl.DataFrame, tallies: pl.DataFrame):
    """Cumulative venture money and cumulative announced ceilings by year (lines, log scale) with the
    public obligation tallies as separate points; legend-bound highlighting."""
    t = tallies.select(year="year", route=pl.lit("public tally of obligations to date"),
                       cumulative_usd_bn="obligated_usd_bn", usd_bn="obligated_usd_bn", what="description")
    m = money.select("year", "route", "cumulative_usd_bn", "usd_bn", what=pl.lit("sum of the year's rows"))
    both = pl.concat([m, t], how="vertical_relaxed")
    colours = {"venture (new money)": "#D55E00", "government ceilings announced": "#0072B2",
               "government obligations stated": "#009E73", "public tally of obligations to date": "#000000"}
    present = set(both["route"])  # a route with no rows gets no legend entry
    domain = [r for r in colours if r in present]
    pick, highlight = charts.legend_highlight("route", on=1, off=0.12)
    enc = dict(x=alt.X("year:Q", title="Year", scale=alt.Scale(zero=False, nice=False, padding=12), axis=alt.Axis(format="d", tickMinStep=1)),
               y=alt.Y("cumulative_usd_bn:Q", scale=alt.Scale(type="log"), title="Cumulative USD bn (log)"),
               color=alt.Color("route:N", title="Route", scale=alt.Scale(domain=domain,
                                                                         range=[colours[r] for r in domain])),
               opacity=highlight,
               tooltip=[alt.Tooltip("route:N", title="Route"), alt.Tooltip("year:Q", title="Year"),
                        alt.Tooltip("usd_bn:Q", title="that year (USD bn)", format=".3f"),
                        alt.Tooltip("cumulative_usd_bn:Q", title="cumulative (USD bn)", format=".2f"),
                        alt.Tooltip("what:N", title="What")])
    base = alt.Chart(both).encode(**enc)
    chart = (base.transform_filter("datum.route != 'public tally of obligations to date'").mark_line(interpolate="step-after")
             + base.mark_point(size=90, filled=True)).add_params(pick)
    return _finish(chart, title="Money into Anduril, by route",
                         source="funding_rounds.csv, contracts.csv",
                         description="Cumulative venture money into Anduril and cumulative announced contract ceilings by "
                                     "year, with two public tallies of obligated money shown as black points.")


def vc_chart(vc: pl.DataFrame):
    """Defence-tech VC per full year by provider (points; never joined across providers)."""
    full = vc.filter(pl.col("span") == "full year")
    pick, highlight = charts.legend_highlight("provider", on=0.95, off=0.12)
    return _finish(alt.Chart(full.select("provider", "fiscal_year", "line_item", "value_usd_bn", "basis", "note"))
                         .mark_point(size=120, filled=True).encode(
        x=alt.X("fiscal_year:Q", title="Year", scale=alt.Scale(zero=False, nice=False, padding=12), axis=alt.Axis(format="d", tickMinStep=1)), y=alt.Y("value_usd_bn:Q", title="Defence-tech VC (USD bn)"),
        color=alt.Color("provider:N", title="Provider"), shape=alt.Shape("provider:N", title="Provider"),
        opacity=highlight,
        tooltip=[alt.Tooltip("provider:N", title="Provider"), alt.Tooltip("fiscal_year:Q", title="Year"),
                 alt.Tooltip("line_item:N", title="Series"), alt.Tooltip("value_usd_bn:Q", title="USD bn"),
                 alt.Tooltip("note:N", title="Note")])
        .add_params(pick),
        title="Defence-tech VC: three yardsticks",
        source="budgets.csv (as reported by providers)",
        description="Full-year defence-tech venture totals by data provider and year; PitchBook's broad dual-use "
                    "definition gives far larger totals than CB Insights' equity count or Crunchbase's narrow tag.")


def budget_chart(lines: pl.DataFrame):
    """US defence-AI budget lines by fiscal year and definition family (log scale); legend-bound highlight."""
    pick, highlight = charts.legend_highlight("family", on=0.95, off=0.12)
    return _finish(alt.Chart(lines.select("fiscal_year", "period", "family", "line_item", "value_usd_bn", "basis"))
                         .mark_point(size=120, filled=True).encode(
        x=alt.X("fiscal_year:Q", title="Fiscal year", scale=alt.Scale(zero=False, nice=False, padding=12), axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("value_usd_bn:Q", scale=alt.Scale(type="log"), title="USD bn (log)"),
        color=alt.Color("family:N", title="Definition"),
        opacity=highlight,
        tooltip=["line_item", "period", "family", "basis", alt.Tooltip("value_usd_bn:Q", title="USD bn")])
        .add_params(pick),
        title="US defence-AI budget lines",
        source="budgets.csv (requests, as reported)",
        description="US defence AI and autonomy budget lines by fiscal year on a log scale, coloured by definition; "
                    "the narrow AI topline is small and flat while the autonomy lines are far larger and rising.")


def whatif_chart(grid: pl.DataFrame, actual: pl.DataFrame, y_max: float | None = None):
    """The kernel-free what-if: three sliders choose one scenario of ``grid`` (from
    :func:`~genchain.chapters.defense_loop.loop_grid`); its revenue path is drawn against the ``actual``
    points (company, year, value_usd_bn, basis).

    Each slider spans the values of ``grid`` and starts at
    :func:`~genchain.chapters.defense_loop.loop_defaults`; the y axis reaches ``y_max`` (by default a
    tenth above the largest reported point)."""
    d = loop_defaults()

    def bind(name, column, label):
        values = sorted(grid[column].unique().to_list())
        step = round(float(np.min(np.diff(values))), 6) if len(values) > 1 else 1.0
        return charts.slider(name, d[column], values[0], values[-1], step, label)

    w = bind("win", "win_rate", "Win rate ")
    c = bind("size", "contract_size", "Contract size (USD bn) ")
    s = bind("reinvest", "reinvest_share", "Reinvested share ")
    y_max = y_max or 1.1 * float(actual["value_usd_bn"].max())
    g = grid.select("year", "win_rate", "contract_size", "reinvest_share",
                    pl.col("revenue_usd_bn").round(4), pl.col("award_usd_bn").round(4), pl.col("systems").round(2))
    model = (alt.Chart(g).transform_filter(
        "abs(datum.win_rate - win) < 1e-6 && abs(datum.contract_size - size) < 1e-6 "
        "&& abs(datum.reinvest_share - reinvest) < 1e-6")
        .mark_line(point=True, color="#0072B2", clip=True).encode(
        x=alt.X("year:Q", title="Year", scale=alt.Scale(zero=False, nice=False, padding=12), axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("revenue_usd_bn:Q", title="Revenue (USD bn)", scale=alt.Scale(domain=[0, y_max])),
        tooltip=["year", alt.Tooltip("revenue_usd_bn:Q", title="model revenue", format=".2f"),
                 alt.Tooltip("award_usd_bn:Q", title="expected awards", format=".2f"),
                 alt.Tooltip("systems:Q", title="system lines", format=".1f")])
        .add_params(w, c, s))
    names = sorted(actual["company"].unique().to_list())
    pts = alt.Chart(actual.select("company", "year", "value_usd_bn", "basis")).mark_point(
        size=90, filled=True, clip=True).encode(
        x="year:Q", y="value_usd_bn:Q", color=alt.Color("company:N", scale=charts.color_scale(names), title="Reported"),
        shape=alt.Shape("basis:N", title="Basis", legend=alt.Legend(columns=1)),
        tooltip=["company", "year", alt.Tooltip("value_usd_bn:Q", title="USD bn", format=".2f"), "basis"])
    return _finish(model + pts, title="What if: the contract loop",
                         source="genchain.chapters.defense model; revenue.csv",
                         description="A blue line shows the loop model's revenue path for the chosen win rate, contract "
                                     "size and reinvested share; dots show Anduril's and Palantir's reported revenue.")
