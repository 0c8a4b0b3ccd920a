"""Chapter 3's other half: where Anthropic's money goes, and what safety wins it.

Amounts are billion USD. This module holds:

* compute commitments classified by who pays and whether they are ceilings (:func:`classify_deals`),
  next to capital raised (:func:`commitments_vs_capital`);
* the generation chain run on an amount of capital (:func:`chain_table`: accelerator-hours and FLOP);
* market-share rows placed on a time axis (:func:`share_points`) and government rows marked for or
  against a company (:func:`government_timeline`);
* the verdict rules of claims C3.3 and C3.4.

Capital raised is counted as in :mod:`genchain.chapters.fundraising`; the charts are in
:mod:`genchain.figures.fundraising`.

>>> verdict_c3_3(83.0, 44.9, 3, 4)
'supported'
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from genchain import chain, reference
from genchain.chapters.fundraising import ranking
from genchain.data import day

# --------------------------------------------------------------------------- compute commitments

def classify_deals(deals: pl.DataFrame, article_end: dt.date | str = reference.CUTOFF) -> pl.DataFrame:
    """Add ``kind`` (who pays, how firm), ``ceiling`` (an "up to" figure) and ``after_article``, plus ``date``.

    Kinds, from ``deal_type`` (rules checked in this order): "partner capex" (the cloud's own
    spending, not the company's), "projection", "own build plan" (a plan), "purchase commitment"
    (commitment, lease), otherwise "no dollar value" when ``value_usd_bn`` is empty or "other".
    """
    t = pl.col("deal_type").str.to_lowercase()
    kind = (pl.when(pl.col("value_usd_bn").is_null()).then(pl.lit("no dollar value"))
            .when(t.str.contains("capex")).then(pl.lit("partner capex"))
            .when(t.str.contains("projection")).then(pl.lit("projection"))
            .when(t.str.contains("plan")).then(pl.lit("own build plan"))
            .when(t.str.contains("commitment") | t.str.contains("lease")).then(pl.lit("purchase commitment"))
            .otherwise(pl.lit("other")))
    ceiling = (pl.col("capacity_qualifier") == "up_to").fill_null(False) | pl.col("note").str.contains(r"(?i)\bup to\b").fill_null(False)
    return deals.with_columns(date=pl.col("announced"), kind=kind, ceiling=ceiling,
                              after_article=pl.col("announced") > pl.lit(day(article_end)))


def commitments_vs_capital(deals: pl.DataFrame, frame: pl.DataFrame, company: str,
                           until: dt.date | str = reference.CUTOFF, **kw) -> pl.DataFrame:
    """Dollar compute commitments by kind next to capital raised, both up to ``until`` (billion USD).

    One row per kind with ``value_usd_bn`` and ``deals``, plus a row "capital raised" (new money
    under ``kw``, see :func:`genchain.rounds.new_money`), and ``ratio_to_capital`` for each row.
    """
    d = (classify_deals(deals).filter(pl.col("company") == company, pl.col("value_usd_bn").is_not_null(),
                                      pl.col("date") <= pl.lit(day(until)))
         .group_by("kind").agg(value_usd_bn=pl.col("value_usd_bn").sum(), deals=pl.len()))
    cap = ranking(frame, [company], until=until, **kw)
    capital = pl.DataFrame({"kind": ["capital raised"], "value_usd_bn": [float(cap["raised_usd_bn"][0])],
                            "deals": [int(cap["rounds"][0])]}, schema=d.schema)
    order = ["capital raised", "purchase commitment", "own build plan", "partner capex", "projection", "other"]
    return (pl.concat([capital, d]).with_columns(ratio_to_capital=pl.col("value_usd_bn") / capital["value_usd_bn"][0])
            .with_columns(_o=pl.col("kind").replace_strict(order, list(range(len(order))), default=99))
            .sort("_o").drop("_o"))


def chain_table(amounts: dict[str, float], a: chain.Assumptions = chain.Assumptions(),
                already_compute: tuple[str, ...] = ()) -> pl.DataFrame:
    """Run the chain to training FLOP for each named amount (billion USD).

    Amounts named in ``already_compute`` are compute spending already (a purchase commitment), so
    they skip the ``compute_share`` step. Columns: what, capital_usd_bn, compute_spend_usd_bn,
    accelerator_hours, accelerator_years (hours / 8,766), training_flop.
    """
    f = pl.DataFrame({"what": list(amounts), "capital_usd_bn": [float(v) for v in amounts.values()]})
    f = f.with_columns(compute_share=pl.when(pl.col("what").is_in(list(already_compute))).then(1.0)
                       .otherwise(float(a.compute_share)))
    out = chain.run(f, a, until="training_flop")
    return (out.with_columns(accelerator_years=pl.col("accelerator_hours") / 8766)
            .select("what", "capital_usd_bn", "compute_spend_usd_bn", "accelerator_hours", "accelerator_years",
                    "training_flop"))


# --------------------------------------------------------------------------- markets and government

def share_points(market_share: pl.DataFrame, entities: list[str] | None = None) -> pl.DataFrame:
    """Market-share rows with an approximate date for their period and a ``measure`` label.

    ``approx_date`` reads the period text: "YYYY-MM" -> that month; "YYYY-Qn" -> the quarter's middle
    month; "mid-year" -> 1 July; "early" -> 1 March; "A to (early) B" -> January of B; a bare year -> 1 July. It is for plotting
    only. ``measure`` = "source_org: metric" because each source measures something else.
    """
    p = pl.col("period")
    year = p.str.extract(r"(\d{4})").cast(pl.Int32)
    month = (pl.when(p.str.contains(r"^\d{4}-\d{2}$")).then(p.str.slice(5, 2).cast(pl.Int32, strict=False))
             .when(p.str.contains(r"Q\d")).then(p.str.extract(r"Q(\d)").cast(pl.Int32) * 3 - 1)
             .when(p.str.contains("mid-year")).then(pl.lit(7))
             .when(p.str.contains("(?i)early")).then(pl.lit(3))
             .otherwise(pl.lit(7)))
    # a range such as "2025 to early 2026" is placed at the start of its last year
    ranged = p.str.contains(" to ")
    year = pl.when(ranged).then(p.str.extract(r"to\D*(\d{4})").cast(pl.Int32)).otherwise(year)
    month = pl.when(ranged).then(pl.lit(1)).otherwise(month)
    out = market_share.with_columns(approx_date=pl.date(year, month, 1),
                                    measure=pl.col("source_org") + ": " + pl.col("metric"))
    if entities is not None:
        out = out.filter(pl.col("entity").is_in(entities))
    return out.select("measure", "source_org", "metric", "segment", "period", "approx_date", "entity", "share_pct",
                      "source_id").sort("measure", "approx_date", "entity")


#: words that mark a government row as a setback for the company it names
_AGAINST = r"(?i)supply-chain risk|stop federal use|ends the oneGov|deadline|not included|terminated"
#: words that mark the company's own response or a court ruling (neither a gain nor a loss of business)
_LEGAL = r"(?i)lawsuit|injunction|Anthropic statement"


def government_timeline(contracts: pl.DataFrame, events: pl.DataFrame, company: str = "Anthropic",
                        since: str = "2024-01-01") -> pl.DataFrame:
    """Government contracts and government events of ``company`` and its rivals since ``since``.

    Columns: date, company, kind ("contract or offer" / "government action"), stance ("for <company>",
    "against <company>", "response or ruling", "rival"), description, ceiling_usd_bn, source_id. The stance is a
    keyword rule (see ``_AGAINST`` and ``_LEGAL``): a row about a rival is "rival".
    """
    c = contracts.select(date=pl.col("announced"), company="company", kind=pl.lit("contract or offer"),
                         description="description", ceiling_usd_bn="ceiling_usd_bn", source_id="source_id")
    e = (events.filter(pl.col("event_type") == "government")
         .select(date=pl.col("date"), company="company", kind=pl.lit("government action"),
                 description="description", ceiling_usd_bn=pl.lit(None, pl.Float64), source_id="source_id"))
    stance = (pl.when(pl.col("company") != company).then(pl.lit("rival"))
              .when(pl.col("description").str.contains(_LEGAL)).then(pl.lit("response or ruling"))
              .when(pl.col("description").str.contains(_AGAINST)).then(pl.lit(f"against {company}"))
              .otherwise(pl.lit(f"for {company}")))
    return (pl.concat([c, e]).filter(pl.col("date") >= pl.lit(day(since)),
                                     pl.col("company").is_in([company, "OpenAI"]))
            .with_columns(stance=stance).sort("date", "company")
            .select("date", "company", "kind", "stance", "description", "ceiling_usd_bn", "source_id"))


# --------------------------------------------------------------------------- verdict rules of claims C3.3 and C3.4

def verdict_c3_3(committed_usd_bn: float, capital_usd_bn: float, gpu_deals: int, chip_deals: int) -> str:
    """C3.3 "the money goes mainly into long-term GPU supply and data centres".

    "supported" when dollar compute commitments exceed the capital raised and more than half of the
    deals that name chips name Nvidia GPUs; "partly_supported" when commitments exceed capital but
    the chips are mostly not GPUs; "not_supported" when commitments do not exceed capital.
    """
    if committed_usd_bn <= capital_usd_bn:
        return "not_supported"
    return "supported" if gpu_deals > chip_deals / 2 else "partly_supported"


def verdict_c3_4(share_before_pct: float, share_after_pct: float, setbacks: int) -> str:
    """C3.4 "safety wins business and government customers" (a causal claim; the correlation is judged).

    "not_supported" when the enterprise share did not rise; "supported" when it rose and no
    government setback is recorded; "partly_supported" when it rose but safety terms also cost a
    market (``setbacks`` > 0). Whether safety *caused* the gain is not testable with public data.
    """
    if share_after_pct <= share_before_pct:
        return "not_supported"
    return "partly_supported" if setbacks > 0 else "supported"
