"""Chapter 3's numbers (genchain.chapters.fundraising and commitments) on small frames worked by hand, and on the
source rows of the book's tables; the charts are tested in test_figures_fundraising.py."""

import datetime as dt

import polars as pl
import pytest

from genchain import chain, data
from genchain.chapters import commitments as cm, fundraising as fr

F = data.typed_dates(pl.DataFrame({
    "company": ["A", "A", "A", "A", "A", "B", "B", "C"],
    "country": ["US"] * 8,
    "round": ["Seed", "Series E", "Series F", "Pledge", "Tender", "Seed", "Loan", "Seed"],
    "announced": ["2024-01", "2025-03-01", "2025-09", "2025-11-15", "2025-12", "2025-02", "2025-05", "2026-01"],
    "amount_usd_bn": [1.0, 4.0, 6.0, 10.0, 3.0, 12.0, 5.0, 50.0],
    "post_money_usd_bn": [5.0, 20.0, 60.0, 100.0, 200.0, None, None, 80.0],
    "lead_investors": ["Alpha", "Beta Capital; Gamma", "gamma", None, "Delta", "Alpha", "Bank", "Zed"],
    "investor_type": ["financial"] * 3 + ["strategic"] + ["financial"] * 4,
    "capital_type": ["primary_equity", "primary_equity", "primary_equity", "strategic_tranche", "secondary",
                     "primary_equity", "debt", "primary_equity"],
    "preferred": [True] * 8,
    "source_id": ["s"] * 8,
}), "announced")

REV = data.typed_dates(pl.DataFrame({
    "company": ["A", "A", "A", "A", "A"],
    "date": ["2024", "2025-01", "2025-01", "2025-08", "2025-06-30"],
    "metric": ["revenue", "run_rate", "run_rate", "run_rate", "revenue"],
    "period": ["2024", None, None, None, "2025-H1"],
    "value_usd_bn": [0.5, 2.0, 1.5, 4.0, 9.0],
    "source_id": ["r1", "good", "worse", "r2", "r3"],
}), "date")
DROP = {("A", dt.date(2025, 1, 1), "run_rate", "worse"): "loses the conflict"}


def test_ranking_fills_missing_companies_and_ranks():
    # to end-2025, no pledges: A = 1 + 4 + 6 = 11 (tender excluded), B = 12, C = 0 (2026)
    r = fr.ranking(F, ["A", "B", "C"], until="2025-12-31", include_pledges=False)
    assert r.select("company", "raised_usd_bn", "rank").rows() == [("B", 12.0, 1), ("A", 11.0, 2), ("C", 0.0, 3)]
    # with the 10 pledge A = 21 and takes first place; with debt B = 17
    r = fr.ranking(F, until="2025-12-31", include_debt=True)
    assert dict(r.select("company", "rank").rows()) == {"A": 1, "B": 2}


def test_rank_by_count_and_rank_of():
    counts = {"no pledges": dict(until="2025-12-31", include_pledges=False),
              "pledges": dict(until="2025-12-31")}
    ranked = fr.rank_by_count(F, counts=counts)
    assert ranked.height == 4 and ranked["count"].unique().sort().to_list() == ["no pledges", "pledges"]
    mine = fr.rank_of(ranked, "A").sort("count")
    assert mine["rank"].to_list() == [2, 1]
    assert mine["leader"].to_list() == ["B", "A"]
    assert mine["next_company"].to_list() == [None, "B"] and mine["next_usd_bn"][1] == 12.0


def test_cumulative_paths_four_rules():
    p = fr.cumulative_paths(F, ["A"], until="2025-12-31")
    last = p.group_by("count").agg(pl.col("cumulative_usd_bn").last())
    # 1 + 4 + 6 = 11 ; + pledge 10 = 21 ; A has no debt
    assert dict(last.rows()) == {"equity and convertibles": 11.0, "+ 'up to' pledges": 21.0,
                                 "+ debt": 11.0, "+ pledges + debt": 21.0}


def test_through_round_and_named_rounds():
    assert fr.through_round(F, "A", "Series F")["amount_usd_bn"].sum() == 11.0   # 1 + 4 + 6
    assert fr.named_rounds_total(F, "A", ["Series E", "Series F"]) == 10.0      # 4 + 6
    with pytest.raises(KeyError):
        fr.named_rounds_total(F, "A", ["Series Z"])
    with pytest.raises(KeyError):
        fr.through_round(F, "A", "Series Z")


def test_investor_first_seen_is_case_insensitive_and_null_when_absent():
    got = fr.investor_first_seen(F, "A", ["Gamma", "Delta", "Omega"])
    assert got["first_date"].to_list() == [dt.date(2025, 3, 1), dt.date(2025, 12, 1), None]
    assert got["round"].to_list()[:2] == ["Series E", "Tender"]


def test_revenue_points_and_round_multiples():
    pts = fr.revenue_points(REV, drop=DROP)
    # the half-year revenue and the losing run-rate are gone; full-year 2024 is dated 31 Dec 2024
    assert pts.select("known_date", "value_usd_bn").rows() == [
        (dt.date(2024, 12, 31), 0.5), (dt.date(2025, 1, 1), 2.0), (dt.date(2025, 8, 1), 4.0)]
    m = fr.round_multiples(F, REV.filter(pl.col("source_id") != "worse"), ["A"])
    got = dict(m.select("round", "multiple").rows())
    # Seed Jan 2024: nothing known yet; E (Mar 2025): 20 / 2.0 = 10; F (Sep 2025): 60 / 4 = 15; tender 200 / 4 = 50
    assert got["Seed"] is None and got["Series E"] == 10.0 and got["Series F"] == 15.0 and got["Tender"] == 50.0
    assert m.filter(pl.col("round") == "Series E")["revenue_metric"][0] == "run_rate"


def test_classify_deals_and_commitments_vs_capital():
    deals = data.typed_dates(pl.DataFrame({
        "company": ["A"] * 5, "counterparty": ["X", "Y", "Z", "W", "V"],
        "announced": ["2025-01", "2025-02", "2025-03", "2025-04", "2026-02"],
        "deal_type": ["cloud purchase commitment", "own data centers (investment plan)", "dedicated cluster (AWS capex)",
                      "compute budget projection", "10-year spend commitment"],
        "value_usd_bn": [30.0, 50.0, 11.0, 78.0, 100.0], "capacity_gw": [1.0, None, None, None, 5.0],
        "capacity_qualifier": ["up_to", None, None, None, None], "chips_or_units": [None] * 5, "duration": [None] * 5,
        "source_id": ["s"] * 5, "note": [None, None, None, None, "Up to 5 GW"]}), "announced")
    c = cm.classify_deals(deals)
    assert c["kind"].to_list() == ["purchase commitment", "own build plan", "partner capex", "projection",
                                   "purchase commitment"]
    assert c["ceiling"].to_list() == [True, False, False, False, True]
    assert c["after_article"].to_list() == [False, False, False, False, True]
    t = dict(cm.commitments_vs_capital(deals, F, "A").select("kind", "ratio_to_capital").rows())
    # capital to end-2025 with pledges = 21; commitments 30 / 21, plan 50 / 21 (the 2026 deal is excluded)
    assert t["capital raised"] == 1.0 and t["purchase commitment"] == pytest.approx(30 / 21)
    assert t["own build plan"] == pytest.approx(50 / 21)


def test_chain_table_by_hand():
    a = chain.Assumptions()
    t = cm.chain_table({"capital": 10.0, "contract": 10.0}, a, already_compute=("contract",))
    # capital: 10 x 0.6 = 6 $bn -> 6e9 / 2 = 3e9 GPU-hours; contract: 10 $bn -> 5e9 hours
    assert t["compute_spend_usd_bn"].to_list() == pytest.approx([6.0, 10.0])
    assert t["accelerator_hours"].to_list() == pytest.approx([3e9, 5e9])
    assert t["accelerator_years"][0] == pytest.approx(3e9 / 8766)
    # FLOP = hours x 3600 x 989e12 x 0.4 x 0.1
    assert t["training_flop"][0] == pytest.approx(3e9 * 3600 * 989e12 * 0.4 * 0.1)


def test_versus_benchmarks_and_national_investment():
    b = pl.DataFrame({"geography": ["X", "Y"], "amount_usd_bn": [5.0, 1.0]})
    v = fr.versus_benchmarks(2.5, b)
    assert v.select("geography", "ratio", "larger").rows() == [("Y", 2.5, True), ("X", 0.5, False)]
    n = fr.national_ai_investment(data.load("ai_investment"), 2024, extra=(("Japan", 2023, "cset"),))
    got = dict(n.select("geography", "amount_usd_bn").rows())
    assert got["United Kingdom"] == 4.5 and got["Japan"] == pytest.approx(1.1623) and "World" not in got


def test_share_points_dates():
    ms = pl.DataFrame({"source_org": ["S"] * 5, "period": ["2023", "2025 mid-year", "2026-Q1", "2026-04", "2025 to early 2026"],
                       "segment": ["g"] * 5, "metric": ["m"] * 5, "entity": ["A"] * 5, "share_pct": [1.0] * 5,
                       "source_id": ["s"] * 5})
    d = dict(cm.share_points(ms).select("period", "approx_date").rows())
    assert d == {"2023": dt.date(2023, 7, 1), "2025 mid-year": dt.date(2025, 7, 1), "2026-Q1": dt.date(2026, 2, 1),
                 "2026-04": dt.date(2026, 4, 1), "2025 to early 2026": dt.date(2026, 1, 1)}


def test_government_timeline_stances_on_the_source_rows():
    g = cm.government_timeline(data.load("contracts"), data.load("events"))
    stance = {(r["date"].isoformat(), r["description"][:30]): r["stance"] for r in g.iter_rows(named=True)}
    assert stance[("2026-03-05", "Pentagon formally designates A")] == "against Anthropic"
    assert stance[("2025-07-14", "Prototype award to adapt Claud")] == "for Anthropic"
    assert stance[("2026-03-26", "Judge Rita Lin grants Anthropi")] == "response or ruling"
    assert set(g.filter(pl.col("company") == "OpenAI")["stance"]) == {"rival"}


def test_growth_multiple_from_source_rows():
    # revenue.csv: run-rate ~$1B at the start of 2025 (CFO) and ~$9B at the end of 2025 -> 9x
    assert fr.growth_multiple(data.load("revenue"), "Anthropic", "2025-01", "2025-12") == pytest.approx(9.0)


def test_book_numbers_from_the_source_rows():
    f = data.load("funding_rounds")
    # Series E 3.5 + Series F 13 = 16.5
    assert fr.named_rounds_total(f, "Anthropic", ["Series E", "Series F"]) == pytest.approx(16.5)
    # up to Series F: 0.124 + 0.58 + 0.4 + 0.45 + 0.1 + 1.25 + 2.75 + 2 (pledge) + 0.75 + 4 + 1 + 3.5 + 13 = 29.904
    assert fr.through_round(f, "Anthropic", "Series F")["amount_usd_bn"].sum() == pytest.approx(29.904)
    mine = fr.rank_of(fr.rank_by_count(f), "Anthropic")
    assert set(mine["rank"]) == {2} and set(mine["leader"]) == {"OpenAI"}
    m = fr.round_multiples(f, data.load("revenue"), ["Anthropic"])
    assert m.filter(pl.col("round") == "Series F")["multiple"][0] == pytest.approx(183 / 5)   # run-rate $5B (Aug 2025)


def test_what_if_ranking_matches_counting_rules():
    f = data.load("funding_rounds")
    rows = fr.what_if_rows(f)
    base = dict(fr.what_if_ranking(rows).select("company", "raised_usd_bn").rows())
    ref = dict(fr.ranking(f, fr.RIVALS, until="2025-12-31").select("company", "raised_usd_bn").rows())
    assert base == pytest.approx(ref)
    one_year = dict(fr.what_if_ranking(rows, window=fr.WINDOWS[1], pledges=fr.YES_NO[1]).select(
        "company", "raised_usd_bn").rows())
    assert one_year == pytest.approx({"OpenAI": 40.0, "Anthropic": 17.5, "xAI": 5.0})   # 1 + 3.5 + 13 for Anthropic
    assert fr.decimal_year("2026-01-01") == 2026.0


# --------------------------------------------------------------------------- verdict rules (values worked by hand)

def test_verdict_c3_1_second_under_every_count():
    assert fr.verdict_c3_1([2, 2, 2], ["OpenAI"] * 3) == "supported"
    assert fr.verdict_c3_1([2, 3, 2], ["OpenAI"] * 3) == "partly_supported"        # third under one count
    assert fr.verdict_c3_1([2, 2], ["OpenAI", "xAI"]) == "partly_supported"        # second, but behind xAI once
    assert fr.verdict_c3_1([1, 3], ["Anthropic", "OpenAI"]) == "not_supported"
    assert fr.verdict_c3_1([], []) == "not_supported"
    with pytest.raises(ValueError):
        fr.verdict_c3_1([2], [])


def test_verdict_c3_2_thirty_billion():
    # the chapter's case, read cumulatively (累計): to Series F 29.904 with Google's 2023 pledge, 27.904 without,
    # 30.054 at the top of the disputed early Google row; E + F = 3.5 + 13 = 16.5 is the other reading
    assert fr.verdict_c3_2(16.5, 29.904, 27.904, 30.054) == "partly_supported"    # over 30 only at the edge
    assert fr.verdict_c3_2(16.5, 29.904, 27.904) == "partly_supported"            # 29.904 >= 27: within a tenth
    assert fr.verdict_c3_2(16.5, 26.9, 25.0) == "not_supported"                   # 26.9 < 27 and nothing over 30
    assert fr.verdict_c3_2(16.5, 27.0, 25.0) == "partly_supported"                # exactly a tenth short
    assert fr.verdict_c3_2(16.5, 31.0, 30.5, investors_shown=True) == "supported"
    assert fr.verdict_c3_2(16.5, 31.0, 30.5) == "partly_supported"                # investors not shown
    assert fr.verdict_c3_2(16.5, 30.0, 30.0, investors_shown=True) == "partly_supported"  # 30 is not "more than"
    assert fr.verdict_c3_2(16.5, 31.0, 29.0, investors_shown=True) == "partly_supported"  # only with the pledge


def test_verdict_c3_3_commitments_and_gpus():
    assert cm.verdict_c3_3(83.0, 44.9, 1, 4) == "partly_supported"                # exceeds, 1 of 4 Nvidia
    assert cm.verdict_c3_3(83.0, 44.9, 3, 4) == "supported"                       # 3 > 4 / 2
    assert cm.verdict_c3_3(83.0, 44.9, 2, 4) == "partly_supported"                # half is not "mostly"
    assert cm.verdict_c3_3(44.9, 44.9, 4, 4) == "not_supported"                   # equal does not exceed
    assert cm.verdict_c3_3(10.0, 44.9, 4, 4) == "not_supported"


def test_verdict_c3_4_share_and_setbacks():
    assert cm.verdict_c3_4(24.0, 40.0, 3) == "partly_supported"                   # the chapter's case
    assert cm.verdict_c3_4(24.0, 40.0, 0) == "supported"
    assert cm.verdict_c3_4(24.0, 24.0, 0) == "not_supported"                      # flat is not a rise
    assert cm.verdict_c3_4(40.0, 24.0, 3) == "not_supported"


def test_verdict_c0_4_both_halves():
    assert fr.verdict_c0_4(True, True) == "supported"
    assert fr.verdict_c0_4(True, False) == "partly_supported"
    assert fr.verdict_c0_4(False, True) == "partly_supported"
    assert fr.verdict_c0_4(False, False) == "not_supported"


def test_nation_scale_by_hand():
    vs = fr.versus_benchmarks(2.5, pl.DataFrame({"geography": ["Italy", "Netherlands", "United Kingdom"],
                                                 "year": [2024] * 3, "provider": ["p"] * 3,
                                                 "amount_usd_bn": [0.9, 1.1, 4.5], "source_id": ["s"] * 3}))
    assert fr.nation_scale(vs)                                                      # 2.5 > Italy's 0.9
    assert not fr.nation_scale(vs.with_columns(larger=pl.col("geography") == "Netherlands"))  # not a G7 economy
    with pytest.raises(ValueError, match="one provider"):
        fr.nation_scale(vs.with_columns(provider=pl.Series(["p", "q", "p"])))
