"""genchain.chapters.capital and .capital_links on small frames worked by hand, and on the real rows the chapters quote.

Their charts, tables and live panels are tested in test_capital_figures.py.
"""

import math

import numpy as np
import polars as pl
import pytest

from genchain.chapters import capital, capital_links
from genchain import chain, data

INV_COLS = ["geography", "year", "coverage", "measure", "provider", "amount_usd_bn", "amount_local_bn",
            "local_currency", "count", "share_of_world_pct", "price_basis", "source_id", "note"]


def inv(rows):
    return pl.DataFrame(rows, schema={c: t for c, t in zip(INV_COLS, [
        pl.String, pl.Int64, pl.String, pl.String, pl.String, pl.Float64, pl.Float64, pl.String, pl.Int64,
        pl.Float64, pl.String, pl.String, pl.String])}, orient="row")


SHARES = inv([
    # provider p: world 200, US 150 -> 75% computed; stated 80 is kept beside it
    ("World", 2025, "full_year", "ai_vc_funding", "p", 200.0, None, None, None, None, "nominal", "s", None),
    ("United States", 2025, "full_year", "ai_vc_funding", "p", 150.0, None, None, None, 80.0, "nominal", "s", None),
    # provider q: only a stated North America share
    ("North America", 2025, "full_year", "ai_vc_funding", "q", None, None, None, None, 86.0, "nominal", "s", None),
    # provider r: rest of world 10 of 40 -> US 1 - 10/40 = 75%, US amount 30
    ("World", 2024, "full_year", "genai_vc_funding", "r", 40.0, None, None, None, None, "nominal", "s", None),
    ("Rest of world", 2024, "full_year", "genai_vc_funding", "r", 10.0, None, None, None, None, "nominal", "s", None),
    # not an AI measure: ignored
    ("United States", 2025, "full_year", "total_vc_funding", "p", 274.0, None, None, None, 64.0, "nominal", "s", None),
])


def test_us_share_by_definition_computed_stated_and_rest_of_world():
    s = capital.us_share_by_definition(SHARES)
    got = {(r["provider"], r["year"]): r for r in s.iter_rows(named=True)}
    assert set(got) == {("p", 2025), ("q", 2025), ("r", 2024)}
    assert got[("p", 2025)]["share_pct"] == pytest.approx(75.0) and got[("p", 2025)]["stated_pct"] == 80.0
    assert got[("p", 2025)]["basis"] == "computed"
    assert got[("q", 2025)]["share_pct"] == 86.0 and got[("q", 2025)]["basis"] == "stated"
    assert got[("q", 2025)]["geography"] == "North America"
    assert got[("r", 2024)]["share_pct"] == pytest.approx(75.0) and got[("r", 2024)]["us_usd_bn"] == pytest.approx(30.0)


def test_us_share_real_crunchbase_row():
    s = capital.us_share_by_definition(data.load("ai_investment"))
    cb = s.filter((pl.col("provider") == "crunchbase") & (pl.col("year") == 2025))
    assert cb["share_pct"][0] == pytest.approx(100 * 159 / 202.3)   # 78.6%
    assert cb["definition"][0] == "Crunchbase: AI venture + growth"


CSET = inv([
    ("World", 2020, "full_year", "private_ai_investment", "cset", 10.0, None, None, None, None, "c", "s", None),
    ("United States", 2020, "full_year", "private_ai_investment", "cset", 6.0, None, None, None, None, "c", "s", None),
    ("China", 2020, "full_year", "private_ai_investment", "cset", 2.0, None, None, None, None, "c", "s", None),
    ("Japan", 2020, "full_year", "private_ai_investment", "cset", 1.0, None, None, None, None, "c", "s", None),
])


def test_cset_by_country_adds_rest_of_world():
    b = capital.cset_by_country(CSET)
    assert dict(b.select("geography", "usd_bn").iter_rows()) == {
        "China": 2.0, "Japan": 1.0, "United States": 6.0, "Rest of world": pytest.approx(1.0)}


def test_concentration_by_year_bounds():
    c = capital.concentration_by_year(capital.cset_by_country(CSET)).row(0, named=True)
    # shares .6 .2 .1 .1: HHI high = 10,000 x (.36 + .04 + .01 + .01) = 4,200; low drops rest .01 -> 4,100
    assert c["hhi_high"] == pytest.approx(4200) and c["hhi_low"] == pytest.approx(4100)
    assert c["us_share"] == pytest.approx(0.6) and c["japan_share"] == pytest.approx(0.1)
    assert c["top_3_share"] == pytest.approx(0.9)   # US + China + Japan, rest of world not a country


def test_japan_share_cset_real_2023():
    j = capital.japan_share_cset(data.load("ai_investment")).filter(pl.col("year") == 2023)
    # CSET 2023: Japan 1.1623 of World (sum of countries) -> under 1%
    assert 0.8 < j["japan_share_pct"][0] < 1.0


def test_japan_funding_real_rows_flag_no_gap_silently():
    j = capital.japan_funding(data.load("ai_investment"), data.load("fx_rates"))
    y24 = j.filter((pl.col("year") == 2024) & (pl.col("provider") == "initial_speeda"))
    assert y24["usd_converted_bn"][0] == pytest.approx(779.3 / 151.37)
    # every row without a rate is flagged, never converted
    assert j.filter(pl.col("fx_missing"))["usd_converted_bn"].null_count() == j["fx_missing"].sum()


def test_world_ai_totals_2025_includes_crunchbase():
    t = capital.world_ai_totals(data.load("ai_investment"))
    assert dict(t.select("definition", "usd_bn").iter_rows())["Crunchbase: AI venture + growth"] == 202.3
    assert t["usd_bn"].is_sorted()


def test_elasticity_exact_line_and_seeded_interval():
    x = np.array([1.0, 10.0, 100.0, 1000.0])
    y = 5 * x ** 2                                     # log10 y = log10 5 + 2 log10 x: slope exactly 2
    e = capital.elasticity(x, y)
    assert e["n"] == 4 and e["slope"] == pytest.approx(2.0) and e["intercept"] == pytest.approx(math.log10(5))
    assert e["r2"] == pytest.approx(1.0) and e["lo"] == pytest.approx(2.0) and e["hi"] == pytest.approx(2.0)
    noisy = capital.elasticity(x, y * np.array([1, 3, 0.5, 2]), seed=1)
    assert noisy == capital.elasticity(x, y * np.array([1, 3, 0.5, 2]), seed=1)   # deterministic
    assert noisy["lo"] < noisy["slope"] < noisy["hi"]
    # linear outcome: rating points per tenfold capital; (1, 1000), (10, 1100), (100, 1200) -> 100
    lin = capital.elasticity([1, 10, 100], [1000, 1100, 1200], log_outcome=False)
    assert lin["slope"] == pytest.approx(100.0)
    with pytest.raises(ValueError):
        capital.elasticity([1, 2, None], [1, 2, 3])     # only 2 complete pairs


def test_spearman_by_hand():
    # ranks x 1 2 3 4 5, y 4 3 5 2 1 -> d = -3,-1,-2,2,4... worked: rho = 1 - 6*sum d^2 / (n(n^2-1))
    x, y = [1, 2, 3, 4, 5], [4, 3, 5, 2, 1]
    d2 = sum((a - b) ** 2 for a, b in zip([1, 2, 3, 4, 5], [4, 3, 5, 2, 1]))   # 9+1+4+4+16 = 34
    assert capital.spearman(x, y) == pytest.approx(1 - 6 * d2 / (5 * 24))       # -0.7
    assert capital.spearman([1, 2, 3], [10, 20, 30]) == pytest.approx(1.0)


def test_loop_points_real_openai_and_aliases():
    lp = capital.loop_points(data.load("funding_rounds"), data.load("models"), data.load("leaderboard"))
    o = lp.filter(pl.col("organization") == "OpenAI").row(0, named=True)
    # new money to 2025-12-31: 1 (2019) + 10 (2023 tranche) + 6.6 (2024 notes) + 40 (2025) = 57.6
    assert o["capital_usd_bn"] == pytest.approx(57.6) and o["max_flop"] == pytest.approx(3.8e26)
    assert "Zhipu AI" in lp["organization"].to_list()        # renamed from "Zhipu AI (Knowledge Atlas)"
    assert lp.filter(pl.col("organization") == "Zhipu AI")["max_flop"][0] == pytest.approx(4.42e24)


def test_chain_backwards_matches_chain_functions():
    runs = pl.DataFrame({"model": ["X"], "training_flop": [5e26]})
    out = capital_links.chain_backwards(runs, japan_vc_usd_bn=5.0).row(0, named=True)
    assert out["capital_usd_bn"] == pytest.approx(chain.capital_for_flop(5e26))
    # run cost = 5e26 / (3600 x 989e12 x 0.4) h x $2 / 1e9 = 0.702 bn -> 14.0% of 5.0
    assert out["run_cost_usd_bn"] == pytest.approx(5e26 / (3600 * 989e12 * 0.4) * 2 / 1e9)
    assert out["run_pct_of_japan_vc"] == pytest.approx(100 * out["run_cost_usd_bn"] / 5.0)
    with pytest.raises(ValueError):
        capital_links.chain_backwards(runs, 0.0)


def test_japan_clusters_owner_types_and_largest():
    j = capital_links.japan_clusters(data.load("clusters"))
    startups = j.filter(pl.col("owner_type") == "start-up")
    assert set(startups["owner"]) == {"Preferred Networks Inc"}
    # largest operational start-up cluster: PLaMO-13B training cluster, 151 H100e (Epoch)
    assert startups.filter(pl.col("operational"))["h100_equivalents"].max() == 151
    assert j.filter(pl.col("name") == "AIST ABCI 3.0")["owner_type"][0] == "public"
    # Fairwater Atlanta 531,161 vs SoftBank B200 SuperPOD 9,096 (Epoch H100e): about 58 times
    us = capital_links.largest_clusters(data.load("clusters"), "United States", k=1)
    assert j.filter(pl.col("operational"))["h100_equivalents"].max() == 9096
    assert us["h100_equivalents"][0] > 55 * j.filter(pl.col("operational"))["h100_equivalents"].max()


def test_compute_commitments_leave_out_plans_and_ceilings():
    c = dict(capital_links.compute_commitments(data.load("compute_deals")).select("company", "value_usd_bn").iter_rows())
    # OpenAI 2025 purchases: CoreWeave 11.9 + 4 + 6.5, Oracle 300, Azure 250, AWS 38 = 610.4
    # (Stargate 500 intention, Nvidia 100 investment ceiling and the 1,400 aggregate are left out)
    assert c["OpenAI"] == pytest.approx(610.4)
    # Azure 30 + its own Fluidstack build plan 50; AWS's Rainier capex and the projection out
    assert c["Anthropic"] == pytest.approx(80.0)


def test_actor_links_missing_stays_missing():
    a = capital_links.actor_links(data.load("funding_rounds"), data.load("compute_deals"), data.load("clusters"),
                            data.load("models"), data.load("revenue"))
    assert a.height == len(capital_links.ACTORS) * len(capital_links.LINKS)
    v = {(r["actor"], r["link"]): r["value"] for r in a.iter_rows(named=True)}
    assert v[("Google DeepMind", capital_links.LINKS[0])] is None          # no rounds: missing, not 0
    assert v[("Anthropic", capital_links.LINKS[4])] is None                # only run-rates for 2025: not revenue
    assert v[("OpenAI", capital_links.LINKS[4])] == pytest.approx(13.1)
    assert v[("Japan", capital_links.LINKS[3])] == pytest.approx(1.2e24)   # PLaMo-100B


def test_japan_share_by_hand():
    r = capital.japan_share(750.0, 150.0, 200.0)
    assert r == {"japan_usd_bn": pytest.approx(5.0), "share_pct": pytest.approx(2.5)}   # 750/150 = 5; 5/200


def test_year_raised_splits_pledges_and_keeps_companies_together():
    nm = pl.DataFrame({"company": ["A", "A", "B"], "capital_type": ["primary_equity", "strategic_tranche", "convertible"],
                       "amount_usd_bn": [3.0, 2.0, 4.0]})
    y = capital.year_raised(nm)
    # A: 3 priced + 2 pledged = 5 (largest total first), B: 4
    assert y["company"].to_list() == ["A", "A", "B"] and y["total"].to_list() == [5.0, 5.0, 4.0]
    assert dict(zip(y["kind"], y["usd_bn"]))["strategic pledge"] == 2.0


def test_chapter_1_verdict_rules_on_both_sides_of_each_threshold():
    from genchain.chapters import capital as c
    assert c.verdict_c0_2(79.1, 0.3) == "supported"
    assert c.verdict_c0_2(72.0, 0.3) == "supported"             # 8 points off 80: a tenth, still "about"
    assert c.verdict_c0_2(71.9, 0.3) == "partly_supported"      # more than a tenth off
    assert c.verdict_c0_2(71.9, 1.2) == "not_supported"
    assert c.verdict_c1_1(True, 0.5) == "partly_supported"
    assert c.verdict_c1_1(True, 0.7) == "supported"
    assert c.verdict_c1_1(False, 0.9) == "not_supported"
    assert c.verdict_c1_2(True, False) == "partly_supported"
    assert c.verdict_c1_2(False, False) == "not_supported"
    assert c.verdict_c1_3(88.0) == "supported" and c.verdict_c1_3(88.1) == "not_supported"  # a tenth of 80
    assert c.verdict_c1_3(72.0) == "supported" and c.verdict_c1_3(71.9) == "not_supported"
    assert c.verdict_c1_4(25.0, False) == "partly_supported" and c.verdict_c1_4(24.9, False) == "not_supported"
    assert c.verdict_c1_4(40.0, True) == "supported"
    assert c.verdict_c1_5(0.55) == "partly_supported" and c.verdict_c1_5(-0.1) == "not_supported"
    assert c.verdict_c1_6(5.1, 2.5) == "partly_supported"      # a few billion, but not under 1%
    assert c.verdict_c1_6(5.1, 0.9) == "supported" and c.verdict_c1_6(12.0, 2.0) == "not_supported"
    # 99,999 H100e against 1,000,000: under a tenth, not "large" by the rubric; 100,000 is large
    assert c.verdict_c1_7(99_999, 1_000_000) == "partly_supported"
    assert c.verdict_c1_7(100_000, 1_000_000) == "not_supported"
    assert c.verdict_c1_7(151, 531_161) == "partly_supported"              # the chapter's case (PFN)


# ---------------------------------------------------------------- chapter 0: verdict rules and helpers

def test_verdict_c0_1_is_untestable():
    assert capital_links.verdict_c0_1() == "untestable"


def test_verdict_c0_5_both_sides_of_each_threshold():
    # rho must exceed 0.5: 0.5 itself is not enough, whatever the self-funded count
    assert capital_links.verdict_c0_5(0.5, 0) == "not_supported"
    assert capital_links.verdict_c0_5(0.5, 2) == "not_supported"
    assert capital_links.verdict_c0_5(-0.3, 0) == "not_supported"
    # above 0.5: supported only when no actor reaches the frontier without venture money
    assert capital_links.verdict_c0_5(0.51, 0) == "supported"
    assert capital_links.verdict_c0_5(0.51, 1) == "partly_supported"
    assert capital_links.verdict_c0_5(0.7, 2) == "partly_supported"


def _toy_links():
    L = capital_links.LINKS
    rows = [("A", L[0], 10.0), ("A", L[2], 100.0), ("A", L[3], 1e25),
            ("B", L[0], None), ("B", L[2], 500.0), ("B", L[3], 2e25),
            ("C", L[0], 1.0), ("C", L[2], None), ("C", L[3], None)]
    return pl.DataFrame(rows, schema={"actor": pl.String, "link": pl.String, "value": pl.Float64}, orient="row")


def test_capital_vs_run_and_self_funded_by_hand():
    links = _toy_links()
    both = capital_links.capital_vs_run(links)
    assert both["actor"].to_list() == ["A"] and both["max_flop"][0] == 1e25   # B has no capital, C no run
    assert capital_links.self_funded(links) == ["B"]                                # cluster but no rounds
