"""Accelerators, export-control thresholds, what a dollar or a megawatt buys, and compute shares.

Chapter 2's numbers and verdict rules; its charts are :mod:`genchain.figures.compute`.

Units used throughout:

* ``bf16_dense_tflops`` — peak dense (no sparsity) BF16/FP16 throughput, TFLOP/s per chip;
* ``tpp`` — Total Processing Performance of the US export rules: peak dense TOPS x bit length of the
  operation, taking the highest value over the formats a chip supports (here BF16 x 16 and FP8 x 8);
* ``performance_density`` — TPP per mm\\ :sup:`2` of die area (only where the die area is sourced);
* ``tflops_per_kusd`` — dense BF16 TFLOP/s bought per 1,000 USD of chip price;
* ``tflops_per_kw`` — dense BF16 TFLOP/s per kW of chip power (TDP);
* ``flop`` — floating-point operations (not per second).

>>> round(tpp_of(989.0, 1979.0))          # H100: max(989 x 16, 1979 x 8)
15832
>>> f"{flop_bought(1e9, 33_600, 989, 0.4, 365):.2e}"   # $1B of H100s run one year at 40%
'3.71e+26'
"""

from __future__ import annotations

import polars as pl

from genchain import chain, data

#: Oct 2022 / Oct 2023 rule: a data-centre chip at or above this TPP needs a licence for China
TPP_LINE = 4800.0
#: Oct 2023 rule: a chip at or above this TPP needs a licence if its performance density >= 5.92
TPP_DENSITY_FLOOR = 1600.0
DENSITY_LINE = 5.92
#: Oct 2022 rule: the TPP test applied only together with chip-to-chip I/O >= 600 GB/s
IO_LINE_GBPS = 600.0


#: Chip-to-chip (scale-up) bandwidth, GB/s, as recorded in the notes of accelerators.csv and
#: export_controls.csv (A100 600 and H100 900: cmp-epoch-ml-hardware notes; A800 400: the Nov 2022
#: row; H800 400 for SXM, CONFLICT 300 reported for PCIe: the Mar 2023 row; H20 900: the Nov 2023 row).
IO_GBPS = {
    "NVIDIA A100 SXM4 80GB": 600.0, "NVIDIA A800 SXM 80GB": 400.0,
    "NVIDIA H100 SXM5 80GB": 900.0, "NVIDIA H800 SXM5": 400.0, "NVIDIA H20 (HGX)": 900.0,
}



def tpp_of(bf16_tflops: float | None, fp8_tflops: float | None = None) -> float:
    """TPP of one chip: max(dense BF16 TFLOP/s x 16, dense FP8 TFLOP/s x 8) (missing formats ignored)."""
    values = [v for v in (None if bf16_tflops is None else bf16_tflops * 16,
                          None if fp8_tflops is None else fp8_tflops * 8) if v is not None]
    if not values:
        raise ValueError("need at least one of bf16_tflops, fp8_tflops")
    return max(values)


def tpp_expr() -> pl.Expr:
    """The same TPP as an expression over ``bf16_dense_tflops`` and ``fp8_dense_tflops``."""
    return pl.max_horizontal(pl.col("bf16_dense_tflops") * 16, pl.col("fp8_dense_tflops") * 8)


def side_2022() -> pl.Expr:
    """Oct 2022 test: controlled if TPP >= 4,800 AND chip-to-chip I/O >= 600 GB/s."""
    big = pl.col("tpp") >= TPP_LINE
    return (pl.when(~big).then(pl.lit("below the line"))
            .when(pl.col("io_gbps").is_null()).then(pl.lit("TPP above; I/O not recorded"))
            .when(pl.col("io_gbps") >= IO_LINE_GBPS).then(pl.lit("licence required"))
            .otherwise(pl.lit("below the line (I/O under 600 GB/s)")))


def side_2023() -> pl.Expr:
    """Oct 2023 test for data-centre chips (CSET summary in export_controls.csv).

    Licence if TPP >= 4,800, or TPP >= 1,600 with density >= 5.92; notification (NAC) if
    TPP 2,400-4,800 with density 1.6-5.92, or TPP >= 1,600 with density 3.2-5.92; else below.
    Where a chip's TPP is between 1,600 and 4,800 and its die area is unknown, the answer is unknown.
    """
    tpp, pd = pl.col("tpp"), pl.col("performance_density")
    return (pl.when(tpp >= TPP_LINE).then(pl.lit("licence required"))
            .when(tpp < TPP_DENSITY_FLOOR).then(pl.lit("below the line"))
            .when(pd.is_null()).then(pl.lit("TPP 1,600-4,800: density unknown"))
            .when(pd >= DENSITY_LINE).then(pl.lit("licence required"))
            .when(((tpp >= 2400) & (pd >= 1.6)) | (pd >= 3.2)).then(pl.lit("notification (NAC)"))
            .otherwise(pl.lit("below the line")))


def chips(accelerators: pl.DataFrame | None = None) -> pl.DataFrame:
    """Single chips (not rack systems) with TPP, die area, density, value ratios and both rule tests.

    Adds ``tpp``, ``performance_density`` (TPP / ``die_area_mm2``, a column of accelerators.csv; a chip
    without a die area has no density), ``io_gbps``,
    ``tflops_per_kusd`` (TFLOP/s per 1,000 USD), ``tflops_per_kw`` (TFLOP/s per kW),
    ``side_2022``, ``side_2023``, ``ecosystem`` ("US" or "China") and ``release_date``.
    """
    acc = data.load("accelerators") if accelerators is None else accelerators
    return (
        acc.filter(pl.col("form") == "chip")
        .with_columns(
            tpp=tpp_expr(),
            io_gbps=pl.col("accelerator").replace_strict(IO_GBPS, default=None, return_dtype=pl.Float64),
            tflops_per_kusd=pl.col("bf16_dense_tflops") / pl.col("unit_price_usd") * 1000,
            tflops_per_kw=pl.col("bf16_dense_tflops") / pl.col("tdp_w") * 1000,
            ecosystem=pl.when(pl.col("country") == "China").then(pl.lit("China")).otherwise(pl.lit("US")),
            release_date=pl.col("released"),
        )
        .with_columns(performance_density=pl.col("tpp") / pl.col("die_area_mm2"))
        .with_columns(side_2022=side_2022(), side_2023=side_2023())
        .sort("release_date")
    )


def best_by_ecosystem(chip_frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """The best chip of each ecosystem on ``column`` (nulls skipped): ecosystem, accelerator, value."""
    return (chip_frame.drop_nulls(column).sort(column, descending=True)
            .group_by("ecosystem", maintain_order=True).first()
            .select("ecosystem", "accelerator", pl.col(column).alias("value")).sort("ecosystem"))


# --- capital -> compute -------------------------------------------------------------------------

def flop_bought(budget_usd: float, price_usd: float, tflops: float, utilization: float,
                days: float = 365) -> float:
    """FLOP that ``budget_usd`` of chips deliver in ``days`` of running.

    chips = budget / price, each running ``days`` x 24 hours; FLOP by the chain's formula
    (:func:`genchain.chain.flop_from_hours`). The whole budget buys chips (no buildings,
    networking or power): an upper bound.
    """
    if budget_usd <= 0 or price_usd <= 0 or tflops <= 0 or not 0 < utilization <= 1 or days <= 0:
        raise ValueError("budget, price, tflops and days must be positive and utilisation in (0, 1]")
    return flop_bought_formula(budget_usd, price_usd, tflops, utilization, days)


def flop_bought_formula(budget_usd, price_usd, tflops, utilization, days):
    """:func:`flop_bought` without its checks: plain arithmetic, so it takes floats, polars expressions and
    :func:`genchain.chain.vega` names (the what-if chart's sliders are built from it)."""
    return chain.flop_from_hours(budget_usd / price_usd * (days * 24.0), tflops, utilization)


def budget_table(chip_frame: pl.DataFrame | None = None, budget_usd: float = 1e9, utilization: float = 0.4,
                 days: float = 365, prices: dict[str, float] | None = None) -> pl.DataFrame:
    """For every chip with a price (or one given in ``prices``): chips bought and FLOP in ``days``.

    Columns: accelerator, ecosystem, bf16_dense_tflops, price_usd, chips_bought, flop, flop_vs_best
    (FLOP as a fraction of the best chip's). ``prices`` overrides or fills prices by accelerator name.
    """
    c = chips() if chip_frame is None else chip_frame
    price = pl.col("unit_price_usd")
    if prices:
        price = pl.col("accelerator").replace_strict(prices, default=None, return_dtype=pl.Float64).fill_null(price)
    out = (c.with_columns(price_usd=price).drop_nulls(["price_usd", "bf16_dense_tflops"])
           .with_columns(chips_bought=budget_usd / pl.col("price_usd"))
           .with_columns(flop=flop_bought_formula(budget_usd, pl.col("price_usd"), pl.col("bf16_dense_tflops"),
                                                  utilization, days)))
    return (out.with_columns(flop_vs_best=pl.col("flop") / pl.col("flop").max())
            .select("accelerator", "ecosystem", "bf16_dense_tflops", "price_usd", "chips_bought", "flop",
                    "flop_vs_best").sort(["flop", "accelerator"], descending=[True, False]))


# --- compute shares and clusters ----------------------------------------------------------------

#: readable names of the share metrics (compute_shares.csv ``metric``)
METRIC_LABEL = {"share_ai_supercomputer_performance_16bit": "16-bit OP/s", "share_h100e": "H100-equivalents"}


def shares(countries: tuple[str, ...] = ("China", "United States"), table: pl.DataFrame | None = None) -> pl.DataFrame:
    """Country shares of AI-supercomputer capacity (percent), with a readable ``measure`` label.

    ``measure`` = metric label + basis, e.g. "16-bit OP/s (recomputed)"; ``date`` is a Date and ``as_of``
    the same date as the source gives it (text: YYYY-MM-DD or YYYY-MM).
    """
    t = data.load("compute_shares") if table is None else table
    return (t.filter(pl.col("country").is_in(countries))
            .with_columns(date=pl.col("as_of"), as_of=data.date_text("as_of"),
                          measure=pl.col("metric").replace_strict(METRIC_LABEL) + " (" + pl.col("basis") + ")")
            .select("country", "date", "as_of", "measure", "metric", "basis", "share_pct", "source_id")
            .sort("country", "measure", "date"))


def share_range(share_frame: pl.DataFrame, country: str, as_of_year: int) -> pl.DataFrame:
    """Min and max share of ``country`` over all measures in ``as_of_year`` (how much the measure matters)."""
    return (share_frame.filter((pl.col("country") == country) & (pl.col("date").dt.year() == as_of_year))
            .select(low=pl.col("share_pct").min(), high=pl.col("share_pct").max(), n=pl.len()))


DOMESTIC_CHIP = r"(?i)ascend|cambricon|biren|kunlun|hygon|moore threads"


def largest_systems(country: str = "China", n: int = 8, table: pl.DataFrame | None = None) -> pl.DataFrame:
    """The ``n`` largest operational systems of ``country`` by H100-equivalents, one row per name.

    Keeps the latest operational estimate of each named site. ``chip`` is the recorded accelerator,
    or the chip named in the note ("Ascend 910C", "H20") when the accelerator column is empty;
    ``domestic_chip`` is True when that chip is Chinese-designed, null when no chip is recorded.
    """
    t = data.load("clusters") if table is None else table
    chip = pl.coalesce(pl.col("accelerator"),
                       pl.col("note").str.extract(r"\b(Ascend 910[BC]?|H20|H800|A100|H100)(?:[\s,;.)]|$)", 1))
    return (t.filter((pl.col("country") == country) & (pl.col("status") == "operational")
                     & pl.col("h100_equivalents").is_not_null())
            .sort("year", descending=True).unique("name", keep="first", maintain_order=True)
            .with_columns(chip=chip)
            .with_columns(domestic_chip=pl.when(pl.col("chip").is_null()).then(None)
                          .otherwise(pl.col("chip").str.contains(DOMESTIC_CHIP)))
            .sort(["h100_equivalents", "name"], descending=[True, False]).head(n)
            .select("name", "owner", "year", "chip", "domestic_chip", "h100_equivalents", "power_mw", "source_id"))


def roadmap_systems(roadmap: pl.DataFrame | None = None, accelerators: pl.DataFrame | None = None,
                    reference: str = "NVIDIA H100 SXM5 80GB") -> pl.DataFrame:
    """Huawei's Ascend systems (``ascend_roadmap.csv``, levels superpod and supercluster) beside the one that ships.

    Compute is kept in the format the source gives: ``bf16_pflops`` (dense BF16, PFLOP/s) or
    ``fp8_pflops`` (FP8, PFLOP/s, as Huawei states it); one is never filled from the other. Added columns:

    * ``chips_vs_shipping`` = chips / chips of the shipping SuperPoD (the CloudMatrix 384: 384 Ascend
      910C), a multiple of chips of different generations, not of compute;
    * ``h100e_bf16`` = bf16_pflops x 1,000 / the ``reference`` chip's dense BF16 TFLOP/s (H100: 989,
      accelerators.csv): H100-equivalents in the 16-bit sense Epoch's site estimates use;
    * ``h100_fp8`` = fp8_pflops x 1,000 / the reference chip's dense FP8 TFLOP/s (H100: 1,979): how many
      H100s' FP8 peak the stated FP8 figure equals (not Epoch's 16-bit unit);
    * ``chips_lower_bound``: True where ``chips`` is a stated lower bound ("over one million"; the
      table's note says "lower bound"), and ``chips_are`` in words: "at least" or "as stated".

    ``announced`` is text, as precise as the source (YYYY-MM or YYYY-MM-DD). Rows keep the table's order;
    planned rows are vendor claims (``status`` "planned"). Raises ``ValueError`` unless exactly one SuperPoD
    is shipping.
    """
    t = data.load("ascend_roadmap") if roadmap is None else roadmap
    acc = data.load("accelerators") if accelerators is None else accelerators
    ref = acc.filter(pl.col("accelerator") == reference).row(0, named=True)
    shipping = t.filter((pl.col("level") == "superpod") & (pl.col("status") == "shipping"))
    if shipping.height != 1:
        raise ValueError(f"expected one shipping SuperPoD in ascend_roadmap, found {shipping.height}")
    return (t.filter(pl.col("level").is_in(["superpod", "supercluster"]))
            .with_columns(chips_vs_shipping=pl.col("chips") / shipping["chips"][0],
                          h100e_bf16=pl.col("bf16_pflops") * 1e3 / ref["bf16_dense_tflops"],
                          h100_fp8=pl.col("fp8_pflops") * 1e3 / ref["fp8_dense_tflops"],
                          chips_lower_bound=pl.col("note").str.contains("lower bound").fill_null(False),
                          announced=data.date_text("announced"))
            .with_columns(chips_are=pl.when(pl.col("chips_lower_bound")).then(pl.lit("at least"))
                          .otherwise(pl.lit("as stated")))
            .select("name", "level", "chip", "chips", "chips_lower_bound", "chips_are", "cabinets", "power_kw",
                    "bf16_pflops", "fp8_pflops",
                    "announced", "available", "status", "chips_vs_shipping", "h100e_bf16", "h100_fp8", "source_id"))


# --- claim checks -------------------------------------------------------------------------------

def verdict_c2_1(early_low_pct: float, latest_high_pct: float, best_ci_rank: int) -> str:
    """Verdict on C2.1 (controls did not halt Chinese AI; they sped up substitution).

    Rule: Chinese AI counts as *not halted* when a Chinese model reached an Arena confidence-interval
    rank of 3 or better in the latest full year (``best_ci_rank <= 3``); otherwise "not_supported".
    If it was not halted but China's share of catalogued AI-supercomputer capacity fell (the highest
    latest share, over all measures, is below the lowest early share: ``latest_high_pct <
    early_low_pct``), compute was constrained and the claim is only "partly_supported"; if the share
    did not fall, "supported". The causal "sped up" has no counterfactual and is not tested.
    """
    if best_ci_rank > 3:
        return "not_supported"
    return "partly_supported" if latest_high_pct < early_low_pct else "supported"


def verdict_c2_3(domestic_in_top4: int, biren_clusters: int) -> str:
    """Verdict on C2.3 (Huawei, Biren and others built large clusters on Chinese chips).

    Rule: fewer than 2 of China's 4 largest catalogued sites on Chinese chips -> "not_supported";
    at least 2, but no cluster of Biren chips in the data (one of the named makers) ->
    "partly_supported"; at least 2 and Biren clusters present -> "supported".
    """
    if domestic_in_top4 < 2:
        return "not_supported"
    return "partly_supported" if biren_clusters == 0 else "supported"
