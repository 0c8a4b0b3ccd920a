"""Chapter 5 looking back: the chain side by side for the book's actors, what the 2026 rows changed,
and the claim ledger's counts.

Pure functions over the curated tables (``genchain.data``) built on :mod:`genchain.rounds` and
:mod:`genchain.quantities`. Units are in the column names: ``_usd_bn`` = billion US dollars,
``_flop`` = floating-point operations, ``h100e`` = H100-equivalent accelerators.

A missing figure stays missing (null), never zero: a table that does not record an
actor's revenue says nothing about it. Japan's redesign scenarios and the chapter's verdict rules
are :mod:`genchain.chapters.redesign`; the charts are :mod:`genchain.figures.redesign`.

>>> f = pl.DataFrame({"v": [5e26, 531161.0, 0.4738, None], "flop": [True, False, False, False]})
>>> f.select(_shown(pl.col("v"), pl.col("flop")))["shown"].to_list()
['5.0e26', '531,161', '0.47', 'missing']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl

from genchain import data, prices, reference, rounds
from genchain.chapters.fundraising import INSTRUMENTS
from genchain.present import number_text, sci_text
from genchain.reference import CUTOFF

__all__ = [
    "ACTORS", "CHINA_LABS", "LINKS", "chain_table", "chain_long", "capital_model_rank_corr", "hindsight", "held",
    "ledger_counts", "not_supported",
]


#: the actors of the side-by-side table, in its order; their groups and the name each table gives
#: them are in ``data/actors.csv`` (:mod:`genchain.reference`)
ACTORS = ("OpenAI", "Anthropic", "xAI", "DeepSeek", "Alibaba", "Moonshot AI", "Zhipu AI", "MiniMax", "Anduril",
          "Sakana AI", "Preferred Networks")
CHINA_LABS = [a for a in ACTORS if reference.group(a) == "China"]

#: the links of the side-by-side table, in chain order, with their labels and units
LINKS = {
    "raised_usd_bn": "Capital: raised to end-2025 ($bn)",
    "compute_commit_usd_bn": "Compute: deal values ($bn, ceilings)",
    "largest_cluster_h100e": "Compute: largest cluster (H100e)",
    "largest_run_flop": "Model: largest run (FLOP)",
    "best_rating": "Model: best 2025 Arena rating",
    "revenue_2025_usd_bn": "Revenue: 2025 ($bn)",
    "contract_ceiling_usd_bn": "Contracts: gov. ceilings ($bn)",
    "flop_per_usd": "FLOP per $ raised",
    "revenue_per_usd": "2025 revenue per $ raised",
}


def _sum_or_null(col: str) -> pl.Expr:
    """Sum of a column, or null when every value is missing (an empty sum is unknown, not zero)."""
    return pl.when(pl.col(col).is_not_null().any()).then(pl.col(col).sum()).otherwise(None).alias(col)


def _actor_frame() -> pl.DataFrame:
    """actor, group and the names the tables give it (actors.csv; a table without a row for it: its own name)."""
    named = lambda table: [reference.name_in(a, table) for a in ACTORS]
    return pl.DataFrame({"actor": list(ACTORS), "group": [reference.group(a) for a in ACTORS],
                         "rounds_name": named("funding_rounds"), "org": named("models"),
                         "cluster_key": named("clusters")})


def _largest_cluster(clusters: pl.DataFrame, keys: pl.DataFrame, cutoff_year: int) -> pl.DataFrame:
    """Largest operational cluster (H100e) per actor by ``cutoff_year``: the book's one rule
    (:func:`genchain.quantities.actor_largest_cluster`: the site's name, owner or listed users name it)."""
    from genchain import quantities

    sites = {a: quantities.actor_largest_cluster(a, k, f"{cutoff_year}-12-31")
             for a, k in keys.select("actor", "cluster_key").iter_rows()}
    return pl.DataFrame({"actor": list(sites), "largest_cluster_h100e": [float(v.h100e) if v else None
                                                                         for v in sites.values()]},
                        schema={"actor": pl.String, "largest_cluster_h100e": pl.Float64})


def chain_table(cutoff: dt.date | str = CUTOFF) -> pl.DataFrame:
    """One row per actor (plus China's five labs together and Japan's national totals), one column per link.

    Columns (missing = null): raised_usd_bn (:func:`rounds.raised` up to ``cutoff``, pledges
    included, debt excluded); compute_commit_usd_bn (the lab's own compute commitments announced
    by ``cutoff``, :func:`genchain.quantities.compute_commitments`: ceilings and commitments, not cash);
    largest_cluster_h100e (operational by the cutoff year); largest_run_flop (models released by
    ``cutoff``); best_rating (Arena, style control, 2025 snapshots up to ``cutoff``);
    revenue_2025_usd_bn (metric ``revenue``, period exactly ``2025``: run-rates are not revenue);
    contract_ceiling_usd_bn (sum of ceilings announced by ``cutoff``: not cash);
    flop_per_usd = largest_run_flop / (raised x 1e9); revenue_per_usd = revenue / raised.

    The "China (5 labs)" row sums money and takes the maximum of compute and models over
    DeepSeek, Alibaba, Moonshot, Zhipu and MiniMax; a sum is null when no lab has the figure.
    "Japan (national)" takes the largest Japanese cluster and model, and for capital the
    CSET estimate of Japan's private AI investment summed 2014-2023, each year turned from CSET's
    constant 2021 dollars into that year's dollars (:func:`genchain.prices.to_nominal`).
    """
    cut = data.day(cutoff)
    year = cut.year
    keys = _actor_frame()
    raised = (rounds.raised(data.load("funding_rounds"), until=cutoff)
              .rename({"company": "rounds_name"}).select("rounds_name", "raised_usd_bn"))
    from genchain import quantities  # the one rule for a lab's compute commitments

    deals = (quantities.commitment_rows().filter(pl.col("date") <= pl.lit(cut))
             .group_by("company").agg(compute_commit_usd_bn=pl.col("value_usd_bn").sum())
             .rename({"company": "org"}))
    models = (data.load("models").filter(pl.col("released") <= pl.lit(cut))
              .group_by("organization").agg(largest_run_flop=pl.col("training_flop").max())
              .rename({"organization": "org"}))
    rating = (data.load("leaderboard")
              .filter(pl.col("style_control") & (pl.col("snapshot_date").dt.year() == year)
                      & (pl.col("snapshot_date") <= pl.lit(cut)))
              .group_by("organization").agg(best_rating=pl.col("rating").max()).rename({"organization": "org"}))
    revenue = (data.load("revenue").filter((pl.col("metric") == "revenue") & (pl.col("period") == str(year)))
               .group_by("company").agg(revenue_2025_usd_bn=pl.col("value_usd_bn").first())
               .rename({"company": "org"}))
    contracts = (data.load("contracts").filter(pl.col("announced") <= pl.lit(cut))
                 .group_by("company").agg(contract_ceiling_usd_bn=_sum_or_null("ceiling_usd_bn"))
                 .rename({"company": "org"}))
    clusters = data.load("clusters")
    actors = (keys.join(raised, on="rounds_name", how="left")
              .join(deals, on="org", how="left").join(models, on="org", how="left")
              .join(rating, on="org", how="left").join(revenue, on="org", how="left")
              .join(contracts, on="org", how="left")
              .join(_largest_cluster(clusters, keys, year), on="actor", how="left")
              .drop("rounds_name", "org", "cluster_key"))
    money = ["raised_usd_bn", "compute_commit_usd_bn", "revenue_2025_usd_bn", "contract_ceiling_usd_bn"]
    china = (actors.filter(pl.col("actor").is_in(CHINA_LABS))
             .select([_sum_or_null(c) for c in money]
                     + [pl.col(c).max() for c in ("largest_cluster_h100e", "largest_run_flop", "best_rating")])
             .with_columns(actor=pl.lit("China (5 labs)"), group=pl.lit("China")))
    cset_japan = (data.load("ai_investment")
                  .filter((pl.col("geography") == "Japan") & (pl.col("measure") == "private_ai_investment")
                          & (pl.col("provider") == "cset") & (pl.col("year") <= year)))
    # CSET counts constant 2021 dollars; the labs' rows are nominal, so each year goes to its own dollars first
    japan_cap = prices.to_nominal(cset_japan, data.load("cpi"), real="amount_usd_bn")["usd_nominal_bn"].sum()
    jp_clusters = clusters.filter((pl.col("country") == "Japan") & (pl.col("year") <= year)
                                  & (pl.col("status") == "operational"))
    jp_models = data.load("models").filter((pl.col("country") == "Japan")
                                           & (pl.col("released") <= pl.lit(cut)))
    japan = pl.DataFrame({
        "actor": ["Japan (national)"], "group": ["Japan"], "raised_usd_bn": [japan_cap],
        "largest_cluster_h100e": [jp_clusters["h100_equivalents"].max()],
        "largest_run_flop": [jp_models["training_flop"].max()],
    })
    out = pl.concat([actors, china, japan], how="diagonal_relaxed")
    return (out.with_columns(
                flop_per_usd=pl.col("largest_run_flop") / (pl.col("raised_usd_bn") * 1e9),
                revenue_per_usd=pl.col("revenue_2025_usd_bn") / pl.col("raised_usd_bn"))
            .select("actor", "group", *LINKS))


def chain_long(table: pl.DataFrame) -> pl.DataFrame:
    """The side-by-side table in long form: actor, group, link, label, value (null = missing), shown."""
    long = table.unpivot(index=["actor", "group"], on=list(LINKS), variable_name="link")
    return long.with_columns(label=pl.col("link").replace_strict(LINKS),
                             shown=_shown(pl.col("value"), pl.col("link").is_in(_SCIENTIFIC)))


#: links whose values span many powers of ten: written as 5.0e26
_SCIENTIFIC = ("largest_run_flop", "flop_per_usd")


def _shown(value: pl.Expr, scientific: pl.Expr) -> pl.Expr:
    """A value as the chain chart writes it, one expression for the whole column.

    5.0e26 where ``scientific`` (FLOP) or under 0.01; 531,161 from 100 up; 57.6 from 1; 0.47 below 1;
    "missing" for null (:func:`genchain.present.sci_text`, :func:`genchain.present.number_text`).
    """
    a = value.abs()
    return (pl.when(value.is_null()).then(pl.lit("missing"))
            .when(value == 0).then(pl.lit("0"))
            .when(scientific | (a < 1e-2)).then(sci_text(value, style="e"))
            .when(a >= 100).then(number_text(value, 0))
            .when(a < 1).then(number_text(value, 2))
            .otherwise(number_text(value, 1))
            .alias("shown"))


# ------------------------------------------------------------------------------------ hindsight
def hindsight(after: dt.date | str = CUTOFF) -> pl.DataFrame:
    """Everything dated after ``after`` in one frame: date, when, lane, actor, what, amount_usd_bn, source_id.

    ``date`` is the first day the row covers (for sorting and charts); ``when`` is the date as its
    source gives it (``2026-01`` for a month, :func:`genchain.data.date_text`).

    Lanes: 'Money' (new-money rounds and IPOs, :func:`rounds.new_money`), 'Valuation' (post-money of
    preferred rows, including valuation events), 'State' (government events), 'Export controls'.
    """
    t = pl.lit(data.day(after))
    fr = data.load("funding_rounds")
    kind = pl.col("capital_type").replace_strict(INSTRUMENTS)  # "equity", not "primary_equity"
    named = pl.col("round").str.to_lowercase().str.contains(kind.str.to_lowercase(), literal=True)
    money = (rounds.new_money(fr, since=None).filter(pl.col("date") > t)
             .select("date", when=data.date_text("announced"), lane=pl.lit("Money"), actor="company",
                     what=pl.when(named).then(pl.col("round"))  # "IPO (HKEX)", not "IPO (HKEX) (IPO)"
                     .otherwise(pl.col("round") + pl.lit(" (") + kind + pl.lit(")")),
                     amount_usd_bn="amount_usd_bn", source_id="source_id"))
    val = (fr.filter(pl.col("preferred") & pl.col("post_money_usd_bn").is_not_null())
           .with_columns(date=pl.col("announced")).filter(pl.col("date") > t)
           .sort("company", "date").unique(subset=["company", "post_money_usd_bn"], keep="first", maintain_order=True)
           .select("date", when=data.date_text("announced"), lane=pl.lit("Valuation"), actor="company",
                   what=pl.when(pl.col("capital_type") == "valuation_event").then(pl.col("round"))  # names itself
                   .otherwise(pl.lit("valued at (post-money) after ") + pl.col("round")),
                   amount_usd_bn="post_money_usd_bn", source_id="source_id"))
    ev = (data.load("events").filter(pl.col("event_type") == "government")
          .filter(pl.col("date") > t)
          .select("date", when=data.date_text("date"), lane=pl.lit("State"), actor="company", what="description",
                  amount_usd_bn=pl.lit(None, pl.Float64), source_id="source_id"))
    ec = (data.load("export_controls").filter(pl.col("date") > t)
          .select("date", when=data.date_text("date"), lane=pl.lit("Export controls"), actor="authority",
                  what="what_changed",
                  amount_usd_bn=pl.lit(None, pl.Float64), source_id="source_id"))
    return pl.concat([money, val, ev, ec]).sort("date", "lane", "actor")


def held(cutoff: dt.date | str = CUTOFF) -> pl.DataFrame:
    """Did the essay's dated money claims survive the first half of 2026? One row per check.

    Columns: claim_id, check, at_essay (value to ``cutoff``), after (value with 2026 rows), unit, held.
    Checks: Anthropic's rank by money raised (C3.1), Anduril's latest valuation (C4.1, > $30B), the
    largest US raise against the five Chinese labs' total (C5.2), xAI still independent (valuation events).
    """
    fr = data.load("funding_rounds")
    rank = lambda r: r.with_row_index("rank", 1).filter(pl.col("company") == "Anthropic")["rank"][0]
    before, after = rounds.raised(fr, until=cutoff), rounds.raised(fr)
    val = rounds.step_ups(fr, ["Anduril"])
    v_before = val.filter(pl.col("date") <= pl.lit(data.day(cutoff)))["post_money_usd_bn"][-1]
    v_after = val["post_money_usd_bn"][-1]
    cn = lambda r: r.filter(pl.col("company").is_in([reference.name_in(c, "funding_rounds") for c in CHINA_LABS]))["raised_usd_bn"].sum()
    us_top = lambda r: r["raised_usd_bn"][0]
    return pl.DataFrame({
        "claim_id": ["C3.1", "C4.1", "C5.2"],
        "check": ["Anthropic's rank by new money raised (all companies in funding_rounds)",
                  "Anduril's latest post-money valuation ($bn; the essay says above 30)",
                  "Largest US raiser's total / total of the Chinese labs with dollar rows (x)"],
        "at_essay": [float(rank(before)), v_before, us_top(before) / cn(before)],
        "after": [float(rank(after)), v_after, us_top(after) / cn(after)],
    }).with_columns(held=pl.when(pl.col("claim_id") == "C3.1").then(pl.col("after") == 2)
                    .when(pl.col("claim_id") == "C4.1").then(pl.col("after") > 30)
                    .otherwise(pl.col("after") > 10))


def capital_model_rank_corr(table: pl.DataFrame) -> dict:
    """Spearman rank correlation between money raised and largest training run, over single actors with both.

    A correlation across eleven firms, not a causal effect: bigger firms may raise more *because* they
    already train bigger models.
    """
    t = table.filter(~pl.col("actor").is_in(["China (5 labs)", "Japan (national)"])
                     & pl.col("raised_usd_bn").is_not_null() & pl.col("largest_run_flop").is_not_null())
    r = t.select(pl.corr(pl.col("raised_usd_bn").rank(), pl.col("largest_run_flop").rank()))[0, 0]
    return {"rho": r, "n": t.height}


# ------------------------------------------------------------------------------------ the ledger
def ledger_counts(claims: pl.DataFrame | None = None) -> pl.DataFrame:
    """Number of claims by chapter, kind and verdict (whatever verdicts, 'pending' included, exist)."""
    c = data.load("claims") if claims is None else claims
    return c.group_by("chapter", "kind", "verdict").len("claims").sort("chapter", "kind", "verdict")


def not_supported(claims: pl.DataFrame | None = None,
                  fill: Callable[[str | None], str] | None = None) -> pl.DataFrame:
    """The claims judged not supported (claim_id, claim, kind, rationale), with the ledger's one-line rationale.

    A rationale writes its numbers as ``{placeholders}``; ``fill`` replaces them (the build passes
    :func:`genchain.publish.ledger.fill`, which reads them from :mod:`genchain.quantities`). Without
    ``fill`` the rationale is returned as stored.
    """
    c = data.load("claims") if claims is None else claims
    out = c.filter(pl.col("verdict") == "not_supported").select("claim_id", "claim", "kind", "rationale")
    if fill is None:
        return out
    return out.with_columns(pl.col("rationale").map_elements(fill, return_dtype=pl.String))
