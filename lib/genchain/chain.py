"""The generation chain as stages: capital -> compute -> models -> revenue -> valuation -> capital.

Each stage is a pure function: it takes a polars frame (eager or lazy) and returns
it with new columns. Rows are actors x scenarios x Monte Carlo draws; an
assumption is read from a column of the same name when the frame has one (so a
Monte Carlo draw can vary it row by row) and from :class:`Assumptions` otherwise.

Stages and their units::

    capital_usd_bn                      money raised (input), billion USD
    -> compute_spend_usd_bn             x compute_share
    -> accelerator_hours                / accelerator_hour_usd
    -> training_flop                    flop_from_hours(hours, peak_tflops, utilization) x frontier_run_share
    -> rating                           rating_at_1e25 + rating_per_decade x log10(flop / 1e25)
    -> market_share, revenue_usd_bn     Bradley-Terry: share ~ 10^(rating / 400), x market_usd_bn
    -> valuation_usd_bn                 x revenue_multiple
    -> next_capital_usd_bn              x raise_fraction

The formula linking compute to models, FLOP = accelerator-hours x 3600 s x peak FLOP/s x
utilisation, is defined once (:func:`flop_from_hours`) with its inverses (:func:`hours_for_flop`,
:func:`days_for_flop`, :func:`utilization_for`) and what a run costs (:func:`run_cost`,
:func:`capital_for_run`). They are plain arithmetic, so the same definition takes floats, polars
expressions, and :func:`vega` names: the expression strings behind the book's kernel-free sliders
are generated from them, never written by hand.

>>> import polars as pl
>>> f = run(pl.DataFrame({"actor": ["A"], "capital_usd_bn": [10.0]}))
>>> round(f["compute_spend_usd_bn"][0], 2)
6.0
>>> flop_from_hours(1.0, 1000.0, 0.5)      # one hour at 1,000 TFLOP/s and half of peak
1.8e+18
>>> vega(hours_for_flop, "pow(10, e)", 989.0, "u")
'(pow(10, e) / (3.5604e+18 * u))'
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


# ------------------------------------------------------------------ the chain formula, defined once

#: seconds in an hour: accelerator-hours x this x FLOP/s = FLOP
SECONDS_PER_HOUR = 3600.0


def flop_from_hours(hours, peak_tflops, utilization):
    """FLOP = accelerator-hours x 3600 s x peak FLOP/s (``peak_tflops`` x 1e12) x utilisation."""
    return hours * (SECONDS_PER_HOUR * (peak_tflops * 1e12) * utilization)


def hours_for_flop(flop, peak_tflops, utilization):
    """The inverse of :func:`flop_from_hours`: accelerator-hours a run of ``flop`` needs."""
    return flop / (SECONDS_PER_HOUR * (peak_tflops * 1e12) * utilization)


def days_for_flop(flop, accelerators, peak_tflops, utilization):
    """Days a run of ``flop`` takes on ``accelerators`` chips (hours / chips / 24)."""
    return hours_for_flop(flop, peak_tflops, utilization) / accelerators / 24.0


def utilization_for(flop, hours, peak_tflops):
    """The inverse for utilisation: the share of peak that ``hours`` must have delivered to give ``flop``."""
    return flop / (hours * (SECONDS_PER_HOUR * (peak_tflops * 1e12)))


def run_cost(flop, peak_tflops, utilization, hour_usd):
    """Rental cost of a run of ``flop``, billion USD: accelerator-hours x price of an hour / 1e9."""
    return hours_for_flop(flop, peak_tflops, utilization) * hour_usd / 1e9


def capital_for_run(flop, peak_tflops, utilization, hour_usd, frontier_run_share, compute_share):
    """The chain worked backwards, billion USD: run cost / the run's share of compute / compute's share of capital."""
    return run_cost(flop, peak_tflops, utilization, hour_usd) / frontier_run_share / compute_share


class _Vega:
    """A name or expression in the Vega expression language that arithmetic turns into a longer one."""

    def __init__(self, text: str):
        self.text = text

    @staticmethod
    def _of(x) -> str:
        if isinstance(x, _Vega):
            return x.text
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
            raise TypeError(f"a Vega expression takes names and finite numbers, got {x!r}")
        return repr(float(x))

    def _op(self, op, other, flip=False):
        a, b = (self._of(other), self.text) if flip else (self.text, self._of(other))
        return _Vega(f"({a} {op} {b})")

    def __add__(self, o): return self._op("+", o)
    def __radd__(self, o): return self._op("+", o, True)
    def __sub__(self, o): return self._op("-", o)
    def __rsub__(self, o): return self._op("-", o, True)
    def __mul__(self, o): return self._op("*", o)
    def __rmul__(self, o): return self._op("*", o, True)
    def __truediv__(self, o): return self._op("/", o)
    def __rtruediv__(self, o): return self._op("/", o, True)
    def __neg__(self): return _Vega(f"(-{self.text})")
    def __pow__(self, o): return _Vega(f"pow({self.text}, {self._of(o)})")
    def __rpow__(self, o): return _Vega(f"pow({self._of(o)}, {self.text})")

    def __bool__(self):
        raise TypeError("a formula used in a Vega expression cannot branch on its arguments")


def vega(formula, *args, **kwargs) -> str:
    """The Vega expression of ``formula`` (a function of this module's kind: arithmetic only) with
    each string argument a Vega name or expression (a slider's name, ``"datum.price"``) and each
    number a constant. The kernel-free what-ifs build their ``calculate`` strings with it, so a
    slider computes exactly what the Python function computes.

    >>> vega(flop_from_hours, "datum.hours", 989.0, "util")
    '(datum.hours * (3.5604e+18 * util))'
    """
    wrap = lambda x: _Vega(x) if isinstance(x, str) else x
    out = formula(*map(wrap, args), **{k: wrap(v) for k, v in kwargs.items()})
    return out.text if isinstance(out, _Vega) else _Vega._of(out)


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
    """Add ``training_flop`` of the flagship run: :func:`flop_from_hours` x the run's share of the hours."""
    _require(frame, "accelerator_hours")
    flop = (flop_from_hours(pl.col("accelerator_hours"), _get(frame, "peak_tflops", a), _get(frame, "utilization", a))
            * _get(frame, "frontier_run_share", a))
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
    return capital_for_run(flop, a.peak_tflops, a.utilization, a.accelerator_hour_usd, a.frontier_run_share,
                           a.compute_share)


def run_cost_usd_bn(flop: float, a: Assumptions = Assumptions()) -> float:
    """Rental cost (billion USD) of the final run alone: FLOP / (peak x utilisation) x hourly price."""
    if flop <= 0 or not math.isfinite(flop):
        raise ValueError(f"flop must be a positive number, got {flop}")
    return run_cost(flop, a.peak_tflops, a.utilization, a.accelerator_hour_usd)
