"""The first link of the chain: where AI money goes, by country and by definition, and how it loops back.

Chapters 0 and 1 use this module; what the money buys (compute deals, clusters, training runs,
the chain worked backwards, chapter 0's actors) is in :mod:`genchain.chapters.capital_links`, the
charts in :mod:`genchain.figures.capital`. Amounts are billion US dollars (USD bn) unless a name
says otherwise (``_jpy_bn`` = billion yen); shares are 0-1 fractions unless the name ends
in ``_pct`` (percent, 0-100); training compute is in FLOP.

The functions take the validated tables of :mod:`genchain.data` and return polars frames:

* :func:`us_share_by_definition` - the US (or North American) share of AI money under every
  provider's definition, stated by the source or computed from its own world total;
* :func:`cset_by_country`, :func:`concentration_by_year` - the long CSET series (2014-2023)
  by country, with HHI bounds, the US share and the top-3 share per year;
* :func:`japan_funding` - yen to dollars at annual average rates (:mod:`genchain.fx`), with
  missing years reported, never filled silently;
* :func:`year_raised` - one year's new money per company, priced rounds and strategic pledges apart;
* :func:`loop_points`, :func:`elasticity` - the self-reinforcing loop: cumulative capital
  against largest training run and best Arena rating, and the OLS slope of log10 FLOP on
  log10 capital with a seeded bootstrap interval;
* :func:`japan_share` - Japan's yen total as a share of a world total (the what-if's arithmetic);
* ``verdict_c0_2``, ``verdict_c1_*`` - chapter 1's verdict rules.

>>> round(japan_share(779.3, 151.37, 100.0)["share_pct"], 2)   # INITIAL 2024 total at the 2024 rate, of $100bn
5.15
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from genchain import concentration, fx, reference, rounds
from genchain.data import day

__all__ = [
    "AI_MEASURES", "DEFINITION_LABELS", "JAPAN_PROVIDERS", "period",
    "us_share_by_definition", "cset_by_country", "concentration_by_year", "japan_share_cset",
    "japan_funding", "world_ai_totals", "year_raised",
    "loop_points", "elasticity", "spearman", "country_links",
    "japan_share", "japan_share_pct",
    "verdict_c0_2", "verdict_c1_1", "verdict_c1_2", "verdict_c1_3", "verdict_c1_4", "verdict_c1_5",
    "verdict_c1_6", "verdict_c1_7",
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

_MONTHS = {1: "Jan", 2: "Feb", 3: "Mar", 4: "Apr", 5: "May", 6: "Jun", 7: "Jul", 8: "Aug", 9: "Sep", 10: "Oct",
           11: "Nov", 12: "Dec"}


def period(coverage: str = "coverage") -> pl.Expr:
    """A reader's words for a coverage code of ``ai_investment.csv`` (the year is its own column).

    "full_year" -> "full year"; "2025-Q2" -> "Q2"; "2025-Q1..Q3" -> "Q1–Q3"; "2025-H1" -> "H1";
    "2025-01..05" -> "Jan–May"; "2013-2024" -> "2013–2024"; a fiscal year ("FY2024") as given.

    >>> codes = pl.DataFrame({"coverage": ["full_year", "2025-Q1..Q3", "2025-01..05", "2022-H1", "2013-2024", "FY2024"]})
    >>> codes.select(period())["period"].to_list()
    ['full year', 'Q1–Q3', 'Jan–May', 'H1', '2013–2024', 'FY2024']
    """
    c = pl.col(coverage)
    months = c.str.extract_groups(r"^\d{4}-(?<a>\d{2})\.\.(?<b>\d{2})$")
    month = lambda part: months.struct.field(part).cast(pl.Int64).replace_strict(_MONTHS, default=None)  # noqa: E731
    return (pl.when(c == "full_year").then(pl.lit("full year"))
            .when(c.str.contains(r"^\d{4}-\d{2}\.\.\d{2}$")).then(month("a") + "–" + month("b"))
            .when(c.str.contains(r"^\d{4}-[QH]")).then(c.str.replace(r"^\d{4}-", "").str.replace(r"\.\.", "–"))
            .when(c.str.contains(r"^\d{4}-\d{4}$")).then(c.str.replace("-", "–"))
            .otherwise(c).alias("period"))


def us_share_by_definition(inv: pl.DataFrame, years: tuple[int, ...] = (2023, 2024, 2025)) -> pl.DataFrame:
    """The US share of AI money (percent) under every definition in ``ai_investment`` for ``years``.

    A share is either stated by the source (``share_of_world_pct``) or computed by us as the
    US amount / the world amount of the SAME provider, measure, year and coverage. A
    "Rest of world" amount (PitchBook's generative-AI split) gives the US share as
    1 - rest / world. Regions are kept as the source gives them (``geography`` =
    "North America" where the provider reports only that).

    Columns: year, coverage, period (:func:`period`), provider, measure, definition, geography, us_usd_bn,
    world_usd_bn, stated_pct, computed_pct, share_pct (computed when possible, else stated), basis.
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
    return (out.select("year", "coverage", period(), "provider", "measure", "definition", "geography", "us_usd_bn",
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

#: readable names of Japan's start-up money providers (ai_investment.csv's provider codes)
JAPAN_PROVIDERS = {
    "cabinet_secretariat": "Cabinet Secretariat (VC total)", "initial_speeda": "INITIAL (Speeda)",
    "meti_report": "METI report", "recof": "Recof", "startup_db": "STARTUP DB",
    "vec": "VEC: investment by Japanese VCs",
}


def japan_funding(inv: pl.DataFrame, rates: pl.DataFrame) -> pl.DataFrame:
    """Japan's start-up and VC totals in yen and dollars, one row per series, year and coverage.

    Keeps every provider's figure (INITIAL/Speeda, METI report, STARTUP DB, Recof, VEC, Cabinet
    Secretariat), converts yen at the annual average (``usd_converted_bn``; null with
    ``fx_missing`` where no rate exists) next to the dollar figure the source stated
    (``usd_stated_bn``). Columns: year, coverage, period (:func:`period`), provider, series (the provider's
    name), measure, jpy_bn, per_usd, usd_converted_bn, usd_stated_bn, fx_missing, full_year, source_id, note.
    """
    rows = inv.filter((pl.col("geography") == "Japan") & (pl.col("local_currency") == "JPY"))
    return (fx.to_usd(rows, rates, on_missing="keep")
            .select("year", "coverage", period(), "provider",
                    series=pl.col("provider").replace_strict(JAPAN_PROVIDERS, default=pl.col("provider")),
                    measure="measure", jpy_bn="amount_local_bn", per_usd="per_usd",
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
    comp = (compute_shares.filter((pl.col("metric") == "share_h100e") & (pl.col("as_of") == pl.date(year, 12, 31)))
            .select(geography="country", compute_pct="share_pct"))
    flop = (models.filter(pl.col("released") < pl.date(year + 1, 1, 1))
            .group_by("country").agg(max_flop=pl.col("training_flop").max()).rename({"country": "geography"}))
    return (money.join(comp, on="geography", how="left").join(flop, on="geography", how="left")
            .sort(["money_pct", "geography"], descending=[True, False]))


# ---------------------------------------------------------------- one year's new money

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
