"""genchain.figures.compute: chapter 2's chip and compute charts draw the numbers of genchain.chapters.compute."""

import polars as pl
import pytest

from genchain.chapters import compute
from genchain.figures import compute as figures

NO_RULES = pl.DataFrame({"date": [], "rule": []}, schema={"date": pl.Date, "rule": pl.Utf8})


@pytest.fixture(scope="module")
def chips():
    return compute.chips()


def _find(spec, key):
    """Every value of ``key`` anywhere in a chart spec (layers, encodings, params)."""
    if isinstance(spec, dict):
        return ([spec[key]] if key in spec else []) + [v for x in spec.values() for v in _find(x, key)]
    return [v for x in spec for v in _find(x, key)] if isinstance(spec, list) else []


def test_charts_have_titles_and_params(chips):
    spec = figures.whatif_chart(chips).to_dict()
    assert {p["name"] for p in spec["params"]} >= {"wf_chip", "wf_price", "wf_util"}
    assert spec["description"]
    assert figures.threshold_chart(chips, NO_RULES).to_dict()["title"]


def test_threshold_chart_draws_the_rule_lines(chips):
    spec = figures.threshold_chart(chips, NO_RULES).to_dict()
    lines = [d for d in spec["datasets"].values() if d and "label" in d[0] and "tpp" in d[0]]
    # 4,800 TPP licence line and the 1,600 TPP density floor
    assert sorted(r["tpp"] for r in lines[0]) == [compute.TPP_DENSITY_FLOOR, compute.TPP_LINE] == [1600.0, 4800.0]


@pytest.mark.parametrize("make,field,on,off", [
    (lambda c: figures.threshold_chart(c, NO_RULES), "country", 0.95, 0.15),
    (lambda c: figures.share_chart(compute.shares()), "series", 1, 0.15),
    (lambda c: figures.systems_chart(compute.largest_systems("China", n=8),
                                     compute.largest_systems("United States", n=3)), "kind", 1, 0.2),
])
def test_legend_click_highlights_one_entry(chips, make, field, on, off):
    spec = make(chips).to_dict()
    pick = [p for p in _find(spec, "params") for p in p if p.get("bind") == "legend"]
    assert len(pick) == 1 and pick[0]["select"]["fields"] == [field]
    opacity = [o for o in _find(spec, "opacity") if isinstance(o, dict) and "condition" in o]
    assert opacity and all(o["condition"]["value"] == on and o["value"] == off for o in opacity)


def test_budget_chart_bars_are_budget_table_flop(chips):
    t = compute.budget_table(chips, 1e9, 0.4, 365)
    spec = figures.budget_chart(t).to_dict()
    rows = next(iter(spec["datasets"].values()))
    got = {r["accelerator"]: r["flop_e26"] for r in rows}
    # H100: $1B / $33,600 x 989e12 x 0.4 x 365 x 86,400 s = 3.713e26 FLOP
    assert got["NVIDIA H100 SXM5 80GB"] == pytest.approx(1e9 / 33_600 * 989e12 * 0.4 * 365 * 86_400 / 1e26)
    assert {r["country"] for r in rows} == {"China", "United States"}


def test_budget_panel_drives_the_result():
    panel = figures.budget_panel()
    base = panel.result.data
    h100 = base.filter(pl.col("accelerator").str.starts_with("NVIDIA H100"))["flop"][0]
    # utilisation 0.4 -> 0.5 scales every chip's FLOP by 1.25
    new = panel.set(utilization=0.5).data
    assert new.filter(pl.col("accelerator").str.starts_with("NVIDIA H100"))["flop"][0] == pytest.approx(h100 * 1.25)
    # halving the 910B price doubles its chips bought: $1B / $8,427 = 118,666
    out = panel.set(chip="Huawei Ascend 910B", price=8427.0).data
    assert out.filter(pl.col("accelerator") == "Huawei Ascend 910B")["chips_bought"][0] == pytest.approx(1e9 / 8427)


def test_share_series_cover_the_data():
    # every country x metric line of the chart has a colour
    s = compute.shares()
    series = set(s.select(pl.col("country") + ", " + pl.col("metric").replace_strict(compute.METRIC_LABEL))
                 .to_series())
    assert series <= set(figures.SHARE_SERIES)
