"""The Japanese edition's prose: message catalogs keyed on the English text, and the translated sources.

Sphinx translates a page through gettext catalogs, but MyST-NB does not hand notebook sources to
Sphinx's translator (executablebooks/MyST-NB#587). So the book does the same job one step earlier:

1. :func:`blocks` cuts each Markdown cell (and each ``.md`` page) into top-level blocks: a
   paragraph, a heading, a list, or a whole directive (``:::{admonition}`` ... ``:::``). Each block
   with words in it is one message, keyed on its English text, in ``locale/ja/LC_MESSAGES/<page>.po``.
2. :func:`update_catalogs` (``make translations``) rewrites those catalogs from the English sources
   with Babel's merge: a new block arrives untranslated, a changed one keeps its old translation
   marked *fuzzy* (with the English it was made for), and a removed one is dropped. The texts the
   package shows at run time (chart and table words, captions, claim texts) go to
   ``runtime-<page>.po``, collected from the English build (:mod:`genchain.i18n`).
3. :func:`write_sources` writes ``_build/ja/src``: the same ``_config.yml`` in Japanese, the same
   table of contents, and each page with its blocks replaced by their translations. Code cells are
   copied byte for byte, so both editions run the same code on the same data; the Japanese build
   sets ``GENCHAIN_LANG=ja`` so the package speaks Japanese. A block with no finished translation
   stays English (and the coverage test fails).

>>> blocks("# Title\\n\\nA paragraph\\nwith two lines.\\n\\n:::{note}\\nInside.\\n\\nStill inside.\\n:::\\n")
['# Title', 'A paragraph\\nwith two lines.', ':::{note}\\nInside.\\n\\nStill inside.\\n:::']
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import yaml

from genchain.publish import project
from genchain.publish.packs import is_install_cell, source_text

__all__ = ["blocks", "is_message", "page_messages", "update_catalogs", "write_sources", "translate_markdown",
           "coverage", "pages"]

LANG = "ja"
_FENCE = re.compile(r"^\s*(`{3,}|:{3,}|~{3,})")
# a target label, a thematic break, a comment: markup with no words for a reader
_MARKUP = re.compile(r"^\s*(\(.+\)=|\+\+\+.*|-{3,}|<!--.*-->)\s*$", re.S)


def blocks(markdown: str) -> list[str]:
    """The top-level blocks of ``markdown``, separated by blank lines; a fenced block is kept whole."""
    out: list[str] = []
    current: list[str] = []
    fences: list[str] = []
    for line in markdown.split("\n"):
        m = _FENCE.match(line)
        if m:
            mark = m.group(1)
            rest = line.strip()[len(mark):].strip()
            if fences and mark[0] == fences[-1][0] and len(mark) >= len(fences[-1]) and not rest:
                fences.pop()  # a closing fence
            elif rest or not fences:
                fences.append(mark)  # an opening fence (``` with a language or :::{directive})
        if not line.strip() and not fences:
            if current:
                out.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        out.append("\n".join(current))
    return out


def is_message(block: str) -> bool:
    """A block a translator sees: it has words, and it is not a bare label, break or comment.

    >>> is_message("(sec-capital)="), is_message("Some *words*."), is_message("```python\\nx = 1\\n```")
    (False, True, False)
    >>> is_message(":::{solution-start} ex-01-1\\n:class: dropdown\\n:::"), is_message(":::{note}\\nRead this.\\n:::")
    (False, True)
    >>> is_message("$$\\nS = K \\\\, s_c\\n$$ (eq-app-chain-spend)")
    False
    """
    # what is left for a reader once fences, directive options and labels are set aside
    words = "\n".join(line for line in block.split("\n")
                      if not _FENCE.match(line) and not re.match(r"^\s*:[\w-]+:", line) and not _MARKUP.match(line))
    words = re.sub(r"\$\$.*?\$\$(\s*\([\w-]+\))?", "", words, flags=re.S)  # display maths and its label
    if _MARKUP.match(block) or not re.search(r"[A-Za-z]{2}", words):
        return False
    first = block.lstrip().split("\n", 1)[0]
    return not (first.startswith("```") and not first.startswith("```{"))  # code shown as code


def pages(root: Path | None = None) -> list[Path]:
    """The book's pages in table-of-contents order (``book/intro.md``, ``book/00-the-chain.ipynb``, ...)."""
    root = Path(root) if root else project.root()
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part["chapters"]]
    found = []
    for name in names:
        for suffix in (".ipynb", ".md"):
            if (root / (name + suffix)).is_file():
                found.append(root / (name + suffix))
                break
        else:
            raise FileNotFoundError(f"_toc.yml names {name}, but there is no {name}.ipynb or {name}.md")
    return found


def _markdown_parts(path: Path) -> list[str]:
    """The Markdown a reader reads on a page: every Markdown cell, or the whole ``.md`` file."""
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")]
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "markdown"]


def page_messages(path: Path) -> list[str]:
    """The messages of one page, in reading order, each once."""
    seen: dict[str, None] = {}
    for part in _markdown_parts(path):
        for b in blocks(part):
            if is_message(b):
                seen.setdefault(b, None)
    return list(seen)


def _catalog_file(root: Path, name: str) -> Path:
    return root / "locale" / LANG / "LC_MESSAGES" / f"{name}.po"


def _read(path: Path):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    if not path.is_file():
        return Catalog(locale=LANG, project="The Generation Chain")
    with open(path, "rb") as f:
        return read_po(f, locale=LANG)


def _write(path: Path, catalog) -> bool:
    import io

    from babel.messages.pofile import write_po

    buf = io.BytesIO()
    write_po(buf, catalog, width=0, omit_header=False, sort_output=False, include_previous=True)
    text = re.sub(rb'"POT-Creation-Date: [^"]*"\n', b"", buf.getvalue())  # no clock time: the same input, the same file
    text = re.sub(rb'"PO-Revision-Date: [^"]*"\n', b"", text)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.read_bytes() == text:
        return False
    path.write_bytes(text)
    return True


def _merge(path: Path, msgids: list[str], context: str, known: dict[str, str] | None = None) -> dict[str, int]:
    """Bring the catalog at ``path`` to ``msgids``; a message ``known`` translates exactly (a run-time text
    that moved here from another page's catalog) keeps that translation instead of arriving empty or fuzzy."""
    from babel.messages.catalog import Catalog

    template = Catalog(locale=LANG, project="The Generation Chain")
    for m in msgids:
        template.add(m, locations=[(context, 0)])
    catalog = _read(path)
    catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
    catalog.obsolete.clear()  # a block that left the English is gone, not kept as an obsolete entry
    for m in catalog:
        if m.id and (not m.string or m.fuzzy) and (known or {}).get(m.id):
            m.string, m.previous_id = known[m.id], []
            m.flags.discard("fuzzy")
    _write(path, catalog)
    return _counts(catalog)


def _counts(catalog) -> dict[str, int]:
    items = [m for m in catalog if m.id]
    return {"messages": len(items), "translated": sum(bool(m.string) and not m.fuzzy for m in items),
            "fuzzy": sum(m.fuzzy for m in items), "untranslated": sum(not m.string for m in items)}


def collected_runtime_texts(build: Path) -> dict[str, list[str]]:
    """The texts the package showed while the English book built (``_build/i18n/<page>.jsonl``), by page,
    each text under the first page (in table-of-contents order) that showed it."""
    seen: set[str] = set()
    out: dict[str, list[str]] = {}
    order = {str(p.relative_to(p.parents[1]).with_suffix("")).replace("/", "__"): i
             for i, p in enumerate(pages(build.parent))}
    files = sorted((build / "i18n").glob("*.jsonl"), key=lambda f: (order.get(f.stem, len(order)), f.stem))
    for f in files:
        page = f.stem.split("__")[-1]
        for line in f.read_text(encoding="utf-8").splitlines():
            msgid = json.loads(line)["msgid"]
            if msgid not in seen:
                seen.add(msgid)
                out.setdefault(page if f.stem in order else "book", []).append(msgid)
    return out


def update_catalogs(root: Path | None = None, build: Path | None = None) -> dict[str, dict[str, int]]:
    """Bring every catalog up to date with the English sources; the counts per catalog.

    ``build`` is the English build's folder (default ``_build``) whose run-time texts fill the
    ``runtime-<page>.po`` catalogs; without a build there, those are left as they are.
    """
    from genchain import i18n

    root = Path(root) if root else project.root()
    build = Path(build) if build else root / "_build"
    report = {}
    for page in pages(root):
        report[page.stem] = _merge(_catalog_file(root, page.stem), page_messages(page), page.stem)
    if not (build / "i18n").is_dir():
        report.update({p.stem: _counts(_read(p)) for p in sorted(_catalog_file(root, "x").parent.glob("runtime-*.po"))})
        return report
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    book_texts = [config["title"], config["html"]["extra_footer"]] + [p["caption"] for p in toc.get("parts", [])]
    texts = collected_runtime_texts(build)
    texts["book"] = [i18n.template(x)[0] for x in book_texts] + texts.get("book", [])
    # a text is kept in the first page (in reading order) that shows it: when that page changes, the text
    # moves to another page's catalog with its translation (read from every catalog before any is rewritten)
    known: dict[str, str] = {}
    for path in sorted(_catalog_file(root, "x").parent.glob("runtime-*.po")):
        known.update(_finished(_read(path)))
    kept = set()
    for page, msgids in texts.items():
        name = f"runtime-{page}"
        kept.add(name)
        report[name] = _merge(_catalog_file(root, name), list(dict.fromkeys(msgids)), name, known)
    for stale in _catalog_file(root, "x").parent.glob("runtime-*.po"):
        if stale.stem not in kept:
            stale.unlink()  # a page that shows no run-time text any more
    return report


def coverage(root: Path | None = None) -> dict[str, dict[str, int]]:
    """Counts per catalog as they are on disk (what ``make translations`` reports)."""
    root = Path(root) if root else project.root()
    return {p.stem: _counts(_read(p)) for p in sorted((root / "locale" / LANG / "LC_MESSAGES").glob("*.po"))}


def _finished(catalog) -> dict[str, str]:
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def translate_markdown(markdown: str, translations: dict[str, str]) -> str:
    """``markdown`` with every block that has a finished translation replaced by it."""
    parts = blocks(markdown)
    if not parts:
        return markdown
    return "\n\n".join(translations.get(b, b) for b in parts) + ("\n" if markdown.endswith("\n") else "")


def _write_if_changed(path: Path, text: str) -> None:
    # unchanged pages keep their time stamp, so the Japanese build re-reads only what changed
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _runtime(root: Path):
    """A function giving a run-time text's finished translation (the English text if there is none)."""
    from genchain import i18n

    done: dict[str, str] = {}
    for path in sorted(_catalog_file(root, "x").parent.glob("runtime-*.po")):
        done.update(_finished(_read(path)))

    def word(text: str) -> str:
        key, numbers = i18n.template(text)
        return i18n.fill(done[key], numbers) if key in done else text

    return word


#: appended to the set-up cell of every Japanese notebook: its charts, tables and captions speak Japanese
#: wherever it runs (the site build, JupyterLab, a student's laptop), not only under GENCHAIN_LANG=ja
JAPANESE_SETUP = '\nfrom genchain import i18n\ni18n.use("ja")  # 日本語版: グラフ・表・キャプションも日本語で表示する\n'


def japanese_setup(source) -> str:
    """A set-up cell's source (a string or list of lines) with :data:`JAPANESE_SETUP` after it."""
    return source_text(source).rstrip("\n") + "\n" + JAPANESE_SETUP


def write_sources(root: Path | None = None, out: Path | None = None, extra: list[Path] = ()) -> Path:
    """Write the Japanese edition's sources into ``out`` (default ``_build/ja/src``); return ``out``.

    ``extra`` names pages to translate besides those of the table of contents (the packs carry every
    chapter, even when a trimmed table of contents builds fewer)."""
    root = Path(root) if root else project.root()
    out = Path(out) if out else root / "_build" / LANG / "src"
    words = _runtime(root)
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = words(config["title"])
    config["html"]["extra_footer"] = words(config["html"]["extra_footer"])
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx["language"] = LANG
    sphinx["genchain_site_packs"] = False  # the packs are the English site's; the Japanese pages link to them
    _write_if_changed(out / "_config.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    for part in toc.get("parts", []):
        part["caption"] = words(part["caption"])
    _write_if_changed(out / "_toc.yml", yaml.safe_dump(toc, allow_unicode=True, sort_keys=False))
    # what a page's code reads from the repository: the benchmark results, the package's metadata
    for name in ("bench", "pyproject.toml", "locale"):
        link = out / name
        if not link.exists() and not link.is_symlink():
            link.symlink_to(os.path.relpath(root / name, out))
    (out / "book").mkdir(parents=True, exist_ok=True)
    for name in ("references.bib",):
        if (root / "book" / name).is_file():
            _write_if_changed(out / "book" / name, (root / "book" / name).read_text(encoding="utf-8"))
    for page in dict.fromkeys([*pages(root), *(Path(p) for p in extra)]):
        done = _finished(_read(_catalog_file(root, page.stem)))
        target = out / page.relative_to(root)
        if page.suffix == ".md":
            _write_if_changed(target, translate_markdown(page.read_text(encoding="utf-8"), done))
            continue
        nb = json.loads(page.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if is_install_cell(cell):
                cell["source"] = japanese_setup(cell["source"])
            if cell["cell_type"] == "markdown":
                cell["source"] = translate_markdown(source_text(cell["source"]), done).splitlines(keepends=True)
        nb.setdefault("metadata", {})["language_info"] = {"name": "python"}
        _write_if_changed(target, json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m genchain.publish.translate update|sources|status``."""
    args = argv if argv is not None else sys.argv[1:]
    command = args[0] if args else "status"
    if command == "sources":
        print("wrote", write_sources())
        return 0
    report = update_catalogs() if command == "update" else coverage()
    todo = 0
    for name, c in report.items():
        todo += c["fuzzy"] + c["untranslated"]
        flag = "" if not (c["fuzzy"] or c["untranslated"]) else "  <- to translate"
        print(f"{name:28} {c['messages']:4} messages  {c['translated']:4} translated  {c['fuzzy']:3} fuzzy  "
              f"{c['untranslated']:4} untranslated{flag}")
    print(f"{todo} messages need a translator (locale/{LANG}/LC_MESSAGES/*.po: fill msgstr, remove the fuzzy flag)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
