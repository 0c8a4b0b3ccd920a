"""Tests for genchain.chapters.capability: OLS by hand, residual gaps, ranks, and DeepSeek-V3's cost arithmetic."""

import polars as pl
import pytest

from genchain.chapters import capability as cap


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
    r = h.filter(pl.col("snapshot_date") == pl.date(2025, 1, 28)).row(0, named=True)
    assert (r["best_rank"], r["view"], r["model"]) == (1, "CI rank, style control", "DeepSeek-R1")
    # 2023-12-20: yi-34b-chat 9th by rating among 20 rows
    r = h.filter(pl.col("snapshot_date") == pl.date(2023, 12, 20)).row(0, named=True)
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


def test_verdict_c2_2_by_hand():
    assert cap.verdict_c2_2(1, 17) == "partly_supported"      # 1 of 17 on Chinese chips
    assert cap.verdict_c2_2(0, 17) == "not_supported"
    assert cap.verdict_c2_2(8, 17) == "partly_supported"      # 8 < 8.5
    assert cap.verdict_c2_2(9, 17) == "supported"             # 9 >= 8.5
    assert cap.verdict_c2_2(5, 10) == "supported"             # exactly half counts


def test_verdict_c2_4_by_hand():
    assert cap.verdict_c2_4(-27.0, 17.0) == "partly_supported"   # pooled CI above 0, 2025 CI spans 0
    assert cap.verdict_c2_4(0.5, 17.0) == "supported"
    assert cap.verdict_c2_4(0.0, 17.0) == "partly_supported"     # a bound at 0 is not above 0
    assert cap.verdict_c2_4(-27.0, 0.0) == "not_supported"
    assert cap.verdict_c2_4(-27.0, -3.0) == "not_supported"


def test_verdict_c2_5_by_hand():
    assert cap.verdict_c2_5(1, 11) == "partly_supported"     # top in 2025, rank 11 with style control late
    assert cap.verdict_c2_5(3, 3) == "supported"             # both at the threshold
    assert cap.verdict_c2_5(3, 4) == "partly_supported"
    assert cap.verdict_c2_5(4, 1) == "not_supported"


def test_verdict_c0_3_by_hand():
    assert cap.verdict_c0_3(1, 17, 1) == "partly_supported"
    assert cap.verdict_c0_3(1, 17, 4) == "partly_supported"   # C2.2 partly, models not near the top
    assert cap.verdict_c0_3(0, 17, 1) == "not_supported"      # no model on Chinese chips
    assert cap.verdict_c0_3(9, 17, 1) == "supported"


def _history(rows):
    return pl.DataFrame(rows, schema=["snapshot_date", "view", "best_rank", "model", "rows", "source_id"],
                        orient="row").with_columns(date=pl.col("snapshot_date").str.to_date())


def test_rank_segments_break_at_gaps_sources_and_one_offs():
    h = _history([("2025-01-01", "A", 5, "m1", 20, "s1"),
                  ("2025-04-30", "A", 4, "m1", 20, "s1"),    # 119 days later: same segment
                  ("2025-08-28", "A", 3, "m2", 20, "s1"),    # 120 days later: still joined (gap must exceed 120)
                  ("2025-12-27", "A", 2, "m2", 20, "s1"),    # 121 days later: new segment
                  ("2025-12-30", "A", 6, "m3", 20, "s2"),    # another source: new segment
                  ("2026-01-02", "A", 9, "m4", 1, "s2"),     # a one-off report: alone
                  ("2026-01-05", "A", 7, "m4", 20, "s2"),    # after a one-off: new segment
                  ("2025-01-01", "B", 1, "m5", 20, "s1")])
    seg = cap.rank_segments(h).filter(pl.col("view") == "A")["segment"].to_list()
    assert seg == ["A #1", "A #1", "A #1", "A #2", "A #3", "A #4", "A #5"]
    assert cap.rank_segments(h).filter(pl.col("view") == "B")["segment"].to_list() == ["B #1"]


def test_best_rank_by_year():
    h = _history([("2025-01-01", "A", 5, "m1", 20, "s1"), ("2025-03-01", "A", 2, "m2", 20, "s1"),
                  ("2025-06-01", "A", 2, "m3", 20, "s1"), ("2026-01-01", "A", 7, "m4", 1, "s2")])
    out = cap.best_rank_by_year(h)
    assert out.select("year", "best_rank", "model", "snapshot_date", "snapshots").rows() == [
        (2025, 2, "m2", "2025-03-01", 3), (2026, 7, "m4", "2026-01-01", 1)]   # first snapshot at the best rank


# --- labs' reported training runs beside the chain's price (training_costs.csv x models.csv) ----

# The chain's defaults: 989 TFLOP/s (H100-class dense BF16), 40% utilisation, 2 USD per accelerator-hour.
# One H100-class hour at 40% delivers 3,600 x 989e12 x 0.4 = 1.42416e18 FLOP.


@pytest.fixture(scope="module")
def vs_chain():
    return cap.reported_vs_chain()


def _one(frame, model, scope):
    return frame.filter((pl.col("model") == model) & (pl.col("scope") == scope)).row(0, named=True)


def test_reported_vs_chain_deepseek_v3_by_hand(vs_chain):
    full = _one(vs_chain, "DeepSeek-V3", "full_training")
    # 3.3e24 / 1.42416e18 = 2,317,155 H800-hours (the H800's dense BF16 peak is also 989)
    assert full["chain_gpu_hours"] == pytest.approx(2_317_155, abs=1)
    # reported 2,788,000 / 2,317,155 = 1.2032; cost: 2,317,155 x 2 USD = 4.6343 M USD, 5.576 / 4.6343 = 1.2032
    assert full["hours_ratio"] == pytest.approx(1.2032, abs=1e-4)
    assert full["chain_cost_usd_m"] == pytest.approx(4.6343, abs=1e-4)
    assert full["cost_ratio"] == pytest.approx(1.2032, abs=1e-4) and full["lower_bound"] is False
    pre = _one(vs_chain, "DeepSeek-V3", "pre_training")
    # pre-training only: 2,664,000 / 2,317,155 = 1.1497; no cost reported for this row
    assert pre["hours_ratio"] == pytest.approx(1.1497, abs=1e-4) and pre["cost_ratio"] is None


def test_reported_vs_chain_lower_bound_and_other_chips(vs_chain):
    gpt4 = _one(vs_chain, "GPT-4", "unspecified")
    # 2.1e25 / 1.42416e18 = 14,745,534 hours x 2 USD = 29.491 M USD; "more than 100 M" / 29.491 = at least 3.391
    assert gpt4["chain_cost_usd_m"] == pytest.approx(29.491, abs=1e-3)
    assert gpt4["cost_ratio"] == pytest.approx(3.391, abs=1e-3) and gpt4["lower_bound"] is True
    assert gpt4["chain_gpu_hours"] is None          # OpenAI gave no hours, so no hours are set against them
    llama2 = _one(vs_chain, "Llama 2 70B", "pre_training")
    # spelt "Llama 2-70B" in models.csv (8.1e23 FLOP); on A100s (312 TFLOP/s): 3,600 x 312e12 x 0.4 = 4.4928e17
    # FLOP per hour, 8.1e23 / 4.4928e17 = 1,802,885 hours; 1,720,320 / 1,802,885 = 0.9542
    assert llama2["epoch_model"] == "Llama 2-70B"
    assert llama2["chain_gpu_hours"] == pytest.approx(1_802_885, abs=1)
    assert llama2["hours_ratio"] == pytest.approx(0.9542, abs=1e-4)
    scout = _one(vs_chain, "Llama 4 Scout", "pre_training")
    # 4.08e24 / 1.42416e18 = 2,864,847 H100-hours; 5,000,000 / 2,864,847 = 1.7453
    assert scout["hours_ratio"] == pytest.approx(1.7453, abs=1e-4)


def test_reported_vs_chain_keeps_every_row_and_says_why(vs_chain):
    assert vs_chain.height == 22                     # every row of training_costs.csv, none dropped
    assert vs_chain.filter(pl.col("why_not").is_null()).height == 9
    why = dict(vs_chain.group_by("why_not").len().drop_nulls("why_not").iter_rows())
    # Llama 2 7B and 13B, Llama 3 8B, Llama 3.1 8B and 70B, Llama 3.2 1B and 3B, BLOOM 176B: no models.csv row
    assert why == {"no training FLOP in models.csv": 8,
                   "a post-training stage only; the FLOP on record is the whole model's": 2,   # DeepSeek-R1, MiniMax-M1
                   "a press report, not the lab": 1,                                         # Kimi K2 Thinking
                   "its FLOP on record was derived from this cost statement": 1,              # Claude 3.5 Sonnet
                   "the lab does not name the chip of its GPU-hours": 1}                      # Falcon 180B
    left_out = vs_chain.filter(pl.col("why_not").is_not_null())
    # nothing left out carries a chain estimate or a ratio
    assert left_out.select("chain_gpu_hours", "chain_cost_usd_m", "hours_ratio", "cost_ratio").null_count().row(0) == (
        left_out.height,) * 4
    # the RL stage is refused although DeepSeek-R1 has a training FLOP in models.csv
    assert _one(vs_chain, "DeepSeek-R1", "rl_post_training")["training_flop"] == 3.5e24


def test_claude_flop_was_derived_from_the_cost():
    note = cap.data.load("models").filter(pl.col("model") == "Claude 3.5 Sonnet")["note"][0]
    assert "derived from CEO cost statement" in note   # why FLOP_FROM_COST holds it


def test_reported_vs_chain_rules_on_synthetic_rows():
    costs = pl.DataFrame({
        "model": ["A", "A", "B", "C"], "developer": ["x"] * 4,
        "reported_by": ["lab paper", "lab paper", "press report", "lab model card"],
        "scope": ["pre_training", "rl_post_training", "full_training", "full_training"],
        "accelerator": ["NVIDIA H100 80GB", "NVIDIA H100 80GB", None, "NVIDIA A100 80GB"],
        "gpu_hours": [1e6, 1e5, None, 1e6], "cost_usd_m": [None, 0.2, 3.0, None],
        "cost_qualifier": [None, "stated", "approx", None], "cost_basis": [None, "rental", "not stated", None]})
    models = pl.DataFrame({"model": ["A", "B", "Llama 2-70B", "Llama 3-70B", "Falcon-180B"],
                           "training_flop": [1.42416e24, 1e24, 1.0, 1.0, 1.0], "compute_confidence": ["Confident"] * 5})
    out = cap.reported_vs_chain(costs, models)
    # A: 1.42416e24 FLOP at 1.42416e18 per H100-hour = 1e6 hours; reported 1e6 -> ratio 1
    assert out["hours_ratio"][0] == pytest.approx(1.0) and out["hours_ratio"][1:].null_count() == 3
    assert out["why_not"].to_list() == [None, "a post-training stage only; the FLOP on record is the whole model's",
                                        "a press report, not the lab", "no training FLOP in models.csv"]
    with pytest.raises(ValueError, match="Llama 2-70B"):
        cap.reported_vs_chain(costs, models.filter(pl.col("model") != "Llama 2-70B"))
