"""Chapter 3's fundraising numbers: how much capital companies raised, under which count, and at what price.

Amounts are billion USD throughout. Counting follows :mod:`genchain.rounds` (preferred rows only;
secondaries and valuation events never count; strategic "up to" pledges and debt only when asked).
This module adds:

* rankings of companies under several named counting rules (:data:`COUNTS`, :func:`rank_by_count`);
* totals "up to a round" versus "these rounds only" (:func:`through_round`, :func:`named_rounds_total`);
* revenue multiples at each priced round, each round matched to the latest revenue or run-rate
  known at or before its date (:func:`round_multiples`), with the kind of denominator kept;
* one company's money beside whole countries (:func:`versus_benchmarks`, :func:`nation_scale`);
* the numbers of the what-if (:func:`what_if_rows`, :func:`what_if_ranking`);
* the verdict rules of claims C3.1, C3.2 and C0.4.

Where the money goes and what safety wins (C3.3, C3.4) are in :mod:`genchain.chapters.commitments`;
the chapter's charts are in :mod:`genchain.figures.fundraising`.

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

import polars as pl

from genchain import reference, rounds
from genchain.data import day

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

#: revenue rows that lose a same-date conflict (company, date = the first day the row's date covers,
#: metric, source_id), with the reason
NOT_PREFERRED_REVENUE = {
    ("Anthropic", dt.date(2025, 1, 1), "run_rate", "co-ndtv-reuters-2025-01"): "WSJ estimate; the CFO's ~$1B is company-reported",
    ("Anthropic", dt.date(2026, 5, 1), "run_rate", "co-asiaict-2026-05"): "relay; $47B is closer to the company statement",
    ("xAI", dt.date(2025, 1, 1), "revenue", "co-aiherald-xai-2026-05"): "aggregator citing insiders",
    ("xAI", dt.date(2025, 1, 1), "revenue", "co-mostpopularai-xai-2026-05"): "aggregator, basis not stated",
}


#: readable names for the ``capital_type`` codes of funding_rounds.csv (tables, legends and tooltips)
INSTRUMENTS = {"primary_equity": "equity", "convertible": "convertible note",
               "strategic_tranche": "strategic 'up to' tranche", "debt": "debt", "secondary": "secondary sale",
               "valuation_event": "valuation event", "ipo": "IPO"}

#: readable names for the denominators of :func:`round_multiples` and the providers of ai_investment.csv
DENOMINATORS = {"run_rate": "run-rate", "revenue": "full-year revenue"}
PROVIDERS = {"ai_index_quid": "AI Index", "cset": "CSET"}


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
    until = hit["announced"][0]
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
            .with_columns(date=pl.col("announced"), leads=pl.col("lead_investors").str.to_lowercase()))
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
                       schema={"company": pl.String, "date": pl.Date, "metric": pl.String, "source_id": pl.String})
    full_year = (pl.col("metric") == "revenue") & pl.col("period").str.contains(r"^\d{4}$").fill_null(False)
    return (revenue.join(bad, on=["company", "date", "metric", "source_id"], how="anti")
            .filter((pl.col("metric") == "run_rate") | full_year)
            .with_columns(known_date=pl.when(full_year).then(pl.date(pl.col("period").cast(pl.Int32, strict=False), 12, 31))
                          .otherwise(pl.col("date")))
            .select("company", "known_date", "metric", "value_usd_bn", "source_id")
            .sort("company", "known_date"))


def round_multiples(frame: pl.DataFrame, revenue: pl.DataFrame, companies: list[str] | None = None) -> pl.DataFrame:
    """Each priced preferred row with the latest revenue or run-rate known at or before its date.

    Columns: company, date, round, capital_type, post_money_usd_bn, revenue_date, revenue_metric
    (``run_rate`` or ``revenue``), revenue_usd_bn, multiple (post-money / revenue, x), months_before
    (age of the revenue figure). A round with no earlier figure has a null multiple.
    """
    priced = (frame.filter(pl.col("preferred"), pl.col("post_money_usd_bn").is_not_null())
              .with_columns(date=pl.col("announced")))
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


# --------------------------------------------------------------------------- revenue growth

def growth_multiple(revenue: pl.DataFrame, company: str, start: dt.date | str, end: dt.date | str) -> float:
    """Run-rate in the month of ``end`` divided by run-rate in the month of ``start`` (preferred rows;
    a date or YYYY-MM[-DD] text, see :func:`genchain.data.day`)."""
    pts = (revenue_points(revenue).filter(pl.col("company") == company, pl.col("metric") == "run_rate")
           .with_columns(month=pl.col("known_date").dt.month_start()))
    at = lambda d: pts.filter(pl.col("month") == day(d).replace(day=1))["value_usd_bn"].item()
    return at(end) / at(start)


# --------------------------------------------------------------------------- the what-if's numbers

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


#: the what-if's choices: which months count, and whether a kind of money counts
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
