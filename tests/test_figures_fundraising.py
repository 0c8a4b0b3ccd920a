"""genchain.figures.fundraising: chapter 3's charts draw the numbers of genchain.chapters.fundraising and commitments."""

import polars as pl
import pytest

from genchain import data
from genchain.chapters import commitments as cm, fundraising as fr
from genchain.figures import fundraising as figs


def test_ranking_panel_moves_with_its_controls():
    panel = figs.ranking_panel(data.load("funding_rounds"))
    got = dict(panel.result.data.select("company", "raised_usd_bn").rows())
    assert got["Anthropic"] == pytest.approx(44.904)          # to end-2025 with pledges, without debt
    got = dict(panel.set(pledges=fr.YES_NO[1]).data.select("company", "raised_usd_bn").rows())
    assert got["Anthropic"] == pytest.approx(27.904)          # 44.904 - 2 (Google 2023) - 10 - 5 (Nov 2025)
    got = dict(panel.set(debt=fr.YES_NO[0]).data.select("company", "raised_usd_bn").rows())
    assert got["xAI"] == pytest.approx(22.135) and got["OpenAI"] == pytest.approx(51.6)   # 47.6 + 4 revolver
    got = panel.set(cutoff=2020.0).data
    assert dict(got.select("company", "raised_usd_bn").rows()) == {"OpenAI": 1.0, "Anthropic": 0.0, "xAI": 0.0}


def test_charts_build_with_tooltips():
    f = data.load("funding_rounds")
    for c in [figs.rounds_timeline_chart(f), figs.what_if_chart(fr.what_if_rows(f)), figs.glue_chart(f)]:
        spec = c.to_dict()
        assert spec["description"] and "Source:" in spec["title"]["subtitle"][-1]
        assert "tooltip" in str(spec)


def test_charts_label_years_and_use_readable_instruments():
    f = data.load("funding_rounds")
    for c in [figs.rounds_timeline_chart(f), figs.cumulative_chart(fr.cumulative_paths(f, fr.RIVALS), fr.RIVALS)]:
        spec = str(c.to_dict())
        assert "'format': '%Y'" in spec
        assert "primary_equity" not in spec and "strategic_tranche" not in spec   # legends say "equity", ...
    glue = str(figs.glue_chart(f).to_dict())
    assert "primary_equity" not in glue and "convertible note" in glue
    # market-share snapshots are points, not lines joining distant surveys
    share = figs.share_chart(cm.share_points(data.load("market_share"), ["Anthropic", "OpenAI"]), ["Anthropic", "OpenAI"])
    assert "line" not in str(share.to_dict()["mark"])


def test_glue_chart_totals_are_the_chapter_sums():
    spec = figs.glue_chart(data.load("funding_rounds"), "Anthropic", "Series F").to_dict()
    totals = {r["bar"]: r["total"] for r in spec["datasets"][spec["layer"][2]["data"]["name"]]}
    # Series E 3.5 + Series F 13; everything up to Series F is 29.904 with the 2023 Google pledge (2), 27.904 without
    assert totals == pytest.approx({"Series E + Series F only": 16.5, "all up to Series F, no pledges": 27.904,
                                    "all up to Series F, with pledges": 29.904})


def test_commitments_chart_rule_is_capital_raised():
    cd, rf = data.load("compute_deals"), data.load("funding_rounds")
    capital = cm.commitments_vs_capital(cd, rf, "Anthropic").filter(pl.col("kind") == "capital raised")["value_usd_bn"].item()
    spec = figs.commitments_chart(cm.classify_deals(cd), capital).to_dict()
    rule = spec["datasets"][spec["layer"][1]["data"]["name"]]
    assert rule[0]["y"] == pytest.approx(44.904) == pytest.approx(capital)


@pytest.mark.parametrize("make,field,on,off", [
    (lambda f: figs.rounds_timeline_chart(f), "investor_type", 0.9, 0.15),
    (lambda f: figs.cumulative_chart(fr.cumulative_paths(f, fr.RIVALS), fr.RIVALS), "company", 1, 0.15),
    (lambda f: figs.counts_chart(fr.rank_by_count(f), fr.RIVALS), "company", 1, 0.15),
    (lambda f: figs.multiples_chart(fr.round_multiples(f, data.load("revenue"), fr.RIVALS), fr.RIVALS), "company", 1, 0.15),
    (lambda f: figs.glue_chart(f), "capital_type", 1, 0.2),
    (lambda f: figs.commitments_chart(cm.classify_deals(data.load("compute_deals")), 40.0), "kind", 0.95, 0.15),
    (lambda f: figs.share_chart(cm.share_points(data.load("market_share")), ["Anthropic", "OpenAI"]), "measure", 1, 0.12),
    (lambda f: figs.government_chart(cm.government_timeline(data.load("contracts"), data.load("events"))),
     "stance", 0.9, 0.12),
])
def test_legend_click_highlights_one_entry(make, field, on, off):
    spec = make(data.load("funding_rounds")).to_dict()
    pick = [p for p in spec["params"] if p.get("bind") == "legend"]
    assert len(pick) == 1 and pick[0]["select"]["fields"] == [field]
    opacity = spec["encoding"]["opacity"] if "encoding" in spec else spec["layer"][0]["encoding"]["opacity"]
    assert opacity["condition"]["value"] == on and opacity["value"] == off
