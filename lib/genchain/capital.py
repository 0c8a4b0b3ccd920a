"""The first link of the chain: where AI money goes, by country and by definition, and what it buys.

Chapters 0 and 1 use this module. Amounts are billion US dollars (USD bn) unless a name
says otherwise (``_jpy_bn`` = billion yen); shares are 0-1 fractions unless the name ends
in ``_pct`` (percent, 0-100); training compute is in FLOP.

The functions take the validated tables of :mod:`genchain.data` and return polars frames:

* :func:`us_share_by_definition` - the US (or North American) share of AI money under every
  provider's definition, stated by the source or computed from its own world total;
* :func:`cset_by_country`, :func:`concentration_by_year` - the long CSET series (2014-2023)
  by country, with HHI bounds, the US share and the top-3 share per year;
* :func:`fx_rate`, :func:`to_usd`, :func:`japan_funding` - yen to dollars at annual average
  rates, with missing years reported, never filled silently;
* :func:`loop_points`, :func:`elasticity` - the self-reinforcing loop: cumulative capital
  against largest training run and best Arena rating, and the OLS slope of log10 FLOP on
  log10 capital with a seeded bootstrap interval;
* :func:`chain_backwards` - what the largest runs cost and what share of Japan's annual VC that is;
* :func:`actor_links` - one row per actor and link of the chain (chapter 0), missing stays missing;
* :func:`japan_share_panel`, :func:`capital_need_panel` - the live what-if panels.

>>> round(to_usd_value(779.3, 151.37), 2)   # INITIAL 2024 total at the 2024 average rate
5.15
"""

from __future__ import annotations

import numpy as np
import polars as pl

from . import chain, concentration, rounds
from .data import as_date

__all__ = [
    "AI_MEASURES", "DEFINITION_LABELS", "ORG_ALIASES", "MissingRateError",
    "us_share_by_definition", "cset_by_country", "concentration_by_year", "japan_share_cset",
    "fx_rate", "to_usd_value", "to_usd", "japan_funding", "world_ai_totals",
    "loop_points", "elasticity", "spearman", "country_links",
    "japan_clusters", "largest_clusters", "largest_runs", "compute_commitments", "NOT_PURCHASES", "ACTORS", "LINKS", "chain_backwards", "actor_links",
    "japan_share", "japan_share_panel", "capital_need", "capital_need_panel",
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

#: company names in ``funding_rounds`` -> the organisation name used in ``models`` and ``leaderboard``
ORG_ALIASES = {"Zhipu AI (Knowledge Atlas)": "Zhipu AI", "Baichuan AI": "Baichuan"}

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
            .group_by("year").agg(top_3_share=pl.col("share").top_k(3).sum()))
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


# ---------------------------------------------------------------- exchange rates

class MissingRateError(KeyError):
    """No annual average exchange rate for a currency and year in ``fx_rates``."""


def fx_rate(fx: pl.DataFrame, year: int, currency: str = "JPY") -> float:
    """Units of ``currency`` per US dollar, annual average for ``year``; raises :class:`MissingRateError`."""
    hit = fx.filter((pl.col("year") == year) & (pl.col("currency") == currency))
    if hit.height == 0:
        have = sorted(fx.filter(pl.col("currency") == currency)["year"].to_list())
        raise MissingRateError(f"no {currency} rate for {year} in fx_rates.csv (years present: {have})")
    return float(hit["per_usd"][0])


def to_usd_value(amount_local_bn: float, per_usd: float) -> float:
    """Billion local units / (units per USD) = billion USD."""
    if per_usd <= 0:
        raise ValueError(f"an exchange rate must be positive, got {per_usd}")
    return amount_local_bn / per_usd


def to_usd(frame: pl.DataFrame, fx: pl.DataFrame, on_missing: str = "raise") -> pl.DataFrame:
    """Convert ``amount_local_bn`` (in ``local_currency``, for ``year``) to ``usd_converted_bn``.

    Adds ``per_usd`` (annual average) and ``fx_missing`` (True where no rate exists).
    ``on_missing="raise"`` raises :class:`MissingRateError` naming every missing year;
    ``"keep"`` keeps those rows with null dollars (and ``fx_missing`` True) so a chapter can
    show them with a note. Nothing is filled in from a neighbouring year.
    """
    if on_missing not in ("raise", "keep"):
        raise ValueError("on_missing must be 'raise' or 'keep'")
    rates = fx.select("year", pl.col("currency").alias("local_currency"), "per_usd")
    out = (frame.join(rates, on=["year", "local_currency"], how="left")
           .with_columns(fx_missing=pl.col("amount_local_bn").is_not_null() & pl.col("per_usd").is_null())
           .with_columns(usd_converted_bn=pl.col("amount_local_bn") / pl.col("per_usd")))
    missing = out.filter(pl.col("fx_missing")).select("local_currency", "year").unique().sort("year")
    if missing.height and on_missing == "raise":
        pairs = ", ".join(f"{c} {y}" for c, y in missing.iter_rows())
        raise MissingRateError(f"no annual exchange rate in fx_rates.csv for: {pairs}")
    return out


def japan_funding(inv: pl.DataFrame, fx: pl.DataFrame) -> pl.DataFrame:
    """Japan's start-up and VC totals in yen and dollars, one row per series, year and coverage.

    Keeps every provider's figure (INITIAL/Speeda, METI report, STARTUP DB, Recof, VEC, Cabinet
    Secretariat), converts yen at the annual average (``usd_converted_bn``; null with
    ``fx_missing`` where no rate exists) next to the dollar figure the source stated
    (``usd_stated_bn``). Columns: year, coverage, provider, measure, jpy_bn, per_usd,
    usd_converted_bn, usd_stated_bn, fx_missing, full_year, source_id, note.
    """
    rows = inv.filter((pl.col("geography") == "Japan") & (pl.col("local_currency") == "JPY"))
    return (to_usd(rows, fx, on_missing="keep")
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
                as_of: str = "2025-12-31", **raised_kw) -> pl.DataFrame:
    """One row per organisation: capital raised up to ``as_of`` vs its largest run and best rating by then.

    Capital = :func:`genchain.rounds.raised` until ``as_of`` (the book's counting rule;
    keyword arguments pass through, e.g. ``include_pledges=False``). Largest run = max
    ``training_flop`` of its models released by ``as_of``; best rating = highest Arena rating
    (no style control) in snapshots up to ``as_of``. Names are matched through
    :data:`ORG_ALIASES`. Organisations without money raised in the table (Google DeepMind,
    Meta, DeepSeek) do not appear. Columns: organization, country, capital_usd_bn, rounds,
    max_flop, best_rating.
    """
    cap = (rounds.raised(funding, by=["company", "country"], until=as_of, **raised_kw)
           .with_columns(organization=pl.col("company").replace(ORG_ALIASES))
           .select("organization", "country", capital_usd_bn="raised_usd_bn", rounds="rounds"))
    flop = (models.filter((as_date("released") <= pl.lit(as_of).str.to_date())
                          & pl.col("training_flop").is_not_null())
            .group_by("organization").agg(max_flop=pl.col("training_flop").max()))
    rating = (leaderboard.filter((pl.col("snapshot_date").str.to_date() <= pl.lit(as_of).str.to_date())
                                 & ~pl.col("style_control") & (pl.col("category") == "overall"))
              .group_by("organization").agg(best_rating=pl.col("rating").max()))
    return (cap.join(flop, on="organization", how="left").join(rating, on="organization", how="left")
            .sort("capital_usd_bn", descending=True))


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
    comp = (compute_shares.filter((pl.col("metric") == "share_h100e") & (pl.col("as_of") == f"{year}-12-31"))
            .select(geography="country", compute_pct="share_pct"))
    flop = (models.filter(as_date("released") < pl.date(year + 1, 1, 1))
            .group_by("country").agg(max_flop=pl.col("training_flop").max()).rename({"country": "geography"}))
    return (money.join(comp, on="geography", how="left").join(flop, on="geography", how="left")
            .sort("money_pct", descending=True))


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
            .sort("h100_equivalents", descending=True).head(k)
            .select("name", "owner", "country", "year", "h100_equivalents", "power_mw", "source_id"))


def largest_runs(models: pl.DataFrame, year: int = 2025, k: int = 3) -> pl.DataFrame:
    """The ``k`` largest training runs (FLOP) among models released in ``year``."""
    return (models.filter(pl.col("released").str.starts_with(str(year)) & pl.col("training_flop").is_not_null())
            .sort("training_flop", descending=True).head(k)
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


def compute_commitments(deals: pl.DataFrame, year: int = 2025) -> pl.DataFrame:
    """Headline dollar value of compute purchases each lab announced in ``year`` (USD bn; ceilings, not cash).

    Leaves out :data:`NOT_PURCHASES`. Columns: company, value_usd_bn, deals, deals_without_value.
    """
    return (deals.filter(pl.col("announced").str.starts_with(str(year)) & ~pl.col("deal_type").is_in(NOT_PURCHASES))
            .group_by("company").agg(value_usd_bn=pl.col("value_usd_bn").sum(), deals=pl.len(),
                                     deals_without_value=pl.col("value_usd_bn").null_count())
            .sort("value_usd_bn", descending=True))


# ---------------------------------------------------------------- chapter 0: the chain, actor by actor

#: actor -> (company names in funding_rounds, organisations in models, cluster-name/owner/users pattern,
#: company in compute_deals / revenue)
ACTORS = {
    "OpenAI": (["OpenAI"], ["OpenAI"], "OpenAI", "OpenAI"),
    "Anthropic": (["Anthropic"], ["Anthropic"], "Anthropic|Rainier", "Anthropic"),
    "xAI": (["xAI"], ["xAI"], "xAI", "xAI"),
    "Google DeepMind": ([], ["Google DeepMind"], "Google", "Google DeepMind"),
    "Meta": ([], ["Meta"], "Meta", "Meta"),
    "Chinese labs": (None, None, "China", None),
    "Anduril": (["Anduril"], ["Anduril"], "Anduril", "Anduril"),
    "Japan": (None, None, "Japan", None),
}
#: compute-deal types that are not purchases by the lab: aggregates, plans, projections, a supplier's
#: own capex, or an investment ceiling (money INTO the lab). Left out of commitment sums.
NOT_PURCHASES = ("aggregate commitments", "compute budget projection", "joint-venture infrastructure program",
                 "own US data centers (investment plan)", "investment plus systems supply",
                 "dedicated cluster (AWS capex)")
LINKS = ("Capital raised (USD bn, cumulative)", "Compute purchases announced in the year (USD bn)",
         "Largest operational cluster (H100-equivalents)", "Largest training run (FLOP)",
         "Revenue in the year (USD bn)")


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
    end = f"{year}-12-31"
    raised = rounds.raised(funding, by=["company", "country"], until=end)
    ops = clusters.filter((pl.col("status") == "operational") & (pl.col("year") <= year)
                          & pl.col("h100_equivalents").is_not_null())
    ops = ops.with_columns(users=pl.col("note").str.extract(r"Users[^:]*: ([^.]*)"))
    mods = models.filter((as_date("released") <= pl.lit(end).str.to_date()) & pl.col("training_flop").is_not_null())
    d = deals.filter(pl.col("announced").str.starts_with(str(year)) & ~pl.col("deal_type").is_in(NOT_PURCHASES))
    rev = revenue.filter((pl.col("metric") == "revenue") & (pl.col("period") == str(year)))
    rows = []
    for actor, (companies, orgs, pattern, co) in ACTORS.items():
        country = {"Chinese labs": "China", "Japan": "Japan"}.get(actor)
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
        rr = rev.filter(pl.col("company") == co) if co else rev.clear()
        top_cl = cl.sort("h100_equivalents", descending=True).head(1)
        top_m = m.sort("training_flop", descending=True).head(1)
        rows += [
            (actor, LINKS[0], cap["raised_usd_bn"].sum() if cap.height else None,
             f"{cap['rounds'].sum()} rounds" if cap.height else "no rounds in the table"),
            (actor, LINKS[1], dd["value_usd_bn"].sum() if dd["value_usd_bn"].is_not_null().any() else None,
             f"{dd.height} deals ({dd['value_usd_bn'].null_count()} without a value)" if dd.height
             else "no deal in the table"),
            (actor, LINKS[2], top_cl["h100_equivalents"][0] if top_cl.height else None,
             top_cl["name"][0] if top_cl.height else "no operational cluster in the table"),
            (actor, LINKS[3], top_m["training_flop"][0] if top_m.height else None,
             top_m["model"][0] if top_m.height else "no estimate in the table"),
            # several sources for one company-year: report the median and say how many
            (actor, LINKS[4], rr["value_usd_bn"].median() if rr.height else None,
             f"median of {rr.height} reports" if rr.height > 1 else ("reported" if rr.height else "not reported")),
        ]
    return pl.DataFrame(rows, schema={"actor": pl.String, "link": pl.String, "value": pl.Float64,
                                      "detail": pl.String}, orient="row")


# ---------------------------------------------------------------- what-ifs (static twin in the notebook)

def japan_share(japan_jpy_bn: float, jpy_per_usd: float, world_usd_bn: float) -> dict:
    """Japan's total in dollars and as a percent of a world AI total: {'japan_usd_bn', 'share_pct'}."""
    usd = to_usd_value(japan_jpy_bn, jpy_per_usd)
    if world_usd_bn <= 0:
        raise ValueError("the world total must be positive")
    return {"japan_usd_bn": usd, "share_pct": 100 * usd / world_usd_bn}


def japan_share_panel(inv: pl.DataFrame, japan_jpy_bn: float, jpy_per_usd: float = 151.37, year: int = 2025):
    """Live panel: pick a definition of the world AI total and an exchange rate; see Japan's share.

    ``japan_jpy_bn`` is the yen total compared (e.g. INITIAL's 2024 start-up funding, all
    sectors). The result is a one-row polars frame: definition, world_usd_bn, jpy_per_usd,
    japan_usd_bn, share_pct.
    """
    from .widgets import Panel, choice, slider

    totals = world_ai_totals(inv, year)
    world = dict(totals.select("definition", "usd_bn").iter_rows())

    def show(definition: str, jpy_per_usd: float) -> pl.DataFrame:
        r = japan_share(japan_jpy_bn, jpy_per_usd, world[definition])
        return pl.DataFrame({"definition": [definition], "world_usd_bn": [world[definition]],
                             "jpy_per_usd": [jpy_per_usd], "japan_usd_bn": [r["japan_usd_bn"]],
                             "share_pct": [r["share_pct"]]})

    default = "Crunchbase: AI venture + growth" if "Crunchbase: AI venture + growth" in world else next(iter(world))
    return Panel(show, title="Japan's yearly start-up money against the world's AI money",
                 definition=choice(list(world), "World AI total", value=default),
                 jpy_per_usd=slider(jpy_per_usd, 80.0, 200.0, 1.0, "Yen per US dollar"))


def capital_need(log10_flop: float, a: chain.Assumptions = chain.Assumptions()) -> dict:
    """Final-run cost and capital behind a run of 10**log10_flop FLOP (USD bn)."""
    flop = 10.0 ** log10_flop
    return {"flop": flop, "run_cost_usd_bn": chain.run_cost_usd_bn(flop, a),
            "capital_usd_bn": chain.capital_for_flop(flop, a)}


def capital_need_panel(capital_by_actor: pl.DataFrame, log10_flop: float = 26.0, utilization: float = 0.4):
    """Live panel: a target run size and a utilisation; which actors have raised the capital it needs.

    ``capital_by_actor`` has columns actor, capital_usd_bn. The result is a frame: actor,
    capital_usd_bn, needed_usd_bn, can_afford.
    """
    from .widgets import Panel, slider

    def show(log10_flop: float, utilization: float) -> pl.DataFrame:
        need = capital_need(log10_flop, chain.Assumptions().with_(utilization=utilization))["capital_usd_bn"]
        return (capital_by_actor.with_columns(needed_usd_bn=pl.lit(need))
                .with_columns(can_afford=pl.col("capital_usd_bn") >= pl.col("needed_usd_bn")))

    p = chain.Assumptions.params()["utilization"]
    return Panel(show, title="What a training run needs, worked backwards through the chain",
                 log10_flop=slider(log10_flop, 24.0, 28.0, 0.1, "Training run, log10 FLOP"),
                 utilization=slider(utilization, p.low, p.high, 0.01, "Utilisation (MFU)"))
