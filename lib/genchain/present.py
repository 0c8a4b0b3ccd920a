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

from genchain import charts  # also registers the book's chart renderer and theme
from genchain import i18n

__all__ = ["num", "sci", "sci_text", "number_text", "word", "listing", "figure", "table", "escape", "link", "Table",
           "in_book_build", "log_quantity"]


def in_book_build() -> bool:
    """True while the book's Sphinx build executes the notebook (the site draws captions itself)."""
    return os.environ.get("GENCHAIN_BOOK_BUILD") == "1"


#: environment variable naming the folder where shown numbers are logged, a file per page
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
        log_quantity(self.key, out, float(self))  # every number shown: both editions must show the same
        return out

    __str__ = __repr__

    @property
    def oku_usd(self) -> Japanese:
        """This number of billions of dollars as Japanese prose writes it: ``num(79.1, 1).oku_usd`` is 791億ドル."""
        return Japanese(self, "ドル")

    @property
    def oku_yen(self) -> Japanese:
        """This number of billions of yen as Japanese prose writes it: ``num(10000).oku_yen`` is 10兆円."""
        return Japanese(self, "円")

    def __format__(self, spec: str) -> str:
        return format(float(self), spec) if spec else repr(self)


class Japanese(str):
    """A :class:`Number` of billions written with 兆 and 億 (:func:`genchain.i18n.oku`), for the Japanese prose.

    It is the same computed value: showing it logs the number's key like the number itself.

    >>> num(1234.5, 1).oku_usd, num(10000).oku_yen
    (1兆2,345億ドル, 10兆円)
    """

    def __new__(cls, number: Number, currency: str):
        out = super().__new__(cls, i18n.oku(float(number), number.digits, currency))
        out.number = number
        return out

    def __repr__(self) -> str:
        log_quantity(self.number.key, self.number.text(), float(self.number))
        return str.__str__(self)


def log_quantity(key: str | None, text: str, value: float | None = None) -> None:
    """Log a number shown on a page: ``{"page", "key", "text", "value"}`` as a JSON line in the folder
    :data:`QUANTITIES_LOG` names (one file per page, so a page read again replaces only its own lines).

    >>> import json, os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> os.environ[QUANTITIES_LOG], os.environ[PAGE] = folder, "book/01-capital"
    >>> repr(num(531161, 0, key="largest-us-site-h100e@2025-12-31"))
    '531,161'
    >>> json.loads(open(os.path.join(folder, "book__01-capital.jsonl")).read())
    {'page': 'book/01-capital', 'key': 'largest-us-site-h100e@2025-12-31', 'text': '531,161', 'value': 531161.0}
    >>> del os.environ[QUANTITIES_LOG], os.environ[PAGE]
    """
    folder = os.environ.get(QUANTITIES_LOG)
    if not folder:
        return
    page = os.environ.get(PAGE) or "_book"
    line = json.dumps({"page": os.environ.get(PAGE), "key": key, "text": text, "value": value}, ensure_ascii=False)
    with open(os.path.join(folder, page.replace("/", "__") + ".jsonl"), "a", encoding="utf-8") as f:
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


def sci(value: float, digits: int = 1) -> str:
    """``value`` in scientific notation as prose and tables write it: ``sci(3.3e24)`` is "3.3 × 10²⁴".

    The mantissa is rounded first, so 9.96e26 reads "1.0 × 10²⁷" (not "10.0 × 10²⁶"). One value of
    :func:`sci_text`, so prose, tables and charts write a number the same way.

    >>> sci(3.3e24), sci(5e26, 0), sci(1.25e-3, 2), sci(9.96e26)
    ('3.3 × 10²⁴', '5 × 10²⁶', '1.25 × 10⁻³', '1.0 × 10²⁷')
    """
    if value is None or value != value:
        raise ValueError("sci() got a missing value (None or NaN)")
    return pl.select(sci_text(pl.lit(float(value)), digits)).item()


def _whole(x: pl.Expr) -> pl.Expr:
    """Round to an integer; a value too large for one gives null (polars computes every branch of a when)."""
    return x.round(0).cast(pl.Int64, strict=False)


def _sign(value: pl.Expr) -> pl.Expr:
    return pl.when(value < 0).then(pl.lit("-")).otherwise(pl.lit(""))


def _fixed(a: pl.Expr, decimals: int) -> pl.Expr:
    """A non-negative value with exactly ``decimals`` decimals and no separators: 0.5 -> "0.50" at 2."""
    if decimals == 0:
        return _whole(a).cast(pl.String)
    scaled = _whole(a * 10 ** decimals)
    return pl.format("{}.{}", scaled // 10 ** decimals, (scaled % 10 ** decimals).cast(pl.String).str.zfill(decimals))


_SUPERSCRIPT = (list("-0123456789"), list("⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def sci_text(value: pl.Expr, digits: int = 1, style: str = "times") -> pl.Expr:
    """Expression: a column in scientific notation, ``digits`` decimals of mantissa.

    ``style="times"`` writes "3.3 × 10²⁴" (prose and tables); ``style="e"`` writes "3.3e24" (chart
    labels: the same text as Python's ``f"{v:.1e}"`` without the "+"). The mantissa is rounded
    first, so 9.96e26 gives "1.0 × 10²⁷". Null stays null.

    >>> pl.DataFrame({"v": [3.3e24, 9.96e25, 4e-3]}).select(sci_text(pl.col("v"), style="e"))["v"].to_list()
    ['3.3e24', '1.0e26', '4.0e-03']
    """
    if style not in ("times", "e"):
        raise ValueError(f'style must be "times" or "e", got {style!r}')
    a = value.abs()
    e0 = pl.when(a == 0).then(pl.lit(0.0)).otherwise(a.log10().floor())
    m0 = (a / pl.lit(10.0).pow(e0)).round(digits)
    carry = m0 >= 10  # 9.96 rounds to 10.0: write 1.0 and one more power of ten
    exponent = _whole(pl.when(carry).then(e0 + 1).otherwise(e0))
    mantissa = pl.format("{}{}", _sign(value), _fixed(pl.when(carry).then(m0 / 10).otherwise(m0), digits))
    if style == "e":
        power = pl.format("{}{}", pl.when(exponent < 0).then(pl.lit("-")).otherwise(pl.lit("")),
                          exponent.abs().cast(pl.String).str.zfill(2))
        return _named(pl.format("{}e{}", mantissa, power), value)
    return _named(pl.format("{} × 10{}", mantissa, exponent.cast(pl.String).str.replace_many(*_SUPERSCRIPT)), value)


def number_text(value: pl.Expr, decimals: int = 0) -> pl.Expr:
    """Expression: a column with thousands separators and ``decimals`` decimals ("531,161", "57.6").

    The same text as Python's ``f"{v:,.{decimals}f}"`` for values under 10⁹ (larger ones belong in
    :func:`sci_text`: scaling a huge value for its decimals can move the last digit). Null stays null.

    >>> pl.DataFrame({"v": [531161.0, 57.64, -1234.5]}).select(number_text(pl.col("v"), 1))["v"].to_list()
    ['531,161.0', '57.6', '-1,234.5']
    """
    fixed = _fixed(value.abs(), decimals)
    grouped = pl.format("{}{}", fixed.str.extract(r"^(\d+)").str.reverse().str.replace_all(r"(\d{3})", "${1},")
                        .str.reverse().str.strip_chars_start(","), fixed.str.extract(r"(\.\d+)$").fill_null(""))
    return _named(pl.format("{}{}", _sign(value), grouped), value)


def _named(result: pl.Expr, value: pl.Expr) -> pl.Expr:
    """``result`` under the input column's name, as a polars method would leave it."""
    name = value.meta.output_name(raise_if_undetermined=False)
    return result.alias(name) if name else result


def word(text: str) -> str:
    """A word or phrase computed for the prose (a country, a verdict), in the edition's language.

    >>> word("Italy")  # the English edition: unchanged
    'Italy'
    """
    return i18n.t(text)


def listing(items) -> str:
    """Names for the prose as a list: "A, B and C" in English, "A、B、C" in Japanese (each name translated).

    >>> listing(["France", "Italy"]), listing(["A", "B", "C"]), listing(["Japan"])
    ('France and Italy', 'A, B and C', 'Japan')
    """
    names = [i18n.t(str(x)) for x in items]
    if i18n.language() == "ja":
        return "、".join(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


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
        display(Markdown(f"*{i18n.t(caption)}*"))


def escape(text: pl.Expr | str) -> pl.Expr:
    """Expression: ``text`` (a column name or expression) with ``& < > " '`` escaped for HTML.

    >>> pl.DataFrame({"t": ["<b>R&D</b>"]}).select(escape("t")).item()
    '&lt;b&gt;R&amp;D&lt;/b&gt;'
    """
    e = pl.col(text) if isinstance(text, str) else text
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")):
        e = e.str.replace_all(char, entity, literal=True)
    return e


def link(text: pl.Expr | str, url: pl.Expr | str) -> pl.Expr:
    """Expression: ``text`` as an escaped HTML link to ``url``, or escaped plain text where ``url`` is missing.

    >>> pl.DataFrame({"t": ["A & B", "essay"], "u": ["https://x.org/?a=1&b=2", None]}).select(link("t", "u")).to_series().to_list()
    ['<a href="https://x.org/?a=1&amp;b=2">A &amp; B</a>', 'essay']
    """
    label, href = escape(text), escape(url)
    return pl.when(href.is_not_null()).then(pl.format('<a href="{}">{}</a>', href, label)).otherwise(label)


def table(frame: pl.DataFrame, labels: dict[str, str] | None = None, decimals: dict[str, int] | None = None,
          title: str | None = None, source: str | None = None, percent: list[str] | None = None,
          links: dict[str, str] | None = None, html: list[str] | None = None, lead: str = ""):
    """A great_tables table of ``frame`` for readers, as a :class:`Table`: the book's one way to show a table.

    ``labels`` renames columns for display (put the unit in the label: "Share (%)");
    a column not in ``labels`` takes the book's shared name for it (:data:`genchain.charts.FIELD_TITLES`,
    the names tooltips use: ``company`` reads "Company"), or else its name with underscores as spaces. ``decimals``
    sets decimals per numeric column (default 1 for floats, 0 for integers), always with
    thousands separators; ``percent`` lists fraction columns shown as percentages. Missing
    values show as an em dash. Text is shown whole, escaped, and wraps.

    ``links`` maps a text column to the column of its URLs: the text becomes a link (plain text
    where the URL is missing) and the URL column is not shown. ``html`` lists columns whose
    cells are HTML already escaped (built with :func:`escape` and :func:`link`), shown as they
    are. ``lead`` is HTML shown above the table (say, links to the data files).

    >>> t = table(pl.DataFrame({"title": ["A <b>"], "url": ["https://x.org"], "usd_bn": [1234.5]}),
    ...           labels={"usd_bn": "Value (USD bn)"}, links={"title": "url"})
    >>> out = t.as_raw_html()
    >>> '<a href="https://x.org">A &lt;b&gt;</a>' in out, ">1,234.5<" in out, "url" in out
    (True, True, False)
    """
    from great_tables import GT

    labels, decimals, links, raw = labels or {}, decimals or {}, links or {}, list(html or [])
    named = set(labels) | set(decimals) | set(percent or []) | set(links) | set(links.values()) | set(raw)
    unknown = named - set(frame.columns)
    if unknown:
        raise KeyError(f"table(): no column {', '.join(sorted(unknown))} in {frame.columns}")
    if links:
        frame = frame.with_columns(link(t, u).alias(t) for t, u in links.items()).drop(list(links.values()))
        raw += list(links)
    frame = i18n.translate_frame(frame, keep=raw)  # HTML cells are shown as built
    labels = {c: i18n.t(labels.get(c) or charts.FIELD_TITLES.get(c) or c.replace("_", " ")) for c in frame.columns}
    title, source = (i18n.t(title) if title else title), (i18n.t(f"Source: {source}") if source else source)
    # a stable id (great_tables draws a random one): the same table gives the same page every build
    ident = "gt-" + hashlib.sha1((frame.write_csv(float_precision=9) + repr(labels) + repr(title)).encode()).hexdigest()[:12]
    gt = GT(frame, id=ident).cols_label(**labels)
    for column, dtype in frame.schema.items():
        if column in raw:
            gt = gt.fmt(lambda x: x, columns=column)  # shown as is: the markup was escaped when built
        elif column in (percent or []):
            gt = gt.fmt_percent(columns=column, decimals=decimals.get(column, 1))
        elif dtype.is_float():
            gt = gt.fmt_number(columns=column, decimals=decimals.get(column, 1), use_seps=True)
        elif dtype.is_integer() and column != "year":
            gt = gt.fmt_integer(columns=column, use_seps=True)
    dated = [c for c, d in frame.schema.items()  # "2024-01", a date as its source gives it
             if d == pl.String and c not in raw and frame[c].null_count() < frame.height
             and frame[c].drop_nulls().str.contains(r"^\d{4}(-\d{2}){0,2}$").all()]
    no_wrap = [c for c, d in frame.schema.items() if (d.is_numeric() or d.is_temporal()) and c not in raw] + dated
    if no_wrap:  # a number or date never breaks across lines (narrow Japanese columns split "2014" into "201" and "4")
        from great_tables import loc, style
        gt = gt.tab_style(style=style.text(whitespace="nowrap"), locations=loc.body(columns=no_wrap))
    if title:
        gt = gt.tab_header(title=title)
    if source:
        gt = gt.tab_source_note(source)
    return Table(gt.sub_missing(missing_text="—")
                 .opt_table_font(font=["system-ui", "Noto Sans", "Noto Sans JP", "Hiragino Sans", "sans-serif"])
                 .tab_options(table_font_size="13px", column_labels_font_weight="bold", table_width="100%",
                              container_overflow_x="auto"), lead)


class Table:
    """A great_tables table as a reader sees it, in JupyterLab as on the site.

    JupyterLab typesets text between two ``$`` as maths ("$2.5B at a $30B valuation" loses its
    dollars): the table is marked for MathJax to skip. ``.gt`` is the great_tables object;
    ``lead`` is HTML shown above it.
    """

    def __init__(self, gt, lead: str = ""):
        self.gt, self.lead = gt, lead

    def __getattr__(self, name):
        """great_tables' methods (``cols_width``, ``tab_style`` ...) chain as on a ``GT``."""
        attr = getattr(self.gt, name)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            out = attr(*args, **kwargs)
            return Table(out, self.lead) if type(out) is type(self.gt) else out

        return call

    def _repr_html_(self) -> str:
        return f"{self.lead}<div class='gc-gt tex2jax_ignore mathjax_ignore'>{self.gt.as_raw_html()}</div>"

    def as_raw_html(self) -> str:
        return self._repr_html_()
