"""The what-ifs compute what the Python computes.

Kernel-free charts: each chart is compiled and run by Vega (vl-convert) with its sliders set to
several values; the numbers Vega computes are read back at full precision and compared with the
Python function the chart stands for, to 1e-9 relative. Live panels: controls set with
``panel.set(...)``, ``panel.result`` compared with the function the panel wraps.
"""

import copy
import math

import polars as pl
import pytest
import vl_convert

from genchain.chapters import capital, compute, defense_loop, fundraising, redesign
from genchain.figures import capital as capital_fig, capital_links as links_fig
from genchain.figures import compute as compute_fig
from genchain.figures import fundraising as fundraising_fig
from genchain.figures import defense as defense_fig, redesign as redesign_fig
from genchain import chain, data
from genchain.chain import Assumptions

REL = 1e-9


def _set_params(node, values: dict) -> None:
    """Set the ``value`` of every parameter named in ``values``, wherever the spec declares it."""
    if isinstance(node, dict):
        if node.get("name") in values and "bind" in node:
            node["value"] = values[node["name"]]
        for v in node.values():
            _set_params(v, values)
    elif isinstance(node, list):
        for v in node:
            _set_params(v, values)


def _texts(node, out: list) -> list:
    if isinstance(node, dict):
        if node.get("marktype") == "text" and node.get("role") == "mark":
            out += [i["text"] for i in node.get("items", []) if "text" in i]
        for v in node.values():
            _texts(v, out)
    elif isinstance(node, list):
        for v in node:
            _texts(v, out)
    return out


def probe(chart, settings: dict, key: str, fields: list[str], layer: int | None = None) -> dict:
    """Run ``chart`` in Vega with its sliders at ``settings``; {row key: {field: value}} of the view
    whose transforms compute ``fields`` (or of layer number ``layer``), values printed by Vega's
    toString (exact for a double)."""
    spec = copy.deepcopy(chart.to_dict())
    _set_params(spec, settings)
    views = [spec, *spec.get("layer", [])]
    view = spec["layer"][layer] if layer is not None else next(
        v for v in views if {t.get("as") for t in v.get("transform", []) if "calculate" in t} >= set(fields))
    text = " + '|' + ".join([f"datum.{key}"] + [f"toString(datum.{f})" for f in fields])
    out = {k: v for k, v in spec.items()
           if k not in ("layer", "mark", "encoding", "transform", "title", "width", "height")}
    out["params"] = [p for p in spec.get("params", []) if "select" not in p]
    if "data" in view:
        out["data"] = view["data"]
    out["transform"] = spec.get("transform", []) + view.get("transform", []) + [{"calculate": text, "as": "_probe"}]
    out["mark"] = "text"
    out["encoding"] = {"text": {"field": "_probe", "type": "nominal"}}
    rows = {}
    for t in _texts(vl_convert.vegalite_to_scenegraph(out), []):
        k, *vals = t.split("|")
        rows[k] = dict(zip(fields, map(float, vals), strict=True))
    assert rows, "Vega computed no rows"
    return rows


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL)


# ---------------------------------------------------------------- chapter 0: the capital a run needs

CAPITAL = pl.DataFrame({"actor": ["A", "B", "C"], "capital_usd_bn": [0.5, 12.0, 300.0]})


@pytest.mark.parametrize("log10_flop", [24.0, 25.7, 26.0, 27.3, 28.0])
def test_ch00_capital_need_slider_is_the_chain_backwards(log10_flop):
    a = Assumptions()
    got = probe(links_fig.chart_capital_need_whatif(CAPITAL, a), {"ch00_flop": log10_flop}, "actor", ["need"])
    want = chain.capital_for_flop(10 ** log10_flop, a)
    assert set(got) == {"A", "B", "C"}
    assert all(close(r["need"], want) for r in got.values())


def test_ch00_capital_need_slider_follows_other_assumptions():
    a = Assumptions().with_(utilization=0.3, accelerator_hour_usd=3.1, compute_share=0.5)
    got = probe(links_fig.chart_capital_need_whatif(CAPITAL, a), {"ch00_flop": 26.4}, "actor", ["need"])
    assert close(got["A"]["need"], chain.capital_for_flop(10 ** 26.4, a))


@pytest.mark.parametrize("log10_flop,utilization", [(24.5, 0.25), (26.0, 0.4), (27.9, 0.5)])
def test_ch00_live_panel(log10_flop, utilization):
    panel = links_fig.capital_need_panel(CAPITAL)
    panel.set(log10_flop=log10_flop, utilization=utilization)
    frame = panel.result.data
    want = chain.capital_for_flop(10 ** log10_flop, Assumptions().with_(utilization=utilization))
    assert all(close(v, want) for v in frame["needed_usd_bn"])
    assert frame["can_afford"].to_list() == [c >= want for c in CAPITAL["capital_usd_bn"]]


# ---------------------------------------------------------------- chapter 1: Japan's share against the yen

TOTALS = pl.DataFrame({"definition": ["narrow", "wide"], "usd_bn": [40.0, 202.3]})


@pytest.mark.parametrize("rate", [80.0, 140.5, 151.0, 200.0])
def test_ch01_yen_slider_is_japan_share(rate):
    got = probe(capital_fig.chart_japan_whatif(TOTALS, 779.3, 151.37), {"ch01_rate": rate}, "definition",
                ["japan_usd_bn", "share_pct"])
    for definition, world in TOTALS.iter_rows():
        want = capital.japan_share(779.3, rate, world)
        assert close(got[definition]["japan_usd_bn"], want["japan_usd_bn"])
        assert close(got[definition]["share_pct"], want["share_pct"])
    assert close(got["wide"]["share_pct"], 100 * 779.3 / rate / 202.3)      # by hand


def test_ch01_live_panel():
    inv = data.load("ai_investment")
    panel = capital_fig.japan_share_panel(inv, japan_jpy_bn=779.3, jpy_per_usd=151.37)
    world = dict(capital.world_ai_totals(inv, 2025).select("definition", "usd_bn").iter_rows())
    for definition, rate in [(next(iter(world)), 90.0), (list(world)[-1], 185.0)]:
        row = panel.set(definition=definition, jpy_per_usd=rate).row(0, named=True)
        want = capital.japan_share(779.3, rate, world[definition])
        assert close(row["share_pct"], want["share_pct"]) and close(row["japan_usd_bn"], 779.3 / rate)


# ---------------------------------------------------------------- chapter 2: what $1B of chips computes

CHIPS = pl.DataFrame({"accelerator": ["NVIDIA H100 SXM5 80GB", "Huawei Ascend 910B", "Huawei Ascend 910C"],
                      "country": ["United States", "China", "China"], "bf16_dense_tflops": [989.0, 320.0, 800.0],
                      "unit_price_usd": [33600.0, 16854.0, None]})


@pytest.mark.parametrize("chip,price,util", [("Huawei Ascend 910B", 16854.0, 0.4),
                                             ("Huawei Ascend 910B", 2000.0, 0.1),
                                             ("NVIDIA H100 SXM5 80GB", 60000.0, 0.6),
                                             ("Huawei Ascend 910C", 25000.0, 0.35)])
def test_ch02_budget_sliders_are_flop_bought(chip, price, util):
    got = probe(compute_fig.whatif_chart(CHIPS), {"wf_chip": chip, "wf_price": price, "wf_util": util},
                "accelerator", ["flop_e26"])
    for name, tflops, listed in CHIPS.select("accelerator", "bf16_dense_tflops", "unit_price_usd").iter_rows():
        p = price if name == chip else listed
        if p is None:
            assert name not in got                    # no price, no bar
            continue
        assert close(got[name]["flop_e26"], compute.flop_bought(1e9, p, tflops, util, 365) / 1e26)


def test_ch02_live_panel():
    panel = compute_fig.budget_panel()
    panel.set(chip="Huawei Ascend 910B", price=9000.0, utilization=0.25)
    t = panel.result.data
    row = t.filter(pl.col("accelerator") == "Huawei Ascend 910B").row(0, named=True)
    assert close(row["flop"], compute.flop_bought(1e9, 9000.0, row["bf16_dense_tflops"], 0.25, 365))
    # by hand: 1e9 / 9000 chips x 376 TFLOP/s (accelerators.csv) x 1e12 x 0.25 x 365 x 86,400 s = 3.29e26
    assert close(row["flop"], 1e9 / 9000 * 376e12 * 0.25 * 365 * 86_400)


# ---------------------------------------------------------------- chapter 5: can Japan fund one frontier run?

SETTINGS = [(26.5, 2.0, 0.4, 0.1, 1.3), (24.0, 1.0, 0.2, 0.0, 0.0), (27.5, 6.0, 0.6, 1.0, 20.0),
            (25.3, 3.7, 0.33, 0.45, 7.9)]


@pytest.mark.parametrize("exp,price,util,share,gov", SETTINGS)
def test_ch05_explorer_sliders_are_the_scenario(exp, price, util, share, gov):
    chart = redesign_fig.explorer_chart(vc_usd_bn=5.148, cluster_h100e=9096.0)
    got = probe(chart, {"target_exp": exp, "gpu_price": price, "util": util, "vc_share": share, "gov_bn": gov},
                "kind", ["need", "run", "vc", "gov", "days", "years"])
    want = dict(redesign.scenario(exp, price, util, share, gov, vc_usd_bn=5.148, cluster_h100e=9096.0).iter_rows())
    g = got["need"]
    assert close(g["need"], want["capital_needed_usd_bn"])
    assert close(g["run"], want["run_cost_usd_bn"])
    assert close(g["vc"] + g["gov"], want["japan_per_year_usd_bn"])
    assert close(g["days"], want["run_days_largest_cluster"])
    if math.isfinite(want["years_to_fund"]):
        assert close(g["years"], want["years_to_fund"])
    else:
        assert g["years"] == 1e9                       # no money a year: the chart's stand-in for "never"


@pytest.mark.parametrize("exp,price,util,share,gov", SETTINGS[:3])
def test_ch05_live_panel(exp, price, util, share, gov):
    panel = redesign_fig.explorer_panel(vc_usd_bn=5.148, cluster_h100e=9096.0)
    panel.set(target_flop_exp=exp, gpu_hour_usd=price, utilization=util, vc_share=share, gov_usd_bn=gov)
    got = dict(panel.result.data.iter_rows())
    want = dict(redesign.scenario(exp, price, util, share, gov, vc_usd_bn=5.148, cluster_h100e=9096.0).iter_rows())
    assert got.keys() == want.keys()
    assert all(close(got[k], want[k]) for k in want if math.isfinite(want[k]))


def test_scenario_by_the_formula_written_out():
    # 10^26 FLOP at 40% of 989 TFLOP/s: 1e26 / (3600 x 989e12 x 0.4) = 70,213.7 accelerator-hours ... x $2 / 1e9
    out = dict(redesign.scenario(26.0, 2.0, 0.4, 0.5, 1.0, vc_usd_bn=4.0, cluster_h100e=1000.0).iter_rows())
    hours = 1e26 / (3600 * 989e12 * 0.4)
    assert close(out["run_cost_usd_bn"], hours * 2 / 1e9)
    assert close(out["capital_needed_usd_bn"], hours * 2 / 1e9 / 0.1 / 0.6)
    assert close(out["run_days_largest_cluster"], hours / 1000 / 24)
    assert close(out["years_to_fund"], out["capital_needed_usd_bn"] / (0.5 * 4.0 + 1.0))


# ---------------------------------------------------------------- chapter 3: who is second?

@pytest.mark.parametrize("cutoff,window,pledges,debt", [
    (2026.0, fundraising.WINDOWS[0], fundraising.YES_NO[0], fundraising.YES_NO[1]),
    (2024.5, fundraising.WINDOWS[0], fundraising.YES_NO[1], fundraising.YES_NO[1]),
    (2025.75, fundraising.WINDOWS[1], fundraising.YES_NO[0], fundraising.YES_NO[0]),
    (2019.5, fundraising.WINDOWS[0], fundraising.YES_NO[0], fundraising.YES_NO[0]),
])
def test_ch03_ranking_controls_are_what_if_ranking(cutoff, window, pledges, debt):
    rows = fundraising.what_if_rows(data.load("funding_rounds"))
    got = probe(fundraising_fig.what_if_chart(rows), {"ch03_cutoff": cutoff, "ch03_window": window,
                                                  "ch03_pledges": pledges, "ch03_debt": debt},
                "company", ["raised", "rank"], layer=0)
    want = fundraising.what_if_ranking(rows, cutoff, window, pledges, debt)
    for company, raised, rank in want.iter_rows():
        assert close(got[company]["raised"], raised) or got[company]["raised"] == raised == 0
        assert got[company]["rank"] == rank
    panel = fundraising_fig.ranking_panel(data.load("funding_rounds"))
    panel.set(cutoff=cutoff, window=window, pledges=pledges, debt=debt)
    assert panel.result.data.equals(want)


# ---------------------------------------------------------------- chapter 4: the contract loop

@pytest.mark.parametrize("win,size,reinvest", [(0.3, 0.5, 0.3), (0.1, 1.5, 0.0), (0.6, 0.25, 0.6)])
def test_ch04_loop_sliders_pick_the_model_path(win, size, reinvest):
    actual = pl.DataFrame({"company": ["Anduril"], "year": [2024], "value_usd_bn": [1.0], "basis": ["reported"]})
    grid = defense_loop.loop_grid([0.1, 0.3, 0.6], [0.25, 0.5, 1.5], [0.0, 0.3, 0.6])
    got = probe(defense_fig.whatif_chart(grid, actual), {"win": win, "size": size, "reinvest": reinvest},
                "year", ["revenue_usd_bn"], layer=0)
    path = defense_loop.contract_loop(win_rate=win, contract_size=size, reinvest_share=reinvest)
    assert {int(float(k)) for k in got} == set(path["year"].to_list())
    for year, revenue in path.select("year", "revenue_usd_bn").iter_rows():
        assert close(got[str(year)]["revenue_usd_bn"], round(revenue, 4))   # the chart keeps 4 decimals


def test_ch04_live_panel():
    venture = pl.DataFrame({"year": [2019, 2020], "usd_bn": [0.2, 0.5]})
    panel = defense_fig.loop_panel(actual=pl.DataFrame({"company": ["Anduril"], "year": [2024], "value_usd_bn": [1.0],
                                                        "basis": ["reported"]}), venture=venture)
    panel.set(win_rate=0.5, contract_size=1.0, reinvest_share=0.2)
    want = defense_loop.contract_loop(win_rate=0.5, contract_size=1.0, reinvest_share=0.2, venture=venture)
    assert panel.path.equals(want)
