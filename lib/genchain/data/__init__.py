"""Load the curated tables in ``data/`` and validate them against :mod:`genchain.data.spec`.

>>> from genchain import data
>>> "funding_rounds" in data.tables()
True

Every problem raises one :class:`DataError` naming the file, the 1-based line,
the column, the value found and what was expected. Nothing is coerced or dropped
silently: every record must have one cell per header column, a cell holding a comma,
a double quote or a line end must be wholly double-quoted (quotes inside doubled),
and a blank line is an error. The only normalisations, all documented in ``data/README.md``:

* a UTF-8 byte-order mark is removed;
* CRLF and CR line ends are read as LF;
* spaces around a header name or a cell are removed;
* an empty cell is a missing value.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
from collections import OrderedDict
from pathlib import Path

import polars as pl

from genchain.data.spec import MAX_DATE, MIN_DATE, TABLES, Column, Table

__all__ = ["DataError", "tables", "schema", "load", "scan", "data_dir", "date_text", "day", "typed_dates", "dictionary"]

# ASCII digits only: a regex \d also matches Arabic-Indic or full-width digits, which
# polars cannot cast (the cast then failed outside DataError).
_INT = r"^[+-]?[0-9]+$"
_FLOAT = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
_FORMULA = r"^[=+@]"
MAX_CELL = 2000  # characters; longer cells are almost always a paste error
#: the "spaces" trimmed around header names and cells (Unicode White_Space, the same set
#: for header and cells; U+3000 is the ideographic space of Japanese spreadsheets)
_SPACES = (" \t\n\v\f\r\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
           "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_INT64 = "a whole number between -9223372036854775808 and 9223372036854775807"

# The CSV grammar the loader accepts (RFC 4180 with LF line ends): a cell is either
# wholly double-quoted, with each quote inside doubled, or holds no double quote,
# comma or line end. Checked with one C-level regex before polars parses the text,
# so a file polars would read differently from Python's csv module (stray quotes,
# short or blank rows that polars pads with nulls) never loads.
_QUOTED = r'"[^"]*(?:""[^"]*)*"'
_FIELD = r'(?>"[^"]*(?:""[^"]*)*"|[^",\n]*)'
_QUOTED_RE = re.compile(_QUOTED)
_QUOTED_CELL_RE = re.compile(r'"([^"]*(?:""[^"]*)*)"')
_PLAIN_RE = re.compile(r'[^",\n]*')
_GRAMMARS: dict[int, re.Pattern] = {}


class DataError(ValueError):
    """A data file breaks its declared schema.

    Attributes: ``file``, ``line`` (1-based, the header is line 1), ``column``,
    ``found``, ``expected``.
    """

    def __init__(self, file, line, column, found, expected):
        self.file, self.line, self.column = str(file), line, column
        self.found, self.expected = found, expected
        where = f"{self.file}, line {line}" if line else self.file
        if column:
            where += f", column '{column}'"
        super().__init__(f"{where}: found {found}; expected {expected}")


def data_dir() -> Path:
    """The folder holding the CSV tables: ``$GENCHAIN_DATA`` if set, else the tables installed with the package.

    The tables are the package data of ``genchain.tables``: in a wheel they sit inside the installed
    package; in the repository (an editable install) that package is the ``data/`` folder itself,
    so edits there are what ``load`` reads. No environment variable is needed in either case.
    """
    env = os.environ.get("GENCHAIN_DATA")
    if env:
        return Path(env)
    from importlib import resources

    try:
        folder = resources.files("genchain.tables")
    except ModuleNotFoundError:
        raise DataError("genchain.tables", None, None, "no tables installed with genchain",
                        "the package installed with its data (pip install the wheel, or 'pip install -e .' "
                        "in the repository), or GENCHAIN_DATA set to a folder holding the tables") from None
    if not isinstance(folder, Path):  # e.g. imported from a zip file: tables must be plain files
        raise DataError(str(folder), None, None, "tables inside an archive",
                        "genchain installed as plain files (pip install), or GENCHAIN_DATA set")
    return folder


def tables() -> list[str]:
    """Names of the declared tables, in the order the data dictionary lists them."""
    return list(TABLES)


def schema(name: str) -> Table:
    """The declared :class:`~genchain.data.spec.Table` for ``name``."""
    if name not in TABLES:
        raise KeyError(f"no table named {name!r}; the tables are: {', '.join(TABLES)}")
    return TABLES[name]


def _first_day(text: pl.Expr) -> pl.Expr:
    """The first day a YYYY / YYYY-MM / YYYY-MM-DD text covers (null if no such day): the one parser of the tables' dates."""
    n = text.str.len_chars()
    full = pl.when(n == 4).then(text + "-01-01").when(n == 7).then(text + "-01").otherwise(text)
    return full.str.to_date("%Y-%m-%d", strict=False)


def _precision(text: pl.Expr) -> pl.Expr:
    """"year", "month" or "day" (null for a missing date): how much of a date its YYYY[-MM[-DD]] text gives."""
    n = text.str.len_chars()
    return pl.when(n == 4).then(pl.lit("year")).when(n == 7).then(pl.lit("month")).when(n == 10).then(pl.lit("day"))


def date_text(date: str | pl.Expr, precision: str | pl.Expr | None = None) -> pl.Expr:
    """A date as its source gives it: YYYY, YYYY-MM or YYYY-MM-DD from a ``pl.Date`` and its precision.

    ``date`` and ``precision`` are column names or expressions; ``precision`` defaults to
    ``<date>_precision`` (the loader's companion column); a null precision reads as "day".

    >>> pl.DataFrame({"d": [dt.date(2024, 3, 1), dt.date(2024, 1, 1), dt.date(2024, 3, 15)],
    ...               "d_precision": ["month", "year", "day"]}).select(date_text("d"))["d"].to_list()
    ['2024-03', '2024', '2024-03-15']
    """
    if precision is None:
        if not isinstance(date, str):
            raise TypeError("date_text(expression) needs its precision column or expression")
        precision = f"{date}_precision"
    d = pl.col(date) if isinstance(date, str) else date
    p = pl.col(precision) if isinstance(precision, str) else precision
    text = (pl.when(p == "year").then(d.dt.strftime("%Y"))
            .when(p == "month").then(d.dt.strftime("%Y-%m"))
            .otherwise(d.dt.strftime("%Y-%m-%d")))
    return text.alias(date) if isinstance(date, str) else text


def typed_dates(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """A hand-made frame (an example, an exercise, a test) with its YYYY[-MM[-DD]] text ``columns``
    typed as :func:`load` types a table's dates: each a ``pl.Date`` (the first day covered; null
    if no such day) followed by ``<column>_precision``. Nothing is validated.

    >>> typed_dates(pl.DataFrame({"announced": ["2024-03", "2024"]}), "announced").row(0)
    (datetime.date(2024, 3, 1), 'month')
    """
    exprs = []
    for c in frame.columns:
        exprs += [_first_day(pl.col(c)), _precision(pl.col(c)).alias(f"{c}_precision")] if c in columns else [c]
    return frame.select(exprs)


def day(value: dt.date | str) -> dt.date:
    """A date a reader gives as a ``datetime.date`` or as text YYYY-MM-DD, YYYY-MM or YYYY (the first day it covers).

    For arguments such as ``since``, ``until`` or ``as_of``; the tables' own dates load as ``pl.Date``.

    >>> day("2025-12-31") == day(dt.date(2025, 12, 31)), day("2025-12"), day("2025")
    (True, datetime.date(2025, 12, 1), datetime.date(2025, 1, 1))
    """
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat({4: f"{value}-01-01", 7: f"{value}-01"}.get(len(value), value))


def _repr(value) -> str:
    if value is None:
        return "an empty cell"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _where(prefix: str) -> tuple[int, str | None]:
    """Line and column (header name) of the position just after ``prefix`` (error path)."""
    prefix = _newlines(prefix)
    line = prefix.count("\n") + 1
    records = list(_records(prefix))
    if len(records) < 2 and not (records and prefix.endswith("\n")):
        return line, None  # inside the header row
    header = [h.strip(_SPACES) for h in records[0][1]]
    last_cells = records[-1][1]
    if prefix.endswith("\n") and records[-1][2] is None:
        index = 0  # the next record starts here
    else:
        index = len(last_cells) - 1 if last_cells else 0
    return line, header[index] if 0 <= index < len(header) else None


def _decode(raw: bytes, path: Path) -> str:
    if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        raise DataError(path, 1, None, "a UTF-32 byte-order mark",
                        "UTF-8 text (re-save the file as 'CSV UTF-8')")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise DataError(path, 1, None, "a UTF-16 byte-order mark",
                        "UTF-8 text (re-save the file as 'CSV UTF-8')")
    if raw[:3] == b"\xef\xbb\xbf":
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = _where(raw[: err.start].decode("utf-8"))
        bad = raw[err.start : err.start + 4].hex(" ")
        raise DataError(path, line, column, f"bytes that are not UTF-8 ({bad}; a Shift-JIS or "
                        "other legacy export?)", "UTF-8 text (re-save the file as 'CSV UTF-8')") from None
    if not text.strip(_SPACES):
        raise DataError(path, 1, None, "an empty file", "a header row and at least one data row")
    if "\x00" in text:
        line, column = _where(text[: text.index("\x00")])
        raise DataError(path, line, column, "a NUL byte", "text (is this a UTF-16 or binary file?)")
    return _newlines(text)


def _records(text: str):
    """Split ``text`` into CSV records (error path only: pure Python).

    Yields ``(line, cells, problem)``: the 1-based line the record starts on, its cells,
    and ``None`` or ``(cell_index, line, found, expected)`` for the first quoting error,
    after which it stops.
    """
    pos, line, end = 0, 1, len(text)
    while pos < end:
        start, cells = line, []
        while True:
            if text.startswith('"', pos):
                m = _QUOTED_CELL_RE.match(text, pos)
                if m is None:
                    yield start, cells, (len(cells), line, "a double quote that opens a cell and is never closed",
                                         'a closing double quote (a quote inside a quoted cell is written "")')
                    return
                cells.append(m.group(1).replace('""', '"'))
                line += m.group(0).count("\n")
                quoted = True
            else:
                m = _PLAIN_RE.match(text, pos)
                cells.append(m.group(0))
                quoted = False
            pos = m.end()
            if pos >= end:
                break
            char = text[pos]
            if char == ",":
                pos += 1
                continue
            if char == "\n":
                pos += 1
                line += 1
                break
            line_end = text.find("\n", pos)
            rest = text[m.start(): line_end if line_end >= 0 else end]
            found = (f"text after the closing double quote ({_repr(rest)})" if quoted
                     else f"a double quote inside a cell that does not start with one ({_repr(rest)})")
            yield start, cells, (len(cells) - 1, line, found,
                                 'the whole cell in double quotes, with each quote inside written as ""')
            return
        yield start, cells, None


def _grammar(n: int) -> re.Pattern:
    """The regex a whole file with ``n`` cells per record must match."""
    if n not in _GRAMMARS:
        record = _FIELD + (f"(?:,{_FIELD}){{{n - 1}}}" if n > 1 else "")
        _GRAMMARS[n] = re.compile(f"{record}(?:\n{record})*+\n?")
    return _GRAMMARS[n]


def _structure_error(text: str, path: Path, header: list[str]):
    """Raise the DataError for the first record that breaks the CSV grammar (error path)."""
    n = len(header)
    for index, (line, cells, problem) in enumerate(_records(text)):
        if problem is not None:
            cell, at_line, found, expected = problem
            column = header[cell] if index and cell < n else None
            raise DataError(path, at_line, column, found, expected)
        if index and cells == [""]:
            raise DataError(path, line, None, "a blank line",
                            "a data row on every line after the header (delete the blank line)")
        if len(cells) > n:
            raise DataError(path, line, None, f"{len(cells)} cells (the first extra one is {_repr(cells[n])})",
                            f"{n} cells, one per header column")
        if len(cells) < n:
            raise DataError(path, line, header[len(cells)],
                            f"{len(cells)} cells (the row stops before this column)",
                            f"{n} cells, one per header column (an empty cell is written as nothing between two commas)")
    raise DataError(path, None, None, "text that is not valid CSV",
                    "comma-separated values with double-quoted cells")


def _parse(text: str, path: Path, table: Table) -> tuple[pl.DataFrame, list[str]]:
    first_line, cells, problem = next(_records(text))
    if problem is not None:
        _, line, found, expected = problem
        raise DataError(path, line, None, found, expected)
    header = [h.strip(_SPACES) for h in cells]
    if header == [""]:
        raise DataError(path, 1, None, "a blank first line", "the header row (column names) on line 1")
    dupes = [h for i, h in enumerate(header) if h in header[:i]]
    if dupes:
        raise DataError(path, 1, dupes[0], "a column name used twice", "unique column names")
    missing = [c for c in table.names if c not in header]
    if missing:
        raise DataError(path, 1, missing[0], f"a header without it ({', '.join(header)})",
                        f"the columns {', '.join(table.names)}")
    extra = [c for c in header if c not in table.names]
    if extra:
        found = ("an empty header cell (a column with no name)" if extra[0] == ""
                 else "a column the schema does not declare")
        raise DataError(path, 1, extra[0] or None, found,
                        f"only the columns {', '.join(table.names)} (rename it or declare it in genchain.data.spec)")
    if _grammar(len(header)).fullmatch(text) is None:
        _structure_error(text, path, header)
    # records = line ends outside quoted cells (+1 if the last line has no line end)
    records = _QUOTED_RE.sub("", text).count("\n") + (not text.endswith("\n"))
    if records < 2:
        raise DataError(path, 2, None, "no data rows (a header only)", "at least one data row")
    try:
        frame = pl.read_csv(io.StringIO(text), infer_schema=False, has_header=True,
                            new_columns=header)
    except Exception as err:  # the grammar check makes this unexpected
        raise DataError(path, None, None, f"text polars cannot read as CSV ({err.__class__.__name__})",
                        "comma-separated values with double-quoted cells") from None
    if frame.height != records - 1 or frame.width != len(header):
        raise DataError(path, None, None, f"{frame.height} rows read from {records - 1} records",
                        "one row per record (please report this file: the CSV reader dropped rows)")
    # documented normalisation: trim spaces; an empty cell is missing
    frame = frame.select(
        pl.col(c).str.strip_chars(_SPACES).replace("", None).alias(c) for c in table.names
    )
    return frame, header


def _row_lines(text: str) -> list[int]:
    """1-based line on which each data row starts (quoted cells may span lines). Error path."""
    return [line for line, _, _ in _records(text)][1:]


def _number_hint(value: str, kind: str) -> str:
    base = "a whole number such as 12" if kind == "int" else "a plain number such as 13, 0.124 or 3.8e25"
    v = value.strip()
    if any(ch.isdigit() and not ch.isascii() for ch in v):
        return f"{base}, written with the ASCII digits 0-9"
    if re.search(r"\d,\d{3}", v):
        return f"{base}, without thousands separators"
    if re.match(r"^[$¥€£]", v) or re.search(r"\d\s*[BMK]n?$", v, re.I):
        return f"{base}, without a currency sign or unit (the unit is in the column name)"
    if v.endswith("%"):
        return f"{base}, without a percent sign"
    if v.lower() in {"nan", "inf", "-inf", "infinity", "n/a", "na", "null", "none", "-"}:
        return f"{base}, or an empty cell for a missing value"
    return base


def _check_columns(frame: pl.DataFrame, table: Table) -> list[tuple[pl.Expr, str, str]]:
    """(bad-row expression, column, expected) triples, in the order they are reported."""
    checks = []
    for col in table.columns:
        c = pl.col(col.name)
        if col.required:
            checks.append((c.is_null(), col.name, "a value (this column is required)"))
        if col.kind == "str":
            checks.append((c.str.contains(_FORMULA), col.name,
                           "plain text (a cell starting with =, + or @ is a spreadsheet formula)"))
            checks.append((c.str.len_chars() > MAX_CELL, col.name, f"at most {MAX_CELL} characters"))
        elif col.kind in ("int", "float"):
            pattern = _INT if col.kind == "int" else _FLOAT
            checks.append((c.is_not_null() & ~c.str.contains(pattern), col.name, col.kind))
            num = c.cast(pl.Float64, strict=False)
            if col.kind == "int":  # digits only, but more than Int64 holds
                checks.append((c.str.contains(_INT) & c.cast(pl.Int64, strict=False).is_null(),
                               col.name, _INT64))
            else:  # e.g. 1e999: a valid spelling that overflows to inf
                checks.append((num.is_infinite(), col.name, "a finite number (this one overflows a 64-bit float)"))
            if col.min is not None:
                checks.append((num < col.min, col.name, f"a value >= {col.min:g}"))
            if col.max is not None:
                checks.append((num > col.max, col.name, f"a value <= {col.max:g}"))
        elif col.kind == "date":
            checks.append((c.is_not_null() & ~c.str.contains(_DATE), col.name,
                           "a date written YYYY-MM-DD, YYYY-MM or YYYY"))
            first = _first_day(c)
            checks.append((c.is_not_null() & first.is_null(), col.name, "a calendar date that exists"))
            checks.append((first > pl.lit(day(MAX_DATE)), col.name,
                           f"a date no later than {MAX_DATE} (the book's data cut-off)"))
            checks.append((first < pl.lit(day(MIN_DATE)), col.name, f"a date after {MIN_DATE}"))
        elif col.kind == "bool":
            checks.append((c.is_not_null() & ~c.is_in(["true", "false"]), col.name,
                           "true or false (lower case; not yes/no, TRUE/FALSE or 1/0)"))
        if col.allowed is not None:
            checks.append((c.is_not_null() & ~c.is_in(list(col.allowed)), col.name,
                           "one of: " + ", ".join(col.allowed)))
        if col.pattern is not None:
            checks.append((c.is_not_null() & ~c.str.contains(col.pattern), col.name,
                           f"text matching {col.pattern}"))
    for group in table.one_of:
        checks.append((pl.all_horizontal(pl.col(g).is_null() for g in group), group[0],
                       "a value in at least one of: " + ", ".join(group)))
    for col, dependent in table.requires:
        checks.append((pl.col(col).is_not_null() & pl.col(dependent).is_null(), dependent,
                       f"a value whenever {col} is filled"))
    return checks


def _fail(frame, text, path, bad_index, column, expected, kind=None):
    line = _row_lines(text)[bad_index]
    found = frame[column][bad_index]
    if kind in ("int", "float") and found is not None:
        expected = _number_hint(found, kind)
    raise DataError(path, line, column, _repr(found), expected)


def _validate(frame: pl.DataFrame, text: str, path: Path, table: Table, sources: set[str] | None):
    kinds = {c.name: c.kind for c in table.columns}
    checks = _check_columns(frame, table)
    # one pass: for every check, the first offending row (or null)
    firsts = frame.select(
        pl.arg_where(expr.fill_null(False)).first().alias(str(i)) for i, (expr, _, _) in enumerate(checks)
    ).row(0)
    for (expr, column, expected), first in zip(checks, firsts):
        if first is not None:
            _fail(frame, text, path, first, column, expected,
                  kinds[column] if expected in ("int", "float") else None)
    if table.key:
        dup = frame.select(pl.arg_where(pl.struct(table.key).is_duplicated()))
        if dup.height:
            first, second = dup.to_series().to_list()[:2]
            lines = _row_lines(text)
            values = ", ".join(f"{k}={frame[k][second]!s}" for k in table.key)
            raise DataError(path, lines[second], "+".join(table.key),
                            f"a duplicate key ({values}) already on line {lines[first]}",
                            "one row per key")
    if sources is not None:
        unknown = frame.select(pl.arg_where(~pl.col("source_id").is_in(list(sources)))).to_series()
        if unknown.len():
            _fail(frame, text, path, unknown[0], "source_id", "a source_id listed in sources.csv")


_CASTS = {"int": pl.Int64, "float": pl.Float64}


def _typed(frame: pl.DataFrame, table: Table) -> pl.DataFrame:
    exprs = []
    for col in table.columns:
        c = pl.col(col.name)
        if col.kind in _CASTS:
            exprs.append(c.cast(_CASTS[col.kind]))
        elif col.kind == "bool":
            exprs.append(c == "true")
        elif col.kind == "date":
            exprs.append(_first_day(c))
            if col.precision:
                exprs.append(_precision(c).alias(col.precision))
        else:
            exprs.append(c)
    return frame.select(exprs)


_CACHE: OrderedDict[tuple, pl.DataFrame] = OrderedDict()
_CACHE_SIZE = 64


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def _build(raw: bytes, path: Path, table: Table, folder: Path) -> pl.DataFrame:
    text = _decode(raw, path)
    frame, _ = _parse(text, path, table)
    sources = None
    if table.sourced:
        sources = set(load("sources", folder)["source_id"].to_list())
    _validate(frame, text, path, table, sources)
    return _typed(frame, table)


def load(name: str, data_dir: str | Path | None = None) -> pl.DataFrame:
    """Read ``data/<name>.csv``, validate it and return a typed polars frame.

    Columns keep the declared order; numbers are Int64/Float64, flags Boolean, dates ``pl.Date``
    (the first day the text YYYY[-MM[-DD]] covers), each followed, unless its column is declared
    whole days, by ``<name>_precision``: "day", "month" or "year" (:func:`date_text` writes a date
    back as given). Raises :class:`DataError`.
    """
    table = schema(name)
    folder = Path(data_dir) if data_dir is not None else globals()["data_dir"]()
    path = folder / f"{name}.csv"
    if not path.is_file():
        raise DataError(path, None, None, "no such file", f"the {name} table as {path.name} in {folder}")
    sources_key = None
    if table.sourced:
        src = folder / "sources.csv"
        if not src.is_file():
            raise DataError(src, None, None, "no such file", "sources.csv beside every sourced table")
        sources_key = _digest(src.read_bytes())
    raw = path.read_bytes()
    # keyed on the bytes, not the mtime: a file rewritten within one clock tick with
    # the same size was served stale when the key was (mtime, size)
    path = path.resolve()
    key = (str(path), name, _digest(raw), sources_key)
    frame = _CACHE.get(key)
    if frame is None:
        frame = _build(raw, path, table, folder)
        _CACHE[key] = frame
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return frame.clone()


def scan(name: str, data_dir: str | Path | None = None) -> pl.LazyFrame:
    """The validated table as a LazyFrame (validation needs the whole file, so it is read once)."""
    return load(name, data_dir).lazy()


def dictionary() -> pl.DataFrame:
    """The data dictionary: one row per declared column of every table."""
    rows = [
        {
            "table": t.name,
            "column": c.name,
            "type": c.kind,
            "required": c.required,
            "allowed": ", ".join(c.allowed) if c.allowed else "",
            "range": _range_text(c),
            "meaning": c.doc,
        }
        for t in TABLES.values()
        for c in t.columns
    ]
    return pl.DataFrame(rows)


def _range_text(c: Column) -> str:
    if c.min is None and c.max is None:
        return ""
    lo = "" if c.min is None else f"{c.min:g}"
    hi = "" if c.max is None else f"{c.max:g}"
    return f"{lo}..{hi}"
