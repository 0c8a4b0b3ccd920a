"""Dollars of one year as dollars of another, with the US consumer price index (``data/cpi.csv``).

CSET reports AI investment in *constant 2021 dollars* (what the money would have bought in 2021);
every other money figure in the book is *nominal* (dollars of its own year). Adding the two,
setting one beside the other, or converting constant dollars at a year's exchange rate mixes two
units. The bridge is the ratio of the two years' price levels::

    nominal dollars of year y = constant dollars of year b x CPI(y) / CPI(b)

A year with no index raises :class:`MissingIndexError`; nothing is filled in.

>>> cpi = pl.DataFrame({"year": [2021, 2023], "index": [270.970, 304.702]})
>>> round(factor(cpi, 2023), 4)             # 2023 prices were about 12.4% above 2021's
1.1245
>>> f = pl.DataFrame({"year": [2021, 2023], "usd_bn": [1.0, 2.0]})
>>> to_nominal(f, cpi, real="usd_bn")["usd_nominal_bn"].round(4).to_list()
[1.0, 2.249]
>>> to_nominal(pl.DataFrame({"year": [2026], "usd_bn": [1.0]}), cpi, real="usd_bn")
Traceback (most recent call last):
...
genchain.prices.MissingIndexError: no CPI-U annual average in cpi.csv for 2026 (years present: 2021, 2023)
"""

from __future__ import annotations

import polars as pl

from genchain.fx import years_text

__all__ = ["CSET_BASE_YEAR", "MissingIndexError", "factor", "to_nominal", "to_constant"]

#: the year whose dollars CSET's constant-dollar series are in
CSET_BASE_YEAR = 2021


class MissingIndexError(KeyError):
    """No annual CPI-U value for a year the conversion needs."""

    def __str__(self) -> str:  # the message as written (KeyError would print it in quotes)
        return str(self.args[0]) if self.args else ""


def _missing(cpi: pl.DataFrame, years: list[int]) -> MissingIndexError:
    return MissingIndexError(f"no CPI-U annual average in cpi.csv for {', '.join(map(str, years))} "
                             f"(years present: {years_text(cpi['year'].to_list())})")


def factor(cpi: pl.DataFrame, year: int, base_year: int = CSET_BASE_YEAR) -> float:
    """CPI(year) / CPI(base_year): how many dollars of ``year`` buy what one dollar of ``base_year`` bought."""
    idx = dict(cpi.select("year", "index").iter_rows())
    gone = [y for y in (base_year, year) if y not in idx]
    if gone:
        raise _missing(cpi, sorted(set(gone)))
    return idx[year] / idx[base_year]


def _rescale(frame: pl.DataFrame, cpi: pl.DataFrame, value: str, year: str, base_year: int, out: str,
             to_nominal: bool) -> pl.DataFrame:
    """``frame`` with ``out`` = ``value`` times (or divided by) CPI(row's year) / CPI(base_year)."""
    need = sorted(set(frame.filter(pl.col(value).is_not_null())[year].to_list()) | {base_year})
    gone = [y for y in need if y not in set(cpi["year"].to_list())]
    if gone:
        raise _missing(cpi, gone)
    base = cpi.filter(pl.col("year") == base_year)["index"].item()
    ratio = (frame.with_row_index("_row")
             .join(cpi.select(_y=pl.col("year"), _ratio=pl.col("index") / base), left_on=year, right_on="_y",
                   how="left")
             .sort("_row"))
    scaled = pl.col(value) * pl.col("_ratio") if to_nominal else pl.col(value) / pl.col("_ratio")
    return ratio.with_columns(scaled.alias(out)).drop("_row", "_ratio")


def to_nominal(frame: pl.DataFrame, cpi: pl.DataFrame, *, real: str, year: str = "year",
               base_year: int = CSET_BASE_YEAR, out: str = "usd_nominal_bn") -> pl.DataFrame:
    """Turn the column ``real`` (constant dollars of ``base_year``) into ``out``, dollars of each row's ``year``.

    Rows keep their order; a null value stays null. A year (or the base year) with no CPI-U
    value raises :class:`MissingIndexError` naming it.
    """
    return _rescale(frame, cpi, real, year, base_year, out, to_nominal=True)


def to_constant(frame: pl.DataFrame, cpi: pl.DataFrame, *, nominal: str, year: str = "year",
                base_year: int = CSET_BASE_YEAR, out: str = "usd_constant_bn") -> pl.DataFrame:
    """Turn the column ``nominal`` (dollars of each row's ``year``) into ``out``, constant dollars of ``base_year``."""
    return _rescale(frame, cpi, nominal, year, base_year, out, to_nominal=False)
