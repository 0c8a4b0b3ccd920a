"""Graded assignments: every chapter's exercises as an otter-grader assignment.

For each chapter with exercises this writes an otter "master notebook" built from the chapter's
own exercise and solution cells (the cells the site shows) and its grading spec, then runs
otter-assign on it::

    python -m genchain.publish.assignments book _build/assignments

giving, per chapter, ``<chapter>/<chapter>.ipynb`` (the master), ``<chapter>/student/`` (the
notebook to hand out, with public tests only) and ``<chapter>/autograder/`` (the teacher's
notebook with solutions and rubrics, all tests, and the autograder zip for ``otter run``).

Grading specs live in ``book/grading/<chapter>.yml``, keyed by exercise label::

    ex-01-2:
      kind: compute            # recall | compute | extend | argue (as the exercise's text says)
      points: 4
      variables:               # answer variables, as the student's answer cell names them
        share_pct: the share of the world total, in per cent
      answer: share_pct = 100 * usd_2023 / cb["world_usd_bn"]   # if the solution does not set them
      tests:                   # public unless hidden: true
        - check: 0 < share_pct <= 100
          message: the share should be a percentage ...; yours is {share_pct:.3g} ...
        - close: share_pct     # compare with the solution's value, computed at build time
          rel: 0.01
          hidden: true
      wrong_answer:            # optional; the test suite grades it and expects the feedback
        code: share_pct = usd_2023 / cb["world_usd_bn"]
        feedback: did you forget to multiply by 100
    ex-01-4:
      kind: argue
      points: 4
      rubric: [one point per item, ...]

Compute and Extend exercises are auto-graded, Recall and Argue ones graded by hand with the
rubric; an exercise without a spec stops the build with a message naming chapter and label.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
from pathlib import Path
from typing import Any

import nbformat
import yaml

from genchain.publish.exercises import Chapter, Exercise, ExerciseError, plain_markdown, read_chapter, read_glue, setup_code

AUTO, MANUAL = ("compute", "extend"), ("recall", "argue")


class SpecError(ValueError):
    """A grading spec is missing, incomplete or does not match the chapter's exercises."""


def qname(label: str) -> str:
    """The otter question name of an exercise label: ``ex-01-2`` -> ``ex_01_2``."""
    return re.sub(r"\W", "_", label)


def load_spec(book: Path, chapter: Chapter) -> dict[str, dict]:
    """The chapter's grading spec, checked against its exercises."""
    path = Path(book) / "grading" / f"{chapter.name}.yml"
    if not path.is_file():
        raise SpecError(f"{chapter.name}: no grading spec {path} for {', '.join(e.label for e in chapter.exercises)}")
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    labels = [e.label for e in chapter.exercises]
    for label in labels:
        if label not in spec:
            raise SpecError(f"{chapter.name}: exercise {label} has no grading spec: add it to {path}")
    if stale := sorted(set(spec) - set(labels)):
        raise SpecError(f"{chapter.name}: {path} has specs for {', '.join(stale)}, which the chapter does not have")
    for ex in chapter.exercises:
        s, where = spec[ex.label], f"{chapter.name} {ex.label} ({path})"
        kind = s.get("kind")
        if kind not in AUTO + MANUAL:
            raise SpecError(f"{where}: kind must be one of {', '.join(AUTO + MANUAL)}, not {kind!r}")
        if ex.kind and ex.kind != kind:
            raise SpecError(f"{where}: the spec says {kind} but the exercise says ({ex.kind.title()})")
        if not isinstance(s.get("points"), (int, float)) or s["points"] <= 0:
            raise SpecError(f"{where}: points must be a positive number")
        if kind in AUTO:
            tests = s.get("tests") or []
            if not s.get("variables") or not any(not t.get("hidden") for t in tests) or not any(t.get("hidden") for t in tests):
                raise SpecError(f"{where}: a {kind} exercise needs variables and at least one public and one hidden test")
            for t in tests:
                if ("check" in t) == ("close" in t) or ("check" in t and "message" not in t):
                    raise SpecError(f"{where}: each test has either check (with a message) or close: {t}")
                if "close" in t and t["close"] not in s["variables"]:
                    raise SpecError(f"{where}: close: {t['close']} is not one of the variables")
        elif not 3 <= len(s.get("rubric") or []) <= 4 or len(s["rubric"]) != s["points"]:
            raise SpecError(f"{where}: a {kind} exercise needs a rubric of 3 or 4 items, one per point")
    return spec


def _plain(value: Any, where: str) -> Any:
    """A solution value as plain Python (numbers, strings, lists, dicts) to write into a test."""
    if hasattr(value, "item") and callable(value.item) and not hasattr(value, "__len__"):
        value = value.item()  # numpy scalars
    if isinstance(value, bool) or value is None:
        return value
    for t in (int, float, str):  # subclasses (genchain.present.Number prints "1,234") as the plain type
        if isinstance(value, t):
            return t(value)
    if hasattr(value, "_asdict"):  # named tuples as dicts
        value = value._asdict()
    if isinstance(value, dict):
        return {str(k): _plain(v, where) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, where) for v in value]
    raise SpecError(f"{where}: the answer is a {type(value).__name__}; answers must be numbers, strings, lists or dicts")


def answer_code(ex: Exercise, spec: dict) -> str:
    """The solution's code with the spec's answer lines (which name the answer variables)."""
    return "\n".join(c.strip() for c in ex.solution_code + [spec.get("answer") or ""] if c.strip())


EVAL = re.compile(r"\{eval\}`([^`]+)`")


def _evals(chapter: Chapter) -> list[str]:
    """The ``{eval}`expr``` inline expressions of the exercises' and solutions' prose."""
    return sorted({m for e in chapter.exercises for t in [e.text, *e.solution_md] for m in EVAL.findall(t)})


def _needs(chapter: Chapter, spec: dict[str, dict]) -> list[str]:
    """The code the assignment's setup must make work: solutions, answer lines, inline expressions."""
    return [answer_code(e, spec[e.label]) for e in chapter.exercises if spec[e.label]["kind"] in AUTO] + _evals(chapter)


def solution_values(chapter: Chapter, spec: dict[str, dict]) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Run the chapter's setup and every solution in one namespace: the answer variables' values
    by label, and the text of each inline ``{eval}`` expression."""
    from IPython.display import display

    ns: dict[str, Any] = {"__name__": "__assignment__", "display": display}
    values, evals = {}, {}
    with contextlib.redirect_stdout(io.StringIO()), contextlib.chdir(chapter.path.parent):
        exec(compile("\n".join(setup_code(chapter.code, _needs(chapter, spec))), f"{chapter.name} setup", "exec"), ns)
        for expr in _evals(chapter):
            with contextlib.suppress(Exception):
                evals[expr] = str(eval(expr, dict(ns)))  # noqa: S307 - the book's own expressions
        for ex in [e for e in chapter.exercises if spec[e.label]["kind"] in AUTO]:
            where = f"{chapter.name} {ex.label}"
            try:
                exec(compile(answer_code(ex, spec[ex.label]), where, "exec"), ns)
            except Exception as err:
                raise SpecError(f"{where}: the solution with the spec's answer lines fails: {err!r}") from err
            missing = [v for v in spec[ex.label]["variables"] if v not in ns]
            if missing:
                raise SpecError(f"{where}: the solution does not define {', '.join(missing)}: add an answer: line")
            values[ex.label] = {v: _plain(ns[v], f"{where} {v}") for v in spec[ex.label]["variables"]}
    return values, evals


def check_cell(label: str, i: int, test: dict, variables: list[str], solution: dict[str, Any]) -> str:
    """One otter exception-based test cell (test config, a function, and its call)."""
    if "close" in test:
        var = test["close"]
        check = f'close({var}, solution["{var}"], rel={test.get("rel", 0)}, abs={test.get("abs", 0)})'
        message = test.get("message") or f"`{var}` is {{{var}!r}}, which is not what the solution gives ({{solution[{var}]!r}})."
    else:
        check, message = test["check"], test["message"]
    used = [v for v in variables if re.search(rf"\b{re.escape(v)}\b", check + " " + message)]
    sol = {v: solution[v] for v in variables if re.search(rf"solution\[[\"']?{re.escape(v)}\b", check + message)}
    args = ", ".join(used)
    kw = ", ".join([f"{v}={v}" for v in used] + (["solution=solution"] if sol else []))
    config = {"hidden": bool(test.get("hidden", False))} | ({"points": test["points"]} if "points" in test else {})
    name = f"test_{qname(label)}_{i}"
    return "\n".join([
        '""" # BEGIN TEST CONFIG', yaml.safe_dump(config).strip(), '""" # END TEST CONFIG',
        f"def {name}({args}):",
        "    from genchain.publish.checks import answered, close, explain, passes",
        f"    answered({', '.join(f'{v}={v}' for v in used)})",
        *([f"    solution = {sol!r}"] if sol else []),
        f"    assert passes(lambda: {check}), explain({message!r}, {kw})",
        f"{name}({args})",
    ])


def _md(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text)


def _raw(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_raw_cell(text)


def master_notebook(chapter: Chapter, spec: dict[str, dict], values: dict, glue: dict[str, str], name: str) -> nbformat.NotebookNode:
    """The otter master notebook of one chapter: setup, then one question per exercise.

    ``glue`` holds the text of the prose's inline values (``{glue:text}`` keys and ``{eval}`` expressions)."""
    total = sum(spec[e.label]["points"] for e in chapter.exercises)
    config = {
        "name": name, "init_cell": True, "check_all_cell": True, "run_tests": True,
        "export_cell": {"pdf": False, "instructions": "Hand in the zip file this cell makes, as your teacher asks."},
        "generate": {"pdf": False, "show_stdout": True, "show_hidden": False},
        "tests": {"files": True, "ok_format": False},
    }
    cells = [
        _raw("# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=False)),
        _md(f"# Assignment: {plain_markdown(chapter.title, glue)}\n\n"
            f"The exercises of the chapter `{chapter.name}` ({len(chapter.exercises)} questions, {total} points). "
            "Answer the Compute and Extend questions in code, leaving the result in the variables the answer cell "
            "names, and run the check cell below it: a failing check says what is wrong. Recall and Argue questions "
            "are answered in words and graded by your teacher."),
        _md("## Setup\n\nThe chapter's code that the exercises build on (taken from the chapter). Run it first."),
        *[nbformat.v4.new_code_cell(src) for src in setup_code(chapter.code, _needs(chapter, spec))],
    ]
    for ex in chapter.exercises:
        s = spec[ex.label]
        text = re.sub(r"^\s*\((Recall|Compute|Extend|Argue)\)\s*", "", plain_markdown(ex.text, glue), flags=re.I)
        head = f"## {ex.label} ({s['kind'].title()}, {s['points']} points)\n\n{text}"
        cells += [_raw("# BEGIN QUESTION\n" + yaml.safe_dump({"name": qname(ex.label), "points": s["points"], "manual": s["kind"] in MANUAL}, sort_keys=False))]
        solution_md = [plain_markdown(t, glue) for t in ex.solution_md]
        if s["kind"] in MANUAL:
            rubric = "\n".join(f"- {item} (1 point)" for item in s["rubric"])
            cells += [_md(head), _raw("# BEGIN SOLUTION"),
                      _md("**Model answer (from the book):**\n\n" + "\n\n".join(solution_md) +
                          f"\n\n**Rubric ({s['points']} points):**\n\n{rubric}"),
                      _raw("# END SOLUTION"), _raw("# END QUESTION")]
            continue
        width = max(len(v) for v in s["variables"])
        prompt = "\n".join(f"{v.ljust(width)} = ...  # {d}" for v, d in s["variables"].items())
        code = ('""" # BEGIN PROMPT\n# Your answer: leave the results in these variables (the checks read them)\n'
                f'{prompt}\n""" # END PROMPT\n# BEGIN SOLUTION NO PROMPT\n{answer_code(ex, s)}\n# END SOLUTION')
        cells += [_md(head), _raw("# BEGIN SOLUTION"), nbformat.v4.new_code_cell(code)]
        if solution_md:
            cells.append(_md("**Solution notes (from the book):**\n\n" + "\n\n".join(solution_md)))
        cells += [_raw("# END SOLUTION"), _raw("# BEGIN TESTS")]
        cells += [nbformat.v4.new_code_cell(check_cell(ex.label, i, t, list(s["variables"]), values[ex.label]))
                  for i, t in enumerate(s["tests"], 1)]
        cells += [_raw("# END TESTS"), _raw("# END QUESTION")]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata.kernelspec = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return nb


def build_chapter(book: Path, path: Path, target: Path, run_tests: bool = True) -> Path | None:
    """Write one chapter's assignment into ``target/<chapter>/``; None if it has no exercises."""
    from otter.assign import main as otter_assign

    chapter = read_chapter(path)
    if not chapter.exercises:
        return None
    spec = load_spec(book, chapter)
    values, evals = solution_values(chapter, spec)
    glue = evals | read_glue(Path(book).resolve().parent / "_build" / "jupyter_execute" / Path(book).name / f"{chapter.name}.glue.json")
    out = Path(target) / chapter.name
    out.mkdir(parents=True, exist_ok=True)
    master = out / f"{chapter.name}.ipynb"
    nbformat.write(master_notebook(chapter, spec, values, glue, f"genchain-{chapter.name}"), master)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            otter_assign(str(master), str(out), no_pdfs=True, no_run_tests=not run_tests)
    except RuntimeError as err:  # otter's own check: the solutions must get full marks
        raise SpecError(f"{chapter.name}: the teacher's notebook fails its own autograder: {err}") from err
    return out


def build(book: Path, target: Path, run_tests: bool = True) -> list[Path]:
    """Every chapter's assignment (``NN-*`` notebooks with exercises); the folders written."""
    from genchain.publish.packs import chapters

    written = []
    for path in chapters(book):
        if (out := build_chapter(book, path, target, run_tests)) is not None:
            written.append(out)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--no-run-tests", action="store_true", help="skip grading each solution notebook")
    args = parser.parse_args(argv)
    try:
        written = build(args.book, args.target, run_tests=not args.no_run_tests)
    except (SpecError, ExerciseError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for out in written:
        print(f"wrote {out}/student (hand out) and {out}/autograder (keep)")
    print(f"assignments: {len(written)} chapters in {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
