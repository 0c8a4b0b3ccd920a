"""Tests for genchain.chapters.compute: values worked out by hand from accelerators.csv and the rule thresholds."""

import math

import polars as pl
import pytest

from genchain.chapters import compute


@pytest.fixture(scope="module")
def chips():
    return compute.chips()


def _row(chips, name):
    return chips.filter(pl.col("accelerator").str.starts_with(name)).row(0, named=True)


def test_tpp_of_takes_the_highest_format():
    # H100: BF16 989 x 16 = 15,824; FP8 1979 x 8 = 15,832 -> 15,832
    assert compute.tpp_of(989.0, 1979.0) == 15_832
    # A100 has no FP8 figure: 312 x 16 = 4,992
    assert compute.tpp_of(312.0) == 4_992
    with pytest.raises(ValueError):
        compute.tpp_of(None, None)


def test_chips_tpp_density_and_value_ratios(chips):
    a800 = _row(chips, "NVIDIA A800")
    assert a800["tpp"] == 4_992                                   # 312 x 16
    assert a800["performance_density"] == pytest.approx(4_992 / 826)   # 6.04 TPP/mm2, GA100 die
    h100 = _row(chips, "NVIDIA H100")
    assert h100["tflops_per_kusd"] == pytest.approx(989 / 33_600 * 1000)   # 29.43 TFLOP/s per $1k
    assert h100["tflops_per_kw"] == pytest.approx(989 / 700 * 1000)        # 1,412.9 TFLOP/s per kW
    b910 = _row(chips, "Huawei Ascend 910B")
    assert b910["tpp"] == 376 * 16                                # 6,016
    assert b910["performance_density"] is None                   # die area not sourced
    assert chips.filter(pl.col("form") != "chip").height == 0     # rack systems left out


def test_rule_sides_by_hand(chips):
    # A800: TPP 4,992 >= 4,800 but I/O 400 < 600 GB/s -> passed 2022; density 6.04 >= 5.92 and TPP >= 4,800 -> 2023 licence
    a800 = _row(chips, "NVIDIA A800")
    assert a800["side_2022"] == "below the line (I/O under 600 GB/s)"
    assert a800["side_2023"] == "licence required"
    # A100: TPP 4,992 and I/O 600 -> licence in 2022
    assert _row(chips, "NVIDIA A100")["side_2022"] == "licence required"
    # H20: TPP max(148 x 16, 296 x 8) = 2,368: between 1,600 and 4,800 with no die area -> unknown
    h20 = _row(chips, "NVIDIA H20")
    assert h20["tpp"] == 2_368
    assert h20["side_2023"] == "TPP 1,600-4,800: density unknown"
    # Cambricon MLU370-X8: 96 x 16 = 1,536 < 1,600 -> below
    assert _row(chips, "Cambricon MLU370")["side_2023"] == "below the line"


def test_side_2023_notification_band():
    # TPP 3,000 with density 2.0: in the 2,400-4,800 / 1.6-5.92 band -> NAC; density 1.0 -> below
    f = pl.DataFrame({"tpp": [3000.0, 3000.0, 2000.0], "performance_density": [2.0, 1.0, 6.0]})
    out = f.with_columns(side=compute.side_2023())["side"].to_list()
    assert out == ["notification (NAC)", "below the line", "licence required"]


def test_flop_bought_by_hand():
    # $1B / $33,600 = 29,761.9 H100s x 989e12 x 0.4 x 365 x 86,400 s = 3.713e26 FLOP
    expected = 1e9 / 33_600 * 989e12 * 0.4 * 365 * 86_400
    assert compute.flop_bought(1e9, 33_600, 989, 0.4, 365) == pytest.approx(expected)
    assert math.isclose(expected, 3.713e26, rel_tol=1e-3)
    with pytest.raises(ValueError):
        compute.flop_bought(1e9, 0, 989, 0.4)
    with pytest.raises(ValueError):
        compute.flop_bought(1e9, 33_600, 989, 1.5)


def test_budget_table_and_price_override(chips):
    t = compute.budget_table(chips, 1e9, 0.4, 365)
    # only chips with a sourced price: A100, H100, H20, MI300X, Ascend 910B
    assert set(t["accelerator"]) == {"NVIDIA A100 SXM4 80GB", "NVIDIA H100 SXM5 80GB", "NVIDIA H20 (HGX)",
                                     "AMD Instinct MI300X", "Huawei Ascend 910B"}
    flop = dict(zip(t["accelerator"], t["flop"]))
    # 910B vs H100 per dollar: (376 / 16,854) / (989 / 33,600) = 0.7579
    assert flop["Huawei Ascend 910B"] / flop["NVIDIA H100 SXM5 80GB"] == pytest.approx(
        (376 / 16_854) / (989 / 33_600))
    # giving the 910C a price brings it in: $1B / $20,000 = 50,000 chips
    t2 = compute.budget_table(chips, 1e9, 0.4, 365, prices={"Huawei Ascend 910C": 20_000})
    c = t2.filter(pl.col("accelerator") == "Huawei Ascend 910C").row(0, named=True)
    assert c["chips_bought"] == pytest.approx(50_000)
    assert t2["flop_vs_best"].max() == 1.0


def test_best_by_ecosystem(chips):
    best = compute.best_by_ecosystem(chips, "tflops_per_kusd")
    # China: only the 910B has a price (22.31); US best is the MI300X (1307.4 / 15,000 x 1000 = 87.16)
    assert dict(zip(best["ecosystem"], best["accelerator"])) == {"China": "Huawei Ascend 910B",
                                                                 "US": "AMD Instinct MI300X"}
    assert best.filter(pl.col("ecosystem") == "US")["value"][0] == pytest.approx(87.16)


def test_shares_and_range():
    s = compute.shares()
    cn25 = compute.share_range(s, "China", 2025)
    # 2025 China rows: 15.0 (published, 16-bit), 13.08, 10.49 (16-bit), 8.78, 6.94 (H100e)
    assert cn25.row(0) == (6.94, 15.0, 5)
    assert set(s["measure"]) == {"16-bit OP/s (published)", "16-bit OP/s (recomputed)",
                                 "H100-equivalents (recomputed)"}


def test_largest_systems_china():
    top = compute.largest_systems("China", n=4)
    # VNET Bayin Ulanqab 122,789 H100e on Ascend 910C is the largest; Alibaba Zhangbei keeps its 2026 estimate (31,885)
    assert top["h100_equivalents"].to_list() == [122_789, 89_439, 76_326, 31_885]
    assert top["domestic_chip"].to_list() == [True, True, True, False]
    anon = compute.largest_systems("China", n=8).filter(pl.col("name").str.starts_with("Anonymized"))
    assert anon["chip"].null_count() == anon.height      # "H100e" in a note is not a chip name


def test_verdict_c2_1_by_hand():
    # ranked 3 or better and the share fell (latest max 15 < early min 37) -> partly
    assert compute.verdict_c2_1(37.0, 15.0, 3) == "partly_supported"
    assert compute.verdict_c2_1(37.0, 15.0, 1) == "partly_supported"
    # share did not fall (latest max 37 is not below 37) -> supported
    assert compute.verdict_c2_1(37.0, 37.0, 2) == "supported"
    # best CI rank 4: not near the top -> not supported, whatever the share
    assert compute.verdict_c2_1(37.0, 15.0, 4) == "not_supported"
    assert compute.verdict_c2_1(37.0, 50.0, 4) == "not_supported"


def test_verdict_c2_3_by_hand():
    assert compute.verdict_c2_3(3, 0) == "partly_supported"   # 3 of 4 on Ascend, no Biren cluster
    assert compute.verdict_c2_3(2, 0) == "partly_supported"   # threshold: 2 counts
    assert compute.verdict_c2_3(2, 1) == "supported"          # Biren clusters present
    assert compute.verdict_c2_3(1, 5) == "not_supported"      # fewer than 2 of the 4 largest


def test_roadmap_systems_by_hand():
    r = compute.roadmap_systems()
    # the five systems of ascend_roadmap.csv (levels superpod and supercluster), none of the five chips
    assert r["name"].to_list() == ["CloudMatrix 384 (Atlas 900 A3 SuperPoD)", "Atlas 950 SuperPoD", "Atlas 960 SuperPoD",
                                   "Atlas 950 SuperCluster", "Atlas 960 SuperCluster"]
    row = {n: x for n, x in zip(r["name"], r.iter_rows(named=True))}
    cm, a950, sc950 = row["CloudMatrix 384 (Atlas 900 A3 SuperPoD)"], row["Atlas 950 SuperPoD"], row["Atlas 950 SuperCluster"]
    # CloudMatrix 384: 300 PFLOPS BF16 x 1,000 / 989 (H100 dense BF16) = 303.34 H100e; FP8 not given
    assert cm["h100e_bf16"] == pytest.approx(303.34, abs=0.01) and cm["h100_fp8"] is None
    # Atlas 950 SuperPoD: 8,192 / 384 = 21.33 times the chips; 8,000 PFLOPS FP8 x 1,000 / 1,979 = 4,042.4 H100s at FP8;
    # no BF16 figure, so no 16-bit H100e
    assert a950["chips_vs_shipping"] == pytest.approx(21.333, abs=1e-3)
    assert a950["h100_fp8"] == pytest.approx(4042.4, abs=0.1) and a950["h100e_bf16"] is None
    # Atlas 950 SuperCluster: 524,000 PFLOPS FP8 / 1.979 = 264,780 H100s at FP8; 524,288 / 384 = 1,365.3
    assert sc950["h100_fp8"] == pytest.approx(264_780, abs=1) and sc950["chips_vs_shipping"] == pytest.approx(1365.33, abs=0.01)
    # "over one million" Ascend 960 is the only lower bound; the CloudMatrix's month-precise date stays a month
    assert r.filter(pl.col("chips_lower_bound"))["name"].to_list() == ["Atlas 960 SuperCluster"]
    assert cm["announced"] == "2025-04" and cm["status"] == "shipping" and a950["available"] == "2026-Q4"


def test_roadmap_systems_needs_one_shipping_superpod():
    t = compute.data.load("ascend_roadmap")
    two = t.with_columns(status=pl.lit("shipping"))
    with pytest.raises(ValueError, match="found 3"):       # three SuperPoDs all marked shipping
        compute.roadmap_systems(two)
