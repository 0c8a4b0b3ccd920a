"""The chain side by side for the book's actors, and what a frontier run would ask of Japan.

Pure functions over the curated tables (``genchain.data``) built on :mod:`genchain.chain`,
:mod:`genchain.scenarios` and :mod:`genchain.rounds`. Units are in the column names:
``_usd_bn`` = billion US dollars, ``_flop`` = floating-point operations, ``h100e`` =
H100-equivalent accelerators, ``_days`` = days, ``_pct`` = percent (0-100).

A missing figure stays missing (null), never zero: a table that does not record an
actor's revenue says nothing about it.

>>> round(run_days(5e26, 6128, 0.4))    # a Grok-4-scale run on ABCI 3.0 at 40% utilisation: 5e26 / (6128 x 989e12 x 0.4 x 86400)
2387
"""

from __future__ import annotations

import datetime as dt
import math

import altair as alt
import polars as pl

from genchain import chain, charts, data, fx, reference, rounds, scenarios
from genchain.reference import CUTOFF
from genchain.chain import Assumptions

__all__ = [
    "ACTORS", "chain_table", "chain_long", "chain_chart", "frontier_runs", "run_days",
    "japan_money", "japan_capital_share", "capital_needed_draws", "funding_path_bands",
    "requirement_chart", "scenario", "explorer_chart", "explorer_panel", "hindsight", "hindsight_chart",
    "ledger_counts", "ledger_chart", "not_supported", "ledger_markdown", "held", "capital_model_rank_corr",
    "japan_clusters", "run_days_table", "capital_bands", "explorer_result_chart",
    "verdict_c5_1", "verdict_c5_2", "verdict_c5_3", "verdict_c5_4", "sci", "runs_table", "not_supported_table",
]

#: the actors of the side-by-side table, in its order; their groups and the name each table gives
#: them are in ``data/actors.csv`` (:mod:`genchain.reference`)
ACTORS = ("OpenAI", "Anthropic", "xAI", "DeepSeek", "Alibaba", "Moonshot AI", "Zhipu AI", "MiniMax", "Anduril",
          "Sakana AI", "Preferred Networks")
CHINA_LABS = [a for a in ACTORS if reference.group(a) == "China"]

#: the links of the side-by-side table, in chain order, with their labels and units
LINKS = {
    "raised_usd_bn": "Capital: raised to end-2025 ($bn)",
    "compute_commit_usd_bn": "Compute: deal values ($bn, ceilings)",
    "largest_cluster_h100e": "Compute: largest cluster (H100e)",
    "largest_run_flop": "Model: largest run (FLOP)",
    "best_rating": "Model: best 2025 Arena rating",
    "revenue_2025_usd_bn": "Revenue: 2025 ($bn)",
    "contract_ceiling_usd_bn": "Contracts: gov. ceilings ($bn)",
    "flop_per_usd": "FLOP per $ raised",
    "revenue_per_usd": "2025 revenue per $ raised",
}


def _sum_or_null(col: str) -> pl.Expr:
    """Sum of a column, or null when every value is missing (an empty sum is unknown, not zero)."""
    return pl.when(pl.col(col).is_not_null().any()).then(pl.col(col).sum()).otherwise(None).alias(col)


def _actor_frame() -> pl.DataFrame:
    """actor, group and the names the tables give it (actors.csv; a table without a row for it: its own name)."""
    named = lambda table: [reference.name_in(a, table) for a in ACTORS]
    return pl.DataFrame({"actor": list(ACTORS), "group": [reference.group(a) for a in ACTORS],
                         "rounds_name": named("funding_rounds"), "org": named("models"),
                         "cluster_key": named("clusters")})


def _largest_cluster(clusters: pl.DataFrame, keys: pl.DataFrame, cutoff_year: int) -> pl.DataFrame:
    """Largest operational cluster (H100e) per actor by ``cutoff_year``: the book's one rule
    (:func:`genchain.quantities.actor_largest_cluster`: the site's name, owner or listed users name it)."""
    from genchain import quantities

    sites = {a: quantities.actor_largest_cluster(a, k, f"{cutoff_year}-12-31")
             for a, k in keys.select("actor", "cluster_key").iter_rows()}
    return pl.DataFrame({"actor": list(sites), "largest_cluster_h100e": [float(v.h100e) if v else None
                                                                         for v in sites.values()]},
                        schema={"actor": pl.String, "largest_cluster_h100e": pl.Float64})


def chain_table(cutoff: dt.date | str = CUTOFF) -> pl.DataFrame:
    """One row per actor (plus China's five labs together and Japan's national totals), one column per link.

    Columns (missing = null): raised_usd_bn (:func:`rounds.raised` up to ``cutoff``, pledges
    included, debt excluded); compute_commit_usd_bn (the lab's own compute commitments announced
    by ``cutoff``, :func:`genchain.quantities.compute_commitments`: ceilings and commitments, not cash);
    largest_cluster_h100e (operational by the cutoff year); largest_run_flop (models released by
    ``cutoff``); best_rating (Arena, style control, 2025 snapshots up to ``cutoff``);
    revenue_2025_usd_bn (metric ``revenue``, period exactly ``2025``: run-rates are not revenue);
    contract_ceiling_usd_bn (sum of ceilings announced by ``cutoff``: not cash);
    flop_per_usd = largest_run_flop / (raised x 1e9); revenue_per_usd = revenue / raised.

    The "China (5 labs)" row sums money and takes the maximum of compute and models over
    DeepSeek, Alibaba, Moonshot, Zhipu and MiniMax; a sum is null when no lab has the figure.
    "Japan (national)" takes the largest Japanese cluster and model, and for capital the
    CSET estimate of Japan's private AI investment summed 2014-2023 (constant 2021 USD).
    """
    cut = data.day(cutoff)
    year = cut.year
    keys = _actor_frame()
    raised = (rounds.raised(data.load("funding_rounds"), until=cutoff)
              .rename({"company": "rounds_name"}).select("rounds_name", "raised_usd_bn"))
    from genchain import quantities  # the one rule for a lab's compute commitments

    deals = (quantities.commitment_rows().filter(pl.col("date") <= pl.lit(cut))
             .group_by("company").agg(compute_commit_usd_bn=pl.col("value_usd_bn").sum())
             .rename({"company": "org"}))
    models = (data.load("models").filter(pl.col("released") <= pl.lit(cut))
              .group_by("organization").agg(largest_run_flop=pl.col("training_flop").max())
              .rename({"organization": "org"}))
    rating = (data.load("leaderboard")
              .filter(pl.col("style_control") & (pl.col("snapshot_date").dt.year() == year)
                      & (pl.col("snapshot_date") <= pl.lit(cut)))
              .group_by("organization").agg(best_rating=pl.col("rating").max()).rename({"organization": "org"}))
    revenue = (data.load("revenue").filter((pl.col("metric") == "revenue") & (pl.col("period") == str(year)))
               .group_by("company").agg(revenue_2025_usd_bn=pl.col("value_usd_bn").first())
               .rename({"company": "org"}))
    contracts = (data.load("contracts").filter(data.as_date("announced") <= pl.lit(cut))
                 .group_by("company").agg(contract_ceiling_usd_bn=_sum_or_null("ceiling_usd_bn"))
                 .rename({"company": "org"}))
    clusters = data.load("clusters")
    actors = (keys.join(raised, on="rounds_name", how="left")
              .join(deals, on="org", how="left").join(models, on="org", how="left")
              .join(rating, on="org", how="left").join(revenue, on="org", how="left")
              .join(contracts, on="org", how="left")
              .join(_largest_cluster(clusters, keys, year), on="actor", how="left")
              .drop("rounds_name", "org", "cluster_key"))
    money = ["raised_usd_bn", "compute_commit_usd_bn", "revenue_2025_usd_bn", "contract_ceiling_usd_bn"]
    china = (actors.filter(pl.col("actor").is_in(CHINA_LABS))
             .select([_sum_or_null(c) for c in money]
                     + [pl.col(c).max() for c in ("largest_cluster_h100e", "largest_run_flop", "best_rating")])
             .with_columns(actor=pl.lit("China (5 labs)"), group=pl.lit("China")))
    japan_cap = (data.load("ai_investment")
                 .filter((pl.col("geography") == "Japan") & (pl.col("measure") == "private_ai_investment")
                         & (pl.col("provider") == "cset") & (pl.col("year") <= year))
                 ["amount_usd_bn"].sum())
    jp_clusters = clusters.filter((pl.col("country") == "Japan") & (pl.col("year") <= year)
                                  & (pl.col("status") == "operational"))
    jp_models = data.load("models").filter((pl.col("country") == "Japan")
                                           & (pl.col("released") <= pl.lit(cut)))
    japan = pl.DataFrame({
        "actor": ["Japan (national)"], "group": ["Japan"], "raised_usd_bn": [japan_cap],
        "largest_cluster_h100e": [jp_clusters["h100_equivalents"].max()],
        "largest_run_flop": [jp_models["training_flop"].max()],
    })
    out = pl.concat([actors, china, japan], how="diagonal_relaxed")
    return (out.with_columns(
                flop_per_usd=pl.col("largest_run_flop") / (pl.col("raised_usd_bn") * 1e9),
                revenue_per_usd=pl.col("revenue_2025_usd_bn") / pl.col("raised_usd_bn"))
            .select("actor", "group", *LINKS))


def chain_long(table: pl.DataFrame) -> pl.DataFrame:
    """The side-by-side table in long form: actor, group, link, label, value (null = missing), shown."""
    long = table.unpivot(index=["actor", "group"], on=list(LINKS), variable_name="link")
    shown = [("missing" if v is None else _fmt(v, link)) for v, link in zip(long["value"], long["link"])]
    return long.with_columns(label=pl.col("link").replace_strict(LINKS), shown=pl.Series(shown, dtype=pl.String))


#: links whose values span many powers of ten: written as 5.0e26
_SCIENTIFIC = ("largest_run_flop", "flop_per_usd")


def _fmt(v: float, link: str = "") -> str:
    """A value as the chain chart writes it: 5.0e26 for FLOP, 531,161 for clusters, 57.6 for USD bn."""
    if v == 0:
        return "0"
    if link in _SCIENTIFIC or abs(v) < 1e-2:
        return f"{v:.1e}".replace("e+", "e")
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:,.2f}" if abs(v) < 1 else f"{v:,.1f}"


GROUP_COLORS = {"US frontier labs": "#0072B2", "US defence": "#D55E00", "China": "#E69F00", "Japan": "#CC79A7"}


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
def frontier_runs(year: int = 2025, top: int = 3, a: Assumptions = Assumptions()) -> pl.DataFrame:
    """The ``top`` largest training runs released in ``year`` with their chain price.

    run_cost_usd_bn = :func:`chain.run_cost_usd_bn` (rental price of the final run);
    capital_usd_bn = :func:`chain.capital_for_flop` (the money that buys it, experiments included).
    """
    runs = (data.load("models").filter((pl.col("released").dt.year() == year)
                                       & pl.col("training_flop").is_not_null())
            .sort(["training_flop", "model"], descending=[True, False]).head(top)
            .select("model", "organization", "released", "training_flop", "compute_confidence", "source_id"))
    return runs.with_columns(
        run_cost_usd_bn=pl.col("training_flop").map_elements(lambda f: chain.run_cost_usd_bn(f, a),
                                                             return_dtype=pl.Float64),
        capital_usd_bn=pl.col("training_flop").map_elements(lambda f: chain.capital_for_flop(f, a),
                                                            return_dtype=pl.Float64))


def run_days(flop: float, h100e: float, utilization: float, peak_tflops: float = 989.0) -> float:
    """Days a run of ``flop`` takes on ``h100e`` H100-equivalents at ``utilization`` of ``peak_tflops``.

    The chain's formula (:func:`genchain.chain.days_for_flop`).
    """
    if flop <= 0 or h100e <= 0 or not 0 < utilization <= 1:
        raise ValueError("flop and h100e must be positive and utilization in (0, 1]")
    return chain.days_for_flop(flop, h100e, peak_tflops, utilization)


def japan_clusters(top: int = 3, year: int = 2025) -> pl.DataFrame:
    """Japan's ``top`` largest operational clusters by ``year`` (H100-equivalents)."""
    return (data.load("clusters").filter((pl.col("country") == "Japan") & (pl.col("year") <= year)
                                         & (pl.col("status") == "operational")
                                         & pl.col("h100_equivalents").is_not_null())
            .sort(["h100_equivalents", "name"], descending=[True, False]).head(top)
            .select("name", "owner", "year", "accelerator", "h100_equivalents", "source_id"))


def run_days_table(runs: pl.DataFrame, clusters: pl.DataFrame, utilization: float = 0.4,
                   peak_tflops: float = Assumptions().peak_tflops) -> pl.DataFrame:
    """Every run x cluster pair with the days the run would take there (see :func:`run_days`)."""
    return (runs.select("model", "training_flop").join(clusters.select("name", "h100_equivalents"), how="cross")
            .with_columns(days=chain.days_for_flop(pl.col("training_flop"), pl.col("h100_equivalents"),
                                                   peak_tflops, utilization))
            .with_columns(years=pl.col("days") / 365.25))


def japan_money(year: int = 2024) -> dict:
    """Japan's money paths in billion USD a year.

    vc_usd_bn: all start-up funding of ``year`` (INITIAL, equity) converted at that year's rate;
    gov_plan_usd_bn_per_year: the FY2026-FY2030 public programme for a domestic foundation-model
    company (about JPY 1T over five years) per year, at the latest rate (FY2026 has no rate yet: the
    conversion asks :func:`genchain.fx.to_usd` for the latest earlier year, named in
    ``gov_plan_fx_year``); gen_ai_compute_2023_usd_bn: the FY2023 generative-AI compute package.
    """
    inv = data.load("ai_investment").filter(
        (pl.col("geography") == "Japan") & (pl.col("measure") == "startup_funding")
        & (pl.col("provider") == "initial_speeda") & (pl.col("coverage") == "full_year") & (pl.col("year") == year))
    if inv.height != 1:
        raise ValueError(f"expected one INITIAL full-year row for {year}, found {inv.height}")
    rates = data.load("fx_rates")
    vc = fx.to_usd(inv, rates, out="usd_bn")
    b = fx.to_usd(data.load("budgets").filter(pl.col("country") == "Japan"), rates, amount="value_local_bn",
                  year="fiscal_year", out="usd_bn", on_missing="latest")
    plan = b.filter(pl.col("period") == "FY2026-FY2030")
    pkg = b.filter((pl.col("line_item") == "METI generative-AI compute package (total)"))
    return {"vc_usd_bn": vc["usd_bn"][0], "vc_jpy_bn": vc["amount_local_bn"][0], "vc_fx": vc["per_usd"][0],
            "gov_plan_usd_bn_per_year": plan["usd_bn"][0] / 5, "gov_plan_jpy_bn": plan["value_local_bn"][0],
            "gov_plan_fx_year": plan["fx_year"][0],
            "gen_ai_compute_2023_usd_bn": pkg["usd_bn"][0]}


def japan_capital_share(year: int = 2023) -> dict:
    """Japan's share of the world's private AI investment (CSET, constant 2021 USD): ``year`` and 2014-``year``."""
    cset = data.load("ai_investment").filter((pl.col("measure") == "private_ai_investment")
                                             & (pl.col("provider") == "cset") & (pl.col("year") <= year))
    get = lambda g, y=None: cset.filter((pl.col("geography") == g) & ((pl.col("year") == y) if y else True)
                                        )["amount_usd_bn"].sum()
    return {"year": year, "japan_usd_bn": get("Japan", year), "world_usd_bn": get("World", year),
            "share_pct": 100 * get("Japan", year) / get("World", year),
            "cum_share_pct": 100 * get("Japan") / get("World"),
            "us_share_pct": 100 * get("United States", year) / get("World", year)}


def capital_needed_draws(flop: float, n_draws: int = 2000, a: Assumptions = Assumptions(),
                         seed: int = 5) -> pl.DataFrame:
    """The chain worked backwards under ``n_draws`` Monte Carlo draws: capital for one run of ``flop``.

    Same formula as :func:`chain.capital_for_flop`, one row per draw of :func:`scenarios.draws`
    (columns draw, capital_usd_bn, run_cost_usd_bn).
    """
    d = scenarios.draws(n_draws, a, seed, vary=["compute_share", "accelerator_hour_usd", "peak_tflops",
                                                 "utilization", "frontier_run_share"])
    p = {k: pl.col(k) for k in ("peak_tflops", "utilization", "accelerator_hour_usd", "frontier_run_share",
                                 "compute_share")}
    return d.select("draw",
                    run_cost_usd_bn=chain.run_cost(flop, p["peak_tflops"], p["utilization"], p["accelerator_hour_usd"]),
                    capital_usd_bn=chain.capital_for_run(flop, *p.values()))


def capital_bands(runs: pl.DataFrame, n_draws: int = 2000, a: Assumptions = Assumptions(),
                  seed: int = 5) -> pl.DataFrame:
    """Monte Carlo bands of the capital (and final-run cost) each run in ``runs`` needs, billion USD.

    ``runs`` has columns model and training_flop; every run meets the same ``n_draws`` draws. Returns
    model, training_flop, cap_q05/cap_q50/cap_q95 and run_q05/run_q50/run_q95.
    """
    d = scenarios.draws(n_draws, a, seed, vary=["compute_share", "accelerator_hour_usd", "peak_tflops",
                                                 "utilization", "frontier_run_share"])
    mc = (runs.select("model", "training_flop").join(d, how="cross")
          .with_columns(run=chain.run_cost(pl.col("training_flop"), pl.col("peak_tflops"), pl.col("utilization"),
                                           pl.col("accelerator_hour_usd")))
          .with_columns(cap=pl.col("run") / pl.col("frontier_run_share") / pl.col("compute_share")))
    qs = [pl.col(c).quantile(q, interpolation="linear").alias(f"{c}_q{round(q * 100):02d}")
          for c in ("cap", "run") for q in (0.05, 0.5, 0.95)]
    return mc.group_by("model", "training_flop").agg(qs).sort(["training_flop", "model"], descending=[True, False])


def funding_path_bands(paths: pl.DataFrame, n_draws: int = 2000, a: Assumptions = Assumptions(),
                       seed: int = 5) -> pl.DataFrame:
    """Monte Carlo bands (5th, 50th, 95th percentile) of the training FLOP each funding path buys.

    ``paths`` has columns actor (the path's name) and capital_usd_bn (billion USD a year). Runs
    :func:`scenarios.monte_carlo` through the compute stages only (ratings and revenue are not needed).
    """
    mc = scenarios.monte_carlo(paths, n_draws, a, seed,
                               vary=["compute_share", "accelerator_hour_usd", "peak_tflops", "utilization",
                                     "frontier_run_share"])
    return scenarios.bands(mc, "training_flop").join(paths, on="actor")


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
    b = b.with_columns(median_text=pl.lit("median ") + pl.col("q50").map_elements(
        lambda v: f"{v:.1e}".replace("e+", "e"), return_dtype=pl.String))
    tip = [alt.Tooltip("path:N"), alt.Tooltip("capital_usd_bn:Q", format=",.2f", title="$bn a year"),
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


def redirected(vc_share, vc_usd_bn):
    """Venture money redirected a year, billion USD: ``vc_share`` of ``vc_usd_bn``."""
    return vc_share * vc_usd_bn


def scenario(target_flop_exp: float = 26.5, gpu_hour_usd: float = 2.0, utilization: float = 0.4,
             vc_share: float = 0.1, gov_usd_bn: float = 1.3, vc_usd_bn: float | None = None,
             cluster_h100e: float | None = None, a: Assumptions = Assumptions()) -> pl.DataFrame:
    """One Japan redesign scenario: the money and time a run of 10^``target_flop_exp`` FLOP needs.

    vc_share of Japan's annual start-up funding (``vc_usd_bn``, default :func:`japan_money`) is
    redirected, plus ``gov_usd_bn`` of public money a year. Returns one row per quantity:
    capital_needed_usd_bn (chain.capital_for_flop at this price and utilisation), run_cost_usd_bn,
    japan_per_year_usd_bn, years_to_fund (capital needed / money a year), run_days_largest_cluster
    (on ``cluster_h100e``, default Japan's largest operational cluster).
    """
    vc = japan_money()["vc_usd_bn"] if vc_usd_bn is None else vc_usd_bn
    h100e = japan_clusters(1)["h100_equivalents"][0] if cluster_h100e is None else cluster_h100e
    flop = 10 ** target_flop_exp
    aa = a.with_(accelerator_hour_usd=gpu_hour_usd, utilization=utilization)
    need = chain.capital_for_flop(flop, aa)
    per_year = redirected(vc_share, vc) + gov_usd_bn
    rows = {
        "capital_needed_usd_bn": need,
        "run_cost_usd_bn": chain.run_cost_usd_bn(flop, aa),
        "japan_per_year_usd_bn": per_year,
        "years_to_fund": need / per_year if per_year > 0 else math.inf,
        "run_days_largest_cluster": run_days(flop, h100e, utilization, aa.peak_tflops),
    }
    return pl.DataFrame({"quantity": list(rows), "value": list(rows.values())})


def explorer_chart(vc_usd_bn: float, cluster_h100e: float, gov_default: float = 1.3,
                   a: Assumptions = Assumptions()):
    """The kernel-free twin of :func:`scenario`: five sliders drive the bars through Vega expressions."""
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
def hindsight(after: dt.date | str = CUTOFF) -> pl.DataFrame:
    """Everything dated after ``after`` in one frame: date, lane, actor, what, amount_usd_bn, source_id.

    Lanes: 'Money' (new-money rounds and IPOs, :func:`rounds.new_money`), 'Valuation' (post-money of
    preferred rows, including valuation events), 'State' (government events), 'Export controls'.
    """
    t = pl.lit(data.day(after))
    fr = data.load("funding_rounds")
    money = (rounds.new_money(fr, since=None).filter(pl.col("date") > t)
             .select("date", lane=pl.lit("Money"), actor="company",
                     what=pl.col("round") + pl.lit(" (") + pl.col("capital_type") + pl.lit(")"),
                     amount_usd_bn="amount_usd_bn", source_id="source_id"))
    val = (fr.filter(pl.col("preferred") & pl.col("post_money_usd_bn").is_not_null())
           .with_columns(date=data.as_date("announced")).filter(pl.col("date") > t)
           .sort("company", "date").unique(subset=["company", "post_money_usd_bn"], keep="first", maintain_order=True)
           .select("date", lane=pl.lit("Valuation"), actor="company",
                   what=pl.lit("valued at (post-money) after ") + pl.col("round"),
                   amount_usd_bn="post_money_usd_bn", source_id="source_id"))
    ev = (data.load("events").filter(pl.col("event_type") == "government")
          .with_columns(date=data.as_date("date")).filter(pl.col("date") > t)
          .select("date", lane=pl.lit("State"), actor="company", what="description",
                  amount_usd_bn=pl.lit(None, pl.Float64), source_id="source_id"))
    ec = (data.load("export_controls").with_columns(date=data.as_date("date")).filter(pl.col("date") > t)
          .select("date", lane=pl.lit("Export controls"), actor="authority", what="what_changed",
                  amount_usd_bn=pl.lit(None, pl.Float64), source_id="source_id"))
    return pl.concat([money, val, ev, ec]).sort("date", "lane", "actor")


#: who acted in 2026, as the hindsight chart colours them (one colour each, none shared)
HINDSIGHT_GROUP = {"OpenAI": "OpenAI", "Anthropic": "Anthropic", "xAI": "xAI", "Anduril": "Anduril",
                   "DeepSeek": "Chinese labs", "Moonshot AI": "Chinese labs", "MiniMax": "Chinese labs",
                   "StepFun": "Chinese labs", "Zhipu AI (Knowledge Atlas)": "Chinese labs", "Zhipu AI": "Chinese labs",
                   "Alibaba": "Chinese labs", "US BIS": "Governments", "China Customs": "Governments",
                   "US DoD": "Governments", "US Department of Defense": "Governments"}
HINDSIGHT_COLORS = {"OpenAI": "#000000", "Anthropic": "#E69F00", "xAI": "#56B4E9", "Anduril": "#D55E00",
                    "Chinese labs": "#009E73", "Other companies": "#999999", "Governments": "#0072B2"}


def hindsight_chart(h: pl.DataFrame):
    """A dated strip chart of :func:`hindsight`: one lane per kind of event, dot size = money."""
    lanes = ["Money", "Valuation", "State", "Export controls"]
    pick = alt.selection_point(fields=["who"], bind="legend")
    src = h.with_columns(size=pl.col("amount_usd_bn").fill_null(1.0), date=pl.col("date").cast(pl.String),
                         who=pl.col("actor").replace_strict(HINDSIGHT_GROUP, default="Other companies"))
    chart = alt.Chart(src).mark_circle(opacity=0.8, stroke="#1f2933", strokeWidth=0.5).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=4)),
        y=alt.Y("lane:N", sort=lanes, title=None),
        size=alt.Size("size:Q", scale=alt.Scale(type="sqrt", range=[40, 900]), legend=None),
        color=alt.Color("who:N", scale=alt.Scale(domain=list(HINDSIGHT_COLORS), range=list(HINDSIGHT_COLORS.values())),
                        title="Actor", legend=alt.Legend(columns=4, labelLimit=190)),
        opacity=alt.condition(pick, alt.value(0.85), alt.value(0.12)),
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
def ledger_counts(claims: pl.DataFrame | None = None) -> pl.DataFrame:
    """Number of claims by chapter, kind and verdict (whatever verdicts, 'pending' included, exist)."""
    c = data.load("claims") if claims is None else claims
    return c.group_by("chapter", "kind", "verdict").len("claims").sort("chapter", "kind", "verdict")


def ledger_chart(counts: pl.DataFrame):
    """Stacked bars of claims per chapter by verdict; click a verdict in the legend to highlight it."""
    pick = alt.selection_point(fields=["verdict"], bind="legend")
    src = counts.with_columns(chapter=pl.lit("Ch. ") + pl.col("chapter").cast(pl.String))
    chart = alt.Chart(src).mark_bar().encode(
        x=alt.X("sum(claims):Q", title="claims"),
        y=alt.Y("chapter:N", title=None),
        color=alt.Color("verdict:N", scale=alt.Scale(domain=list(reference.VERDICTS),
                                                     range=[reference.VERDICT_COLOR[v] for v in reference.VERDICTS]),
                        title="Verdict",
                        legend=alt.Legend(columns=2)),
        opacity=alt.condition(pick, alt.value(1), alt.value(0.2)),
        order=alt.Order("verdict:N"),
        tooltip=["chapter:N", "verdict:N", "kind:N", alt.Tooltip("sum(claims):Q", title="claims")],
    ).add_params(pick)
    return charts.finish(chart, title="The claim ledger", source="data/claims.csv",
                         description="Stacked horizontal bars: for each chapter of the essay, how many of its "
                                     "claims the book judged supported, partly supported, not supported, not "
                                     "testable or still pending when this page was built.")


def not_supported(claims: pl.DataFrame | None = None) -> pl.DataFrame:
    """The claims judged not supported, with the ledger's one-line rationale (its numbers filled from
    :mod:`genchain.quantities` by :func:`genchain.publish.ledger.fill`)."""
    from genchain.publish.ledger import fill

    c = data.load("claims") if claims is None else claims
    return (c.filter(pl.col("verdict") == "not_supported").select("claim_id", "claim", "kind", "rationale")
            .with_columns(pl.col("rationale").map_elements(fill, return_dtype=pl.String)))


def not_supported_table(claims: pl.DataFrame | None = None):
    """:func:`not_supported` as a table for readers; "$3.5B" is written "USD 3.5B", so no "$" pair is read as maths."""
    from genchain.present import table

    usd = lambda c: pl.col(c).fill_null("").str.replace_all(r"\$\s?(\d)", "USD ${1}")
    return table(not_supported(claims).with_columns(usd("claim"), usd("rationale")),
                 labels={"claim_id": "Claim", "claim": "What the essay says", "kind": "Kind",
                         "rationale": "Why not supported"})


def ledger_markdown(claims: pl.DataFrame | None = None):
    """The not-supported claims as MyST text (claim and rationale read from claims.csv), for display."""
    from IPython.display import Markdown

    rows = not_supported(claims)
    if rows.height == 0:
        return Markdown("*No claim is judged not supported in the ledger at build time.*")
    esc = lambda t: (t or "").replace("\\", "\\\\").replace("$", "\\$").replace("*", "\\*")
    items = "\n".join(f"- **{r['claim_id']}** ({r['kind']}): {esc(r['claim'])} *Why:* "
                      f"{esc(r['rationale']) or 'no rationale recorded.'}" for r in rows.iter_rows(named=True))
    return Markdown(items)


def held(cutoff: dt.date | str = CUTOFF) -> pl.DataFrame:
    """Did the essay's dated money claims survive the first half of 2026? One row per check.

    Columns: claim_id, check, at_essay (value to ``cutoff``), after (value with 2026 rows), unit, held.
    Checks: Anthropic's rank by money raised (C3.1), Anduril's latest valuation (C4.1, > $30B), the
    largest US raise against the five Chinese labs' total (C5.2), xAI still independent (valuation events).
    """
    fr = data.load("funding_rounds")
    rank = lambda r: r.with_row_index("rank", 1).filter(pl.col("company") == "Anthropic")["rank"][0]
    before, after = rounds.raised(fr, until=cutoff), rounds.raised(fr)
    val = rounds.step_ups(fr, ["Anduril"])
    v_before = val.filter(pl.col("date") <= pl.lit(data.day(cutoff)))["post_money_usd_bn"][-1]
    v_after = val["post_money_usd_bn"][-1]
    cn = lambda r: r.filter(pl.col("company").is_in([reference.name_in(c, "funding_rounds") for c in CHINA_LABS]))["raised_usd_bn"].sum()
    us_top = lambda r: r["raised_usd_bn"][0]
    return pl.DataFrame({
        "claim_id": ["C3.1", "C4.1", "C5.2"],
        "check": ["Anthropic's rank by new money raised (all companies in funding_rounds)",
                  "Anduril's latest post-money valuation ($bn; the essay says above 30)",
                  "Largest US raiser's total / total of the Chinese labs with dollar rows (x)"],
        "at_essay": [float(rank(before)), v_before, us_top(before) / cn(before)],
        "after": [float(rank(after)), v_after, us_top(after) / cn(after)],
    }).with_columns(held=pl.when(pl.col("claim_id") == "C3.1").then(pl.col("after") == 2)
                    .when(pl.col("claim_id") == "C4.1").then(pl.col("after") > 30)
                    .otherwise(pl.col("after") > 10))


def capital_model_rank_corr(table: pl.DataFrame) -> dict:
    """Spearman rank correlation between money raised and largest training run, over single actors with both.

    A correlation across eleven firms, not a causal effect: bigger firms may raise more *because* they
    already train bigger models.
    """
    t = table.filter(~pl.col("actor").is_in(["China (5 labs)", "Japan (national)"])
                     & pl.col("raised_usd_bn").is_not_null() & pl.col("largest_run_flop").is_not_null())
    r = t.select(pl.corr(pl.col("raised_usd_bn").rank(), pl.col("largest_run_flop").rank()))[0, 0]
    return {"rho": r, "n": t.height}


# ------------------------------------------------------------------------------------ for readers
def sci(v: float) -> str:
    """A large count as readers write it: 5e26 -> '5.0 × 10²⁶'."""
    exp = int(math.floor(math.log10(abs(v))))
    sup = str(exp).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{v / 10 ** exp:.1f} × 10{sup}"


def runs_table(runs: pl.DataFrame):
    """:func:`frontier_runs` as a table for readers (FLOP written as powers of ten, money in USD bn)."""
    from genchain.present import table

    shown = runs.select("model", "organization", pl.col("training_flop").map_elements(sci, return_dtype=pl.String),
                        "compute_confidence", "run_cost_usd_bn", "capital_usd_bn")
    return table(shown, labels={"model": "Model", "organization": "Developer", "training_flop": "Training compute, FLOP",
                                "compute_confidence": "Epoch confidence", "run_cost_usd_bn": "Final run, USD bn",
                                "capital_usd_bn": "Capital behind it, USD bn"},
                 decimals={"run_cost_usd_bn": 2, "capital_usd_bn": 1})


# ------------------------------------------------------------------------------------ verdict rules
def verdict_c5_1() -> str:
    """C5.1 ("the AI race became a race of money-generating processes").

    Rule: always "untestable". Whether the race "became" a race of money is a judgement about
    what matters; a rank correlation between money and model size across a handful of firms is
    consistent with it but cannot test it, and no counterfactual is in the data.
    """
    return "untestable"


def verdict_c5_2(us_share_pct: float, china_verdicts: list[str]) -> str:
    """C5.2 (the US leads the money chain, China built a domestic one, Anthropic and Anduril are the two poles).

    A compound claim graded by the claim ledger's rubric (rule 2), part by part: (a) the US half holds
    when the US share of the year's AI venture money (``us_share_pct``, percent) is at least 75; (b) the
    China half holds in part when chapter 2 judged any of China's chain claims supported or partly
    supported (``china_verdicts``); (c) "civilian and military poles" is a framing, not graded. So:

    * (a) fails and no chapter-2 verdict is supported or partly supported: "not_supported";
    * otherwise "partly_supported" — never "supported", because part (c) cannot be tested.
    """
    china_holds = any(v in ("supported", "partly_supported") for v in china_verdicts)
    if us_share_pct < 75 and not china_holds:
        return "not_supported"
    return "partly_supported"


def verdict_c5_3(japan_share_pct: float, capital_needed_usd_bn: float, japan_vc_usd_bn: float) -> str:
    """C5.3 (Japan's first link is missing; it needs to redesign its strategy).

    Rule: "partly_supported" when Japan's share of world private AI investment is under 1 percent
    AND the capital behind one frontier run exceeds all of Japan's yearly start-up funding (the
    measurable half holds; the prescription cannot be tested); "not_supported" otherwise. Never
    "supported", because "needs to redesign" is a prescription.
    """
    return "partly_supported" if japan_share_pct < 1 and capital_needed_usd_bn > japan_vc_usd_bn else "not_supported"


def verdict_c5_4() -> str:
    """C5.4 ("whoever controls the flow of money will hold power in the AI era").

    Rule: always "untestable": a forecast about power, which has no measure in the data and
    would need decades of outcomes.
    """
    return "untestable"
