"""Helpers the generated assignment tests call (see :mod:`genchain.publish.assignments`).

A failing check raises ``AssertionError`` with a message written for the student; the message is
a format string over the answer variables and ``solution``, and never fails to format:

>>> explain("yours is {share_pct:.3g}", share_pct=0.0265)
'yours is 0.0265'
>>> explain("yours is {share_pct:.3g}", share_pct="2.6%")
"yours is '2.6%'"
>>> close([1.0, 2.0], (1.001, 2.0), rel=0.01), close({"n": 9}, {"n": 9}), close(True, 1.0)
(True, True, False)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any


class _Shown:
    """A value for ``str.format`` that falls back to ``repr`` when a format spec does not fit."""

    def __init__(self, value: Any):
        self.value = value

    def __format__(self, spec: str) -> str:
        if not spec:
            return str(self.value) if isinstance(self.value, str) else repr(self.value)
        try:
            return format(self.value, spec)
        except (TypeError, ValueError):
            return repr(self.value)

    def __getitem__(self, key: Any) -> _Shown:
        return _Shown(self.value[key])

    def __repr__(self) -> str:
        return repr(self.value)


def explain(message: str, **values: Any) -> str:
    """``message`` with the values filled in; a value that does not fit its format is shown with repr."""
    try:
        return message.format_map({k: _Shown(v) for k, v in values.items()})
    except (KeyError, IndexError, AttributeError, ValueError):
        return message


def answered(**values: Any) -> None:
    """Fail with a clear message when an answer variable is still ``...`` or was never assigned."""
    missing = [k for k, v in values.items() if v is None or v is Ellipsis]
    if missing:
        names = " and ".join(f"`{k}`" for k in missing)
        raise AssertionError(
            f"{names} {'is' if len(missing) == 1 else 'are'} not answered yet: assign your result to "
            f"{'it' if len(missing) == 1 else 'them'} in the answer cell (replacing `...`) and run that cell."
        )


def passes(check: Callable[[], Any]) -> bool:
    """Whether ``check()`` is true; an answer of the wrong type makes it false, not an error."""
    try:
        return bool(check())
    except Exception:  # noqa: BLE001 - any error in a student's value is a failed check
        return False


def close(value: Any, expected: Any, rel: float = 0.0, abs: float = 0.0) -> bool:  # noqa: A002
    """``value`` equals ``expected`` within the tolerances, element by element for lists and dicts."""
    if isinstance(expected, bool):  # True and False, not 1 and 0 (numpy's bool_ is fine)
        return type(value).__name__ in ("bool", "bool_") and bool(value) == expected
    if expected is None or isinstance(expected, str):
        return type(value) is type(expected) and value == expected
    if isinstance(expected, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "__float__"):
            return False
        return math.isclose(float(value), float(expected), rel_tol=rel, abs_tol=abs)
    if isinstance(expected, Mapping):
        return isinstance(value, Mapping) and set(value) >= set(expected) and all(
            close(value[k], v, rel, abs) for k, v in expected.items()
        )
    if isinstance(expected, Sequence):
        return (
            isinstance(value, Sequence) and not isinstance(value, str) and len(value) == len(expected)
            and all(close(v, e, rel, abs) for v, e in zip(value, expected))
        )
    return value == expected
