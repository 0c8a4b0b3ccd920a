"""genchain.figures.capital and .capital_links: the charts, table and live panels of chapters 0 and 1, on
small frames worked by hand and on the real rows the chapters quote."""

import polars as pl
import pytest

from genchain import chain, data
from genchain.chapters import capital
from genchain.figures import capital as capital_fig, capital_links as links_fig


def test_japan_share_panel_moves():
    p = capital_fig.japan_share_panel(data.load("ai_investment"), japan_jpy_bn=779.3)
    assert p.result["share_pct"][0] == pytest.approx(100 * 779.3 / 151.37 / 202.3)
    out = p.set(jpy_per_usd=100.0)
    assert out["japan_usd_bn"][0] == pytest.approx(7.793)                       # 779.3 / 100
    out = p.set(definition="AI Index (Quid): private AI investment")
    assert out["share_pct"][0] == pytest.approx(100 * 7.793 / 344.7)


def test_capital_need_panel_moves():
    actors = pl.DataFrame({"actor": ["A", "B"], "capital_usd_bn": [50.0, 1.0]})
    p = links_fig.capital_need_panel(actors, log10_flop=26.0)
    need = chain.capital_for_flop(1e26)                              # about 2.3 bn at the defaults
    assert p.result.data["needed_usd_bn"][0] == pytest.approx(need)
    assert p.result.data["can_afford"].to_list() == [True, False]
    assert p.result.to_dict()["title"]["text"].startswith("A run of 10^26.0 FLOP needs 2.3 bn")
    out = p.set(log10_flop=27.0).data                                # ten times the FLOP, ten times the money
    assert out["needed_usd_bn"][0] == pytest.approx(10 * need) and out["can_afford"].to_list() == [True, False]
    out = p.set(utilization=0.25).data
    assert out["needed_usd_bn"][0] == pytest.approx(chain.capital_for_flop(1e27, chain.Assumptions().with_(utilization=0.25)))


def test_whatif_charts_bind_a_slider_that_drives_the_marks():
    inv_ = data.load("ai_investment")
    spec = capital_fig.chart_japan_whatif(capital.world_ai_totals(inv_), 779.3, 151.37).to_dict()
    params = {p["name"]: p for p in spec.get("params", [])}
    assert params["ch01_rate"]["bind"]["input"] == "range"
    assert "ch01_rate" in str(spec["layer"][0]["transform"])      # the slider enters the computed share
    actors = pl.DataFrame({"actor": ["A"], "capital_usd_bn": [10.0]})
    spec0 = links_fig.chart_capital_need_whatif(actors).to_dict()
    assert "ch00_flop" in str(spec0["layer"][0]["transform"]) and spec0["params"][0]["bind"]["input"] == "range"


def test_reference_lines_sit_at_the_essays_thresholds():
    shares = capital.us_share_by_definition(data.load("ai_investment"))
    spec = capital_fig.chart_us_share(shares).to_dict()
    rule = next(lay for lay in spec["layer"] if lay["mark"]["type"] == "rule")
    assert spec["datasets"][rule["data"]["name"]] == [{"x": 80.0, "t": "the essay's 80%"}]
    assert rule["mark"]["strokeDash"] == [4, 3] and rule["encoding"]["x"]["field"] == "x"
    # a click on a year in the legend highlights its bars: full opacity picked, 0.2 faded
    (pick,), opacity = spec["params"], spec["layer"][0]["encoding"]["opacity"]
    assert pick["bind"] == "legend" and pick["select"]["fields"] == ["year_s"]
    assert opacity == {"condition": {"param": pick["name"], "value": 1.0}, "value": 0.2}
    bk = pl.DataFrame({"model": ["X"], "training_flop": [5e26], "run_cost_usd_bn": [0.7], "capital_usd_bn": [2.3]})
    spec = links_fig.chart_backwards(bk, 5.15).to_dict()
    rule = next(lay for lay in spec["layer"] if lay["mark"]["type"] == "rule")
    assert spec["datasets"][rule["data"]["name"]][0]["x"] == 5.15 and "strokeDash" not in rule["mark"]
    assert rule["mark"]["strokeWidth"] == 2.5 and rule["encoding"]["tooltip"][1]["title"] == "USD bn"


def test_chart_capital_flop_labels_do_not_collide():
    pts = pl.DataFrame({"actor": ["A", "B", "C"], "capital_usd_bn": [1.0, 1.2, 50.0], "max_flop": [1e25, 1.1e25, 1e26]})
    spec = links_fig.chart_capital_flop(pts).to_dict()
    texts = [lay for lay in spec["layer"] if lay["mark"]["type"] == "text"]
    # A labelled above-right; B within a third of a decade of A moves below; C (rightmost) sits left
    placed = {(t["mark"]["align"], t["mark"]["dy"]) for t in texts}
    assert placed == {("left", -10), ("left", 14), ("right", -10)}
    assert spec["title"]["text"] and spec["description"]
