"""Chapter 4's contract loop: a deterministic expected-value model of contract, revenue, reinvestment
and new systems, and how well it fits reported revenue.

The model (:func:`contract_loop`) runs over years, amounts in billion USD::

    award_t    = win_rate * contract_size * (1 + capability_{t-1} / system_cost)
    revenue_t  = mean(award_{t-L+1} .. award_t)               (each award recognised evenly over L years)
    capability_t = (1 - obsolescence) * capability_{t-1} + reinvest_share * revenue_t + venture_t
    systems_t  = capability_t / system_cost

It is vectorised over scenarios (numpy arrays, one row per parameter set); the only loop is over years.
Venture money per year comes from :func:`genchain.chapters.defense.venture_by_year`.

>>> p = contract_loop(win_rate=0.5, contract_size=1.0, reinvest_share=0.5, system_cost=1.0,
...                   recognition_years=1, obsolescence=0.0, start_year=2020, end_year=2021)
>>> p["award_usd_bn"].to_list()
[0.5, 0.625]
"""

from __future__ import annotations

import numpy as np
import polars as pl

__all__ = ["contract_loop", "loop_defaults", "loop_gain", "loop_grid", "fit", "best_fits"]


def contract_loop(win_rate=0.3, contract_size=1.0, reinvest_share=0.3, system_cost=0.5,
                  recognition_years: int = 3, obsolescence: float = 0.2, start_year: int = 2019,
                  end_year: int = 2027, venture: pl.DataFrame | None = None,
                  capability0: float = 0.0) -> pl.DataFrame:
    """Run the contract loop for one or many parameter sets; one row per scenario and year.

    Parameters (scalars or equal-length 1-D arrays, one entry per scenario):

    * ``win_rate`` — share of competed contract value won (probability, 0-1);
    * ``contract_size`` — value of one competition, billion USD of awards;
    * ``reinvest_share`` — share of recognised revenue spent on R&D and production (0-1);
    * ``system_cost`` — billion USD of R&D/production capability per fielded system line; each
      line opens one more competition a year (one base competition even with none);
    * ``recognition_years`` — an award is booked as revenue evenly over this many years, starting
      in the award year;
    * ``obsolescence`` — share of the capability stock that loses its value each year;
    * ``venture`` — optional frame ``year, usd_bn`` of outside (venture) money added to capability
      in that year (e.g. :func:`genchain.chapters.defense.venture_by_year`); ``capability0`` — stock before ``start_year``.

    Columns: scenario, year, award_usd_bn, revenue_usd_bn, reinvested_usd_bn, capability_usd_bn,
    systems, and the scenario's parameters. Deterministic: expected values, no random draws.
    """
    params = np.broadcast_arrays(*(np.atleast_1d(np.asarray(x, dtype=float))
                                   for x in (win_rate, contract_size, reinvest_share, system_cost, obsolescence)))
    w, c, s, k, d = params
    if np.any((w < 0) | (w > 1) | (s < 0) | (s > 1) | (d < 0) | (d > 1) | (k <= 0) | (c < 0)):
        raise ValueError("win_rate, reinvest_share, obsolescence must lie in [0, 1]; system_cost > 0; contract_size >= 0")
    if recognition_years < 1 or end_year < start_year:
        raise ValueError("recognition_years >= 1 and end_year >= start_year")
    years = np.arange(start_year, end_year + 1)
    n, t = w.size, years.size
    v = np.zeros(t)
    if venture is not None:
        vmap = dict(venture.select("year", "usd_bn").iter_rows())
        v = np.array([vmap.get(int(y), 0.0) or 0.0 for y in years])
    award, rev, reinv, cap = (np.zeros((n, t)) for _ in range(4))
    stock = np.full(n, float(capability0))
    for i in range(t):  # loop over years; every scenario moves at once
        award[:, i] = w * c * (1 + stock / k)
        rev[:, i] = award[:, max(0, i - recognition_years + 1):i + 1].sum(axis=1) / recognition_years
        reinv[:, i] = s * rev[:, i]
        stock = (1 - d) * stock + reinv[:, i] + v[i]
        cap[:, i] = stock
    return pl.DataFrame({
        "scenario": np.repeat(np.arange(n), t), "year": np.tile(years, n).astype(np.int32),
        "award_usd_bn": award.ravel(), "revenue_usd_bn": rev.ravel(), "reinvested_usd_bn": reinv.ravel(),
        "capability_usd_bn": cap.ravel(), "systems": (cap / k[:, None]).ravel(),
        "win_rate": np.repeat(w, t), "contract_size": np.repeat(c, t), "reinvest_share": np.repeat(s, t),
        "system_cost": np.repeat(k, t), "obsolescence": np.repeat(d, t),
    })


def loop_defaults() -> dict:
    """The default parameters of :func:`contract_loop` (read from its signature), for prose and sliders.

    >>> loop_defaults()["recognition_years"]
    3
    """
    import inspect

    return {k: p.default for k, p in inspect.signature(contract_loop).parameters.items()
            if p.default is not inspect.Parameter.empty and k not in ("venture", "capability0")}


def loop_gain(win_rate: float, contract_size: float, reinvest_share: float, system_cost: float,
              obsolescence: float) -> float:
    """Yearly growth rate of the capability stock from the loop alone, once it is large, when revenue is
    booked in the award year (``recognition_years=1``): reinvest_share * win_rate * contract_size /
    system_cost - obsolescence. Above 0 the loop feeds itself; below 0 it needs outside money."""
    return reinvest_share * win_rate * contract_size / system_cost - obsolescence


def loop_grid(win_rates, contract_sizes, reinvest_shares, **kw) -> pl.DataFrame:
    """:func:`contract_loop` over every combination of the three slider parameters (rows = combos x years)."""
    w, c, s = (a.ravel() for a in np.meshgrid(np.asarray(win_rates, float), np.asarray(contract_sizes, float),
                                              np.asarray(reinvest_shares, float), indexing="ij"))
    return contract_loop(win_rate=w, contract_size=c, reinvest_share=s, **kw)


def fit(path: pl.DataFrame, actual: pl.DataFrame) -> pl.DataFrame:
    """Per scenario: root-mean-square error of log10(model revenue / actual revenue) over the years with
    an actual figure (``actual``: year, value_usd_bn), and the number of years compared.
    0 is a perfect fit; 0.3 means a typical miss by a factor of 2 (10 ** 0.3)."""
    j = path.join(actual.select("year", actual_usd_bn="value_usd_bn"), on="year", how="inner")
    return (j.group_by("scenario", "win_rate", "contract_size", "reinvest_share")
            .agg(log_rmse=((pl.col("revenue_usd_bn") / pl.col("actual_usd_bn")).log10() ** 2).mean().sqrt(),
                 years=pl.len())
            .sort("log_rmse", "scenario"))


def best_fits(path: pl.DataFrame, actual: pl.DataFrame) -> pl.DataFrame:
    """The best-fitting scenario with no reinvestment (``reinvest_share == 0``) and with some (``> 0``):
    if both fit about equally well, the revenue path cannot tell whether the loop is there."""
    f = fit(path, actual).with_columns(loop=pl.when(pl.col("reinvest_share") > 0).then(pl.lit("with reinvestment"))
                                       .otherwise(pl.lit("no reinvestment")))
    return f.sort("log_rmse", "scenario").group_by("loop", maintain_order=True).first().sort("loop")
