"""Concentration measures against values worked out by hand, plus properties."""

import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genchain import concentration as cc

F = pl.DataFrame({
    "year": [2024, 2024, 2024, 2024, 2025, 2025],
    "country": ["US", "US", "CN", "JP", "US", "CN"],
    "usd": [5.0, 3.0, 1.5, 0.5, 3.0, 1.0],
})


def test_shares_sum_rows_of_a_group_then_divide():
    s = cc.shares(F, "country", "usd", by="year")
    got = {(r["year"], r["country"]): r["share"] for r in s.iter_rows(named=True)}
    # 2024: US 8 of 10, CN 1.5, JP 0.5; 2025: US 3 of 4, CN 1 of 4
    assert got == pytest.approx({(2024, "US"): 0.8, (2024, "CN"): 0.15, (2024, "JP"): 0.05,
                                 (2025, "US"): 0.75, (2025, "CN"): 0.25})
    assert s.filter(pl.col("year") == 2024)["usd"].to_list() == [8.0, 1.5, 0.5]


def test_hhi_by_hand():
    h = dict(cc.hhi(F, "country", "usd", by="year").iter_rows())
    assert h[2024] == pytest.approx(10_000 * (0.8**2 + 0.15**2 + 0.05**2))  # 6,650
    assert h[2025] == pytest.approx(10_000 * (0.75**2 + 0.25**2))  # 6,250


def test_top_k_share_by_hand():
    t = cc.top_k_share(F, "country", "usd", 2, by="year")
    assert dict(t.iter_rows()) == pytest.approx({2024: 0.95, 2025: 1.0})
    assert cc.top_k_share(F, "country", "usd", 1)["top_1_share"][0] == pytest.approx(11 / 14)
    with pytest.raises(ValueError, match="k must be at least 1"):
        cc.top_k_share(F, "country", "usd", 0)


def test_gini_by_hand():
    # x = 0.5, 1.5, 8 (n = 3, sum 10): 2*(0.5 + 3 + 24)/30 - 4/3 = 0.5
    g = cc.gini(pl.DataFrame({"x": [8.0, 0.5, 1.5]}), "x")
    assert g["gini"][0] == pytest.approx(0.5)
    assert cc.gini(pl.DataFrame({"x": [2.0, 2.0, 2.0]}), "x")["gini"][0] == pytest.approx(0.0)
    assert cc.gini(pl.DataFrame({"x": [0.0, 0.0, 0.0, 4.0]}), "x")["gini"][0] == pytest.approx(0.75)


def test_lorenz_points_by_hand():
    pts = cc.lorenz(pl.DataFrame({"x": [8.0, 0.5, 1.5]}), "x")
    assert pts["population_share"].to_list() == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert pts["value_share"].to_list() == pytest.approx([0, 0.05, 0.2, 1.0])


def test_lazy_in_lazy_out():
    out = cc.hhi(F.lazy(), "country", "usd", by="year")
    assert isinstance(out, pl.LazyFrame)
    assert out.collect().equals(cc.hhi(F, "country", "usd", by="year"))


def test_negative_amounts_are_refused():
    with pytest.raises(ValueError, match="negative"):
        cc.shares(pl.DataFrame({"g": ["a"], "v": [-1.0]}), "g", "v")


def test_zero_total_gives_null_shares():
    s = cc.shares(pl.DataFrame({"g": ["a", "b"], "v": [0.0, 0.0]}), "g", "v")
    assert s["share"].null_count() == 2


amounts = st.lists(st.floats(min_value=0.001, max_value=1e6, allow_nan=False), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(amounts, st.integers(min_value=1, max_value=5))
def test_properties(values, n_years):
    f = pl.DataFrame({"g": [f"c{i % 7}" for i in range(len(values))], "v": values,
                      "y": [i % n_years for i in range(len(values))]})
    s = cc.shares(f, "g", "v", by="y")
    for total in s.group_by("y").agg(pl.col("share").sum())["share"]:
        assert total == pytest.approx(1.0)
    n_groups = f.group_by("y").agg(pl.col("g").n_unique())
    h = cc.hhi(f, "g", "v", by="y").join(n_groups, on="y")
    for hv, n in zip(h["hhi"], h["g"]):
        assert 10_000 / n - 1e-6 <= hv <= 10_000 + 1e-6
    for gv in cc.gini(f, "v", by="y")["gini"]:
        assert -1e-9 <= gv <= 1
    k = cc.top_k_share(f, "g", "v", 3, by="y")["top_3_share"]
    assert all(0 < x <= 1 + 1e-9 for x in k)
    assert not any(math.isnan(x) for x in k)
