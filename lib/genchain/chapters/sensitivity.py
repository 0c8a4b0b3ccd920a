"""The chain model on real actors: who raised what in a year, how sensitive the outputs are, and how uncertain.

Used by the appendix "The chain model" (its charts and reader tables are in
:mod:`genchain.figures.sensitivity`). Capital is *new money announced in the year* as
:mod:`genchain.rounds` counts it (preferred rows; primary equity, strategic tranches,
convertibles and IPO proceeds; no secondaries, valuation events or debt), in billion USD.

>>> import polars as pl
>>> actors = pl.DataFrame({"actor": ["A", "B"], "capital_usd_bn": [10.0, 1.0]})
>>> t = tornado_all(actors, ["revenue_usd_bn"])
>>> sorted(set(t["actor"]))
['A', 'B']
"""

from __future__ import annotations

import polars as pl

from genchain import chain, data, rounds, scenarios
from genchain.chain import Assumptions

__all__ = ["OUTPUTS", "actors_in_year", "tornado_all", "band_table", "assumptions_table"]

#: headline outputs of the chain: column -> (label, unit)
OUTPUTS: dict[str, tuple[str, str]] = {
    "training_flop": ("training compute", "FLOP"),
    "rating": ("rating", "Arena points"),
    "revenue_usd_bn": ("revenue", "USD bn a year"),
    "valuation_usd_bn": ("valuation", "USD bn"),
    "next_capital_usd_bn": ("next round", "USD bn"),
}


def actors_in_year(companies: tuple[str, ...] = ("OpenAI", "Anthropic", "xAI", "Mistral AI"),
                   year: int = 2025, japan: bool = True, frame: pl.DataFrame | None = None,
                   **kw) -> pl.DataFrame:
    """New money raised in ``year`` by ``companies`` (and the Japanese company that raised most).

    Returns actor, country, capital_usd_bn (billion USD), rounds; largest first. Companies with
    no counted round in the year are left out. Keyword arguments go to :func:`rounds.raised`
    (e.g. ``include_pledges=False`` to leave out strategic tranches).
    """
    f = frame if frame is not None else data.load("funding_rounds")
    countries = f.select("company", "country").unique("company")
    got = (rounds.raised(f, since=f"{year}-01-01", until=f"{year}-12-31", **kw)
           .join(countries, on="company", how="left"))
    pick = got.filter(pl.col("company").is_in(list(companies)))
    if japan:
        pick = pl.concat([pick, got.filter(pl.col("country") == "Japan").head(1)]).unique("company")
    return (pick.select(actor="company", country="country", capital_usd_bn="raised_usd_bn", rounds="rounds")
            .sort("capital_usd_bn", "actor", descending=[True, False]))


def tornado_all(actors: pl.DataFrame, outputs: list[str] | None = None,
                a: Assumptions = Assumptions()) -> pl.DataFrame:
    """One-at-a-time sensitivity for every actor and output (:func:`scenarios.tornado` stacked).

    Columns: actor, output, name (assumption), unit, setting_low, setting_high (the assumption's
    low and high), low_value, high_value (the output at them), base, swing (|high - low|; set
    to 0 below 1e-9 of base, which is rounding noise) and swing_pct (swing as a percentage of base).
    """
    outputs = outputs or list(OUTPUTS)
    params = Assumptions.params()
    settings = pl.DataFrame({"name": list(params), "setting_low": [p.low for p in params.values()],
                             "setting_high": [p.high for p in params.values()]})
    parts = [scenarios.tornado(actors, out, act, a).with_columns(actor=pl.lit(act), output=pl.lit(out))
             for act in actors["actor"].to_list() for out in outputs]
    return (pl.concat(parts).join(settings, on="name", how="left")
            # rounding noise (about 1e-15 of base) is no sensitivity: call it zero
            .with_columns(swing=pl.when(pl.col("swing") <= 1e-9 * pl.col("base").abs()).then(0.0)
                          .otherwise(pl.col("swing")))
            .with_columns(swing_pct=pl.col("swing") / pl.col("base").abs() * 100)
            .select("actor", "output", "name", "unit", "setting_low", "setting_high", "low_value",
                    "high_value", "base", "swing", "swing_pct"))


def band_table(actors: pl.DataFrame, outputs: list[str] | None = None, n_draws: int = 2000,
               seed: int = 2025, a: Assumptions = Assumptions()) -> pl.DataFrame:
    """Monte Carlo 5-50-95% bands of each output per actor, next to the value at the defaults.

    Every assumption is drawn from its triangular distribution (:func:`scenarios.draws`).
    Columns: actor, output, q05, q50, q95, base.
    """
    outputs = outputs or list(OUTPUTS)
    mc = scenarios.monte_carlo(actors.select("actor", "capital_usd_bn"), n_draws, a, seed=seed, lazy=True)
    base = chain.run(actors.select("actor", "capital_usd_bn"), a)
    return pl.concat([
        scenarios.bands(mc, out).with_columns(output=pl.lit(out))
        .join(base.select("actor", base=pl.col(out)), on="actor")
        .select("actor", "output", "q05", "q50", "q95", "base")
        for out in outputs
    ])


def assumptions_table(a: Assumptions = Assumptions()) -> pl.DataFrame:
    """``a.table()`` joined to sources.csv: name, value, default, low, high, unit, meaning, source_id, publisher, title, url."""
    src = data.load("sources").select("source_id", "publisher", "title", "url")
    return a.table().join(src, on="source_id", how="left", maintain_order="left")
