"""The claim ledger's evidence, generated: numbers in ``claims.csv`` are placeholders filled from
:mod:`genchain.quantities`, so the ledger and the chapters print one value.

``claims.csv`` holds, for each claim, the reading the book tests, the other reading it shows, and a
one-line reason for the verdict. None of them types a number by hand: where a reason cites a number
it writes ``{name}`` and :data:`PLACEHOLDERS` says which quantity (with its as-of date) fills it. The
filled numbers are keyed, so the build's check of published numbers (``tests/test_quantities_site.py``)
compares the ledger with the chapters.

>>> fill("US share {us_share_cb_2025}% in 2025")
'US share 78.6% in 2025'
"""

from __future__ import annotations

import re
from pathlib import Path

from genchain import quantities as q
from genchain.reference import CUTOFF

END_2025, MID_2026 = CUTOFF, "2026-06-30"  # the essay's date; the latest data

#: placeholder -> the quantity that fills it (a function of nothing, returning a keyed Number)
PLACEHOLDERS = {
    "us_share_cb_2025": lambda: q.us_share_crunchbase_pct(END_2025),
    "jp_ai_share_2023": lambda: q.japan_ai_share_cset_pct("2023-12-31"),
    "jp_startup_2024_usd": lambda: q.japan_startup_funding_usd_bn("2024-12-31")["usd_bn"],
    "cn_models_recorded": lambda: q.chinese_models_by_chip(MID_2026)["recorded"],
    "cn_models_us_only": lambda: q.chinese_models_by_chip(MID_2026)["us_only"],
    "cn_models_chinese_only": lambda: q.chinese_models_by_chip(MID_2026)["chinese_only"],
    "openai_commit_2025": lambda: q.compute_commitments("OpenAI", END_2025, since="2025-01-01"),
    "anthropic_commit_2025": lambda: q.compute_commitments("Anthropic", END_2025, since="2025-01-01"),
    "anthropic_commit_to_2025": lambda: q.compute_commitments("Anthropic", END_2025),
    "anthropic_raised_2025": lambda: q.capital_raised("Anthropic", END_2025),
    "anthropic_through_f": lambda: q.raised_through_round("Anthropic", "Series F"),
    "anthropic_through_f_no_pledges": lambda: q.raised_through_round("Anthropic", "Series F", pledges=False),
    "anthropic_e_plus_f": lambda: q.named_rounds_usd_bn("Anthropic", ("Series E", "Series F")),
    "jp_site_2025": lambda: q.largest_site("Japan", END_2025).h100e,
    "jp_startup_cluster_2025": lambda: q.actor_largest_cluster("Preferred Networks", "Preferred Networks",
                                                               END_2025).h100e,
    "us_site_2025": lambda: q.largest_site("United States", END_2025).h100e,
    "us_site_2026": lambda: q.largest_site("United States", MID_2026).h100e,
    "frontier_capital": lambda: q.frontier_run_capital(END_2025)["capital_usd_bn"],
    "frontier_capital_q50": lambda: q.frontier_run_capital_bands(END_2025)["q50"],
}

_PLACE = re.compile(r"\{([a-z0-9_]+)\}")
#: a number typed by hand: digits not inside a word (model names such as GLM-5 or Ascend 910C are words),
#: optionally with a currency sign, separators, a decimal part and a unit suffix
_NUMBER = re.compile(r"(?<![\w./-])[$~]?\d[\d,.]*(?:%|x|B|bn|M|T|k)?(?![\w/-])")
#: claim ids, years and chapter numbers are names, not quantities
_ALLOWED = re.compile(r"\bC[0-5]\.[0-9]\b|\b(?:19|20)\d\d\b|\b[Cc]hapters? [0-5]\b")


def fill(text: str | None) -> str:
    """``text`` with every ``{placeholder}`` replaced by its quantity as printed (keyed, so it is logged)."""
    if not text:
        return ""

    def one(m: re.Match) -> str:
        if m.group(1) not in PLACEHOLDERS:
            raise KeyError(f"claims.csv names an unknown quantity {{{m.group(1)}}}; known: {', '.join(PLACEHOLDERS)}")
        return repr(PLACEHOLDERS[m.group(1)]())

    return _PLACE.sub(one, text)


def typed_numbers(text: str | None, allowed_from: str = "") -> list[str]:
    """Numbers typed by hand in ``text`` (placeholders, claim ids, years and numbers that ``allowed_from``,
    the claim's own wording, contains are not counted).

    >>> typed_numbers("Series E + F = $16.5B, about half of {anthropic_raised_2025}; C3.1; GLM-5 (2026)")
    ['$16.5B']
    >>> typed_numbers("more than $30B cumulatively", allowed_from="more than $30B in total")
    []
    """
    if not text:
        return []
    rest = _ALLOWED.sub(" ", _PLACE.sub(" ", text))
    quoted = set(_NUMBER.findall(allowed_from or ""))
    return [n for n in _NUMBER.findall(rest) if n.rstrip(".,") not in {x.rstrip(".,") for x in quoted}]


def claims_html(data_dir: str | Path | None = None):
    """The claim ledger for readers (a :class:`genchain.present.Table`): id, kind and chapter; the claim, the
    reading tested, the other reading, and why the verdict (numbers filled from :mod:`genchain.quantities`);
    the verdict. Every cell is escaped."""
    import polars as pl

    from genchain import data
    from genchain.present import escape, table
    from genchain.publish.catalog import claim_ledger
    from genchain.reference import VERDICT_COLOR

    readings = data.load("claims", data_dir).select("claim_id", "reading", "alternative_reading")
    stem = pl.col("evidence_notebook").str.extract(r"([^/]+?)(?:\.[^./]*)?$")

    def why(label: str, column: str) -> pl.Expr:
        text = pl.col(column).map_elements(fill, return_dtype=pl.String)
        return pl.when(pl.col(column).fill_null("") != "").then(
            f"<br><small><b>{label}:</b> " + escape(text) + "</small>").otherwise(pl.lit(""))

    shown = claim_ledger(data_dir).join(readings, on="claim_id", how="left", maintain_order="left").select(
        ("<b>" + escape("claim_id") + "</b><br><small>" + escape("kind") + "<br>"
         + pl.when(stem.is_not_null()).then('<a href="' + escape(stem) + '.html">' + escape(stem) + "</a>")
         .otherwise(pl.lit("")) + "</small>").alias("claim_id"),
        (escape("claim") + why("Reading tested", "reading") + why("Other reading", "alternative_reading")
         + why("Why", "rationale")).alias("claim"),
        ("<span style='border-left:6px solid " + pl.col("verdict").replace_strict(VERDICT_COLOR, default="#999999")
         + ";padding-left:6px;display:inline-block'>" + escape("verdict_label") + "</span>").alias("verdict"))
    return table(shown, labels={"claim_id": "Claim", "verdict": "Verdict",
                                "claim": "In our words: the reading tested, the other reading, and why the verdict"},
                 html=shown.columns)
