"""Hand the book out: the wheel, the student and teacher packs, and the set-up cell every chapter starts with.

::

    python -m genchain.publish.packs dist [--out dist]      # wheel, sdist, student pack, teacher pack
    python -m genchain.publish.packs wheelhouse DIR         # the pinned runtime wheels, for offline installs

A pack is a zip holding one folder laid out like the repository, so every relative link works
the same in the repository, on the site and in the pack::

    genchain-student-0.1.0/
        START-HERE.md                      install and open, in English and Japanese
        genchain-0.1.0-py3-none-any.whl    the package, with every table inside
        book/00-the-chain.ipynb ...        the chapters (student edition: no solutions, no outputs)
        book-ja/00-the-chain.ipynb ...     the same chapters in Japanese (the Japanese edition's notebooks)
        data/*.csv, data/README.md         the same tables, to open in a spreadsheet

The teacher pack holds the same with the solutions kept, plus the teacher's guide.
Every notebook in a pack starts with :func:`install_cell_source`'s cell.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

#: the first line of the set-up cell: how a notebook's existing set-up cell is recognised
SETUP_MARKER = "# Set-up (genchain):"
#: the chapters: numbered notebooks in book/ (a MyST text notebook, book/NN-*.md, is read with jupytext)
CHAPTER_GLOB = "[0-9][0-9]-*"
TEACHERS_GUIDE = "appendix-teachers-guide"
#: extra teacher-guide pages copied into the teacher pack when present (Markdown)
TEACHER_PAGES: tuple[str, ...] = ()  # the teacher's guide notebook holds the packs and assignments sections
#: the runtime a student needs beyond the wheel's own dependencies: a Jupyter kernel
KERNEL = "ipykernel"
DEFAULT_REPOSITORY = "https://github.com/generation-chain/the-generation-chain"
_ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # fixed timestamps: the same inputs give the same zip bytes


# ---------------------------------------------------------------- project facts

def version(root: str | Path = ".") -> str:
    """The package version declared in ``pyproject.toml``."""
    with open(Path(root) / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def wheel_name(ver: str) -> str:
    """The file name of the pure-Python wheel for version ``ver``."""
    return f"genchain-{ver}-py3-none-any.whl"


def pack_name(kind: str, ver: str) -> str:
    """``genchain-student-<ver>`` or ``genchain-teacher-<ver>`` (the zip and its top folder)."""
    if kind not in ("student", "teacher"):
        raise ValueError(f"kind must be 'student' or 'teacher', not {kind!r}")
    return f"genchain-{kind}-{ver}"


def repository_url(root: str | Path = ".") -> str:
    """The source repository: ``repository: url:`` in ``_config.yml`` (the one place a fork changes it)."""
    path = Path(root) / "_config.yml"
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        m = re.search(r"^repository:\s*\n(?:[ \t]+.*\n)*?[ \t]+url:\s*[\"']?([^\"'\s#]+)", text, re.M)
        if m:
            return m.group(1).rstrip("/")
    return DEFAULT_REPOSITORY


# ---------------------------------------------------------------- the set-up cell

def install_cell_source(ver: str | None = None, repository: str | None = None) -> str:
    """The text of the first code cell of every chapter: how to install ``genchain`` when it is missing.

    The ``%pip install`` lines are comments (a student uncomments one); the import that follows
    fails with the same hint instead of a bare ``ModuleNotFoundError``.

    >>> src = install_cell_source("0.1.0", "https://example.org/repo")
    >>> src.splitlines()[0].startswith(SETUP_MARKER)
    True
    >>> "# %pip install ../genchain-0.1.0-py3-none-any.whl" in src
    True
    >>> compile(src, "cell", "exec") and "from None" in src
    True
    """
    if ver is None:
        from genchain import __version__ as ver
    repository = (repository or DEFAULT_REPOSITORY).rstrip("/")
    wheel = wheel_name(ver)
    git = f'"genchain @ git+{repository}"'
    lines = [
        f"{SETUP_MARKER} this notebook needs the book's package, which carries the data.",
        "# If the import below fails, uncomment ONE line, run this cell, then restart the kernel.",
        f"# %pip install ../{wheel}    # the wheel in the student or teacher pack",
        f"# %pip install {wheel}    # Colab, after uploading the wheel (Files pane)",
        f"# %pip install {git}    # from the repository",
        "try:",
        "    import genchain",
        "except ModuleNotFoundError:",
        "    raise ModuleNotFoundError(",
        '        "This notebook needs the genchain package. Install it, then restart the kernel:\\n"',
        f'        "    %pip install ../{wheel}   (the wheel in the pack, next to START-HERE.md)\\n"',
        f"        '    %pip install {git}   (from the repository)\\n'",
        '        "See START-HERE.md in the pack.") from None',
    ]
    return "\n".join(lines)


def import_hint(ver: str | None = None, repository: str | None = None) -> str:
    """The message a chapter raises when ``genchain`` is missing (the same hint as the set-up cell)."""
    ns: dict = {}
    src = install_cell_source(ver, repository).replace("import genchain", "import genchain_surely_missing_")
    try:
        exec(compile(src, "<set-up cell>", "exec"), ns)
    except ModuleNotFoundError as err:
        return str(err)
    raise AssertionError("the set-up cell did not raise")  # pragma: no cover


def is_install_cell(cell) -> bool:
    """Whether ``cell`` is a set-up cell made by :func:`install_cell_source` (any version)."""
    return cell.get("cell_type") == "code" and source_text(cell.get("source", "")).lstrip().startswith(SETUP_MARKER)


def with_install_cell(nb, source: str):
    """``nb`` with its set-up cell replaced by ``source``, or ``source`` inserted before the first code cell."""
    import nbformat

    existing = [i for i, c in enumerate(nb.cells) if is_install_cell(c)]
    if existing:
        for i in existing:
            nb.cells[i].source = source
        return nb
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["genchain-setup"]
    first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    nb.cells.insert(first_code, cell)
    return nb


def source_text(source) -> str:
    """A cell's source as one string (nbformat allows a list of lines or a string)."""
    return "".join(source) if isinstance(source, list) else source


# ---------------------------------------------------------------- notebooks

def read_notebook(path: str | Path):
    """A notebook from ``.ipynb`` or from a MyST text notebook (``.md``, via jupytext)."""
    import nbformat

    path = Path(path)
    if path.suffix == ".ipynb":
        return nbformat.read(path, as_version=4)
    import jupytext

    return jupytext.read(path)


def chapters(book: str | Path) -> list[Path]:
    """The chapter notebooks in ``book`` (``NN-*.ipynb``, or ``NN-*.md`` where no ``.ipynb`` exists)."""
    book = Path(book)
    found = {p.stem: p for p in sorted(book.glob(CHAPTER_GLOB + ".md")) if _is_text_notebook(p)}
    found.update({p.stem: p for p in sorted(book.glob(CHAPTER_GLOB + ".ipynb"))})
    return [found[k] for k in sorted(found)]


def _is_text_notebook(path: Path) -> bool:
    head = path.read_text(encoding="utf-8")[:2000]
    return head.startswith("---") and "kernelspec" in head


def student_notebook(nb, setup: str):
    """The student edition of ``nb``: no solutions, no outputs, the set-up cell first."""
    from genchain.publish.student import has_solution, strip_solutions

    out = with_install_cell(strip_solutions(nb), setup)
    if has_solution(out):
        raise ValueError("a solution survived the student edition")
    return out


def teacher_notebook(nb, setup: str):
    """The teacher edition of ``nb``: solutions kept, outputs and session metadata removed (as git sees
    a notebook), the set-up cell first."""
    import nbformat

    from genchain.publish.notebook_hygiene import strip

    out = strip(nbformat.from_dict(nb))
    out.metadata.pop("jupytext", None)  # a MyST text notebook's pairing, meaningless in the pack
    return with_install_cell(out, setup)


def write_editions(root: str | Path, target: str | Path, kind: str, setup: str | None = None) -> list[Path]:
    """Write the ``kind`` edition (student or teacher) of every chapter of ``root/book`` into ``target``.

    The teacher edition also holds the teacher's guide. Returns the notebooks written.
    """
    import nbformat

    root, target = Path(root), Path(target)
    setup = setup if setup is not None else install_cell_source(version(root), repository_url(root))
    target.mkdir(parents=True, exist_ok=True)
    paths = chapters(root / "book")
    if not paths:
        raise FileNotFoundError(f"no chapter notebooks ({CHAPTER_GLOB}) in {root / 'book'}")
    if kind == "teacher":
        guide = [p for p in (root / "book" / f"{TEACHERS_GUIDE}.ipynb", root / "book" / f"{TEACHERS_GUIDE}.md")
                 if p.is_file() and (p.suffix == ".ipynb" or _is_text_notebook(p))]
        paths += guide[:1]
    edition = student_notebook if kind == "student" else teacher_notebook
    written = []
    for path in paths:
        dest = target / (path.stem + ".ipynb")
        nbformat.write(edition(read_notebook(path), setup), dest)
        written.append(dest)
    return written


# ---------------------------------------------------------------- wheel and packs

def build_wheel(root: str | Path, out: str | Path) -> tuple[Path, Path]:
    """Build the sdist, then the wheel from it, into ``out`` (no network: ``--no-isolation``)."""
    root, out = Path(root).resolve(), Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    ver = version(root)
    for old in (out / wheel_name(ver), out / f"genchain-{ver}.tar.gz"):
        old.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(root)],
                          capture_output=True, text=True, cwd=root)
    if done.returncode != 0:
        raise RuntimeError(f"building the wheel failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    wheel, sdist = out / wheel_name(ver), out / f"genchain-{ver}.tar.gz"
    check_wheel(wheel)
    return wheel, sdist


def check_wheel(wheel: str | Path) -> list[str]:
    """The tables inside ``wheel``; raises if one declared table is missing, if the Japanese run-time
    catalogs are missing, or if a stray file is shipped."""
    from genchain.data.spec import TABLES

    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
    tables = sorted(Path(n).stem for n in names if n.startswith("genchain/tables/") and n.endswith(".csv"))
    missing = sorted(set(TABLES) - set(tables))
    if missing:
        raise ValueError(f"{wheel}: no {', '.join(missing)} in genchain/tables/")
    stray = [n for n in names if n.startswith("genchain/tables/")
             and not re.search(r"/([a-z_0-9]+\.csv|README\.md|__init__\.py)$", n)]
    if stray:
        raise ValueError(f"{wheel}: files that are not tables: {', '.join(stray)}")
    catalogs = [n for n in names if n.startswith("genchain/locale_ja/")]
    if not any(re.search(r"/runtime-[\w-]+\.po$", n) for n in catalogs):
        raise ValueError(f"{wheel}: no Japanese run-time catalogs in genchain/locale_ja/")
    stray = [n for n in catalogs if not re.search(r"/(runtime-[\w-]+\.po|__init__\.py)$", n)]
    if stray:
        raise ValueError(f"{wheel}: files that are not run-time catalogs: {', '.join(stray)}")
    return tables


def _data_files(root: Path) -> list[Path]:
    folder = root / "data"
    return sorted(folder.glob("*.csv")) + ([folder / "README.md"] if (folder / "README.md").is_file() else [])


def _zip_folder(folder: Path, zip_path: Path) -> None:
    """Zip ``folder`` (as its own top folder) with fixed timestamps and sorted entries."""
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(str(Path(folder.name) / path.relative_to(folder)), _ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, path.read_bytes())


def _write_japanese_editions(root: Path, target: Path, kind: str, scratch: Path) -> list[Path]:
    """The Japanese edition's chapters (written from the catalogs, as the Japanese site's) into ``target``:
    the same set-up cell, which also turns the package's words to Japanese (``i18n.use("ja")``)."""
    from genchain.publish import translate

    wanted = chapters(root / "book") + sorted((root / "book").glob(f"{TEACHERS_GUIDE}.ipynb"))
    source = translate.write_sources(root, scratch, extra=wanted)
    setup = translate.japanese_setup(install_cell_source(version(root), repository_url(root)))
    return write_editions(source, target, kind, setup=setup)


def build_pack(root: str | Path, out: str | Path, kind: str, wheel: str | Path) -> Path:
    """Write ``out/genchain-<kind>-<version>.zip`` (see the module docstring for its layout)."""
    root, out, wheel = Path(root).resolve(), Path(out).resolve(), Path(wheel)
    ver = version(root)
    name = pack_name(kind, ver)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / name
        write_editions(root, folder / "book", kind)
        _write_japanese_editions(root, folder / "book-ja", kind, Path(tmp) / "ja-src")
        (folder / "data").mkdir()
        for f in _data_files(root):
            shutil.copy2(f, folder / "data" / f.name)
        shutil.copy2(wheel, folder / wheel.name)
        (folder / "START-HERE.md").write_text(start_here(ver, repository_url(root), kind), encoding="utf-8")
        if kind == "teacher":
            for page in TEACHER_PAGES:
                if (root / "book" / page).is_file():
                    shutil.copy2(root / "book" / page, folder / "book" / page)
        zip_path = out / f"{name}.zip"
        out.mkdir(parents=True, exist_ok=True)
        _zip_folder(folder, zip_path)
    return zip_path


def build_dist(root: str | Path = ".", out: str | Path = "dist") -> dict[str, Path]:
    """Everything ``make dist`` writes: the wheel, the sdist and both packs."""
    wheel, sdist = build_wheel(root, out)
    return {"wheel": wheel, "sdist": sdist,
            "student": build_pack(root, out, "student", wheel),
            "teacher": build_pack(root, out, "teacher", wheel)}


def data_zip(root: str | Path, out: str | Path) -> Path:
    """``out/genchain-data-<version>.zip``: every table, ``sources.csv``, ``claims.csv`` and the dictionary."""
    root = Path(root)
    name = f"genchain-data-{version(root)}"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / name
        folder.mkdir()
        for f in _data_files(root):
            shutil.copy2(f, folder / f.name)
        Path(out).mkdir(parents=True, exist_ok=True)
        _zip_folder(folder, Path(out) / f"{name}.zip")
    return Path(out) / f"{name}.zip"


def wheelhouse(target: str | Path, lock: str | Path = "requirements.lock", root: str | Path = ".") -> Path:
    """Download the wheels a student install needs (genchain's dependencies and a kernel) at the lock's pins.

    Run once with network; afterwards ``pip install --no-index --find-links <target>`` works offline.
    """
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    with open(Path(root) / "pyproject.toml", "rb") as f:
        deps = tomllib.load(f)["project"]["dependencies"]
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary", ":all:", "-d", str(target),
           "-c", str(lock), *deps, KERNEL]
    subprocess.run(cmd, check=True)
    return target


# ---------------------------------------------------------------- START-HERE.md

def start_here(ver: str, repository: str, kind: str = "student") -> str:
    """START-HERE.md of a pack, in English then Japanese."""
    wheel = wheel_name(ver)
    who = "" if kind == "student" else (
        "\nThis is the **teacher pack**: the chapters keep their solutions, and `book/` and `book-ja/` also hold the "
        "teacher's guide. Hand students the student pack (or `make dist`'s `genchain-student-*.zip`).\n")
    who_ja = "" if kind == "student" else (
        "\nこれは**教員用パック**です。各章に解答が含まれ、`book-ja/`（日本語）と `book/`（英語）には教員向けガイドもあります。"
        "学生には学生用パック（`genchain-student-*.zip`）を配ってください。\n")
    return f"""# The Generation Chain — start here

The chapters of *The Generation Chain* as Jupyter notebooks (`book/`; in Japanese in `book-ja/`), the book's
Python package with every data table inside (`{wheel}`), and the same tables as CSV files (`data/`) to open in
a spreadsheet.
{who}
## Install (once)

In a terminal, in this folder (Python 3.11 or newer):

```bash
python -m pip install {wheel} jupyterlab
```

That is the one command. On a JupyterHub or in Colab, Jupyter is already there: the first cell of every
chapter shows the `%pip install` line to uncomment instead.

## Open the notebooks

- **Your own computer (JupyterLab)**: in this folder run `jupyter lab`, then open `book/00-the-chain.ipynb`.
  Run the cells from the top (Run ▸ Run All Cells).
- **A JupyterHub**: upload the whole folder (or this zip, then `unzip` it in a terminal), open
  `book/00-the-chain.ipynb`, uncomment `%pip install ../{wheel}` in the first cell, run it,
  then Kernel ▸ Restart Kernel and run all cells. Your teacher may have installed the package already.
- **Google Colab**: File ▸ Upload notebook and choose a chapter from `book/`; in the Files pane upload
  `{wheel}`; in the first cell uncomment `%pip install {wheel}`, run it, then Runtime ▸ Restart
  session and run all cells. Without the wheel, the line `%pip install "genchain @ git+{repository}"`
  installs the same package from the repository.

If a chapter stops with *This notebook needs the genchain package*, the install step was skipped.
The tables are read from inside the package; to use other copies (for example the edited files in
`data/`), set the environment variable `GENCHAIN_DATA` to their folder before starting Jupyter.

Source, issues and the latest packs: {repository}

---

# The Generation Chain（資金の生成過程で読むAI覇権）— はじめに

このフォルダーには、各章の Jupyter ノートブック（日本語版は `book-ja/`、英語版は `book/`）、すべてのデータ表を含む本書の Python パッケージ
（`{wheel}`）、表計算ソフトで開ける同じ表の CSV ファイル（`data/`）が入っています。
{who_ja}
## インストール（最初に一度だけ）

このフォルダーでターミナルを開き、次のコマンドを実行します（Python 3.11 以上）。

```bash
python -m pip install {wheel} jupyterlab
```

必要なのはこのコマンドだけです。JupyterHub や Colab では Jupyter がすでに入っているので、各章の最初の
セルにある `%pip install` の行のコメントを外して実行してください。

## ノートブックを開く

- **自分のパソコン（JupyterLab）**：このフォルダーで `jupyter lab` を実行し、`book-ja/00-the-chain.ipynb` を開きます。
  上から順にセルを実行します（Run ▸ Run All Cells）。
- **JupyterHub**：フォルダーごと（またはこの zip をアップロードしてターミナルで `unzip`）アップロードし、
  `book-ja/00-the-chain.ipynb` を開きます。最初のセルの `%pip install ../{wheel}` のコメントを外して実行し、
  Kernel ▸ Restart Kernel の後、すべてのセルを実行します。教員がすでにインストールしている場合もあります。
- **Google Colab**：File ▸ Upload notebook で `book-ja/` の章を選び、Files ペインに `{wheel}` をアップロードします。
  最初のセルの `%pip install {wheel}` のコメントを外して実行し、Runtime ▸ Restart session の後、すべての
  セルを実行します。wheel がなくても `%pip install "genchain @ git+{repository}"` で同じパッケージを
  リポジトリからインストールできます。

*This notebook needs the genchain package* と表示されて止まった場合は、インストールが済んでいません。
表はパッケージの中から読み込まれます。別の表（たとえば `data/` で編集したファイル）を使うには、Jupyter を
起動する前に環境変数 `GENCHAIN_DATA` にそのフォルダーを設定してください。

ソースコード・問題報告・最新のパック：{repository}
"""


# ---------------------------------------------------------------- command line

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dist", help="wheel, sdist, student pack and teacher pack")
    d.add_argument("--root", type=Path, default=Path("."))
    d.add_argument("--out", type=Path, default=Path("dist"))
    w = sub.add_parser("wheelhouse", help="download the pinned runtime wheels for offline installs")
    w.add_argument("target", type=Path)
    w.add_argument("--lock", type=Path, default=Path("requirements.lock"))
    w.add_argument("--root", type=Path, default=Path("."))
    c = sub.add_parser("setup-cell", help="print the set-up cell every chapter starts with")
    c.add_argument("--root", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    if args.command == "dist":
        for kind, path in build_dist(args.root, args.out).items():
            print(f"{kind:8} {path}  ({path.stat().st_size / 1e6:.2f} MB)")
    elif args.command == "wheelhouse":
        print(f"wheels in {wheelhouse(args.target, args.lock, args.root)}")
    else:
        print(install_cell_source(version(args.root), repository_url(args.root)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
