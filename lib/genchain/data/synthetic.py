"""Synthetic data for tests and benchmarks: realistic shapes, no real figures.

Never used as evidence in the book; only to exercise the package at teacher scale.
"""

from __future__ import annotations

import numpy as np
import polars as pl

#: country weights loosely shaped like venture deal counts (US-heavy, long tail)
COUNTRIES = {
    "United States": 0.52, "China": 0.12, "United Kingdom": 0.06, "India": 0.05, "Germany": 0.04,
    "France": 0.04, "Israel": 0.03, "Canada": 0.03, "Japan": 0.03, "South Korea": 0.02,
    "Singapore": 0.02, "Netherlands": 0.01, "Sweden": 0.01, "Brazil": 0.01, "Switzerland": 0.01,
}
ROUNDS = ["Seed", "Series A", "Series B", "Series C", "Series D", "Series E", "Growth"]
#: median round size in billion USD for each round, rising by stage
ROUND_MEDIAN_USD_BN = [0.003, 0.012, 0.03, 0.06, 0.1, 0.15, 0.3]


def funding_rounds(n: int, seed: int = 0, years: tuple[int, int] = (2015, 2025)) -> pl.DataFrame:
    """``n`` synthetic funding rounds: company, country, year, round, amount_usd_bn.

    Amounts are log-normal around a stage-dependent median with a Pareto tail
    (a few mega-rounds take a large share, as in real venture data). Deterministic for a seed.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    rng = np.random.default_rng(seed)
    n_companies = max(1, n // 8)
    names = np.array(list(COUNTRIES))
    weights = np.array(list(COUNTRIES.values()))
    company_country = rng.choice(len(names), size=n_companies, p=weights / weights.sum())
    company = rng.integers(0, n_companies, size=n)
    stage = np.minimum(rng.geometric(0.45, size=n) - 1, len(ROUNDS) - 1)
    median = np.array(ROUND_MEDIAN_USD_BN)[stage]
    amount = median * rng.lognormal(0.0, 1.0, size=n)
    mega = rng.random(n) < 0.001  # one round in a thousand is a mega-round
    amount = np.where(mega, amount * (1 + rng.pareto(1.2, size=n)) * 20, amount)
    # strings are made once per distinct value and gathered by index: building 10^7 Python-side
    # strings (or casting a numpy string array to Categorical) took ~10 s at 10^7 rows
    company_names = "co-" + pl.Series(np.arange(n_companies), dtype=pl.UInt32).cast(pl.String).str.zfill(7)
    return pl.DataFrame({
        "company": company_names.gather(company),
        "country": pl.Series(names.tolist(), dtype=pl.Categorical).gather(company_country[company]),
        "year": rng.integers(years[0], years[1] + 1, size=n).astype(np.int32),
        "round": pl.Series(ROUNDS, dtype=pl.Categorical).gather(stage),
        "amount_usd_bn": np.round(amount, 6),
    })
