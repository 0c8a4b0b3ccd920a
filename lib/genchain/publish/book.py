"""Small helpers every chapter notebook shares: its claims, claim checks, and the data it used.

>>> claims(1).columns[:3]
['claim_id', 'claim', 'kind']
"""

from __future__ import annotations

import html

import polars as pl

from genchain import data, i18n
from genchain.reference import VERDICT_LABEL  # noqa: F401  (book.VERDICT_LABEL: the labels notebooks print)



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


def checked_verdict(claim_id: str, computed: str) -> str:
    """The reader's label ("Partly supported") for the verdict a chapter's rule computed for ``claim_id``.

    Raises ``ValueError`` if ``computed`` differs from the verdict recorded in ``data/claims.csv``,
    so the ledger and the chapter cannot drift apart. The chapter shows the label in its claim box
    (``{eval}`` in the Markdown), with the evidence as prose.
    """
    if computed not in VERDICT_LABEL:
        raise ValueError(f"unknown verdict {computed!r}; use one of {', '.join(VERDICT_LABEL)}")
    recorded = verdict(claim_id)
    if recorded != computed:
        raise ValueError(f"{claim_id}: the chapter computes {computed!r} but claims.csv records {recorded!r}; "
                         f"update data/claims.csv")
    return i18n.t(VERDICT_LABEL[computed])


def claim_text(claim_id: str) -> str:
    """The paraphrased claim ``claim_id`` from ``data/claims.csv`` (for a claim box's first line)."""
    row = data.load("claims").filter(pl.col("claim_id") == claim_id)
    if row.height != 1:
        raise KeyError(f"no claim {claim_id!r} in claims.csv")
    return i18n.t(row["claim"][0])


def claims_table(chapter: int):
    """The chapter's claims as a table for readers: id, the claim in full, its kind and verdict."""
    from genchain.present import table

    frame = claims(chapter).with_columns(
        pl.col("verdict").replace_strict(VERDICT_LABEL, default=pl.col("verdict")))
    return table(frame.select("claim_id", "claim", "kind", "verdict"),
                 labels={"claim_id": "Claim", "claim": "What the essay says (paraphrased)",
                         "kind": "Kind", "verdict": "Verdict"})


def sources_used(*frames: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``sources.csv`` cited by the ``source_id`` column of any of ``frames`` (``published``: the date as given, text)."""
    ids = pl.concat([f.select("source_id") for f in frames]).unique()
    return (data.load("sources").join(ids, on="source_id", how="semi")
            .select("source_id", "publisher", "title", "url", data.date_text("published"), "licence").sort("source_id"))


#: where a chapter's "Data used" links point, relative to the chapter: the site serves the tables in
#: data/ beside book/ (genchain.sphinxext.downloads copies them there), as the repository and the packs hold them
DATA_URL = "../data/"


def tables_used(*frames: pl.DataFrame) -> list[str]:
    """The tables ``frames`` came from, recognised by their columns (a filtered table still counts).

    A frame matches the declared table with the most columns that it holds in full; a frame holding
    no table's columns (say, only ``source_id``) names none.

    >>> tables_used(data.load("fx_rates"), pl.DataFrame({"source_id": ["x"]}))
    ['fx_rates']
    """
    found: list[str] = []
    for frame in frames:
        columns = set(frame.columns)
        fits = sorted((t for t in data.tables() if set(data.schema(t).names) <= columns),
                      key=lambda t: -len(data.schema(t).names))
        if fits and (len(fits) == 1 or len(data.schema(fits[0]).names) > len(data.schema(fits[1]).names)):
            if fits[0] not in found:
                found.append(fits[0])
    return found


def data_links_html(tables: list[str], base: str = DATA_URL) -> str:
    """Links to the CSV files of ``tables`` and to ``sources.csv``, served from ``base``."""
    from genchain.present import link

    files = pl.DataFrame({"file": [f"{t}.csv" for t in tables if t != "sources"] + ["sources.csv"]})
    links = files.select(link("file", base + pl.col("file")).str.join(", ")).item()
    return f"<p class='gc-data-files'>{html.escape(i18n.t('The data as CSV files:'))} {links}.</p>"


def sources_table(*frames: pl.DataFrame):
    """The "Data used" block (a :class:`genchain.present.Table`): links to the CSV files behind ``frames``,
    then their sources (publisher, linked title, date, licence), every cell escaped."""
    from genchain.present import escape, link, table

    used = sources_used(*frames).select(
        "publisher",
        pl.when(pl.col("url").is_null()).then(escape("title") + " (cited by title only)")
        .otherwise(link("title", "url")).alias("title"),
        pl.col("published").cast(pl.String).fill_null(""), "licence")
    return table(used, labels={"publisher": "Publisher", "title": "Title", "published": "Published",
                               "licence": "Licence"}, html=["title"], lead=data_links_html(tables_used(*frames)))
