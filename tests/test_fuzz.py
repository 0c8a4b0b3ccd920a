"""Property tests of the validated loader (hypothesis, deterministic and fast).

(a) arbitrary bytes as a table file: ``data.load`` returns a frame or raises DataError,
    never any other exception;
(b) CSVs generated from the schema (random subsets and orders of columns, valid and junk
    cells, quotes, commas, line ends, unicode): a DataError, or a correct load with no
    silent drop -- one row per CSV record (counted with Python's csv module) and every
    non-empty cell round-tripping (numbers equal float(text) / int(text)).
"""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from genchain import data
from genchain.data import _SPACES, DataError

from conftest import SOURCES

FAST = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_TMP = tempfile.TemporaryDirectory(prefix="genchain-fuzz-")
FOLDER = Path(_TMP.name)
(FOLDER / "sources.csv").write_text(SOURCES, encoding="utf-8")

TABLES = ["fx_rates", "funding_rounds", "ai_investment", "models", "leaderboard", "revenue", "claims"]


def _load(name: str, raw: bytes):
    (FOLDER / f"{name}.csv").write_bytes(raw)
    try:
        return data.load(name, FOLDER)
    except DataError as e:
        return e


# ---- (a) arbitrary bytes -------------------------------------------------------------

HEADER = "year,currency,per_usd,source_id,note\n".encode()
ROW = "2024,JPY,151.4,s1,note\n".encode()
CSVISH = st.lists(st.sampled_from([b",", b'"', b"\n", b"\r", b"\r\n", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe",
                                   b" ", b"2024", b"JPY", b"151.4", b"s1", b"1e999", b"\x83\x5c", b"\xe5\xb9\xb4",
                                   b"=", b"true", b"-", b"2025-02-30", b"year", b"note",
                                   b"99999999999999999999", "２".encode(), "٣".encode()]),
                  max_size=40).map(b"".join)
ANY_BYTES = st.one_of(
    st.binary(max_size=300),
    st.tuples(st.sampled_from([b"", HEADER, b"\xef\xbb\xbf" + HEADER, HEADER + ROW]),
              st.one_of(st.binary(max_size=200), CSVISH)).map(b"".join),
    st.tuples(st.just(HEADER), CSVISH, st.just(ROW), CSVISH).map(b"".join),
    # header + rows of plausible-or-odd cells, one choice list per column
    st.lists(st.tuples(
        st.sampled_from([b"2024", "２０２４".encode(), b"99999999999999999999", b"", b"+2023", b"2024.0"]),
        st.sampled_from([b"JPY", b"", b"YEN", b" JPY "]),
        st.sampled_from([b"151.4", b"1e999", b"NaN", "١٢".encode(), b"", b"-1", b'"1,234"']),
        st.sampled_from([b"s1", b"", b"s2"]),
        st.sampled_from([b"", b'"a,b"', b'"', b"\x00", b"x,y", b'"a"b', b"=1"]),
    ).map(b",".join), min_size=1, max_size=3).map(lambda rows: HEADER + b"\n".join(rows) + b"\n"),
)


@FAST
@given(raw=ANY_BYTES)
def test_arbitrary_bytes_load_or_raise_data_error(raw):
    got = _load("fx_rates", raw)  # any other exception fails the test
    assert isinstance(got, (pl.DataFrame, DataError))
    if isinstance(got, DataError):
        assert got.file.endswith("fx_rates.csv") and got.found and got.expected
        assert got.line is None or 1 <= got.line <= raw.count(b"\n") + raw.count(b"\r") + 1


# ---- (b) schema-shaped CSVs ----------------------------------------------------------

JUNK = st.one_of(
    st.text(alphabet=st.sampled_from(list(' ,"\n\r\t\u3000\xa0aZ09.-+e=@$%年\U0001f600٣２') + ["\x1c"]),
            max_size=12),
    # number-like text: signs, long digit runs (Int64 overflow), huge exponents (inf), odd digits
    st.tuples(st.sampled_from(["", "-", "+", " "]), st.text(alphabet="0123456789", min_size=1, max_size=25),
              st.sampled_from(["", ".", ".5", "e999", "e-999", "E+308", "e", "٣", "２"])).map("".join),
    st.sampled_from(["NaN", "inf", "-inf", "1,234", "$13B", "79%", "TRUE", "yes", "2025-02-30", "2025/01/02"]),
)


TEXT = st.characters(codec="utf-8", exclude_characters="\x00")


def _valid(column) -> st.SearchStrategy[str]:
    """Text a cell of ``column`` may validly hold (possibly out of range or empty)."""
    if column.name == "source_id":
        return st.sampled_from(["s1", " s1 "])
    if column.allowed:
        return st.sampled_from(column.allowed)
    if column.kind == "bool":
        return st.sampled_from(["true", "false"])
    if column.kind == "int":
        lo = int(column.min) if column.min is not None else -10**6
        hi = int(column.max) if column.max is not None else 10**12
        return st.integers(lo, hi).map(lambda i: st.sampled_from([str(i), f"+{i}" if i >= 0 else str(i),
                                                                  f"{i:03d}"])).flatmap(lambda s: s)
    if column.kind == "float":
        lo = column.min if column.min is not None else -1e30
        hi = column.max if column.max is not None else 1e30
        return st.tuples(st.floats(lo, hi, allow_nan=False, allow_infinity=False),
                         st.sampled_from(["{!r}", "{:e}", "{:.3f}", "{:g}", "{:.17g}", "{:E}"])
                         ).map(lambda t: t[1].format(t[0]))
    if column.kind == "date" and column.pattern:  # YYYY-MM-DD (and YYYY-MM) only
        return st.dates(min_value=datetime.date(1990, 1, 1),
                        max_value=datetime.date(2026, 12, 31)).map(lambda d: d.isoformat())
    if column.kind == "date":
        return st.dates(min_value=datetime.date(1990, 1, 1),
                        max_value=datetime.date(2026, 12, 31)).map(
            lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]])).flatmap(lambda s: s)
    if column.pattern:  # ids and measure names: lower-case snake case satisfies every pattern used
        return st.sampled_from({"claim_id": ["C1.1", "C2.3", "C0.9", "C5.0"],
                                "evidence_notebook": ["book/ch-1.ipynb", "book/02-compute.ipynb"]}.get(
            column.name, ["ai_funding", "crunchbase", "x9", "a_b_c"]))
    return st.text(alphabet=TEXT, min_size=1, max_size=12).filter(
        lambda s: s.strip(_SPACES) and s.lstrip(_SPACES)[:1] not in "=+@")


def _cell(column, clean: bool, extremes: bool) -> st.SearchStrategy[str]:
    valid = _valid(column)
    if clean:  # valid text, sometimes padded with spaces, empty where the column is optional
        padded = st.tuples(st.sampled_from(["", " ", "\u3000"]), valid, st.sampled_from(["", "  "])).map("".join)
        extreme = {"int": st.sampled_from(["99999999999999999999", "-9223372036854775809", "٣", "２０"]),
                   "float": st.sampled_from(["1e999", "-1e400", "1.8e308", "1e-999", "٣.5"])}.get(column.kind)
        return st.one_of(valid, valid, valid, padded, *([] if column.required else [st.just("")]),
                         *([extreme] if extremes and extreme is not None else []))
    return st.one_of(
        valid, valid, valid,
        st.tuples(st.sampled_from(["", " ", "  ", "\t", "\u3000"]), valid,
                  st.sampled_from(["", " ", "\t "])).map("".join),
        st.just(""),
        JUNK,
    )


@st.composite
def schema_csv(draw):
    name = draw(st.sampled_from(TABLES))
    table = data.schema(name)
    columns = list(table.columns)
    clean = draw(st.booleans())  # half the examples hold valid cells only, to exercise loading
    extremes = draw(st.integers(0, 3)) == 0  # and a few of those numbers at the edge of 64 bits
    if not clean and draw(st.booleans()):  # a random subset of the columns
        columns = draw(st.lists(st.sampled_from(columns), unique_by=lambda c: c.name, min_size=1))
    columns = draw(st.permutations(columns))
    header = [c.name for c in columns]
    if not clean and draw(st.integers(0, 4)) == 0:
        header = header + [draw(st.sampled_from(["extra", "note", "", " year "]))]
    rows = draw(st.lists(st.tuples(*[_cell(c, clean, extremes) for c in columns]), min_size=clean, max_size=4))
    if clean and table.key:  # make the first key column unique, so clean rows are not duplicates
        k = header.index(table.key[0])
        unique = {"claim_id": "C{i}.{i}", "year": "{v}", "snapshot_date": "{v}"}.get(table.key[0], "{v}{i}")
        rows = [row[:k] + (unique.format(i=i, v=row[k]),) + row[k + 1:] for i, row in enumerate(rows)]
    rows = [list(row) + [""] * (len(header) - len(row)) for row in rows]
    eol = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    mutation = draw(st.sampled_from(["none", "none", "none", "short_row", "blank_line", "unquoted"]))
    if mutation == "unquoted":  # a hand-made CSV: cells joined with commas, never quoted
        text = "".join(",".join(r) + eol for r in [header] + rows)
    else:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator=eol,
                            quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])))
        writer.writerow(header)
        for i, row in enumerate(rows):
            if mutation == "short_row" and i == len(rows) - 1:
                row = row[: draw(st.integers(1, max(1, len(row) - 1)))]
            writer.writerow(row)
            if mutation == "blank_line" and i == 0:
                buf.write(eol)
        text = buf.getvalue()
    if draw(st.booleans()):
        text = text.rstrip("\r\n")  # no line end after the last record
    bom = draw(st.sampled_from([b"", b"", b"\xef\xbb\xbf"]))
    return name, bom + text.encode("utf-8"), mutation


def _expected_value(kind: str, text: str):
    text = text.strip(_SPACES)
    if text == "":
        return None
    if kind == "date":  # a date column loads as the first day its text covers
        return datetime.date.fromisoformat({4: f"{text}-01-01", 7: f"{text}-01"}.get(len(text), text))
    return {"float": float, "int": int, "bool": lambda t: t == "true"}.get(kind, str)(text)


@FAST
@given(case=schema_csv())
def test_schema_shaped_csv_loads_correctly_or_raises(case):
    name, raw, mutation = case
    got = _load(name, raw)
    event("DataError" if isinstance(got, DataError) else "loaded")
    # the documented normalisations, then Python's csv module as the reference parser
    text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    records = list(csv.reader(io.StringIO(text)))
    if isinstance(got, DataError):
        assert got.found and got.expected
        # no false alarm about the CSV structure: a cell-count error needs a record whose
        # length differs from the header's; a quoting error needs the hand-made (unquoted) file
        if "cells" in got.found or "blank line" in got.found:
            assert any(len(r) != len(records[0]) for r in records), got
        if "double quote" in got.found:
            assert mutation == "unquoted", got  # csv.writer always quotes correctly
        return
    header, body = [h.strip(_SPACES) for h in records[0]], records[1:]
    table = data.schema(name)
    assert got.height == len(body), "no silent drop"
    assert got.columns == table.loaded_names
    precision = {c.name: c.precision for c in table.columns}
    kinds = {c.name: c.kind for c in table.columns}
    for r, record in enumerate(body):
        assert len(record) == len(header)
        for column, cell in zip(header, record):
            want = _expected_value(kinds[column], cell)
            assert got[column][r] == want, (r, column, cell)
            if precision[column]:  # how much of the date the text gives
                size = len(cell.strip(_SPACES))
                assert got[precision[column]][r] == {4: "year", 7: "month", 10: "day"}.get(size), (r, column, cell)
            if kinds[column] == "float" and want is not None:
                assert abs(want) != float("inf"), f"{cell!r} loaded as an infinite number"
    for column in set(table.names) - set(header):  # unreachable: the loader needs every column
        raise AssertionError(f"{column} missing from a header that loaded")
