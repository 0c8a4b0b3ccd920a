"""The packs a teacher hands out, and the set-up cell: tested as a student would meet them.

The slow test builds the wheel and the student pack, installs only that wheel (and a kernel) in a
fresh virtual environment outside the repository, offline, from wheels pinned by requirements.lock
(``make wheelhouse`` downloads them once into .venv/wheelhouse; ``make test`` runs it first), then
runs, with GENCHAIN_DATA unset, one notebook in that kernel: the pack's set-up cell, every import of every
chapter of the unzipped pack, every module a reader's install runs (tests/test_packaging.py), and a chart,
table and "Data used" box shown. The chapters themselves run in the build and in JupyterLab
(tests/test_jupyterlab.py), not a third time here; test_packaging.py checks that whatever they import,
at the top or inside a function, is a runtime dependency.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from genchain.publish import packs, student, translate

ROOT = Path(__file__).resolve().parents[1]
WHEELHOUSE = Path(os.environ.get("GENCHAIN_WHEELHOUSE", ROOT / ".venv" / "wheelhouse"))


def test_setup_cell_is_python_and_fails_with_the_hint():
    src = packs.install_cell_source("9.9.9", "https://example.org/fork")
    compile(src, "cell", "exec")
    assert "# %pip install ../genchain-9.9.9-py3-none-any.whl" in src
    assert '"genchain @ git+https://example.org/fork"' in src
    hint = packs.import_hint("9.9.9", "https://example.org/fork")
    assert "needs the genchain package" in hint and "%pip install ../genchain-9.9.9-py3-none-any.whl" in hint


def test_setup_cell_is_inserted_once_and_kept_current():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# T"), nbformat.v4.new_code_cell("import polars")]
    packs.with_install_cell(nb, packs.install_cell_source("0.1.0"))
    assert packs.is_install_cell(nb.cells[1]) and nb.cells[2].source == "import polars"
    packs.with_install_cell(nb, packs.install_cell_source("0.2.0"))
    assert len(nb.cells) == 3 and "genchain-0.2.0-py3" in nb.cells[1].source


def test_repository_url_comes_from_config(tmp_path):
    (tmp_path / "_config.yml").write_text("title: x\nrepository:\n  url: https://example.org/a/b/  # fork\n"
                                          "  branch: main\n")
    assert packs.repository_url(tmp_path) == "https://example.org/a/b"
    assert packs.repository_url(ROOT).startswith("https://")


def test_data_dir_finds_the_installed_tables_and_env_overrides(monkeypatch, tmp_path):
    from genchain import data

    monkeypatch.delenv("GENCHAIN_DATA", raising=False)
    assert (data.data_dir() / "sources.csv").is_file()
    monkeypatch.setenv("GENCHAIN_DATA", str(tmp_path))
    assert data.data_dir() == tmp_path


def test_wheel_and_sdist_carry_tables_but_no_lock_or_cache_files(tmp_path):
    import shutil
    import tarfile

    copy = tmp_path / "repo"
    for part in ("pyproject.toml", "README.md", "lib/genchain", "data", "locale"):
        src, dst = ROOT / part, copy / part
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    for junk in (".sources.lock", ".data.lock", "notes.txt.bak"):
        (copy / "data" / junk).write_text("x")
    wheel, sdist = packs.build_wheel(copy, tmp_path / "dist")
    assert set(packs.check_wheel(wheel)) >= {"sources", "claims", "funding_rounds"}
    with zipfile.ZipFile(wheel) as z:
        shipped = {n for n in z.namelist() if n.startswith("genchain/locale_ja/")}
    # the run-time catalogs (words of charts and tables) travel with the package; prose catalogs stay home
    runtime = {f"genchain/locale_ja/{p.name}" for p in (ROOT / "locale/ja/LC_MESSAGES").glob("runtime-*.po")}
    assert len(runtime) >= 10 and shipped == runtime | {"genchain/locale_ja/__init__.py"}
    with tarfile.open(sdist) as t:
        names = t.getnames()
    assert any(n.endswith("data/claims.csv") for n in names)
    assert not [n for n in names if n.endswith((".lock", ".bak"))]


def _pack(tmp_path, kind):
    wheel = tmp_path / packs.wheel_name(packs.version(ROOT))
    wheel.write_bytes(b"not a real wheel")
    return zipfile.ZipFile(packs.build_pack(ROOT, tmp_path / "out", kind, wheel))


def test_student_pack_has_every_chapter_without_solutions(tmp_path):
    z = _pack(tmp_path, "student")
    top = packs.pack_name("student", packs.version(ROOT))
    names = set(z.namelist())
    for f in ("START-HERE.md", "data/sources.csv", "data/claims.csv", packs.wheel_name(packs.version(ROOT))):
        assert f"{top}/{f}" in names
    books = sorted(n for n in names if n.startswith(f"{top}/book/"))
    assert [Path(n).stem for n in books] == [p.stem for p in packs.chapters(ROOT / "book")]
    for n in books:
        nb = nbformat.reads(z.read(n).decode(), as_version=4)
        assert not student.has_solution(nb), n
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), n
        assert packs.is_install_cell(next(c for c in nb.cells if c.cell_type == "code")), n
    start = z.read(f"{top}/START-HERE.md").decode()
    assert "python -m pip install genchain-" in start and "Colab" in start and "JupyterHub" in start
    assert "インストール" in start and "book-ja/00-the-chain.ipynb" in start
    # the same chapters in Japanese: Japanese prose, no solutions, the set-up cell that turns the words Japanese
    japanese = sorted(n for n in names if n.startswith(f"{top}/book-ja/"))
    assert [Path(n).name for n in japanese] == [Path(n).name for n in books]
    for n in japanese:
        nb = nbformat.reads(z.read(n).decode(), as_version=4)
        assert not student.has_solution(nb), n
        setup = next(c for c in nb.cells if c.cell_type == "code")
        assert packs.is_install_cell(setup) and setup.source.endswith(translate.JAPANESE_SETUP), n
        prose = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert len(re.findall(r"[\u3040-\u30ff]", prose)) > 500, n  # kana: the prose is Japanese


def test_teacher_pack_keeps_solutions_and_the_guide(tmp_path):
    z = _pack(tmp_path, "teacher")
    top = packs.pack_name("teacher", packs.version(ROOT))
    chapter = nbformat.reads(z.read(f"{top}/book/01-capital.ipynb").decode(), as_version=4)
    assert student.has_solution(chapter)
    assert f"{top}/book/{packs.TEACHERS_GUIDE}.ipynb" in z.namelist()
    assert f"{top}/book-ja/{packs.TEACHERS_GUIDE}.ipynb" in z.namelist()
    assert student.has_solution(nbformat.reads(z.read(f"{top}/book-ja/01-capital.ipynb").decode(), as_version=4))


# ---------------------------------------------------------------- as a student: a fresh venv, offline

def _kernel_spec(folder: Path, python: Path) -> Path:
    spec = folder / "kernels" / "fresh"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "fresh venv", "language": "python"}))
    return spec.parent


@pytest.mark.slow
@pytest.mark.wheelhouse
def test_student_pack_runs_in_a_fresh_venv(tmp_path_factory, monkeypatch):
    if not any(WHEELHOUSE.glob("polars-*.whl")):
        pytest.fail(f"no wheelhouse in {WHEELHOUSE}: run 'make wheelhouse' first (make test does)")
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    work = tmp_path_factory.mktemp("student")  # outside the repository
    assert ROOT not in work.parents
    times = {}
    t = time.perf_counter()
    built = packs.build_dist(ROOT, work / "dist")
    times["wheel and packs"] = time.perf_counter() - t

    t = time.perf_counter()
    venv = work / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    # no pip inside the new venv (faster): the test's own pip installs into it with --python
    subprocess.run([base, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("GENCHAIN_DATA", "PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_NO_INDEX"] = "1"  # offline: nothing but the wheelhouse and the built wheel
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                              "--no-compile", "--no-index", "--find-links", str(WHEELHOUSE),
                              "-c", str(ROOT / "requirements.lock"), str(built["wheel"]), packs.KERNEL],
                             capture_output=True, text=True, env=env, cwd=work)
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-2000:]
    times["fresh venv and install"] = time.perf_counter() - t

    # the installed package, not the repository, with its tables and no Sphinx or myst-nb
    probe = ("import genchain, importlib.util as u; from genchain import data\n"
             "[data.load(t) for t in data.tables()]\n"
             "print(genchain.__file__); print(data.data_dir());"
             "print(u.find_spec('myst_nb') is None and u.find_spec('sphinx') is None)")
    out = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, env=env, cwd=work)
    assert out.returncode == 0, out.stderr[-2000:]
    file, folder, clean = out.stdout.split()
    assert str(venv) in file and str(venv) in folder and clean == "True"

    pack = work / "pack"
    with zipfile.ZipFile(built["student"]) as z:
        z.extractall(pack)
    book = pack / packs.pack_name("student", packs.version(ROOT)) / "book"
    notebooks = sorted(book.glob("*.ipynb"))
    assert notebooks
    japanese = nbformat.read(book.parent / "book-ja" / notebooks[0].name, as_version=4)

    for key in ("GENCHAIN_DATA", "PYTHONPATH", "GENCHAIN_LOCALE", "GENCHAIN_LANG"):
        monkeypatch.delenv(key, raising=False)
    ksm = KernelSpecManager(kernel_dirs=[str(_kernel_spec(work, python))])
    t = time.perf_counter()
    nb = smoke_notebook([nbformat.read(path, as_version=4) for path in notebooks], japanese)
    km = KernelManager(kernel_name="fresh", kernel_spec_manager=ksm)
    try:
        NotebookClient(nb, km=km, timeout=300, resources={"metadata": {"path": str(book)}}).execute()
    except Exception as err:  # noqa: BLE001 - the cell that failed, without colour codes
        pytest.fail(re.sub(r"\x1b\[[0-9;]*m", "", str(err)).strip()[-2000:])
    finally:  # nbclient leaves a kernel it did not start running
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    times["the pack's imports and displays"] = time.perf_counter() - t
    print("\n".join(f"{k}: {v:.1f} s" for k, v in times.items()))


def _imports(source: str) -> list[str]:
    """The top-level import statements of a code cell (magics and shell lines skipped)."""
    import ast

    text = "\n".join(ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!")))
    return [ast.get_source_segment(text, n) for n in ast.parse(text).body if isinstance(n, (ast.Import, ast.ImportFrom))]


def smoke_notebook(chapters: list, japanese=None) -> nbformat.NotebookNode:
    """One notebook that runs what a student's install must provide for ``chapters`` (pack notebooks):
    their set-up cell, every import they make, every module of a reader's install, and one chart, table
    and "Data used" box displayed; then a Japanese chapter's set-up cell, after which the package's words
    come from the catalogs the wheel carries."""
    from test_packaging import runtime_modules

    code = [c for nb in chapters for c in nb.cells if c.cell_type == "code"]
    setup = next(c.source for c in code if packs.is_install_cell(c))
    imports = list(dict.fromkeys(i for c in code if not packs.is_install_cell(c) for i in _imports(c.source)))
    cells = [setup, "\n".join(imports),
             f"import importlib\nfor m in {sorted(runtime_modules())!r}:\n    importlib.import_module(m)",
             "import altair as alt\nfrom IPython.display import display\n"
             "from genchain import data\nfrom genchain.present import figure, num, table\n"
             "from genchain.publish import book\n"
             "rates = data.load('fx_rates')\n"
             "figure(alt.Chart(rates).mark_line().encode(x='year:O', y='per_usd:Q', color='currency:N'), "
             "'fig-smoke', 'Exchange rates')\n"
             "display(table(rates.head(3)), book.sources_table(rates), book.claims_table(1))\n"
             "assert repr(num(1234.5, 1)) == '1,234.5'",
             ]
    if japanese is not None:  # a notebook of the Japanese edition: its set-up cell finds the wheel's catalogs
        cells += [next(c.source for c in japanese.cells if packs.is_install_cell(c)),
                  "import re, sys\n"
                  "assert str(i18n.locale_dir()).startswith(sys.prefix), i18n.locale_dir()\n"
                  "assert re.search('[\\u3040-\\u30ff\\u4e00-\\u9fff]', i18n.t('Partly supported'))\n"
                  "display(book.claims_table(1))"]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
