"""Chapter 2's charts of capability against compute (book/02-china.ipynb): training compute over time,
Arena rating against training FLOP with the fitted line, and the best Chinese rank per snapshot.

The numbers are :mod:`genchain.chapters.capability`; every chart goes through :func:`genchain.charts.finish`.
Units as there: FLOP, Arena rating points, ranks (1 = top).
"""

from __future__ import annotations

import altair as alt
import polars as pl

from genchain import charts
from genchain.chapters.capability import RANK_GAP_DAYS, Fit, rank_segments
from genchain.figures.compute import ECO_COLORS

GROUP_COLORS = charts.color_scale(["United States", "China", "Other"])


def compute_trend_chart(models: pl.DataFrame):
    """Training compute of US and Chinese models over time (log scale), legend-selectable."""
    m = (models.drop_nulls("training_flop").filter(pl.col("country").is_in(["United States", "China"]))
         .with_columns(date=pl.col("released"))
         .filter(pl.col("date").dt.year() >= 2020)
         .select("model", "organization", "country", "date", "training_flop", "compute_confidence", "frontier"))
    pick, highlight = charts.legend_highlight("country", on=0.9, off=0.1)
    chart = alt.Chart(m).mark_point(filled=True, size=70).encode(
        x=alt.X("date:T", title="Release date", axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("training_flop:Q", scale=alt.Scale(type="log"), title="Training compute (FLOP)",
                axis=alt.Axis(format=".0e")),
        color=alt.Color("country:N", scale=ECO_COLORS, title="Country"),
        opacity=highlight,
        shape=alt.Shape("compute_confidence:N", title="Epoch confidence"),
        tooltip=["model", "organization", "date:T", alt.Tooltip("training_flop:Q", format=".2e"),
                 "compute_confidence"],
    ).add_params(pick)
    return charts.finish(
        chart.properties(height=340),
        title="Chinese training runs stay well below the largest US runs",
        source="Epoch AI Notable/Frontier AI Models (CC BY 4.0) via models.csv",
        description="Scatter of training compute on a log scale against release date for US and Chinese models "
                    "since 2020; shapes show Epoch's confidence in each estimate.",
        subtitle="Most values are Epoch estimates; click the legend to isolate a country")


def frontier_chart(frame: pl.DataFrame, fit: Fit):
    """Best Arena rating against training compute with the fitted line; residuals in the tooltip."""
    pick, highlight = charts.legend_highlight("group", on=0.95, off=0.15)
    pts = alt.Chart(frame.select("model", "organization", "group", "training_flop", "rating", "residual",
                                 "arena_key", "snapshot_date", "compute_confidence")).mark_point(
        filled=True, size=90).encode(
        x=alt.X("training_flop:Q", scale=alt.Scale(type="log"), title="Training compute (FLOP)",
                axis=alt.Axis(format=".0e")),
        y=alt.Y("rating:Q", scale=alt.Scale(zero=False), title="Best Arena rating (no style control)"),
        color=alt.Color("group:N", scale=GROUP_COLORS, title="Country"),
        opacity=highlight,
        tooltip=["model", "organization", "arena_key", "snapshot_date",
                 alt.Tooltip("training_flop:Q", format=".2e"), alt.Tooltip("rating:Q", format=".0f"),
                 alt.Tooltip("residual:Q", format="+.0f", title="residual (points)"), "compute_confidence"],
    ).add_params(pick)
    lo, hi = frame["log10_flop"].min(), frame["log10_flop"].max()
    line_df = pl.DataFrame({"training_flop": [10 ** lo, 10 ** hi],
                            "rating": [fit.predict(lo), fit.predict(hi)],
                            "what": [f"OLS fit: {fit.slope:.0f} points per 10x FLOP"] * 2})
    line = alt.Chart(line_df).mark_line(color="#52606d", strokeDash=[6, 3]).encode(
        x="training_flop:Q", y="rating:Q", tooltip=["what"])
    return charts.finish(
        alt.layer(line, pts).properties(height=360),
        title="Capability against compute: Chinese models sit above the line",
        source="LMArena ratings via leaderboard.csv; Epoch AI training compute via models.csv",
        description="Scatter of each model's best Arena rating against its training compute on a log scale, "
                    "coloured by country, with a dashed least-squares line; points above the line did better "
                    "than their compute predicts.",
        subtitle="Dashed line = OLS of rating on log10 FLOP across all countries; hover for each residual")


def rank_chart(history: pl.DataFrame):
    """Best Chinese rank per snapshot, one line per view (rank type x style control), log-free, 1 on top."""
    pick, highlight = charts.legend_highlight("view", on=1, off=0.12)
    frame = rank_segments(history).select("date", "view", "segment", "best_rank", "model", "rating", "rows",
                                           "source_id")
    base = alt.Chart(frame).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("best_rank:Q", scale=alt.Scale(reverse=True, domain=[1, max(36, frame["best_rank"].max())],
                                               nice=False), title="Best rank of a Chinese model"),
        color=alt.Color("view:N", title="Ranking view"),
        opacity=highlight,
        tooltip=["date:T", "view", "best_rank", "model", alt.Tooltip("rating:Q", format=".0f"),
                 alt.Tooltip("rows:Q", title="models recorded"), "source_id"],
    )
    return charts.finish(
        alt.layer(base.mark_line(strokeWidth=2).encode(detail="segment:N"), base.mark_point(filled=True, size=50))
        .add_params(pick).properties(height=320),
        title="Where the best Chinese model ranked on the Arena, 2023-2026",
        source="LMArena Elo history and arena-catalog snapshots via leaderboard.csv",
        description="Lines of the best rank held by any Chinese model in each leaderboard snapshot from 2023 to "
                    "2026, one line per ranking view: plain rating order or confidence-interval rank, with or "
                    "without style control. Rank 1 is at the top. Lines join only snapshots of one source at most "
                    f"{RANK_GAP_DAYS} days apart; other snapshots are single points.",
        subtitle=f"Lines join snapshots of one source at most {RANK_GAP_DAYS} days apart; single points are one-off "
                 "reports; click a legend entry to isolate a view")
