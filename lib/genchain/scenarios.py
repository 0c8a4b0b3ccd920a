"""Scenarios over the chain: Monte Carlo bands, sensitivity (tornado) and the multi-year loop.

Everything is seeded and deterministic: the same call gives the same numbers.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from genchain import chain
from genchain.chain import Assumptions

__all__ = ["monte_carlo", "bands", "tornado", "feedback_loop"]


def _actors(actors: pl.DataFrame) -> pl.DataFrame:
    chain._require(actors, "actor", "capital_usd_bn")
    return actors.select("actor", pl.col("capital_usd_bn").cast(pl.Float64))


def draws(n_draws: int, a: Assumptions = Assumptions(), seed: int = 0,
          vary: list[str] | None = None) -> pl.DataFrame:
    """``n_draws`` joint draws of the assumptions: one row per draw, one column per varied assumption.

    Each varied assumption is drawn independently from a triangular distribution on
    [low, high] with its mode at the current value (clipped into the range).
    """
    if n_draws < 1:
        raise ValueError(f"n_draws must be at least 1, got {n_draws}")
    rng = np.random.default_rng(seed)
    params = Assumptions.params()
    names = vary if vary is not None else list(params)
    cols = {"draw": np.arange(n_draws, dtype=np.int64)}
    for name in names:
        p = params[name]
        mode = min(max(float(getattr(a, name)), p.low), p.high)
        cols[name] = rng.triangular(p.low, mode, p.high, n_draws) if p.high > p.low else np.full(n_draws, mode)
    return pl.DataFrame(cols)


def monte_carlo(actors: pl.DataFrame, n_draws: int = 1000, a: Assumptions = Assumptions(),
                seed: int = 0, vary: list[str] | None = None, lazy: bool = False):
    """Run the chain for every actor under ``n_draws`` draws of the assumptions.

    ``actors`` has columns ``actor`` and ``capital_usd_bn``. Returns one row per
    actor x draw with every stage's column (a LazyFrame if ``lazy``).
    """
    people = _actors(actors)
    # a cross join keeps the left order: each draw's actors form one consecutive block of rows,
    # so the revenue stage can share out each market without window functions (chain.revenue(block=))
    out = draws(n_draws, a, seed, vary).lazy().join(people.lazy(), how="cross", maintain_order="left_right")
    for stage in chain.STAGES:
        out = stage(out, a, block=people.height) if stage is chain.revenue else stage(out, a)
    return out if lazy else out.collect()


def bands(result: pl.DataFrame | pl.LazyFrame, column: str, by: str = "actor",
          quantiles: tuple[float, ...] = (0.05, 0.5, 0.95)) -> pl.DataFrame:
    """Quantiles of ``column`` per ``by`` group: columns q05, q50, q95 (by default)."""
    aggs = [pl.col(column).quantile(q, interpolation="linear").alias(f"q{round(q * 100):02d}") for q in quantiles]
    return result.lazy().group_by(by).agg(aggs).sort(by).collect()


def tornado(actors: pl.DataFrame, output: str, actor: str, a: Assumptions = Assumptions()) -> pl.DataFrame:
    """One-at-a-time sensitivity of ``output`` for ``actor``: each assumption at its low and its high.

    Returns name, unit, low_value, high_value, base and swing (|high - low|), largest swing first.
    """
    frame = _actors(actors)
    if actor not in frame["actor"].to_list():
        raise ValueError(f"actor {actor!r} not in {frame['actor'].to_list()}")
    base = chain.run(frame, a).filter(pl.col("actor") == actor)[output][0]
    rows = []
    for name, p in Assumptions.params().items():
        lo = chain.run(frame, a.with_(**{name: p.low})).filter(pl.col("actor") == actor)[output][0]
        hi = chain.run(frame, a.with_(**{name: p.high})).filter(pl.col("actor") == actor)[output][0]
        rows.append({"name": name, "unit": p.unit, "low_value": lo, "high_value": hi, "base": base})
    return (pl.DataFrame(rows)
            .with_columns(swing=(pl.col("high_value") - pl.col("low_value")).abs())
            .sort(["swing", "name"], descending=[True, False]))


def feedback_loop(actors: pl.DataFrame, years: int, a: Assumptions = Assumptions(),
                  start_year: int = 2025) -> pl.DataFrame:
    """The loop over several years: each year's ``next_capital_usd_bn`` is the next year's capital.

    Rich get richer: more capital buys more compute, a better model, a larger share of
    the market, a higher valuation and so a larger next round. One row per actor x year.
    """
    if years < 1:
        raise ValueError(f"years must be at least 1, got {years}")
    frame = _actors(actors)
    out = []
    for year in range(start_year, start_year + years):  # years depend on each other: a loop over years
        step = chain.run(frame, a).with_columns(year=pl.lit(year))
        out.append(step)
        frame = step.select("actor", capital_usd_bn=pl.col("next_capital_usd_bn"))
    return pl.concat(out).sort("year", "actor")
