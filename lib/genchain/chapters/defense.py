"""Defence money: contract ceilings vs obligations, state vs venture money, and a small contract loop.

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

The loop model (:func:`contract_loop`) is a deterministic expected-value model over years::

    award_t    = win_rate * contract_size * (1 + capability_{t-1} / system_cost)
    revenue_t  = mean(award_{t-L+1} .. award_t)               (each award recognised evenly over L years)
    capability_t = (1 - obsolescence) * capability_{t-1} + reinvest_share * revenue_t + venture_t
    systems_t  = capability_t / system_cost

It is vectorised over scenarios (numpy arrays, one row per parameter set); the only loop is over years.

>>> p = contract_loop(win_rate=0.5, contract_size=1.0, reinvest_share=0.5, system_cost=1.0,
...                   recognition_years=1, obsolescence=0.0, start_year=2020, end_year=2021)
>>> p["award_usd_bn"].to_list()
[0.5, 0.625]
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from genchain import rounds
from genchain.data import as_date, day

__all__ = [
    "contract_values", "disclosure", "annual_money", "obligation_tallies", "defense_vc", "ai_budget_lines", "annual_revenue",
    "timeline", "lattice_evidence", "production_evidence", "series_check", "venture_by_year",
    "contract_loop", "loop_grid", "loop_gain", "fit", "best_fits", "loop_chart", "loop_panel", "growth",
    "valuation_chart", "revenue_chart", "timeline_chart", "contracts_chart", "money_chart", "vc_chart", "budget_chart",
    "whatif_chart", "loop_defaults", "production_before", "verdict_c4_1", "verdict_c4_2", "verdict_c4_3",
    "verdict_c4_4",
]

#: contract_type values that are not government awards (company capital plans)
NOT_AWARDS = ("company investment",)


def _precision(col: str) -> pl.Expr:
    n = pl.col(col).str.len_chars()
    return pl.when(n == 4).then(pl.lit("year")).when(n == 7).then(pl.lit("month")).otherwise(pl.lit("day"))


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
        date=as_date("announced"), year=as_date("announced").dt.year(), date_precision=_precision("announced"),
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
    """Dated events of ``company`` with ``when`` (first day covered), ``date_precision``
    (day / month / year: how much of the date the source gives) and a ``lattice`` flag."""
    return (events.filter(pl.col("company") == company)
            .with_columns(when=as_date("date"), date_precision=_precision("date"),
                          lattice=pl.col("description").str.contains("(?i)lattice"))
            .sort("when"))


def lattice_evidence(events: pl.DataFrame, contracts: pl.DataFrame, company: str = "Anduril") -> pl.DataFrame:
    """Rows of events and contracts that mention Lattice, with ``evidence``: what kind of statement each is.

    ``evidence``: ``purchase`` (a government contract row), ``company description`` (product news, profiles)
    or ``other``. No row is an independent test of fielded performance: that is the gap the chapter names.
    """
    ev = (timeline(events, company).filter(pl.col("lattice"))
          .select(date=pl.col("date"), what=pl.col("description"), source_id="source_id",
                  evidence=pl.when(pl.col("event_type") == "product").then(pl.lit("company description"))
                  .otherwise(pl.lit("other"))))
    co = (contracts.filter((pl.col("company") == company)
                           & (pl.col("description").str.contains("(?i)lattice") | pl.col("program").fill_null("").str.contains("(?i)lattice")))
          .select(date=pl.col("announced"), what=pl.col("program") + ": " + pl.col("description"),
                  source_id="source_id", evidence=pl.lit("purchase")))
    return pl.concat([ev, co]).sort("date")


_PRODUCTION = r"(?i)arsenal|mass-produc|production|factory|\b\d{3,}\b (?:interceptors|aircraft)"


def production_evidence(events: pl.DataFrame, contracts: pl.DataFrame, funding_rounds: pl.DataFrame,
                        company: str = "Anduril") -> pl.DataFrame:
    """Rows that tie money to production: events, contracts and rounds whose text mentions a factory,
    Arsenal, mass production or a production order, with ``table``, ``date``, ``what``, ``usd_bn``."""
    ev = (events.filter((pl.col("company") == company) & (pl.col("description") + " " + pl.col("note").fill_null("")).str.contains(_PRODUCTION))
          .select(table=pl.lit("events"), date="date", what="description",
                  usd_bn=pl.when(pl.col("unit").fill_null("").str.starts_with("USD bn")).then(pl.col("value")),
                  source_id="source_id"))
    co = (contracts.filter((pl.col("company") == company)
                           & (pl.col("description") + " " + pl.col("program").fill_null("") + " " + pl.col("contract_type").fill_null("")).str.contains(_PRODUCTION))
          .select(table=pl.lit("contracts"), date="announced", what=pl.col("program"),
                  usd_bn=pl.coalesce("obligated_usd_bn", "ceiling_usd_bn"), source_id="source_id"))
    fr = (funding_rounds.filter((pl.col("company") == company) & pl.col("preferred") & pl.col("note").fill_null("").str.contains(_PRODUCTION))
          .select(table=pl.lit("funding_rounds"), date="announced", what=pl.col("round") + ": " + pl.col("note"),
                  usd_bn="amount_usd_bn", source_id="source_id"))
    return pl.concat([ev, co, fr]).sort("date")


def series_check(funding_rounds: pl.DataFrame, company: str, round_name: str, amount_usd_bn: float,
                 valuation_above_usd_bn: float, tolerance: float = 0.1) -> dict:
    """Check "raised about X at a valuation above V" against one preferred round.

    Returns amount, post-money, pre-money (= post - amount), ``amount_ok`` (within ``tolerance``
    as a share of X), ``post_ok`` (post-money > V), ``pre_ok`` (pre-money > V) and ``verdict``
    (``supported`` if amount and post-money pass, ``not_supported`` otherwise).
    """
    row = funding_rounds.filter((pl.col("company") == company) & (pl.col("round") == round_name) & pl.col("preferred"))
    if row.height != 1:
        raise KeyError(f"expected one preferred {company} {round_name} row, found {row.height}")
    r = row.row(0, named=True)
    amount, post = r["amount_usd_bn"], r["post_money_usd_bn"]
    out = {"announced": r["announced"], "amount_usd_bn": amount, "post_money_usd_bn": post,
           "pre_money_usd_bn": post - amount,
           "amount_ok": abs(amount - amount_usd_bn) <= tolerance * amount_usd_bn,
           "post_ok": post > valuation_above_usd_bn, "pre_ok": post - amount > valuation_above_usd_bn}
    out["verdict"] = verdict_c4_1(amount, post, amount_usd_bn, valuation_above_usd_bn, tolerance)
    return out


def production_before(production: pl.DataFrame, year: int) -> pl.DataFrame:
    """The rows of :func:`production_evidence` dated in or before ``year`` (dates may be a year,
    a month or a day: :func:`genchain.data.as_date` reads each as the first day it covers)."""
    return production.filter(as_date("date").dt.year() <= year)


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
    the loop is shown only when the best loop-model fit *with* reinvestment beats the best fit
    without it by more than ``margin`` in log10 RMSE (0.1 in log10 is a
    factor of about 1.26 in the typical miss): then ``supported``; otherwise ``partly_supported`` (state money enters, the loop is
    not shown by the revenue path).

    >>> verdict_c4_4(3.6, 0.05, 0.04), verdict_c4_4(3.6, 0.30, 0.15), verdict_c4_4(0.0, 0.30, 0.15)
    ('partly_supported', 'supported', 'not_supported')
    """
    if not ceilings_usd_bn > 0:
        return "not_supported"
    return "supported" if no_loop_log_rmse - loop_log_rmse > margin else "partly_supported"


# ---------------------------------------------------------------- the contract loop model
def contract_loop(win_rate=0.3, contract_size=1.0, reinvest_share=0.3, system_cost=0.5,
                  recognition_years: int = 3, obsolescence: float = 0.2, start_year: int = 2019,
                  end_year: int = 2027, venture: pl.DataFrame | None = None,
                  capability0: float = 0.0) -> pl.DataFrame:
    """Run the contract loop for one or many parameter sets; one row per scenario and year.

    Parameters (scalars or equal-length 1-D arrays, one entry per scenario):

    * ``win_rate`` — share of competed contract value won (probability, 0-1);
    * ``contract_size`` — value of one competition, billion USD of awards;
    * ``reinvest_share`` — share of recognised revenue spent on R&D and production (0-1);
    * ``system_cost`` — billion USD of R&D/production capability per fielded system line; each
      line opens one more competition a year (one base competition even with none);
    * ``recognition_years`` — an award is booked as revenue evenly over this many years, starting
      in the award year;
    * ``obsolescence`` — share of the capability stock that loses its value each year;
    * ``venture`` — optional frame ``year, usd_bn`` of outside (venture) money added to capability
      in that year (e.g. :func:`venture_by_year`); ``capability0`` — stock before ``start_year``.

    Columns: scenario, year, award_usd_bn, revenue_usd_bn, reinvested_usd_bn, capability_usd_bn,
    systems, and the scenario's parameters. Deterministic: expected values, no random draws.
    """
    params = np.broadcast_arrays(*(np.atleast_1d(np.asarray(x, dtype=float))
                                   for x in (win_rate, contract_size, reinvest_share, system_cost, obsolescence)))
    w, c, s, k, d = params
    if np.any((w < 0) | (w > 1) | (s < 0) | (s > 1) | (d < 0) | (d > 1) | (k <= 0) | (c < 0)):
        raise ValueError("win_rate, reinvest_share, obsolescence must lie in [0, 1]; system_cost > 0; contract_size >= 0")
    if recognition_years < 1 or end_year < start_year:
        raise ValueError("recognition_years >= 1 and end_year >= start_year")
    years = np.arange(start_year, end_year + 1)
    n, t = w.size, years.size
    v = np.zeros(t)
    if venture is not None:
        vmap = dict(venture.select("year", "usd_bn").iter_rows())
        v = np.array([vmap.get(int(y), 0.0) or 0.0 for y in years])
    award, rev, reinv, cap = (np.zeros((n, t)) for _ in range(4))
    stock = np.full(n, float(capability0))
    for i in range(t):  # loop over years; every scenario moves at once
        award[:, i] = w * c * (1 + stock / k)
        rev[:, i] = award[:, max(0, i - recognition_years + 1):i + 1].sum(axis=1) / recognition_years
        reinv[:, i] = s * rev[:, i]
        stock = (1 - d) * stock + reinv[:, i] + v[i]
        cap[:, i] = stock
    return pl.DataFrame({
        "scenario": np.repeat(np.arange(n), t), "year": np.tile(years, n).astype(np.int32),
        "award_usd_bn": award.ravel(), "revenue_usd_bn": rev.ravel(), "reinvested_usd_bn": reinv.ravel(),
        "capability_usd_bn": cap.ravel(), "systems": (cap / k[:, None]).ravel(),
        "win_rate": np.repeat(w, t), "contract_size": np.repeat(c, t), "reinvest_share": np.repeat(s, t),
        "system_cost": np.repeat(k, t), "obsolescence": np.repeat(d, t),
    })


def loop_defaults() -> dict:
    """The default parameters of :func:`contract_loop` (read from its signature), for prose and sliders.

    >>> loop_defaults()["recognition_years"]
    3
    """
    import inspect

    return {k: p.default for k, p in inspect.signature(contract_loop).parameters.items()
            if p.default is not inspect.Parameter.empty and k not in ("venture", "capability0")}


def loop_gain(win_rate: float, contract_size: float, reinvest_share: float, system_cost: float,
              obsolescence: float) -> float:
    """Yearly growth rate of the capability stock from the loop alone, once it is large, when revenue is
    booked in the award year (``recognition_years=1``): reinvest_share * win_rate * contract_size /
    system_cost - obsolescence. Above 0 the loop feeds itself; below 0 it needs outside money."""
    return reinvest_share * win_rate * contract_size / system_cost - obsolescence


def loop_grid(win_rates, contract_sizes, reinvest_shares, **kw) -> pl.DataFrame:
    """:func:`contract_loop` over every combination of the three slider parameters (rows = combos x years)."""
    w, c, s = (a.ravel() for a in np.meshgrid(np.asarray(win_rates, float), np.asarray(contract_sizes, float),
                                              np.asarray(reinvest_shares, float), indexing="ij"))
    return contract_loop(win_rate=w, contract_size=c, reinvest_share=s, **kw)


def fit(path: pl.DataFrame, actual: pl.DataFrame) -> pl.DataFrame:
    """Per scenario: root-mean-square error of log10(model revenue / actual revenue) over the years with
    an actual figure (``actual``: year, value_usd_bn), and the number of years compared.
    0 is a perfect fit; 0.3 means a typical miss by a factor of 2 (10 ** 0.3)."""
    j = path.join(actual.select("year", actual_usd_bn="value_usd_bn"), on="year", how="inner")
    return (j.group_by("scenario", "win_rate", "contract_size", "reinvest_share")
            .agg(log_rmse=((pl.col("revenue_usd_bn") / pl.col("actual_usd_bn")).log10() ** 2).mean().sqrt(),
                 years=pl.len())
            .sort("log_rmse", "scenario"))


def best_fits(path: pl.DataFrame, actual: pl.DataFrame) -> pl.DataFrame:
    """The best-fitting scenario with no reinvestment (``reinvest_share == 0``) and with some (``> 0``):
    if both fit about equally well, the revenue path cannot tell whether the loop is there."""
    f = fit(path, actual).with_columns(loop=pl.when(pl.col("reinvest_share") > 0).then(pl.lit("with reinvestment"))
                                       .otherwise(pl.lit("no reinvestment")))
    return f.sort("log_rmse", "scenario").group_by("loop", maintain_order=True).first().sort("loop")


# ---------------------------------------------------------------- charts and the live panel
ACTUAL_COLORS = {"Anduril": "#D55E00", "Palantir": "#CC79A7", "model": "#0072B2"}


def loop_chart(path: pl.DataFrame, actual: pl.DataFrame, title: str = "The contract loop (live)"):
    """Model revenue path (line) against actual annual revenue points (``actual``: company, year,
    value_usd_bn, basis), through :func:`genchain.charts.finish`."""
    import altair as alt

    from genchain import charts

    model = alt.Chart(path.select("year", "revenue_usd_bn", "award_usd_bn", "systems")).mark_line(
        point=True, color=ACTUAL_COLORS["model"]).encode(
        x=alt.X("year:Q", title="Year", scale=alt.Scale(zero=False, nice=False, padding=12), axis=alt.Axis(format="d", tickMinStep=1)), y=alt.Y("revenue_usd_bn:Q", title="Revenue (USD bn)"),
        tooltip=["year", alt.Tooltip("revenue_usd_bn:Q", format=".2f", title="model revenue"),
                 alt.Tooltip("award_usd_bn:Q", format=".2f", title="expected awards"),
                 alt.Tooltip("systems:Q", format=".1f")])
    pts = alt.Chart(actual.select("company", "year", "value_usd_bn", "basis")).mark_point(size=90, filled=True).encode(
        x="year:Q", y="value_usd_bn:Q",
        color=alt.Color("company:N", scale=charts.color_scale(["Anduril", "Palantir"]), title="Reported"),
        shape=alt.Shape("basis:N", title="Basis", legend=alt.Legend(columns=1)),
        tooltip=["company", "year", alt.Tooltip("value_usd_bn:Q", format=".2f", title="USD bn"), "basis"])
    return _finish(model + pts, title=title, source="genchain.chapters.defense model; revenue.csv",
                         description="A blue line shows the loop model's revenue by year; dots show Anduril's and Palantir's reported revenue.")


def loop_panel(actual: pl.DataFrame | None = None, venture: pl.DataFrame | None = None):
    """A live :class:`genchain.widgets.Panel`: sliders for win rate, contract size and reinvestment share
    redraw :func:`loop_chart` (other parameters at their defaults). ``panel.result`` is the chart;
    ``panel.path`` the model frame behind it."""
    from genchain import data
    from genchain.widgets import Panel, slider

    if actual is None:
        actual = annual_revenue(data.load("revenue"), ["Anduril", "Palantir"])
    if venture is None:
        venture = venture_by_year(data.load("funding_rounds"), "Anduril")

    def draw(win_rate, contract_size, reinvest_share):
        panel.path = contract_loop(win_rate=win_rate, contract_size=contract_size,
                                   reinvest_share=reinvest_share, venture=venture)
        return loop_chart(panel.path, actual)

    panel = Panel.__new__(Panel)
    panel.path = None
    d = loop_defaults()
    Panel.__init__(panel, draw, title="Contract loop (live)",
                   win_rate=slider(d["win_rate"], 0.1, 0.6, 0.1, "Win rate"),
                   contract_size=slider(d["contract_size"], 0.25, 1.5, 0.25, "Contract size (USD bn)"),
                   reinvest_share=slider(d["reinvest_share"], 0.0, 0.6, 0.1, "Reinvested share"))
    return panel


# ---------------------------------------------------------------- chapter charts (all through charts.finish)
def _alt():
    import altair as alt

    from genchain import charts
    return alt, charts


def _finish(chart, **kw):
    """:func:`genchain.charts.finish` plus one-column legends (side-by-side bottom legends would
    otherwise squeeze the plot on a phone). JupyterLab's widget gets a fixed width from
    :func:`genchain.charts.render`, as every chart does."""
    from genchain import charts

    return charts.finish(chart, **kw).configure_legend(columns=1, direction="vertical")


def valuation_chart(steps: pl.DataFrame):
    """Post-money valuation at each priced round (log scale; point area = new money), from
    :func:`genchain.rounds.step_ups`, each point labelled with its round; hovering a point highlights it.

    Rounds are snapshots months or years apart, so no line joins them (a line would suggest a
    valuation known in between)."""
    alt, charts = _alt()
    hover = alt.selection_point(on="pointerover", nearest=True, fields=["round"], empty=False)
    frame = steps.select("date", "round", "amount_usd_bn", "post_money_usd_bn", "step_up",
                         size_usd_bn=pl.col("amount_usd_bn").fill_null(0.0),
                         disclosed=pl.when(pl.col("amount_usd_bn").is_null()).then(pl.lit("amount not disclosed"))
                         .otherwise(pl.lit("disclosed")),
                         label=pl.col("round").str.replace(r"^Series ", "").str.replace(r"^(\d{4}) round.*$", "${1}")
                         + pl.when(pl.col("amount_usd_bn").is_null()).then(pl.lit(" (amount not public)")).otherwise(pl.lit("")))
    base = alt.Chart(frame).encode(
        x=alt.X("date:T", title="Announced", scale=alt.Scale(padding=16), axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("post_money_usd_bn:Q", scale=alt.Scale(type="log", padding=16), title="Post-money valuation (USD bn, log)"),
        tooltip=["round", alt.Tooltip("date:T", format="%b %Y"),
                 alt.Tooltip("amount_usd_bn:Q", title="new money (USD bn)", format=".2f"),
                 alt.Tooltip("post_money_usd_bn:Q", title="post-money (USD bn)", format=".1f"),
                 alt.Tooltip("step_up:Q", title="step-up (x)", format=".2f"), "disclosed"])
    # labels up-left of each point (the next round is up-right); a round with no public amount is
    # drawn small and labelled to the right, so its longer label stays clear of the axis
    labels = (base.transform_filter("datum.disclosed == 'disclosed'")
              .mark_text(align="right", dx=-12, dy=-10, fontSize=12, color=charts.INK).encode(text="label:N")
              + base.transform_filter("datum.disclosed != 'disclosed'")
              .mark_text(align="left", dx=10, dy=4, fontSize=12, color=charts.INK).encode(text="label:N"))
    pts = base.mark_circle(color=charts.COLORS["Anduril"]).encode(
        size=alt.Size("size_usd_bn:Q", title="New money (USD bn)", scale=alt.Scale(range=[60, 700])),
        opacity=alt.condition(hover, alt.value(1), alt.value(0.7)),
        stroke=alt.condition(hover, alt.value(charts.INK), alt.value(None))).add_params(hover)
    return _finish(pts + labels, title="Anduril's valuation by round",
                         source="funding_rounds.csv (press reports)",
                         description=f"Post-money valuation at each priced round, from about {steps['post_money_usd_bn'].min():.0f} "
                                     f"to {steps['post_money_usd_bn'].max():.0f} billion dollars on a log scale; point size "
                                     "shows each round's new money; each point is labelled with its round (Series B, C, ...).")


def revenue_chart(annual: pl.DataFrame):
    """Annual revenue per company (points shaped by basis, reported years joined by a line);
    clicking a legend entry highlights a company."""
    alt, charts = _alt()
    names = sorted(annual["company"].unique().to_list())
    pick = alt.selection_point(fields=["company"], bind="legend")
    base = alt.Chart(annual.select("company", "year", "value_usd_bn", "basis")).encode(
        x=alt.X("year:Q", title="Fiscal year", scale=alt.Scale(zero=False, nice=False, padding=12), axis=alt.Axis(format="d", tickMinStep=1)), y=alt.Y("value_usd_bn:Q", title="Revenue (USD bn)"),
        color=alt.Color("company:N", scale=charts.color_scale(names), title="Company"),
        opacity=alt.condition(pick, alt.value(1), alt.value(0.15)),
        tooltip=["company", "year", alt.Tooltip("value_usd_bn:Q", title="USD bn", format=".2f"), "basis"])
    line = base.transform_filter("datum.basis != 'projection'").mark_line()
    pts = base.mark_point(size=90, filled=True).encode(shape=alt.Shape("basis:N", title="Basis", legend=alt.Legend(columns=1)))
    return _finish((line + pts).add_params(pick), title="Revenue: Anduril vs Palantir",
                         source="revenue.csv (filings; press reports)",
                         description="Annual revenue by company and year, one colour per company; the shape of each "
                                     "point says whether the figure is audited, company-reported or a projection.")


def timeline_chart(tl: pl.DataFrame):
    """Dated events by type; colour says how precise the date is; click the legend to highlight."""
    alt, charts = _alt()
    pick = alt.selection_point(fields=["date_precision"], bind="legend")
    frame = tl.select("when", "date", "event_type", "description", "date_precision", "source_id",
                      lattice=pl.when(pl.col("lattice")).then(pl.lit("mentions Lattice")).otherwise(pl.lit("does not")))
    first, last = tl["when"].min().year, tl["when"].max().year
    return _finish(alt.Chart(frame).mark_point(size=110, filled=True).encode(
        x=alt.X("when:T", title="Date (first day the source's date covers)", axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("event_type:N", title=None),
        color=alt.Color("date_precision:N", title="Date known to the", scale=alt.Scale(domain=["day", "month", "year"])),
        shape=alt.Shape("lattice:N", title="Lattice", scale=alt.Scale(domain=["mentions Lattice", "does not"])),
        opacity=alt.condition(pick, alt.value(0.95), alt.value(0.15)),
        tooltip=[alt.Tooltip("date:N", title="date as given"), "event_type", "description", "date_precision",
                 "source_id"]).add_params(pick).properties(height=240),
        title="Anduril: dated events",
        source="events.csv (press reports)",
        description=f"A timeline of Anduril events from {first} to {last} grouped by type; colour shows whether "
                    "the source gives the day, only the month, or only the year; the shape marks events that "
                    "mention Lattice.")


def contracts_chart(values: pl.DataFrame, floor: float = 0.02):
    """Each award's ceiling and stated obligation (log scale); awards with no public value sit on the
    bottom line at ``floor``. Legend-bound highlighting by measure."""
    alt, charts = _alt()
    awards = values.filter(pl.col("kind").is_in(["award", "state grant"]))
    long = pl.concat([
        awards.filter(pl.col("ceiling_usd_bn").is_not_null()).with_columns(measure=pl.lit("ceiling ('up to')"),
                                                                           usd_bn=pl.col("ceiling_usd_bn")),
        awards.filter(pl.col("obligated_usd_bn").is_not_null()).with_columns(measure=pl.lit("obligated"),
                                                                             usd_bn=pl.col("obligated_usd_bn")),
        awards.filter(pl.col("value_status") == "no value disclosed").with_columns(
            measure=pl.lit("no value disclosed"), usd_bn=pl.lit(None, pl.Float64)),
    ]).with_columns(plotted=pl.col("usd_bn").fill_null(floor), label=pl.col("company") + ": " + pl.col("program").fill_null(""))
    pick = alt.selection_point(fields=["measure"], bind="legend")
    n_ceiling, n_obligated, n_none = (long.filter(pl.col("measure") == m).height
                                      for m in ("ceiling ('up to')", "obligated", "no value disclosed"))
    return _finish(alt.Chart(long.select("date", "company", "agency", "label", "measure", "usd_bn", "plotted",
                                               "contract_type")).mark_point(size=100, filled=True).encode(
        x=alt.X("date:T", title="Announced", scale=alt.Scale(padding=12), axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("plotted:Q", scale=alt.Scale(type="log"), title="USD bn (log; bottom line = value not public)"),
        color=alt.Color("measure:N", title="What the figure is",
                        scale=alt.Scale(domain=["ceiling ('up to')", "obligated", "no value disclosed"],
                                        range=["#0072B2", "#009E73", "#999999"])),
        shape=alt.Shape("company:N", title="Company"),
        opacity=alt.condition(pick, alt.value(0.9), alt.value(0.1)),
        tooltip=["label", "agency", "contract_type", "measure", alt.Tooltip("date:T", format="%b %Y"),
                 alt.Tooltip("usd_bn:Q", title="USD bn", format=".3f")]).add_params(pick),
        title="Awards: ceilings vs obligations",
        source="contracts.csv (DoD, press reports)",
        description=f"Contract awards to Anduril and Palantir by date: {n_ceiling} carry an 'up to' ceiling, "
                    f"{n_obligated} state an obligated amount and {n_none} give no value at all.")


def money_chart(money: pl.DataFrame, tallies: pl.DataFrame):
    """Cumulative venture money and cumulative announced ceilings by year (lines, log scale) with the
    public obligation tallies as separate points; legend-bound highlighting."""
    alt, charts = _alt()
    t = tallies.select(year="year", route=pl.lit("public tally of obligations to date"),
                       cumulative_usd_bn="obligated_usd_bn", usd_bn="obligated_usd_bn", what="description")
    m = money.select("year", "route", "cumulative_usd_bn", "usd_bn", what=pl.lit("sum of the year's rows"))
    both = pl.concat([m, t], how="vertical_relaxed")
    colours = {"venture (new money)": "#D55E00", "government ceilings announced": "#0072B2",
               "government obligations stated": "#009E73", "public tally of obligations to date": "#000000"}
    present = set(both["route"])  # a route with no rows gets no legend entry
    domain = [r for r in colours if r in present]
    pick = alt.selection_point(fields=["route"], bind="legend")
    enc = dict(x=alt.X("year:Q", title="Year", scale=alt.Scale(zero=False, nice=False, padding=12), axis=alt.Axis(format="d", tickMinStep=1)),
               y=alt.Y("cumulative_usd_bn:Q", scale=alt.Scale(type="log"), title="Cumulative USD bn (log)"),
               color=alt.Color("route:N", title="Route", scale=alt.Scale(domain=domain,
                                                                         range=[colours[r] for r in domain])),
               opacity=alt.condition(pick, alt.value(1), alt.value(0.12)),
               tooltip=["route", "year", alt.Tooltip("usd_bn:Q", title="that year (USD bn)", format=".3f"),
                        alt.Tooltip("cumulative_usd_bn:Q", title="cumulative (USD bn)", format=".2f"), "what"])
    base = alt.Chart(both).encode(**enc)
    chart = (base.transform_filter("datum.route != 'public tally of obligations to date'").mark_line(interpolate="step-after")
             + base.mark_point(size=90, filled=True)).add_params(pick)
    return _finish(chart, title="Money into Anduril, by route",
                         source="funding_rounds.csv, contracts.csv",
                         description="Cumulative venture money into Anduril and cumulative announced contract ceilings by "
                                     "year, with two public tallies of obligated money shown as black points.")


def vc_chart(vc: pl.DataFrame):
    """Defence-tech VC per full year by provider (points; never joined across providers)."""
    alt, charts = _alt()
    full = vc.filter(pl.col("span") == "full year")
    pick = alt.selection_point(fields=["provider"], bind="legend")
    return _finish(alt.Chart(full.select("provider", "fiscal_year", "line_item", "value_usd_bn", "basis", "note"))
                         .mark_point(size=120, filled=True).encode(
        x=alt.X("fiscal_year:Q", title="Year", scale=alt.Scale(zero=False, nice=False, padding=12), axis=alt.Axis(format="d", tickMinStep=1)), y=alt.Y("value_usd_bn:Q", title="Defence-tech VC (USD bn)"),
        color=alt.Color("provider:N", title="Provider"), shape=alt.Shape("provider:N", title="Provider"),
        opacity=alt.condition(pick, alt.value(0.95), alt.value(0.12)),
        tooltip=["provider", "fiscal_year", "line_item", alt.Tooltip("value_usd_bn:Q", title="USD bn"), "note"])
        .add_params(pick),
        title="Defence-tech VC: three yardsticks",
        source="budgets.csv (as reported by providers)",
        description="Full-year defence-tech venture totals by data provider and year; PitchBook's broad dual-use "
                    "definition gives far larger totals than CB Insights' equity count or Crunchbase's narrow tag.")


def budget_chart(lines: pl.DataFrame):
    """US defence-AI budget lines by fiscal year and definition family (log scale); legend-bound highlight."""
    alt, charts = _alt()
    pick = alt.selection_point(fields=["family"], bind="legend")
    return _finish(alt.Chart(lines.select("fiscal_year", "period", "family", "line_item", "value_usd_bn", "basis"))
                         .mark_point(size=120, filled=True).encode(
        x=alt.X("fiscal_year:Q", title="Fiscal year", scale=alt.Scale(zero=False, nice=False, padding=12), axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("value_usd_bn:Q", scale=alt.Scale(type="log"), title="USD bn (log)"),
        color=alt.Color("family:N", title="Definition"),
        opacity=alt.condition(pick, alt.value(0.95), alt.value(0.12)),
        tooltip=["line_item", "period", "family", "basis", alt.Tooltip("value_usd_bn:Q", title="USD bn")])
        .add_params(pick),
        title="US defence-AI budget lines",
        source="budgets.csv (requests, as reported)",
        description="US defence AI and autonomy budget lines by fiscal year on a log scale, coloured by definition; "
                    "the narrow AI topline is small and flat while the autonomy lines are far larger and rising.")


def whatif_chart(grid: pl.DataFrame, actual: pl.DataFrame, y_max: float | None = None):
    """The kernel-free what-if: three sliders choose one scenario of ``grid`` (from :func:`loop_grid`);
    its revenue path is drawn against the ``actual`` points (company, year, value_usd_bn, basis).

    Each slider spans the values of ``grid`` and starts at :func:`loop_defaults`; the y axis
    reaches ``y_max`` (by default a tenth above the largest reported point)."""
    alt, charts = _alt()
    d = loop_defaults()

    def bind(name, column, label):
        values = sorted(grid[column].unique().to_list())
        step = round(float(np.min(np.diff(values))), 6) if len(values) > 1 else 1.0
        return charts.slider(name, d[column], values[0], values[-1], step, label)

    w = bind("win", "win_rate", "Win rate ")
    c = bind("size", "contract_size", "Contract size (USD bn) ")
    s = bind("reinvest", "reinvest_share", "Reinvested share ")
    y_max = y_max or 1.1 * float(actual["value_usd_bn"].max())
    g = grid.select("year", "win_rate", "contract_size", "reinvest_share",
                    pl.col("revenue_usd_bn").round(4), pl.col("award_usd_bn").round(4), pl.col("systems").round(2))
    model = (alt.Chart(g).transform_filter(
        "abs(datum.win_rate - win) < 1e-6 && abs(datum.contract_size - size) < 1e-6 "
        "&& abs(datum.reinvest_share - reinvest) < 1e-6")
        .mark_line(point=True, color="#0072B2", clip=True).encode(
        x=alt.X("year:Q", title="Year", scale=alt.Scale(zero=False, nice=False, padding=12), axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("revenue_usd_bn:Q", title="Revenue (USD bn)", scale=alt.Scale(domain=[0, y_max])),
        tooltip=["year", alt.Tooltip("revenue_usd_bn:Q", title="model revenue", format=".2f"),
                 alt.Tooltip("award_usd_bn:Q", title="expected awards", format=".2f"),
                 alt.Tooltip("systems:Q", title="system lines", format=".1f")])
        .add_params(w, c, s))
    names = sorted(actual["company"].unique().to_list())
    pts = alt.Chart(actual.select("company", "year", "value_usd_bn", "basis")).mark_point(
        size=90, filled=True, clip=True).encode(
        x="year:Q", y="value_usd_bn:Q", color=alt.Color("company:N", scale=charts.color_scale(names), title="Reported"),
        shape=alt.Shape("basis:N", title="Basis", legend=alt.Legend(columns=1)),
        tooltip=["company", "year", alt.Tooltip("value_usd_bn:Q", title="USD bn", format=".2f"), "basis"])
    return _finish(model + pts, title="What if: the contract loop",
                         source="genchain.chapters.defense model; revenue.csv",
                         description="A blue line shows the loop model's revenue path for the chosen win rate, contract "
                                     "size and reinvested share; dots show Anduril's and Palantir's reported revenue.")
