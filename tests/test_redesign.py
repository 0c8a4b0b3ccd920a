"""Tests for genchain.chapters.redesign and genchain.chapters.summary, against values worked out by hand from the source rows."""

from __future__ import annotations

import datetime as dt
import math

import polars as pl
import pytest

from genchain import chain
from genchain.chapters import redesign as r, summary as s


#: a ledger with two pending claims and one not supported
CLAIMS = pl.DataFrame({"claim_id": ["C1.1", "C1.2", "C2.1"], "chapter": [1, 1, 2],
                       "claim": ["a", "b", "c"], "kind": ["empirical", "empirical", "causal"],
                       "verdict": ["pending", "not_supported", "pending"],
                       "rationale": [None, "costs $5 not $10", None]})


@pytest.fixture(scope="module")
def table():
    return s.chain_table()


def row(t, actor):
    return t.filter(pl.col("actor") == actor).row(0, named=True)


def test_chain_table_capital_from_rounds(table):
    # OpenAI to end-2025, new money only: 1.0 (2019) + 10.0 (2023 tranche) + 6.6 (2024 convertible)
    # + 40.0 (2025) = 57.6; the 2023 secondary, the 2024 debt and the 2025 secondary are left out
    assert row(table, "OpenAI")["raised_usd_bn"] == pytest.approx(57.6)
    # Sakana AI: 0.03 + 0.214 + 0.135 = 0.379
    assert row(table, "Sakana AI")["raised_usd_bn"] == pytest.approx(0.379)
    # Zhipu is 'Zhipu AI (Knowledge Atlas)' in funding_rounds: 0.342 + 0.4 + 0.14 + 0.069 = 0.951
    assert row(table, "Zhipu AI")["raised_usd_bn"] == pytest.approx(0.951)


def test_chain_table_missing_stays_missing(table):
    # DeepSeek has no disclosed external round, Alibaba none in the table: null, not zero
    assert row(table, "DeepSeek")["raised_usd_bn"] is None
    assert row(table, "Alibaba")["raised_usd_bn"] is None
    assert row(table, "Sakana AI")["largest_run_flop"] is None
    assert row(table, "Anthropic")["revenue_2025_usd_bn"] is None  # only run-rates for 2025
    assert row(table, "China (5 labs)")["revenue_2025_usd_bn"] is None  # sum of nothing is unknown


def test_chain_table_links_and_conversions(table):
    xai = row(table, "xAI")
    assert xai["largest_run_flop"] == 5e26                      # Grok 4
    assert xai["largest_cluster_h100e"] == 277918.0              # Colossus 2, operational 2025
    assert xai["revenue_2025_usd_bn"] == 3.2                     # period exactly '2025'
    # 5e26 FLOP / (17.135e9 $) = 2.918e16 FLOP per dollar
    assert xai["flop_per_usd"] == pytest.approx(5e26 / 17.135e9)
    # OpenAI revenue per $ raised: 13.1 / 57.6 = 0.2274
    assert row(table, "OpenAI")["revenue_per_usd"] == pytest.approx(13.1 / 57.6)
    # OpenAI's own compute commitments to end-2025 (genchain.quantities' rule): 11.9 + 4 + 6.5 + 300 + 250 + 38
    # = 610.4; the Stargate JV programme (500), Nvidia's investment (100) and the '(all partners)' row are out
    assert row(table, "OpenAI")["compute_commit_usd_bn"] == pytest.approx(610.4)
    # Anthropic: Google Cloud 3 + Fluidstack build plan 50 + Azure 30 = 83 (not AWS's Rainier capex, 11)
    assert row(table, "Anthropic")["compute_commit_usd_bn"] == pytest.approx(83.0)
    # the largest site each lab trains on, owner or listed user: OpenAI on Fairwater Atlanta, Anthropic on Rainier
    assert row(table, "OpenAI")["largest_cluster_h100e"] == 531161.0
    assert row(table, "Anthropic")["largest_cluster_h100e"] == 471566.0
    # Anduril contract ceilings to end-2025: 0.099+1.0+0.1+0.25+0.2+0.2+0.642 (USMC I-CsUAS, Mar 2025)
    # +0.0996+0.159+0.1+1.1+0.31 = 4.2596
    assert row(table, "Anduril")["contract_ceiling_usd_bn"] == pytest.approx(4.2596)


def test_chain_table_groups(table):
    china = row(table, "China (5 labs)")
    # money sums (Moonshot 1.3 + Zhipu 0.951 + MiniMax 0.85 = 3.101); compute and models take the max
    assert china["raised_usd_bn"] == pytest.approx(3.101)
    assert china["largest_run_flop"] == 1.5e25        # Alibaba Qwen3-Max
    japan = row(table, "Japan (national)")
    # CSET Japan 2014-2023 in constant 2021 USD bn, each x CPI(year) / CPI(2021) (270.970), summed:
    # 0.1431x236.736 + 0.1258x237.017 + 0.9947x240.007 + 0.7274x245.120 + 0.9669x251.107 + 1.4139x255.657
    # + 1.0219x258.811 + 1.497x270.970 + 1.5083x292.655 + 1.1623x304.702, all / 270.970 = 9.4132
    # (9.5613 in 2021 dollars: the earlier years' dollars bought more)
    assert japan["raised_usd_bn"] == pytest.approx(9.4132, abs=1e-4)
    assert japan["largest_cluster_h100e"] == 9096.0   # SoftBank B200 SuperPOD (CHIE-4), ahead of ABCI 3.0 (6,128)
    assert japan["largest_run_flop"] == 1.2e24        # PLaMo-100B


def test_chain_long(table):
    long = s.chain_long(table)
    assert long.height == table.height * len(s.LINKS)
    ds = long.filter((pl.col("actor") == "DeepSeek") & (pl.col("link") == "raised_usd_bn"))
    assert ds["shown"][0] == "missing" and ds["value"][0] is None


def test_run_days_by_hand():
    # 5e26 / (6128 x 989e12 x 0.4) = 2.0624e8 s = 2387.1 days
    assert r.run_days(5e26, 6128, 0.4) == pytest.approx(5e26 / (6128 * 989e12 * 0.4) / 86400)
    assert r.run_days(5e26, 6128, 0.4) == pytest.approx(2387.1, abs=0.1)
    with pytest.raises(ValueError):
        r.run_days(5e26, 0, 0.4)


def test_frontier_runs_priced_by_chain():
    runs = r.frontier_runs()
    assert runs["model"].to_list() == ["Grok 4", "GPT-4.5", "Grok 3"]
    # run cost of 5e26 at defaults: 5e26 / (3600 x 989e12 x 0.4) h x $2 = $0.702B
    assert runs["run_cost_usd_bn"][0] == pytest.approx(5e26 / (3600 * 989e12 * 0.4) * 2 / 1e9)
    # capital: / frontier_run_share 0.1 / compute_share 0.6 -> 0.702 / 0.06 = 11.70
    assert runs["capital_usd_bn"][0] == pytest.approx(11.7028, rel=1e-4)


def test_japan_money():
    m = r.japan_money()
    assert m["vc_usd_bn"] == pytest.approx(779.3 / 151.37)          # 5.148
    # FY2026 has no rate: japan_money asks genchain.fx for the latest earlier year, 2025 (149.57)
    assert m["gov_plan_usd_bn_per_year"] == pytest.approx(1000 / 149.57 / 5)   # 1.337
    assert m["gov_plan_fx_year"] == 2025
    assert m["gen_ai_compute_2023_usd_bn"] == pytest.approx(185.6 / 140.5001)   # FY2023 at 2023's rate


def test_japan_capital_share():
    share = r.japan_capital_share(2023)
    # CSET 2023: Japan 1.1623 / World 126.7797 = 0.9168%
    assert share["share_pct"] == pytest.approx(100 * 1.1623 / 126.7797)
    assert share["share_pct"] < 1


def test_scenario_by_hand():
    out = dict(r.scenario(26.0, 2.0, 0.4, 0.5, 1.0, vc_usd_bn=4.0, cluster_h100e=1000).iter_rows())
    need = 1e26 / (3600 * 989e12 * 0.4 * 0.1) * 2 / 1e9 / 0.6       # 2.3405
    assert out["capital_needed_usd_bn"] == pytest.approx(need)
    assert out["japan_per_year_usd_bn"] == pytest.approx(0.5 * 4.0 + 1.0)   # 3.0
    assert out["years_to_fund"] == pytest.approx(need / 3.0)
    assert out["run_days_largest_cluster"] == pytest.approx(1e26 / (1000 * 989e12 * 0.4) / 86400)
    no_money = dict(r.scenario(26.0, 2.0, 0.4, 0.0, 0.0, vc_usd_bn=4.0, cluster_h100e=1000).iter_rows())
    assert math.isinf(no_money["years_to_fund"])


def test_capital_bands_bracket_the_default():
    runs = pl.DataFrame({"model": ["X"], "training_flop": [5e26]})
    b = r.capital_bands(runs, n_draws=500).row(0, named=True)
    assert b["cap_q05"] < b["cap_q50"] < b["cap_q95"]
    assert b["cap_q05"] < chain.capital_for_flop(5e26) < b["cap_q95"]
    assert r.capital_bands(runs, 500).equals(r.capital_bands(runs, 500))   # seeded


def test_funding_path_bands_scale_with_money():
    paths = pl.DataFrame({"actor": ["a", "b"], "capital_usd_bn": [1.0, 2.0]})
    b = r.funding_path_bands(paths, n_draws=300).sort("actor")
    # training FLOP is linear in capital, so every quantile doubles
    assert b["q50"][1] == pytest.approx(2 * b["q50"][0])
    # and the median sits near the default chain: 1e9 x 0.6 / 2 x 3600 x 989e12 x 0.4 x 0.1 = 4.27e25
    assert 1e25 < b["q50"][0] < 1e26


def test_hindsight_lanes_and_dates():
    h = s.hindsight()
    assert h["date"].min() > dt.date(2025, 12, 31)
    assert set(h["lane"]) == {"Money", "Valuation", "State", "Export controls"}
    series_h = h.filter((pl.col("actor") == "Anthropic") & (pl.col("lane") == "Money")
                        & pl.col("what").str.starts_with("Series H"))
    assert series_h["amount_usd_bn"][0] == 65.0


def test_held():
    h = {row_["claim_id"]: row_ for row_ in s.held().iter_rows(named=True)}
    assert h["C3.1"]["at_essay"] == 2 and h["C3.1"]["held"]            # OpenAI 57.6 > Anthropic 44.9 > xAI
    assert h["C4.1"]["at_essay"] == 30.5 and h["C4.1"]["after"] == 61.0
    assert h["C5.2"]["at_essay"] == pytest.approx(57.6 / 3.101)


def test_ledger_counts_any_verdicts():
    counts = s.ledger_counts(CLAIMS)
    assert counts.filter(pl.col("verdict") == "pending")["claims"].sum() == 2
    assert s.not_supported(CLAIMS)["claim_id"].to_list() == ["C1.2"]


def test_not_supported_fills_the_rationale_only_when_asked():
    claims = CLAIMS.with_columns(rationale=pl.lit("share {x}%"))

    def fill(text):
        return text.replace("{x}", "1.0") if text else ""

    assert s.not_supported(claims)["rationale"].to_list() == ["share {x}%"]              # as stored
    assert s.not_supported(claims, fill=fill)["rationale"].to_list() == ["share 1.0%"]


def test_rank_correlation_by_hand():
    t = pl.DataFrame({"actor": ["a", "b", "c", "Japan (national)"], "raised_usd_bn": [1.0, 2.0, 3.0, 9.0],
                      "largest_run_flop": [3.0, 2.0, 1.0, 9.0]})
    out = s.capital_model_rank_corr(t)
    assert out["n"] == 3 and out["rho"] == pytest.approx(-1.0)   # national row left out; ranks reversed


def test_chain_long_writes_values_as_read():
    v = [5e26, 9.96e25, 1.2e14, 531161.0, 999.6, 57.6, 99.96, 0.4738, 0.999, 0.004, -3.25, 0.0, None]
    flop = [True, True, True] + [False] * 10
    shown = pl.DataFrame({"v": v, "flop": flop}).select(s._shown(pl.col("v"), pl.col("flop")))["shown"].to_list()
    assert shown == ["5.0e26", "1.0e26", "1.2e14", "531,161", "1,000", "57.6", "100.0", "0.47", "1.00", "4.0e-03",
                     "-3.2", "0", "missing"]
    # the same text Python's format specifications give, value by value
    assert shown[:-2] == [f"{x:.1e}".replace("e+", "e") if f or abs(x) < 1e-2 else f"{x:,.0f}" if abs(x) >= 100
                          else f"{x:,.2f}" if abs(x) < 1 else f"{x:,.1f}" for x, f in zip(v[:-2], flop[:-2])]


def test_verdict_c5_1_and_c5_4_are_untestable():
    assert r.verdict_c5_1() == "untestable" and r.verdict_c5_4() == "untestable"


def test_verdict_c5_2_both_sides_of_each_threshold():
    assert r.verdict_c5_2(78.6, ["partly_supported"] * 5) == "partly_supported"  # the chapter's case
    assert r.verdict_c5_2(75.0, ["supported", "supported"]) == "partly_supported"  # the poles are never graded
    assert r.verdict_c5_2(74.9, ["not_supported", "pending"]) == "not_supported"  # no testable part holds
    assert r.verdict_c5_2(74.9, ["partly_supported"]) == "partly_supported"      # the China half holds in part
    assert r.verdict_c5_2(80.0, []) == "partly_supported"                       # the US half holds


def test_verdict_c5_3_both_sides_of_each_threshold():
    assert r.verdict_c5_3(0.92, 11.7, 5.15) == "partly_supported"
    assert r.verdict_c5_3(1.0, 11.7, 5.15) == "not_supported"                  # share must be under 1%
    assert r.verdict_c5_3(0.92, 5.15, 5.15) == "not_supported"                 # need must exceed the money
    assert r.verdict_c5_3(0.92, 5.16, 5.15) == "partly_supported"




def test_japan_ai_rounds_by_hand():
    jr = r.japan_ai_rounds()
    assert jr.height == 11                                   # preferred Japanese rows to end-2025 (the Chambers row is not)
    assert jr["announced"].is_sorted()
    new = jr.filter(pl.col("new_money"))
    # 0.0948 (PFN/Toyota) + 0.1835 (PKSHA) + 0.1042 (LegalOn) + 0.0076 + 0.0066 + 0.0655 (Turing; 2025: JPY 15.3B
    # less the JPY 5.5B loan = 9.8B at 149.57) + 0.03 + 0.214 + 0.135 (Sakana) = 0.8412
    assert new["amount_usd_bn"].sum() == pytest.approx(0.8412)
    # KDDI's ELYZA purchase is a secondary sale; Turing's JPY 5.5B loan is debt
    out = jr.filter(~pl.col("new_money"))
    assert sorted(out["company"]) == ["ELYZA", "Turing Inc."] and sorted(out["instrument"]) == ["debt", "secondary sale"]
    assert out.filter(pl.col("instrument") == "debt")["jpy_bn"].item() == pytest.approx(5.5, abs=0.01)
    pksha = jr.filter(pl.col("company") == "PKSHA Technology").row(0, named=True)
    assert pksha["jpy_bn"] == pytest.approx(0.1835 * 109.0188)   # back to the JPY 20.0B the source states
    assert pksha["instrument"] == "equity"
    # a month-precise row is shown as the source gives it, not as a made-up first day
    seed = jr.filter((pl.col("company") == "Sakana AI") & (pl.col("round") == "Seed")).row(0, named=True)
    assert (seed["when"], pksha["when"]) == ("2024-01", "2019-07-12")
