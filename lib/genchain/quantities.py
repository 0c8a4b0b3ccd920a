"""One function per quantity the book prints on more than one page, each with an explicit as-of date.

A page never recomputes a shared quantity: it calls the function here and prints what comes back.
Every number returned is a keyed :class:`genchain.present.Number` (``key = "name@YYYY-MM-DD"``),
so the site build logs where it is shown and ``tests/test_quantities_site.py`` fails when two
pages print one quantity two ways. The as-of date is part of the key: the largest US site at the
end of 2025 and in Epoch's 2026 snapshot are two quantities, and a page says which one it shows.

Rules chosen once, here, for quantities that pages used to compute differently:

* **An actor's largest cluster** is the largest operational site whose name, owner *or* listed
  users (Epoch's "Users" note) name the actor. Labs rent: OpenAI trains on Microsoft's and
  Oracle's sites and Anthropic on Amazon's Project Rainier, so an owner-only rule would give
  Anthropic no cluster at all and OpenAI only a small share of what it trains on. The compute
  link of the chain is compute an actor can train on, not property.
* **Compute commitments** are a lab's own dollar obligations for compute at their stated
  (headline, often "up to") values: purchase commitments, cloud contracts, leases and its own
  build plans. Left out: aggregate rows that restate other rows, projections, a partner's own
  capex, a supplier's investment and joint-venture programmes (see :data:`NOT_COMMITMENTS`).
* **Capital raised** is :func:`genchain.rounds.raised`: new money only; "up to" pledges folded
  into a later priced round are not counted twice (see :func:`genchain.rounds.new_money`).
* **The capital behind a frontier run** has two values, named apart: at the chain's central
  assumptions (:func:`frontier_run_capital`), and the median of 2,000 draws of the assumptions
  within their sourced ranges (:func:`frontier_run_capital_bands`).

>>> largest_site("United States", "2025-12-31").h100e
531,161
>>> largest_site("United States", "2025-12-31").h100e.key
'largest-us-site-h100e@2025-12-31'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import polars as pl

from genchain import chain, data, rounds
from genchain.present import Number, num

__all__ = ["Site", "largest_site", "actor_largest_cluster", "compute_commitments", "capital_raised",
           "frontier_run_capital", "frontier_run_capital_bands", "capital_for_flop", "chinese_models_by_chip",
           "japan_startup_funding_usd_bn", "japan_ai_share_cset_pct", "us_share_crunchbase_pct", "dod_ai_topline_usd_bn", "raised_through_round", "named_rounds_usd_bn",
           "NOT_COMMITMENTS", "key", "as_date", "KEYS"]

#: the key names this module makes (before ``:qualifiers@date``), for readers of the build's log
KEYS = ("largest-{country}-site-h100e", "largest-cluster-h100e", "compute-commitments-usd-bn",
        "capital-raised-usd-bn", "capital-for-run-usd-bn", "frontier-run-capital-usd-bn",
        "frontier-run-capital-q05/q50/q95-usd-bn", "frontier-run-cost-usd-bn", "frontier-run-cost-q05/q50/q95-usd-bn",
        "chinese-models-recorded-hardware", "chinese-models-us-chips-only", "chinese-models-chinese-chips-only",
        "chinese-models-mixed-chips", "japan-startup-funding-usd-bn", "japan-startup-funding-jpy-bn",
        "japan-startup-funding-yen-per-usd", "japan-ai-share-cset-pct", "us-share-crunchbase-pct",
        "dod-ai-topline-usd-bn")

_SHORT = {"United States": "us", "China": "china", "Japan": "japan"}

#: compute-deal types that are not the lab's own obligation for compute (sums leave them out)
NOT_COMMITMENTS = ("aggregate commitments", "compute budget projection", "joint-venture infrastructure program",
                   "investment plus systems supply", "dedicated cluster (AWS capex)")


def as_date(as_of: dt.date | str) -> dt.date:
    """``as_of`` as a date ("2025-12-31" or a ``datetime.date``): :func:`genchain.data.day`."""
    return data.day(as_of)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def key(name: str, as_of: dt.date | str, *qualifiers: str) -> str:
    """The key of a quantity: ``name[:qualifier...]@YYYY-MM-DD``.

    >>> key("capital-raised-usd-bn", "2025-12-31", "OpenAI")
    'capital-raised-usd-bn:openai@2025-12-31'
    """
    parts = [name] + [_slug(q) for q in qualifiers if q]
    return ":".join(parts) + "@" + as_date(as_of).isoformat()


@dataclass(frozen=True)
class Site:
    """One cluster as the book cites it: its name, owner, the year of its estimate and its size."""

    name: str
    owner: str
    year: int
    h100e: Number  #: H100-equivalents (Epoch AI's estimate), keyed
    source_id: str


def _operational(as_of: dt.date | str) -> pl.DataFrame:
    """Operational clusters with an H100e estimate dated by ``as_of`` (clusters carry a year only,
    so a date counts every estimate of its year); the latest estimate of each named site."""
    year = as_date(as_of).year
    return (data.load("clusters")
            .filter((pl.col("status") == "operational") & (pl.col("year") <= year)
                    & pl.col("h100_equivalents").is_not_null())
            .sort("year", descending=True).unique("name", keep="first", maintain_order=True)
            .with_columns(users=pl.col("note").str.extract(r"Users[^:]*: ([^.]*)").fill_null(""))
            .sort(["h100_equivalents", "name"], descending=[True, False]))


def _site(row: dict, k: str) -> Site:
    return Site(row["name"], row["owner"], row["year"], num(row["h100_equivalents"], 0, key=k), row["source_id"])


def largest_site(country: str, as_of: dt.date | str) -> Site:
    """The largest operational AI site of ``country`` (H100-equivalents) in the estimates dated by ``as_of``.

    ``clusters.csv`` dates an estimate by year (Epoch's December 2025 copy is 2025, its mid/late-2026
    pull is 2026), so ``as_of`` counts every estimate of its year. Key ``largest-<country>-site-h100e``.
    """
    ops = _operational(as_of).filter(pl.col("country") == country)
    if ops.height == 0:
        raise LookupError(f"no operational site of {country} with an H100e estimate by {as_of}")
    name = f"largest-{_SHORT.get(country, _slug(country))}-site-h100e"
    return _site(ops.row(0, named=True), key(name, as_of))


def cluster_matches(frame: pl.DataFrame, pattern: str, literal: bool = False) -> pl.Expr:
    """Rows whose name, owner or listed users match ``pattern`` (the book's one rule for an actor's clusters)."""
    hay = pl.concat_str("name", "owner", pl.col("users").fill_null(""), separator=" ")
    return hay.str.contains(pattern, literal=literal)


def actor_largest_cluster(actor: str, pattern: str, as_of: dt.date | str, literal: bool = False) -> Site | None:
    """The largest operational site an actor trains on: name, owner or Epoch's listed users match ``pattern``.

    None when no site matches. Key ``largest-cluster-h100e:<actor>``.
    """
    ops = _operational(as_of)
    hit = ops.filter(cluster_matches(ops, pattern, literal))
    if hit.height == 0:
        return None
    return _site(hit.row(0, named=True), key("largest-cluster-h100e", as_of, actor))


def commitment_rows(deals: pl.DataFrame | None = None) -> pl.DataFrame:
    """Compute deals that count as a lab's own commitment (stated value, not in :data:`NOT_COMMITMENTS`)."""
    d = data.load("compute_deals") if deals is None else deals
    return (d.filter(~pl.col("deal_type").is_in(NOT_COMMITMENTS) & pl.col("value_usd_bn").is_not_null())
            .with_columns(date=pl.col("announced")))


def compute_commitments(company: str, as_of: dt.date | str, since: dt.date | str | None = None) -> Number:
    """A lab's compute commitments announced by ``as_of`` (and from ``since``, if given), billion USD.

    Stated (headline, multi-year, often "up to") values of purchase commitments, cloud contracts,
    leases and the lab's own build plans; see :data:`NOT_COMMITMENTS` for what is left out. A sum,
    not cash. Key ``compute-commitments-usd-bn:<company>[:since-<date>]``.
    """
    rows = commitment_rows().filter((pl.col("company") == company) & (pl.col("date") <= as_date(as_of)))
    if since is not None:
        rows = rows.filter(pl.col("date") >= as_date(since))
    extra = f"since-{as_date(since).isoformat()}" if since is not None else ""
    return num(float(rows["value_usd_bn"].sum()), 0, key=key("compute-commitments-usd-bn", as_of, company, extra))


def capital_raised(company: str, as_of: dt.date | str, pledges: bool = True,
                   since: dt.date | str | None = None, digits: int = 1) -> Number:
    """New money ``company`` raised by ``as_of`` (from ``since``, if given), billion USD.

    The book's one counting rule (:func:`genchain.rounds.raised`): preferred rows, no secondary
    sales or valuation events, debt left out; "up to" strategic pledges counted when ``pledges``,
    once (a pledge folded into a later round is not added again). Key
    ``capital-raised-usd-bn:<company>[:no-pledges][:since-<date>]``.
    """
    kw = {"until": as_date(as_of).isoformat(), "include_pledges": pledges}
    if since is not None:
        kw["since"] = as_date(since).isoformat()
    got = rounds.raised(data.load("funding_rounds"), **kw).filter(pl.col("company") == company)
    value = float(got["raised_usd_bn"].sum()) if got.height else 0.0
    quals = ["" if pledges else "no-pledges", f"since-{as_date(since).isoformat()}" if since is not None else ""]
    return num(value, digits, key=key("capital-raised-usd-bn", as_of, company, *quals))


def _largest_run(as_of: dt.date | str) -> dict:
    year = as_date(as_of).year
    m = (data.load("models").filter((pl.col("released").dt.year() == year)
                                    & (pl.col("released") <= as_date(as_of))
                                    & pl.col("training_flop").is_not_null())
         .sort(["training_flop", "model"], descending=[True, False]))
    return m.row(0, named=True)


def frontier_run_capital(as_of: dt.date | str, a: chain.Assumptions = chain.Assumptions()) -> dict:
    """The year's largest training run released by ``as_of`` and the capital behind it at the chain's assumptions ``a``.

    Returns ``model`` (str), ``flop`` (float), ``run_usd_bn`` (rental price of the final run) and
    ``capital_usd_bn`` (:func:`genchain.chain.capital_for_flop`), billion USD, keyed
    ``frontier-run-capital-usd-bn`` (at the central assumptions; another ``a`` gets no key).
    """
    run = _largest_run(as_of)
    central = a == chain.Assumptions()
    k = key("frontier-run-capital-usd-bn", as_of) if central else None
    return {"model": run["model"], "flop": run["training_flop"],
            "run_usd_bn": num(chain.run_cost_usd_bn(run["training_flop"], a), 2,
                              key=key("frontier-run-cost-usd-bn", as_of) if central else None),
            "capital_usd_bn": num(chain.capital_for_flop(run["training_flop"], a), 1, key=k)}


def capital_for_flop(flop: float, as_of: dt.date | str, a: chain.Assumptions = chain.Assumptions()) -> Number:
    """Capital (billion USD) the chain needs behind a run of ``flop`` FLOP (:func:`genchain.chain.capital_for_flop`).

    ``as_of`` dates the assumptions' sources (prices and shares of 2025 for the book's central ones);
    keyed ``capital-for-run-usd-bn:<flop>`` at the central assumptions only.
    """
    k = key("capital-for-run-usd-bn", as_of, f"{flop:.0e}".replace("+", "")) if a == chain.Assumptions() else None
    return num(chain.capital_for_flop(flop, a), 1, key=k)


def frontier_run_capital_bands(as_of: dt.date | str) -> dict:
    """The capital behind the year's largest run when the chain's assumptions are drawn 2,000 times
    within their sourced ranges (:func:`genchain.chapters.redesign.capital_bands`), billion USD.

    Returns ``model``, ``q05``, ``q50``, ``q95`` (capital) and ``run_q05``/``run_q50``/``run_q95``
    (final run), keyed ``frontier-run-capital-q50-usd-bn`` etc. The median is not the value at the
    central assumptions (:func:`frontier_run_capital`): the ranges are skewed.
    """
    from genchain.chapters.redesign import capital_bands

    run = _largest_run(as_of)
    b = capital_bands(pl.DataFrame({"model": [run["model"]], "training_flop": [run["training_flop"]]})).row(0, named=True)
    out = {"model": run["model"]}
    for q in ("q05", "q50", "q95"):
        out[q] = num(b[f"cap_{q}"], 1, key=key(f"frontier-run-capital-{q}-usd-bn", as_of))
        out[f"run_{q}"] = num(b[f"run_{q}"], 2, key=key(f"frontier-run-cost-{q}-usd-bn", as_of))
    return out


def chinese_models_by_chip(as_of: dt.date | str) -> dict:
    """Chinese models released by ``as_of`` whose training hardware is recorded (``models.csv``), by chip origin.

    Returns keyed counts ``recorded``, ``chinese_only`` (Ascend, Cambricon ... alone), ``us_only``
    (Nvidia, AMD or Google parts alone) and ``mixed`` (both), and ``first_chinese_only`` (the first
    model trained on Chinese chips alone, or None). "On US chips" in the book means ``us_only``.
    """
    from genchain.chapters.capability import hardware_origin

    m = data.load("models").filter(pl.col("released") <= as_date(as_of))
    hw = hardware_origin(m)
    n = {o: int(hw.filter(pl.col("origin") == o)["n"].sum()) for o in ("Chinese chip", "US chip", "mixed")}
    first = hw.filter(pl.col("origin") == "Chinese chip")["models"]
    return {"recorded": num(sum(n.values()), 0, key=key("chinese-models-recorded-hardware", as_of)),
            "chinese_only": num(n["Chinese chip"], 0, key=key("chinese-models-chinese-chips-only", as_of)),
            "us_only": num(n["US chip"], 0, key=key("chinese-models-us-chips-only", as_of)),
            "mixed": num(n["mixed"], 0, key=key("chinese-models-mixed-chips", as_of)),
            "first_chinese_only": first[0].split(", ")[0] if first.len() and first[0] else None}


def japan_startup_funding_usd_bn(as_of: dt.date | str) -> dict:
    """Japan's start-up funding in the calendar year of ``as_of`` (INITIAL, all sectors, full year).

    Returns ``jpy_bn`` (billion yen), ``per_usd`` (that year's average yen per dollar) and ``usd_bn``
    (billion USD, converted), keyed ``japan-startup-funding-usd-bn`` (and ``-jpy-bn``, ``-yen-per-usd``).
    """
    from genchain.chapters.redesign import japan_money

    y = as_date(as_of).year
    m = japan_money(y)
    return {"jpy_bn": num(m["vc_jpy_bn"], 1, key=key("japan-startup-funding-jpy-bn", as_of)),
            "per_usd": num(m["vc_fx"], 2, key=key("japan-startup-funding-yen-per-usd", as_of)),
            "usd_bn": num(m["vc_usd_bn"], 2, key=key("japan-startup-funding-usd-bn", as_of))}


def japan_ai_share_cset_pct(as_of: dt.date | str) -> Number:
    """Japan's share of world private AI equity investment in the calendar year of ``as_of`` (CSET), percent."""
    from genchain.chapters.capital import japan_share_cset

    y = as_date(as_of).year
    row = japan_share_cset(data.load("ai_investment")).filter(pl.col("year") == y)
    if row.height != 1:
        raise LookupError(f"CSET has no Japan share for {y}")
    return num(row["japan_share_pct"][0], 2, key=key("japan-ai-share-cset-pct", as_of))


def us_share_crunchbase_pct(as_of: dt.date | str) -> Number:
    """US-headquartered companies' share of world AI venture money in the calendar year of ``as_of`` (Crunchbase), percent."""
    from genchain.chapters.capital import us_share_by_definition

    y = as_date(as_of).year
    s = us_share_by_definition(data.load("ai_investment"), years=(y,)).filter(pl.col("provider") == "crunchbase")
    if s.height != 1:
        raise LookupError(f"no single Crunchbase US share for {y}")
    return num(s["share_pct"][0], 1, key=key("us-share-crunchbase-pct", as_of))


def dod_ai_topline_usd_bn(fiscal_year: int) -> Number:
    """The US defence department's narrow "Artificial intelligence" budget line for ``fiscal_year``
    (the request, billion USD; ``budgets.csv``). As of the end of that fiscal year (30 September):
    key ``dod-ai-topline-usd-bn:fy<year>@<year>-09-30``.
    """
    rows = data.load("budgets").filter((pl.col("line_item") == "US DoD: Artificial intelligence (topline)")
                                       & (pl.col("fiscal_year") == fiscal_year))
    if rows.height != 1:
        raise LookupError(f"no single DoD AI topline for FY{fiscal_year}")
    return num(rows["value_usd_bn"][0], 1, key=key("dod-ai-topline-usd-bn", f"{fiscal_year}-09-30", f"fy{fiscal_year}"))


def raised_through_round(company: str, round_label: str, pledges: bool = True) -> Number:
    """Everything ``company`` raised up to and including its round ``round_label`` (billion USD), as of that
    round's date: the cumulative (累計) reading of "raised by Series F" (:func:`genchain.chapters.fundraising.through_round`,
    the book's counting rule). Key ``capital-raised-usd-bn:<company>:through-<round>[:no-pledges]@<round's date>``.
    """
    from genchain.chapters.fundraising import through_round

    rows = through_round(data.load("funding_rounds"), company, round_label, include_pledges=pledges)
    return num(float(rows["amount_usd_bn"].sum()), 1,
               key=key("capital-raised-usd-bn", rows["date"].max(), company, f"through-{round_label}",
                       "" if pledges else "no-pledges"))


def named_rounds_usd_bn(company: str, labels: tuple[str, ...]) -> Number:
    """The sum of ``company``'s rounds named ``labels`` alone (billion USD), as of the last of them
    (:func:`genchain.chapters.fundraising.named_rounds_total`). Key ``capital-raised-usd-bn:<company>:rounds-<labels>@<date>``.
    """
    from genchain.chapters.fundraising import named_rounds_total

    frame = data.load("funding_rounds")
    hit = frame.filter((pl.col("company") == company) & pl.col("round").is_in(list(labels)) & pl.col("preferred"))
    last = hit["announced"].max()
    return num(named_rounds_total(frame, company, list(labels)), 1,
               key=key("capital-raised-usd-bn", last, company, "rounds-" + "-".join(labels)))
