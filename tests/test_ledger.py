"""The claim ledger types no number by hand: its evidence is filled from genchain.quantities."""

from __future__ import annotations

import pytest

from genchain import data, quantities as q
from genchain.publish import ledger


def test_claims_csv_types_no_number_by_hand():
    typed = {}
    for r in data.load("claims").iter_rows(named=True):
        for col in ("reading", "alternative_reading", "rationale"):
            found = ledger.typed_numbers(r[col], allowed_from=r["claim"])
            if found:
                typed[f"{r['claim_id']} {col}"] = found
    assert not typed, f"numbers typed by hand in claims.csv (write a {{placeholder}} from genchain.publish.ledger): {typed}"


def test_every_claim_has_a_reading_and_an_alternative():
    claims = data.load("claims")
    assert claims.height == 29
    assert claims["reading"].str.len_chars().min() > 20 and claims["alternative_reading"].str.len_chars().min() > 20


def test_every_placeholder_is_known_and_filled():
    for r in data.load("claims").iter_rows(named=True):
        text = ledger.fill(r["rationale"])
        assert "{" not in text, r["claim_id"]


def test_typed_numbers_by_hand():
    assert ledger.typed_numbers("US 78.6% of $202.3B; 15 of 17; 6,128 H100e") == ["78.6%", "$202.3B", "15", "17", "6,128"]
    assert ledger.typed_numbers("GLM-5 on Ascend 910B/910C, Chapter 2, C3.2, 2019-2021, {us_site_2025}") == []


def test_unknown_placeholder_is_named():
    with pytest.raises(KeyError, match="no_such_quantity"):
        ledger.fill("see {no_such_quantity}")


def test_ledger_prints_the_chapters_value():
    # the ledger's number for the largest US site is the function's, with the same key the chapters use
    text = ledger.fill("{us_site_2025}")
    site = q.largest_site("United States", "2025-12-31").h100e
    assert text == repr(site) == "531,161"


def test_ledger_html_shows_readings():
    html = ledger.claims_html().as_raw_html()
    assert "Reading tested" in html and "Other reading" in html and "累計" in html
    assert "{" not in html.split("<tbody")[1]
