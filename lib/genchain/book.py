"""Small helpers every chapter notebook shares: its claims, claim checks, and the data it used.

>>> claims(1).columns[:3]
['claim_id', 'claim', 'kind']
"""

from __future__ import annotations

import html
import re

import polars as pl

from . import data

VERDICT_LABEL = {
    "supported": "Supported",
    "partly_supported": "Partly supported",
    "not_supported": "Not supported",
    "untestable": "Not testable with public data",
    "pending": "Pending",
}
_ADMONITION = {"supported": "tip", "partly_supported": "note", "not_supported": "warning",
               "untestable": "important", "pending": "note"}


def claims(chapter: int) -> pl.DataFrame:
    """The article's claims for ``chapter`` (0-5) with their verdicts, from ``data/claims.csv``."""
    return (data.load("claims").filter(pl.col("chapter") == chapter)
            .select("claim_id", "claim", "kind", "verdict", "evidence_notebook").sort("claim_id"))


def verdict(claim_id: str) -> str:
    """The verdict recorded for ``claim_id`` in ``data/claims.csv``."""
    row = data.load("claims").filter(pl.col("claim_id") == claim_id)
    if row.height != 1:
        raise KeyError(f"no claim {claim_id!r} in claims.csv")
    return row["verdict"][0]


def claim_check(claim_id: str, computed: str, evidence: str, depends_on: str):
    """A claim-check box (MyST markdown, rendered by myst-nb) for a verdict computed in the chapter.

    Raises ``ValueError`` if ``computed`` differs from the verdict recorded in
    ``data/claims.csv``: the ledger and the chapter cannot drift apart.
    """
    if computed not in VERDICT_LABEL:
        raise ValueError(f"unknown verdict {computed!r}; use one of {', '.join(VERDICT_LABEL)}")
    recorded = verdict(claim_id)
    if recorded != computed:
        raise ValueError(f"{claim_id}: the chapter computes {computed!r} but claims.csv records {recorded!r}; "
                         f"update data/claims.csv")
    row = data.load("claims").filter(pl.col("claim_id") == claim_id).row(0, named=True)
    from IPython.display import Markdown

    def text(s: str) -> str:  # data text is text: no MyST maths from "$", no markup from "<"
        return re.sub(r"(?<!\\)\$", r"\\$", html.escape(s, quote=False))

    kind = _ADMONITION[computed]
    return Markdown(
        f":::{{admonition}} {claim_id} — {VERDICT_LABEL[computed]}\n:class: {kind}\n\n"
        f"**The claim:** {text(row['claim'])}\n\n**Evidence:** {text(evidence)}\n\n"
        f"**The verdict depends on:** {text(depends_on)}\n:::\n"
    )


def sources_used(*frames: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``sources.csv`` cited by the ``source_id`` column of any of ``frames``."""
    ids = pl.concat([f.select("source_id") for f in frames]).unique()
    return (data.load("sources").join(ids, on="source_id", how="semi")
            .select("source_id", "publisher", "title", "url", "published", "licence").sort("source_id"))


def link_html(text: str, url: str | None) -> str:
    """``text`` as an escaped HTML link to ``url``, or escaped plain text when there is no URL."""
    label = html.escape(text)
    return f"<a href=\"{html.escape(url, quote=True)}\">{label}</a>" if url else label


def sources_table(*frames: pl.DataFrame):
    """An HTML table of the sources behind ``frames``: publisher, linked title, date, licence (escaped)."""
    from IPython.display import HTML

    rows = "".join(
        f"<tr><td>{html.escape(r['publisher'])}</td>"
        + f"<td>{link_html(r['title'], r['url'])}{'' if r['url'] else ' (cited by title only)'}</td>"
        + f"<td>{html.escape(r['published'] or '')}</td><td>{html.escape(r['licence'])}</td></tr>"
        for r in sources_used(*frames).iter_rows(named=True)
    )
    return HTML("<div class='gc-table'><table class='table'><thead><tr><th>Publisher</th><th>Title</th>"
                f"<th>Published</th><th>Licence</th></tr></thead><tbody>{rows}</tbody></table></div>")
