"""A hermetic, deterministic build: `jupyter-book build` on a fresh copy of the repository inside a
network namespace with no network (unshare -n) succeeds, and every notebook it runs gives the outputs
of the main build (a second, independent execution) once generated ids are normalised.

The copy builds every page but the chapters: they already run twice (in the build and in JupyterLab,
tests/test_jupyterlab.py, which also fails on any request leaving the machine), and the two editions
of the build (tests/test_editions.py) are two independent executions of every page whose numbers,
chart data and tables are compared. Links to the chapters are the only warnings the copy may give.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAIN_EXEC = ROOT / "_build" / "jupyter_execute"

pytestmark = [pytest.mark.slow, pytest.mark.built]


def _can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def offline_build(tmp_path_factory) -> Path:
    if not (ROOT / "_build" / "html" / "index.html").is_file() or (
            any((ROOT / "book").glob("*.ipynb")) and not MAIN_EXEC.is_dir()):
        pytest.fail("the main build is missing: run 'make book' first (make test does)")
    copy = tmp_path_factory.mktemp("hermetic") / "repo"
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split()
    for f in files:
        if (ROOT / f).is_file():
            (copy / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, copy / f)
    _without_chapters(copy)
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(copy), "--keep-going", "--quiet"]
    if _can_unshare():
        # a new network namespace has only a loopback device, and it starts down: kernels need it up
        cmd = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" "$@"', *cmd]
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": str(copy),
           "POLARS_MAX_THREADS": "2", "GENCHAIN_DATA": str(copy / "data")}
    done = subprocess.run(cmd, cwd=copy, capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 0, f"offline build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    warnings = [w for w in re.findall(r"^.*\bWARNING: .*$", re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr), re.M)
                if not CHAPTER_LINK.search(w)]
    assert not warnings, "the offline build warned:\n" + "\n".join(warnings[:10])
    return copy


CHAPTERS = sorted(p.stem for p in (ROOT / "book").glob("0[0-9]-*.ipynb"))
#: the warning a link to a chapter gives in a copy built without the chapters
CHAPTER_LINK = re.compile(r"WARNING: (unknown document|undefined label).*'(book/)?0[0-9]-[\w-]+'")


def _without_chapters(copy: Path) -> None:
    """Leave the chapters out of the copy's table of contents and of its build."""
    toc = (copy / "_toc.yml").read_text(encoding="utf-8")
    toc = re.sub(r"^\s*- file: book/0[0-9]-[\w-]+\n", "", toc, flags=re.M)
    # a part left without chapters goes too
    toc = re.sub(r"^  - caption: [^\n]*\n(    numbered: [^\n]*\n)?    chapters:\n(?!      )", "", toc, flags=re.M)
    (copy / "_toc.yml").write_text(toc, encoding="utf-8")
    config = (copy / "_config.yml").read_text(encoding="utf-8")
    assert "exclude_patterns: [" in config
    (copy / "_config.yml").write_text(config.replace("exclude_patterns: [", 'exclude_patterns: ["book/0[0-9]-*", ', 1),
                                      encoding="utf-8")


def test_network_namespace_is_really_offline():
    if not _can_unshare():
        pytest.skip("unshare -n is not available on this machine")
    probe = "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 80), timeout=2)\n    print('online')\nexcept OSError:\n    print('offline')"
    out = subprocess.run(["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" "$@"', sys.executable,
                          "-c", probe], capture_output=True, text=True)
    assert out.stdout.strip() == "offline"


def test_offline_build_produces_every_page(offline_build):
    html = offline_build / "_build" / "html"
    built = {p.name for p in (html / "book").glob("*.html")}
    expected = {p.with_suffix(".html").name for p in (ROOT / "book").glob("*.ipynb") if p.stem not in CHAPTERS}
    assert expected and expected <= built
    assert not {f"{c}.html" for c in CHAPTERS} & built  # the chapters run in the build and JupyterLab only


_IDS = [
    (re.compile(r"altair-viz-[0-9a-f]{32}"), "altair-viz-ID"),
    (re.compile(r"0x[0-9a-f]{6,16}"), "0xADDR"),
    (re.compile(r'"model_id": "[0-9a-f]{32}"'), '"model_id": "ID"'),
    (re.compile(r"[0-9a-f]{32}"), "HEX32"),
    (re.compile(r"/tmp/[^\s\"']+"), "/tmp/PATH"),
]


def _normalised_outputs(path: Path) -> list[str]:
    nb = json.loads(path.read_text())
    outs = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        text = json.dumps(cell.get("outputs", []), sort_keys=True)
        for pattern, repl in _IDS:
            text = pattern.sub(repl, text)
        outs.append(text)
    return outs


def test_outputs_are_deterministic(offline_build):
    other = offline_build / "_build" / "jupyter_execute"
    sources = sorted(p for p in (ROOT / "book").glob("*.ipynb") if p.stem not in CHAPTERS)
    diffs = []
    for src in sources:
        nb, twin = MAIN_EXEC / "book" / src.name, other / "book" / src.name
        if not nb.is_file() or not twin.is_file():
            diffs.append(f"{src.name}: not executed in both builds ({nb.is_file()}, {twin.is_file()})")
            continue
        a, b = _normalised_outputs(nb), _normalised_outputs(twin)
        changed = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        if len(a) != len(b) or changed:
            diffs.append(f"{nb.name}: code cells {changed[:5]} differ between two executions")
    assert not diffs, "\n".join(diffs)
