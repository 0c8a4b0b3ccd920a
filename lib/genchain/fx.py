"""Currency conversion at annual average rates (``data/fx_rates.csv``), with one policy for a missing rate.

Every amount is in billions (``_bn``); a rate is units of the currency per US dollar for one
calendar year. The policy, the same in every function:

* ``on_missing="raise"`` (the default): a year with no rate raises :class:`MissingRateError`
  naming every such year, the years that do have a rate, and the two ways to go on;
* ``on_missing="keep"``: the row stays, with a null result and ``fx_missing`` True, so a chapter
  can show the gap with a note;
* ``on_missing="latest"``: the caller asks for the latest *earlier* year's rate (never a later
  one); ``fx_missing`` stays True and ``fx_year`` names the year whose rate was used.

Nothing is ever filled in without the caller asking, and every converted frame says which
year's rate each row used (``fx_year``).

>>> rates = pl.DataFrame({"year": [2023, 2024], "currency": ["JPY", "JPY"], "per_usd": [140.0, 150.0]})
>>> rate(rates, 2024)
150.0
>>> to_usd_value(750.0, 150.0)          # 750 bn yen at 150 yen per dollar
5.0
>>> f = pl.DataFrame({"year": [2024, 2026], "jpy_bn": [300.0, 280.0], "local_currency": ["JPY", "JPY"]})
>>> to_usd(f, rates, amount="jpy_bn")
Traceback (most recent call last):
...
genchain.fx.MissingRateError: no annual exchange rate in fx_rates.csv for JPY 2026 (JPY years present: 2023-2024); pass on_missing="keep" to keep the row with no value, or on_missing="latest" to use the latest earlier year's rate
>>> to_usd(f, rates, amount="jpy_bn", on_missing="latest")["usd_converted_bn"].to_list()   # 2026 at 2024's 150
[2.0, 1.8666666666666667]
"""

from __future__ import annotations

import polars as pl

__all__ = ["MissingRateError", "ON_MISSING", "rate", "to_usd_value", "local_to_usd", "to_usd", "to_local", "years_text"]

#: the three answers to a year with no rate (see the module docstring)
ON_MISSING = ("raise", "keep", "latest")


class MissingRateError(KeyError):
    """No annual average exchange rate for a currency and year in ``fx_rates``."""

    def __str__(self) -> str:  # the message as written (KeyError would print it in quotes)
        return str(self.args[0]) if self.args else ""


def _check(on_missing: str) -> None:
    if on_missing not in ON_MISSING:
        raise ValueError(f"on_missing must be one of {ON_MISSING}, got {on_missing!r}")


def years_text(years) -> str:
    """The years a table has, for an error message: "2014-2025" when unbroken, else "2016, 2023"; "none".

    >>> years_text([2016, 2023]), years_text([2023, 2021, 2022]), years_text([])
    ('2016, 2023', '2021-2023', 'none')
    """
    have = sorted(years)
    if not have:
        return "none"
    if have == list(range(have[0], have[-1] + 1)):
        return f"{have[0]}-{have[-1]}" if len(have) > 1 else str(have[0])
    return ", ".join(map(str, have))


def _years(rates: pl.DataFrame, currency: str) -> str:
    return years_text(rates.filter(pl.col("currency") == currency)["year"].to_list())


def rate(rates: pl.DataFrame, year: int, currency: str = "JPY") -> float:
    """Units of ``currency`` per US dollar, annual average for ``year``; raises :class:`MissingRateError`."""
    hit = rates.filter((pl.col("year") == year) & (pl.col("currency") == currency))
    if hit.height == 0:
        raise MissingRateError(f"no {currency} rate for {year} in fx_rates.csv "
                               f"({currency} years present: {_years(rates, currency)})")
    return float(hit["per_usd"][0])


def to_usd_value(amount_local_bn: float, per_usd: float) -> float:
    """Billion local units / (units per USD) = billion USD (:func:`local_to_usd`, with the rate checked)."""
    if per_usd <= 0:
        raise ValueError(f"an exchange rate must be positive, got {per_usd}")
    return local_to_usd(amount_local_bn, per_usd)


def local_to_usd(amount_local_bn, per_usd):
    """The conversion itself, plain arithmetic (floats, polars expressions, :func:`genchain.chain.vega`)."""
    return amount_local_bn / per_usd


def _attach(frame: pl.DataFrame, rates: pl.DataFrame, year: str, currency: pl.Expr, value: str,
            on_missing: str) -> pl.DataFrame:
    """``frame`` with per_usd, fx_year and fx_missing for each row's (currency, year), by the policy."""
    _check(on_missing)
    table = rates.select(_cur=pl.col("currency"), _fx_y=pl.col("year").cast(pl.Int64), per_usd="per_usd")
    keyed = frame.with_row_index("_row").with_columns(_cur=currency, _y=pl.col(year).cast(pl.Int64))
    exact = (keyed.join(table, left_on=["_cur", "_y"], right_on=["_cur", "_fx_y"], how="left")
             .with_columns(fx_year=pl.when(pl.col("per_usd").is_not_null()).then(pl.col("_y")),
                           fx_missing=pl.col(value).is_not_null() & pl.col("per_usd").is_null()))
    if on_missing == "latest" and exact["fx_missing"].any():
        earlier = (keyed.select("_row", "_cur", "_y").join(table, on="_cur").filter(pl.col("_fx_y") < pl.col("_y"))
                   .sort("_fx_y").group_by("_row")
                   .agg(_late=pl.col("per_usd").last(), _late_y=pl.col("_fx_y").last()))
        exact = (exact.join(earlier, on="_row", how="left")
                 .with_columns(per_usd=pl.when(pl.col("fx_missing")).then(pl.col("_late")).otherwise(pl.col("per_usd")),
                               fx_year=pl.when(pl.col("fx_missing")).then(pl.col("_late_y")).otherwise(pl.col("fx_year")))
                 .drop("_late", "_late_y"))
    unresolved = exact.filter(pl.col(value).is_not_null() & pl.col("per_usd").is_null())
    if unresolved.height and on_missing != "keep":
        pairs = ", ".join(f"{c} {y}" for c, y in unresolved.select("_cur", "_y").unique().sort("_y", "_cur").iter_rows())
        present = "; ".join(f"{c} years present: {_years(rates, c)}" for c in sorted(unresolved["_cur"].unique()))
        how = ('pass on_missing="keep" to keep the row with no value, or on_missing="latest" to use the '
               "latest earlier year's rate") if on_missing == "raise" else "no earlier year has a rate either"
        raise MissingRateError(f"no annual exchange rate in fx_rates.csv for {pairs} ({present}); {how}")
    return exact.sort("_row").drop("_row", "_cur", "_y")


def to_usd(frame: pl.DataFrame, rates: pl.DataFrame, *, amount: str = "amount_local_bn", year: str = "year",
           currency: str = "local_currency", out: str = "usd_converted_bn", on_missing: str = "raise") -> pl.DataFrame:
    """Convert the column ``amount`` (billions of the currency named in column ``currency``, for ``year``) to ``out`` (USD bn).

    Adds ``per_usd``, ``fx_year`` (the year whose rate was used) and ``fx_missing`` (True where the
    row's own year has no rate); a missing rate follows ``on_missing`` (see the module docstring).
    Rows keep their order.
    """
    return (_attach(frame, rates, year, pl.col(currency), amount, on_missing)
            .with_columns((pl.col(amount) / pl.col("per_usd")).alias(out)))


def to_local(frame: pl.DataFrame, rates: pl.DataFrame, *, usd: str = "usd_bn", year: str = "year",
             currency: str = "JPY", out: str = "local_bn", on_missing: str = "raise") -> pl.DataFrame:
    """Convert the dollar column ``usd`` (per ``year``) to ``out``, billions of ``currency`` at annual averages.

    Adds ``per_usd``, ``fx_year`` and ``fx_missing`` as :func:`to_usd` does, with the same policy.
    """
    return (_attach(frame, rates, year, pl.lit(currency), usd, on_missing)
            .with_columns((pl.col(usd) * pl.col("per_usd")).alias(out)))
