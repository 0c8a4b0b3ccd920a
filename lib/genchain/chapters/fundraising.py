"""Comparing how much capital companies raised, what each round was priced at, and where the money went.

Amounts are billion USD throughout. Counting follows :mod:`genchain.rounds` (preferred rows only;
secondaries and valuation events never count; strategic "up to" pledges and debt only when asked).
This module adds:

* rankings of companies under several named counting rules (:data:`COUNTS`, :func:`rank_by_count`);
* revenue multiples at each priced round, each round matched to the latest revenue or run-rate
  known at or before its date (:func:`round_multiples`), with the kind of denominator kept;
* totals "up to a round" versus "these rounds only" (:func:`through_round`, :func:`named_rounds_total`);
* compute commitments classified by who pays and whether they are ceilings (:func:`classify_deals`,
  :func:`commitments_vs_capital`) and the generation chain run on a company's capital (:func:`chain_table`);
* market-share rows placed on a time axis (:func:`share_points`) and government rows marked for or
  against a company (:func:`government_timeline`);
* the kernel-free what-if and its live twin (:func:`what_if_rows`, :func:`what_if_ranking`,
  :func:`what_if_chart`, :func:`ranking_panel`).

>>> import polars as pl
>>> f = pl.DataFrame({"company": ["A", "B"], "country": ["US", "US"], "round": ["X", "Y"],
...     "announced": ["2025-02", "2025-03"], "amount_usd_bn": [2.0, 3.0], "post_money_usd_bn": [None, None],
...     "investor_type": ["financial"] * 2, "capital_type": ["primary_equity"] * 2, "preferred": [True, True],
...     "source_id": ["s", "s"]})
>>> ranking(f)["company"].to_list()
['B', 'A']
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import polars as pl

from genchain import charts, chain, reference, rounds
from genchain.data import as_date, day

#: the three companies the article's "second after OpenAI" compares
RIVALS = ["OpenAI", "Anthropic", "xAI"]

#: named counting rules: label -> keyword arguments of :func:`genchain.rounds.new_money`
COUNTS: dict[str, dict] = {
    "2025 only: equity and convertibles": dict(since="2025-01-01", until=reference.CUTOFF, include_pledges=False),
    "2025 only: + 'up to' pledges": dict(since="2025-01-01", until=reference.CUTOFF),
    "2025 only: + pledges + debt": dict(since="2025-01-01", until=reference.CUTOFF, include_debt=True),
    "to end-2025: equity and convertibles": dict(until=reference.CUTOFF, include_pledges=False),
    "to end-2025: + 'up to' pledges": dict(until=reference.CUTOFF),
    "to end-2025: + pledges + debt": dict(until=reference.CUTOFF, include_debt=True),
}

#: revenue rows that lose a same-date conflict (company, date, metric, source_id), with the reason
NOT_PREFERRED_REVENUE = {
    ("Anthropic", "2025-01", "run_rate", "co-ndtv-reuters-2025-01"): "WSJ estimate; the CFO's ~$1B is company-reported",
    ("Anthropic", "2026-05", "run_rate", "co-asiaict-2026-05"): "relay; $47B is closer to the company statement",
    ("xAI", "2025", "revenue", "co-aiherald-xai-2026-05"): "aggregator citing insiders",
    ("xAI", "2025", "revenue", "co-mostpopularai-xai-2026-05"): "aggregator, basis not stated",
}


# --------------------------------------------------------------------------- rankings

def ranking(frame: pl.DataFrame, companies: list[str] | None = None, **kw) -> pl.DataFrame:
    """New money per company (billion USD), its number of rounds and its ``rank`` (1 = most).

    Keyword arguments go to :func:`genchain.rounds.new_money` (``since``, ``until``,
    ``include_pledges``, ``include_debt``). With ``companies`` the result has exactly those
    companies, a company with no counted round showing 0. Ties share the better rank.
    """
    out = rounds.raised(frame, **kw)
    if companies is not None:
        out = (pl.DataFrame({"company": companies}).join(out, on="company", how="left")
               .with_columns(pl.col("raised_usd_bn").fill_null(0.0), pl.col("rounds").fill_null(0)))
    return (out.with_columns(rank=pl.col("raised_usd_bn").rank("min", descending=True).cast(pl.Int64))
            .sort("rank", "company"))


def rank_by_count(frame: pl.DataFrame, companies: list[str] | None = None,
                  counts: dict[str, dict] | None = None) -> pl.DataFrame:
    """:func:`ranking` under each named counting rule: count, company, raised_usd_bn, rounds, rank.

    ``companies=None`` ranks every company in the table (so a fourth company can break in);
    the default rules are :data:`COUNTS`.
    """
    counts = COUNTS if counts is None else counts
    return pl.concat([ranking(frame, companies, **kw).with_columns(count=pl.lit(label))
                      .select("count", "company", "raised_usd_bn", "rounds", "rank")
                      for label, kw in counts.items()])


def rank_of(ranked: pl.DataFrame, company: str) -> pl.DataFrame:
    """The rows of ``ranked`` (from :func:`rank_by_count`) for one company, with the leader and the runner-up behind it."""
    leader = ranked.filter(pl.col("rank") == 1).group_by("count").agg(leader=pl.col("company").first())
    nxt = (ranked.join(ranked.filter(pl.col("company") == company).select("count", own=pl.col("rank")), on="count")
           .filter(pl.col("rank") > pl.col("own")).sort("rank")
           .group_by("count", maintain_order=True)
           .agg(next_company=pl.col("company").first(), next_usd_bn=pl.col("raised_usd_bn").first()))
    return (ranked.filter(pl.col("company") == company).join(leader, on="count", how="left")
            .join(nxt, on="count", how="left"))


def cumulative_paths(frame: pl.DataFrame, companies: list[str], until: str | None = None) -> pl.DataFrame:
    """Step paths of cumulative new money under four rules (pledges x debt), one ``count`` label each.

    Columns: count, company, date, round, amount_usd_bn, cumulative_usd_bn, capital_type.
    """
    rules = {"equity and convertibles": dict(include_pledges=False),
             "+ 'up to' pledges": dict(include_pledges=True),
             "+ debt": dict(include_pledges=False, include_debt=True),
             "+ pledges + debt": dict(include_pledges=True, include_debt=True)}
    return pl.concat([rounds.cumulative(frame, companies, until=until, **kw).with_columns(count=pl.lit(label))
                      .select("count", "company", "date", "round", "amount_usd_bn", "cumulative_usd_bn",
                              "capital_type")
                      for label, kw in rules.items()])


# --------------------------------------------------------------------------- rounds of one company

def through_round(frame: pl.DataFrame, company: str, round_label: str, **kw) -> pl.DataFrame:
    """New-money rows of ``company`` announced up to and including the (preferred) round ``round_label``.

    Keyword arguments go to :func:`genchain.rounds.new_money`. Raises ``KeyError`` if the round is not found.
    """
    hit = frame.filter(pl.col("company") == company, pl.col("round") == round_label, pl.col("preferred"))
    if hit.height != 1:
        raise KeyError(f"no single preferred round {round_label!r} for {company!r}")
    until = hit.select(as_date("announced"))[0, 0].isoformat()
    return rounds.new_money(frame, until=until, **kw).filter(pl.col("company") == company)


def named_rounds_total(frame: pl.DataFrame, company: str, labels: list[str]) -> float:
    """Sum of the preferred rows of ``company`` whose round label is in ``labels`` (billion USD)."""
    rows = frame.filter(pl.col("company") == company, pl.col("round").is_in(labels), pl.col("preferred"))
    missing = set(labels) - set(rows["round"].to_list())
    if missing:
        raise KeyError(f"{company} has no preferred round(s) {', '.join(sorted(missing))}")
    return float(rows["amount_usd_bn"].sum())


def investor_first_seen(frame: pl.DataFrame, company: str, names: list[str]) -> pl.DataFrame:
    """For each investor name, the first preferred row of ``company`` whose leads name it (case-insensitive).

    Columns: investor, first_date (null if never named as a lead), round. Our table records leads,
    not full participant lists: "never" means "never named as a lead in the rows we hold".
    """
    rows = (frame.filter(pl.col("company") == company, pl.col("preferred"), pl.col("lead_investors").is_not_null())
            .with_columns(date=as_date("announced"), leads=pl.col("lead_investors").str.to_lowercase()))
    found = (pl.DataFrame({"investor": names}).join(rows.select("date", "round", "leads"), how="cross")
             .filter(pl.col("leads").str.contains(pl.col("investor").str.to_lowercase(), literal=True))
             .sort("date").group_by("investor").agg(first_date=pl.col("date").first(), round=pl.col("round").first()))
    return pl.DataFrame({"investor": names}).join(found, on="investor", how="left")


# --------------------------------------------------------------------------- revenue multiples

def revenue_points(revenue: pl.DataFrame, drop: dict | None = None) -> pl.DataFrame:
    """Revenue figures usable as the denominator of a multiple: company, known_date, metric, value_usd_bn, source_id.

    Keeps annualised ``run_rate`` rows (dated by their first day) and full-year ``revenue`` rows (a
    four-digit period; dated 31 December of that year, when the year is complete). Monthly,
    quarterly and half-year revenue and projections are left out. Same-date conflicts lose the rows
    in ``drop`` (default :data:`NOT_PREFERRED_REVENUE`).
    """
    drop = NOT_PREFERRED_REVENUE if drop is None else drop
    bad = pl.DataFrame([dict(zip(("company", "date", "metric", "source_id"), k)) for k in drop],
                       schema={"company": pl.String, "date": pl.String, "metric": pl.String, "source_id": pl.String})
    full_year = (pl.col("metric") == "revenue") & pl.col("period").str.contains(r"^\d{4}$").fill_null(False)
    return (revenue.join(bad, on=["company", "date", "metric", "source_id"], how="anti")
            .filter((pl.col("metric") == "run_rate") | full_year)
            .with_columns(known_date=pl.when(full_year).then(pl.date(pl.col("period").cast(pl.Int32, strict=False), 12, 31))
                          .otherwise(as_date("date")))
            .select("company", "known_date", "metric", "value_usd_bn", "source_id")
            .sort("company", "known_date"))


def round_multiples(frame: pl.DataFrame, revenue: pl.DataFrame, companies: list[str] | None = None) -> pl.DataFrame:
    """Each priced preferred row with the latest revenue or run-rate known at or before its date.

    Columns: company, date, round, capital_type, post_money_usd_bn, revenue_date, revenue_metric
    (``run_rate`` or ``revenue``), revenue_usd_bn, multiple (post-money / revenue, x), months_before
    (age of the revenue figure). A round with no earlier figure has a null multiple.
    """
    priced = (frame.filter(pl.col("preferred"), pl.col("post_money_usd_bn").is_not_null())
              .with_columns(date=as_date("announced")))
    if companies is not None:
        priced = priced.filter(pl.col("company").is_in(companies))
    rev = revenue_points(revenue).rename({"metric": "revenue_metric", "value_usd_bn": "revenue_usd_bn",
                                          "source_id": "revenue_source_id"})
    out = priced.sort("date").join_asof(rev.with_columns(revenue_date=pl.col("known_date")).sort("known_date"),
                                        left_on="date", right_on="known_date", by="company", strategy="backward",
                                        check_sortedness=False)
    return (out.with_columns(multiple=pl.col("post_money_usd_bn") / pl.col("revenue_usd_bn"),
                             months_before=((pl.col("date") - pl.col("revenue_date")).dt.total_days() / 30.44).round(1))
            .select("company", "date", "round", "capital_type", "post_money_usd_bn", "revenue_date",
                    "revenue_metric", "revenue_usd_bn", "multiple", "months_before", "source_id")
            .sort("company", "date"))


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
    return deals.with_columns(date=as_date("announced"), kind=kind, ceiling=ceiling,
                              after_article=as_date("announced") > pl.lit(day(article_end)))


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


# --------------------------------------------------------------------------- benchmarks for "nation scale"

def versus_benchmarks(amount_usd_bn: float, benchmarks: pl.DataFrame, label: str = "geography") -> pl.DataFrame:
    """Each benchmark row with ``ratio`` = amount / benchmark ``amount_usd_bn`` and ``larger`` (amount > benchmark)."""
    return (benchmarks.with_columns(ratio=pl.lit(float(amount_usd_bn)) / pl.col("amount_usd_bn"),
                                    larger=pl.lit(float(amount_usd_bn)) > pl.col("amount_usd_bn"))
            .sort("amount_usd_bn").select(label, *[c for c in benchmarks.columns if c != label], "ratio", "larger"))


#: the G7 economies: the rubric's benchmark for "nation-scale" is one of them
G7 = ("Canada", "France", "Germany", "Italy", "Japan", "United Kingdom", "United States")


def nation_scale(versus: pl.DataFrame) -> bool:
    """Whether an amount is nation-scale by the claim ledger's rubric: larger than at least one G7 economy
    in a :func:`versus_benchmarks` frame built from one provider's country list (nominal dollars).

    Raises ``ValueError`` if the frame mixes providers or holds no G7 economy.
    """
    if versus["provider"].n_unique() != 1:
        raise ValueError("a nation-scale benchmark comes from one provider's list (rubric, rule 5)")
    g7 = versus.filter(pl.col("geography").is_in(G7))
    if g7.height == 0:
        raise ValueError("the provider's list names no G7 economy")
    return bool(g7["larger"].any())


def national_ai_investment(ai_investment: pl.DataFrame, year: int, provider: str = "ai_index_quid",
                           extra: tuple[tuple[str, int, str], ...] = ()) -> pl.DataFrame:
    """Full-year private AI investment per country (not World) for ``year`` from ``provider``.

    ``extra`` adds (geography, year, provider) rows from other years or providers, e.g. Japan,
    which the AI Index's top-15 list does not name. Columns: geography, year, provider,
    amount_usd_bn, source_id.
    """
    pick = (pl.col("year") == year) & (pl.col("provider") == provider)
    for geo, yr, prov in extra:
        pick = pick | ((pl.col("geography") == geo) & (pl.col("year") == yr) & (pl.col("provider") == prov))
    return (ai_investment.filter(pl.col("measure") == "private_ai_investment", pl.col("coverage") == "full_year",
                                 pl.col("geography") != "World", pick)
            .select("geography", "year", "provider", "amount_usd_bn", "source_id").sort("amount_usd_bn"))


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
    c = contracts.select(date=as_date("announced"), company="company", kind=pl.lit("contract or offer"),
                         description="description", ceiling_usd_bn="ceiling_usd_bn", source_id="source_id")
    e = (events.filter(pl.col("event_type") == "government")
         .select(date=as_date("date"), company="company", kind=pl.lit("government action"),
                 description="description", ceiling_usd_bn=pl.lit(None, pl.Float64), source_id="source_id"))
    stance = (pl.when(pl.col("company") != company).then(pl.lit("rival"))
              .when(pl.col("description").str.contains(_LEGAL)).then(pl.lit("response or ruling"))
              .when(pl.col("description").str.contains(_AGAINST)).then(pl.lit(f"against {company}"))
              .otherwise(pl.lit(f"for {company}")))
    return (pl.concat([c, e]).filter(pl.col("date") >= pl.lit(day(since)),
                                     pl.col("company").is_in([company, "OpenAI"]))
            .with_columns(stance=stance).sort("date", "company")
            .select("date", "company", "kind", "stance", "description", "ceiling_usd_bn", "source_id"))


def growth_multiple(revenue: pl.DataFrame, company: str, start: str, end: str) -> float:
    """Run-rate at ``end`` divided by run-rate at ``start`` (dates as written in revenue.csv, preferred rows)."""
    pts = revenue_points(revenue).filter(pl.col("company") == company, pl.col("metric") == "run_rate")
    val = {d.strftime("%Y-%m"): v for d, v in pts.select("known_date", "value_usd_bn").iter_rows()}
    return val[end[:7]] / val[start[:7]]


# --------------------------------------------------------------------------- charts

#: readable names for the ``capital_type`` codes of funding_rounds.csv (legends and tooltips)
INSTRUMENTS = {"primary_equity": "equity", "convertible": "convertible note",
               "strategic_tranche": "strategic 'up to' tranche", "debt": "debt", "secondary": "secondary sale",
               "valuation_event": "valuation event", "ipo": "IPO"}


#: readable names for the denominators of :func:`round_multiples` and the providers of ai_investment.csv
DENOMINATORS = {"run_rate": "run-rate", "revenue": "full-year revenue"}
PROVIDERS = {"ai_index_quid": "AI Index", "cset": "CSET"}


def _years(field: str, title: str) -> alt.X:
    """A date x-axis labelled by year only (one tick per year, starting at a year's first day)."""
    return alt.X(field, title=title, axis=alt.Axis(format="%Y", tickCount="year"), scale=alt.Scale(nice="year"))


def _instrument() -> pl.Expr:
    """``capital_type`` as the reader's word for it (see :data:`INSTRUMENTS`)."""
    return pl.col("capital_type").replace(INSTRUMENTS)


def rounds_timeline_chart(frame: pl.DataFrame, company: str = "Anthropic"):
    """Every preferred financing row of ``company`` over time: amount (log), post-money (size), investor type (colour)."""
    rows = (frame.filter(pl.col("company") == company, pl.col("preferred"), pl.col("amount_usd_bn").is_not_null())
            .with_columns(date=as_date("announced"),
                          post=pl.col("post_money_usd_bn").fill_null(0.0),
                          leads=pl.col("lead_investors").fill_null("(not stated)"), capital_type=_instrument())
            .select("date", "round", "amount_usd_bn", "post_money_usd_bn", "post", "leads", "investor_type",
                    "capital_type"))
    sel = alt.selection_point(fields=["investor_type"], bind="legend")
    chart = alt.Chart(rows).mark_point(filled=True, stroke="#1f2933", strokeWidth=0.6).encode(
        x=_years("date:T", "Announced"),
        y=alt.Y("amount_usd_bn:Q", title="New money (billion USD, log scale)", scale=alt.Scale(type="log")),
        size=alt.Size("post:Q", title="Post-money (billion USD)", scale=alt.Scale(range=[60, 900]), legend=None),
        color=alt.Color("investor_type:N", title="Investor type", legend=alt.Legend(columns=1)),
        shape=alt.Shape("capital_type:N", title="Instrument", legend=alt.Legend(columns=1)),
        opacity=alt.condition(sel, alt.value(0.9), alt.value(0.15)),
        tooltip=[alt.Tooltip("round:N", title="Round"), alt.Tooltip("date:T", title="Announced"),
                 alt.Tooltip("amount_usd_bn:Q", title="Amount ($bn)", format=",.2f"),
                 alt.Tooltip("post_money_usd_bn:Q", title="Post-money ($bn)", format=",.1f"),
                 alt.Tooltip("leads:N", title="Leads"), alt.Tooltip("investor_type:N", title="Investor type"),
                 alt.Tooltip("capital_type:N", title="Instrument")],
    ).add_params(sel).properties(height=340)
    return charts.finish(
        chart, title=f"{company}: every round and tranche", source="funding_rounds.csv (preferred rows)",
        subtitle="Point size: post-money valuation. Click a legend entry to highlight",
        description=f"Scatter of {company}'s financing events by date; vertical position is the amount on a log "
                    "scale, point size the post-money valuation, colour the investor type.")


def cumulative_chart(paths: pl.DataFrame, companies: list[str], article_end: dt.date | str = reference.CUTOFF):
    """Cumulative new money as step lines per company, one counting rule at a time (a drop-down)."""
    counts = paths["count"].unique(maintain_order=True).to_list()
    pick = charts.dropdown("ch03_count", counts, "Count: ", value=counts[0])
    sel = alt.selection_point(fields=["company"], bind="legend")
    data = paths.with_columns(pl.col("date").cast(pl.String).alias("day"), capital_type=_instrument())
    base = alt.Chart(data).transform_filter(alt.datum.count == pick)
    lines = base.mark_line(interpolate="step-after", point=True).encode(
        x=_years("date:T", "Announced"),
        y=alt.Y("cumulative_usd_bn:Q", title="Cumulative new money (billion USD)"),
        color=alt.Color("company:N", title="Company", scale=charts.color_scale(companies)),
        opacity=alt.condition(sel, alt.value(1.0), alt.value(0.15)),
        tooltip=[alt.Tooltip("company:N", title="Company"), alt.Tooltip("round:N", title="Round"),
                 alt.Tooltip("day:N", title="Announced"),
                 alt.Tooltip("amount_usd_bn:Q", title="This row ($bn)", format=",.2f"),
                 alt.Tooltip("cumulative_usd_bn:Q", title="Cumulative ($bn)", format=",.1f"),
                 alt.Tooltip("capital_type:N", title="Instrument")],
    ).add_params(pick, sel)
    rule = alt.Chart(pl.DataFrame({"date": [day(article_end)], "label": ["end of 2025 (article)"]})).mark_rule(
        strokeDash=[4, 4], color="#52606d").encode(x="date:T", tooltip=[alt.Tooltip("label:N", title="Marker")])
    return charts.finish(
        alt.layer(lines, rule).properties(height=340),
        title="Cumulative capital: OpenAI, Anthropic, xAI",
        source="funding_rounds.csv via genchain.rounds",
        subtitle="Dashed line: end of 2025 (the essay's date)",
        description="Step lines of cumulative new money for OpenAI, Anthropic and xAI from 2019 to 2026 under a "
                    "chosen counting rule, with a dashed line at the end of 2025.")


def counts_chart(ranked: pl.DataFrame, companies: list[str]):
    """Money raised by each company under each counting rule (dots), with its rank in the tooltip."""
    sel = alt.selection_point(fields=["company"], bind="legend")
    data = ranked.filter(pl.col("company").is_in(companies))
    chart = alt.Chart(data).mark_point(size=130, filled=True).encode(
        y=alt.Y("count:N", title=None, sort=list(ranked["count"].unique(maintain_order=True)),
                axis=alt.Axis(labelLimit=240)),
        x=alt.X("raised_usd_bn:Q", title="New money counted (billion USD)"),
        color=alt.Color("company:N", title="Company", scale=charts.color_scale(companies),
                        legend=alt.Legend(columns=2)),
        opacity=alt.condition(sel, alt.value(1.0), alt.value(0.15)),
        tooltip=[alt.Tooltip("count:N", title="Counting rule"), alt.Tooltip("company:N", title="Company"),
                 alt.Tooltip("raised_usd_bn:Q", title="Raised ($bn)", format=",.1f"),
                 alt.Tooltip("rounds:Q", title="Rows counted"), alt.Tooltip("rank:Q", title="Rank among all companies")],
    ).add_params(sel).properties(height=260)
    return charts.finish(chart, title="How much, under which count?", source="funding_rounds.csv via genchain.rounds",
                         subtitle="Rank is among every company in the table",
                         description="Dot plot of the money raised by OpenAI, Anthropic, xAI and the next company "
                                     "under six counting rules.")


def multiples_chart(mult: pl.DataFrame, companies: list[str]):
    """Revenue multiple at each priced round (log), shape = run-rate or revenue, colour = company."""
    data = (mult.filter(pl.col("multiple").is_not_null(), pl.col("company").is_in(companies))
            .with_columns(denominator=pl.col("revenue_metric").replace(DENOMINATORS),
                          rev_day=pl.col("revenue_date").cast(pl.String)))
    sel = alt.selection_point(fields=["company"], bind="legend")
    chart = alt.Chart(data).mark_point(size=140, filled=True).encode(
        x=_years("date:T", "Round announced"),
        y=alt.Y("multiple:Q", title="Post-money / latest revenue figure (x, log)", scale=alt.Scale(type="log")),
        color=alt.Color("company:N", title="Company", scale=charts.color_scale(companies), legend=alt.Legend(columns=1)),
        shape=alt.Shape("denominator:N", title="Denominator", legend=alt.Legend(columns=1)),
        opacity=alt.condition(sel, alt.value(1.0), alt.value(0.15)),
        tooltip=[alt.Tooltip("company:N", title="Company"), alt.Tooltip("round:N", title="Round"),
                 alt.Tooltip("post_money_usd_bn:Q", title="Post-money ($bn)", format=",.1f"),
                 alt.Tooltip("denominator:N", title="Denominator"),
                 alt.Tooltip("revenue_usd_bn:Q", title="Revenue figure ($bn)", format=",.2f"),
                 alt.Tooltip("rev_day:N", title="Figure dated"),
                 alt.Tooltip("multiple:Q", title="Multiple (x)", format=",.1f")],
    ).add_params(sel).properties(height=320)
    return charts.finish(chart, title="Price per dollar of revenue",
                         source="funding_rounds.csv, revenue.csv (latest figure at or before each round)",
                         subtitle="Run-rate is not revenue: compare shapes with care",
                         description="Scatter of valuation-to-revenue multiples at each priced round of OpenAI, "
                                     "Anthropic and xAI, on a log scale, shaped by whether the denominator is a "
                                     "run-rate or a full-year revenue figure.")


def glue_chart(frame: pl.DataFrame, company: str = "Anthropic", last_round: str = "Series F",
               named: tuple[str, ...] = ("Series E", "Series F")):
    """Stacked bars: the named rounds alone, and everything raised up to ``last_round`` (with and without pledges)."""
    upto = through_round(frame, company, last_round)
    rows = pl.concat([
        frame.filter(pl.col("company") == company, pl.col("round").is_in(list(named)), pl.col("preferred"))
        .select("round", "amount_usd_bn", "capital_type").with_columns(bar=pl.lit(" + ".join(named)[:40] + " only")),
        upto.filter(pl.col("capital_type") != "strategic_tranche").select("round", "amount_usd_bn", "capital_type")
        .with_columns(bar=pl.lit(f"all up to {last_round}, no pledges")),
        upto.select("round", "amount_usd_bn", "capital_type").with_columns(bar=pl.lit(f"all up to {last_round}, with pledges")),
    ]).with_columns(capital_type=_instrument())
    totals = rows.group_by("bar", maintain_order=True).agg(total=pl.col("amount_usd_bn").sum())
    sel = alt.selection_point(fields=["capital_type"], bind="legend")
    bars = alt.Chart(rows).mark_bar(stroke="#ffffff", strokeWidth=0.8).encode(
        y=alt.Y("bar:N", title=None, sort=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("sum(amount_usd_bn):Q", title="Billion USD"),
        color=alt.Color("capital_type:N", title="Instrument", legend=alt.Legend(columns=2)),
        order=alt.Order("amount_usd_bn:Q", sort="descending"),
        opacity=alt.condition(sel, alt.value(1.0), alt.value(0.2)),
        tooltip=[alt.Tooltip("bar:N", title="Bar"), alt.Tooltip("round:N", title="Row"),
                 alt.Tooltip("amount_usd_bn:Q", title="Amount ($bn)", format=",.2f"),
                 alt.Tooltip("capital_type:N", title="Instrument")],
    ).add_params(sel)
    rule = alt.Chart(pl.DataFrame({"x": [30.0], "label": ["the article's 'over $30B'"]})).mark_rule(
        color="#D55E00", strokeDash=[5, 3], strokeWidth=2).encode(x="x:Q", tooltip=[alt.Tooltip("label:N", title="Marker")])
    label = alt.Chart(totals).mark_text(align="left", dx=6, fontSize=12, color="#1f2933").encode(
        y=alt.Y("bar:N", sort=None), x="total:Q", text=alt.Text("total:Q", format="$,.1f"))
    return charts.finish(alt.layer(bars, rule, label).properties(height=200),
                         title="What adds up to 'over $30B'?", source="funding_rounds.csv (preferred rows)",
                         subtitle="Dashed line: $30B; labels: each bar's total ($bn). Hover a segment for the round",
                         description=f"Three stacked bars: {company}'s {', '.join(named)} alone; every new-money row "
                                     f"up to {last_round} without strategic pledges; and with them; against a line at $30B.")


def commitments_chart(classified: pl.DataFrame, capital: float, company: str = "Anthropic"):
    """Dollar compute commitments of ``company`` by date and kind (ceilings hollow), with a rule at capital raised."""
    data = (classified.filter(pl.col("company") == company, pl.col("value_usd_bn").is_not_null())
            .with_columns(ceiling_txt=pl.when(pl.col("ceiling")).then(pl.lit("yes ('up to')")).otherwise(pl.lit("no")),
                          period=pl.when(pl.col("after_article")).then(pl.lit("after 2025")).otherwise(pl.lit("2023-2025")),
                          gw=pl.col("capacity_gw"), chips=pl.col("chips_or_units").fill_null(""))
            .select("date", "counterparty", "deal_type", "value_usd_bn", "kind", "ceiling_txt", "period", "gw", "chips"))
    sel = alt.selection_point(fields=["kind"], bind="legend")
    pts = alt.Chart(data).mark_point(size=160, filled=True).encode(
        x=_years("date:T", "Announced"),
        y=alt.Y("value_usd_bn:Q", title="Dollar value (billion USD)"),
        color=alt.Color("kind:N", title="Kind", legend=alt.Legend(columns=1)),
        shape=alt.Shape("period:N", title="Period", legend=alt.Legend(columns=1)),
        opacity=alt.condition(sel, alt.value(0.95), alt.value(0.15)),
        tooltip=[alt.Tooltip("counterparty:N", title="Counterparty"), alt.Tooltip("deal_type:N", title="Deal"),
                 alt.Tooltip("date:T", title="Announced"),
                 alt.Tooltip("value_usd_bn:Q", title="Value ($bn)", format=",.0f"), alt.Tooltip("kind:N", title="Kind"),
                 alt.Tooltip("ceiling_txt:N", title="Has an 'up to' figure?"), alt.Tooltip("gw:Q", title="Capacity (GW)"),
                 alt.Tooltip("chips:N", title="Chips")],
    ).add_params(sel)
    marker = pl.DataFrame({"y": [capital], "label": ["capital raised to end-2025 (with pledges)"],
                           "text": [f"capital raised to end-2025: ${capital:,.1f}B"]})
    rule = alt.Chart(marker).mark_rule(color="#52606d", strokeDash=[6, 3], strokeWidth=2).encode(
        y="y:Q", tooltip=[alt.Tooltip("label:N", title="Line"), alt.Tooltip("y:Q", title="$bn", format=",.1f")])
    rule_text = alt.Chart(marker).mark_text(align="left", baseline="bottom", dy=-4, color="#52606d", fontSize=11).encode(
        y="y:Q", x=alt.value(4), text="text:N")
    return charts.finish(alt.layer(pts, rule, rule_text).properties(height=330),
                         title=f"{company}: compute deals vs money raised",
                         source="compute_deals.csv, funding_rounds.csv",
                         subtitle="Dashed line: capital raised to end-2025",
                         description=f"Scatter of {company}'s compute and cloud deals by date and dollar value, coloured "
                                     "by kind (purchase commitment, own build plan, partner capex, projection), with a "
                                     "horizontal line at the capital raised to the end of 2025.")


def share_chart(points: pl.DataFrame, entities: list[str]):
    """Market-share estimates over time: colour = company, shape = measure (legend-selectable)."""
    data = points.filter(pl.col("entity").is_in(entities)).with_columns(day=pl.col("approx_date").cast(pl.String))
    sel = alt.selection_point(fields=["measure"], bind="legend")
    base = alt.Chart(data).encode(
        x=_years("approx_date:T", "Period (approximate date)"),
        y=alt.Y("share_pct:Q", title="Share (%)"),
        color=alt.Color("entity:N", title="Company", scale=charts.color_scale(entities), legend=alt.Legend(columns=1)),
        opacity=alt.condition(sel, alt.value(1.0), alt.value(0.12)))
    pts = base.mark_point(size=110, filled=True).encode(
        shape=alt.Shape("measure:N", title="Source: measure", legend=alt.Legend(columns=1, labelLimit=230)),
        tooltip=[alt.Tooltip("measure:N", title="Measure"), alt.Tooltip("segment:N", title="Segment"),
                 alt.Tooltip("period:N", title="Period as stated"),
                 alt.Tooltip("entity:N", title="Company"), alt.Tooltip("share_pct:Q", title="Share (%)", format=".1f")],
    ).add_params(sel)
    return charts.finish(pts.properties(height=330),
                         title=f"Market share: {data['source_org'].n_unique()} sources, "
                               f"{data['measure'].n_unique()} measures",
                         source="market_share.csv (Menlo Ventures, a16z, Ramp, Counterpoint as relayed)",
                         subtitle="Each point is one survey snapshot; click a measure to isolate it",
                         description="Scatter of Anthropic's, OpenAI's and Google's market shares from "
                                     "several surveys between 2023 and 2026; each source measures a different quantity.")


def government_chart(timeline: pl.DataFrame):
    """Government contracts and actions on a date axis, one lane per company, colour = stance."""
    data = timeline.with_columns(day=pl.col("date").cast(pl.String),
                                 text=pl.col("description").str.slice(0, 140))
    sel = alt.selection_point(fields=["stance"], bind="legend")
    chart = alt.Chart(data).mark_point(size=170, filled=True).encode(
        x=_years("date:T", "Date"),
        y=alt.Y("company:N", title=None),
        yOffset=alt.YOffset("kind:N"),
        color=alt.Color("stance:N", title="Stance", scale=alt.Scale(
            domain=["for Anthropic", "against Anthropic", "response or ruling", "rival"],
            range=["#009E73", "#D55E00", "#CC79A7", "#000000"]), legend=alt.Legend(columns=1)),
        shape=alt.Shape("kind:N", title="Row", legend=alt.Legend(columns=1)),
        opacity=alt.condition(sel, alt.value(0.9), alt.value(0.12)),
        tooltip=[alt.Tooltip("day:N", title="Date"), alt.Tooltip("company:N", title="Company"),
                 alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("stance:N", title="Stance"),
                 alt.Tooltip("text:N", title="What happened"),
                 alt.Tooltip("ceiling_usd_bn:Q", title="Ceiling ($bn)", format=",.1f")],
    ).add_params(sel).properties(height=220)
    return charts.finish(chart, title="US government and Anthropic, 2024-2026",
                         source="contracts.csv, events.csv",
                         subtitle="Hover a point; 2026 rows post-date the essay",
                         description="Timeline of US government contracts, offers and actions involving Anthropic "
                                     "and OpenAI from 2024 to mid-2026, coloured by whether the row was a gain or a "
                                     "setback for Anthropic.")


def benchmarks_chart(cmp: pl.DataFrame, company_label: str, amount: float):
    """National totals as dots on a log axis, with a rule at one company's amount."""
    data = cmp.with_columns(label=pl.col("geography") + " (" + pl.col("year").cast(pl.String) + ", "
                            + pl.col("provider").replace(PROVIDERS) + ")")
    bars = alt.Chart(data).mark_point(color="#0072B2", filled=True, size=150).encode(
        y=alt.Y("label:N", title=None, sort="x", axis=alt.Axis(labelLimit=220)),
        x=alt.X("amount_usd_bn:Q", title="Billion USD (log)", scale=alt.Scale(type="log")),
        tooltip=[alt.Tooltip("geography:N", title="Country"), alt.Tooltip("year:Q", title="Year"),
                 alt.Tooltip("provider:N", title="Provider"),
                 alt.Tooltip("amount_usd_bn:Q", title="Private AI investment ($bn)", format=",.2f"),
                 alt.Tooltip("ratio:Q", title=f"{company_label} / country", format=".2f")])
    rule = alt.Chart(pl.DataFrame({"x": [amount], "label": [company_label]})).mark_rule(
        color="#D55E00", strokeWidth=2.5).encode(x="x:Q", tooltip=[alt.Tooltip("label:N", title="Line"),
                                                                   alt.Tooltip("x:Q", title="$bn", format=",.2f")])
    return charts.finish(alt.layer(bars, rule).properties(height=230),
                         title="One company vs whole countries",
                         source="funding_rounds.csv; ai_investment.csv (AI Index, CSET)",
                         subtitle=f"Red line: {company_label}",
                         description=f"Bar chart of national private AI investment totals on a log scale with a "
                                     f"vertical line at {company_label}.")


# --------------------------------------------------------------------------- the what-if (kernel-free + live)

def what_if_rows(frame: pl.DataFrame, companies: list[str] = RIVALS) -> pl.DataFrame:
    """New-money rows (pledges and debt included) with flags and a decimal year ``t``, plus a zero row per company.

    Columns: company, round, day, t (year + fraction), amount_usd_bn, is_pledge, is_debt. The zero
    rows (t = 2019.0) keep every company on the chart when nothing of it is counted.
    """
    rows = (rounds.new_money(frame, include_debt=True, include_pledges=True)
            .filter(pl.col("company").is_in(companies))
            .select("company", "round", day=pl.col("date").cast(pl.String),
                    t=pl.col("date").dt.year() + (pl.col("date").dt.ordinal_day() - 1) / 365.0,
                    amount_usd_bn="amount_usd_bn",
                    is_pledge=pl.col("capital_type") == "strategic_tranche", is_debt=pl.col("capital_type") == "debt"))
    zero = pl.DataFrame({"company": companies, "round": ["(none)"] * len(companies), "day": ["2019-01-01"] * len(companies),
                         "t": [2019.0] * len(companies), "amount_usd_bn": [0.0] * len(companies),
                         "is_pledge": [False] * len(companies), "is_debt": [False] * len(companies)}, schema=rows.schema)
    return pl.concat([zero, rows])


WINDOWS = ["all years up to the cut-off", "12 months up to the cut-off"]
YES_NO = ["count them", "leave them out"]


def what_if_ranking(rows: pl.DataFrame, cutoff: float = 2026.0, window: str = WINDOWS[0],
                    pledges: str = YES_NO[0], debt: str = YES_NO[1]) -> pl.DataFrame:
    """The same filter as the kernel-free chart, in polars: company, raised_usd_bn, rank.

    Counts rows with ``t < cutoff`` (2026.0 = the end of 2025), within 12 months before it if the
    window says so, leaving out pledges and/or debt on request.
    """
    keep = pl.col("t") < cutoff
    if window == WINDOWS[1]:
        keep = keep & (pl.col("t") >= cutoff - 1)
    if pledges == YES_NO[1]:
        keep = keep & ~pl.col("is_pledge")
    if debt == YES_NO[1]:
        keep = keep & ~pl.col("is_debt")
    companies = rows["company"].unique(maintain_order=True)
    got = rows.filter(keep).group_by("company").agg(raised_usd_bn=pl.col("amount_usd_bn").sum())
    return (pl.DataFrame({"company": companies}).join(got, on="company", how="left")
            .with_columns(pl.col("raised_usd_bn").fill_null(0.0))
            .with_columns(rank=pl.col("raised_usd_bn").rank("min", descending=True).cast(pl.Int64))
            .sort("rank", "company"))


def ranking_bars(ranked: pl.DataFrame, title: str = "Who raised the most? (live panel)"):
    """Horizontal bars of a :func:`what_if_ranking` result, with the rank as a label."""
    companies = ranked["company"].to_list()
    order = [c for c in RIVALS if c in companies] + [c for c in companies if c not in RIVALS]
    base = alt.Chart(ranked).encode(
        y=alt.Y("company:N", title=None, sort=order),
        x=alt.X("raised_usd_bn:Q", title="New money counted (billion USD)"),
        tooltip=[alt.Tooltip("company:N", title="Company"), alt.Tooltip("raised_usd_bn:Q", title="$bn", format=",.1f"),
                 alt.Tooltip("rank:Q", title="Rank")])
    bars = base.mark_bar().encode(color=alt.Color("company:N", legend=None, scale=charts.color_scale(order)))
    text = base.mark_text(align="left", dx=4, color="#1f2933").encode(text=alt.Text("raised_usd_bn:Q", format=",.1f"))
    return charts.finish(alt.layer(bars, text).properties(height=160), title=title,
                         source="funding_rounds.csv via genchain.chapters.fundraising",
                         description="Bar chart of the new money counted for each company under the chosen rule.")


def what_if_chart(rows: pl.DataFrame):
    """Kernel-free what-if: a cut-off slider and three drop-downs re-rank OpenAI, Anthropic and xAI in the browser."""
    cutoff = charts.slider("ch03_cutoff", 2026.0, 2019.5, 2026.5, 0.25, "Cut-off (decimal year; 2026.0 = end of 2025) ")
    window = charts.dropdown("ch03_window", WINDOWS, "Window: ")
    pledges = charts.dropdown("ch03_pledges", YES_NO, "'Up to' pledges: ")
    debt = charts.dropdown("ch03_debt", YES_NO, "Debt: ", value=YES_NO[1])
    companies = rows["company"].unique(maintain_order=True).to_list()
    keep = ("datum.t < ch03_cutoff && (ch03_window == '" + WINDOWS[0] + "' || datum.t >= ch03_cutoff - 1)"
            " && (ch03_pledges == '" + YES_NO[0] + "' || !datum.is_pledge)"
            " && (ch03_debt == '" + YES_NO[0] + "' || !datum.is_debt)")
    base = (alt.Chart(rows).add_params(cutoff, window, pledges, debt)
            .transform_filter(keep)
            .transform_aggregate(raised="sum(amount_usd_bn)", rows="count()", groupby=["company"])
            .transform_window(rank="rank()", sort=[alt.SortField("raised", order="descending")])
            .transform_calculate(label="'#' + datum.rank + '  $' + format(datum.raised, ',.1f') + 'B'"))
    enc = dict(y=alt.Y("company:N", title=None, sort=companies),
               tooltip=[alt.Tooltip("company:N", title="Company"), alt.Tooltip("raised:Q", title="$bn", format=",.1f"),
                        alt.Tooltip("rank:Q", title="Rank"), alt.Tooltip("rows:Q", title="Rows counted (incl. a zero row)")])
    bars = base.mark_bar().encode(x=alt.X("raised:Q", title="New money counted (billion USD)"),
                                  color=alt.Color("company:N", legend=None, scale=charts.color_scale(companies)), **enc)
    text = base.mark_text(align="left", dx=4, color="#1f2933", fontSize=12).encode(
        x="raised:Q", text="label:N", **enc)
    return charts.finish(alt.layer(bars, text).properties(height=170),
                         title="Try it: who is second?",
                         source="funding_rounds.csv via genchain.chapters.fundraising",
                         subtitle="Move the cut-off; switch pledges, debt, window",
                         description="Bar chart of new money raised by OpenAI, Anthropic and xAI up to a cut-off date "
                                     "chosen with a slider, with drop-downs for strategic pledges, debt and a 12-month "
                                     "window; labels give each company's rank.")


def ranking_panel(frame: pl.DataFrame, companies: list[str] = RIVALS):
    """The live twin of :func:`what_if_chart`: a :class:`genchain.widgets.Panel` whose result is a bar chart.

    ``panel.result.data`` is the :func:`what_if_ranking` frame for the current controls.
    """
    from genchain import widgets

    rows = what_if_rows(frame, companies)

    def show(cutoff, window, pledges, debt):
        return ranking_bars(what_if_ranking(rows, cutoff, window, pledges, debt))

    return widgets.Panel(show, title="Who raised the most, under your count",
                         cutoff=widgets.slider(2026.0, 2019.5, 2026.5, 0.25, "Cut-off (decimal year)"),
                         window=widgets.choice(WINDOWS, "Window"),
                         pledges=widgets.choice(YES_NO, "'Up to' pledges"),
                         debt=widgets.choice(YES_NO, "Debt", value=YES_NO[1]))


def decimal_year(day: str) -> float:
    """'YYYY-MM-DD' -> year + (day of year - 1) / 365, the ``t`` of :func:`what_if_rows`."""
    d = dt.date.fromisoformat(day)
    return d.year + (d.timetuple().tm_yday - 1) / 365.0


# --------------------------------------------------------------------------- verdict rules of Chapter 3's claims

def verdict_c3_1(ranks: list[int], leaders: list[str]) -> str:
    """C3.1 "second only to OpenAI in 2025": the rule over the counting rules of :data:`COUNTS`.

    ``ranks`` is Anthropic's rank and ``leaders`` the first company under each count (same order).
    "supported" when Anthropic is second behind OpenAI under every count; "partly_supported" when
    under at least one; "not_supported" otherwise.

    >>> verdict_c3_1([2, 2], ["OpenAI", "OpenAI"]), verdict_c3_1([2, 3], ["OpenAI", "OpenAI"])
    ('supported', 'partly_supported')
    """
    second = [r == 2 and lead == "OpenAI" for r, lead in zip(ranks, leaders, strict=True)]
    if second and all(second):
        return "supported"
    return "partly_supported" if any(second) else "not_supported"


def verdict_c3_2(named_total: float, lifetime_total: float, lifetime_without_pledges: float,
                 lifetime_high: float | None = None, investors_shown: bool = False,
                 threshold: float = 30.0) -> str:
    """C3.2 "by its Series E and F Anthropic had raised more than $30B cumulatively (累計)" (billion USD).

    The reading tested (the claim ledger's rubric, rule 1): the cumulative total up to and including
    the last named round; ``named_total`` (E + F alone) is the other reading, reported, not graded.
    The number (rule 3) *holds* when the lifetime total exceeds ``threshold`` with and without pledges;
    it holds *approximately* when it exceeds it only on some count or at the top of a disputed row
    (``lifetime_high``), or misses it by less than a tenth on the book's count (``lifetime_total``).
    The investors part holds only if every named investor is shown in the rows up to that round
    (``investors_shown``). Compound (rule 2): "supported" when the number holds and the investors are
    shown; "partly_supported" when the number holds at least approximately; "not_supported" otherwise.
    """
    best = max(lifetime_total, lifetime_without_pledges, lifetime_high if lifetime_high is not None else float("-inf"))
    if min(lifetime_total, lifetime_without_pledges) > threshold:
        return "supported" if investors_shown else "partly_supported"
    if best > threshold or lifetime_total >= 0.9 * threshold:
        return "partly_supported"
    return "not_supported"


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


def verdict_c0_4(anthropic_second: bool, nation_scale: bool) -> str:
    """C0.4 "Anthropic second to OpenAI; Anduril draws nation-scale investment".

    ``nation_scale`` by the claim ledger's rubric (rule 5): Anduril's money in the year exceeds the
    annual private AI investment of at least one G7 economy (:data:`G7`) in one provider's country list,
    nominal dollars (:func:`nation_scale`). "supported" when Anthropic is second under every count
    (C3.1) and Anduril's money is nation-scale; "partly_supported" when only one half holds;
    "not_supported" when neither does.
    """
    if anthropic_second and nation_scale:
        return "supported"
    return "partly_supported" if anthropic_second or nation_scale else "not_supported"
