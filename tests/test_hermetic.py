"""A hermetic, deterministic build: `jupyter-book build` on a fresh copy of the repository inside a
network namespace with no network (unshare -n) succeeds, and every notebook's outputs equal those of
the main build (a second, independent execution) once generated ids are normalised."""

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
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(copy), "--warningiserror", "--keep-going", "--quiet"]
    if _can_unshare():
        # a new network namespace has only a loopback device, and it starts down: kernels need it up
        cmd = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" "$@"', *cmd]
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": str(copy),
           "POLARS_MAX_THREADS": "2", "GENCHAIN_DATA": str(copy / "data")}
    done = subprocess.run(cmd, cwd=copy, capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 0, f"offline build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return copy


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
    expected = {p.with_suffix(".html").name for p in (ROOT / "book").glob("*.ipynb")}
    assert expected <= built


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
    sources = sorted((ROOT / "book").glob("*.ipynb"))
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
