"""genchain.figures.defense: chapter 4's charts draw the numbers of genchain.chapters.defense and defense_loop."""

import polars as pl
import pytest

from genchain import data
from genchain.chapters import defense, defense_loop
from genchain.figures import defense as figures


def test_loop_panel_moves():
    panel = figures.loop_panel()
    before = panel.path.filter(pl.col("year") == 2025)["revenue_usd_bn"].item()
    panel.set(reinvest_share=0.0, win_rate=0.2)
    after = panel.path.filter(pl.col("year") == 2025)["revenue_usd_bn"].item()
    expected = defense_loop.contract_loop(win_rate=0.2, contract_size=1.0, reinvest_share=0.0,
                                          venture=defense.venture_by_year(data.load("funding_rounds"), "Anduril"))
    assert after == pytest.approx(expected.filter(pl.col("year") == 2025)["revenue_usd_bn"].item())
    assert after < before
    assert panel.result.to_dict()["title"]["text"].startswith("The contract loop")


@pytest.mark.parametrize("make,field,on,off", [
    (lambda: figures.revenue_chart(defense.annual_revenue(data.load("revenue"), ["Anduril", "Palantir"])), "company", 1, 0.15),
    (lambda: figures.timeline_chart(defense.timeline(data.load("events"), "Anduril")), "date_precision", 0.95, 0.15),
    (lambda: figures.contracts_chart(defense.contract_values(data.load("contracts"), ["Anduril", "Palantir"])),
     "measure", 0.9, 0.1),
    (lambda: figures.vc_chart(defense.defense_vc(data.load("budgets"))), "provider", 0.95, 0.12),
    (lambda: figures.budget_chart(defense.ai_budget_lines(data.load("budgets"))), "family", 0.95, 0.12),
])
def test_legend_click_highlights_one_entry(make, field, on, off):
    spec = make().to_dict()
    pick = [p for p in spec["params"] if p.get("bind") == "legend"]
    assert len(pick) == 1 and pick[0]["select"]["fields"] == [field]
    opacity = spec["encoding"]["opacity"] if "encoding" in spec else spec["layer"][0]["encoding"]["opacity"]
    assert opacity["condition"]["value"] == on and opacity["value"] == off
