"""Sphinx extension: regenerate the bibliography from ``data/sources.csv`` at every build.

On ``config-inited`` (before sphinxcontrib-bibtex reads its ``bibtex_bibfiles``) this writes
``genchain_bibfile`` (default ``book/references.bib``, relative to the source folder) from
:func:`genchain.publish.catalog.bibtex`. The file is rewritten only when its text changes, so an
unchanged bibliography does not make Sphinx re-read every page.

It also registers the pybtex style ``genchain``: pybtex's ``unsrt`` (entries in file order,
numbered labels) except that ``\\$`` shows as ``$`` (pybtex's LaTeX decoder keeps the backslash,
while LaTeX needs it). Use it with ``:style: genchain`` or ``bibtex_default_style: genchain``.
"""

from __future__ import annotations

from pathlib import Path

from pybtex.database import Entry
from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from sphinx.util import logging

logger = logging.getLogger(__name__)


class Style(UnsrtStyle):
    """pybtex's unsrt style, with ``\\$`` in fields shown as a dollar sign."""

    default_sorting_style = "none"

    def format_entry(self, label, entry, bib_data=None):
        fields = {k: v.replace("\\$", "$") for k, v in entry.fields.items()}
        copy = Entry(entry.type, fields=fields, persons=entry.persons)
        copy.key = entry.key
        return super().format_entry(label, copy, bib_data=bib_data)


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
