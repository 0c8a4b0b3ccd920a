"""The bad-data corpus in tests/bad_data: every broken file gets the DataError recorded in
expected.csv, and every 'normalised' file loads with the recorded value.

expected.csv columns: file, table (the file is loaded as <table>.csv), outcome (error |
normalised), line (1-based; for 'normalised' the line the checked row starts on), column
(empty when none applies), message (a substring the error text must contain) and value
(for 'normalised': the loaded value of that cell; empty = missing).
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import polars as pl
import pytest

from genchain import data
from genchain.data import DataError

CORPUS = Path(__file__).resolve().parent / "bad_data"


def _cases() -> list[dict]:
    with open(CORPUS / "expected.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


CASES = _cases()


def _place(case: dict, folder: Path) -> None:
    """Copy the case into ``folder`` as <table>.csv (beside the fixture's valid sources.csv,
    which a sources.csv case replaces)."""
    shutil.copyfile(CORPUS / case["file"], folder / f"{case['table']}.csv")


def _records(path: Path) -> list[tuple[int, list[str]]]:
    """(start line, cells) of each data record, by Python's csv module."""
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text))
    out, line = [], 1
    for cells in reader:
        out.append((line, cells))
        line = reader.line_num + 1
    return out[1:]


def test_corpus_is_complete():
    files = {c["file"] for c in CASES}
    on_disk = {p.name for p in CORPUS.glob("*.csv")} - {"expected.csv"}
    assert files == on_disk, "every corpus file has an expectation and vice versa"
    assert len(files) >= 30
    for c in CASES:
        assert c["table"] in data.tables() and c["outcome"] in ("error", "normalised")


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['file']}:{c['column'] or '-'}")
def test_case(case, data_dir):
    _place(case, data_dir)
    target = data_dir / f"{case['table']}.csv"
    if case["outcome"] == "error":
        with pytest.raises(DataError) as info:
            data.load(case["table"], data_dir)
        e = info.value
        text = str(e)
        assert Path(e.file).name == target.name and target.name in text
        assert e.line == int(case["line"]) and f"line {e.line}" in text
        assert e.column == (case["column"] or None)
        if e.column:
            assert f"column '{e.column}'" in text
        assert e.found and e.expected and f"found {e.found}; expected {e.expected}" in text
        assert case["message"] in text, text
        return
    frame = data.load(case["table"], data_dir)
    records = _records(target)
    assert frame.height == len(records), "no row dropped or added"
    assert frame.columns == data.schema(case["table"]).loaded_names
    row = [line for line, _ in records].index(int(case["line"]))
    got = frame[case["column"]][row]
    want = case["value"]
    if want == "":
        assert got is None
    elif frame.schema[case["column"]] == pl.Float64:
        assert got == float(want)
    elif frame.schema[case["column"]] == pl.Int64:
        assert got == int(want)
    elif frame.schema[case["column"]] == pl.Date:  # the first day the text covers
        assert got == data.day(want)
    else:
        assert got == want
