"""Defence money: contract ceilings vs obligations, state vs venture money, and the evidence for chapter 4's claims.

Works on ``data.load("contracts")``, ``data.load("budgets")``, ``data.load("revenue")``,
``data.load("events")`` and ``data.load("funding_rounds")``. Amounts are billion USD.

Three rules this module keeps apart, because the sources mix them up:

* a **ceiling** ("up to") is the most a government *may* order under a contract vehicle; it is not
  cash. An **obligation** is money legally committed to the company; few are public;
* **venture money** (priced rounds, counted by :mod:`genchain.rounds`) and **government money**
  (contract awards) reach a company by different routes and at different times;
* defence-tech VC totals depend on the data provider's taxonomy (PitchBook counts dual-use
  companies, Crunchbase "pure defence" is far narrower, CB Insights counts equity only): never
  put two providers on one line.

The contract loop model is :mod:`genchain.chapters.defense_loop`; the charts are :mod:`genchain.figures.defense`.

>>> verdict_c4_1(2.5, 30.5)
'supported'
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from genchain import rounds
from genchain.data import date_text, day

__all__ = [
    "contract_values", "disclosure", "annual_money", "obligation_tallies", "defense_vc", "ai_budget_lines", "annual_revenue",
    "timeline", "lattice_evidence", "production_evidence", "series_check", "venture_by_year", "growth",
    "production_before", "verdict_c4_1", "verdict_c4_2", "verdict_c4_3", "verdict_c4_4",
]

#: contract_type values that are not government awards (company capital plans)
NOT_AWARDS = ("company investment",)


def _as_given(date: str) -> dict[str, pl.Expr]:
    """``when`` (the first day covered), ``date_precision`` and ``date`` (the text as the source gives it)
    from a loaded date column and its precision column."""
    return {"when": pl.col(date), "date_precision": pl.col(f"{date}_precision"), "date": date_text(date)}


def _by_date(frame: pl.DataFrame) -> pl.DataFrame:
    """Sorted by ``when``, a year before a month before a day starting on the same day (as given: 2024, 2024-01, 2024-01-01)."""
    rank = pl.col("date_precision").replace_strict({"year": 0, "month": 1, "day": 2}, return_dtype=pl.Int8)
    return frame.sort(pl.col("when"), rank)


# ---------------------------------------------------------------- contracts: ceilings vs obligations
def contract_values(contracts: pl.DataFrame, companies: list[str] | None = None) -> pl.DataFrame:
    """One row per contract with ``date``, ``year``, ``kind`` and ``value_status``.

    ``kind``: ``aggregate`` (a tally of many awards, e.g. USASpending), ``company investment``
    (the company's own capital plan, not government money), ``state grant`` or ``award``.
    ``value_status``: ``ceiling and obligation``, ``ceiling only``, ``obligation only`` or
    ``no value disclosed``. Ceilings and obligations stay in separate columns (billion USD).
    """
    out = contracts if companies is None else contracts.filter(pl.col("company").is_in(companies))
    ceil, obl = pl.col("ceiling_usd_bn").is_not_null(), pl.col("obligated_usd_bn").is_not_null()
    ctype = pl.col("contract_type").fill_null("")
    return (out.with_columns(
        date=pl.col("announced"), year=pl.col("announced").dt.year(), date_precision=pl.col("announced_precision"),
        kind=pl.when(pl.col("program").fill_null("").str.starts_with("aggregate")).then(pl.lit("aggregate"))
        .when(ctype.is_in(NOT_AWARDS)).then(pl.lit("company investment"))
        .when(ctype.str.contains("grant")).then(pl.lit("state grant"))
        .otherwise(pl.lit("award")),
        value_status=pl.when(ceil & obl).then(pl.lit("ceiling and obligation"))
        .when(ceil).then(pl.lit("ceiling only")).when(obl).then(pl.lit("obligation only"))
        .otherwise(pl.lit("no value disclosed")))
        .sort("company", "date"))


def disclosure(contracts: pl.DataFrame, companies: list[str] | None = None,
               until: dt.date | str | None = None) -> pl.DataFrame:
    """Per company, over government awards only (aggregates and company investments left out):
    number of awards, how many state a ceiling, how many state an obligation, the sum of ceilings
    and the sum of stated obligations (billion USD). ``until`` (a date or YYYY-MM-DD) limits the dates.

    Summed ceilings are an upper bound of what *could* be ordered, and can double count vehicles
    that overlap; they are shown to compare orders of magnitude, never as revenue.
    """
    rows = contract_values(contracts, companies).filter(pl.col("kind").is_in(["award", "state grant"]))
    if until:
        rows = rows.filter(pl.col("date") <= pl.lit(day(until)))
    return (rows.group_by("company").agg(
        awards=pl.len(), with_ceiling=pl.col("ceiling_usd_bn").is_not_null().sum(),
        with_obligation=pl.col("obligated_usd_bn").is_not_null().sum(),
        ceilings_usd_bn=pl.col("ceiling_usd_bn").sum(), obligated_usd_bn=pl.col("obligated_usd_bn").sum())
        .sort("company"))


def venture_by_year(funding_rounds: pl.DataFrame, company: str) -> pl.DataFrame:
    """New venture money per calendar year for ``company`` (billion USD), by the book's counting rule
    (:func:`genchain.rounds.new_money`: preferred rows, no secondaries, undisclosed rounds left out)."""
    return (rounds.new_money(funding_rounds).filter(pl.col("company") == company)
            .group_by(year=pl.col("date").dt.year()).agg(usd_bn=pl.col("amount_usd_bn").sum()).sort("year"))


def annual_money(funding_rounds: pl.DataFrame, contracts: pl.DataFrame, company: str) -> pl.DataFrame:
    """Money reaching ``company`` per year by route, long format: year, route, usd_bn, items, cumulative_usd_bn.

    Routes: ``venture (new money)`` and ``government ceilings announced`` (awards and grants with a
    stated ceiling), plus ``government obligations stated`` for awards that state an obligated sum.
    Public tallies of obligations to date are not annual flows: see :func:`obligation_tallies`.
    Only venture money and obligations are cash; a ceiling is the most that may be ordered.
    """
    vc = venture_by_year(funding_rounds, company).with_columns(route=pl.lit("venture (new money)"),
                                                               items=pl.lit(None, pl.UInt32))
    c = contract_values(contracts, [company]).filter(pl.col("kind").is_in(["award", "state grant"]))
    ceil = (c.filter(pl.col("ceiling_usd_bn").is_not_null())
            .group_by("year").agg(usd_bn=pl.col("ceiling_usd_bn").sum(), items=pl.len())
            .with_columns(route=pl.lit("government ceilings announced")))
    obl = (c.filter(pl.col("obligated_usd_bn").is_not_null())
           .group_by("year").agg(usd_bn=pl.col("obligated_usd_bn").sum(), items=pl.len())
           .with_columns(route=pl.lit("government obligations stated")))
    cols = ["year", "route", "usd_bn", "items"]
    return (pl.concat([vc.select(cols), ceil.select(cols), obl.select(cols)], how="vertical_relaxed")
            .sort("route", "year").with_columns(cumulative_usd_bn=pl.col("usd_bn").cum_sum().over("route"))
            .sort("year", "route"))


def obligation_tallies(contracts: pl.DataFrame, company: str) -> pl.DataFrame:
    """Public tallies of money obligated to ``company`` to date (``program`` starting 'aggregate'):
    date, year, obligated_usd_bn, description, source_id. Different methods; never add them up."""
    return (contract_values(contracts, [company]).filter(pl.col("kind") == "aggregate")
            .select("date", "year", "obligated_usd_bn", "description", "source_id", "note"))


# ---------------------------------------------------------------- budgets and defence-tech VC
def defense_vc(budgets: pl.DataFrame) -> pl.DataFrame:
    """Defence-tech VC totals (``category == 'vc_investment'``) with ``provider`` (PitchBook, CB Insights,
    Crunchbase) and ``span``: ``full year``, ``part year`` or ``multi-year`` (never compare across spans)."""
    p = pl.col("period")
    return (budgets.filter(pl.col("category") == "vc_investment")
            .with_columns(provider=pl.col("line_item").str.extract(r"^(PitchBook|CB Insights|Crunchbase)"),
                          span=pl.when(p.str.contains(r"^\d{4}-\d{4}$")).then(pl.lit("multi-year"))
                          .when(p.str.contains(r"^\d{4}$")).then(pl.lit("full year"))
                          .otherwise(pl.lit("part year")))
            .select("provider", "fiscal_year", "period", "span", "line_item", "value_usd_bn", "basis",
                    "source_id", "note")
            .sort("provider", "fiscal_year", "period"))


#: definition families of US defence-AI budget lines; the first pattern that matches wins
BUDGET_FAMILIES = (
    ("components", r"Autonomy: (?:unmanned|maritime|ground|undersea|software)"),
    ("national total", r"National defense total"),
    ("narrow AI topline", r"Artificial intelligence \(topline\)|CDAO|RDT&E AI/ML"),
    ("broad AI tally", r"keyword|Programs related to AI"),
    ("autonomy", r"Autonomy|Autonomous|Replicator"),
    ("command and control", r"JADC2|Command and Control"),
    ("innovation", r"Innovation Unit"),
)


def ai_budget_lines(budgets: pl.DataFrame, keep_components: bool = False) -> pl.DataFrame:
    """US defence-AI budget lines (requests, tallies, initiatives) in USD bn, each with a ``family``.

    The families are definitions, not a time series: a narrow AI topline ($1.8B-type lines), a broad
    keyword tally of AI-related programmes, autonomy lines, command and control, innovation. The
    national-defence total and the components of the FY2026 autonomy line are dropped (set
    ``keep_components`` to keep the components).
    """
    fam = pl.lit("other")
    for name, pattern in reversed(BUDGET_FAMILIES):
        fam = pl.when(pl.col("line_item").str.contains(pattern)).then(pl.lit(name)).otherwise(fam)
    out = (budgets.filter((pl.col("country") == "United States")
                          & pl.col("category").is_in(["dod_budget", "dod_budget_keyword_estimate", "initiative", "program"]))
           .with_columns(family=fam).filter(pl.col("family") != "national total"))
    if not keep_components:
        out = out.filter(pl.col("family") != "components")
    return out.select("fiscal_year", "period", "family", "line_item", "value_usd_bn", "basis", "source_id", "note").sort(
        "fiscal_year", "value_usd_bn")


# ---------------------------------------------------------------- revenue, events, claims evidence
def annual_revenue(revenue: pl.DataFrame, companies: list[str], audited: tuple[str, ...] = ("Palantir",)) -> pl.DataFrame:
    """Full-year revenue (and full-year projections) per company: company, year, value_usd_bn, basis.

    Keeps rows whose ``period`` is a year (``2024``) or a fiscal year (``FY2024``); quarters and segments
    are dropped. ``basis``: ``audited filing`` for companies in ``audited`` (listed companies),
    ``company-reported (unaudited)`` for others, ``projection`` for projections.
    """
    return (revenue.filter(pl.col("company").is_in(companies)
                           & pl.col("period").str.contains(r"^(FY)?\d{4}$")
                           & pl.col("metric").is_in(["revenue", "projection"]))
            .with_columns(year=pl.col("period").str.extract(r"(\d{4})").cast(pl.Int32),
                          basis=pl.when(pl.col("metric") == "projection").then(pl.lit("projection"))
                          .when(pl.col("company").is_in(list(audited))).then(pl.lit("audited filing"))
                          .otherwise(pl.lit("company-reported (unaudited)")))
            .select("company", "year", "value_usd_bn", "basis", "source_id", "note").sort("company", "year", "basis"))


def growth(annual: pl.DataFrame) -> pl.DataFrame:
    """Year-on-year growth (x) of reported (non-projection) annual revenue per company."""
    return (annual.filter(pl.col("basis") != "projection").sort("company", "year")
            .with_columns(growth_x=pl.col("value_usd_bn") / pl.col("value_usd_bn").shift(1).over("company")))


def timeline(events: pl.DataFrame, company: str) -> pl.DataFrame:
    """Dated events of ``company`` with ``when`` (first day covered, a Date), ``date_precision``
    (day / month / year: how much of the date the source gives), ``date`` (the date as given, text)
    and a ``lattice`` flag."""
    return (events.filter(pl.col("company") == company)
            .with_columns(**_as_given("date"), lattice=pl.col("description").str.contains("(?i)lattice"))
            .sort("when"))


def lattice_evidence(events: pl.DataFrame, contracts: pl.DataFrame, company: str = "Anduril") -> pl.DataFrame:
    """Rows of events and contracts that mention Lattice, with ``evidence``: what kind of statement each is.

    Columns: date (as given, text), what, source_id, evidence, when (first day covered), date_precision.
    ``evidence``: ``purchase`` (a government contract row), ``company description`` (product news, profiles)
    or ``other``. No row is an independent test of fielded performance: that is the gap the chapter names.
    """
    ev = (timeline(events, company).filter(pl.col("lattice"))
          .select("date", what=pl.col("description"), source_id="source_id",
                  evidence=pl.when(pl.col("event_type") == "product").then(pl.lit("company description"))
                  .otherwise(pl.lit("other")), when="when", date_precision="date_precision"))
    co = (contracts.filter((pl.col("company") == company)
                           & (pl.col("description").str.contains("(?i)lattice") | pl.col("program").fill_null("").str.contains("(?i)lattice")))
          .select(date=date_text("announced"), what=pl.col("program") + ": " + pl.col("description"),
                  source_id="source_id", evidence=pl.lit("purchase"), when="announced",
                  date_precision="announced_precision"))
    return _by_date(pl.concat([ev, co]))


_PRODUCTION = r"(?i)arsenal|mass-produc|production|factory|\b\d{3,}\b (?:interceptors|aircraft)"


def production_evidence(events: pl.DataFrame, contracts: pl.DataFrame, funding_rounds: pl.DataFrame,
                        company: str = "Anduril") -> pl.DataFrame:
    """Rows that tie money to production: events, contracts and rounds whose text mentions a factory,
    Arsenal, mass production or a production order, with ``table``, ``date`` (as given, text), ``what``,
    ``usd_bn``, ``source_id``, ``when`` (first day covered) and ``date_precision``."""
    ev = (events.filter((pl.col("company") == company) & (pl.col("description") + " " + pl.col("note").fill_null("")).str.contains(_PRODUCTION))
          .select(table=pl.lit("events"), date=date_text("date"), what="description",
                  usd_bn=pl.when(pl.col("unit").fill_null("").str.starts_with("USD bn")).then(pl.col("value")),
                  source_id="source_id", when="date", date_precision="date_precision"))
    co = (contracts.filter((pl.col("company") == company)
                           & (pl.col("description") + " " + pl.col("program").fill_null("") + " " + pl.col("contract_type").fill_null("")).str.contains(_PRODUCTION))
          .select(table=pl.lit("contracts"), date=date_text("announced"), what=pl.col("program"),
                  usd_bn=pl.coalesce("obligated_usd_bn", "ceiling_usd_bn"), source_id="source_id",
                  when="announced", date_precision="announced_precision"))
    fr = (funding_rounds.filter((pl.col("company") == company) & pl.col("preferred") & pl.col("note").fill_null("").str.contains(_PRODUCTION))
          .select(table=pl.lit("funding_rounds"), date=date_text("announced"), what=pl.col("round") + ": " + pl.col("note"),
                  usd_bn="amount_usd_bn", source_id="source_id", when="announced",
                  date_precision="announced_precision"))
    return _by_date(pl.concat([ev, co, fr]))


def series_check(funding_rounds: pl.DataFrame, company: str, round_name: str, amount_usd_bn: float,
                 valuation_above_usd_bn: float, tolerance: float = 0.1) -> dict:
    """Check "raised about X at a valuation above V" against one preferred round.

    Returns announced (the date as given, text), amount, post-money, pre-money (= post - amount), ``amount_ok`` (within ``tolerance``
    as a share of X), ``post_ok`` (post-money > V), ``pre_ok`` (pre-money > V) and ``verdict``
    (``supported`` if amount and post-money pass, ``not_supported`` otherwise).
    """
    row = funding_rounds.filter((pl.col("company") == company) & (pl.col("round") == round_name) & pl.col("preferred"))
    if row.height != 1:
        raise KeyError(f"expected one preferred {company} {round_name} row, found {row.height}")
    r = row.with_columns(announced=date_text("announced")).row(0, named=True)
    amount, post = r["amount_usd_bn"], r["post_money_usd_bn"]
    out = {"announced": r["announced"], "amount_usd_bn": amount, "post_money_usd_bn": post,
           "pre_money_usd_bn": post - amount,
           "amount_ok": abs(amount - amount_usd_bn) <= tolerance * amount_usd_bn,
           "post_ok": post > valuation_above_usd_bn, "pre_ok": post - amount > valuation_above_usd_bn}
    out["verdict"] = verdict_c4_1(amount, post, amount_usd_bn, valuation_above_usd_bn, tolerance)
    return out


def production_before(production: pl.DataFrame, year: int) -> pl.DataFrame:
    """The rows of :func:`production_evidence` dated in or before ``year`` (by ``when``, the first day
    a year, month or day covers)."""
    return production.filter(pl.col("when").dt.year() <= year)


# ---------------------------------------------------------------- the chapter's verdict rules
def verdict_c4_1(amount_usd_bn: float, post_money_usd_bn: float, claimed_amount_usd_bn: float = 2.5,
                 claimed_valuation_usd_bn: float = 30.0, tolerance: float = 0.1) -> str:
    """C4.1 "raised about USD 2.5B at a valuation above USD 30B", against one round.

    Rule: ``supported`` if the round's new money is within ``tolerance`` (a share, 10 %) of the
    claimed amount *and* its post-money valuation is above the claimed valuation; otherwise
    ``not_supported``. "Valuation" is read as post-money (the usual press figure, new money included).

    >>> verdict_c4_1(2.5, 30.5), verdict_c4_1(2.5, 29.0)
    ('supported', 'not_supported')
    """
    amount_ok = abs(amount_usd_bn - claimed_amount_usd_bn) <= tolerance * claimed_amount_usd_bn
    return "supported" if amount_ok and post_money_usd_bn > claimed_valuation_usd_bn else "not_supported"


def verdict_c4_2(descriptions: int, purchases: int) -> str:
    """C4.2 "Lattice ties drones, sensors and robots into an AI command system for the battlefield".

    Rule: ``partly_supported`` if there is at least one dated description of Lattice as that layer
    *and* at least one government purchase naming it (design intent and buyers paying to try it);
    otherwise ``untestable``. Never ``supported``: no public source evaluates how well it integrates
    forces in combat, and the public tables hold no such evaluation to count.

    >>> verdict_c4_2(5, 4), verdict_c4_2(5, 0), verdict_c4_2(0, 4)
    ('partly_supported', 'untestable', 'untestable')
    """
    return "partly_supported" if descriptions > 0 and purchases > 0 else "untestable"


def verdict_c4_3(production_rows: int) -> str:
    """C4.3 "Anduril's money goes into producing deployable AI systems at scale, speeding up military
    technology", judged on the rows up to the essay's year that tie money to production.

    Rule: ``partly_supported`` if at least one such row exists (money raised or committed for
    factories and production orders); ``not_supported`` if none. Never ``supported``: "speeding up
    military technology" has no agreed measure, and spending splits and unit volumes are not public.

    >>> verdict_c4_3(4), verdict_c4_3(0)
    ('partly_supported', 'not_supported')
    """
    return "partly_supported" if production_rows > 0 else "not_supported"


def verdict_c4_4(ceilings_usd_bn: float, no_loop_log_rmse: float, loop_log_rmse: float,
                 margin: float = 0.1) -> str:
    """C4.4 "contracts close a loop of contract, revenue, reinvestment and new weapons, so state budgets
    as well as venture money feed the chain".

    Rule: state money must enter (announced ceilings above 0), else ``not_supported``. If it does,
    the loop is shown only when the best fit of the loop model (:mod:`genchain.chapters.defense_loop`)
    *with* reinvestment beats the best fit without it by more than ``margin`` in log10 RMSE (0.1 in
    log10 is a factor of about 1.26 in the typical miss): then ``supported``; otherwise
    ``partly_supported`` (state money enters, the loop is not shown by the revenue path).

    >>> verdict_c4_4(3.6, 0.05, 0.04), verdict_c4_4(3.6, 0.30, 0.15), verdict_c4_4(0.0, 0.30, 0.15)
    ('partly_supported', 'supported', 'not_supported')
    """
    if not ceilings_usd_bn > 0:
        return "not_supported"
    return "supported" if no_loop_log_rmse - loop_log_rmse > margin else "partly_supported"
