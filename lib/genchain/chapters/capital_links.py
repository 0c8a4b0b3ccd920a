"""The links after capital: what AI money buys, the chain worked backwards, and chapter 0's actors link by link.

Chapters 0 and 1 use this module; where the money goes is in :mod:`genchain.chapters.capital`,
the charts in :mod:`genchain.figures.capital_links`. Amounts are billion US dollars (USD bn),
clusters H100-equivalents (H100e), training compute FLOP.

* :func:`compute_commitments` - the headline value of the compute purchases each lab announced in a year;
* :func:`japan_clusters`, :func:`largest_clusters`, :func:`largest_runs` - Japan's clusters by
  owner type, a country's largest clusters, a year's largest training runs;
* :func:`chain_backwards`, :func:`capital_need` - what the largest runs cost and the capital the
  chain needs behind them (as a share of Japan's annual VC);
* :func:`actor_links` - one row per actor and link of the chain (chapter 0), missing stays missing;
  :func:`capital_vs_run`, :func:`self_funded` read it;
* ``verdict_c0_1``, ``verdict_c0_5`` - chapter 0's verdict rules.

>>> round(capital_need(26.0)["capital_usd_bn"], 1)   # a 1e26 FLOP run at the chain's defaults
2.3
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from genchain import chain, quantities, reference, rounds

__all__ = [
    "NOT_PURCHASES", "compute_commitments",
    "japan_clusters", "largest_clusters", "largest_runs", "chain_backwards", "capital_need",
    "ACTORS", "COUNTRY_ACTORS", "LINKS", "actor_links", "capital_vs_run", "self_funded",
    "verdict_c0_1", "verdict_c0_5",
]


# ---------------------------------------------------------------- compute bought

#: compute-deal types that are not the lab's own commitment: aggregates, projections, a partner's own
#: capex, a joint venture's programme, or an investment ceiling (money INTO the lab). Left out of
#: commitment sums; the lab's own build plans count. The book's one rule, shared with the inline numbers.
NOT_PURCHASES = quantities.NOT_COMMITMENTS


def compute_commitments(deals: pl.DataFrame, year: int = 2025) -> pl.DataFrame:
    """Headline dollar value of compute purchases each lab announced in ``year`` (USD bn; ceilings, not cash).

    Leaves out :data:`NOT_PURCHASES`. Columns: company, value_usd_bn, deals, deals_without_value.
    """
    return (deals.filter((pl.col("announced").dt.year() == year) & ~pl.col("deal_type").is_in(NOT_PURCHASES))
            .group_by("company").agg(value_usd_bn=pl.col("value_usd_bn").sum(), deals=pl.len(),
                                     deals_without_value=pl.col("value_usd_bn").null_count())
            .sort(["value_usd_bn", "company"], descending=[True, False], nulls_last=True))


# ---------------------------------------------------------------- Japan's clusters and the chain backwards

#: the book's classification of owners of Japanese clusters (Epoch names); anything else is "company"
_PUBLIC = ("AIST", "University", "Institute", "RIKEN", "JAMSTEC", "Agency", "JCAHPC", "research institute")
_STARTUPS = ("Preferred Networks",)


def japan_clusters(clusters: pl.DataFrame, as_of_year: int = 2025) -> pl.DataFrame:
    """Japan's AI clusters with an owner type (public / start-up / company) and whether operational by ``as_of_year``.

    Owner type is the book's reading of Epoch's owner names: public research bodies and
    universities are "public"; Preferred Networks is the one start-up; listed companies and
    conglomerates (SoftBank, KDDI, NEC, Sakura Internet, FPT, Alibaba) are "company".
    Columns: name, owner, owner_type, year, status, operational, h100_equivalents, accelerator, power_mw.
    """
    public = pl.any_horizontal([pl.col("owner").str.contains(p, literal=True) for p in _PUBLIC])
    startup = pl.any_horizontal([pl.col("owner").str.contains(p, literal=True) for p in _STARTUPS])
    return (clusters.filter(pl.col("country") == "Japan")
            .with_columns(owner_type=pl.when(startup).then(pl.lit("start-up"))
                          .when(public).then(pl.lit("public")).otherwise(pl.lit("company")),
                          operational=(pl.col("status") == "operational") & (pl.col("year") <= as_of_year))
            .select("name", "owner", "owner_type", "year", "status", "operational", "h100_equivalents",
                    "accelerator", "power_mw")
            .sort("h100_equivalents", descending=True, nulls_last=True))


def largest_clusters(clusters: pl.DataFrame, country: str, as_of_year: int = 2025, k: int = 3) -> pl.DataFrame:
    """The ``k`` largest operational clusters of ``country`` by ``as_of_year`` (H100-equivalents)."""
    return (clusters.filter((pl.col("country") == country) & (pl.col("status") == "operational")
                            & (pl.col("year") <= as_of_year) & pl.col("h100_equivalents").is_not_null())
            .sort(["h100_equivalents", "name"], descending=[True, False]).head(k)
            .select("name", "owner", "country", "year", "h100_equivalents", "power_mw", "source_id"))


def largest_runs(models: pl.DataFrame, year: int = 2025, k: int = 3) -> pl.DataFrame:
    """The ``k`` largest training runs (FLOP) among models released in ``year``."""
    return (models.filter((pl.col("released").dt.year() == year) & pl.col("training_flop").is_not_null())
            .sort(["training_flop", "model"], descending=[True, False]).head(k)
            .select("model", "organization", "country", "released", "training_flop", "compute_confidence"))


def chain_backwards(runs: pl.DataFrame, japan_vc_usd_bn: float,
                    a: chain.Assumptions = chain.Assumptions()) -> pl.DataFrame:
    """For each run: rental cost of the final run and the capital the chain needs behind it (USD bn),
    each as a percent of Japan's annual VC total ``japan_vc_usd_bn``.

    Uses :func:`genchain.chain.run_cost_usd_bn` (final run only) and
    :func:`genchain.chain.capital_for_flop` (run cost scaled up by the share of compute a
    flagship run takes and the share of capital spent on compute).
    """
    if japan_vc_usd_bn <= 0:
        raise ValueError("Japan's VC total must be positive")
    # both are linear in FLOP, so the cost of one FLOP times the column is exact
    return runs.with_columns(
        run_cost_usd_bn=pl.col("training_flop") * chain.run_cost_usd_bn(1.0, a),
        capital_usd_bn=pl.col("training_flop") * chain.capital_for_flop(1.0, a),
    ).with_columns(run_pct_of_japan_vc=100 * pl.col("run_cost_usd_bn") / japan_vc_usd_bn,
                   capital_pct_of_japan_vc=100 * pl.col("capital_usd_bn") / japan_vc_usd_bn)


def capital_need(log10_flop: float, a: chain.Assumptions = chain.Assumptions()) -> dict:
    """Final-run cost and capital behind a run of 10**log10_flop FLOP (USD bn)."""
    flop = 10.0 ** log10_flop
    return {"flop": flop, "run_cost_usd_bn": chain.run_cost_usd_bn(flop, a),
            "capital_usd_bn": chain.capital_for_flop(flop, a)}


# ---------------------------------------------------------------- chapter 0: the chain, actor by actor

#: the actors of chapter 0, in its order; the name each table gives an actor is in ``data/actors.csv``
#: (:func:`genchain.reference.name_in`); the country actors add up every company of their country
ACTORS = ("OpenAI", "Anthropic", "xAI", "Google DeepMind", "Meta", "Chinese labs", "Anduril", "Japan")
COUNTRY_ACTORS = {"Chinese labs": "China", "Japan": "Japan"}
LINKS = ("Capital raised, USD bn", "Compute bought in year, USD bn", "Largest cluster, H100e",
         "Largest training run, FLOP", "Revenue in year, USD bn")


def actor_links(funding: pl.DataFrame, deals: pl.DataFrame, clusters: pl.DataFrame, models: pl.DataFrame,
                revenue: pl.DataFrame, year: int = 2025) -> pl.DataFrame:
    """One row per actor and link of the chain at the end of ``year``; a value is null when the data have none.

    Links (see :data:`LINKS`): capital raised to the end of ``year`` (book counting rule);
    headline value of compute purchases announced in ``year`` (see :func:`compute_commitments`);
    largest operational cluster by ``year`` whose name, owner or listed users match the actor
    (country for "Chinese labs" and "Japan"); largest training run released by ``year``;
    reported revenue for the calendar ``year`` (run-rates and projections are not revenue).
    "Chinese labs" and "Japan" add up every company of that country in ``funding_rounds``.
    Columns: actor, link, value, detail.
    """
    end = dt.date(year, 12, 31)
    raised = rounds.raised(funding, by=["company", "country"], until=end)
    ops = clusters.filter((pl.col("status") == "operational") & (pl.col("year") <= year)
                          & pl.col("h100_equivalents").is_not_null())
    ops = ops.with_columns(users=pl.col("note").str.extract(r"Users[^:]*: ([^.]*)"))
    mods = models.filter((pl.col("released") <= pl.date(year, 12, 31)) & pl.col("training_flop").is_not_null())
    d = deals.filter((pl.col("announced").dt.year() == year) & ~pl.col("deal_type").is_in(NOT_PURCHASES))
    rev = revenue.filter((pl.col("metric") == "revenue") & (pl.col("period") == str(year)))
    rows = []
    for actor in ACTORS:
        country = COUNTRY_ACTORS.get(actor)
        companies, orgs = [reference.name_in(actor, "funding_rounds")], [reference.name_in(actor, "models")]
        pattern = reference.name_in(actor, "clusters")
        co = None if country else reference.name_in(actor, "compute_deals")
        if country:
            cap = raised.filter(pl.col("country") == country)
            cl = ops.filter(pl.col("country") == country)
            m = mods.filter(pl.col("country") == country)
        else:
            cap = raised.filter(pl.col("company").is_in(companies))
            hay = pl.concat_str("name", "owner", pl.col("users").fill_null(""), separator=" ")
            cl = ops.filter(hay.str.contains(pattern))
            m = mods.filter(pl.col("organization").is_in(orgs))
        dd = d.filter(pl.col("company") == co) if co else d.clear()
        rr = rev.filter(pl.col("company") == reference.name_in(actor, "revenue")) if co else rev.clear()
        # the book's one rule for an actor's largest cluster (owner or listed user): genchain.quantities
        site = (quantities.largest_site(country, end) if country and cl.height
                else quantities.actor_largest_cluster(actor, pattern, end) if not country else None)
        top_m = m.sort(["training_flop", "model"], descending=[True, False]).head(1)
        rows += [
            (actor, LINKS[0], cap["raised_usd_bn"].sum() if cap.height else None,
             f"{cap['rounds'].sum()} rounds" if cap.height else "no rounds in the table"),
            (actor, LINKS[1], dd["value_usd_bn"].sum() if dd["value_usd_bn"].is_not_null().any() else None,
             f"{dd.height} deals ({dd['value_usd_bn'].null_count()} without a value)" if dd.height
             else "no deal in the table"),
            (actor, LINKS[2], float(site.h100e) if site else None,
             site.name if site else "no operational cluster in the table"),
            (actor, LINKS[3], top_m["training_flop"][0] if top_m.height else None,
             top_m["model"][0] if top_m.height else "no estimate in the table"),
            # several sources for one company-year: report the median and say how many
            (actor, LINKS[4], rr["value_usd_bn"].median() if rr.height else None,
             f"median of {rr.height} reports" if rr.height > 1 else ("reported" if rr.height else "not reported")),
        ]
    return pl.DataFrame(rows, schema={"actor": pl.String, "link": pl.String, "value": pl.Float64,
                                      "detail": pl.String}, orient="row")


def capital_vs_run(links: pl.DataFrame) -> pl.DataFrame:
    """The actors with both a capital figure and a largest training run: actor, capital_usd_bn, max_flop."""
    wide = links.pivot(on="link", index="actor", values="value")
    return (wide.select("actor", capital_usd_bn=pl.col(LINKS[0]), max_flop=pl.col(LINKS[3]))
            .drop_nulls(["capital_usd_bn", "max_flop"]))


def self_funded(links: pl.DataFrame) -> list[str]:
    """Actors with no venture capital in the table but an operational cluster: they fund compute themselves."""
    wide = links.pivot(on="link", index="actor", values="value")
    return wide.filter(pl.col(LINKS[0]).is_null() & pl.col(LINKS[2]).is_not_null())["actor"].to_list()


def verdict_c0_1() -> str:
    """C0.1 ("the contest moved from model quality to the process that generates money").

    Rule: always "untestable". What the contest is "really" about is an interpretation; no
    table can settle it. The book tests the claim's measurable parts (C0.2-C0.5) instead.
    """
    return "untestable"


def verdict_c0_5(rho: float, n_self_funded: int) -> str:
    """C0.5 ("money buys GPUs, GPUs yield models, models reshape industry; the map cannot be read without it").

    Rule, from the Spearman rank correlation ``rho`` between capital raised and the largest
    training run over the venture-funded actors, and the number of actors that hold a large
    cluster with no venture rounds (``n_self_funded``):

    * rho <= 0.5: "not_supported" (money and model size do not rank together);
    * rho > 0.5 and n_self_funded == 0: "supported" (the chain explains every actor);
    * rho > 0.5 and n_self_funded > 0: "partly_supported" (the chain holds where venture money is
      the source, but some actors reach the frontier without it).
    """
    if rho <= 0.5:
        return "not_supported"
    return "supported" if n_self_funded == 0 else "partly_supported"
