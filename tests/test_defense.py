"""genchain.chapters.defense and defense_loop on small frames worked by hand, and on the Anduril rows of the shared tables."""

import numpy as np
import polars as pl
import pytest

from genchain import data
from genchain.chapters import defense, defense_loop

C = data.typed_dates(pl.DataFrame({
    "company": ["A", "A", "A", "A", "A", "B"],
    "agency": ["x"] * 6,
    "country": ["United States"] * 6,
    "announced": ["2022-05", "2023", "2024-02-01", "2024-03", "2024-09", "2023-01"],
    "program": ["P1", "P2", "aggregate (USASpending)", "Factory", "P3", "Q"],
    "contract_type": ["IDIQ", "OTA", "aggregate of awards", "company investment", "state grant (10-year)", "IDIQ"],
    "ceiling_usd_bn": [1.0, None, None, None, 0.3, 2.0],
    "obligated_usd_bn": [0.2, None, 0.15, None, None, None],
    "description": ["d1", "Lattice mesh for C2", "d3", "d4", "d5", "d6"],
    "source_id": ["s"] * 6,
    "note": [None] * 6,
}), "announced")


def test_contract_values_kinds_and_status():
    v = defense.contract_values(C, ["A"])
    assert v["kind"].to_list() == ["award", "award", "aggregate", "company investment", "state grant"]
    assert v["value_status"].to_list() == ["ceiling and obligation", "no value disclosed", "obligation only",
                                           "no value disclosed", "ceiling only"]
    assert v["date_precision"].to_list() == ["month", "year", "day", "month", "month"]


def test_disclosure_counts_awards_only():
    d = defense.disclosure(C).row(0, named=True)
    # A: awards P1, P2 and the grant (aggregate and company investment excluded) -> 3;
    # ceilings 1.0 + 0.3 = 1.3; one stated obligation 0.2
    assert (d["awards"], d["with_ceiling"], d["with_obligation"]) == (3, 2, 1)
    assert d["ceilings_usd_bn"] == pytest.approx(1.3) and d["obligated_usd_bn"] == pytest.approx(0.2)
    assert defense.disclosure(C, ["A"], until="2023-12-31")["awards"].to_list() == [2]


def test_annual_money_keeps_routes_apart():
    fr = data.typed_dates(pl.DataFrame({"company": ["A", "A", "A"], "country": ["US"] * 3, "round": ["S1", "S2", "Tender"],
                       "announced": ["2022-01", "2022-09", "2024-01"], "amount_usd_bn": [0.5, 1.0, 3.0],
                       "post_money_usd_bn": [2.0, 5.0, 9.0], "investor_type": ["financial"] * 3,
                       "capital_type": ["primary_equity", "primary_equity", "secondary"],
                       "preferred": [True] * 3, "source_id": ["s"] * 3}), "announced")
    m = {(r["year"], r["route"]): r["usd_bn"] for r in defense.annual_money(fr, C, "A").iter_rows(named=True)}
    # venture 2022 = 0.5 + 1.0; secondary 2024 raises nothing; ceilings 2022 = 1.0, 2024 = 0.3 (grant);
    # obligations 2022 = 0.2; the 0.15 public tally of 2024 is not an annual flow (obligation_tallies)
    assert m == pytest.approx({(2022, "venture (new money)"): 1.5, (2022, "government ceilings announced"): 1.0,
                               (2022, "government obligations stated"): 0.2,
                               (2024, "government ceilings announced"): 0.3})
    cum = defense.annual_money(fr, C, "A").filter(pl.col("route") == "government ceilings announced")
    assert cum["cumulative_usd_bn"].to_list() == pytest.approx([1.0, 1.3])
    assert defense.obligation_tallies(C, "A")["obligated_usd_bn"].to_list() == [0.15]


def test_defense_vc_provider_and_span():
    b = pl.DataFrame({"country": ["World"] * 4, "fiscal_year": [2024, 2024, 2016, 2025],
                      "period": ["2024", "2024-H1", "2016-2022", "2025"], "category": ["vc_investment"] * 3 + ["dod_budget"],
                      "line_item": ["PitchBook (x): v", "CB Insights (y): e", "Crunchbase (z): f", "US DoD: AI"],
                      "value_usd_bn": [1.0, 2.0, 3.0, 4.0], "basis": ["r"] * 4, "source_id": ["s"] * 4, "note": [None] * 4})
    v = defense.defense_vc(b)
    assert v["provider"].to_list() == ["CB Insights", "Crunchbase", "PitchBook"]
    assert v["span"].to_list() == ["part year", "multi-year", "full year"]


def test_ai_budget_lines_on_shared_table():
    b = defense.ai_budget_lines(data.load("budgets"))
    fam = dict(b.select("line_item", "family").iter_rows())
    assert fam["US DoD: Artificial intelligence (topline)"] == "narrow AI topline"
    assert fam["US DoD: Autonomy and autonomous systems (first dedicated section) - total"] == "autonomy"
    assert "components" not in fam.values() and "national total" not in fam.values()
    # the FY2026 autonomy components are 9.4 + 1.7 + 0.21 + 0.734 + 1.2 = 13.244
    comp = defense.ai_budget_lines(data.load("budgets"), keep_components=True).filter(pl.col("family") == "components")
    assert comp["value_usd_bn"].sum() == pytest.approx(13.244)


def test_annual_revenue_and_growth_on_shared_rows():
    a = defense.annual_revenue(data.load("revenue"), ["Anduril", "Palantir"])
    assert set(a["basis"]) == {"audited filing", "company-reported (unaudited)", "projection"}
    g = defense.growth(a).filter(pl.col("company") == "Anduril")
    assert g["growth_x"].to_list()[1] == pytest.approx(2.0)   # 1.0 (2024) / 0.5 (2023)
    assert 0.828 not in a["value_usd_bn"].to_list()          # the Q4 2024 quarter row is dropped (FY rows only)
    assert a.filter(pl.col("company") == "Palantir")["year"].min() == 2018


def test_series_check_series_g():
    r = defense.series_check(data.load("funding_rounds"), "Anduril", "Series G", 2.5, 30)
    # source row: $2.5B at $30.5B post-money -> pre-money 30.5 - 2.5 = 28.0 (below 30)
    assert (r["amount_usd_bn"], r["post_money_usd_bn"]) == (2.5, 30.5)
    assert r["pre_money_usd_bn"] == pytest.approx(28.0) and not r["pre_ok"]
    assert r["verdict"] == "supported"
    assert defense.series_check(data.load("funding_rounds"), "Anduril", "Series G", 2.5, 31)["verdict"] == "not_supported"
    with pytest.raises(KeyError):
        defense.series_check(data.load("funding_rounds"), "Anduril", "Series Z", 1, 1)


def test_timeline_lattice_and_production_evidence():
    ev = data.load("events")
    t = defense.timeline(ev, "Anduril")
    assert t.filter(pl.col("date") == "2023")["date_precision"].unique().to_list() == ["year"]
    lat = defense.lattice_evidence(ev, C.with_columns(company=pl.lit("Anduril")))
    assert "purchase" in lat["evidence"].to_list()            # the test contract "Lattice mesh for C2"
    p = defense.production_evidence(ev, data.load("contracts"), data.load("funding_rounds"))
    assert {"events", "contracts", "funding_rounds"} <= set(p["table"])
    assert p.filter(pl.col("table") == "funding_rounds")["usd_bn"].to_list() == [1.5]   # Series F, for Arsenal-1


def test_contract_loop_by_hand():
    p = defense_loop.contract_loop(win_rate=0.5, contract_size=1.0, reinvest_share=0.5, system_cost=1.0,
                              recognition_years=1, obsolescence=0.0, start_year=2020, end_year=2022)
    # year 0: award = 0.5*1*(1+0) = 0.5; revenue 0.5; stock = 0.25
    # year 1: award = 0.5*(1+0.25) = 0.625; stock = 0.25 + 0.3125 = 0.5625
    # year 2: award = 0.5*(1+0.5625) = 0.78125; stock = 0.5625 + 0.390625 = 0.953125
    assert p["award_usd_bn"].to_list() == pytest.approx([0.5, 0.625, 0.78125])
    assert p["capability_usd_bn"].to_list() == pytest.approx([0.25, 0.5625, 0.953125])


def test_contract_loop_recognition_venture_and_obsolescence():
    v = pl.DataFrame({"year": [2021], "usd_bn": [1.0]})
    p = defense_loop.contract_loop(win_rate=1.0, contract_size=1.0, reinvest_share=0.0, system_cost=1.0,
                              recognition_years=2, obsolescence=0.5, start_year=2020, end_year=2022, venture=v)
    # no reinvestment: 2020 award 1 -> revenue 1/2; 2021 award 1 (stock 0), revenue (1+1)/2 = 1, then stock = 0 + 1 (venture)
    # 2022 award = 1*(1+1) = 2, revenue (1+2)/2 = 1.5, stock = 0.5*1 = 0.5
    assert p["award_usd_bn"].to_list() == pytest.approx([1.0, 1.0, 2.0])
    assert p["revenue_usd_bn"].to_list() == pytest.approx([0.5, 1.0, 1.5])
    assert p["capability_usd_bn"].to_list() == pytest.approx([0.0, 1.0, 0.5])
    with pytest.raises(ValueError):
        defense_loop.contract_loop(win_rate=1.5)


def test_loop_gain_and_vectorised_grid():
    # 0.5 * 0.4 * 1.0 / 0.5 - 0.2 = 0.2 per year
    assert defense_loop.loop_gain(0.4, 1.0, 0.5, 0.5, 0.2) == pytest.approx(0.2)
    g = defense_loop.loop_grid([0.1, 0.2], [1.0], [0.0, 0.5], start_year=2020, end_year=2024)
    assert g.height == 2 * 1 * 2 * 5
    # one scenario of the grid equals a single run with the same parameters
    one = defense_loop.contract_loop(win_rate=0.2, contract_size=1.0, reinvest_share=0.5, start_year=2020, end_year=2024)
    sc = g.filter((pl.col("win_rate") == 0.2) & (pl.col("reinvest_share") == 0.5))
    assert np.allclose(sc["revenue_usd_bn"].to_numpy(), one["revenue_usd_bn"].to_numpy())
    # with reinvestment the loop grows revenue faster than without
    last = g.filter(pl.col("year") == 2024).sort("reinvest_share")
    assert last.filter(pl.col("win_rate") == 0.2)["revenue_usd_bn"].is_sorted()


def test_fit_and_best_fits():
    path = pl.DataFrame({"scenario": [0, 0, 1, 1], "year": [2023, 2024] * 2, "revenue_usd_bn": [1.0, 10.0, 1.0, 1.0],
                         "win_rate": [0.1] * 2 + [0.2] * 2, "contract_size": [1.0] * 4, "reinvest_share": [0.0] * 2 + [0.5] * 2})
    actual = pl.DataFrame({"year": [2023, 2024], "value_usd_bn": [1.0, 1.0]})
    f = defense_loop.fit(path, actual)
    # scenario 1 is exact (0); scenario 0: log10 errors 0 and 1 -> sqrt((0 + 1) / 2) = 0.7071
    assert f["scenario"].to_list() == [1, 0]
    assert f["log_rmse"].to_list() == pytest.approx([0.0, 0.5 ** 0.5])
    b = defense_loop.best_fits(path, actual)
    assert b["loop"].to_list() == ["no reinvestment", "with reinvestment"]


def test_verdict_c4_1_amount_and_post_money_thresholds():
    # amount within 10 % of 2.5 (2.25..2.75) and post-money above 30
    assert defense.verdict_c4_1(2.5, 30.5) == "supported"
    assert defense.verdict_c4_1(2.75, 30.01) == "supported"        # both just inside
    assert defense.verdict_c4_1(2.8, 30.5) == "not_supported"      # 2.8 is 12 % above 2.5
    assert defense.verdict_c4_1(2.2, 30.5) == "not_supported"      # 12 % below
    assert defense.verdict_c4_1(2.5, 30.0) == "not_supported"      # "above 30" is strict
    assert defense.verdict_c4_1(1.0, 12.0, claimed_amount_usd_bn=1.0, claimed_valuation_usd_bn=10.0) == "supported"


def test_verdict_c4_2_needs_description_and_purchase():
    assert defense.verdict_c4_2(descriptions=5, purchases=4) == "partly_supported"
    assert defense.verdict_c4_2(descriptions=1, purchases=1) == "partly_supported"
    assert defense.verdict_c4_2(descriptions=5, purchases=0) == "untestable"
    assert defense.verdict_c4_2(descriptions=0, purchases=4) == "untestable"


def test_verdict_c4_3_production_rows():
    assert defense.verdict_c4_3(1) == "partly_supported"
    assert defense.verdict_c4_3(0) == "not_supported"


def test_verdict_c4_4_state_money_and_loop_margin():
    # state money enters; fits 0.30 vs 0.15: the loop improves the fit by 0.15 > 0.1
    assert defense.verdict_c4_4(3.6, 0.30, 0.15) == "supported"
    # improvement 0.05 < 0.1: state money enters but the loop is not shown
    assert defense.verdict_c4_4(3.6, 0.20, 0.15) == "partly_supported"
    assert defense.verdict_c4_4(3.6, 0.10, 0.10) == "partly_supported"
    # no announced ceilings: no state money, whatever the fits
    assert defense.verdict_c4_4(0.0, 0.30, 0.15) == "not_supported"
    assert defense.verdict_c4_4(0.0, 0.10, 0.10) == "not_supported"


def test_production_before_uses_the_year_of_any_precision():
    p = data.typed_dates(pl.DataFrame({"when": ["2024", "2025-01", "2025-12-31", "2026-03"], "what": list("abcd")}), "when")
    assert defense.production_before(p, 2025)["what"].to_list() == ["a", "b", "c"]


def test_loop_defaults_are_the_model_defaults():
    d = defense_loop.loop_defaults()
    assert d == {"win_rate": 0.3, "contract_size": 1.0, "reinvest_share": 0.3, "system_cost": 0.5,
                 "recognition_years": 3, "obsolescence": 0.2, "start_year": 2019, "end_year": 2027}
