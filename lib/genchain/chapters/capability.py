"""Capability against training compute: a frontier fit, efficiency gaps by country, leaderboard ranks.

Chapter 2's numbers and verdict rules; its charts are :mod:`genchain.figures.capability`.

Units: ``rating`` is an Arena (LMArena) rating, Bradley-Terry/Elo points; ``training_flop`` is total
training compute in FLOP (mostly Epoch AI estimates); ``log10_flop`` its base-10 logarithm; a
``residual`` is rating points above (+) or below (-) the fitted line at the model's compute.

The fit is ordinary least squares of the best Arena rating a model reached on log10 training FLOP:
``rating = intercept + slope x log10_flop``. A country's mean residual is its models' average distance
from that line at equal compute: the book's measure of an *efficiency gap*.

>>> f = fit_line(pl.DataFrame({"log10_flop": [24.0, 25.0, 26.0], "rating": [1200.0, 1260.0, 1320.0]}))
>>> round(f.slope, 6), round(f.intercept, 6)
(60.0, -240.0)
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from genchain import chain, data, reference

#: two-sided 95% Student-t critical values by degrees of freedom (1-30); larger df use 1.96
_T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
         2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
         2.052, 2.048, 2.045, 2.042]


def t975(df: int) -> float:
    """Two-sided 95% Student-t critical value for ``df`` degrees of freedom (1.96 beyond 30)."""
    if df < 1:
        raise ValueError("need at least 1 degree of freedom")
    return _T975[df - 1] if df <= 30 else 1.96


def best_ratings(leaderboard: pl.DataFrame | None = None, style_control: bool = False) -> pl.DataFrame:
    """Best Arena rating each mapped model reached (overall category, one style-control setting).

    Columns: model (Epoch name), arena_key (the release that reached the best rating), rating,
    snapshot_date. Arena keys are mapped to Epoch models by ``data/actors.csv`` (kind "model":
    :func:`genchain.reference.aliases`); rows whose key it does not map are dropped.
    """
    lb = data.load("leaderboard") if leaderboard is None else leaderboard
    crosswalk = reference.aliases("leaderboard", kind="model")
    return (lb.filter((pl.col("category") == "overall") & (pl.col("style_control") == style_control)
                      & pl.col("model").is_in(list(crosswalk)))
            .with_columns(arena_key=pl.col("model"), model=pl.col("model").replace_strict(crosswalk))
            .sort(["rating", "snapshot_date", "arena_key"], descending=[True, False, False])
            .unique("model", keep="first", maintain_order=True)
            .select("model", "arena_key", "rating", "snapshot_date").sort("model"))


def capability_frame(leaderboard: pl.DataFrame | None = None, models: pl.DataFrame | None = None,
                     style_control: bool = False) -> pl.DataFrame:
    """Models with both a best Arena rating and an Epoch training-compute estimate.

    Columns: model, organization, country, group ("United States", "China" or "Other"), released,
    training_flop, log10_flop, compute_confidence, arena_key, rating, snapshot_date.
    """
    m = data.load("models") if models is None else models
    return (best_ratings(leaderboard, style_control)
            .join(m.select("model", "organization", "country", "released", "training_flop", "compute_confidence"),
                  on="model", how="inner")
            .drop_nulls("training_flop")
            .with_columns(log10_flop=pl.col("training_flop").log10(),
                          group=pl.when(pl.col("country").is_in(["United States", "China"]))
                          .then(pl.col("country")).otherwise(pl.lit("Other")))
            .sort("training_flop"))


@dataclass(frozen=True)
class Fit:
    """An OLS line ``y = intercept + slope x``: slope in rating points per tenfold FLOP."""

    intercept: float
    slope: float
    r2: float
    n: int

    def predict(self, log10_flop: float) -> float:
        """The fitted rating at ``log10_flop``."""
        return self.intercept + self.slope * log10_flop


def fit_line(frame: pl.DataFrame, x: str = "log10_flop", y: str = "rating") -> Fit:
    """OLS of ``y`` on ``x``: slope = cov(x, y) / var(x), intercept = mean(y) - slope x mean(x)."""
    if frame.height < 3:
        raise ValueError("need at least three points to fit and judge a line")
    s = frame.select(
        cov=pl.cov(x, y), var=pl.col(x).var(), mx=pl.col(x).mean(), my=pl.col(y).mean(),
        r=pl.corr(x, y), n=pl.len()).row(0, named=True)
    slope = s["cov"] / s["var"]
    return Fit(intercept=s["my"] - slope * s["mx"], slope=slope, r2=s["r"] ** 2, n=s["n"])


def with_residuals(frame: pl.DataFrame, fit: Fit, x: str = "log10_flop", y: str = "rating") -> pl.DataFrame:
    """Add ``predicted`` (fitted rating) and ``residual`` = rating - predicted (rating points)."""
    return frame.with_columns(predicted=fit.intercept + fit.slope * pl.col(x)).with_columns(
        residual=pl.col(y) - pl.col("predicted"))


def gap_by_group(frame: pl.DataFrame, group: str = "group", value: str = "residual") -> pl.DataFrame:
    """Mean of ``value`` per group with a 95% t interval: group, n, mean, sd, ci_low, ci_high.

    A group with one member gets no interval (null bounds).
    """
    out = (frame.group_by(group).agg(n=pl.len(), mean=pl.col(value).mean(), sd=pl.col(value).std())
           .sort(group))
    tcrit = pl.Series("t", [t975(n - 1) if n > 1 else None for n in out["n"]], dtype=pl.Float64)
    half = tcrit * out["sd"] / out["n"].cast(pl.Float64).sqrt()
    return out.with_columns(ci_low=out["mean"] - half, ci_high=out["mean"] + half)


def rank_history(leaderboard: pl.DataFrame | None = None, country: str = "China") -> pl.DataFrame:
    """Best rank of ``country``'s models in each leaderboard snapshot, per rank type and style setting.

    Columns: snapshot_date, date, rank_type ("by_rating" = plain sort, "rank_ub" = confidence-interval
    rank, ties allowed), style_control, view (a readable label of both), best_rank, model, rating,
    rows (models recorded in that snapshot view), source_id.
    """
    lb = data.load("leaderboard") if leaderboard is None else leaderboard
    view = (pl.when(pl.col("rank_type") == "rank_ub").then(pl.lit("CI rank")).otherwise(pl.lit("rating order"))
            + pl.when(pl.col("style_control")).then(pl.lit(", style control")).otherwise(pl.lit(", raw")))
    return (lb.filter(pl.col("category") == "overall")
            .with_columns(rows=pl.len().over("snapshot_date", "rank_type", "style_control"))
            .filter(pl.col("country") == country)
            .sort("rank").group_by("snapshot_date", "rank_type", "style_control", maintain_order=True).first()
            .with_columns(date=pl.col("snapshot_date"), view=view)
            .select("snapshot_date", "date", "rank_type", "style_control", "view",
                    pl.col("rank").alias("best_rank"), "model", "rating", "rows", "source_id")
            .sort("snapshot_date", "view"))


def best_rank_by_year(history: pl.DataFrame) -> pl.DataFrame:
    """The best rank in each year and ranking view of a :func:`rank_history` frame, with the model that held
    it and the first snapshot where it did. Columns: year, view, best_rank, model, snapshot_date, snapshots."""
    return (history.with_columns(year=pl.col("date").dt.year())
            .sort("best_rank", "snapshot_date")
            .group_by("year", "view", maintain_order=True)
            .agg(pl.col("best_rank").first(), pl.col("model").first(), pl.col("snapshot_date").first(),
                 snapshots=pl.len())
            .sort("year", "view"))


#: a gap between two snapshots of one ranking view longer than this breaks the rank chart's line
RANK_GAP_DAYS = 120


def rank_segments(history: pl.DataFrame, gap_days: int = RANK_GAP_DAYS) -> pl.DataFrame:
    """``history`` with a ``segment`` label: consecutive snapshots of one view from one source, at most
    ``gap_days`` apart, share a segment (the chart joins them with a line; anything else stays a point).
    A one-off report (``rows`` of 1: a single model's rank, not a leaderboard) is always a segment of its own."""
    h = history.sort("view", "date")
    one_off = pl.col("rows") <= 1
    new = ((pl.col("date").diff().dt.total_days() > gap_days) | (pl.col("source_id") != pl.col("source_id").shift())
           | one_off | one_off.shift()).fill_null(True).over("view")
    return h.with_columns(segment=pl.col("view") + " #" + new.cast(pl.Int32).cum_sum().over("view").cast(pl.Utf8))


def largest_by_year(models: pl.DataFrame | None = None, countries=("United States", "China")) -> pl.DataFrame:
    """Largest training run (FLOP) per country and release year; ``ratio_us_to_china`` per year."""
    m = data.load("models") if models is None else models
    top = (m.drop_nulls("training_flop").filter(pl.col("country").is_in(countries))
           .with_columns(year=pl.col("released").dt.year())
           .sort("training_flop", descending=True).group_by("year", "country", maintain_order=True).first()
           .select("year", "country", "model", "training_flop"))
    wide = top.pivot(on="country", index="year", values="training_flop").sort("year")
    return top.sort("year", "country"), wide.with_columns(
        ratio_us_to_china=pl.col("United States") / pl.col("China"))


def reported_run_cost(model: str = "DeepSeek-V3", models: pl.DataFrame | None = None,
                      price_per_gpu_hour: float = 2.0) -> dict:
    """The developer's cost arithmetic for one run: GPU-hours x assumed rental price (USD).

    Also returns ``implied_mfu`` = training FLOP / (GPU-hours x 3,600 x dense BF16 peak of the
    chip), here the H800's 989 TFLOP/s (accelerators.csv); the run used FP8, so against an FP8 peak the
    utilisation would be about half.
    """
    m = data.load("models") if models is None else models
    r = m.filter(pl.col("model") == model).row(0, named=True)
    peak = data.load("accelerators").filter(pl.col("accelerator") == r["hardware"])["bf16_dense_tflops"][0]
    cost = r["gpu_hours"] * price_per_gpu_hour
    return {"model": model, "gpu_hours": r["gpu_hours"], "price_per_gpu_hour": price_per_gpu_hour,
            "cost_usd": cost, "reported_cost_usd": r["reported_cost_usd"], "training_flop": r["training_flop"],
            "hardware": r["hardware"], "hardware_count": r["hardware_count"],
            "implied_mfu": chain.utilization_for(r["training_flop"], r["gpu_hours"], peak),
            "days": r["gpu_hours"] / r["hardware_count"] / 24}


#: training_costs.csv names -> models.csv (Epoch) names, where the two tables spell one model differently.
#: Every other name is looked up as it is; a name found in neither way has no training FLOP to compare with.
COST_MODEL_NAMES = {"Llama 2 70B": "Llama 2-70B", "Llama 3 70B": "Llama 3-70B", "Falcon 180B": "Falcon-180B"}

#: training_costs.csv chip names -> accelerators.csv names: the chip whose dense BF16 peak turns FLOP into its hours
COST_CHIPS = {"NVIDIA H800": "NVIDIA H800 SXM5", "NVIDIA H100 80GB": "NVIDIA H100 SXM5 80GB",
              "NVIDIA A100 80GB": "NVIDIA A100 SXM4 80GB"}

#: models whose training FLOP in models.csv Epoch derived from the very cost statement in training_costs.csv
#: (Claude 3.5 Sonnet: "derived from CEO cost statement"): setting that cost beside it would be circular
FLOP_FROM_COST = ("Claude 3.5 Sonnet",)

#: readable names of training_costs.csv's ``scope`` values
SCOPE_LABELS = {"full_training": "full training", "pre_training": "pre-training",
                "rl_post_training": "RL post-training", "unspecified": "not stated"}


def reported_vs_chain(costs: pl.DataFrame | None = None, models: pl.DataFrame | None = None,
                      accelerators: pl.DataFrame | None = None, a: chain.Assumptions = chain.Assumptions()
                      ) -> pl.DataFrame:
    """What labs reported about a training run beside the chain's price of the same run's FLOP.

    One row per row of ``training_costs.csv`` (none is dropped), in its order. A row is compared
    (``why_not`` empty) only when all of these hold, tested in this order:

    1. the lab itself gives the figure (a press report citing an unnamed source is not compared);
    2. it covers the whole training or its pre-training, not a post-training stage (an RL stage's
       cost set against the FLOP of the whole model would mix a part with the whole);
    3. ``models.csv`` holds the model's training FLOP, looked up by name (through
       :data:`COST_MODEL_NAMES` where the tables spell it differently);
    4. that FLOP was not itself derived from the cost statement (:data:`FLOP_FROM_COST`);
    5. a figure in GPU-hours names its chip (:data:`COST_CHIPS`), so the hours can be priced on it.

    Units and columns: ``gpu_hours`` (accelerator-hours as reported), ``cost_usd_m`` (million USD as
    reported; ``lower_bound`` is True where the lab gave "more than" or "a few tens of", and ``cost_is`` says
    so in words: "lower bound" or "as stated"), ``training_flop``
    (FLOP, models.csv, mostly Epoch estimates); ``chain_gpu_hours`` = :func:`genchain.chain.hours_for_flop`
    of that FLOP on the reported chip's dense BF16 peak (accelerators.csv) at the chain's default
    utilisation (only where hours were reported); ``chain_cost_usd_m`` = :func:`genchain.chain.run_cost`
    at the chain's defaults (H100-class peak, utilisation, rental price per hour) x 1,000, million USD;
    ``hours_ratio`` = gpu_hours / chain_gpu_hours and ``cost_ratio`` = cost_usd_m / chain_cost_usd_m
    (a lower bound where ``lower_bound``). An hours ratio of r means the run used r times the hours
    the chain's utilisation implies: it ran at (default utilisation / r) of peak on Epoch's FLOP.
    Other columns: model (as reported), epoch_model (the models.csv name, empty if none), developer,
    reported_by, scope, stage (readable scope), accelerator, cost_basis, compute_confidence.

    Both chain columns are rental-equivalent prices of one run's FLOP; a lab's figure may be a rental
    equivalent, a count of its own GPU-hours or an unexplained total, so a ratio compares a figure
    with the chain's price, not two spendings.
    """
    tc = data.load("training_costs") if costs is None else costs
    m = data.load("models") if models is None else models
    acc = data.load("accelerators") if accelerators is None else accelerators
    missing = set(COST_MODEL_NAMES.values()) - set(m["model"])
    if missing:
        raise ValueError(f"COST_MODEL_NAMES points to models not in models.csv: {sorted(missing)}")
    peaks = acc.filter(pl.col("accelerator").is_in(list(COST_CHIPS.values())))
    peak_of = dict(zip(peaks["accelerator"], peaks["bf16_dense_tflops"], strict=True))
    chip_peak = {k: peak_of[v] for k, v in COST_CHIPS.items()}
    flop = (m.select(pl.col("model").alias("epoch_model"), "training_flop", "compute_confidence")
            .drop_nulls("training_flop"))
    why_not = (pl.when(pl.col("reported_by") == "press report").then(pl.lit("a press report, not the lab"))
               .when(pl.col("scope") == "rl_post_training")
               .then(pl.lit("a post-training stage only; the FLOP on record is the whole model's"))
               .when(pl.col("training_flop").is_null()).then(pl.lit("no training FLOP in models.csv"))
               .when(pl.col("epoch_model").is_in(FLOP_FROM_COST))
               .then(pl.lit("its FLOP on record was derived from this cost statement"))
               .when(pl.col("cost_usd_m").is_null() & pl.col("chip_peak_tflops").is_null())
               .then(pl.lit("the lab does not name the chip of its GPU-hours")))
    compared = pl.col("why_not").is_null()
    hours = chain.hours_for_flop(pl.col("training_flop"), pl.col("chip_peak_tflops"), a.utilization)
    cost = chain.run_cost(pl.col("training_flop"), a.peak_tflops, a.utilization, a.accelerator_hour_usd) * 1e3
    return (tc.with_columns(epoch_model=pl.col("model").replace(COST_MODEL_NAMES),
                            stage=pl.col("scope").replace_strict(SCOPE_LABELS),
                            chip_peak_tflops=pl.col("accelerator").replace_strict(chip_peak, default=None,
                                                                                  return_dtype=pl.Float64))
            .join(flop, on="epoch_model", how="left", validate="m:1", maintain_order="left")
            .with_columns(epoch_model=pl.when(pl.col("training_flop").is_not_null()).then(pl.col("epoch_model")))
            .with_columns(why_not=why_not)
            .with_columns(chain_gpu_hours=pl.when(compared & pl.col("gpu_hours").is_not_null()).then(hours),
                          chain_cost_usd_m=pl.when(compared).then(cost),
                          lower_bound=(pl.col("cost_qualifier") == "at_least").fill_null(False))
            .with_columns(hours_ratio=pl.col("gpu_hours") / pl.col("chain_gpu_hours"),
                          cost_ratio=pl.when(compared).then(pl.col("cost_usd_m") / pl.col("chain_cost_usd_m")),
                          cost_is=pl.when(pl.col("lower_bound")).then(pl.lit("lower bound"))
                          .when(pl.col("cost_usd_m").is_not_null()).then(pl.lit("as stated")))
            .select("model", "epoch_model", "developer", "reported_by", "scope", "stage", "accelerator",
                    "gpu_hours", "cost_usd_m", "lower_bound", "cost_is", "cost_basis", "training_flop", "compute_confidence",
                    "chain_gpu_hours", "chain_cost_usd_m", "hours_ratio", "cost_ratio", "why_not"))


# --- claim checks -------------------------------------------------------------------------------

def verdict_c2_2(n_domestic: int, n_recorded: int) -> str:
    """Verdict on C2.2 (China builds domestic chips, clusters and models together as one ecosystem).

    Rule, on Chinese models whose training hardware is recorded: none trained on Chinese chips alone
    (``n_domestic == 0``) -> "not_supported"; some but fewer than half -> "partly_supported"; half or
    more (``n_domestic >= n_recorded / 2``) -> "supported".
    """
    if n_domestic <= 0:
        return "not_supported"
    return "supported" if n_domestic >= n_recorded / 2 else "partly_supported"


def verdict_c2_4(ci_low_2025: float, ci_low_pooled: float) -> str:
    """Verdict on C2.4 (Chinese models turn scarce compute into an efficiency advantage).

    Rule, on the Chinese mean residual from the rating-on-compute line: its 95% interval lies above
    zero in the same-year (2025) fit (``ci_low_2025 > 0``) -> "supported"; only in the pooled fit
    across years (``ci_low_pooled > 0``) -> "partly_supported"; in neither -> "not_supported".
    """
    if ci_low_2025 > 0:
        return "supported"
    return "partly_supported" if ci_low_pooled > 0 else "not_supported"


def verdict_c2_5(best_ci_rank: int, best_style_rank_late: int) -> str:
    """Verdict on C2.5 (Chinese models sit near the top of international rankings; the rest is causal).

    Rule: "near the top" is an Arena confidence-interval rank of 3 or better in the latest full year
    (``best_ci_rank <= 3``), else "not_supported". It holds *steadily* if the best style-controlled
    rank in the latest snapshots is also 3 or better (``best_style_rank_late <= 3``) -> "supported";
    otherwise -> "partly_supported". The model-industry-state loop is not testable with these data.
    """
    if best_ci_rank > 3:
        return "not_supported"
    return "supported" if best_style_rank_late <= 3 else "partly_supported"


def verdict_c0_3(n_domestic: int, n_recorded: int, best_ci_rank: int) -> str:
    """Verdict on C0.3 (after the export rules China moved quickly to home-grown chips and models).

    Rule: start from the chips-and-models verdict :func:`verdict_c2_2`; if that is "partly_supported"
    and Chinese models are near the top (Arena CI rank 3 or better, ``best_ci_rank <= 3``) the claim is
    "partly_supported" (models yes, chips mostly not yet); otherwise it takes C2.2's verdict.
    """
    chips_verdict = verdict_c2_2(n_domestic, n_recorded)
    if chips_verdict == "partly_supported" and best_ci_rank <= 3:
        return "partly_supported"
    return chips_verdict


def hardware_origin(models: pl.DataFrame | None = None, country: str = "China") -> pl.DataFrame:
    """Models of ``country`` whose training hardware is recorded, by chip origin.

    ``origin`` is "Chinese chip" when the hardware names a Chinese design (Ascend, Cambricon, Biren,
    Kunlun, Hygon), "mixed" when it names both, else "US chip". Columns: origin, n, models, first, last.
    """
    from genchain.chapters.compute import DOMESTIC_CHIP

    m = data.load("models") if models is None else models
    dom = pl.col("hardware").str.contains(DOMESTIC_CHIP)
    us = pl.col("hardware").str.contains(r"(?i)nvidia|amd|google|tpu")
    return (m.filter((pl.col("country") == country) & pl.col("hardware").is_not_null())
            .with_columns(origin=pl.when(dom & us).then(pl.lit("mixed"))
                          .when(dom).then(pl.lit("Chinese chip")).otherwise(pl.lit("US chip")))
            .sort("released")
            .group_by("origin").agg(n=pl.len(), models=pl.col("model").str.join(", "),
                                    first=pl.col("released").first(), last=pl.col("released").last())
            .sort(["n", "origin"], descending=[True, False]))
