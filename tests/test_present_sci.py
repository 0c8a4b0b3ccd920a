"""One scientific-notation formatter for the whole book (present.sci), by hand."""

import pytest

from genchain.present import sci


def test_sci_by_hand():
    assert sci(3.3e24) == "3.3 × 10²⁴" and sci(6.6e15) == "6.6 × 10¹⁵" and sci(3.8e26) == "3.8 × 10²⁶"
    assert sci(5e26, 0) == "5 × 10²⁶" and sci(1.25e-3, 2) == "1.25 × 10⁻³"
    assert sci(9.96e26) == "1.0 × 10²⁷"  # the mantissa is rounded before the exponent is chosen
    with pytest.raises(ValueError):
        sci(float("nan"))
