"""Counting rules for funding rounds, on a small frame worked by hand."""

import polars as pl
import pytest

from genchain import data, rounds

F = data.typed_dates(pl.DataFrame({
    "company": ["A", "A", "A", "A", "A", "B", "B"],
    "country": ["United States"] * 5 + ["France"] * 2,
    "round": ["Seed", "Series A", "Series A", "Tender", "Pledge", "Seed", "Loan"],
    "announced": ["2024-01", "2025-03-01", "2025-03", "2025-06", "2025-09-10", "2025-02", "2025-05"],
    "amount_usd_bn": [1.0, 4.0, 5.0, 6.0, 10.0, 2.0, 3.0],
    "post_money_usd_bn": [5.0, 20.0, 25.0, 40.0, None, 8.0, None],
    "investor_type": ["financial"] * 4 + ["strategic", "financial", "financial"],
    "capital_type": ["primary_equity", "primary_equity", "primary_equity", "secondary", "strategic_tranche",
                     "primary_equity", "debt"],
    "preferred": [True, True, False, True, True, True, True],
    "source_id": ["s"] * 7,
}), "announced")


def test_raised_skips_non_preferred_secondaries_and_debt():
    r = dict(rounds.raised(F).select("company", "raised_usd_bn").iter_rows())
    assert r == {"A": pytest.approx(15.0), "B": pytest.approx(2.0)}   # 1 + 4 + 10; secondary 6 excluded
    assert dict(rounds.raised(F, include_debt=True, include_pledges=False)
                .select("company", "raised_usd_bn").iter_rows()) == {"A": 5.0, "B": 5.0}
    assert dict(rounds.raised(F, since="2025-01-01").select("company", "raised_usd_bn").iter_rows()) == {"A": 14.0, "B": 2.0}


def test_cumulative_and_step_ups():
    c = rounds.cumulative(F, ["A"])
    assert c["cumulative_usd_bn"].to_list() == [1.0, 5.0, 15.0]
    s = rounds.step_ups(F, ["A"])
    assert s["step_up"].to_list()[1:] == pytest.approx([4.0, 2.0])   # 5 -> 20 -> 40
