"""genchain.prices: constant 2021 dollars into each year's dollars with the CPI-U, checked by hand."""

import polars as pl
import pytest

from genchain import data, prices
from genchain.chapters import capital

CPI = pl.DataFrame({"year": [2020, 2021, 2023], "index": [258.811, 270.970, 304.702]})


def test_factor_is_the_ratio_of_two_years_indexes():
    assert prices.factor(CPI, 2023) == pytest.approx(304.702 / 270.970)          # 1.124486
    assert prices.factor(CPI, 2023) == pytest.approx(1.124486, abs=1e-6)
    assert prices.factor(CPI, 2020, base_year=2023) == pytest.approx(258.811 / 304.702)
    assert prices.factor(CPI, 2021) == 1.0


def test_to_nominal_and_back_keep_order_and_nulls():
    f = pl.DataFrame({"year": [2023, 2020, 2021], "usd_bn": [2.0, None, 1.0]})
    out = prices.to_nominal(f, CPI, real="usd_bn")
    assert out["year"].to_list() == [2023, 2020, 2021]                            # order kept
    assert out["usd_nominal_bn"].to_list()[0] == pytest.approx(2.0 * 304.702 / 270.970)   # 2.248972
    assert out["usd_nominal_bn"].to_list()[1:] == [None, 1.0]                    # null stays null
    back = prices.to_constant(out, CPI, nominal="usd_nominal_bn")
    assert back["usd_constant_bn"].to_list()[0] == pytest.approx(2.0)
    assert back.columns == ["year", "usd_bn", "usd_nominal_bn", "usd_constant_bn"]


def test_a_year_without_an_index_is_refused_by_name():
    f = pl.DataFrame({"year": [2016, 2023, 2026], "usd_bn": [1.0, 1.0, 1.0]})
    with pytest.raises(prices.MissingIndexError, match=r"cpi.csv for 2016, 2026 \(years present: 2020, 2021, 2023\)"):
        prices.to_nominal(f, CPI, real="usd_bn")
    with pytest.raises(prices.MissingIndexError, match="2019"):                    # the base year too
        prices.to_nominal(pl.DataFrame({"year": [2023], "usd_bn": [1.0]}), CPI, real="usd_bn", base_year=2019)
    # a row with no value needs no index
    assert prices.to_nominal(pl.DataFrame({"year": [2026], "usd_bn": [None]}, schema={"year": pl.Int64, "usd_bn": pl.Float64}),
                             CPI, real="usd_bn")["usd_nominal_bn"].to_list() == [None]


def test_the_book_table_holds_the_bls_annual_averages():
    cpi = data.load("cpi")
    # BLS CPI-U (CUUR0000SA0) annual averages: 2021 270.970, 2023 304.702, 2024 313.689
    by_year = dict(cpi.select("year", "index").iter_rows())
    assert (by_year[2021], by_year[2023], by_year[2024]) == (270.970, 304.702, 313.689)
    assert cpi["year"].to_list() == list(range(2013, 2025))                      # no gap CSET's years need


def test_japan_cset_2023_in_2023_dollars_and_yen():
    # CSET: Japan 2023 = 1.1623 bn constant-2021 USD; x 304.702 / 270.970 = 1.306990 bn 2023 USD;
    # x 140.5001 yen (Fed G.5A 2023) = 183.632 bn yen
    jp = capital.japan_share_cset(data.load("ai_investment"))
    nominal = prices.to_nominal(jp, data.load("cpi"), real="japan_usd_bn").filter(pl.col("year") == 2023)
    assert nominal["usd_nominal_bn"].item() == pytest.approx(1.306990, abs=1e-6)
    from genchain import fx
    yen = fx.to_local(nominal, data.load("fx_rates"), usd="usd_nominal_bn")
    assert yen["local_bn"].item() == pytest.approx(183.632, abs=1e-3)
