"""Funding rounds: which rows count as new money, totals, cumulative paths and valuation step-ups.

Works on ``data.load("funding_rounds")`` (or any frame with its columns). Amounts are
billion USD. The rules, stated once so every chapter counts the same way:

* only ``preferred`` rows (one row per event where sources conflict);
* new money = primary equity, strategic tranches and convertibles (and IPO proceeds);
  debt only if asked; secondary sales and valuation events raise nothing;
* rows without an amount are left out of sums (and counted by :func:`undisclosed`).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from genchain.data import day

NEW_MONEY = ("primary_equity", "strategic_tranche", "convertible", "ipo")


#: strategic pledges later folded into a priced round, as the rows' notes in ``funding_rounds.csv`` say:
#: (company, round) -> the pledge rows it includes. Counted once: see :func:`new_money`.
FOLDED = {("Anthropic", "Series G"): ("Strategic (Nvidia) commitment", "Strategic (Microsoft) commitment")}


def new_money(frame: pl.DataFrame, include_debt: bool = False, include_pledges: bool = True,
              since: dt.date | str | None = None, until: dt.date | str | None = None) -> pl.DataFrame:
    """The rows that brought new money in, with a ``date`` column (first day of ``announced``).

    ``include_pledges=False`` leaves out ``strategic_tranche`` rows (strategic commitments,
    often "up to" ceilings paid over time or folded into a later round). ``since``/``until``
    (inclusive, YYYY-MM-DD) limit the announcement dates.

    A pledge later folded into a priced round (:data:`FOLDED`) is money counted once: with pledges,
    the pledge counts at its own date and the round counts net of it; without pledges, the round
    counts in full. So Anthropic's November 2025 Microsoft and Nvidia pledges are not added again
    when its Series G (which includes them) is counted.
    """
    kinds = tuple(k for k in NEW_MONEY if include_pledges or k != "strategic_tranche")
    kinds += ("debt",) if include_debt else ()
    out = (frame.filter(pl.col("preferred") & pl.col("capital_type").is_in(kinds)
                        & pl.col("amount_usd_bn").is_not_null())
           .with_columns(date=pl.col("announced")))
    if include_pledges:
        for (company, round_), pledges in FOLDED.items():
            folded = frame.filter(pl.col("preferred") & (pl.col("company") == company) & pl.col("round").is_in(pledges))
            minus = float(folded["amount_usd_bn"].sum())
            hit = (pl.col("company") == company) & (pl.col("round") == round_)
            out = out.with_columns(amount_usd_bn=pl.when(hit).then(pl.col("amount_usd_bn") - minus)
                                   .otherwise(pl.col("amount_usd_bn")))
    if since:
        out = out.filter(pl.col("date") >= pl.lit(day(since)))
    if until:
        out = out.filter(pl.col("date") <= pl.lit(day(until)))
    return out.sort("date", "company")


def undisclosed(frame: pl.DataFrame) -> pl.DataFrame:
    """Preferred money-raising rows whose amount is not disclosed, per company."""
    return (frame.filter(pl.col("preferred") & pl.col("capital_type").is_in(NEW_MONEY)
                         & pl.col("amount_usd_bn").is_null())
            .group_by("company").len("undisclosed_rounds").sort("company"))


def raised(frame: pl.DataFrame, by: str | list[str] = "company", **kw) -> pl.DataFrame:
    """Total new money per ``by`` group (billion USD) and the number of rounds, largest first.

    Keyword arguments go to :func:`new_money` (``include_debt``, ``since``, ``until``).
    """
    keys = [by] if isinstance(by, str) else list(by)
    return (new_money(frame, **kw).group_by(keys)
            .agg(raised_usd_bn=pl.col("amount_usd_bn").sum(), rounds=pl.len())
            .sort("raised_usd_bn", *keys, descending=[True] + [False] * len(keys)))


def cumulative(frame: pl.DataFrame, companies: list[str] | None = None, **kw) -> pl.DataFrame:
    """Each company's cumulative new money after each round: company, date, round, amount, cumulative_usd_bn."""
    rows = new_money(frame, **kw)
    if companies is not None:
        rows = rows.filter(pl.col("company").is_in(companies))
    return (rows.sort("company", "date")
            .with_columns(cumulative_usd_bn=pl.col("amount_usd_bn").cum_sum().over("company"))
            .select("company", "country", "date", "round", "amount_usd_bn", "cumulative_usd_bn",
                    "post_money_usd_bn", "investor_type", "capital_type", "source_id"))


def step_ups(frame: pl.DataFrame, companies: list[str] | None = None) -> pl.DataFrame:
    """Valuation at each priced round and its ratio to the previous one (``step_up``, x)."""
    rows = (frame.filter(pl.col("preferred") & pl.col("post_money_usd_bn").is_not_null())
            .with_columns(date=pl.col("announced")))
    if companies is not None:
        rows = rows.filter(pl.col("company").is_in(companies))
    return (rows.sort("company", "date")
            .with_columns(step_up=pl.col("post_money_usd_bn") / pl.col("post_money_usd_bn").shift(1).over("company"))
            .select("company", "date", "round", "amount_usd_bn", "post_money_usd_bn", "step_up", "source_id"))
