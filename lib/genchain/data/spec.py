"""Declared schemas of the curated tables in ``data/``.

Each table is a tuple of :class:`Column` plus its unique key. The validator in
:mod:`genchain.data` reads these declarations; nothing here touches a file.
Units are part of the column names (``_usd_bn`` = billions of US dollars,
``_pct`` = percent 0-100, ``_mw`` = megawatts, ``_tflops`` = 10^12 FLOP/s).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from genchain.reference import VERDICTS

#: Dates later than this are rejected as impossible (the book's data cut-off).
MAX_DATE = "2026-12-31"
MIN_DATE = "1990-01-01"
#: the pattern of a date column whose every value is a whole day: such a column has no ``_precision`` companion
DAY = r"^\d{4}-\d{2}-\d{2}$"
#: how much of a date the text gives, by its length (YYYY, YYYY-MM, YYYY-MM-DD)
PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class Column:
    """One column of a table.

    kind: ``str`` | ``int`` | ``float`` | ``date`` | ``bool``.
    ``date`` is written YYYY-MM-DD, YYYY-MM or YYYY and loads as ``pl.Date``, the first day the text
    covers; unless ``pattern=DAY`` (whole days only) the loaded frame also has the column
    :attr:`precision` ("day", "month" or "year": how much of the date the source gives).
    """

    name: str
    kind: str = "str"
    required: bool = True
    allowed: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    doc: str = ""

    @property
    def precision(self) -> str | None:
        """``<name>_precision`` for a date column that may give less than a day, else None."""
        return f"{self.name}_precision" if self.kind == "date" and self.pattern != DAY else None


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    doc: str = ""
    #: groups of columns of which at least one must be filled in each row
    one_of: tuple[tuple[str, ...], ...] = field(default_factory=tuple)
    #: (column, dependent): when ``column`` is filled, ``dependent`` must be too
    requires: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    #: whether rows carry a source_id that must resolve in sources.csv
    sourced: bool = True

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def loaded_names(self) -> list[str]:
        """The columns of the loaded frame: :attr:`names`, each date column followed by its precision column."""
        return [n for c in self.columns for n in (c.name, c.precision) if n is not None]


def C(name, kind="str", required=True, **kw) -> Column:
    return Column(name, kind, required, **kw)


def opt(name, kind="str", **kw) -> Column:
    return Column(name, kind, False, **kw)


SOURCE = C("source_id", doc="id of a row in sources.csv")
NOTE = opt("note", doc="our paraphrase: definitions, conflicts, estimates")
CURRENCIES = ("JPY", "CNY", "EUR", "GBP", "KRW")
BOOL = ("true", "false")

TABLES: dict[str, Table] = {}


def _table(name, columns, key=(), doc="", **kw):
    TABLES[name] = Table(name, tuple(columns), tuple(key), doc, **kw)


_table(
    "sources",
    [
        C("source_id", pattern=r"^[a-z0-9][a-z0-9._-]*$", doc="stable id cited by every other table"),
        C("publisher", doc="who published the page read"),
        C("title", doc="title of the page or dataset"),
        opt("url", pattern=r"^https?://\S+$", doc="address of the page read (only the source essay has none)"),
        opt("published", "date", doc="publication date"),
        C("accessed", "date", pattern=DAY, doc="date the page was read"),
        C("licence", doc="licence of the data, or 'facts only' for news pages"),
        NOTE,
    ],
    key=("source_id",),
    doc="Every source the book cites.",
    sourced=False,
)

_table(
    "claims",
    [
        C("claim_id", pattern=r"^C[0-5]\.[0-9]$", doc="C<chapter>.<n>, as in the design's claim list"),
        C("chapter", "int", min=0, max=5, doc="article chapter (0 = opening, 5 = summary)"),
        C("claim", doc="the article's claim in our own words"),
        C("kind", allowed=("empirical", "causal", "forecast", "opinion")),
        C("verdict", allowed=VERDICTS),
        C("reading", doc="the reading of the claim the book tests (the rubric: the most reasonable one)"),
        C("alternative_reading", doc="the other reading, shown but not graded"),
        opt("rationale", doc="one-line reason for the verdict; numbers only as {placeholders} filled from genchain.quantities"),
        opt("evidence_notebook", pattern=r"^book/[0-9a-z-]+\.ipynb$", doc="the chapter that tests it"),
        SOURCE,
    ],
    key=("claim_id",),
    doc="The article's claims and the book's verdicts.",
)

_table(
    "ai_investment",
    [
        C("geography", doc="country or region"),
        C("year", "int", min=2000, max=2026),
        C("coverage", doc="full_year or the part of the year covered, e.g. 2025-Q1..Q3"),
        C("measure", pattern=r"^[a-z0-9_]+$", doc="what is counted (see data/README.md)"),
        C("provider", pattern=r"^[a-z0-9_]+$", doc="who compiled the series"),
        opt("amount_usd_bn", "float", min=0, doc="billion US dollars"),
        opt("amount_local_bn", "float", min=0, doc="billion units of local_currency"),
        opt("local_currency", allowed=CURRENCIES),
        opt("count", "int", min=0, doc="number of deals or companies"),
        opt("share_of_world_pct", "float", min=0, max=100, doc="share stated by the source, percent"),
        C("price_basis", allowed=("nominal", "constant_2021_usd", "count")),
        SOURCE,
        NOTE,
    ],
    key=("geography", "year", "coverage", "measure", "provider", "source_id"),
    doc="AI and venture investment by geography, year, measure and provider.",
    one_of=(("amount_usd_bn", "amount_local_bn", "count", "share_of_world_pct"),),
    requires=(("amount_local_bn", "local_currency"),),
)

_table(
    "funding_rounds",
    [
        C("company"),
        C("country", doc="headquarters country"),
        C("round", doc="round label as reported"),
        C("announced", "date", pattern=r"^\d{4}-\d{2}(-\d{2})?$", doc="YYYY-MM-DD or YYYY-MM"),
        opt("amount_usd_bn", "float", min=0, doc="new money, billion USD"),
        opt("post_money_usd_bn", "float", min=0, doc="post-money (or reported) valuation, billion USD"),
        opt("lead_investors", doc="leads, separated by '; '"),
        C("investor_type", allowed=("financial", "strategic", "state", "mixed")),
        C("capital_type", allowed=("primary_equity", "strategic_tranche", "convertible", "debt",
                                   "secondary", "valuation_event", "ipo", "grant")),
        opt("conflict_group", doc="rows reporting the same event with different figures"),
        C("preferred", "bool", doc="false for the non-preferred rows of a conflict group"),
        SOURCE,
        NOTE,
    ],
    key=("company", "round", "announced", "source_id"),
    doc="Financing events of AI and defence-tech companies, 2019-2026.",
)

_table(
    "accelerators",
    [
        C("accelerator"),
        C("vendor"),
        C("country", doc="designer's country"),
        C("form", allowed=("chip", "system")),
        C("released", "date"),
        opt("bf16_dense_tflops", "float", min=0, doc="dense BF16/FP16, TFLOP/s"),
        opt("fp8_dense_tflops", "float", min=0, doc="dense FP8, TFLOP/s"),
        opt("memory_gb", "float", min=0),
        opt("memory_bw_tbps", "float", min=0, doc="memory bandwidth, TB/s"),
        opt("tdp_w", "float", min=0, doc="thermal design power, watts"),
        opt("die_area_mm2", "float", min=0, doc="die area, mm2, where the source gives it (Epoch: 'Die Size')"),
        opt("unit_price_usd", "float", min=0),
        C("export_status"),
        SOURCE,
        NOTE,
    ],
    key=("accelerator",),
    doc="AI accelerators, US and Chinese.",
)

_table(
    "models",
    [
        C("model"),
        C("organization"),
        C("country"),
        C("released", "date", pattern=DAY),
        opt("training_flop", "float", min=0, doc="total training compute, FLOP"),
        opt("parameters", "float", min=0, doc="total parameters"),
        opt("active_parameters", "float", min=0, doc="active parameters per token (MoE)"),
        opt("training_tokens", "float", min=0),
        opt("hardware"),
        opt("hardware_count", "int", min=1),
        opt("gpu_hours", "float", min=0, doc="accelerator-hours"),
        opt("reported_cost_usd", "float", min=0),
        opt("cost_basis", doc="what the reported cost counts"),
        opt("compute_confidence", allowed=("Confident", "Likely", "Speculative", "Unknown", "disclosed")),
        C("frontier", "bool", doc="in Epoch's frontier set"),
        SOURCE,
        NOTE,
    ],
    key=("model",),
    doc="Notable and frontier AI models with training compute (Epoch AI, CC BY 4.0).",
    requires=(("reported_cost_usd", "cost_basis"),),
)

_table(
    "training_costs",
    [
        C("model"),
        C("developer"),
        C("country", doc="developer's headquarters country"),
        C("reported_by", allowed=("lab paper", "lab model card", "lab statement", "press report"),
          doc="who gives the figure: the developer (paper, model card, statement) or the press"),
        C("figure_as_reported", doc="the figure in the developer's terms (our paraphrase)"),
        C("scope", allowed=("full_training", "pre_training", "rl_post_training", "unspecified"),
          doc="which part of training the figure covers"),
        C("covers", doc="what the figure includes and leaves out"),
        opt("gpu_hours", "float", min=0, doc="accelerator-hours as stated"),
        opt("accelerator"),
        opt("accelerator_count", "int", min=1),
        opt("cost_usd_m", "float", min=0, doc="cost as stated, million USD"),
        opt("cost_qualifier", allowed=("stated", "approx", "at_least"),
            doc="'at_least' when the source gives a lower bound ('more than', 'a few tens of')"),
        opt("cost_basis", doc="how the stated cost is priced (rental rate, not stated, ...)"),
        C("published", "date", doc="date of the paper, card or statement"),
        SOURCE,
        NOTE,
    ],
    key=("model", "scope", "source_id"),
    doc="Training compute and cost as the developers report them (papers, model cards, statements).",
    one_of=(("gpu_hours", "cost_usd_m"),),
    requires=(("cost_usd_m", "cost_basis"), ("cost_usd_m", "cost_qualifier")),
)

_table(
    "clusters",
    [
        C("name"),
        C("owner"),
        C("country"),
        C("year", "int", min=2000, max=2035, doc="year operational or planned"),
        opt("accelerator"),
        opt("accelerator_count", "int", min=1),
        opt("h100_equivalents", "float", min=0),
        opt("power_mw", "float", min=0, doc="megawatts"),
        C("status", allowed=("operational", "under_construction", "planned", "decommissioned")),
        SOURCE,
        NOTE,
    ],
    key=("name", "year", "source_id"),
    doc="Named GPU clusters and AI data centres.",
)

_table(
    "ascend_roadmap",
    [
        C("name", doc="chip or system name as Huawei gives it"),
        C("level", allowed=("chip", "superpod", "supercluster"),
          doc="one chip, one SuperPoD (a single logical machine) or a SuperCluster of SuperPoDs"),
        C("chip", doc="the Ascend chip it is built from"),
        C("chips", "int", min=1, doc="Ascend chips per system (1 for a chip; a stated lower bound for 'over N')"),
        opt("cabinets", "int", min=1, doc="cabinets (racks) per system, where stated"),
        opt("power_kw", "float", min=0, doc="system power, kilowatts, where stated or estimated (see note)"),
        opt("bf16_pflops", "float", min=0, doc="dense BF16/FP16 compute, PFLOP/s"),
        opt("fp8_pflops", "float", min=0, doc="FP8 compute, PFLOP/s, as the vendor states it"),
        opt("fp4_pflops", "float", min=0, doc="FP4 (MXFP4) compute, PFLOP/s, as the vendor states it"),
        opt("memory_tb", "float", min=0, doc="HBM capacity, TB (system total, or per chip)"),
        opt("memory_bw_tbps", "float", min=0, doc="HBM bandwidth, TB/s (system total, or per chip)"),
        opt("interconnect_tbps", "float", min=0, doc="scale-up interconnect bandwidth, TB/s (per chip, or system total)"),
        C("announced", "date", doc="when the vendor announced it"),
        C("available", pattern=r"^\d{4}(-Q[1-4]|-\d{2})?$",
          doc="availability, planned or actual: YYYY, YYYY-MM or YYYY-Qn"),
        C("status", allowed=("shipping", "planned"), doc="as announced; 'planned' rows are vendor plans"),
        SOURCE,
        NOTE,
    ],
    key=("name",),
    doc="Huawei's Ascend roadmap: chips, SuperPoDs and SuperClusters with the vendor's stated figures.",
)

_table(
    "compute_shares",
    [
        C("country"),
        C("as_of", "date"),
        C("metric", pattern=r"^[a-z0-9_]+$"),
        C("share_pct", "float", min=0, max=100),
        C("basis", allowed=("published", "recomputed")),
        SOURCE,
        NOTE,
    ],
    key=("country", "as_of", "metric", "basis", "source_id"),
    doc="Country shares of AI compute.",
)

_table(
    "leaderboard",
    [
        C("snapshot_date", "date", pattern=DAY),
        C("model"),
        C("organization"),
        C("country"),
        C("rating", "float", min=0, max=3000, doc="Arena rating (Elo/Bradley-Terry scale)"),
        C("rank", "int", min=1),
        C("rank_type", allowed=("by_rating", "rank_ub")),
        opt("votes", "int", min=0),
        C("style_control", "bool"),
        C("category"),
        SOURCE,
        NOTE,
    ],
    key=("snapshot_date", "model", "style_control", "category", "rank_type", "source_id"),
    doc="Arena (LMArena) leaderboard snapshots.",
)

_table(
    "export_controls",
    [
        C("date", "date"),
        C("authority"),
        C("rule"),
        C("what_changed"),
        opt("threshold"),
        opt("chips_affected"),
        SOURCE,
        NOTE,
    ],
    key=("date", "authority", "rule"),
    doc="US export controls on AI chips and China's responses.",
)

_table(
    "revenue",
    [
        C("company"),
        C("date", "date"),
        C("metric", allowed=("revenue", "run_rate", "projection")),
        opt("period"),
        C("value_usd_bn", "float", min=0),
        SOURCE,
        NOTE,
    ],
    key=("company", "date", "metric", "period", "source_id"),
    doc="Revenue, annualised run-rate and company projections.",
)

_table(
    "compute_deals",
    [
        C("company"),
        C("counterparty"),
        C("announced", "date"),
        C("deal_type"),
        opt("value_usd_bn", "float", min=0),
        opt("capacity_gw", "float", min=0),
        opt("capacity_qualifier", allowed=("stated", "approx", "up_to", "at_least")),
        opt("chips_or_units"),
        opt("duration"),
        SOURCE,
        NOTE,
    ],
    key=("company", "counterparty", "announced", "deal_type", "source_id"),
    doc="Compute and cloud commitments.",
)

_table(
    "contracts",
    [
        C("company"),
        C("agency"),
        C("country"),
        C("announced", "date"),
        opt("program"),
        opt("contract_type"),
        opt("ceiling_usd_bn", "float", min=0, doc="maximum ('up to') value, not cash"),
        opt("obligated_usd_bn", "float", min=0, doc="money obligated, where stated"),
        C("description"),
        SOURCE,
        NOTE,
    ],
    key=("company", "agency", "announced", "description"),
    doc="Government contracts and agreements.",
)

_table(
    "budgets",
    [
        C("country"),
        C("fiscal_year", "int", min=1990, max=2035),
        C("period"),
        C("category", pattern=r"^[a-z0-9_]+$"),
        C("line_item"),
        opt("value_usd_bn", "float", min=0),
        opt("value_local_bn", "float", min=0),
        opt("local_currency", allowed=CURRENCIES),
        opt("basis"),
        SOURCE,
        NOTE,
    ],
    key=("country", "period", "category", "line_item", "source_id"),
    doc="Government AI, defence-AI and semiconductor budgets.",
    one_of=(("value_usd_bn", "value_local_bn"),),
    requires=(("value_local_bn", "local_currency"),),
)

_table(
    "actors",
    [
        C("name", doc="the book's name for the organisation or model"),
        C("kind", allowed=("organization", "model")),
        opt("group", allowed=("US frontier labs", "US big tech", "US defence", "China", "Japan"),
            doc="the book's group of an organisation (empty for a model)"),
        C("table", allowed=("funding_rounds", "models", "clusters", "compute_deals", "revenue", "contracts",
                            "leaderboard"), doc="the table whose names the alias matches"),
        C("alias", doc="the name as that table writes it (clusters: a regular expression matched "
                       "against a cluster's name, owner and listed users)"),
        SOURCE,
        NOTE,
    ],
    key=("name", "table", "alias"),
    doc="The book's actors and models with the name each table gives them (a name crosswalk).",
)

_table(
    "fx_rates",
    [
        C("year", "int", min=1990, max=2026),
        C("currency", allowed=CURRENCIES),
        C("per_usd", "float", min=0, doc="annual average, units of currency per US dollar"),
        SOURCE,
        NOTE,
    ],
    key=("year", "currency"),
    doc="Annual average exchange rates.",
)

_table(
    "cpi",
    [
        C("year", "int", min=1990, max=2026),
        C("index", "float", min=0, doc="annual average of the monthly CPI-U, 1982-84 = 100"),
        SOURCE,
        NOTE,
    ],
    key=("year",),
    doc="US consumer prices (CPI-U): turns dollars of one year into dollars of another.",
)

_table(
    "market_share",
    [
        C("source_org"),
        C("period"),
        C("segment"),
        C("metric"),
        C("entity"),
        C("share_pct", "float", min=0, max=100),
        SOURCE,
        NOTE,
    ],
    key=("source_org", "period", "segment", "metric", "entity", "source_id"),
    doc="Market-share estimates as their sources state them.",
)

_table(
    "events",
    [
        C("company"),
        C("date", "date"),
        C("event_type", allowed=("model_release", "product", "government", "governance",
                                 "acquisition", "policy", "other")),
        C("description"),
        opt("value", "float"),
        opt("unit"),
        SOURCE,
        NOTE,
    ],
    key=("company", "date", "event_type", "description"),
    doc="Dated company, product and government events.",
)
