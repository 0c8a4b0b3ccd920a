"""Every third-party import of genchain is a dependency declared in pyproject.toml for its module's layer.

Analysis and display modules (and the publish modules the book's notebooks import) run on a reader's
install, so what they import must be a runtime dependency; the rest of ``publish`` and ``sphinxext``
run only with an extra (teach, book, lab) and may import what an extra declares. Lazy imports inside
functions count like the others.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIB = ROOT / "lib" / "genchain"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(req: str) -> str:
    return _norm(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", req).group())


def _declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_requirement_name(r) for r in project["dependencies"]}
    extras = {_requirement_name(r) for reqs in project["optional-dependencies"].values() for r in reqs}
    return runtime, extras


def _module(path: Path) -> str:
    parts = path.relative_to(LIB.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """(top-level names of third-party imports, genchain modules imported) of one file."""
    third, internal = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            top = name.split(".")[0]
            if top == "genchain":
                internal.add(name)
            elif top not in sys.stdlib_module_names and top != "__future__":
                third.add(top)
    return third, internal


def _modules() -> dict[str, Path]:
    return {_module(p): p for p in sorted(LIB.rglob("*.py"))}


def _notebook_imports() -> set[str]:
    """The genchain modules the book's notebooks import."""
    found = set()
    for nb in sorted((ROOT / "book").glob("*.ipynb")):
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                text = "".join(cell["source"])
                found |= set(re.findall(r"^\s*import (genchain[\w.]*)", text, re.M))
                for module, names in re.findall(r"^\s*from (genchain[\w.]*) import ([\w, ()]+)", text, re.M):
                    found |= {module} | {f"{module}.{n.strip()}" for n in names.strip("()").split(",") if n.strip()}
    return found


def runtime_modules() -> set[str]:
    """Modules a reader's install must run: everything outside publish/ and sphinxext/, plus the publish
    modules the notebooks import, with every genchain module these import in turn."""
    modules = _modules()
    todo = [m for m in modules if not m.startswith(("genchain.publish", "genchain.sphinxext"))]
    todo += [m for m in _notebook_imports() if m in modules]
    seen: set[str] = set()
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        todo += [n for n in _imports(modules[m])[1] if n in modules]
    return seen


def test_every_import_is_declared_for_its_layer():
    runtime, extras = _declared()
    dists = {k: {_norm(d) for d in v} for k, v in packages_distributions().items()}
    on_reader_install = runtime_modules()
    problems = []
    for module, path in _modules().items():
        allowed = runtime if module in on_reader_install else runtime | extras
        for name in sorted(_imports(path)[0]):
            found = dists.get(name)
            if not found:
                problems.append(f"{module}: imports {name}, which no installed distribution provides")
            elif not found & allowed:
                layer = "a runtime dependency" if module in on_reader_install else "a dependency or an extra"
                problems.append(f"{module}: imports {name} ({', '.join(sorted(found))}), not {layer} in pyproject.toml")
    assert not problems, "\n".join(problems)


def test_the_notebooks_publish_helpers_are_runtime_modules():
    # the chapters' "data used" box and claim tables come from genchain.publish.book on a reader's install
    assert {"genchain.publish.book", "genchain.present"} <= runtime_modules()
    assert "genchain.publish.assignments" not in runtime_modules()
