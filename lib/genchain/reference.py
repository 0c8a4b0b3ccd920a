"""What every chapter refers to, defined once: the essay's cut-off date, the verdicts and the actors.

* :data:`CUTOFF` - the essay's vantage point (end of 2025): figures dated after it are hindsight;
* :data:`VERDICTS`, :data:`VERDICT_LABEL`, :data:`VERDICT_COLOR` - the verdict codes in the
  book's order, the words a reader sees and one colour each (Okabe-Ito, colour-blind safe);
* :func:`actors`, :func:`alias`, :func:`name_in`, :func:`aliases`, :func:`group` - the sourced name crosswalk in
  ``data/actors.csv``: the name each table gives an organisation (a funding round's company, a
  model's organisation, a cluster pattern ...) and each Arena model key's Epoch model. Only exact
  releases are mapped: a later checkpoint with extra post-training is not assumed to share the
  earlier model's compute, and the "experimental" Llama 4 Maverick tuned for the Arena is left out;
  models without an Epoch compute estimate (Claude 3 Opus, GPT-4o, Gemini ...) have no row.

>>> CUTOFF.isoformat()
'2025-12-31'
>>> [VERDICT_LABEL[v] for v in VERDICTS[:3]]
['Supported', 'Partly supported', 'Not supported']
>>> alias("Zhipu AI", "funding_rounds")
'Zhipu AI (Knowledge Atlas)'
>>> aliases("leaderboard", kind="model")["grok-4-0709"]
'Grok 4'
"""

from __future__ import annotations

import datetime as dt
import polars as pl

__all__ = ["CUTOFF", "VERDICTS", "VERDICT_LABEL", "VERDICT_COLOR",
           "actors", "alias", "aliases", "name_in", "group"]

#: the essay's vantage point: figures dated after it are hindsight, not evidence
CUTOFF: dt.date = dt.date(2025, 12, 31)

#: verdict codes (``data/claims.csv``) in the order the book lists them
VERDICTS: tuple[str, ...] = ("supported", "partly_supported", "not_supported", "untestable", "pending")
#: what a reader sees for each verdict
VERDICT_LABEL: dict[str, str] = {
    "supported": "Supported",
    "partly_supported": "Partly supported",
    "not_supported": "Not supported",
    "untestable": "Not testable with public data",
    "pending": "Pending",
}
#: one colour per verdict, the same in every chart (Okabe-Ito: green, orange, vermillion, sky blue, grey)
VERDICT_COLOR: dict[str, str] = {
    "supported": "#009E73",
    "partly_supported": "#E69F00",
    "not_supported": "#D55E00",
    "untestable": "#56B4E9",
    "pending": "#BBBBBB",
}


def _table() -> pl.DataFrame:
    from genchain import data  # here, not at the top: genchain.data.spec reads VERDICTS from this module

    return data.load("actors")  # cached by the file's bytes: an edited actors.csv is read again


def actors(kind: str | None = "organization") -> pl.DataFrame:
    """The validated ``data/actors.csv`` (one row per name a table gives an actor), of one ``kind`` or all (None)."""
    f = _table()
    return f if kind is None else f.filter(pl.col("kind") == kind)


def aliases(table: str, kind: str = "organization") -> dict[str, str]:
    """{name in ``table`` -> the book's name} for every actor (or model) that ``table`` names."""
    f = actors(kind).filter(pl.col("table") == table)
    return dict(zip(f["alias"], f["name"], strict=True))


def alias(name: str, table: str) -> str | None:
    """The name ``table`` gives the organisation ``name`` (None when the table has no row for it)."""
    hit = actors().filter((pl.col("name") == name) & (pl.col("table") == table))["alias"]
    return hit[0] if len(hit) else None


def name_in(name: str, table: str) -> str:
    """The name to look for in ``table``: the organisation's alias there, or else the book's own name.

    >>> name_in("Zhipu AI", "funding_rounds"), name_in("Anduril", "clusters")
    ('Zhipu AI (Knowledge Atlas)', 'Anduril')
    """
    return alias(name, table) or name


def group(name: str) -> str:
    """The book's group of an organisation ("US frontier labs", "China", ...)."""
    hit = actors().filter(pl.col("name") == name)["group"].unique()
    if len(hit) != 1:
        raise KeyError(f"{name!r} is not an organisation in actors.csv (or has {len(hit)} groups)")
    return hit[0]
