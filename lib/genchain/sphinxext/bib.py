"""Sphinx extension: regenerate the bibliography from ``data/sources.csv`` at every build.

On ``config-inited`` (before sphinxcontrib-bibtex reads its ``bibtex_bibfiles``) this writes
``genchain_bibfile`` (default ``book/references.bib``, relative to the source folder) from
:func:`genchain.publish.catalog.bibtex`. The file is rewritten only when its text changes, so an
unchanged bibliography does not make Sphinx re-read every page.

It also registers the pybtex style ``genchain``: pybtex's ``unsrt`` (entries in file order,
numbered labels) except that ``\\$`` shows as ``$`` (pybtex's LaTeX decoder keeps the backslash,
while LaTeX needs it). Use it with ``:style: genchain`` or ``bibtex_default_style: genchain``.
In the Japanese edition the words the style adds are Japanese: the date as 2024年2月5日, the date a
page was read as （2026-11-25閲覧）, and the licence note through the page's run-time catalog.
"""

from __future__ import annotations

from pathlib import Path

from pybtex.database import Entry
from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.template import field, optional, sentence
from sphinx.util import logging

logger = logging.getLogger(__name__)


#: the page that shows the bibliography (its run-time catalog holds the notes' translations)
PAGE = "book/appendix-references"


def japanese_date(given: str) -> str:
    """A date as sources.csv gives it (``2024``, ``2024-02``, ``2024-02-05``) written the Japanese way.

    >>> japanese_date("2024-02-05"), japanese_date("2024-02"), japanese_date("2024")
    ('2024年2月5日', '2024年2月', '2024年')
    """
    return "".join(f"{int(part)}{unit}" for part, unit in zip(given.split("-"), "年月日"))


class Style(UnsrtStyle):
    """pybtex's unsrt style, with ``\\$`` in fields shown as a dollar sign (and Japanese words in the
    Japanese edition)."""

    default_sorting_style = "none"

    def format_entry(self, label, entry, bib_data=None):
        from genchain import i18n

        fields = {k: v.replace("\\$", "$") for k, v in entry.fields.items()}
        if "note" in fields:  # the style ends each part with ". ", so a Japanese note drops its own 。
            fields["note"] = i18n.t(fields["note"], page=PAGE).rstrip("。")
        if i18n.language() == "ja" and "date" in fields:
            # unsrt writes "month year" ("February 2024"); the whole date goes in the year, no month
            fields.pop("month", None)
            fields["year"] = japanese_date(fields["date"])
        copy = Entry(entry.type, fields=fields, persons=entry.persons)
        copy.key = entry.key
        return super().format_entry(label, copy, bib_data=bib_data)

    def format_web_refs(self, e):
        from genchain import i18n

        if i18n.language() != "ja":
            return super().format_web_refs(e)
        return sentence[optional[self.format_url(e), optional["（", field("urldate"), "閲覧）"]]]


def write(app, config) -> None:
    """``config-inited`` handler: write the .bib file from sources.csv (a DataError stops the build)."""
    from genchain.publish import catalog

    target = Path(app.srcdir) / config.genchain_bibfile
    if catalog.write_bib(target):
        logger.info(f"genchain: wrote {target} from data/sources.csv")


def setup(app):
    register_plugin("pybtex.style.formatting", "genchain", Style)
    app.add_config_value("genchain_bibfile", "book/references.bib", "env")
    app.connect("config-inited", write, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
