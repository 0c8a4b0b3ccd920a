"""One test per kind of DataError: the message names file, line, column, value and expectation; how dates load."""

import datetime as dt

import polars as pl
import pytest

from genchain import data
from genchain.data import DataError

HEADER = "year,currency,per_usd,source_id,note\n"


def write(folder, name, text, encoding="utf-8"):
    (folder / f"{name}.csv").write_bytes(text.encode(encoding) if isinstance(text, str) else text)


def error(folder, name="fx_rates") -> DataError:
    with pytest.raises(DataError) as info:
        data.load(name, folder)
    return info.value


def test_valid_table_loads_typed(data_dir):
    write(data_dir, "fx_rates", HEADER + "2024,JPY,151.4,s1,\n2023,JPY,140.5,s1,annual average\n")
    f = data.load("fx_rates", data_dir)
    assert f.schema["year"] == pl.Int64 and f.schema["per_usd"] == pl.Float64
    assert f["per_usd"].to_list() == [151.4, 140.5] and f["note"][0] is None
    assert isinstance(data.scan("fx_rates", data_dir), pl.LazyFrame)


def test_missing_column(data_dir):
    write(data_dir, "fx_rates", "year,currency,source_id,note\n2024,JPY,s1,\n")
    e = error(data_dir)
    assert (e.line, e.column) == (1, "per_usd") and "fx_rates.csv" in str(e)


def test_renamed_column(data_dir):
    write(data_dir, "fx_rates", "year,currency,rate,source_id,note\n2024,JPY,151.4,s1,\n")
    assert error(data_dir).column == "per_usd"


def test_wrong_type(data_dir):
    write(data_dir, "fx_rates", HEADER + "2024,JPY,151.4,s1,\n2023,JPY,about 140,s1,\n")
    e = error(data_dir)
    assert (e.line, e.column, e.found) == (3, "per_usd", "'about 140'")
    assert "plain number" in e.expected


def test_thousands_separator_and_currency_sign_get_a_hint(data_dir):
    write(data_dir, "fx_rates", HEADER + '2024,JPY,"1,151.4",s1,\n')
    assert "thousands separators" in error(data_dir).expected
    write(data_dir, "fx_rates", HEADER + "2024,JPY,$13B,s1,\n")
    assert "currency sign" in error(data_dir).expected


def test_out_of_range(data_dir):
    write(data_dir, "fx_rates", HEADER + "2024,JPY,-151.4,s1,\n")
    e = error(data_dir)
    assert (e.line, e.column) == (2, "per_usd") and ">= 0" in e.expected


def test_not_allowed_value(data_dir):
    write(data_dir, "fx_rates", HEADER + "2024,YEN,151.4,s1,\n")
    e = error(data_dir)
    assert e.column == "currency" and "JPY" in e.expected and e.found == "'YEN'"


def test_duplicate_key(data_dir):
    write(data_dir, "fx_rates", HEADER + "2024,JPY,151.4,s1,\n2023,JPY,140.5,s1,\n2024,JPY,150,s1,\n")
    e = error(data_dir)
    assert e.line == 4 and "line 2" in e.found and e.column == "year+currency"


def test_bad_date(data_dir):
    write(data_dir, "sources", "source_id,publisher,title,url,published,accessed,licence,note\n"
          "s1,P,T,https://a.org,2025-02-30,2026-11-25,CC BY 4.0,\n")
    e = error(data_dir, "sources")
    assert (e.line, e.column, e.found) == (2, "published", "'2025-02-30'")
    write(data_dir, "sources", "source_id,publisher,title,url,published,accessed,licence,note\n"
          "s1,P,T,https://a.org,25/01/2025,2026-11-25,CC BY 4.0,\n")
    assert "YYYY-MM-DD" in error(data_dir, "sources").expected


def test_dates_load_as_the_first_day_they_cover_with_a_precision(data_dir):
    write(data_dir, "sources", "source_id,publisher,title,url,published,accessed,licence,note\n"
          "s1,P,T,https://a.org,2024-03,2026-11-25,CC BY 4.0,\n"
          "s2,P,T,https://b.org,2024,2026-11-25,CC BY 4.0,\n"
          "s3,P,T,https://c.org,2024-03-15,2026-11-25,CC BY 4.0,\n"
          "s4,P,T,https://d.org,,2026-11-25,CC BY 4.0,\n")
    f = data.load("sources", data_dir)
    assert f.columns == data.schema("sources").loaded_names
    assert f.schema["published"] == pl.Date and f.schema["accessed"] == pl.Date
    assert f["published"].to_list() == [dt.date(2024, 3, 1), dt.date(2024, 1, 1), dt.date(2024, 3, 15), None]
    assert f["published_precision"].to_list() == ["month", "year", "day", None]
    assert "accessed_precision" not in f.columns  # declared whole days: always a day
    # written back as given, from the Date and its precision
    assert f.select(data.date_text("published"))["published"].to_list() == ["2024-03", "2024", "2024-03-15", None]


def test_typed_dates_of_a_hand_made_frame():
    f = data.typed_dates(pl.DataFrame({"announced": ["2025-02", "2025-02-28", "2025"], "x": [1, 2, 3]}), "announced")
    assert f.columns == ["announced", "announced_precision", "x"]
    assert f.row(0) == (dt.date(2025, 2, 1), "month", 1)
    assert f["announced_precision"].to_list() == ["month", "day", "year"]


def test_day_reads_a_date_a_reader_types():
    assert data.day("2025-12-31") == dt.date(2025, 12, 31) == data.day(dt.date(2025, 12, 31))
    assert (data.day("2025-12"), data.day("2025")) == (dt.date(2025, 12, 1), dt.date(2025, 1, 1))


def test_future_date(data_dir):
    write(data_dir, "sources", "source_id,publisher,title,url,published,accessed,licence,note\n"
          "s1,P,T,https://a.org,2031-01-01,2026-11-25,CC BY 4.0,\n")
    assert "no later than" in error(data_dir, "sources").expected


def test_unknown_source_id(data_dir):
    write(data_dir, "fx_rates", HEADER + "2024,JPY,151.4,s1,\n2023,JPY,140.5,nowhere,\n")
    e = error(data_dir)
    assert (e.line, e.column, e.found) == (3, "source_id", "'nowhere'")


def test_shift_jis_bytes(data_dir):
    write(data_dir, "fx_rates", HEADER + "2024,JPY,151.4,s1,年平均\n", encoding="shift_jis")
    e = error(data_dir)
    assert e.line == 2 and "not UTF-8" in e.found and "UTF-8" in e.expected


def test_utf16(data_dir):
    write(data_dir, "fx_rates", HEADER + "2024,JPY,151.4,s1,\n", encoding="utf-16")
    assert "UTF-16" in error(data_dir).found


def test_empty_and_header_only(data_dir):
    write(data_dir, "fx_rates", "")
    assert "empty file" in error(data_dir).found
    write(data_dir, "fx_rates", HEADER)
    assert "header only" in error(data_dir).found


def test_missing_required_cell(data_dir):
    write(data_dir, "fx_rates", HEADER + "2024,,151.4,s1,\n")
    e = error(data_dir)
    assert (e.column, e.found) == ("currency", "an empty cell")


def test_formula_cell(data_dir):
    write(data_dir, "fx_rates", HEADER + '2024,JPY,151.4,s1,"=HYPERLINK(""http://x"")"\n')
    assert "formula" in error(data_dir).expected


def test_ragged_row(data_dir):
    write(data_dir, "fx_rates", HEADER + "2024,JPY,151.4,s1,,extra\n")
    e = error(data_dir)
    assert e.line == 2 and "6 cells" in e.found


def test_bom_and_crlf_are_accepted(data_dir):
    write(data_dir, "fx_rates", b"\xef\xbb\xbf" + (HEADER + "2024,JPY,151.4,s1,\n").replace("\n", "\r\n").encode())
    assert data.load("fx_rates", data_dir)["per_usd"][0] == 151.4


def test_nan_and_inf_strings_are_refused(data_dir):
    for bad in ("NaN", "inf"):
        write(data_dir, "fx_rates", HEADER + f"2024,JPY,{bad},s1,\n")
        assert "empty cell for a missing value" in error(data_dir).expected


def test_line_numbers_count_multiline_cells(data_dir):
    write(data_dir, "fx_rates", HEADER + '2024,JPY,151.4,s1,"two\nlines"\n2023,JPY,x,s1,\n')
    assert error(data_dir).line == 4


def test_unknown_table_and_missing_file(data_dir):
    with pytest.raises(KeyError, match="no table named"):
        data.load("nope", data_dir)
    assert "no such file" in error(data_dir, "models").found


def test_edited_file_is_read_again(data_dir):
    write(data_dir, "fx_rates", HEADER + "2024,JPY,151.4,s1,\n")
    assert data.load("fx_rates", data_dir).height == 1
    write(data_dir, "fx_rates", HEADER + "2024,JPY,151.4,s1,\n2023,JPY,140.5,s1,\n")
    assert data.load("fx_rates", data_dir).height == 2


def test_dictionary_covers_every_column():
    d = data.dictionary()
    for name in data.tables():
        assert d.filter(pl.col("table") == name)["column"].to_list() == data.schema(name).names
