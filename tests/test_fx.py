"""genchain.fx: one policy for a year with no rate (refuse unless the caller asks), on small hand-made frames."""

import polars as pl
import pytest

from genchain import fx

RATES = pl.DataFrame({"year": [2022, 2023, 2024, 2023], "currency": ["JPY", "JPY", "JPY", "EUR"],
                      "per_usd": [130.0, 140.0, 150.0, 0.9]})


def test_rate_and_value():
    assert fx.rate(RATES, 2024) == 150.0
    assert fx.rate(RATES, 2023, "EUR") == 0.9
    with pytest.raises(fx.MissingRateError, match=r"no JPY rate for 2016 .*2022-2024"):
        fx.rate(RATES, 2016)
    assert fx.to_usd_value(779.3, 151.37) == pytest.approx(5.14831, abs=1e-5)   # 779.3 / 151.37
    with pytest.raises(ValueError):
        fx.to_usd_value(1.0, 0.0)


FRAME = pl.DataFrame({"year": [2024, 2016, 2026, 2023], "amount_local_bn": [750.0, 300.0, 280.0, 9.0],
                      "local_currency": ["JPY", "JPY", "JPY", "EUR"]})


def test_to_usd_refuses_and_names_every_missing_year_and_the_way_out():
    with pytest.raises(fx.MissingRateError) as e:
        fx.to_usd(FRAME, RATES)
    msg = str(e.value)
    assert "JPY 2016, JPY 2026" in msg and 'on_missing="keep"' in msg and 'on_missing="latest"' in msg


def test_to_usd_keep_leaves_gaps_null_and_flagged_in_row_order():
    out = fx.to_usd(FRAME, RATES, on_missing="keep")
    assert out["year"].to_list() == [2024, 2016, 2026, 2023]               # order kept
    assert out["usd_converted_bn"].to_list() == [5.0, None, None, 10.0]     # 750/150; 9/0.9
    assert out["fx_missing"].to_list() == [False, True, True, False]
    assert out["fx_year"].to_list() == [2024, None, None, 2023]


def test_to_usd_latest_uses_an_earlier_year_only_and_says_which():
    ok = FRAME.filter(pl.col("year") != 2016)
    out = fx.to_usd(ok, RATES, on_missing="latest")
    assert out["usd_converted_bn"].to_list() == pytest.approx([5.0, 280 / 150, 10.0])   # 2026 at 2024's 150
    assert out["fx_year"].to_list() == [2024, 2024, 2023]
    assert out["fx_missing"].to_list() == [False, True, False]              # still says 2026 had no rate
    # 2016 has no earlier JPY rate: "latest" cannot help, and says so
    with pytest.raises(fx.MissingRateError, match="JPY 2016.*no earlier year"):
        fx.to_usd(FRAME, RATES, on_missing="latest")


def test_to_usd_other_column_names_and_null_amounts():
    f = pl.DataFrame({"fiscal_year": [2023, 2030], "value_local_bn": [70.0, None], "local_currency": ["JPY", "JPY"]})
    out = fx.to_usd(f, RATES, amount="value_local_bn", year="fiscal_year", out="usd_bn")
    assert out["usd_bn"].to_list() == [0.5, None]       # 70/140; a null amount needs no rate
    assert out["fx_missing"].to_list() == [False, False]


def test_to_local_multiplies_with_the_same_policy():
    f = pl.DataFrame({"year": [2016, 2024], "usd_bn": [1.0, 2.0]})
    with pytest.raises(fx.MissingRateError, match="JPY 2016"):
        fx.to_local(f, RATES)
    out = fx.to_local(f, RATES, on_missing="keep")
    assert out["local_bn"].to_list() == [None, 300.0]   # 2 x 150
    assert out["fx_missing"].to_list() == [True, False]
    eur = fx.to_local(pl.DataFrame({"year": [2025], "usd_bn": [10.0]}), RATES, currency="EUR", on_missing="latest")
    assert eur["local_bn"][0] == pytest.approx(9.0) and eur["fx_year"][0] == 2023   # 10 x 0.9 (2023's rate)


def test_bad_policy_is_refused():
    with pytest.raises(ValueError, match="on_missing"):
        fx.to_usd(FRAME, RATES, on_missing="interpolate")


def test_the_refusal_reads_as_a_sentence_not_a_quoted_key():
    with pytest.raises(fx.MissingRateError) as e:
        fx.rate(RATES, 2026)
    assert str(e.value) == "no JPY rate for 2026 in fx_rates.csv (JPY years present: 2022-2024)"
