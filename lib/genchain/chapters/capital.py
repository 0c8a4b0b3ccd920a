"""The first link of the chain: where AI money goes, by country and by definition, and what it buys.

Chapters 0 and 1 use this module. Amounts are billion US dollars (USD bn) unless a name
says otherwise (``_jpy_bn`` = billion yen); shares are 0-1 fractions unless the name ends
in ``_pct`` (percent, 0-100); training compute is in FLOP.

The functions take the validated tables of :mod:`genchain.data` and return polars frames:

* :func:`us_share_by_definition` - the US (or North American) share of AI money under every
  provider's definition, stated by the source or computed from its own world total;
* :func:`cset_by_country`, :func:`concentration_by_year` - the long CSET series (2014-2023)
  by country, with HHI bounds, the US share and the top-3 share per year;
* :func:`japan_funding` - yen to dollars at annual average rates (:mod:`genchain.fx`), with
  missing years reported, never filled silently;
* :func:`loop_points`, :func:`elasticity` - the self-reinforcing loop: cumulative capital
  against largest training run and best Arena rating, and the OLS slope of log10 FLOP on
  log10 capital with a seeded bootstrap interval;
* :func:`chain_backwards` - what the largest runs cost and what share of Japan's annual VC that is;
* :func:`actor_links` - one row per actor and link of the chain (chapter 0), missing stays missing;
* :func:`japan_share_panel`, :func:`capital_need_panel` - the live what-if panels.

>>> round(japan_share(779.3, 151.37, 100.0)["share_pct"], 2)   # INITIAL 2024 total at the 2024 rate, of $100bn
5.15
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from genchain import chain, concentration, fx, reference, rounds
from genchain.data import as_date, day

__all__ = [
    "AI_MEASURES", "DEFINITION_LABELS",
    "us_share_by_definition", "cset_by_country", "concentration_by_year", "japan_share_cset",
    "japan_funding", "world_ai_totals",
    "loop_points", "elasticity", "spearman", "country_links",
    "japan_clusters", "largest_clusters", "largest_runs", "compute_commitments", "year_raised", "NOT_PURCHASES", "ACTORS", "LINKS", "chain_backwards", "actor_links",
    "japan_share", "japan_share_panel", "capital_need", "capital_need_panel",
    "links_table", "capital_vs_run", "self_funded", "verdict_c0_1", "verdict_c0_5", "chart_capital_flop",
]

#: measures in ``ai_investment`` that count money going into AI companies
AI_MEASURES = ("private_ai_investment", "ai_vc_funding", "ai_equity_funding",
               "genai_private_investment", "genai_vc_funding")

#: a readable name for each (provider, measure) pair used in shares
DEFINITION_LABELS = {
    ("crunchbase", "ai_vc_funding"): "Crunchbase: AI venture + growth",
    ("bestbrokers", "ai_vc_funding"): "BestBrokers (PitchBook-based): AI/ML VC",
    ("pitchbook", "ai_vc_funding"): "PitchBook: AI/ML VC",
    ("pitchbook", "genai_vc_funding"): "PitchBook: generative-AI VC",
    ("cb_insights", "ai_equity_funding"): "CB Insights: AI equity funding",
    ("oecd_ai_preqin", "ai_vc_funding"): "OECD.AI (Preqin): VC in AI start-ups",
    ("ai_index_quid", "private_ai_investment"): "AI Index (Quid): private AI investment",
    ("ai_index_quid", "genai_private_investment"): "AI Index (Quid): generative-AI private investment",
    ("cset", "private_ai_investment"): "CSET: AI equity (constant 2021 USD)",
    ("press_compilation", "ai_vc_funding"): "Press compilation: AI VC",
    ("aifundingtracker", "ai_vc_funding"): "AI Funding Tracker: AI VC",
    ("dealroom", "ai_vc_funding"): "Dealroom: AI VC",
}

_US_LIKE = ("United States", "North America")


def _label(provider: pl.Expr, measure: pl.Expr) -> pl.Expr:
    """Expression: the readable definition label (falls back to 'provider: measure')."""
    key = pl.concat_str(provider, pl.lit("|"), measure)
    mapping = {f"{p}|{m}": v for (p, m), v in DEFINITION_LABELS.items()}
    return key.replace_strict(mapping, default=pl.concat_str(provider, pl.lit(": "), measure))


# ---------------------------------------------------------------- shares by definition

def us_share_by_definition(inv: pl.DataFrame, years: tuple[int, ...] = (2023, 2024, 2025)) -> pl.DataFrame:
    """The US share of AI money (percent) under every definition in ``ai_investment`` for ``years``.

    A share is either stated by the source (``share_of_world_pct``) or computed by us as the
    US amount / the world amount of the SAME provider, measure, year and coverage. A
    "Rest of world" amount (PitchBook's generative-AI split) gives the US share as
    1 - rest / world. Regions are kept as the source gives them (``geography`` =
    "North America" where the provider reports only that).

    Columns: year, coverage, provider, measure, definition, geography, us_usd_bn, world_usd_bn,
    stated_pct, computed_pct, share_pct (computed when possible, else stated), basis.
    """
    rows = inv.filter(pl.col("measure").is_in(AI_MEASURES) & pl.col("year").is_in(years))
    keys = ["year", "coverage", "provider", "measure"]
    world = (rows.filter(pl.col("geography") == "World") .filter(pl.col("amount_usd_bn").is_not_null())
             .group_by(keys).agg(world_usd_bn=pl.col("amount_usd_bn").first(),
                                 n_world=pl.len()))
    local = rows.filter(pl.col("geography").is_in(_US_LIKE + ("Rest of world",)))
    out = (local.join(world, on=keys, how="left")
           .with_columns(
               computed_pct=pl.when(pl.col("geography") == "Rest of world")
               .then(100 * (1 - pl.col("amount_usd_bn") / pl.col("world_usd_bn")))
               .otherwise(100 * pl.col("amount_usd_bn") / pl.col("world_usd_bn")),
               us_usd_bn=pl.when(pl.col("geography") == "Rest of world")
               .then(pl.col("world_usd_bn") - pl.col("amount_usd_bn")).otherwise(pl.col("amount_usd_bn")),
               geography=pl.when(pl.col("geography") == "Rest of world").then(pl.lit("United States"))
               .otherwise(pl.col("geography")),
           )
           .with_columns(share_pct=pl.coalesce("computed_pct", "share_of_world_pct"),
                         basis=pl.when(pl.col("computed_pct").is_not_null()).then(pl.lit("computed"))
                         .otherwise(pl.lit("stated")),
                         definition=_label(pl.col("provider"), pl.col("measure")))
           .rename({"share_of_world_pct": "stated_pct"})
           .filter(pl.col("share_pct").is_not_null()))
    return (out.select("year", "coverage", "provider", "measure", "definition", "geography", "us_usd_bn",
                       "world_usd_bn", "stated_pct", "computed_pct", "share_pct", "basis", "source_id")
            .sort("year", "share_pct", descending=[False, True]))


# ---------------------------------------------------------------- the long CSET series

def cset_by_country(inv: pl.DataFrame) -> pl.DataFrame:
    """CSET AI equity investment by country and year (USD bn, constant 2021 dollars), 2014-2023.

    Adds one "Rest of world" row per year: World minus the named countries (CSET's World is
    the sum of all countries, so the remainder is every country not named in the table).
    Columns: geography, year, usd_bn.
    """
    cset = inv.filter((pl.col("provider") == "cset") & (pl.col("measure") == "private_ai_investment"))
    named = cset.filter(pl.col("geography") != "World").select("geography", "year", usd_bn="amount_usd_bn")
    world = cset.filter(pl.col("geography") == "World").select("year", world="amount_usd_bn")
    rest = (named.group_by("year").agg(named=pl.col("usd_bn").sum()).join(world, on="year")
            .select(pl.lit("Rest of world").alias("geography"), "year",
                    usd_bn=(pl.col("world") - pl.col("named")).clip(lower_bound=0)))
    return pl.concat([named, rest]).sort("year", "geography")


def concentration_by_year(by_country: pl.DataFrame) -> pl.DataFrame:
    """Per year: HHI bounds (0-10,000), US share, top-3 share and Japan share (0-1) of a by-country table.

    ``hhi_high`` counts "Rest of world" as one group (as if every unnamed country were one
    investor: an upper bound); ``hhi_low`` drops its squared share (as if the rest were
    infinitely fragmented: a lower bound). Input columns: geography, year, usd_bn.
    """
    s = concentration.shares(by_country, "geography", "usd_bn", by="year")
    hhi_high = concentration.hhi(by_country, "geography", "usd_bn", by="year").rename({"hhi": "hhi_high"})
    rest = s.filter(pl.col("geography") == "Rest of world").select("year", rest_sq=pl.col("share") ** 2 * 10_000)
    top3 = (concentration.shares(by_country, "geography", "usd_bn", by="year")
            .filter(pl.col("geography") != "Rest of world")
            .group_by("year").agg(top_3_share=pl.col("share").sort(descending=True).head(3).sum()))  # top_k's order is unspecified
    pick = (s.filter(pl.col("geography").is_in(["United States", "Japan", "China"]))
            .pivot(on="geography", index="year", values="share")
            .rename({"United States": "us_share", "Japan": "japan_share", "China": "china_share"}))
    return (hhi_high.join(rest, on="year", how="left")
            .with_columns(hhi_low=pl.col("hhi_high") - pl.col("rest_sq").fill_null(0.0))
            .join(top3, on="year").join(pick, on="year")
            .select("year", "hhi_low", "hhi_high", "us_share", "china_share", "japan_share", "top_3_share")
            .sort("year"))


def japan_share_cset(inv: pl.DataFrame) -> pl.DataFrame:
    """Japan's share (percent) of world AI equity investment per year in the CSET series."""
    s = concentration.shares(cset_by_country(inv), "geography", "usd_bn", by="year")
    return (s.filter(pl.col("geography") == "Japan")
            .select("year", japan_usd_bn="usd_bn", japan_share_pct=pl.col("share") * 100).sort("year"))


# ---------------------------------------------------------------- exchange rates (genchain.fx)

def japan_funding(inv: pl.DataFrame, rates: pl.DataFrame) -> pl.DataFrame:
    """Japan's start-up and VC totals in yen and dollars, one row per series, year and coverage.

    Keeps every provider's figure (INITIAL/Speeda, METI report, STARTUP DB, Recof, VEC, Cabinet
    Secretariat), converts yen at the annual average (``usd_converted_bn``; null with
    ``fx_missing`` where no rate exists) next to the dollar figure the source stated
    (``usd_stated_bn``). Columns: year, coverage, provider, measure, jpy_bn, per_usd,
    usd_converted_bn, usd_stated_bn, fx_missing, full_year, source_id, note.
    """
    rows = inv.filter((pl.col("geography") == "Japan") & (pl.col("local_currency") == "JPY"))
    return (fx.to_usd(rows, rates, on_missing="keep")
            .select("year", "coverage", "provider", "measure", jpy_bn="amount_local_bn", per_usd="per_usd",
                    usd_converted_bn="usd_converted_bn", usd_stated_bn="amount_usd_bn", fx_missing="fx_missing",
                    full_year=pl.col("coverage") == "full_year", source_id="source_id", note="note")
            .sort("year", "provider", "coverage"))


def world_ai_totals(inv: pl.DataFrame, year: int = 2025) -> pl.DataFrame:
    """Every full-year world total of AI money for ``year``: definition, usd_bn (largest first)."""
    return (inv.filter((pl.col("geography") == "World") & (pl.col("year") == year)
                       & (pl.col("coverage") == "full_year") & pl.col("measure").is_in(AI_MEASURES)
                       & pl.col("amount_usd_bn").is_not_null())
            .select(definition=_label(pl.col("provider"), pl.col("measure")), usd_bn="amount_usd_bn",
                    provider="provider", source_id="source_id")
            .sort("usd_bn"))


# ---------------------------------------------------------------- the self-reinforcing loop

def loop_points(funding: pl.DataFrame, models: pl.DataFrame, leaderboard: pl.DataFrame,
                as_of: dt.date | str = reference.CUTOFF, **raised_kw) -> pl.DataFrame:
    """One row per organisation: capital raised up to ``as_of`` vs its largest run and best rating by then.

    Capital = :func:`genchain.rounds.raised` until ``as_of`` (the book's counting rule;
    keyword arguments pass through, e.g. ``include_pledges=False``). Largest run = max
    ``training_flop`` of its models released by ``as_of``; best rating = highest Arena rating
    (no style control) in snapshots up to ``as_of``. Names are matched through
    ``data/actors.csv`` (:func:`genchain.reference.aliases`). Organisations without money raised in the table (Google DeepMind,
    Meta, DeepSeek) do not appear. Columns: organization, country, capital_usd_bn, rounds,
    max_flop, best_rating.
    """
    cap = (rounds.raised(funding, by=["company", "country"], until=as_of, **raised_kw)
           .with_columns(organization=pl.col("company").replace(reference.aliases("funding_rounds")))
           .select("organization", "country", capital_usd_bn="raised_usd_bn", rounds="rounds"))
    flop = (models.filter((pl.col("released") <= pl.lit(day(as_of)))
                          & pl.col("training_flop").is_not_null())
            .group_by("organization").agg(max_flop=pl.col("training_flop").max()))
    rating = (leaderboard.filter((pl.col("snapshot_date") <= pl.lit(day(as_of)))
                                 & ~pl.col("style_control") & (pl.col("category") == "overall"))
              .group_by("organization").agg(best_rating=pl.col("rating").max()))
    return (cap.join(flop, on="organization", how="left").join(rating, on="organization", how="left")
            .sort(["capital_usd_bn", "organization"], descending=[True, False]))


def elasticity(capital, outcome, log_outcome: bool = True, n_boot: int = 2000, seed: int = 0,
               level: float = 0.95) -> dict:
    """OLS of log10(outcome) (or outcome) on log10(capital), with a pairs-bootstrap interval for the slope.

    With ``log_outcome`` the slope is an elasticity: +1% capital goes with +slope% outcome
    (e.g. training FLOP). Without it (for Arena ratings, already a log scale) the slope is
    "rating points per tenfold capital". Pairs with a missing or non-positive value are
    dropped. The interval is the percentile interval of ``n_boot`` resamples drawn with
    ``numpy.random.default_rng(seed)`` (deterministic); resamples with no spread in x are skipped.
    Returns n, slope, intercept, r2, lo, hi, level. Correlation only: no causal reading.
    """
    x = np.asarray(capital, dtype=float)
    y = np.asarray(outcome, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y) & (x > 0) & ((y > 0) if log_outcome else True)
    x, y = np.log10(x[ok]), (np.log10(y[ok]) if log_outcome else y[ok])
    n = int(x.size)
    if n < 3:
        raise ValueError(f"need at least 3 complete pairs, got {n}")
    slope, intercept = _ols(x, y)
    resid = y - (intercept + slope * x)
    r2 = 1 - float(resid @ resid) / float(((y - y.mean()) ** 2).sum())
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(n_boot, n))
    xb, yb = x[idx], y[idx]
    xm, ym = xb.mean(axis=1, keepdims=True), yb.mean(axis=1, keepdims=True)
    sxx = ((xb - xm) ** 2).sum(axis=1)
    keep = sxx > 1e-12
    slopes = (((xb - xm) * (yb - ym)).sum(axis=1)[keep]) / sxx[keep]
    alpha = (1 - level) / 2
    lo, hi = np.quantile(slopes, [alpha, 1 - alpha])
    return {"n": n, "slope": float(slope), "intercept": float(intercept), "r2": float(r2),
            "lo": float(lo), "hi": float(hi), "level": level}


def _ols(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and intercept of the least-squares line y = a + b x."""
    xm, ym = x.mean(), y.mean()
    b = float(((x - xm) * (y - ym)).sum() / ((x - xm) ** 2).sum())
    return b, float(ym - b * xm)


def spearman(x, y) -> float:
    """Spearman rank correlation (-1..1) of two equal-length sequences; ties get average ranks."""
    f = pl.DataFrame({"x": np.asarray(x, dtype=float), "y": np.asarray(y, dtype=float)}).drop_nulls().drop_nans()
    if f.height < 3:
        raise ValueError(f"need at least 3 complete pairs, got {f.height}")
    r = f.select(pl.col("x").rank("average"), pl.col("y").rank("average"))
    return float(r.select(pl.corr("x", "y")).item())


def country_links(inv: pl.DataFrame, compute_shares: pl.DataFrame, models: pl.DataFrame,
                  year: int = 2023) -> pl.DataFrame:
    """Per country in year ``year``: share of AI money (CSET, percent), share of AI-supercomputer H100e
    (Epoch, recomputed, end of year, percent) and largest training run released that year or before (FLOP).

    Countries missing from one table keep a null there. Columns: geography, money_pct, compute_pct, max_flop.
    """
    money = (concentration.shares(cset_by_country(inv).filter(pl.col("year") == year), "geography", "usd_bn")
             .filter(pl.col("geography") != "Rest of world")
             .select("geography", money_pct=pl.col("share") * 100))
    comp = (compute_shares.filter((pl.col("metric") == "share_h100e") & (as_date("as_of") == pl.date(year, 12, 31)))
            .select(geography="country", compute_pct="share_pct"))
    flop = (models.filter(pl.col("released") < pl.date(year + 1, 1, 1))
            .group_by("country").agg(max_flop=pl.col("training_flop").max()).rename({"country": "geography"}))
    return (money.join(comp, on="geography", how="left").join(flop, on="geography", how="left")
            .sort(["money_pct", "geography"], descending=[True, False]))


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


def year_raised(new_money: pl.DataFrame) -> pl.DataFrame:
    """New money per company split into priced rounds and strategic pledges (USD bn), largest total first.

    Input: rows of :func:`genchain.rounds.new_money`. Columns: company, kind ("priced round or
    convertible" / "strategic pledge"), usd_bn, total (the company's sum over both kinds).
    """
    kind = (pl.when(pl.col("capital_type") == "strategic_tranche").then(pl.lit("strategic pledge"))
            .otherwise(pl.lit("priced round or convertible")))
    return (new_money.group_by("company", kind.alias("kind")).agg(usd_bn=pl.col("amount_usd_bn").sum())
            .with_columns(total=pl.col("usd_bn").sum().over("company"))
            .sort("total", "company", "kind", descending=[True, False, False]))


def compute_commitments(deals: pl.DataFrame, year: int = 2025) -> pl.DataFrame:
    """Headline dollar value of compute purchases each lab announced in ``year`` (USD bn; ceilings, not cash).

    Leaves out :data:`NOT_PURCHASES`. Columns: company, value_usd_bn, deals, deals_without_value.
    """
    return (deals.filter((as_date("announced").dt.year() == year) & ~pl.col("deal_type").is_in(NOT_PURCHASES))
            .group_by("company").agg(value_usd_bn=pl.col("value_usd_bn").sum(), deals=pl.len(),
                                     deals_without_value=pl.col("value_usd_bn").null_count())
            .sort(["value_usd_bn", "company"], descending=[True, False], nulls_last=True))


# ---------------------------------------------------------------- chapter 0: the chain, actor by actor

#: the actors of chapter 0, in its order; the name each table gives an actor is in ``data/actors.csv``
#: (:func:`genchain.reference.name_in`); the country actors add up every company of their country
ACTORS = ("OpenAI", "Anthropic", "xAI", "Google DeepMind", "Meta", "Chinese labs", "Anduril", "Japan")
COUNTRY_ACTORS = {"Chinese labs": "China", "Japan": "Japan"}
#: compute-deal types that are not the lab's own commitment: aggregates, projections, a partner's own
#: capex, a joint venture's programme, or an investment ceiling (money INTO the lab). Left out of
#: commitment sums; the lab's own build plans count. The one rule: :data:`genchain.quantities.NOT_COMMITMENTS`.
NOT_PURCHASES = ("aggregate commitments", "compute budget projection", "joint-venture infrastructure program",
                 "investment plus systems supply", "dedicated cluster (AWS capex)")
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
    d = deals.filter((as_date("announced").dt.year() == year) & ~pl.col("deal_type").is_in(NOT_PURCHASES))
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
        from genchain import quantities

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


def _sci(v: float | None) -> str | None:
    """A FLOP count as readers write it: 3.8e26 -> '3.8 × 10²⁶' (None stays None)."""
    if v is None:
        return None
    exp = int(np.floor(np.log10(v)))
    sup = str(exp).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{v / 10 ** exp:.1f} × 10{sup}"


def links_table(links: pl.DataFrame):
    """Chapter 0: :func:`actor_links` as a table for readers, one row per actor and one column per link.

    Money in USD bn with one decimal, clusters in H100-equivalents, training runs written as
    powers of ten; a missing value shows as a dash, never as zero.
    """
    from genchain.present import table

    wide = (links.pivot(on="link", index="actor", values="value")
            .with_columns(pl.col(LINKS[3]).map_elements(_sci, return_dtype=pl.String)))
    return table(wide.select("actor", *LINKS), labels={"actor": "Actor"},
                 decimals={LINKS[0]: 1, LINKS[1]: 1, LINKS[2]: 0, LINKS[4]: 1})


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


# ---------------------------------------------------------------- what-ifs (static twin in the notebook)

def japan_share(japan_jpy_bn: float, jpy_per_usd: float, world_usd_bn: float) -> dict:
    """Japan's total in dollars and as a percent of a world AI total: {'japan_usd_bn', 'share_pct'}."""
    usd = fx.to_usd_value(japan_jpy_bn, jpy_per_usd)
    if world_usd_bn <= 0:
        raise ValueError("the world total must be positive")
    return {"japan_usd_bn": usd, "share_pct": japan_share_pct(japan_jpy_bn, jpy_per_usd, world_usd_bn)}


def japan_share_pct(japan_jpy_bn, jpy_per_usd, world_usd_bn):
    """Japan's yen total as a percent of a world total in dollars (plain arithmetic: also the what-if's expression)."""
    return 100 * fx.local_to_usd(japan_jpy_bn, jpy_per_usd) / world_usd_bn


def japan_share_panel(inv: pl.DataFrame, japan_jpy_bn: float, jpy_per_usd: float = 151.37, year: int = 2025):
    """Live panel: pick a definition of the world AI total and an exchange rate; see Japan's share.

    ``japan_jpy_bn`` is the yen total compared (e.g. INITIAL's 2024 start-up funding, all
    sectors). The result is a one-row polars frame: definition, world_usd_bn, jpy_per_usd,
    japan_usd_bn, share_pct.
    """
    from genchain.widgets import Panel, choice, slider

    totals = world_ai_totals(inv, year)
    world = dict(totals.select("definition", "usd_bn").iter_rows())

    def show(definition: str, jpy_per_usd: float) -> pl.DataFrame:
        r = japan_share(japan_jpy_bn, jpy_per_usd, world[definition])
        return pl.DataFrame({"definition": [definition], "world_usd_bn": [world[definition]],
                             "jpy_per_usd": [jpy_per_usd], "japan_usd_bn": [r["japan_usd_bn"]],
                             "share_pct": [r["share_pct"]]})

    default = "Crunchbase: AI venture + growth" if "Crunchbase: AI venture + growth" in world else next(iter(world))
    return Panel(show, title="Japan's yearly start-up money against the world's AI money",
                 table_labels={"definition": "World AI total", "world_usd_bn": "World (USD bn)",
                               "jpy_per_usd": "Yen per USD", "japan_usd_bn": "Japan (USD bn)",
                               "share_pct": "Japan's share (%)"},
                 definition=choice(list(world), "World AI total", value=default),
                 jpy_per_usd=slider(jpy_per_usd, 80.0, 200.0, 1.0, "Yen per US dollar"))


def capital_need(log10_flop: float, a: chain.Assumptions = chain.Assumptions()) -> dict:
    """Final-run cost and capital behind a run of 10**log10_flop FLOP (USD bn)."""
    flop = 10.0 ** log10_flop
    return {"flop": flop, "run_cost_usd_bn": chain.run_cost_usd_bn(flop, a),
            "capital_usd_bn": chain.capital_for_flop(flop, a)}


def capital_need_panel(capital_by_actor: pl.DataFrame, log10_flop: float = 26.0, utilization: float = 0.4):
    """Live panel: a target run size and a utilisation; which actors have raised the capital it needs.

    ``capital_by_actor`` has columns actor, capital_usd_bn. ``panel.result`` is a chart (see
    :func:`chart_capital_need`); ``panel.result.data`` the frame behind it: actor, capital_usd_bn,
    needed_usd_bn, can_afford.
    """
    from genchain.widgets import Panel, slider

    def show(log10_flop: float, utilization: float):
        need = capital_need(log10_flop, chain.Assumptions().with_(utilization=utilization))["capital_usd_bn"]
        frame = (capital_by_actor.with_columns(needed_usd_bn=pl.lit(need))
                 .with_columns(can_afford=pl.col("capital_usd_bn") >= pl.col("needed_usd_bn")))
        return chart_capital_need(frame, log10_flop, utilization)

    p = chain.Assumptions.params()["utilization"]
    return Panel(show, title="What a training run needs, worked backwards through the chain",
                 log10_flop=slider(log10_flop, 24.0, 28.0, 0.1, "Training run, log10 FLOP"),
                 utilization=slider(utilization, p.low, p.high, 0.01, "Utilisation (MFU)"))


# ---------------------------------------------------------------- charts (every one goes through charts.finish)

def _alt():
    import altair as alt

    from genchain import charts as ch
    return alt, ch


def chart_chain():
    """The generation chain as a diagram: four links, arrows between them and the loop back to capital."""
    alt, ch = _alt()
    nodes = pl.DataFrame({
        "node": ["Capital", "Compute", "Models", "Industry &\nstate"],
        "ja": ["資金", "計算資源", "技術・モデル", "産業・国家戦略"],
        "x": [0.0, 1.0, 2.0, 3.0], "y": [1.0, 1.0, 1.0, 1.0],
        "measure": ["money raised, USD bn (funding_rounds, ai_investment)",
                    "accelerators, H100-equivalents, compute deals (clusters, compute_deals)",
                    "training FLOP, Arena rating (models, leaderboard)",
                    "revenue, market share, contracts (revenue, market_share, contracts)"],
        "short": ["USD bn raised", "H100-equivalents", "training FLOP,\nArena rating", "revenue, contracts"]})
    arrows = pl.DataFrame({"x": [0.2, 1.2, 2.2], "x2": [0.8, 1.8, 2.8], "y": [1.0] * 3,
                           "step": ["capital buys compute", "compute trains models", "models earn and serve"]})
    loop = pl.DataFrame({"x": [3.0, 2.6, 1.5, 0.4, 0.0], "y": [0.55, 0.25, 0.18, 0.25, 0.55],
                         "order": [0, 1, 2, 3, 4], "step": ["success attracts new capital"] * 5})
    base_x = alt.X("x:Q", scale=alt.Scale(domain=[-0.5, 3.5]), axis=None)
    base_y = alt.Y("y:Q", scale=alt.Scale(domain=[0.05, 1.3]), axis=None)
    edge = alt.Chart(arrows).mark_rule(strokeWidth=3, color="#52606d").encode(
        x=base_x, x2="x2:Q", y=base_y, tooltip=[alt.Tooltip("step:N", title="Link")])
    heads = alt.Chart(arrows).mark_point(shape="triangle-right", size=140, filled=True, color="#52606d").encode(
        x=alt.X("x2:Q", scale=alt.Scale(domain=[-0.5, 3.5]), axis=None), y=base_y,
        tooltip=[alt.Tooltip("step:N", title="Link")])
    back = alt.Chart(loop).mark_line(interpolate="basis", strokeDash=[6, 4], strokeWidth=2.5, color="#D55E00").encode(
        x=base_x, y=base_y, order="order:Q", tooltip=[alt.Tooltip("step:N", title="Loop")])
    back_head = alt.Chart(loop.tail(1)).mark_point(shape="triangle-up", size=140, filled=True, color="#D55E00").encode(
        x=base_x, y=base_y, tooltip=[alt.Tooltip("step:N", title="Loop")])
    dots = alt.Chart(nodes).mark_circle(size=1100, color="#0072B2", opacity=0.9).encode(
        x=base_x, y=base_y, tooltip=[alt.Tooltip("node:N", title="Link"), alt.Tooltip("ja:N", title="Japanese"),
                                     alt.Tooltip("measure:N", title="Measured by")])
    label = alt.Chart(nodes).mark_text(dy=34, fontSize=12, fontWeight="bold", color=ch.INK, lineBreak="\n",
                                       baseline="top").encode(
        x=base_x, y=base_y, text="node:N")
    label_ja = alt.Chart(nodes).mark_text(dy=-32, fontSize=11, color="#52606d").encode(x=base_x, y=base_y, text="ja:N")
    # the measure of each link, under its name (bold names take one or two lines, so measures sit lower)
    measure = alt.Chart(nodes).mark_text(dy=66, fontSize=10, fontStyle="italic", color="#52606d", lineBreak="\n",
                                         baseline="top").encode(x=base_x, y=base_y, text="short:N")
    loop_text = alt.Chart(pl.DataFrame({"x": [1.5], "y": [0.12], "t": ["loop back: success attracts capital"]})).mark_text(
        fontSize=11, color="#D55E00").encode(x=base_x, y=base_y, text="t:N")
    layered = alt.layer(back, back_head, edge, heads, dots, label, label_ja, measure, loop_text).properties(height=260)
    return ch.finish(layered, title="The generation chain and its loop",
                     source="the essay; measures: the book's data/ tables",
                     description="Four circles left to right: capital, compute, models, industry and state strategy, "
                                 "each with the measure the book uses written under it, joined by arrows; a dashed "
                                 "arrow runs from the last link back to capital.")


def chart_actor_links(links: pl.DataFrame):
    """Chapter 0: one link of the chain at a time (drop-down), actors as bars on a log scale; missing values labelled."""
    alt, ch = _alt()
    pick = ch.dropdown("ch00_link", list(LINKS), "Link: ", value=LINKS[0])
    fmt = lambda v: _sci(v) if v >= 1e12 else f"{v:,.0f}" if v >= 100 else f"{v:,.1f}" if v >= 1 else f"{v:,.2f}"
    d = links.with_columns(shown=pl.when(pl.col("value").is_null()).then(pl.lit("missing (no data)"))
                           .otherwise(pl.col("value").map_elements(fmt, return_dtype=pl.String)
                                      + pl.lit(" · ") + pl.col("detail")))
    base = alt.Chart(d).transform_filter(alt.datum.link == pick)
    y = alt.Y("actor:N", sort=list(ACTORS), title=None)
    tip = [alt.Tooltip("actor:N", title="Actor"), alt.Tooltip("link:N", title="Link"),
           alt.Tooltip("value:Q", title="Value", format=".3~s"), alt.Tooltip("detail:N", title="Detail")]
    bars = base.transform_filter("isValid(datum.value)").mark_bar().encode(
        x=alt.X("value:Q", scale=alt.Scale(type="log", nice=True), stack=None,
                title="value (log scale; unit in the drop-down)"),
        y=y, color=alt.value("#b9d7ec"), tooltip=tip)
    # the value and where it comes from, written inside the plot at the left (readable without hover)
    values = base.transform_filter("isValid(datum.value)").mark_text(
        align="left", dx=4, fontSize=10, color=ch.INK, limit=330).encode(x=alt.value(0), y=y, text="shown:N",
                                                                        tooltip=tip)
    missing = base.transform_filter("!isValid(datum.value)").mark_text(align="left", dx=4, color="#7b8794",
                                                                        fontStyle="italic").encode(
        x=alt.value(0), y=y, text="shown:N", tooltip=tip)
    return ch.finish(alt.layer(bars, values, missing).add_params(pick)
                     .properties(height=300),
                     title="The chain for the main actors, 2025",
                     source="five data/ tables (see text)",
                     description="Horizontal bars on a log scale, one per actor, for the link chosen in the drop-down, "
                                 "each with its value and source detail written on it; actors without data are "
                                 "labelled missing instead of drawn as zero.")


def chart_scatter(points: pl.DataFrame, x: str, y: str, label: str, xtitle: str, ytitle: str, title: str,
                  source: str, description: str, fit: dict | None = None, ylog: bool = True, color: str = "country"):
    """A log-log (or log-linear) scatter with labels, a legend-bound highlight and an optional fitted line."""
    alt, ch = _alt()
    d = points.drop_nulls([x, y])
    names = sorted(d[color].unique().to_list())
    sel = alt.selection_point(fields=[color], bind="legend")
    yscale = alt.Scale(type="log") if ylog else alt.Scale(zero=False)
    tip = [alt.Tooltip(f"{label}:N"), alt.Tooltip(f"{color}:N"), alt.Tooltip(f"{x}:Q", title=xtitle, format=",.3~f"),
           alt.Tooltip(f"{y}:Q", title=ytitle, format=".3~s" if ylog else ",.1f")]
    enc = dict(x=alt.X(f"{x}:Q", scale=alt.Scale(type="log"), title=xtitle), y=alt.Y(f"{y}:Q", scale=yscale, title=ytitle))
    dots = alt.Chart(d).mark_circle(size=110).encode(
        **enc, color=alt.Color(f"{color}:N", scale=ch.color_scale(names), title=None),
        opacity=alt.condition(sel, alt.value(0.95), alt.value(0.15)), tooltip=tip).add_params(sel)
    # neighbours along x take opposite sides, so close points (OpenAI, Anthropic) keep apart labels
    d = d.sort(x, label).with_columns(side=pl.int_range(pl.len()) % 2)
    text = [alt.Chart(d.filter(pl.col("side") == k)).mark_text(
        align=align, dx=dx, dy=dy, fontSize=10, color=ch.INK).encode(
        **enc, text=f"{label}:N", opacity=alt.condition(sel, alt.value(1.0), alt.value(0.2)))
        for k, align, dx, dy in ((0, "left", 7, -7), (1, "right", -7, 10))]
    layers = [dots, *text]
    if fit:
        lo, hi = float(d[x].min()), float(d[x].max())
        xs = np.logspace(np.log10(lo), np.log10(hi), 20)
        ys = fit["intercept"] + fit["slope"] * np.log10(xs)
        line = pl.DataFrame({x: xs, y: 10 ** ys if ylog else ys, "fit": [f"OLS slope {fit['slope']:.2f}"] * 20})
        layers.insert(0, alt.Chart(line).mark_line(color="#7b8794", strokeDash=[5, 3]).encode(
            **enc, tooltip=[alt.Tooltip("fit:N", title="Fitted line")]))
    return ch.finish(alt.layer(*layers).properties(height=340), title=title, source=source, description=description)


def chart_us_share(shares: pl.DataFrame):
    """Chapter 1: the US share under every definition, one bar per definition and period; 80% marked."""
    alt, ch = _alt()
    d = shares.with_columns(period=pl.when(pl.col("coverage") == "full_year").then(pl.col("year").cast(pl.String))
                            .otherwise(pl.col("coverage")),
                            year_s=pl.col("year").cast(pl.String))
    short = pl.col("definition").str.split(":").list.first().str.replace(r" \(.*\)", "")
    short = pl.when(pl.col("measure").str.starts_with("genai")).then(short + " genAI").otherwise(short)
    d = d.with_columns(row=pl.concat_str(short, pl.lit(", "), "period"))
    sel = alt.selection_point(fields=["year_s"], bind="legend")
    bars = alt.Chart(d).mark_bar().encode(
        x=alt.X("share_pct:Q", title="US (or North America) share, %", scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("row:N", sort="-x", title=None, axis=alt.Axis(labelLimit=130)),
        color=alt.Color("year_s:N", title="Year", scale=alt.Scale(range=["#9aa5b1", "#56B4E9", "#0072B2"])),
        opacity=alt.condition(sel, alt.value(1.0), alt.value(0.2)),
        tooltip=[alt.Tooltip("definition:N"), alt.Tooltip("period:N"), alt.Tooltip("geography:N", title="Region"),
                 alt.Tooltip("share_pct:Q", title="Share, %", format=".1f"), alt.Tooltip("basis:N"),
                 alt.Tooltip("us_usd_bn:Q", title="US, USD bn", format=",.1f"),
                 alt.Tooltip("world_usd_bn:Q", title="World, USD bn", format=",.1f")]).add_params(sel)
    rule = alt.Chart(pl.DataFrame({"x": [80.0], "t": ["the essay's 80%"]})).mark_rule(
        color="#D55E00", strokeDash=[4, 3]).encode(x="x:Q", tooltip=[alt.Tooltip("t:N", title="Line")])
    return ch.finish(alt.layer(bars, rule).properties(height=380), title="US share of AI money, by definition",
                     source="eight providers in data/ai_investment.csv",
                     description="Horizontal bars of the US or North American share of AI investment for each provider "
                                 "and period, 2023 to 2025, with a dashed line at 80 percent.")


def chart_country_shares(by_country: pl.DataFrame):
    """Chapter 1: each country's share of world AI equity (CSET) per year; legend-bound highlight."""
    alt, ch = _alt()
    s = concentration.shares(by_country, "geography", "usd_bn", by="year").with_columns(share_pct=pl.col("share") * 100)
    order = (s.group_by("geography").agg(pl.col("usd_bn").sum()).sort(["usd_bn", "geography"], descending=[True, False])["geography"].to_list())
    sel = alt.selection_point(fields=["geography"], bind="legend")
    chart = alt.Chart(s).mark_line(point=True).encode(
        x=alt.X("year:O", title=None), y=alt.Y("share_pct:Q", title="share of world AI equity investment, %"),
        color=alt.Color("geography:N", scale=ch.color_scale(order), sort=order, title=None),
        opacity=alt.condition(sel, alt.value(1.0), alt.value(0.12)),
        tooltip=[alt.Tooltip("geography:N"), alt.Tooltip("year:O"), alt.Tooltip("share_pct:Q", title="Share, %", format=".2f"),
                 alt.Tooltip("usd_bn:Q", title="USD bn (2021 prices)", format=",.2f")]).add_params(sel)
    return ch.finish(chart.properties(height=320), title="Shares of world AI equity, 2014–2023",
                     source="CSET via Our World in Data (CC BY 4.0)",
                     description="Lines of each country's share of world AI equity investment per year from 2014 to "
                                 "2023; the United States stays far above every other country.")


def chart_concentration(conc: pl.DataFrame):
    """Chapter 1: HHI band (low-high) and the 1,800 'highly concentrated' line, per year."""
    alt, ch = _alt()
    d = conc.with_columns(us_pct=pl.col("us_share") * 100, top3_pct=pl.col("top_3_share") * 100)
    hover = alt.selection_point(fields=["year"], on="pointerover", nearest=True, empty=False)
    tip = [alt.Tooltip("year:O"), alt.Tooltip("hhi_low:Q", title="HHI, low", format=",.0f"),
           alt.Tooltip("hhi_high:Q", title="HHI, high", format=",.0f"), alt.Tooltip("us_pct:Q", title="US share, %", format=".1f"),
           alt.Tooltip("top3_pct:Q", title="Top-3 share, %", format=".1f")]
    x = alt.X("year:O", title=None)
    band = alt.Chart(d).mark_area(opacity=0.35, color="#0072B2").encode(
        x=x, y=alt.Y("hhi_low:Q", title="HHI (0–10,000) across countries", scale=alt.Scale(domain=[0, 10000])),
        y2="hhi_high:Q", tooltip=tip)
    pts = alt.Chart(d).mark_point(filled=True, color="#0072B2").encode(
        x=x, y="hhi_high:Q", size=alt.condition(hover, alt.value(160), alt.value(50)), tooltip=tip).add_params(hover)
    rule = alt.Chart(pl.DataFrame({"y": [1800.0], "t": ["1,800: 'highly concentrated' in US merger practice"]})).mark_rule(
        color="#D55E00", strokeDash=[4, 3]).encode(y="y:Q", tooltip=[alt.Tooltip("t:N", title="Line")])
    return ch.finish(alt.layer(band, rule, pts).properties(height=300), title="HHI of AI money across countries",
                     source="CSET via Our World in Data",
                     description="A shaded band per year between a low and a high estimate of the HHI of AI equity "
                                 "investment across countries, always well above the 1,800 line.")


def chart_mega_rounds(year_raised: pl.DataFrame):
    """Chapter 1: new money per company in one year, split into priced rounds and strategic pledges."""
    alt, ch = _alt()
    sel = alt.selection_point(fields=["kind"], bind="legend")
    chart = alt.Chart(year_raised).mark_bar().encode(
        x=alt.X("usd_bn:Q", title="new money, USD bn", stack=True),
        # "max", not the default sum: a company with two kinds of money has two rows with the same total
        y=alt.Y("company:N", sort=alt.EncodingSortField("total", op="max", order="descending"), title=None),
        color=alt.Color("kind:N", title=None, scale=alt.Scale(range=["#0072B2", "#E69F00"])),
        opacity=alt.condition(sel, alt.value(1.0), alt.value(0.2)),
        tooltip=[alt.Tooltip("company:N"), alt.Tooltip("kind:N"), alt.Tooltip("usd_bn:Q", title="USD bn", format=",.1f"),
                 alt.Tooltip("total:Q", title="Company total, USD bn", format=",.1f")]).add_params(sel)
    return ch.finish(chart.properties(height=320), title="The 2025 mega-rounds",
                     source="data/funding_rounds.csv (book counting rule)",
                     description="Horizontal stacked bars of new money raised in 2025 per company, priced rounds in "
                                 "blue and strategic pledges in orange; OpenAI, Anthropic and Scale AI lead.")


#: readable names of Japan's start-up money providers (ai_investment.csv's provider codes)
JAPAN_PROVIDERS = {
    "cabinet_secretariat": "Cabinet Secretariat (VC total)", "initial_speeda": "INITIAL (Speeda)",
    "meti_report": "METI report", "recof": "Recof", "startup_db": "STARTUP DB",
    "vec": "VEC: investment by Japanese VCs",
}


def chart_japan_funding(jf: pl.DataFrame):
    """Chapter 1: Japan's start-up and VC totals, in yen or dollars (drop-down), one colour per provider."""
    alt, ch = _alt()
    unit = ch.dropdown("ch01_unit", ["yen (JPY bn)", "dollars (USD bn)"], "Show in: ")
    d = jf.filter(pl.col("full_year") | pl.col("coverage").str.starts_with("FY")).with_columns(
        series=pl.col("provider").replace_strict(JAPAN_PROVIDERS, default=pl.col("provider"))
        + pl.when(pl.col("measure") == "vc_investment_by_domestic_vcs_in_japan").then(pl.lit(" in Japan"))
        .when(pl.col("measure") == "vc_investment_by_domestic_vcs").then(pl.lit(" everywhere"))
        .otherwise(pl.lit("")))
    sel = alt.selection_point(fields=["series"], bind="legend")
    chart = alt.Chart(d).transform_calculate(
        shown=f"{unit.name} == 'yen (JPY bn)' ? datum.jpy_bn : datum.usd_converted_bn").mark_line(point=True).encode(
        x=alt.X("year:O", title=None), y=alt.Y("shown:Q", title="billion (yen or USD, per the drop-down)"),
        color=alt.Color("series:N", title=None), opacity=alt.condition(sel, alt.value(1.0), alt.value(0.12)),
        tooltip=[alt.Tooltip("series:N", title="Series"), alt.Tooltip("coverage:N"), alt.Tooltip("year:O"),
                 alt.Tooltip("jpy_bn:Q", title="JPY bn", format=",.1f"), alt.Tooltip("per_usd:Q", title="JPY per USD", format=".2f"),
                 alt.Tooltip("usd_converted_bn:Q", title="USD bn (converted)", format=",.2f")]).add_params(unit, sel)
    return ch.finish(chart.properties(height=320), title="Japan's start-up and VC money",
                     source="six Japanese series; fx_rates.csv",
                     description="Lines of Japan's yearly start-up funding by provider, switchable between billions of "
                                 "yen and billions of dollars; the totals stay between about 2 and 7 billion dollars.")


def chart_clusters(japan: pl.DataFrame, us: pl.DataFrame):
    """Chapter 1: Japan's operational clusters by owner type against the three largest US ones (log scale)."""
    alt, ch = _alt()
    d = pl.concat([
        japan.filter(pl.col("operational") & pl.col("h100_equivalents").is_not_null())
        .select("name", "owner", group=pl.concat_str(pl.lit("Japan: "), "owner_type"), h100e="h100_equivalents"),
        us.select("name", "owner", group=pl.lit("United States: largest"), h100e="h100_equivalents")])
    groups = ["United States: largest", "Japan: public", "Japan: company", "Japan: start-up"]
    sel = alt.selection_point(fields=["group"], bind="legend")
    chart = alt.Chart(d).mark_bar().encode(
        x=alt.X("h100e:Q", scale=alt.Scale(type="log", domain=[1, 1e6]), stack=None,
                title="H100-equivalents (log scale)"),
        y=alt.Y("name:N", sort="-x", title=None, axis=alt.Axis(labelLimit=120, labelFontSize=9)),
        color=alt.Color("group:N", sort=groups, scale=alt.Scale(domain=groups, range=["#0072B2", "#CC79A7", "#E69F00", "#D55E00"]), title=None,
                        legend=alt.Legend(columns=2)),
        opacity=alt.condition(sel, alt.value(1.0), alt.value(0.15)),
        tooltip=[alt.Tooltip("name:N"), alt.Tooltip("owner:N"), alt.Tooltip("group:N", title="Group"),
                 alt.Tooltip("h100e:Q", title="H100e", format=",.0f")]).add_params(sel)
    return ch.finish(chart.properties(height=520), title="Japan's AI clusters vs the largest US ones",
                     source="Epoch AI (CC BY 4.0), data/clusters.csv",
                     description="Horizontal bars on a log scale: the three largest US clusters near half a million "
                                 "H100-equivalents, then Japan's operational clusters, the largest about nine thousand.")


def chart_backwards(bk: pl.DataFrame, japan_vc_usd_bn: float):
    """Chapter 1: run cost and capital behind the largest 2025 runs, against Japan's annual VC (line)."""
    alt, ch = _alt()
    d = bk.unpivot(index=["model", "training_flop"], on=["run_cost_usd_bn", "capital_usd_bn"],
                   variable_name="what", value_name="usd_bn").with_columns(
        what=pl.col("what").replace({"run_cost_usd_bn": "final run (rental)", "capital_usd_bn": "capital behind it"}),
        pct=100 * pl.col("usd_bn") / japan_vc_usd_bn)
    sel = alt.selection_point(fields=["what"], bind="legend")
    bars = alt.Chart(d).mark_bar().encode(
        y=alt.Y("model:N", title=None), yOffset="what:N", x=alt.X("usd_bn:Q", title="USD bn"),
        color=alt.Color("what:N", title=None, scale=alt.Scale(range=["#0072B2", "#E69F00"])),
        opacity=alt.condition(sel, alt.value(1.0), alt.value(0.2)),
        tooltip=[alt.Tooltip("model:N"), alt.Tooltip("what:N"), alt.Tooltip("usd_bn:Q", title="USD bn", format=",.2f"),
                 alt.Tooltip("pct:Q", title="% of Japan's annual VC", format=",.0f"),
                 alt.Tooltip("training_flop:Q", title="FLOP", format=".2~e")]).add_params(sel)
    rule = alt.Chart(pl.DataFrame({"x": [japan_vc_usd_bn], "t": ["Japan's start-up funding, 2024 (all sectors)"]})).mark_rule(
        color="#CC79A7", strokeWidth=2.5).encode(x="x:Q", tooltip=[alt.Tooltip("t:N", title="Line"),
                                                                    alt.Tooltip("x:Q", title="USD bn", format=".2f")])
    return ch.finish(alt.layer(bars, rule).properties(height=260), title="A 2025 frontier run, worked backwards",
                     source="Epoch AI (models.csv), genchain.chain, INITIAL",
                     description="Paired bars for the three largest 2025 training runs: the rental cost of the final run "
                                 "and the capital the chain needs behind it, with a vertical line at Japan's yearly start-up funding.")


def chart_japan_whatif(totals: pl.DataFrame, japan_jpy_bn: float, jpy_per_usd: float):
    """Chapter 1 'Try it': yen rate (slider) and world definition (drop-down) -> Japan's share; 1% marked."""
    alt, ch = _alt()
    rate = ch.slider("ch01_rate", jpy_per_usd, 80, 200, 1, "Yen per US dollar: ")
    defs = totals["definition"].to_list()
    pick = ch.dropdown("ch01_def", defs, "World AI total: ", value=defs[0])
    d = totals.with_columns(japan_jpy_bn=pl.lit(japan_jpy_bn))
    base = alt.Chart(d).transform_calculate(
        japan_usd_bn=chain.vega(fx.local_to_usd, "datum.japan_jpy_bn", rate.name),
        share_pct=chain.vega(japan_share_pct, "datum.japan_jpy_bn", rate.name, "datum.usd_bn"),
        chosen=f"datum.definition == {pick.name}")
    bars = base.mark_bar().encode(
        x=alt.X("share_pct:Q", title="Japan's start-up money as % of the world's AI money", scale=alt.Scale(domain=[0, 5])),
        y=alt.Y("definition:N", sort=defs, title=None, axis=alt.Axis(labelLimit=120)),
        color=alt.condition("datum.chosen", alt.value("#CC79A7"), alt.value("#c3cad2")),
        tooltip=[alt.Tooltip("definition:N"), alt.Tooltip("usd_bn:Q", title="World AI, USD bn", format=",.1f"),
                 alt.Tooltip("japan_usd_bn:Q", title="Japan, USD bn", format=",.2f"),
                 alt.Tooltip("share_pct:Q", title="Share, %", format=".2f")]).add_params(rate, pick)
    text = base.mark_text(align="left", dx=4, fontSize=11).encode(
        x="share_pct:Q", y=alt.Y("definition:N", sort=defs), text=alt.Text("share_pct:Q", format=".2f"),
        tooltip=[alt.Tooltip("share_pct:Q", title="Share, %", format=".2f")])
    rule = alt.Chart(pl.DataFrame({"x": [1.0], "t": ["1%: the essay's threshold"]})).mark_rule(
        color="#D55E00", strokeDash=[4, 3]).encode(x="x:Q", tooltip=[alt.Tooltip("t:N", title="Line")])
    return ch.finish(alt.layer(bars, text, rule).properties(height=230),
                     title="Try it: Japan's share vs the yen",
                     source="INITIAL 2024; world totals in ai_investment.csv",
                     description="Bars of Japan's start-up funding as a percent of five world AI totals; a slider sets "
                                 "the yen rate and a drop-down highlights one definition; a dashed line marks 1 percent.")


def chart_capital_need_whatif(capital_by_actor: pl.DataFrame, a: chain.Assumptions = chain.Assumptions()):
    """Chapter 0 'Try it': target run size (slider, log10 FLOP) -> capital needed (rule) against actors' capital."""
    alt, ch = _alt()
    f = ch.slider("ch00_flop", 26.0, 24.0, 28.0, 0.1, "Training run, log10 FLOP: ")
    # the chain worked backwards (chain.capital_for_run), written out as a Vega expression of the slider
    need = chain.vega(chain.capital_for_run, f"pow(10, {f.name})", a.peak_tflops, a.utilization,
                      a.accelerator_hour_usd, a.frontier_run_share, a.compute_share)
    d = capital_by_actor.drop_nulls("capital_usd_bn")
    base = alt.Chart(d).transform_calculate(need=need).transform_calculate(
        afford="datum.capital_usd_bn >= datum.need ? 'has raised enough' : 'has not raised enough'")
    bars = base.mark_bar().encode(
        x=alt.X("capital_usd_bn:Q", scale=alt.Scale(type="log", domain=[0.01, 3000], nice=False), stack=None,
                title="USD bn (log scale)"),
        y=alt.Y("actor:N", sort="-x", title=None),
        color=alt.Color("afford:N", title=None, scale=alt.Scale(domain=["has raised enough", "has not raised enough"],
                                                                range=["#009E73", "#c3cad2"])),
        tooltip=[alt.Tooltip("actor:N"), alt.Tooltip("capital_usd_bn:Q", title="Capital raised, USD bn", format=",.2f"),
                 alt.Tooltip("need:Q", title="Capital needed, USD bn", format=",.2f"), alt.Tooltip("afford:N")]).add_params(f)
    rule = base.mark_rule(color="#D55E00", strokeWidth=2.5).encode(
        x="need:Q", tooltip=[alt.Tooltip("need:Q", title="Capital needed, USD bn", format=",.2f")])
    # the numbers, written: each actor's capital at the end of its bar, the requirement beside the red line
    values = base.mark_text(align="left", dx=4, fontSize=10, color=ch.INK).encode(
        x="capital_usd_bn:Q", y=alt.Y("actor:N", sort="-x"), text=alt.Text("capital_usd_bn:Q", format=",.1f"))
    need_text = (alt.Chart(pl.DataFrame({"one": [1]}))
                 .transform_calculate(need=need)
                 .transform_calculate(t="'a run of 10^' + format(" + f.name + ", '.1f') + ' FLOP needs '"
                                        " + format(datum.need, ',.1f') + ' bn'")
                 .mark_text(align="left", dx=5, baseline="bottom", fontSize=11, fontWeight="bold", color="#D55E00")
                 .encode(x=alt.X("need:Q", scale=alt.Scale(type="log", domain=[0.01, 3000], nice=False)),
                         y=alt.value(248),
                         text="t:N"))
    return ch.finish(alt.layer(bars, rule, values, need_text).properties(height=250),
                     title="Try it: which actors can pay for a run?",
                     source="funding_rounds.csv; genchain.chain defaults",
                     description="Bars of capital raised per actor on a log scale, each labelled with its value, "
                                 "with a red line, labelled, at the capital a training run of the chosen size needs; "
                                 "bars turn green when the actor has raised enough.")


def chart_capital_need(frame: pl.DataFrame, log10_flop: float, utilization: float):
    """The live panel's chart: each actor's capital (bar, labelled) against the capital a run needs (red line).

    ``frame`` has columns actor, capital_usd_bn, needed_usd_bn, can_afford (``chart.data`` keeps it).
    """
    alt, ch = _alt()
    need = float(frame["needed_usd_bn"][0])
    base = alt.Chart(frame).transform_calculate(
        afford="datum.can_afford ? 'has raised enough' : 'has not raised enough'")
    xs = alt.Scale(type="log", domain=[0.01, 3000], nice=False)
    y = alt.Y("actor:N", sort=alt.EncodingSortField("capital_usd_bn", order="descending"), title=None)
    tip = [alt.Tooltip("actor:N"), alt.Tooltip("capital_usd_bn:Q", title="Capital raised, USD bn", format=",.2f"),
           alt.Tooltip("needed_usd_bn:Q", title="Capital needed, USD bn", format=",.2f")]
    bars = base.mark_bar().encode(
        x=alt.X("capital_usd_bn:Q", scale=xs, title="USD bn (log scale)", stack=None), y=y,
        color=alt.Color("afford:N", title=None, scale=alt.Scale(domain=["has raised enough", "has not raised enough"],
                                                                range=["#009E73", "#c3cad2"])), tooltip=tip)
    values = base.mark_text(align="left", dx=4, fontSize=10, color=ch.INK).encode(
        x=alt.X("capital_usd_bn:Q", scale=xs), y=y, text=alt.Text("capital_usd_bn:Q", format=",.1f"))
    rule = base.mark_rule(color="#D55E00", strokeWidth=2.5).encode(
        x=alt.X("needed_usd_bn:Q", scale=xs), tooltip=tip[2:])
    out = ch.finish(alt.layer(bars, values, rule).properties(height=250),
                    title=f"A run of 10^{log10_flop:.1f} FLOP needs {need:,.1f} bn of capital",
                    subtitle=f"utilisation {utilization:.2f}; red line: capital needed",
                    source="funding_rounds.csv; genchain.chain",
                    description="Bars of capital raised per actor on a log scale, each labelled, with a red line at "
                                "the capital the chosen training run needs; bars are green when the actor has raised "
                                "enough.")
    out.data = frame
    return out


def chart_capital_flop(points: pl.DataFrame):
    """Chapter 0: capital raised against the largest training run (log-log), one labelled dot per actor.

    ``points`` is :func:`capital_vs_run`. Labels sit right of their dot, except the rightmost,
    which sits left, and a label whose dot is within a third of a decade (in x and y) of a dot
    already labelled moves below it, so names never run into each other.
    """
    alt, ch = _alt()
    d = points.sort("capital_usd_bn")
    lx, ly = np.log10(d["capital_usd_bn"].to_numpy()), np.log10(d["max_flop"].to_numpy())
    align, dy = [], []
    for i in range(d.height):
        align.append("right" if i == d.height - 1 else "left")
        near = any(abs(lx[i] - lx[j]) < 0.34 and abs(ly[i] - ly[j]) < 0.34 for j in range(i))
        dy.append(14 if near else -10)
    d = d.with_columns(align=pl.Series(align), dy=pl.Series(dy),
                       flop_text=pl.col("max_flop").map_elements(_sci, return_dtype=pl.String))
    enc = dict(x=alt.X("capital_usd_bn:Q", scale=alt.Scale(type="log"), title="capital raised to end-2025, USD bn (log)"),
               y=alt.Y("max_flop:Q", scale=alt.Scale(type="log"), title="largest training run, FLOP (log)",
                       axis=alt.Axis(format=".0e")))
    tip = [alt.Tooltip("actor:N", title="Actor"), alt.Tooltip("capital_usd_bn:Q", title="Capital, USD bn", format=",.1f"),
           alt.Tooltip("flop_text:N", title="Largest run, FLOP")]
    dots = alt.Chart(d).mark_circle(size=120, opacity=0.95).encode(
        **enc, color=alt.Color("actor:N", scale=ch.color_scale(d["actor"].to_list()), legend=None), tooltip=tip)
    layers = [dots]
    for a in ("left", "right"):
        for off in (-10, 14):
            part = d.filter((pl.col("align") == a) & (pl.col("dy") == off))
            if part.height:
                layers.append(alt.Chart(part).mark_text(align=a, dx=8 if a == "left" else -8, dy=off, fontSize=11,
                                                        color=ch.INK).encode(**enc, text="actor:N", tooltip=tip))
    return ch.finish(alt.layer(*layers).properties(height=340), title="Capital vs largest run, by actor",
                     source="funding_rounds.csv; Epoch AI models.csv",
                     description="Scatter on log-log axes of capital raised against the largest training run, one "
                                 "labelled dot per actor with both numbers; larger capital mostly goes with larger runs.")


# ---- Chapter 1's verdict rules: evidence in, verdict out (shown in the chapter's claim boxes) ----

def verdict_c0_2(us_share_pct: float, japan_ai_share_pct: float) -> str:
    """C0.2 (about 80% to the US, under 1% to Japan): supported when the US share is within a tenth
    of 80% (the claim ledger's rubric, rule 3: 72 to 88) *and* Japan's AI share is under 1%; partly
    supported when only one holds; else not supported."""
    holds = [abs(us_share_pct - 80) <= 8, japan_ai_share_pct < 1]
    return "supported" if all(holds) else "partly_supported" if any(holds) else "not_supported"


def verdict_c1_1(top_two_same: bool, rank_correlation: float) -> str:
    """C1.1 (money, compute and models pool in the same places): supported when the same two countries
    lead money and compute and the ranks agree below them (Spearman >= 0.7); partly supported when only
    the leaders agree; not supported otherwise."""
    if top_two_same and rank_correlation >= 0.7:
        return "supported"
    return "partly_supported" if top_two_same else "not_supported"


def verdict_c1_2(us_share_rose: bool, hhi_rising: bool) -> str:
    """C1.2 (concentration has become extreme): supported when the US share rose *and* the HHI trend
    rises; partly supported when one of the two does; not supported when neither."""
    return "supported" if us_share_rose and hhi_rising else (
        "partly_supported" if us_share_rose or hhi_rising else "not_supported")


def verdict_c1_3(us_share_pct: float) -> str:
    """C1.3 (about 80% of 2025 AI money to US companies): supported within a tenth of 80% (the claim
    ledger's rubric, rule 3: 72 to 88), otherwise not supported."""
    return "supported" if abs(us_share_pct - 80) <= 8 else "not_supported"


def verdict_c1_4(top5_share_of_ai_pct: float, spending_disclosed: bool) -> str:
    """C1.4 (a few companies absorb the money and spend it on GPUs): the first half holds when the five
    largest raisers take at least a quarter of the AI total; the second can only be shown if spending is
    disclosed. Both: supported; the first only: partly supported."""
    absorbed = top5_share_of_ai_pct >= 25
    if absorbed and spending_disclosed:
        return "supported"
    return "partly_supported" if absorbed else "not_supported"


def verdict_c1_5(elasticity_lo: float) -> str:
    """C1.5 (the loop money -> compute -> models): partly supported when the elasticity's interval lies
    above zero (an association, never a measured loop); not supported otherwise."""
    return "partly_supported" if elasticity_lo > 0 else "not_supported"


def verdict_c1_6(japan_usd_bn: float, share_of_world_ai_pct: float) -> str:
    """C1.6 (Japan raises a few billion dollars, under 1% of the world's AI money): each half checked
    on its own (1-10 USD bn; under 1%); both hold: supported; one: partly supported; none: not supported."""
    holds = [1 <= japan_usd_bn <= 10, share_of_world_ai_pct < 1]
    return "supported" if all(holds) else "partly_supported" if any(holds) else "not_supported"


def verdict_c1_7(startup_h100e: float, largest_us_h100e: float) -> str:
    """C1.7 (hardly any Japanese start-up runs a large GPU cluster, the root reason for few model makers):
    the measurable half holds when the largest start-up cluster is not large by the claim ledger's rubric
    (rule 5: large = within an order of magnitude of the largest US site at the same date, so under 10% of
    it); the causal half is not testable, so the verdict is at most partly supported."""
    return "partly_supported" if startup_h100e < 0.1 * largest_us_h100e else "not_supported"
