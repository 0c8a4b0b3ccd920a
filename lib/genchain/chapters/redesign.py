"""What one frontier training run would ask of Japan, and the verdict rules of chapter 5.

Pure functions over the curated tables (``genchain.data``) built on :mod:`genchain.chain`,
:mod:`genchain.scenarios` and :mod:`genchain.fx`. Units are in the column names:
``_usd_bn`` = billion US dollars, ``_flop`` = floating-point operations, ``h100e`` =
H100-equivalent accelerators, ``_days`` = days, ``_pct`` = percent (0-100).

The chain side by side, hindsight and the claim ledger are :mod:`genchain.chapters.summary`; the
charts are :mod:`genchain.figures.redesign`.

>>> round(run_days(5e26, 6128, 0.4))    # a Grok-4-scale run on ABCI 3.0 at 40% utilisation: 5e26 / (6128 x 989e12 x 0.4 x 86400)
2387
"""

from __future__ import annotations

import math

import polars as pl

from genchain import chain, data, fx, rounds, scenarios
from genchain.chain import Assumptions
from genchain.chapters.fundraising import INSTRUMENTS
from genchain.reference import CUTOFF

__all__ = [
    "frontier_runs", "run_days", "japan_clusters", "run_days_table", "japan_money", "japan_capital_share",
    "japan_ai_rounds",
    "capital_needed_draws", "capital_bands", "funding_path_bands", "redirected", "scenario",
    "verdict_c5_1", "verdict_c5_2", "verdict_c5_3", "verdict_c5_4",
]


def frontier_runs(year: int = 2025, top: int = 3, a: Assumptions = Assumptions()) -> pl.DataFrame:
    """The ``top`` largest training runs released in ``year`` with their chain price.

    run_cost_usd_bn = :func:`chain.run_cost` (rental price of the final run);
    capital_usd_bn = :func:`chain.capital_for_run` (the money that buys it, experiments included),
    both at the assumptions ``a``.
    """
    runs = (data.load("models").filter((pl.col("released").dt.year() == year)
                                       & pl.col("training_flop").is_not_null())
            .sort(["training_flop", "model"], descending=[True, False]).head(top)
            .select("model", "organization", "released", "training_flop", "compute_confidence", "source_id"))
    flop = pl.col("training_flop")
    return runs.with_columns(
        run_cost_usd_bn=chain.run_cost(flop, a.peak_tflops, a.utilization, a.accelerator_hour_usd),
        capital_usd_bn=chain.capital_for_run(flop, a.peak_tflops, a.utilization, a.accelerator_hour_usd,
                                             a.frontier_run_share, a.compute_share))


def run_days(flop: float, h100e: float, utilization: float,
             peak_tflops: float = Assumptions().peak_tflops) -> float:
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


def japan_ai_rounds(until=CUTOFF) -> pl.DataFrame:
    """Every financing event of a Japanese AI model company in ``funding_rounds.csv`` up to ``until``.

    The table's scope: disclosed rounds of JPY 1B or more, 2016 on, of companies that build their own
    AI models (robotics hardware makers are outside it). One row per event (``preferred`` rows),
    oldest first. ``jpy_bn`` = amount_usd_bn x that year's average yen rate: most sources give yen,
    and the dollar column was derived from it at the same rate. ``new_money`` says whether
    :func:`genchain.rounds.new_money` counts the row (buying existing shares raises nothing; a row
    with no amount adds nothing). ``instrument`` is the readable capital type.
    Columns: company, round, announced (first day covered), when (the date as the source gives it,
    :func:`genchain.data.date_text`), amount_usd_bn, jpy_bn, post_money_usd_bn, lead_investors,
    instrument, new_money, source_id.
    """
    fr = data.load("funding_rounds").filter((pl.col("country") == "Japan") & pl.col("preferred")
                                            & (pl.col("announced") <= pl.lit(data.day(until))))
    counted = rounds.new_money(fr, until=until).select("company", "round", "source_id", new_money=pl.lit(True))
    out = fx.to_local(fr.with_columns(year=pl.col("announced").dt.year()), data.load("fx_rates"),
                      usd="amount_usd_bn", out="jpy_bn")
    return (out.join(counted, on=["company", "round", "source_id"], how="left")
            .select("company", "round", "announced", "amount_usd_bn", when=data.date_text("announced"),
                    jpy_bn="jpy_bn", post_money_usd_bn="post_money_usd_bn",
                    lead_investors="lead_investors",
                    instrument=pl.col("capital_type").replace_strict(INSTRUMENTS),
                    new_money=pl.col("new_money").fill_null(False), source_id="source_id")
            .sort("announced", "company"))


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
    p = [pl.col(k) for k in ("training_flop", "peak_tflops", "utilization", "accelerator_hour_usd")]
    mc = (runs.select("model", "training_flop").join(d, how="cross")
          .with_columns(run=chain.run_cost(*p),
                        cap=chain.capital_for_run(*p, pl.col("frontier_run_share"), pl.col("compute_share"))))
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


# ------------------------------------------------------------------------------------ for readers
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
