"""Load the curated tables in ``data/`` and validate them against :mod:`genchain.schema`.

>>> from genchain import data
>>> "funding_rounds" in data.tables()
True

Every problem raises one :class:`DataError` naming the file, the 1-based line,
the column, the value found and what was expected. Nothing is coerced or dropped
silently. The only normalisations, all documented in ``data/README.md``:

* a UTF-8 byte-order mark is removed;
* CRLF and CR line ends are read as LF;
* spaces around a header name or a cell are removed;
* an empty cell is a missing value.
"""

from __future__ import annotations

import csv
import io
import os
import re
from functools import lru_cache
from pathlib import Path

import polars as pl

from .schema import MAX_DATE, MIN_DATE, TABLES, Column, Table

__all__ = ["DataError", "tables", "schema", "load", "scan", "data_dir", "as_date", "dictionary"]

_INT = r"^[+-]?\d+$"
_FLOAT = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_FORMULA = r"^[=+@]"
MAX_CELL = 2000  # characters; longer cells are almost always a paste error


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
    """The folder holding the CSV tables: ``$GENCHAIN_DATA`` or the repository's ``data/``."""
    env = os.environ.get("GENCHAIN_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "data"


def tables() -> list[str]:
    """Names of the declared tables, in the order the data dictionary lists them."""
    return list(TABLES)


def schema(name: str) -> Table:
    """The declared :class:`~genchain.schema.Table` for ``name``."""
    if name not in TABLES:
        raise KeyError(f"no table named {name!r}; the tables are: {', '.join(TABLES)}")
    return TABLES[name]


def as_date(column: str) -> pl.Expr:
    """Expression turning a YYYY / YYYY-MM / YYYY-MM-DD text column into the first day it covers."""
    text = pl.col(column)
    full = (
        pl.when(text.str.len_chars() == 4).then(text + "-01-01")
        .when(text.str.len_chars() == 7).then(text + "-01")
        .otherwise(text)
    )
    return full.str.to_date("%Y-%m-%d", strict=False).alias(column)


def _repr(value) -> str:
    if value is None:
        return "an empty cell"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _decode(raw: bytes, path: Path) -> str:
    if not raw.strip():
        raise DataError(path, 1, None, "an empty file", "a header row and at least one data row")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise DataError(path, 1, None, "a UTF-16 byte-order mark",
                        "UTF-8 text (re-save the file as 'CSV UTF-8')")
    if raw[:3] == b"\xef\xbb\xbf":
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        bad = raw[err.start : err.start + 4].hex(" ")
        raise DataError(path, line, None, f"bytes that are not UTF-8 ({bad}; a Shift-JIS or "
                        "other legacy export?)", "UTF-8 text (re-save the file as 'CSV UTF-8')") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DataError(path, line, None, "a NUL byte", "text (is this a UTF-16 or binary file?)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _row_lines(text: str) -> list[int]:
    """1-based line on which each data row starts (quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text))
    starts, last = [], 0
    for i, _ in enumerate(reader):
        if i:
            starts.append(last + 1)
        last = reader.line_num
    return starts


def _parse(text: str, path: Path, table: Table) -> tuple[pl.DataFrame, list[str]]:
    header_line = text.split("\n", 1)[0]
    header = [h.strip() for h in next(csv.reader([header_line]))]
    try:
        frame = pl.read_csv(io.StringIO(text), infer_schema=False, has_header=True,
                            new_columns=header)
    except Exception:  # polars' parse errors carry no line: find it ourselves
        for line_no, row in enumerate(csv.reader(io.StringIO(text)), start=1):
            if len(row) != len(header):
                raise DataError(path, line_no, None, f"{len(row)} cells",
                                f"{len(header)} cells, one per header column") from None
        raise DataError(path, None, None, "text that is not valid CSV",
                        "comma-separated values with double-quoted cells") from None
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise DataError(path, 1, dupes[0], "a column name used twice", "unique column names")
    missing = [c for c in table.names if c not in header]
    if missing:
        raise DataError(path, 1, missing[0], f"a header without it ({', '.join(header)})",
                        f"the columns {', '.join(table.names)}")
    extra = [c for c in header if c not in table.names]
    if extra:
        raise DataError(path, 1, extra[0], "a column the schema does not declare",
                        f"only the columns {', '.join(table.names)} (rename it or declare it in genchain.schema)")
    if frame.height == 0:
        raise DataError(path, 2, None, "no data rows (a header only)", "at least one data row")
    # documented normalisation: trim spaces; an empty cell is missing
    frame = frame.select(
        pl.col(c).str.strip_chars().replace("", None).alias(c) for c in table.names
    )
    return frame, header


def _number_hint(value: str, kind: str) -> str:
    base = "a whole number such as 12" if kind == "int" else "a plain number such as 13, 0.124 or 3.8e25"
    v = value.strip()
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
            if col.min is not None:
                checks.append((num < col.min, col.name, f"a value >= {col.min:g}"))
            if col.max is not None:
                checks.append((num > col.max, col.name, f"a value <= {col.max:g}"))
        elif col.kind == "date":
            checks.append((c.is_not_null() & ~c.str.contains(_DATE), col.name,
                           "a date written YYYY-MM-DD, YYYY-MM or YYYY"))
            day = as_date(col.name)
            checks.append((c.is_not_null() & day.is_null(), col.name, "a calendar date that exists"))
            checks.append((day > pl.lit(MAX_DATE).str.to_date(), col.name,
                           f"a date no later than {MAX_DATE} (the book's data cut-off)"))
            checks.append((day < pl.lit(MIN_DATE).str.to_date(), col.name, f"a date after {MIN_DATE}"))
        elif col.kind == "bool":
            checks.append((c.is_not_null() & ~c.is_in(["true", "false"]), col.name, "true or false"))
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
        else:
            exprs.append(c)
    return frame.select(exprs)


@lru_cache(maxsize=64)
def _load_cached(path: str, mtime: float, size: int, name: str, sources_key: tuple | None) -> pl.DataFrame:
    table = TABLES[name]
    p = Path(path)
    text = _decode(p.read_bytes(), p)
    frame, _ = _parse(text, p, table)
    sources = None
    if table.sourced:
        sources = set(load("sources", p.parent)["source_id"].to_list())
    _validate(frame, text, p, table, sources)
    return _typed(frame, table)


def _stamp(path: Path) -> tuple[float, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def load(name: str, data_dir: str | Path | None = None) -> pl.DataFrame:
    """Read ``data/<name>.csv``, validate it and return a typed polars frame.

    Columns keep the declared order; numbers are Int64/Float64, flags Boolean, dates
    text (YYYY[-MM[-DD]]; use :func:`as_date` for a Date). Raises :class:`DataError`.
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
        sources_key = _stamp(src)
    mtime, size = _stamp(path)
    # the cache key includes file stamps, so an edited file is read again
    return _load_cached(str(path.resolve()), mtime, size, name, sources_key).clone()


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
