"""The built site prints each shared quantity one way: every keyed number a page shows
(``num(v, key=...)``, see :mod:`genchain.quantities`) is logged by the build to
``_build/quantities/``, and one key with two texts is a drift between pages."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest


def drifts(lines: list[str]) -> list[str]:
    """One message per key shown with more than one text, naming the pages of each text."""
    seen: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for line in lines:
        if line.strip():
            row = json.loads(line)
            if not row["key"]:
                continue  # a number only one page shows
            seen[row["key"]][row["text"]].add(row["page"] or "?")
    return [f"{k}: " + "; ".join(f"{t!r} on {', '.join(sorted(p))}" for t, p in sorted(texts.items()))
            for k, texts in sorted(seen.items()) if len(texts) > 1]


def test_drifts_by_hand():
    rows = [{"page": "book/00", "key": "a@2025-12-31", "text": "1"}, {"page": "book/05", "key": "a@2025-12-31", "text": "2"},
            {"page": "book/01", "key": "b@2025-12-31", "text": "3"}, {"page": "book/02", "key": "b@2025-12-31", "text": "3"}]
    assert drifts([json.dumps(r) for r in rows]) == ["a@2025-12-31: '1' on book/00; '2' on book/05"]


@pytest.mark.browser  # runs after the build, with the other site checks
def test_one_text_per_quantity(site):
    folder = site.parent / "quantities"
    assert folder.is_dir(), "the build wrote no _build/quantities/ (genchain.sphinxext.notebook logs shown numbers)"
    lines = [x for f in sorted(folder.glob("*.jsonl")) for x in f.read_text(encoding="utf-8").splitlines()]
    assert lines, "no keyed number was logged: the chapters should show shared quantities with num(..., key=...)"
    problems = drifts(lines)
    assert not problems, "one quantity printed two ways:\n" + "\n".join(problems)


#: an inline {eval} value that rendered as nothing: the expression's text was empty
_EMPTY_INLINE = re.compile(r'<span class="output text_plain">\s*</span>')


def empty_inline_values(html: str) -> list[str]:
    """The text just before each inline value that rendered empty (where a reader sees a gap)."""
    return [re.sub(r"<[^>]+>", "", html[max(0, m.start() - 160):m.start()]).split("\n")[-1][-80:]
            for m in _EMPTY_INLINE.finditer(html)]


def test_empty_inline_values_by_hand():
    html = ('<p>CSET puts Japan at <span class="output text_plain">0.92</span>% and no rate for '
            '<span class="output text_plain"></span>; the end</p>')
    assert empty_inline_values(html) == ["CSET puts Japan at 0.92% and no rate for "]
    assert empty_inline_values(html.replace('"></span>', '">2016</span>')) == []


def test_no_inline_value_renders_empty(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    gaps = [f"{p.relative_to(site)}: …{before}[nothing]" for p in pages
            for before in empty_inline_values(p.read_text(encoding="utf-8"))]
    assert not gaps, "an inline value rendered as nothing (an empty string reached {eval}):\n" + "\n".join(gaps)
