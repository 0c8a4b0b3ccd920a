"""Two editions, one computation: the Japanese site under _build/html/ja/ mirrors the English one.

Same pages at the same paths, a language switch on every page, the same numbers (keyed prose numbers,
chart data, table cells), Japanese prose with no English paragraph left and no MyST markup leaking.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from genchain.publish import translate
from genchain.sphinxext.editions import other_page

ROOT = Path(__file__).resolve().parents[1]
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
NUMBER = re.compile(r"-?\d(?:[\d,]*\d)?(?:\.\d+)?")


def book_pages() -> list[str]:
    """The pages of the table of contents, as paths in the site (``book/01-capital.html``)."""
    return [str(p.relative_to(ROOT).with_suffix(".html")) for p in translate.pages(ROOT)]


def test_other_page_by_hand():
    assert other_page("book/05-summary", "en") == "../ja/book/05-summary.html"
    assert other_page("book/05-summary", "ja") == "../../book/05-summary.html"


class _Text(HTMLParser):
    """The reader's text of an article: blocks (paragraphs, list items, headings, captions, cells),
    skipping code, charts' scripts, citations (a source keeps its own title) and hidden parts."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "figcaption", "dt", "dd", "th", "td", "caption", "summary"}
    SKIP = {"script", "style", "pre", "code", "svg", "math"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside, self.skip, self.stack, self.blocks = False, 0, [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article" or (tag == "main" and not self.inside):
            self.inside = True
        classes = a.get("class") or ""
        # code, and the bibliography: a citation keeps its source's own title and language
        if tag in self.SKIP or any(c in classes for c in ("cell_input", "headerlink", "citation")):
            self.skip += 1
            self.stack.append(("skip", tag))
            return
        if tag in self.BLOCKS:
            self.stack.append(("block", tag))
            # a number column of a table is right-aligned (great_tables): its cells hold numbers only
            self.blocks.append([tag + (".number" if tag == "td" and "gt_right" in (a.get("class") or "") else ""), ""])
        else:
            self.stack.append(("other", tag))

    def handle_endtag(self, tag):
        while self.stack:
            kind, t = self.stack.pop()
            if kind == "skip":
                self.skip -= 1
            if t == tag:
                break

    def handle_data(self, data):
        if self.inside and not self.skip and self.blocks:
            self.blocks[-1][1] += data


def reader_blocks(html: str) -> list[tuple[str, str]]:
    p = _Text()
    p.feed(html)
    return [(tag, " ".join(text.split())) for tag, text in p.blocks if text.strip()]


def english_left(blocks: list[tuple[str, str]]) -> list[str]:
    """Blocks of prose with four or more English words in a row and no Japanese: untranslated."""
    return [text for tag, text in blocks if tag in {"p", "li", "h1", "h2", "h3", "h4", "figcaption", "dt", "dd"}
            and not JAPANESE.search(text) and re.search(r"([A-Za-z]{2,}[,;:]? ){3}[A-Za-z]{2,}", text)]


def test_english_left_by_hand():
    blocks = [("p", "資金は OpenAI に集まる。"), ("p", "Money goes to the largest labs first."),
              ("li", "Anthropic, OpenAI"), ("td", "United States of America")]
    assert english_left(blocks) == ["Money goes to the largest labs first."]


def chart_numbers(html: str) -> Counter:
    """Every number in the inline data of the page's charts (Vega-Lite ``datasets``)."""
    found: Counter = Counter()
    for m in re.finditer(r'"datasets":\s*(\{.*?\})\s*,\s*"\$schema"', html, re.S):
        try:
            datasets = json.loads(m.group(1))
        except json.JSONDecodeError:
            continue
        for rows in datasets.values():
            for row in rows:
                found.update(repr(v) for v in (row.values() if isinstance(row, dict) else [row])
                             if isinstance(v, (int, float)) and not isinstance(v, bool))
    return found


def table_numbers(html: str) -> Counter:
    """Every number in the number columns of the page's tables (great_tables cells). Text cells may
    write a number the Japanese way (300億ドル for $30B, 2025年1月 for Jan 2025): they are not counted."""
    return Counter(n for tag, text in reader_blocks(html) if tag == "td.number" for n in NUMBER.findall(text))


@pytest.fixture(scope="module")
def editions(site):
    ja = site / "ja"
    if not (ja / "index.html").is_file():
        pytest.fail("no Japanese edition in _build/html/ja: make book builds both")
    return site, ja


def test_same_pages_in_both_editions(editions):
    en, ja = editions
    missing = [p for p in book_pages() if not (ja / p).is_file()]
    assert not missing, f"pages missing from the Japanese edition: {missing}"


def test_every_page_links_to_the_other_edition(editions):
    en, ja = editions
    bad = []
    for page in book_pages():
        for site, lang in ((en, "ja"), (ja, "en")):
            html = (site / page).read_text(encoding="utf-8")
            m = re.search(rf'<nav class="gc-edition"[^>]*><a href="([^"]+)" hreflang="{lang}"', html)
            if not m or not ((site / page).parent / m.group(1)).resolve().is_file():
                bad.append(f"{site.name}/{page}")
    assert not bad, f"no working switch to the other edition on: {bad}"


def test_japanese_pages_say_they_are_japanese(editions):
    en, ja = editions
    for page in book_pages():
        assert '<html lang="ja"' in (ja / page).read_text(encoding="utf-8"), page
        assert '<html lang="en"' in (en / page).read_text(encoding="utf-8"), page


def shown_numbers(folder: Path) -> dict[str, Counter]:
    """The numbers each page showed in its prose (logged by genchain.present), by page: (key, value) counts."""
    out: dict[str, Counter] = {}
    for f in folder.glob("*.jsonl"):
        for x in f.read_text(encoding="utf-8").splitlines():
            r = json.loads(x)
            # 12 significant digits: a threaded sum may differ in its last bit between two runs (charts.render does the same)
            value = float(f"{r['value']:.12g}") if isinstance(r["value"], float) else r["value"]
            out.setdefault(r["page"] or "?", Counter())[(r["key"], value)] += 1
    return out


def test_prose_numbers_identical(editions):
    """Every number the prose shows ({eval} of a genchain number) has the same value, as often, on the same page."""
    en, ja = editions
    a, b = shown_numbers(en.parent / "quantities"), shown_numbers(en.parent / "ja" / "_build" / "quantities")
    assert a, "the English build logged no number"
    differ = {page: (sorted((a.get(page, Counter()) - b.get(page, Counter())).elements())[:4],
                     sorted((b.get(page, Counter()) - a.get(page, Counter())).elements())[:4])
              for page in set(a) | set(b) if a.get(page) != b.get(page)}
    assert not differ, f"page: (only English, only Japanese): {differ}"


def test_chart_and_table_numbers_identical(editions):
    en, ja = editions
    differ = []
    for page in book_pages():
        a, b = (en / page).read_text(encoding="utf-8"), (ja / page).read_text(encoding="utf-8")
        if chart_numbers(a) != chart_numbers(b):
            differ.append(f"{page}: chart data")
        if table_numbers(a) != table_numbers(b):
            extra = (table_numbers(a) - table_numbers(b)) + (table_numbers(b) - table_numbers(a))
            differ.append(f"{page}: table numbers {list(extra)[:6]}")
    assert not differ, "\n".join(differ)


def test_charts_counted_alike(editions):
    en, ja = editions
    for page in book_pages():
        a, b = (en / page).read_text(encoding="utf-8"), (ja / page).read_text(encoding="utf-8")
        assert a.count('"datasets"') == b.count('"datasets"'), page


def test_no_english_paragraph_left(editions):
    en, ja = editions
    left = {}
    for page in book_pages():
        found = english_left(reader_blocks((ja / page).read_text(encoding="utf-8")))
        if found:
            left[page] = (len(found), found[:3])
    assert not left, f"English prose in the Japanese edition: {left}"


def test_no_markup_leaks(editions):
    leaks = []
    for site in editions:
        for page in book_pages():
            text = " ".join(t for _, t in reader_blocks((site / page).read_text(encoding="utf-8")))
            found = re.findall(r"\{(?:term|eval|glue[:\w]*|numref|ref|doc|cite)\}`?", text)
            if found:
                leaks.append(f"{site.name}/{page}: {found[:3]}")
    assert not leaks, leaks


def test_every_runtime_text_translated(editions):
    """Chart, table and caption words the Japanese build had no translation for (recorded by genchain.i18n)."""
    en, ja = editions
    folder = en.parent / "ja" / "_build" / "i18n"
    missing = sorted({json.loads(x)["msgid"] for f in folder.glob("*.jsonl")
                      for x in f.read_text(encoding="utf-8").splitlines() if x.strip()})
    assert not missing, f"{len(missing)} texts shown in English on Japanese pages (make translations): {missing[:8]}"


def test_chart_translation_keeps_keywords_and_reaches_legends(japanese):
    """A legend's title and domain are translated with the data; Vega-Lite keywords ("year") are not."""
    from genchain import i18n

    japanese({"year": "年", "Precision": "精度"})
    spec = {"datasets": {"d": [{"p": "year", "n": 2.5}]},
            "encoding": {"color": {"field": "p", "title": "Precision", "scale": {"domain": ["year"]}},
                         "x": {"field": "n", "axis": {"tickCount": "year"}}},
            "transform": [{"filter": "datum.p == 'year'"}]}
    out = i18n.translate_spec(spec)
    assert out["datasets"]["d"] == [{"p": "年", "n": 2.5}]
    assert out["encoding"]["color"] == {"field": "p", "title": "精度", "scale": {"domain": ["年"]}}
    assert out["encoding"]["x"]["axis"] == {"tickCount": "year"}
    assert out["transform"] == [{"filter": "datum.p == '年'"}]


def test_use_chooses_the_language_and_refuses_others(monkeypatch):
    from genchain import i18n

    monkeypatch.delenv(i18n.LANG, raising=False)
    assert i18n.language() == "en"
    assert i18n.use("ja") == "ja" and i18n.language() == "ja"
    with pytest.raises(ValueError, match="'fr'"):
        i18n.use("fr")
    assert i18n.use("en") == "en" and i18n.language() == "en"
