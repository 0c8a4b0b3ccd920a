"""Shared quantities (genchain.quantities) by hand, and the log of keyed numbers (genchain.present)."""

from __future__ import annotations

import json

import pytest

from genchain import chain, quantities as q, rounds, data
from genchain.present import num
from genchain.sphinxext.notebook import quantities_log_path


def test_shown_number_logs_page_key_text_and_value(tmp_path, monkeypatch):
    monkeypatch.setenv("GENCHAIN_QUANTITIES_LOG", str(tmp_path))
    monkeypatch.setenv("GENCHAIN_PAGE", "book/05-summary")
    v = num(9437.793, 1, key="x@2025-12-31")
    assert repr(v) == "9,437.8" and f"{v}" == "9,437.8"
    repr(num(1.0))  # no key: logged too (the two editions must show the same numbers)
    assert repr(num(79.1, 1).oku_usd) == "791億ドル"  # the Japanese form logs the same value
    rows = [json.loads(line) for line in (tmp_path / "book__05-summary.jsonl").read_text(encoding="utf-8").splitlines()]
    keyed = {"page": "book/05-summary", "key": "x@2025-12-31", "text": "9,437.8", "value": 9437.793}
    assert rows == [keyed, keyed, {"page": "book/05-summary", "key": None, "text": "1", "value": 1.0},
                    {"page": "book/05-summary", "key": None, "text": "79.1", "value": 79.1}]


def test_nothing_logged_without_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("GENCHAIN_QUANTITIES_LOG", raising=False)
    assert repr(num(2.5, 1, key="y@2025-12-31")) == "2.5"
    assert list(tmp_path.iterdir()) == []


def test_log_sits_beside_the_html_folder(tmp_path):
    assert quantities_log_path(tmp_path / "_build" / "html") == str(tmp_path / "_build" / "quantities")


def test_keys_carry_the_as_of_date():
    assert q.key("largest-us-site-h100e", "2025-12-31") == "largest-us-site-h100e@2025-12-31"
    assert q.key("capital-raised-usd-bn", "2026-06-30", "OpenAI", "no-pledges") == \
        "capital-raised-usd-bn:openai:no-pledges@2026-06-30"


def test_largest_us_site_by_date():
    end25, y26 = q.largest_site("United States", "2025-12-31"), q.largest_site("United States", "2026-12-31")
    # Epoch's December 2025 copy: Fairwater Atlanta 531,161; the 2026 pull: Colossus 2 at 1,111,673
    assert (end25.name.split(" (")[0], float(end25.h100e)) == ("Microsoft Fairwater Atlanta", 531161.0)
    assert (y26.name.split(" (")[0], float(y26.h100e)) == ("xAI Colossus 2", 1111673.0)
    assert end25.h100e.key != y26.h100e.key


def test_actor_cluster_counts_users_not_only_owners():
    # OpenAI owns no large site; Anthropic trains on Amazon's New Carlisle (Project Rainier)
    oa = q.actor_largest_cluster("OpenAI", "OpenAI", "2025-12-31")
    an = q.actor_largest_cluster("Anthropic", "Anthropic|Rainier", "2025-12-31")
    assert float(oa.h100e) == 531161.0 and float(an.h100e) == 471566.0
    assert q.actor_largest_cluster("Nobody", "Nobody at all", "2025-12-31") is None


def test_compute_commitments_by_hand():
    # Anthropic to end-2025: Google Cloud 3 (2023) + Fluidstack build plan 50 + Azure 30; not Rainier's
    # AWS capex (11) nor the 78 projection. In 2025 only: 50 + 30.
    assert float(q.compute_commitments("Anthropic", "2025-12-31")) == 83.0
    assert float(q.compute_commitments("Anthropic", "2025-12-31", since="2025-01-01")) == 80.0
    # OpenAI 2025: CoreWeave 11.9 + 4 + 6.5, Oracle 300, Azure 250, AWS 38; not Stargate, Nvidia's investment, the aggregate
    assert float(q.compute_commitments("OpenAI", "2025-12-31")) == pytest.approx(610.4)


def test_folded_pledges_count_once():
    # Series G (30) includes the Nov 2025 Microsoft (5) and Nvidia (10) pledges
    fr = data.load("funding_rounds")
    with_p = rounds.raised(fr, until="2026-06-30").filter(company="Anthropic")["raised_usd_bn"][0]
    without = rounds.raised(fr, until="2026-06-30", include_pledges=False).filter(company="Anthropic")["raised_usd_bn"][0]
    # pledges to mid-2026: Google 2023 (2), Microsoft + Nvidia 2025 (15), Google + Amazon 2026 (10 + 5); Series G
    # then counts 30 - 15 with pledges, 30 without them
    assert with_p == pytest.approx(without + 2 + 15 + 10 + 5 - 15)
    assert with_p == pytest.approx(139.904)
    assert float(q.capital_raised("Anthropic", "2026-06-30")) == pytest.approx(with_p)
    assert float(q.capital_raised("Anthropic", "2025-12-31")) == pytest.approx(44.904)


def test_frontier_run_capital_central_and_median_are_two_quantities():
    c, b = q.frontier_run_capital("2025-12-31"), q.frontier_run_capital_bands("2025-12-31")
    assert c["model"] == b["model"] == "Grok 4"
    assert float(c["capital_usd_bn"]) == pytest.approx(chain.capital_for_flop(5e26))
    assert c["capital_usd_bn"].key != b["q50"].key and float(b["q50"]) < float(c["capital_usd_bn"])
    other = q.frontier_run_capital("2025-12-31", chain.Assumptions().with_(utilization=0.25))
    assert other["capital_usd_bn"].key is None  # not the book's central value


def test_chinese_models_by_chip():
    n = q.chinese_models_by_chip("2026-06-30")
    assert (int(n["recorded"]), int(n["us_only"]), int(n["chinese_only"]), int(n["mixed"])) == (17, 15, 1, 1)
    assert n["first_chinese_only"] == "GLM-5"
    assert int(q.chinese_models_by_chip("2025-12-31")["chinese_only"]) == 0


def test_chapters_use_one_commitment_rule():
    from genchain.chapters import capital_links

    assert set(capital_links.NOT_PURCHASES) == set(q.NOT_COMMITMENTS)


def test_sphinx_hooks_start_the_log_and_name_the_page(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from genchain.sphinxext import notebook as sn

    # set through monkeypatch first, so the hooks' own settings are undone after the test
    monkeypatch.setenv("GENCHAIN_QUANTITIES_LOG", "")
    monkeypatch.setenv("GENCHAIN_PAGE", "")
    old = tmp_path / "_build" / "quantities" / "book__02-china.jsonl"
    old.parent.mkdir(parents=True)
    old.write_text('{"stale": 1}\n', encoding="utf-8")
    kept = old.parent / "book__01-capital.jsonl"
    kept.write_text('{"kept": 1}\n', encoding="utf-8")
    app = SimpleNamespace(outdir=str(tmp_path / "_build" / "html"))
    sn._start_quantities_log(app)
    sn._name_page(app, "book/02-china", [""])
    assert not old.exists() and kept.read_text(encoding="utf-8") == '{"kept": 1}\n'  # only the page read again
    repr(num(1111673, 0, key="largest-us-site-h100e@2026-06-30"))
    assert json.loads(old.read_text(encoding="utf-8")) == {
        "page": "book/02-china", "key": "largest-us-site-h100e@2026-06-30", "text": "1,111,673", "value": 1111673.0}


def test_dod_ai_topline_by_hand():
    v = q.dod_ai_topline_usd_bn(2025)
    assert float(v) == 1.8 and v.key == "dod-ai-topline-usd-bn:fy2025@2025-09-30"
    with pytest.raises(LookupError):
        q.dod_ai_topline_usd_bn(2019)


def test_capital_for_flop_keyed_only_at_the_central_assumptions():
    assert q.capital_for_flop(1e26, "2025-12-31").key == "capital-for-run-usd-bn:1e26@2025-12-31"
    assert q.capital_for_flop(1e26, "2025-12-31", chain.Assumptions().with_(utilization=0.25)).key is None


def test_cumulative_and_named_rounds_by_hand():
    # Anthropic to Series F (2 Sep 2025): 29.904 with Google's 2023 "up to" pledge of 2, 27.904 without;
    # Series E + F alone 3.5 + 13 = 16.5
    assert float(q.raised_through_round("Anthropic", "Series F")) == pytest.approx(29.904)
    assert float(q.raised_through_round("Anthropic", "Series F", pledges=False)) == pytest.approx(27.904)
    ef = q.named_rounds_usd_bn("Anthropic", ("Series E", "Series F"))
    assert float(ef) == 16.5 and ef.key == "capital-raised-usd-bn:anthropic:rounds-series-e-series-f@2025-09-02"
