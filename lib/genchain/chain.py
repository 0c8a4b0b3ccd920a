"""The generation chain as stages: capital -> compute -> models -> revenue -> valuation -> capital.

Each stage is a pure function: it takes a polars frame (eager or lazy) and returns
it with new columns. Rows are actors x scenarios x Monte Carlo draws; an
assumption is read from a column of the same name when the frame has one (so a
Monte Carlo draw can vary it row by row) and from :class:`Assumptions` otherwise.

Stages and their units::

    capital_usd_bn                      money raised (input), billion USD
    -> compute_spend_usd_bn             x compute_share
    -> accelerator_hours                / accelerator_hour_usd
    -> training_flop                    x 3600 x peak_tflops x 1e12 x utilization x frontier_run_share
    -> rating                           rating_at_1e25 + rating_per_decade x log10(flop / 1e25)
    -> market_share, revenue_usd_bn     Bradley-Terry: share ~ 10^(rating / 400), x market_usd_bn
    -> valuation_usd_bn                 x revenue_multiple
    -> next_capital_usd_bn              x raise_fraction

>>> import polars as pl
>>> f = run(pl.DataFrame({"actor": ["A"], "capital_usd_bn": [10.0]}))
>>> round(f["compute_spend_usd_bn"][0], 2)
6.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace

import polars as pl

Frame = pl.DataFrame | pl.LazyFrame


@dataclass(frozen=True)
class Param:
    """One assumption: its default, a plausible range, a unit and where it comes from."""

    default: float
    low: float
    high: float
    unit: str
    source_id: str
    doc: str

    def __post_init__(self):
        if not self.low <= self.default <= self.high:
            raise ValueError(f"default {self.default} outside its range [{self.low}, {self.high}]")


def _p(default, low, high, unit, source_id, doc):
    return field(default=default, metadata={"param": Param(default, low, high, unit, source_id, doc)})


@dataclass(frozen=True)
class Assumptions:
    """Every assumption of the chain, with a default, a low and a high, a unit and a source.

    Change one with ``Assumptions().with_(utilization=0.3)``; list them with
    :meth:`table`. Ranges are the plausible span the book uses for sensitivity and
    Monte Carlo, not hard limits.
    """

    compute_share: float = _p(
        0.6, 0.4, 0.8, "fraction of capital", "gc-epoch-openai-compute-2024",
        "share of money raised that is spent on compute (training, experiments, inference)")
    accelerator_hour_usd: float = _p(
        2.0, 1.5, 4.0, "USD per H100-class GPU-hour", "cmp-arxiv-deepseek-v3",
        "rental-equivalent price of one accelerator-hour")
    peak_tflops: float = _p(
        989.0, 312.0, 2250.0, "dense BF16 TFLOP/s per accelerator", "gc-nvidia-h100",
        "peak dense throughput of the accelerator (A100 312, H100 989, B200 about 2,250)")
    utilization: float = _p(
        0.4, 0.25, 0.5, "fraction of peak (MFU)", "gc-llama3-paper",
        "model FLOP utilisation achieved in large training runs")
    frontier_run_share: float = _p(
        0.1, 0.05, 0.3, "fraction of compute hours", "gc-epoch-openai-compute-2024",
        "share of the compute budget spent on the final training run of the flagship model")
    rating_at_1e25: float = _p(
        1250.0, 1150.0, 1350.0, "Arena rating points", "gc-lmarena",
        "Arena rating of a model trained with 1e25 FLOP (an assumption near chapter 2's fitted line)")
    rating_per_decade: float = _p(
        60.0, 30.0, 100.0, "Arena points per 10x training FLOP", "gc-lmarena",
        "rating gained per tenfold training compute (an assumption: chapter 2's fits give about 20 "
        "on 2025 ratings only and about 80 across all years)")
    market_usd_bn: float = _p(
        40.0, 20.0, 80.0, "billion USD per year", "co-vortx-2026-03",
        "annual revenue of the frontier-model market shared among the actors modelled")
    revenue_multiple: float = _p(
        30.0, 15.0, 45.0, "valuation / annual revenue", "co-quoteddata-2025-10",
        "private-market valuation as a multiple of revenue or run-rate")
    raise_fraction: float = _p(
        0.08, 0.04, 0.15, "fraction of valuation", "co-quoteddata-2025-10",
        "money raised in the next round as a share of the valuation")

    def with_(self, **changes) -> Assumptions:
        """A copy with some assumptions changed (unknown names raise ``TypeError``)."""
        return replace(self, **changes)

    @classmethod
    def params(cls) -> dict[str, Param]:
        """Name -> :class:`Param` for every assumption."""
        return {f.name: f.metadata["param"] for f in fields(cls)}

    def table(self) -> pl.DataFrame:
        """One row per assumption: name, value, default, low, high, unit, source_id, meaning."""
        return pl.DataFrame([
            {"name": n, "value": float(getattr(self, n)), "default": p.default, "low": p.low,
             "high": p.high, "unit": p.unit, "source_id": p.source_id, "meaning": p.doc}
            for n, p in self.params().items()
        ])


def _get(frame: Frame, name: str, a: Assumptions) -> pl.Expr:
    names = frame.collect_schema().names()
    return pl.col(name) if name in names else pl.lit(float(getattr(a, name)))


def _require(frame: Frame, *columns: str) -> None:
    names = frame.collect_schema().names()
    missing = [c for c in columns if c not in names]
    if missing:
        raise ValueError(f"the frame needs column(s) {', '.join(missing)}; it has {', '.join(names)}")


def compute_spend(frame: Frame, a: Assumptions = Assumptions()) -> Frame:
    """Add ``compute_spend_usd_bn`` = capital_usd_bn x compute_share."""
    _require(frame, "capital_usd_bn")
    return frame.with_columns(compute_spend_usd_bn=pl.col("capital_usd_bn") * _get(frame, "compute_share", a))


def accelerator_hours(frame: Frame, a: Assumptions = Assumptions()) -> Frame:
    """Add ``accelerator_hours`` = compute spend (USD) / price of an accelerator-hour."""
    _require(frame, "compute_spend_usd_bn")
    return frame.with_columns(
        accelerator_hours=pl.col("compute_spend_usd_bn") * 1e9 / _get(frame, "accelerator_hour_usd", a))


def training_flop(frame: Frame, a: Assumptions = Assumptions()) -> Frame:
    """Add ``training_flop`` of the flagship run: hours x 3600 s x peak FLOP/s x utilisation x run share."""
    _require(frame, "accelerator_hours")
    flop = (pl.col("accelerator_hours") * 3600 * _get(frame, "peak_tflops", a) * 1e12
            * _get(frame, "utilization", a) * _get(frame, "frontier_run_share", a))
    return frame.with_columns(training_flop=flop)


def capability(frame: Frame, a: Assumptions = Assumptions()) -> Frame:
    """Add ``rating``, an Arena-scale rating, log-linear in training FLOP."""
    _require(frame, "training_flop")
    rating = _get(frame, "rating_at_1e25", a) + _get(frame, "rating_per_decade", a) * (
        pl.col("training_flop").log10() - 25.0)
    return frame.with_columns(rating=rating)


def revenue(frame: Frame, a: Assumptions = Assumptions(), within: list[str] | None = None,
            block: int | None = None) -> Frame:
    """Add ``market_share`` (0-1) and ``revenue_usd_bn``.

    Shares follow the Bradley-Terry strengths behind Arena ratings, 10^(rating/400),
    normalised within each market (``within``: by default the ``scenario`` and
    ``draw`` columns that exist).

    ``block``: a promise that the rows come in consecutive runs of ``block`` rows, each run
    one market (the layout :func:`genchain.scenarios.monte_carlo` produces: one draw's actors
    after another). Shares are then computed per run with array operations instead of
    window functions (two windows over 10^6 draws cost more than the rest of the chain); ``within``
    is ignored.
    """
    _require(frame, "rating")
    if block is not None:
        if block < 1:
            raise ValueError(f"block must be at least 1, got {block}")
        r = pl.col("rating").reshape((-1, block))
        strength = ((r - r.arr.max()) / 400).arr.eval(10 ** pl.element())
        return frame.with_columns(market_share=(strength / strength.arr.sum()).reshape((-1,))).with_columns(
            revenue_usd_bn=pl.col("market_share") * _get(frame, "market_usd_bn", a))
    names = frame.collect_schema().names()
    groups = within if within is not None else [c for c in ("scenario", "draw") if c in names]
    over = (lambda e: e.over(groups)) if groups else (lambda e: e)
    # subtract the market's best rating before exponentiating: same shares, no overflow;
    # one window per step (a window nested in a window is very slow in polars)
    return (
        frame.with_columns(_strength=10 ** ((pl.col("rating") - over(pl.col("rating").max())) / 400))
        .with_columns(market_share=pl.col("_strength") / over(pl.col("_strength").sum()))
        .drop("_strength")
        .with_columns(revenue_usd_bn=pl.col("market_share") * _get(frame, "market_usd_bn", a))
    )


def valuation(frame: Frame, a: Assumptions = Assumptions()) -> Frame:
    """Add ``valuation_usd_bn`` = revenue x revenue_multiple."""
    _require(frame, "revenue_usd_bn")
    return frame.with_columns(valuation_usd_bn=pl.col("revenue_usd_bn") * _get(frame, "revenue_multiple", a))


def next_capital(frame: Frame, a: Assumptions = Assumptions()) -> Frame:
    """Add ``next_capital_usd_bn`` = valuation x raise_fraction: the loop back to the first link."""
    _require(frame, "valuation_usd_bn")
    return frame.with_columns(next_capital_usd_bn=pl.col("valuation_usd_bn") * _get(frame, "raise_fraction", a))


STAGES = (compute_spend, accelerator_hours, training_flop, capability, revenue, valuation, next_capital)


def run(frame: Frame, a: Assumptions = Assumptions(), until: str | None = None) -> Frame:
    """Apply every stage in order (or up to and including the stage named ``until``)."""
    for stage in STAGES:
        frame = stage(frame, a)
        if stage.__name__ == until:
            break
    return frame


def capital_for_flop(flop: float, a: Assumptions = Assumptions()) -> float:
    """The chain worked backwards: billion USD of capital needed for a flagship run of ``flop`` FLOP.

    >>> round(capital_for_flop(5e26), 1)   # a Grok-4-scale run at the defaults
    11.7
    """
    if flop <= 0 or not math.isfinite(flop):
        raise ValueError(f"flop must be a positive number, got {flop}")
    hours = flop / (3600 * a.peak_tflops * 1e12 * a.utilization * a.frontier_run_share)
    return hours * a.accelerator_hour_usd / 1e9 / a.compute_share


def run_cost_usd_bn(flop: float, a: Assumptions = Assumptions()) -> float:
    """Rental cost (billion USD) of the final run alone: FLOP / (peak x utilisation) x hourly price."""
    if flop <= 0 or not math.isfinite(flop):
        raise ValueError(f"flop must be a positive number, got {flop}")
    return flop / (3600 * a.peak_tflops * 1e12 * a.utilization) * a.accelerator_hour_usd / 1e9
