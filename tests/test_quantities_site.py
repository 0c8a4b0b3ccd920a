"""The built site prints each shared quantity one way: every keyed number a page shows
(``num(v, key=...)``, see :mod:`genchain.quantities`) is logged by the build to
``_build/quantities.jsonl``, and one key with two texts is a drift between pages."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest


def drifts(lines: list[str]) -> list[str]:
    """One message per key shown with more than one text, naming the pages of each text."""
    seen: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for line in lines:
        if line.strip():
            row = json.loads(line)
            seen[row["key"]][row["text"]].add(row["page"] or "?")
    return [f"{k}: " + "; ".join(f"{t!r} on {', '.join(sorted(p))}" for t, p in sorted(texts.items()))
            for k, texts in sorted(seen.items()) if len(texts) > 1]


def test_drifts_by_hand():
    rows = [{"page": "book/00", "key": "a@2025-12-31", "text": "1"}, {"page": "book/05", "key": "a@2025-12-31", "text": "2"},
            {"page": "book/01", "key": "b@2025-12-31", "text": "3"}, {"page": "book/02", "key": "b@2025-12-31", "text": "3"}]
    assert drifts([json.dumps(r) for r in rows]) == ["a@2025-12-31: '1' on book/00; '2' on book/05"]


@pytest.mark.browser  # runs after the build, with the other site checks
def test_one_text_per_quantity(site):
    log = site.parent / "quantities.jsonl"
    assert log.is_file(), "the build wrote no _build/quantities.jsonl (genchain.sphinxext.notebook logs keyed numbers)"
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines, "no keyed number was logged: the chapters should show shared quantities with num(..., key=...)"
    problems = drifts(lines)
    assert not problems, "one quantity printed two ways:\n" + "\n".join(problems)
