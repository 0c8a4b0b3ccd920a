"""A chapter's exercises and solutions, read by label, and the chapter code they build on.

Exercises are sphinx-exercise colon fences with a label; solutions are gated blocks that may
span cells (prose and code cells between ``{solution-start} <label>`` and ``{solution-end}``)::

    :::{exercise}
    :label: ex-01-2

    (Compute) Convert ...
    :::
    :::{solution-start} ex-01-2
    :class: dropdown
    :::
    <markdown and code cells>
    :::{solution-end}
    :::

:func:`read_chapter` returns them in order, with the chapter's code outside solutions;
:func:`setup_code` keeps only the statements of that code which the solutions need (a backward
slice over top-level statements), so an assignment can start from the chapter's own code.
"""

from __future__ import annotations

import ast
import builtins
import re
import symtable
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

EXERCISE = re.compile(r"^(?P<fence>:{3,}|`{3,})\{exercise\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$\n?", re.M | re.S)
LABEL = re.compile(r"^:label:[ \t]*(\S+)[ \t]*$", re.M)
OPTION = re.compile(r"^:[\w-]+:[^\n]*\n?", re.M)
SOL_START = re.compile(
    r"^(?P<fence>:{3,}|`{3,})\{solution-start\}[ \t]*(?P<label>\S+)[^\n]*\n(?:[ \t]*:[\w-]+:[^\n]*\n)*(?P=fence)[ \t]*$\n?",
    re.M,
)
SOL_END = re.compile(r"^(?P<fence>:{3,}|`{3,})\{solution-end\}[^\n]*\n?(?:(?P=fence)[ \t]*$\n?)?", re.M)
KIND = re.compile(r"^\s*\((Recall|Compute|Extend|Argue)\)", re.I)
MUTATORS = {"append", "extend", "update", "add", "insert", "pop", "remove", "setdefault", "clear", "sort"}


class ExerciseError(ValueError):
    """A chapter's exercises cannot be read (unclosed solution, unknown label, duplicate label)."""


@dataclass
class Exercise:
    label: str
    text: str  # the exercise's prose (without the :label: option)
    solution_md: list[str] = field(default_factory=list)  # solution prose, in order
    solution_code: list[str] = field(default_factory=list)  # solution code cells, in order

    @property
    def kind(self) -> str | None:
        """The kind the text announces, ``(Compute) ...`` -> ``"compute"``, or None."""
        m = KIND.match(self.text)
        return m.group(1).lower() if m else None


@dataclass
class Chapter:
    name: str  # file stem, e.g. "01-capital"
    title: str
    exercises: list[Exercise]
    code: list[str]  # code cells outside solutions, in order, up to the last solution
    path: Path = Path(".")


def read_chapter(path: Path) -> Chapter:
    """The exercises (with their solutions) and the code outside solutions of one notebook."""
    from genchain.publish.packs import read_notebook  # .ipynb, or a MyST text notebook (.md) via jupytext

    nb = read_notebook(path)
    exercises: dict[str, Exercise] = {}
    code: list[str] = []
    current: Exercise | None = None  # inside this exercise's solution
    before_last = 0  # code cells before the last solution's end (later cells cannot feed a solution)
    title = ""
    for i, cell in enumerate(nb.cells):
        where = f"{path.name}, cell {i}"
        if cell.cell_type == "code":
            (current.solution_code if current else code).append(cell.source)
            continue
        if cell.cell_type != "markdown":
            continue
        text = cell.source
        if not title and (m := re.search(r"^#\s+(.+)$", text, re.M)):
            title = m.group(1).strip()
        pos = 0
        while pos < len(text):
            if current is not None:
                m = SOL_END.search(text, pos)
                chunk = text[pos : m.start() if m else len(text)]
                if chunk.strip():
                    current.solution_md.append(chunk.strip())
                if not m:
                    break
                current, pos, before_last = None, m.end(), len(code)
                continue
            ex, st = EXERCISE.search(text, pos), SOL_START.search(text, pos)
            if ex and (not st or ex.start() < st.start()):
                body = ex.group("body")
                lab = LABEL.search(body)
                if not lab:
                    raise ExerciseError(f"{where}: an exercise has no :label:")
                if lab.group(1) in exercises:
                    raise ExerciseError(f"{where}: the label {lab.group(1)} is used twice")
                exercises[lab.group(1)] = Exercise(lab.group(1), OPTION.sub("", body).strip())
                pos = ex.end()
            elif st:
                label = st.group("label")
                if label not in exercises:
                    raise ExerciseError(f"{where}: a solution for {label}, which no exercise before it has")
                current, pos = exercises[label], st.end()
            else:
                break
    if current is not None:
        raise ExerciseError(f"{path.name}: the solution of {current.label} has no {{solution-end}}")
    return Chapter(path.stem, title or path.stem, list(exercises.values()), code[:before_last], Path(path).resolve())


def _free(table: symtable.SymbolTable) -> set[str]:
    """Names a scope reads from the module level (recursively through functions and comprehensions)."""
    out = set()
    for s in table.get_symbols():
        if s.is_referenced() and (table.get_type() == "module" or s.is_global()):
            out.add(s.get_name())
    for child in table.get_children():
        out |= _free(child)
    return out


def _names(node: ast.stmt, text: str) -> tuple[set[str], set[str]]:
    """(names a top-level statement binds or mutates, module-level names it reads)."""
    table = symtable.symtable(text, "<cell>", "exec")
    binds = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
    binds |= {c.get_name() for c in table.get_children() if c.get_type() in ("function", "class")}
    top = [node] if not isinstance(node, (ast.For, ast.While, ast.If, ast.With, ast.Try)) else list(ast.walk(node))
    for sub in top:
        targets = getattr(sub, "targets", None) or [getattr(sub, "target", None)]
        for t in targets:  # d["k"] = v and obj.attr = v mutate d and obj
            while isinstance(t, (ast.Attribute, ast.Subscript)):
                t = t.value
            if isinstance(t, ast.Name):
                binds.add(t.id)
        call = sub.value if isinstance(sub, ast.Expr) else None
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in MUTATORS:
            if isinstance(call.func.value, ast.Name):  # rows.append(...) mutates rows
                binds.add(call.func.value.id)
    return binds, _free(table) - set(dir(builtins))


def _statements(source: str) -> list[tuple[ast.stmt, str]]:
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]  # no magics
    text = "\n".join(lines)
    out = []
    for s in ast.parse(text).body:
        seg = textwrap.dedent(ast.get_source_segment(text, s, padded=True) or "")
        out.append((s, seg))
    return out


def setup_code(code_cells: list[str], uses: str | list[str]) -> list[str]:
    r"""The statements of ``code_cells`` that the code in ``uses`` needs, grouped by cell.

    A statement is kept when it binds (or mutates) a name that a kept statement or ``uses`` reads;
    statements that only display or glue results are dropped, and so are unused imported names.

    >>> setup_code(["import polars as pl\nfrom genchain.publish import book; from genchain import data", "t = data.load('x')\nbook.claims(0)",
    ...             "u = 1"], "t.height")
    ['from genchain import data', "t = data.load('x')"]
    """
    need, bound = set(), set()
    for src in [uses] if isinstance(uses, str) else uses:
        for stmt, text in _statements(src):
            binds, reads = _names(stmt, text)
            need |= reads - bound
            bound |= binds
    cells = [_statements(src) for src in code_cells]
    keep: list[list[str]] = [[] for _ in cells]
    for ci in range(len(cells) - 1, -1, -1):
        for stmt, text in reversed(cells[ci]):
            binds, reads = _names(stmt, text)
            if binds & need:
                if isinstance(stmt, (ast.Import, ast.ImportFrom)):  # only the names that are used
                    stmt.names = [a for a in stmt.names if (a.asname or a.name).split(".")[0] in need]
                    text = ast.unparse(stmt)
                keep[ci].insert(0, text)
                need = (need - (binds - reads)) | reads
    return ["\n".join(k).strip() for k in keep if k]


def plain_markdown(text: str, glue: dict[str, str] | None = None) -> str:
    """MyST roles that only a Jupyter Book build resolves, rewritten for plain Jupyter.

    ``glue`` maps glue keys and ``{eval}`` expressions to the text they show.
    """
    def glued(m: re.Match) -> str:
        key, _, fmt = m.group(2).partition(":")
        raw = (glue or {}).get(key)
        if raw is None:
            return f"[{key}, shown in the chapter]"
        try:
            return format(ast.literal_eval(raw), fmt)
        except (ValueError, SyntaxError, TypeError):
            return raw.strip("'\"")

    text = re.sub(r"\{glue:(text|md)\}`([^`]+)`", glued, text)
    text = re.sub(r"\{eval\}`([^`]+)`", lambda m: (glue or {}).get(m.group(1), f"[{m.group(1)}, shown in the chapter]"), text)
    text = re.sub(r"\{numref\}`([^`]+)`", r"the chapter's figure `\1`", text)
    text = re.sub(r"\{(?:doc|ref|term|cite:\w+|cite)\}`(?:([^`<]*?)\s*<[^`]*>|([^`]*))`", lambda m: m.group(1) or m.group(2), text)
    return text.replace("\\$", "$")


def read_glue(executed: Path) -> dict[str, str]:
    """Glued values (``text/plain``) of a notebook executed by the book build, if the build left them."""
    import json

    if not executed.is_file():
        return {}
    found = json.loads(executed.read_text(encoding="utf-8"))
    return {k: v.get("data", {}).get("text/plain", "") for k, v in found.items() if isinstance(v, dict)}
