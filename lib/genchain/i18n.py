"""The book in two languages from one computation: text a reader sees, translated at display time.

Every number is computed once, in English and in Japanese alike; only the words around it change.
Words reach a reader through three doors, and each door calls :func:`t`:

* chart specs, through :func:`translate_spec` (called by :func:`genchain.charts.render`): titles,
  subtitles, descriptions, axis, legend and tooltip titles, slider labels, and the category values
  in the chart's data (a country, a verdict, a kind of money), consistently wherever they appear;
* tables (:func:`genchain.present.table`): column labels, title, source, text cells;
* short texts the package writes into prose (claim texts, verdict labels, figure captions).

The language is the environment variable ``GENCHAIN_LANG`` (``en`` unless it says ``ja``).
Translations come from gettext catalogs, ``locale/ja/LC_MESSAGES/runtime-<page>.po``, keyed on the
English text with its numbers written as placeholders: ``"Top {0} labs hold {1}%"``. The numbers
of the English text are put back into the translation, so a translation never carries a number
of its own; ``{0:oku_usd}`` writes a placeholder that was billions of dollars the Japanese way
(``{0:oku_usd}`` of ``79.1`` reads ``791億ドル``, see :func:`oku`).

While the English book builds, every text that passes through :func:`t` is recorded (the file
named by ``GENCHAIN_I18N_COLLECT``), so ``make translations`` knows what the catalog must hold.

>>> template("Top 3 labs hold 61.2% of $1,234.5B")
('Top {0} labs hold {1}% of ${2}B', ['3', '61.2', '1,234.5'])
>>> fill("上位{0}社が{2:oku_usd}の{1}%を持つ", ['3', '61.2', '1,234.5'])
'上位3社が1兆2,345億ドルの61.2%を持つ'
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path

__all__ = ["language", "use", "t", "template", "fill", "oku", "translate_spec", "translate_frame", "locale_dir", "messages"]

#: the environment variable that chooses the edition's language
LANG = "GENCHAIN_LANG"
#: set while the English book builds: the folder where every displayed text is recorded, a file per page
COLLECT = "GENCHAIN_I18N_COLLECT"
#: set while the Japanese book builds: the folder where texts with no translation are recorded
MISSING = "GENCHAIN_I18N_MISSING"
#: the folder that holds ``<lang>/LC_MESSAGES/runtime-<page>.po`` (default: the nearest ``locale/`` from the working directory up)
LOCALE = "GENCHAIN_LOCALE"

# a number inside a text: not part of a word or a name such as H100 or B200
_NUMBER = re.compile(r"(?<![\w.\-/])-?\d(?:[\d,]*\d)?(?:\.\d+)?(?!\d|\.\d)")
_SLOT = re.compile(r"\{(\d+)(?::(\w+))?\}")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def language() -> str:
    """The edition being shown: ``"ja"`` when ``GENCHAIN_LANG=ja``, else ``"en"``."""
    return "ja" if os.environ.get(LANG, "en").lower().startswith("ja") else "en"


def use(lang: str) -> str:
    """Show this kernel's charts, tables and captions in ``lang`` (``"ja"`` or ``"en"``); returns it.

    The Japanese edition's notebooks call ``use("ja")`` in their set-up cell, so a notebook
    downloaded from the Japanese site speaks Japanese in JupyterLab too, inside the repository or
    out of it (the wheel carries the run-time catalogs).
    """
    if lang not in ("en", "ja"):
        raise ValueError(f"genchain.i18n.use: the book has editions 'en' and 'ja', not {lang!r}")
    os.environ[LANG] = lang
    return lang


def template(text: str) -> tuple[str, list[str]]:
    """``text`` with each number replaced by ``{0}``, ``{1}``, ...; and the numbers as written."""
    numbers: list[str] = []

    def slot(m: re.Match) -> str:
        numbers.append(m.group(0))
        return "{%d}" % (len(numbers) - 1)

    escaped = text.replace("{", "{{").replace("}", "}}")
    return _NUMBER.sub(slot, escaped), numbers


def oku(value: float, digits: int, currency: str) -> str:
    """An amount in billions written with 兆 and 億, as Japanese prose writes money.

    ``value`` is in billions (of dollars or yen); ``digits`` is how many decimals the English text
    gives it (the Japanese text keeps the same precision); ``currency`` is appended (``"ドル"``, ``"円"``).

    >>> oku(79.1, 1, "ドル"), oku(1234.5, 1, "ドル"), oku(0.35, 2, "ドル"), oku(10000, 0, "円")
    ('791億ドル', '1兆2,345億ドル', '3.5億ドル', '10兆円')
    >>> oku(0.005, 3, "ドル")
    '0.05億ドル'
    """
    hundred_millions = value * 10  # 1 billion = 10 億
    places = max(digits - 1, 0)
    rounded = round(hundred_millions, places)
    cho, rest = divmod(rounded, 10_000)
    if cho >= 1:
        rest_text = f"{rest:,.{places}f}".rstrip("0").rstrip(".") if places else f"{rest:,.0f}"
        return f"{int(cho):,}兆" + (f"{rest_text}億" if float(rest_text.replace(",", "")) else "") + currency
    return f"{rounded:,.{places}f}億{currency}"


def fill(translation: str, numbers: list[str]) -> str:
    """``translation`` with its placeholders replaced by the English text's ``numbers``.

    ``{n}`` is the number as the English text wrote it; ``{n:oku_usd}`` and ``{n:oku_yen}`` write a
    number of billions (dollars, yen) with 兆 and 億 (:func:`oku`).
    """
    def put(m: re.Match) -> str:
        written = numbers[int(m.group(1))]
        if not m.group(2):
            return written
        value = float(written.replace(",", ""))
        digits = len(written.split(".")[1]) if "." in written else 0
        currency = {"oku_usd": "ドル", "oku_yen": "円"}.get(m.group(2))
        if currency is None:
            raise ValueError(f"unknown number format {m.group(2)!r} in translation {translation!r}")
        return oku(value, digits, currency)

    # literal braces were doubled in the template; placeholders are single
    parts = re.split(r"(\{\{|\}\})", translation)
    return "".join({"{{": "{", "}}": "}"}.get(p) or _SLOT.sub(put, p) for p in parts)


def locale_dir(lang: str = "ja") -> Path | None:
    """``locale/<lang>/LC_MESSAGES``: under ``GENCHAIN_LOCALE`` if set, else the nearest ``locale/``
    folder from the working directory up (a translator's edits show at once), else the catalogs the
    installed package carries (``genchain.locale_ja``); None when there is none."""
    rel = Path(lang) / "LC_MESSAGES"
    if os.environ.get(LOCALE):
        return Path(os.environ[LOCALE]) / rel
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "locale" / rel).is_dir():
            return folder / "locale" / rel
    return _packaged(lang)


def _packaged(lang: str) -> Path | None:
    from importlib.resources import files

    try:  # locale/<lang>/LC_MESSAGES installed as genchain.locale_<lang> (see pyproject.toml)
        folder = Path(str(files(f"genchain.locale_{lang}")))
    except ModuleNotFoundError:
        return None
    return folder if folder.is_dir() else None


@lru_cache(maxsize=64)
def _read(path: str, mtime: float) -> dict[str, str]:
    from babel.messages.pofile import read_po

    with open(path, "rb") as f:
        catalog = read_po(f)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def messages(lang: str = "ja") -> dict[str, str]:
    """The finished (translated, not fuzzy) run-time messages, English template -> translation.

    They are kept by page, in ``runtime-<page>.po`` (a text several pages show is in the first one's),
    so translators can work on pages side by side; here they are one dictionary, read once per
    change of the files (a chart calls this for every text it shows).
    """
    folder = locale_dir(lang)
    if folder is None or not folder.is_dir():
        return {}
    files = _listing(str(folder), folder.stat().st_mtime)  # a file added or removed changes the folder's time
    return _merged(tuple((f, os.stat(f).st_mtime) for f in files))


@lru_cache(maxsize=8)
def _listing(folder: str, mtime: float) -> tuple[str, ...]:
    return tuple(str(f) for f in sorted(Path(folder).glob("runtime-*.po")))


@lru_cache(maxsize=8)
def _merged(files: tuple[tuple[str, float], ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for path, mtime in files:
        out.update(_read(path, mtime))
    return out


def _record(variable: str, msgid: str, page: str | None = None) -> None:
    """Append the text to the page's file in the folder ``variable`` names (one file per page, so a
    page read again replaces only its own record)."""
    folder = os.environ.get(variable)
    if folder:
        page = page or os.environ.get("GENCHAIN_PAGE") or "_book"
        with open(os.path.join(folder, page.replace("/", "__") + ".jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps({"page": page, "msgid": msgid}, ensure_ascii=False) + "\n")


def t(text: str, page: str | None = None) -> str:
    """``text`` in the edition's language (unchanged in English).

    A text with no translation stays English and is recorded (``GENCHAIN_I18N_MISSING``), so the
    catalog-coverage test names it; a text that is only a number, a name or a code is kept as is.
    ``page`` names the page that shows it when that is not the page being read (``GENCHAIN_PAGE``):
    a text Sphinx writes while it writes the page rather than while it reads it.
    """
    if not isinstance(text, str) or not re.search(r"[A-Za-z]", text) or _IDENT.match(text):
        return text
    key, numbers = template(text)
    if language() == "en":
        _record(COLLECT, key, page)
        return text
    if _JAPANESE.search(text):
        return text  # translated already (a table cell a chapter translated before the table did)
    found = messages().get(key)
    if found is None:
        _record(MISSING, key, page)
        return text
    return fill(found, numbers)


# ---------------------------------------------------------------------------------------------
# chart specs

# keys whose string value is text a reader sees
_TEXT_KEYS = {"title", "subtitle", "description", "text"}
# keys whose string values name data, marks or scales: never translated
# (a dict or list under such a key is still walked: "color" may hold an encoding with a title)
_NAME_KEYS = {"field", "type", "as", "op", "aggregate", "timeUnit", "groupby", "format", "formatType",
              "mark", "name", "param", "data", "datasets", "url", "$schema", "scheme", "orient", "align",
              "baseline", "font", "stack", "interpolate", "shape", "color", "fill", "stroke", "fields",
              # Vega-Lite keywords whose values are words ("year", "left", "ascending"), not text
              "tickCount", "interval", "unit", "sort", "order", "input", "anchor", "direction", "nice",
              "labelAlign", "labelBaseline", "titleAlign", "titleAnchor", "titleBaseline", "cursor",
              "strokeCap", "strokeJoin", "blend", "legendX", "resolve", "bind", "on", "clear", "encodings"}
# source ids, file names, web addresses and dates in the data are not words
# (a lowercase word with one hyphen, "pre-training", is a word; a code has a dot or an underscore, two hyphens,
# a digit beside a hyphen or a two-letter prefix: "funding_rounds.csv", "co-pltr-fy2023-pr", "gpt-4", "gc-article")
_IDENT = re.compile(r"^(?:[a-z0-9][a-z0-9-]*[._][a-z0-9._-]*|[a-z0-9]+(?:-[a-z0-9]+){2,}|[a-z]*\d[a-z0-9]*-[a-z0-9-]+"
                    r"|[a-z0-9]+-[a-z]*\d[a-z0-9]*|[a-z]{2}-[a-z]+|https?://\S+|\d{4}(?:-\d{2}){0,2}(?:T[\d:.]+Z?)?)$")
_EXPR_KEYS = {"expr", "filter", "test", "calculate", "labelExpr", "signal"}


def _data_terms(spec: dict) -> dict[str, str]:
    """Translations of the category values (strings) in the spec's inline data, and in its scale domains
    (a category a chart computes, ``'has raised enough'`` in an expression, is named only there)."""
    values: set[str] = set()
    for rows in (spec.get("datasets") or {}).values():
        for row in rows:
            if isinstance(row, dict):
                values.update(v for v in row.values() if isinstance(v, str) and not _IDENT.match(v))
    values.update(v for v in _domains(spec) if not _IDENT.match(v))
    return {v: out for v in sorted(values) if (out := t(v)) != v}


def _domains(node) -> list[str]:
    """The strings of every scale domain in a spec."""
    if isinstance(node, list):
        return [v for item in node for v in _domains(item)]
    if not isinstance(node, dict):
        return []
    found = [v for v in (node.get("domain") if isinstance(node.get("domain"), list) else []) if isinstance(v, str)]
    return found + [v for k, item in node.items() if k not in ("datasets", "domain") for v in _domains(item)]


def _expression(text: str, terms: dict[str, str]) -> str:
    def swap(m: re.Match) -> str:
        quote, inner = m.group(1), m.group(2)
        return f"{quote}{terms[inner]}{quote}" if inner in terms else m.group(0)

    return re.sub(r"(['\"])((?:(?!\1).)*)\1", swap, text)


def _walk(node, terms: dict[str, str], key: str | None = None, parent: str | None = None):
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "datasets":
                out[k] = {name: [{f: terms.get(x, x) if isinstance(x, str) else x for f, x in row.items()}
                                 if isinstance(row, dict) else row for row in rows] for name, rows in v.items()}
            elif k == "name" and key == "bind":
                out[k] = t(v) if isinstance(v, str) else v  # a slider's or menu's label
            elif k in _NAME_KEYS and not isinstance(v, dict | list):
                out[k] = v
            else:
                out[k] = _walk(v, terms, k, key)
        return out
    if isinstance(node, list):
        return [_walk(v, terms, key, parent) for v in node]
    if isinstance(node, str):
        if key in _EXPR_KEYS:
            return _expression(node, terms)
        if node in terms:
            return terms[node]
        if key in _TEXT_KEYS or (key == "value" and parent == "text"):
            return t(node)
    return node


def translate_spec(spec: dict) -> dict:
    """A Vega-Lite spec with its reader-facing text in the edition's language (the same spec in English).

    Category values in the data are replaced everywhere they occur (data, scale domains, selections,
    quoted literals in expressions), so filters and colours still match; numbers are never touched.

    >>> translate_spec({"title": "x"}) == {"title": "x"}  # English edition: unchanged
    True
    """
    if language() == "en":
        _walk(spec, {})  # record the texts for the catalog
        _data_terms(spec)
        return spec
    return _walk(spec, _data_terms(spec))


def translate_frame(frame, keep=()):
    """A polars frame with the text cells of its string columns (except those in ``keep``) in the
    edition's language. Numbers, dates and identifiers (source ids, addresses) are left as they are.
    """
    import polars as pl

    swaps = []
    for column, dtype in frame.schema.items():
        if dtype != pl.String or column in keep:
            continue
        values = [v for v in frame[column].unique(maintain_order=True).to_list() if v and not _IDENT.match(v)]
        mapping = {v: out for v in values if (out := t(v)) != v}
        if mapping:
            swaps.append(pl.col(column).replace(mapping))
    return frame.with_columns(swaps) if swaps else frame
