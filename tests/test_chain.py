"""The chain's stages against hand calculations, and its monotonicity in capital."""

import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genchain import chain, scenarios
from genchain.chain import Assumptions

A = Assumptions()


def test_each_stage_by_hand():
    f = chain.run(pl.DataFrame({"actor": ["A"], "capital_usd_bn": [10.0]}))
    row = f.row(0, named=True)
    assert row["compute_spend_usd_bn"] == pytest.approx(6.0)          # 10 x 0.6
    assert row["accelerator_hours"] == pytest.approx(3.0e9)           # 6e9 USD / 2 USD per hour
    # 3e9 h x 3600 s x 989e12 FLOP/s x 0.4 x 0.1
    assert row["training_flop"] == pytest.approx(3.0e9 * 3600 * 989e12 * 0.04)
    assert row["rating"] == pytest.approx(1250 + 60 * (math.log10(row["training_flop"]) - 25))
    assert row["market_share"] == pytest.approx(1.0)                  # alone in its market
    assert row["revenue_usd_bn"] == pytest.approx(40.0)
    assert row["valuation_usd_bn"] == pytest.approx(1200.0)           # 40 x 30
    assert row["next_capital_usd_bn"] == pytest.approx(96.0)          # 1200 x 0.08


def test_bradley_terry_shares():
    # two actors 400 rating points apart: strengths 10 : 1
    f = pl.DataFrame({"actor": ["a", "b"], "rating": [1400.0, 1000.0]})
    s = chain.revenue(f, A)["market_share"].to_list()
    assert s == pytest.approx([10 / 11, 1 / 11])


def test_columns_override_assumptions():
    f = pl.DataFrame({"capital_usd_bn": [10.0, 10.0], "compute_share": [0.5, 0.8]})
    assert chain.compute_spend(f, A)["compute_spend_usd_bn"].to_list() == pytest.approx([5.0, 8.0])


def test_backwards_and_run_cost():
    # final run only: 1e25 FLOP / (3600 x 989e12 x 0.4) hours x 2 USD
    assert chain.run_cost_usd_bn(1e25) == pytest.approx(1e25 / (3600 * 989e12 * 0.4) * 2 / 1e9)
    cap = chain.capital_for_flop(1e25)
    fwd = chain.run(pl.DataFrame({"capital_usd_bn": [cap]}), until="training_flop")
    assert fwd["training_flop"][0] == pytest.approx(1e25)
    with pytest.raises(ValueError):
        chain.capital_for_flop(0)


def test_assumptions_are_complete_and_typed():
    t = A.table()
    assert t.height == len(Assumptions.params()) >= 10
    assert t.filter((pl.col("low") > pl.col("default")) | (pl.col("default") > pl.col("high"))).height == 0
    assert t["unit"].str.len_chars().min() > 0 and t["source_id"].str.len_chars().min() > 0
    assert A.with_(utilization=0.3).utilization == 0.3
    with pytest.raises(TypeError):
        A.with_(no_such_thing=1)


def test_missing_column_is_named():
    with pytest.raises(ValueError, match="capital_usd_bn"):
        chain.compute_spend(pl.DataFrame({"x": [1]}))


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=0.01, max_value=500), st.floats(min_value=1.001, max_value=10))
def test_chain_is_monotone_in_capital(capital, factor):
    rivals = pl.DataFrame({"actor": ["me", "rival"], "capital_usd_bn": [capital, 20.0]})
    richer = rivals.with_columns(
        pl.when(pl.col("actor") == "me").then(pl.col("capital_usd_bn") * factor).otherwise(pl.col("capital_usd_bn")))
    a = chain.run(rivals).filter(pl.col("actor") == "me").row(0, named=True)
    b = chain.run(richer).filter(pl.col("actor") == "me").row(0, named=True)
    for col in ("compute_spend_usd_bn", "training_flop", "rating", "market_share", "revenue_usd_bn",
                "valuation_usd_bn", "next_capital_usd_bn"):
        assert b[col] > a[col], col


def test_monte_carlo_is_seeded_and_bands_are_ordered():
    actors = pl.DataFrame({"actor": ["a", "b"], "capital_usd_bn": [50.0, 5.0]})
    r1 = scenarios.monte_carlo(actors, 500, seed=3)
    r2 = scenarios.monte_carlo(actors, 500, seed=3)
    assert r1.equals(r2) and r1.height == 1000
    # shares sum to 1 within each draw
    assert r1.group_by("draw").agg(pl.col("market_share").sum())["market_share"].to_list() == pytest.approx([1.0] * 500)
    b = scenarios.bands(r1, "revenue_usd_bn")
    assert (b["q05"] <= b["q50"]).all() and (b["q50"] <= b["q95"]).all()
    d = scenarios.draws(2000, seed=1)
    for name, p in Assumptions.params().items():
        assert p.low <= d[name].min() and d[name].max() <= p.high


def test_tornado_and_loop():
    actors = pl.DataFrame({"actor": ["a", "b"], "capital_usd_bn": [50.0, 5.0]})
    t = scenarios.tornado(actors, "revenue_usd_bn", "b")
    assert t["name"][0] == "market_usd_bn"   # revenue is proportional to the market size
    row = t.row(0, named=True)
    assert row["high_value"] / row["base"] == pytest.approx(80 / 40)
    loop = scenarios.feedback_loop(actors, 3)
    assert loop.height == 6 and loop["year"].unique().to_list() == [2025, 2026, 2027]
    y1 = loop.filter(pl.col("year") == 2026).sort("actor")["capital_usd_bn"].to_list()
    y0 = loop.filter(pl.col("year") == 2025).sort("actor")["next_capital_usd_bn"].to_list()
    assert y1 == pytest.approx(y0)


def test_every_assumption_cites_a_known_source():
    from genchain import data

    known = set(data.load("sources")["source_id"].to_list())
    missing = {n: p.source_id for n, p in Assumptions.params().items() if p.source_id not in known}
    assert not missing
