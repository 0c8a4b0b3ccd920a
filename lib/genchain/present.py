"""How a chapter shows its results: numbers for the prose, figures and tables for readers.

A chapter is read in three places: the built site, JupyterLab (with ``jupyterlab-myst``)
and a plain Jupyter or Colab session. Everything here renders in all three, offline:

* :func:`num` turns a value into a number that *prints* formatted, for MyST inline
  expressions: a code cell computes ``share = num(79.06, 1)`` and the prose says
  ``{eval}`share` ``, which reads "79.1" on the site and in JupyterLab.
* :func:`figure` shows a chart under the cell that makes it, with its caption. The book's
  Sphinx extension (:mod:`genchain.sphinxext.offline`) reads the same call to number the figure
  on the site, so the caption is written once.
* :func:`table` formats a polars frame for reading (great_tables): labelled columns with
  units, rounded numbers with thousands separators, full text that wraps.

>>> share = num(79.0613, 1)
>>> share
79.1
>>> f"{share}%"
'79.1%'
>>> num(1111673), num(0.0262, 1, percent=True)
(1,111,673, 2.6%)
>>> share + 1  # still a number
80.0613
"""

from __future__ import annotations

import hashlib
import json
import os

import polars as pl

from genchain import charts  # noqa: F401  (registers the book's chart renderer and theme)

__all__ = ["num", "figure", "table", "in_book_build", "log_quantity"]


def in_book_build() -> bool:
    """True while the book's Sphinx build executes the notebook (the site draws captions itself)."""
    return os.environ.get("GENCHAIN_BOOK_BUILD") == "1"


#: environment variable naming the file where keyed numbers are logged as they are displayed
QUANTITIES_LOG = "GENCHAIN_QUANTITIES_LOG"
#: environment variable naming the page being built (set by :mod:`genchain.sphinxext.notebook`)
PAGE = "GENCHAIN_PAGE"


class Number(float):
    """A float that prints with a fixed number of decimals and thousands separators.

    A ``key`` names the quantity (``"largest-us-site-h100e@2025-12-31"``, see
    :mod:`genchain.quantities`); when :data:`QUANTITIES_LOG` is set, showing a keyed number logs
    the page, the key and the text shown, so a test can find one quantity printed two ways.
    """

    digits: int
    percent: bool
    key: str | None

    def __new__(cls, value: float, digits: int = 0, percent: bool = False, key: str | None = None):
        out = super().__new__(cls, value)
        out.digits, out.percent, out.key = digits, percent, key
        return out

    def text(self) -> str:
        """The number as printed."""
        if self.percent:
            return f"{float(self) * 100:,.{self.digits}f}%"
        return f"{float(self):,.{self.digits}f}"

    def __repr__(self) -> str:
        out = self.text()
        if self.key:
            log_quantity(self.key, out)
        return out

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return format(float(self), spec) if spec else repr(self)


def log_quantity(key: str, text: str) -> None:
    """Append ``{"page", "key", "text"}`` as a JSON line to the file :data:`QUANTITIES_LOG` names, if set.

    >>> import json, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "q.jsonl")
    >>> os.environ[QUANTITIES_LOG], os.environ[PAGE] = path, "book/01-capital"
    >>> repr(num(531161, 0, key="largest-us-site-h100e@2025-12-31"))
    '531,161'
    >>> json.loads(open(path).read())
    {'page': 'book/01-capital', 'key': 'largest-us-site-h100e@2025-12-31', 'text': '531,161'}
    >>> del os.environ[QUANTITIES_LOG], os.environ[PAGE]
    """
    path = os.environ.get(QUANTITIES_LOG)
    if not path:
        return
    line = json.dumps({"page": os.environ.get(PAGE), "key": key, "text": text}, ensure_ascii=False)
    with open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")


def num(value: float, digits: int = 0, percent: bool = False, key: str | None = None) -> Number:
    """``value`` as a :class:`Number` shown with ``digits`` decimals (a fraction as a percent if asked).

    ``key`` names a quantity published on more than one page (``"name@YYYY-MM-DD"``, see
    :mod:`genchain.quantities`): the build logs every keyed number it shows, and a test fails
    when one key is shown with two different texts.
    Raises ``ValueError`` for a missing value: prose must never say "None" or "nan".
    """
    if value is None or value != value:
        raise ValueError("num() got a missing value (None or NaN): the prose would show no number")
    return Number(value, digits, percent, key)


def figure(chart, name: str, caption: str):
    """Show ``chart`` with its caption; on the site it becomes numbered figure ``name``.

    ``name`` (``fig-NN-...``) is what ``{numref}`` refers to. Write the call with literal
    strings: the site build reads them from the code to number and caption the figure.
    """
    from IPython.display import Markdown, display

    if not name.startswith("fig-"):
        raise ValueError(f"a figure name starts with 'fig-' (found {name!r})")
    display(chart)
    if not in_book_build():  # the site shows the caption from the same call, numbered
        display(Markdown(f"*{caption}*"))


def table(frame: pl.DataFrame, labels: dict[str, str] | None = None, decimals: dict[str, int] | None = None,
          title: str | None = None, source: str | None = None, percent: list[str] | None = None):
    """A great_tables table of ``frame`` for readers.

    ``labels`` renames columns for display (put the unit in the label: "Share (%)");
    columns not in ``labels`` keep their names with underscores as spaces. ``decimals``
    sets decimals per numeric column (default 1 for floats, 0 for integers), always with
    thousands separators; ``percent`` lists fraction columns shown as percentages. Missing
    values show as an em dash. Text is shown whole and wraps.
    """
    from great_tables import GT

    labels, decimals = labels or {}, decimals or {}
    unknown = (set(labels) | set(decimals) | set(percent or [])) - set(frame.columns)
    if unknown:
        raise KeyError(f"table(): no column {', '.join(sorted(unknown))} in {frame.columns}")
    # a stable id (great_tables draws a random one): the same table gives the same page every build
    ident = "gt-" + hashlib.sha1((frame.write_csv(float_precision=9) + repr(labels) + repr(title)).encode()).hexdigest()[:12]
    gt = GT(frame, id=ident).cols_label(**{c: labels.get(c, c.replace("_", " ")) for c in frame.columns})
    for column, dtype in frame.schema.items():
        if column in (percent or []):
            gt = gt.fmt_percent(columns=column, decimals=decimals.get(column, 1))
        elif dtype.is_float():
            gt = gt.fmt_number(columns=column, decimals=decimals.get(column, 1), use_seps=True)
        elif dtype.is_integer() and column != "year":
            gt = gt.fmt_integer(columns=column, use_seps=True)
    if title:
        gt = gt.tab_header(title=title)
    if source:
        gt = gt.tab_source_note(f"Source: {source}")
    return Table(gt.sub_missing(missing_text="—")
            .opt_table_font(font=["system-ui", "Noto Sans", "Noto Sans JP", "Hiragino Sans", "sans-serif"])
            .tab_options(table_font_size="13px", column_labels_font_weight="bold", table_width="100%",
                         container_overflow_x="auto"))


class Table:
    """A great_tables table as a reader sees it, in JupyterLab as on the site.

    JupyterLab typesets text between two ``$`` as maths ("$2.5B at a $30B valuation" loses its
    dollars): the table is marked for MathJax to skip. ``.gt`` is the great_tables object.
    """

    def __init__(self, gt):
        self.gt = gt

    def __getattr__(self, name):
        """great_tables' methods (``cols_width``, ``tab_style`` ...) chain as on a ``GT``."""
        attr = getattr(self.gt, name)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            out = attr(*args, **kwargs)
            return Table(out) if type(out) is type(self.gt) else out

        return call

    def _repr_html_(self) -> str:
        return f"<div class='gc-gt tex2jax_ignore mathjax_ignore'>{self.gt.as_raw_html()}</div>"

    def as_raw_html(self) -> str:
        return self._repr_html_()
