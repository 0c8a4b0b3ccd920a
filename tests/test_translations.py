"""The Japanese catalogs: complete, current, and faithful to the English markup.

Each message is a block of a page's Markdown (see genchain.publish.translate). A translation must keep
what the build and the kernel read: the same {eval} expressions (a number of billions may be written
the Japanese way, ``x.oku_usd``), the same cross-references and labels, the same directives, the same
code spans; and it must be Japanese.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from genchain.publish import translate

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "locale" / "ja" / "LC_MESSAGES"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def _catalog(name: str):
    with open(LOCALE / f"{name}.po", "rb") as f:
        return read_po(f, locale="ja")


def _evals(text: str) -> list[str]:
    # {eval}`x.oku_usd` and {eval}`x.oku_yen` show x the Japanese way: the same computed value
    return sorted(re.sub(r"\.oku_(usd|yen)$", "", e) for e in re.findall(r"\{eval\}`([^`]+)`", text))


def _refs(text: str) -> list[str]:
    return sorted(re.findall(r"\{(?:numref|ref|doc|cite|cite:p|cite:t|download)\}`[^`]*?<?([^`<>]+)>?`", text))


def _structure(text: str) -> list[str]:
    """Directive fences with their names, labels and classes, target labels: what the build reads."""
    out = []
    for line in text.split("\n"):
        s = line.strip()
        if m := re.match(r"^(:{3,}|`{3,})\{([\w:-]+)\}", s):
            out.append(f"{m.group(1)}{{{m.group(2)}}}" + (s.split("}", 1)[1].strip() if m.group(2).startswith("solution") else ""))
        elif re.match(r"^(:{3,}|`{3,})$", s):
            out.append(s)
        elif re.match(r"^:(label|class|name|tags|nonumber|hidden|open):", s):
            out.append(s)
        elif re.match(r"^\(.+\)=$", s):
            out.append(s)
    return out


def _code_spans(text: str) -> list[str]:
    no_roles = re.sub(r"\{[\w:]+\}`[^`]*`", "", text)
    return sorted(re.findall(r"(?<!`)`([^`\n]+)`(?!`)", no_roles))


def _messages():
    for path in sorted(LOCALE.glob("*.po")):
        if path.stem.startswith("runtime-"):
            continue  # run-time texts: names and short labels, checked on the built pages
        for m in _catalog(path.stem):
            if m.id and m.string and not m.fuzzy:
                yield pytest.param(path.stem, m.id, m.string, id=f"{path.stem}:{m.lineno}")


def test_every_page_has_a_catalog():
    assert sorted(p.stem for p in translate.pages(ROOT)) == sorted(p.stem for p in LOCALE.glob("*.po")
                                                                  if not p.stem.startswith("runtime-"))


def test_catalogs_hold_every_english_block():
    """A block of English prose with no entry means `make translations` was not run after an edit."""
    missing = {}
    for page in translate.pages(ROOT):
        ids = {m.id for m in _catalog(page.stem) if m.id}
        lost = [b[:60] for b in translate.page_messages(page) if b not in ids]
        if lost:
            missing[page.stem] = lost
    assert not missing, f"run 'make translations': blocks not in the catalogs: {missing}"


def test_every_message_translated_and_not_fuzzy():
    todo = {}
    for path in sorted(LOCALE.glob("*.po")):
        left = [m.id[:50] for m in _catalog(path.stem) if m.id and (not m.string or m.fuzzy)]
        if left:
            todo[path.stem] = (len(left), left[:3])
    assert not todo, f"messages to translate (make translations lists them): {todo}"


@pytest.mark.parametrize(("page", "english", "japanese"), list(_messages()))
def test_translation_keeps_the_markup(page, english, japanese):
    assert _evals(japanese) == _evals(english), "the same {eval} expressions (x or x.oku_usd for billions)"
    assert _refs(japanese) == _refs(english), "the same cross-references"
    assert _structure(japanese) == _structure(english), "the same directives, labels and classes"
    assert set(_code_spans(english)) <= set(_code_spans(japanese)) | {s for s in _code_spans(english) if JAPANESE.search(s)}, \
        "every code span of the English kept"
    assert JAPANESE.search(japanese), "a translation is in Japanese"
    assert japanese.count("{term}") == english.count("{term}"), "the same glossary links"


def test_japanese_sources_share_the_code_and_choose_japanese(tmp_path):
    """The Japanese notebooks run the English notebooks' code cells byte for byte; only the set-up cell
    gains the line that makes charts and tables speak Japanese wherever the notebook runs."""
    import json

    import yaml

    from genchain.publish.packs import is_install_cell

    out = translate.write_sources(ROOT, tmp_path / "src")
    assert yaml.safe_load((out / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]["language"] == "ja"
    notebooks = sorted((ROOT / "book").glob("*.ipynb"))
    assert len(notebooks) >= 10
    for page in notebooks:
        en = json.loads(page.read_text(encoding="utf-8"))["cells"]
        ja = json.loads((out / "book" / page.name).read_text(encoding="utf-8"))["cells"]
        assert [c["cell_type"] for c in ja] == [c["cell_type"] for c in en], page.name
        setups = 0
        for e, j in zip(en, ja):
            if e["cell_type"] != "code":
                continue
            source = lambda c: "".join(c["source"]) if isinstance(c["source"], list) else c["source"]  # noqa: E731
            if is_install_cell(e):
                setups += 1
                assert source(j) == source(e).rstrip("\n") + "\n" + translate.JAPANESE_SETUP, page.name
            else:
                assert source(j) == source(e), f"{page.name}: a code cell differs"
        assert setups == (1 if page.stem[:2].isdigit() else setups), page.name


def test_a_runtime_text_that_moves_page_keeps_its_translation(tmp_path):
    """A text shown first on another page now moves to that page's catalog with its translation, rather
    than arriving empty (or with a fuzzy guess) while its old entry is dropped."""
    from babel.messages.catalog import Catalog

    old = Catalog(locale="ja")
    old.add("Basis", "根拠", locations=[("runtime-b", 0)])
    translate._write(tmp_path / "runtime-b.po", old)
    known = translate._finished(translate._read(tmp_path / "runtime-b.po"))
    counts = translate._merge(tmp_path / "runtime-a.po", ["Basis", "Base rate"], "runtime-a", known)
    moved = {m.id: (m.string, m.fuzzy) for m in translate._read(tmp_path / "runtime-a.po") if m.id}
    assert moved == {"Basis": ("根拠", False), "Base rate": ("", False)}
    assert counts == {"messages": 2, "translated": 1, "fuzzy": 0, "untranslated": 1}
