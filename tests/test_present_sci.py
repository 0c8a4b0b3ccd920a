"""One scientific-notation formatter for the whole book (present.sci), by hand."""

import pytest

from genchain.present import sci


def test_sci_by_hand():
    assert sci(3.3e24) == "3.3 × 10²⁴" and sci(6.6e15) == "6.6 × 10¹⁵" and sci(3.8e26) == "3.8 × 10²⁶"
    assert sci(5e26, 0) == "5 × 10²⁶" and sci(1.25e-3, 2) == "1.25 × 10⁻³"
    assert sci(9.96e26) == "1.0 × 10²⁷"  # the mantissa is rounded before the exponent is chosen
    with pytest.raises(ValueError):
        sci(float("nan"))


def _python_sci(v: float, digits: int, style: str) -> str:
    """The reference: Python's own format specification."""
    mantissa, exponent = f"{v:.{digits}e}".split("e")
    if style == "e":
        return f"{mantissa}e{exponent.lstrip('+')}"
    return f"{mantissa} × 10" + str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def test_expressions_write_what_python_writes():
    # the column expressions (charts, tables) give the text of Python's format specifications, value by value
    import random

    import polars as pl

    from genchain.present import number_text, sci_text

    rng = random.Random(7)
    values = [rng.choice([1, -1]) * 10 ** rng.uniform(-6, 28) for _ in range(3000)] + [0.0, 9.96e26, 0.999, 99.96]
    frame = pl.DataFrame({"v": values})
    for digits in (0, 1, 2):
        for style in ("times", "e"):
            got = frame.select(sci_text(pl.col("v"), digits, style))["v"].to_list()
            assert got == [_python_sci(v, digits, style) for v in values], (digits, style)
    usual = [v for v in values if abs(v) < 1e9]  # the sizes shown with separators (larger ones go to sci_text)
    for decimals in (0, 1, 2):
        got = pl.DataFrame({"v": usual}).select(number_text(pl.col("v"), decimals))["v"].to_list()
        assert got == [f"{v:,.{decimals}f}" for v in usual], decimals
    assert pl.DataFrame({"v": [None]}, schema={"v": pl.Float64}).select(sci_text(pl.col("v")))["v"].to_list() == [None]
