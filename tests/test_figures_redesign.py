"""genchain.figures.redesign: chapter 5's charts and reader tables draw the numbers of genchain.chapters.redesign
and genchain.chapters.summary."""

from __future__ import annotations

import altair as alt
import polars as pl
import pytest

from genchain import chain
from genchain.chapters import summary
from genchain.figures import redesign as f
from genchain.publish.ledger import fill

#: a ledger with two pending claims and one not supported
CLAIMS = pl.DataFrame({"claim_id": ["C1.1", "C1.2", "C2.1"], "chapter": [1, 1, 2],
                       "claim": ["a", "b", "c"], "kind": ["empirical", "empirical", "causal"],
                       "verdict": ["pending", "not_supported", "pending"],
                       "rationale": [None, "costs $5 not $10", None]})


def test_chain_chart_writes_every_value():
    long = summary.chain_long(summary.chain_table())
    spec = f.chain_chart(long).to_dict()
    assert spec["title"]["text"].startswith("The chain, actor by actor") and spec["description"]
    shown = {(r["actor"], r["link"]): r["shown"] for r in spec["datasets"][spec["layer"][1]["data"]["name"]]}
    assert shown[("OpenAI", "raised_usd_bn")] == "57.6"                  # 1.0 + 10.0 + 6.6 + 40.0
    assert ("DeepSeek", "raised_usd_bn") not in shown                      # missing: written by another layer


def test_explorer_panel_is_live():
    p = f.explorer_panel(vc_usd_bn=4.0, cluster_h100e=1000)
    before = dict(p.result.data.iter_rows())["japan_per_year_usd_bn"]
    assert before == pytest.approx(0.1 * 4.0 + 1.3)                   # defaults: 10% of VC + 1.3
    assert p.result.to_dict()["title"]["text"].startswith("One run needs")
    after = dict(p.set(vc_share=1.0, gov_usd_bn=2.0).data.iter_rows())
    assert after["japan_per_year_usd_bn"] == pytest.approx(4.0 + 2.0)
    doubled = dict(p.set(gpu_hour_usd=4.0).data.iter_rows())["capital_needed_usd_bn"]
    assert doubled == pytest.approx(2 * chain.capital_for_flop(10 ** 26.5))   # price x2 -> capital x2


def test_explorer_chart_has_five_bound_sliders():
    spec = f.explorer_chart(5.0, 6128).to_dict()
    bound = [p for p in spec.get("params", []) if "bind" in p]
    assert [p["name"] for p in bound] == ["target_exp", "gpu_price", "util", "vc_share", "gov_bn"]


def test_explorer_sliders_reach_every_sourced_setting():
    # the text asks for the utilisation's high and the price's low: both sliders must reach them
    spec = f.explorer_chart(5.0, 6128).to_dict()
    bind = {p["name"]: p["bind"] for p in spec["params"] if "bind" in p}
    for name, field in (("util", "utilization"), ("gpu_price", "accelerator_hour_usd")):
        prm = chain.Assumptions.params()[field]
        assert bind[name]["min"] <= prm.low and bind[name]["max"] >= prm.high


def test_hindsight_chart_and_colours():
    assert len(set(f.HINDSIGHT_COLORS.values())) == len(f.HINDSIGHT_COLORS)
    assert set(f.HINDSIGHT_GROUP.values()) <= set(f.HINDSIGHT_COLORS)
    chart = f.hindsight_chart(summary.hindsight())
    assert isinstance(chart, alt.Chart)
    spec = chart.to_dict()
    assert spec["encoding"]["opacity"] == {"condition": {"param": spec["params"][0]["name"], "value": 0.85},
                                           "value": 0.12}
    assert spec["params"][0]["select"]["fields"] == ["who"] and spec["params"][0]["bind"] == "legend"


def test_ledger_chart_and_markdown_with_any_verdicts():
    md = f.ledger_markdown(CLAIMS, fill=fill).data
    assert "C1.2" in md and "\\$5" in md                    # dollar signs escaped for MyST math
    none = f.ledger_markdown(CLAIMS.with_columns(verdict=pl.lit("pending")), fill=fill).data
    assert "No claim" in none
    spec = f.ledger_chart(summary.ledger_counts(CLAIMS)).to_dict()
    assert spec["description"]
    assert spec["encoding"]["opacity"]["condition"]["value"] == 1 and spec["encoding"]["opacity"]["value"] == 0.2


def test_not_supported_table_has_no_dollar_pairs():
    claims = pl.DataFrame({"claim_id": ["C1.2"], "chapter": [1], "claim": ["raised $30B"], "kind": ["empirical"],
                           "verdict": ["not_supported"], "rationale": ["costs $3.5B + $13B"]})
    html = f.not_supported_table(claims, fill=fill).as_raw_html()
    assert "USD 30B" in html and "USD 3.5B + USD 13B" in html and "$" not in html.replace("${", "")
