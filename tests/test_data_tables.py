"""The curated tables in data/: they load, their sources resolve, and spot values match the
pages they cite (checked by hand against data/sources.csv and /work/shared/sources/*/)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from genchain import data

ESSAY = "gc-article"  # the source essay: cited by title only, so it has no URL


@pytest.fixture(scope="module")
def sources() -> pl.DataFrame:
    return data.load("sources")


@pytest.mark.parametrize("name", data.tables())
def test_table_loads_without_violation(name):
    frame = data.load(name)  # raises DataError on any violation
    assert frame.height > 0 and frame.columns == data.schema(name).loaded_names


def test_every_source_id_resolves(sources):
    known = set(sources["source_id"])
    for name in data.tables():
        if not data.schema(name).sourced:
            continue
        used = set(data.load(name)["source_id"])
        assert used <= known, f"{name}: unknown source_id {sorted(used - known)}"


def test_every_source_but_the_essay_has_a_web_address(sources):
    essay = sources.filter(pl.col("source_id") == ESSAY)
    assert essay.height == 1 and essay["url"][0] is None
    others = sources.filter(pl.col("source_id") != ESSAY)
    no_url = others.filter(~pl.col("url").fill_null("").str.contains(r"^https?://\S+$"))["source_id"].to_list()
    assert no_url == [], f"sources without an http(s) URL: {no_url}"


def test_no_two_sources_share_a_url(sources):
    dupes = (sources.filter(pl.col("url").is_not_null())
             .group_by("url").agg(pl.col("source_id")).filter(pl.col("source_id").list.len() > 1))
    assert dupes.height == 0, f"URLs used by more than one source: {dupes.rows()}"


def _row(table: str, **match) -> dict:
    """The one row of ``table`` matching ``match``; a date that may be less than a day is matched and
    returned as the CSV gives it (YYYY[-MM[-DD]] text), a whole-day date as a Date."""
    frame = data.load(table).with_columns(data.date_text(c.name) for c in data.schema(table).columns if c.precision)
    for column, value in match.items():
        frame = frame.filter(pl.col(column) == value)
    assert frame.height == 1, f"{table} {match}: {frame.height} rows"
    return frame.row(0, named=True)


def _url(source_id: str) -> str:
    return _row("sources", source_id=source_id)["url"] or ""


# (table, row selector, expected values, a piece of the cited URL). Where each value comes
# from is stated in the comment above its entry.
SPOTS = [
    # QuotedData (Oct 2025, on FT/Anthropic): "$13B Series F at $183B post-money, led by ICONIQ"
    # (shared companies/funding_rounds.csv, Anthropic Series F).
    ("funding_rounds", dict(company="Anthropic", round="Series F"),
     dict(announced="2025-09-02", amount_usd_bn=13.0, post_money_usd_bn=183.0), "quoteddata.com"),
    # Bloomberg via On the Tira: Anduril raised $2.5B at a $30.5B valuation, 5 June 2025
    # (shared companies/ and investment/funding_rounds.csv, Anduril Series G).
    ("funding_rounds", dict(company="Anduril", round="Series G"),
     dict(announced="2025-06-05", amount_usd_bn=2.5, post_money_usd_bn=30.5), "onthetira.news"),
    # Hindustan Times / Bloomberg: OpenAI's SoftBank-led $40B round at $300B, 2025-03-31
    # (shared investment/funding_rounds.csv).
    ("funding_rounds", dict(company="OpenAI", announced="2025-03-31"),
     dict(amount_usd_bn=40.0, post_money_usd_bn=300.0), "hindustantimes.com"),
    # Crunchbase year-end 2025 via Global Agenda Wire: world AI funding $202.3B
    # (shared investment/facts.csv F081).
    ("ai_investment", dict(geography="World", year=2025, coverage="full_year", measure="ai_vc_funding",
                           source_id="inv-crunchbase-2025-ai-funding"),
     dict(amount_usd_bn=202.3), "globalagendawire.com"),
    # The Money Unlock citing Crunchbase: US AI startups raised ~$159B in 2025 = ~79% of the
    # world (shared investment/facts.csv F083).
    ("ai_investment", dict(geography="United States", year=2025, coverage="full_year", measure="ai_vc_funding",
                           provider="crunchbase"),
     dict(amount_usd_bn=159.0, share_of_world_pct=79.0), "themoneyunlock.com"),
    # DeepSeek-V3 technical report (arXiv 2412.19437): 2.788M H800 GPU-hours on 2048 GPUs,
    # $5.576M at $2/GPU-hour (shared compute/models_training.csv).
    ("models", dict(model="DeepSeek-V3"),
     dict(gpu_hours=2_788_000.0, hardware_count=2048, reported_cost_usd=5_576_000.0, training_flop=3.3e24),
     "arxiv.org/abs/2412.19437"),
    # Epoch ML Hardware / NVIDIA datasheet: H100 SXM5 989 TFLOP/s dense BF16, 1979 dense FP8
    # (shared compute/accelerators.csv).
    ("accelerators", dict(accelerator="NVIDIA H100 SXM5 80GB"),
     dict(bf16_dense_tflops=989.0, fp8_dense_tflops=1979.0, memory_gb=80.0), "epoch.ai"),
    # Epoch data insight (June 2025): the US held ~75% of AI supercomputer performance in
    # May 2025, China ~15% (shared compute/README.md, "Verification of the US ~75%" note).
    ("compute_shares", dict(country="United States", as_of="2025-05", basis="published"),
     dict(share_pct=75.0, metric="share_ai_supercomputer_performance_16bit"), "epoch.ai/data-insights"),
    # Same README: recomputing from Epoch's raw cluster data gives US 75.5% (16-bit OP/s).
    ("compute_shares", dict(country="United States", as_of="2025-05-01", basis="recomputed",
                            metric="share_ai_supercomputer_performance_16bit"),
     dict(share_pct=pytest.approx(75.5, abs=0.05)), "epoch.ai/data/ai-supercomputers"),
    # Fed G.5A release of 1 Feb 2024: JPY 2023 annual average 140.5001 per USD (the World Bank
    # WDI figure in shared investment/facts.csv F153 is 140.49).
    ("fx_rates", dict(year=2023, currency="JPY"), dict(per_usd=140.5001), "federalreserve.gov/releases/g5a"),
    # Epoch AI Supercomputers raw file (shared compute/raw/epoch_ai_supercomputers_gpu_clusters_2026-04.csv):
    # AIST ABCI 3.0, 6128 NVIDIA H200 SXM, first operational 2025-01-20, ~8.59 MW.
    ("clusters", dict(name="AIST ABCI 3.0"),
     dict(accelerator="NVIDIA H200 SXM", accelerator_count=6128, country="Japan", year=2025), "epoch.ai"),
    # Arena history (shared compute/raw/chatbot_arena_elo_history_2023-05_to_2025-03.csv):
    # gpt-4 on 20230619 rated 1148.81.
    ("leaderboard", dict(snapshot_date=dt.date(2023, 6, 19), model="gpt-4", category="overall", style_control=False),
     dict(rating=pytest.approx(1148.8, abs=0.05), rank=1), "chatbot-arena-history"),
    # BIS interim final rule of 7 Oct 2022, 87 FR 62186 (shared compute/export_controls.csv).
    ("export_controls", dict(date="2022-10-07", authority="US BIS"),
     dict(rule="Interim final rule: Implementation of Additional Export Controls: Certain Advanced "
               "Computing and Semiconductor Manufacturing Items (87 FR 62186)"), ""),
    # Reuters via Business Recorder, 3 Dec 2024: MOFCOM bans dual-use gallium, germanium and
    # antimony exports to the US, a day after the US rule of 2 Dec 2024.
    ("export_controls", dict(date="2024-12-03", authority="China MOFCOM"),
     dict(chips_affected="Gallium, germanium, antimony, superhard materials, graphite"), "brecorder.com"),
    # Reuters via The Business Times, 28 Jan 2026: ByteDance, Alibaba and Tencent cleared to buy
    # more than 400,000 H200s in total.
    ("export_controls", dict(date="2026-01-28"), dict(threshold="more than 400,000 H200 in the first batch"),
     "businesstimes.com.sg"),
    # DeepSeek-V3 technical report (arXiv 2412.19437), cost table: 2.788M H800 GPU-hours for the
    # full training, 5.576M USD at 2 USD per GPU-hour, on 2,048 H800s.
    ("training_costs", dict(model="DeepSeek-V3", scope="full_training"),
     dict(gpu_hours=2.788e6, cost_usd_m=5.576, accelerator_count=2048), "arxiv.org/abs/2412.19437"),
    # Llama 3.1 model card (meta-llama/llama-models): 405B trained for 30.84M H100-80GB GPU-hours.
    ("training_costs", dict(model="Llama 3.1 405B"), dict(gpu_hours=30.84e6), "github.com/meta-llama/llama-models"),
    # Llama 2 model card: 70B pre-trained for 1,720,320 A100-80GB GPU-hours.
    ("training_costs", dict(model="Llama 2 70B"), dict(gpu_hours=1720320.0), "github.com/meta-llama/llama-models"),
    # Gizmochina on Huawei Connect 2025: Atlas 950 SuperPoD = 8,192 Ascend 950DT, 8 EFLOPS FP8,
    # 16 EFLOPS FP4, 160 cabinets; Huawei gives Q4 2026 (RCR Wireless).
    ("ascend_roadmap", dict(name="Atlas 950 SuperPoD"),
     dict(chips=8192, fp8_pflops=8000.0, fp4_pflops=16000.0, cabinets=160, available="2026-Q4"), "gizmochina.com"),
    # Capacity Media (WAIC 2025, SemiAnalysis figures): CloudMatrix 384 = 384 Ascend 910C in 16 racks,
    # about 300 PFLOPS dense BF16, 559 kW.
    ("ascend_roadmap", dict(name="CloudMatrix 384 (Atlas 900 A3 SuperPoD)"),
     dict(chips=384, cabinets=16, bf16_pflops=300.0, power_kw=559.0), "capacitymedia.com"),
    # MediaPost citing an FT estimate: Anthropic's annualised revenue hit $1B in Dec 2024
    # (shared companies/revenue.csv).
    ("revenue", dict(company="Anthropic", date="2024-12", metric="run_rate"), dict(value_usd_bn=1.0),
     "mediapost.com"),
    # The Batch (citing WSJ): Anthropic to spend ~$3B on Google Cloud over four years
    # (shared companies/compute_deals.csv).
    ("compute_deals", dict(company="Anthropic", counterparty="Google Cloud", announced="2023"),
     dict(value_usd_bn=3.0, duration="4 years"), "deeplearning.ai"),
    # Breitbart quoting the CDAO release of 14 July 2025: $200M-ceiling prototype awards
    # (shared companies/contracts.csv).
    ("contracts", dict(company="Anthropic", announced="2025-07-14"), dict(ceiling_usd_bn=0.2), "breitbart.com"),
    # Defense News via ExBulletin: the FY2025 DoD request holds $1.8B for AI
    # (shared companies/defense_budgets.csv).
    ("budgets", dict(country="United States", period="FY2025", category="dod_budget",
                     line_item="US DoD: Artificial intelligence (topline)"),
     dict(value_usd_bn=1.8, basis="request"), "exbulletin.com"),
    # Menlo Ventures 2025 mid-year update as relayed by EuroBulletin24: OpenAI 50% of
    # enterprise LLM API usage in 2023 (shared companies/market_share.csv).
    ("market_share", dict(source_org="Menlo Ventures", period="2023", entity="OpenAI"), dict(share_pct=50.0),
     "eurobulletin24.com"),
    # AI Wiki: Claude 2 released on 2023-07-11 (shared companies/model_releases.csv).
    ("events", dict(company="Anthropic", date="2023-07-11", event_type="model_release"), dict(), "aiwiki.ai"),
    # data/sources.csv itself: the Fed G.5A release cited for fx is dated 2024-02-01.
    ("sources", dict(source_id="inv-fed-g5a-20240201"),
     dict(published="2024-02-01", url="https://federalreserve.gov/releases/g5a/20240201"), ""),
]


@pytest.mark.parametrize("table,match,expected,url_part", SPOTS,
                         ids=[f"{i:02d}-{s[0]}" for i, s in enumerate(SPOTS, 1)])
def test_spot_value(table, match, expected, url_part):
    row = _row(table, **match)
    for column, value in expected.items():
        assert row[column] == value, f"{table} {match}: {column} = {row[column]!r}, expected {value!r}"
    if url_part:
        assert url_part in _url(row["source_id"]), f"{row['source_id']} does not cite {url_part}"


@pytest.mark.parametrize("table,match,column,first_day,precision", [
    ("funding_rounds", dict(company="Anthropic", round="Series F"), "announced", dt.date(2025, 9, 2), "day"),
    ("revenue", dict(company="Anthropic", metric="run_rate", source_id="co-mediapost-2024-12"), "date",
     dt.date(2024, 12, 1), "month"),
    ("compute_deals", dict(company="Anthropic", counterparty="Google Cloud", value_usd_bn=3.0), "announced",
     dt.date(2023, 1, 1), "year"),
    ("models", dict(model="DeepSeek-V3"), "released", dt.date(2024, 12, 24), None),
])
def test_dates_load_as_their_first_day_with_a_precision(table, match, column, first_day, precision):
    frame = data.load(table)
    assert frame.schema[column] == pl.Date
    row = frame.filter(**match).row(0, named=True)
    assert row[column] == first_day
    if precision is None:  # a whole-day column has no precision column
        assert f"{column}_precision" not in frame.columns
    else:
        assert row[f"{column}_precision"] == precision


def test_spot_values_cover_many_tables():
    assert len(SPOTS) >= 20 and len({s[0] for s in SPOTS}) >= 15


def test_deepseek_v3_cost_is_its_gpu_hours_at_two_dollars():
    """The report prices its 2.788M H800 GPU-hours at 2 USD each (5.576M USD), and its README's
    pre-training share (2.664M) leaves about 0.12M for context extension and post-training."""
    tc = data.load("training_costs").filter(pl.col("model") == "DeepSeek-V3")
    full = tc.filter(pl.col("scope") == "full_training").row(0, named=True)
    pre = tc.filter(pl.col("scope") == "pre_training").row(0, named=True)
    assert full["gpu_hours"] * 2 / 1e6 == pytest.approx(full["cost_usd_m"], abs=1e-9)
    assert full["gpu_hours"] - pre["gpu_hours"] == pytest.approx(0.124e6)


def test_ascend_systems_match_their_chips():
    """Huawei's system totals are its chip count times the chip's FP8 figure, rounded (8,192 x 1 PFLOPS
    = 8 EFLOPS; 15,488 x 2 = 30 EFLOPS; 524,288 x 1 = 524 EFLOPS): within 5%."""
    asc = data.load("ascend_roadmap")
    chip_fp8 = dict(asc.filter(pl.col("level") == "chip").select("chip", "fp8_pflops").iter_rows())
    systems = asc.filter((pl.col("level") != "chip") & pl.col("fp8_pflops").is_not_null())
    assert systems.height >= 3
    for name, chip, chips, fp8 in systems.select("name", "chip", "chips", "fp8_pflops").iter_rows():
        assert fp8 == pytest.approx(chips * chip_fp8[chip], rel=0.05), name


def _decimals(x: float) -> int:
    text = repr(float(x))
    return 0 if text.endswith(".0") else len(text.split(".")[1])


def test_reported_quarters_add_up_to_the_fiscal_year():
    """Wherever revenue.csv holds all four reported quarters of a company's fiscal year (total, not a
    segment) and the fiscal-year figure, the quarters add up to it within the rounding of the yearly
    figure (a yearly 2.9 allows 0.05; 4.475 allows 0.0005, plus float noise)."""
    rev = data.load("revenue").filter(pl.col("metric") == "revenue")
    q = (rev.filter(pl.col("period").str.contains(r"^\d{4}-Q[1-4]$"))
         .with_columns(fy=pl.col("period").str.slice(0, 4))
         .group_by("company", "fy").agg(n=pl.col("period").n_unique(), rows=pl.len(), total=pl.col("value_usd_bn").sum()))
    assert q.filter(pl.col("rows") != pl.col("n")).height == 0, "a quarter appears twice: say which source is preferred"
    fy = (rev.filter(pl.col("period").str.contains(r"^FY\d{4}$"))
          .with_columns(fy=pl.col("period").str.slice(2, 4)).select("company", "fy", yearly="value_usd_bn"))
    complete = q.filter(pl.col("n") == 4).join(fy, on=["company", "fy"], how="inner")
    assert complete.height >= 2, "expected at least two complete fiscal years (Palantir 2024 and 2025)"
    for company, year, total, yearly in complete.select("company", "fy", "total", "yearly").iter_rows():
        tol = 0.5 * 10 ** -_decimals(yearly) + 1e-9
        assert abs(total - yearly) <= tol, f"{company} FY{year}: quarters add to {total:.6f}, the year says {yearly}"
    palantir_2025 = complete.filter((pl.col("company") == "Palantir") & (pl.col("fy") == "2025"))
    assert palantir_2025["total"][0] == pytest.approx(4.475, abs=0.001)
