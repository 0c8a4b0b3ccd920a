"""Tests for genchain.capability: OLS by hand, residual gaps, ranks, and DeepSeek-V3's cost arithmetic."""

import polars as pl
import pytest

from genchain import capability as cap


def test_fit_line_by_hand():
    # points (24, 1200), (25, 1260), (26, 1320): slope 60, intercept 1260 - 60 x 25 = -240, R2 = 1
    f = cap.fit_line(pl.DataFrame({"log10_flop": [24.0, 25.0, 26.0], "rating": [1200.0, 1260.0, 1320.0]}))
    assert f.slope == pytest.approx(60) and f.intercept == pytest.approx(-240)
    assert f.r2 == pytest.approx(1) and f.n == 3 and f.predict(25.5) == pytest.approx(1290)
    with pytest.raises(ValueError):
        cap.fit_line(pl.DataFrame({"log10_flop": [1.0, 2.0], "rating": [1.0, 2.0]}))


def test_residuals_and_gap_by_hand():
    # x = 0,1,2,3 ; y = 0,3,2,5: cov = (3.75 - 0.25 - 0.25 + 3.75) / 3 = 7/3, var = 5/3
    # slope = 7/5 = 1.4, intercept = 2.5 - 1.4 x 1.5 = 0.4
    f = pl.DataFrame({"log10_flop": [0.0, 1.0, 2.0, 3.0], "rating": [0.0, 3.0, 2.0, 5.0],
                      "group": ["A", "A", "B", "B"]})
    fit = cap.fit_line(f)
    assert (fit.slope, fit.intercept) == pytest.approx((1.4, 0.4))
    r = cap.with_residuals(f, fit)
    assert r["residual"].to_list() == pytest.approx([-0.4, 1.2, -1.2, 0.4])
    g = cap.gap_by_group(r).sort("group")
    # A: residuals -0.4, 1.2 -> mean 0.4, sd 1.6 / sqrt 2, half-width 12.706 x sd / sqrt 2 = 12.706 x 0.8
    a = g.row(0, named=True)
    assert a["n"] == 2 and a["mean"] == pytest.approx(0.4)
    assert a["ci_high"] - a["mean"] == pytest.approx(12.706 * 0.8)


def test_t975():
    assert cap.t975(1) == 12.706 and cap.t975(16) == 2.120 and cap.t975(200) == 1.96
    with pytest.raises(ValueError):
        cap.t975(0)


def test_best_ratings_takes_the_maximum():
    lb = pl.DataFrame({
        "model": ["deepseek-r1", "DeepSeek-R1", "deepseek-r1", "gpt-4"],
        "rating": [1360.0, 1316.0, 1400.0, 1180.0], "snapshot_date": ["2025-03-07", "2025-01-28", "2025-04-01", "2024-01-01"],
        "style_control": [False, False, True, False], "category": ["overall"] * 4})
    b = cap.best_ratings(lb, style_control=False)
    # both Arena keys map to the Epoch model "DeepSeek-R1"; the style-controlled 1400 is excluded
    assert dict(zip(b["model"], b["rating"])) == {"DeepSeek-R1": 1360.0, "GPT-4": 1180.0}


def test_capability_frame_from_the_data():
    f = cap.capability_frame()
    v3 = f.filter(pl.col("model") == "DeepSeek-V3").row(0, named=True)
    # deepseek-v3's best raw rating in leaderboard.csv is 1318.7; Epoch: 3.3e24 FLOP
    assert v3["rating"] == pytest.approx(1318.7) and v3["training_flop"] == 3.3e24
    assert v3["log10_flop"] == pytest.approx(24.5185, abs=1e-4)
    assert set(f["group"]) <= {"United States", "China", "Other"}
    assert f["training_flop"].null_count() == 0


def test_rank_history_views():
    h = cap.rank_history()
    # 2025-01-28: DeepSeek-R1 at CI rank 1 with style control (secondary screenshot report)
    r = h.filter(pl.col("snapshot_date") == "2025-01-28").row(0, named=True)
    assert (r["best_rank"], r["view"], r["model"]) == (1, "CI rank, style control", "DeepSeek-R1")
    # 2023-12-20: yi-34b-chat 9th by rating among 20 rows
    r = h.filter(pl.col("snapshot_date") == "2023-12-20").row(0, named=True)
    assert (r["best_rank"], r["model"], r["rows"]) == (9, "yi-34b-chat", 20)


def test_largest_by_year():
    top, wide = cap.largest_by_year()
    y25 = wide.filter(pl.col("year") == 2025).row(0, named=True)
    # 2025: Grok 4 5e26 vs Qwen3-Max 1.5e25 -> 33.3x
    assert y25["ratio_us_to_china"] == pytest.approx(5e26 / 1.5e25)


def test_reported_run_cost_deepseek_v3():
    d = cap.reported_run_cost("DeepSeek-V3")
    # 2,788,000 GPU-hours x $2 = $5,576,000 (the reported figure)
    assert d["cost_usd"] == 5_576_000 == d["reported_cost_usd"]
    # 3.3e24 / (2.788e6 x 3600 x 989e12) = 0.3324
    assert d["implied_mfu"] == pytest.approx(0.3324, abs=1e-4)
    assert d["days"] == pytest.approx(2_788_000 / 2048 / 24)


def test_hardware_origin():
    h = cap.hardware_origin()
    got = dict(zip(h["origin"], h["n"]))
    # GLM-5 (Ascend 910C) alone; ERNIE 3.0 Titan mixed V100 + Ascend
    assert got["Chinese chip"] == 1 and got["mixed"] == 1 and got["US chip"] >= 10
