"""genchain.chapters.sensitivity: actors from funding rounds, tornado and Monte Carlo bands, checked by hand
(the charts and reader tables: test_figures_sensitivity.py)."""

import polars as pl
import pytest

from genchain import chain, data
from genchain.chapters import sensitivity
from genchain.chain import Assumptions

ROUNDS = data.typed_dates(pl.DataFrame({
    "company": ["A", "A", "A", "B", "J1", "J2", "A"],
    "country": ["United States", "United States", "United States", "France", "Japan", "Japan", "United States"],
    "round": ["r1", "r2", "tender", "r1", "r1", "r1", "old"],
    "announced": ["2025-01", "2025-06-30", "2025-10", "2025-03", "2025-11-17", "2025-05", "2024-12-31"],
    "amount_usd_bn": [10.0, 5.0, 6.0, 2.0, 0.1, 0.3, 99.0],
    "post_money_usd_bn": [None] * 7,
    "investor_type": ["financial"] * 7,
    "capital_type": ["primary_equity", "strategic_tranche", "secondary", "primary_equity", "primary_equity",
                     "convertible", "primary_equity"],
    "preferred": [True] * 7,
    "source_id": ["s"] * 7,
}), "announced")


def test_actors_in_year_by_hand():
    got = sensitivity.actors_in_year(("A", "B"), 2025, frame=ROUNDS)
    # A: 10 + 5 (tranche) in 2025; the secondary and the 2024 round do not count. J2 (0.3) beats J1 (0.1).
    assert got.select("actor", "capital_usd_bn", "rounds").rows() == [("A", 15.0, 2), ("B", 2.0, 1), ("J2", 0.3, 1)]
    no_pledges = sensitivity.actors_in_year(("A",), 2025, japan=False, frame=ROUNDS, include_pledges=False)
    assert no_pledges["capital_usd_bn"].to_list() == [10.0]


def test_actors_in_year_real_data_uses_rounds_rule():
    got = sensitivity.actors_in_year()
    assert "OpenAI" in got["actor"].to_list()
    assert (got["country"] == "Japan").sum() <= 1
    assert got["capital_usd_bn"].is_sorted(descending=True)


def test_tornado_single_actor_by_hand():
    actors = pl.DataFrame({"actor": ["A"], "capital_usd_bn": [10.0]})
    t = sensitivity.tornado_all(actors, ["revenue_usd_bn", "training_flop"])
    rev = {r["name"]: r for r in t.filter(pl.col("output") == "revenue_usd_bn").iter_rows(named=True)}
    # alone in the market: revenue = whole market (default 40); market_usd_bn low 20, high 80
    assert rev["market_usd_bn"]["base"] == pytest.approx(40.0)
    assert rev["market_usd_bn"]["swing"] == pytest.approx(60.0)
    assert rev["market_usd_bn"]["swing_pct"] == pytest.approx(150.0)       # 60 / 40
    assert rev["utilization"]["swing"] == 0.0                                # share stays 1
    flop = {r["name"]: r for r in t.filter(pl.col("output") == "training_flop").iter_rows(named=True)}
    # FLOP is proportional to utilisation: (0.5 - 0.25) / 0.4 = 62.5 % of base
    assert flop["utilization"]["swing_pct"] == pytest.approx(62.5)
    assert flop["utilization"]["setting_low"] == 0.25 and flop["utilization"]["setting_high"] == 0.5


def test_compute_assumptions_cancel_in_shares():
    # every actor's FLOP scales by the same factor, so ratings shift together and shares do not move
    actors = pl.DataFrame({"actor": ["A", "B"], "capital_usd_bn": [10.0, 1.0]})
    t = sensitivity.tornado_all(actors, ["revenue_usd_bn"])
    zero = set(t.filter(pl.col("swing") == 0)["name"])
    assert {"compute_share", "accelerator_hour_usd", "peak_tflops", "utilization", "frontier_run_share",
            "rating_at_1e25"} <= zero
    assert "rating_per_decade" not in zero


def test_bands_are_ordered_and_seeded():
    actors = pl.DataFrame({"actor": ["A", "B"], "capital_usd_bn": [10.0, 1.0]})
    b1 = sensitivity.band_table(actors, ["valuation_usd_bn"], n_draws=200, seed=7)
    b2 = sensitivity.band_table(actors, ["valuation_usd_bn"], n_draws=200, seed=7)
    assert b1.equals(b2)
    assert (b1["q05"] <= b1["q50"]).all() and (b1["q50"] <= b1["q95"]).all()
    base = chain.run(actors).sort("actor")["valuation_usd_bn"].to_list()
    assert b1.sort("actor")["base"].to_list() == pytest.approx(base)


def test_assumptions_table_resolves_every_source():
    t = sensitivity.assumptions_table()
    assert t.height == len(Assumptions.params())
    assert t["publisher"].null_count() == 0
