"""Graded assignments (genchain.publish.assignments): build them, then grade with otter-grader, offline and
without containers (otter run's engine, one kernel per notebook, all in this process).

Per chapter: the solution gets full marks on every auto-graded question, the blank student notebook
gets none, and the spec's deliberately wrong answer fails its question with its feedback.

The chapter code behind an assignment runs twice here: once when the build computes the solution's
values, once when otter grades the solution notebook with the wrong answers added (which also proves
every other question gets full marks in a kernel). The solution's values are graded by the same test
files in this process, and the blank notebook is graded without its set-up cells (a blank answer
fails before any set-up value is read).
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pytest
import yaml

from genchain.publish import assignments, exercises
from genchain.publish.packs import chapters

pytest.importorskip("otter")
from otter.api import grade_submission  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
CHAPTERS = [p.stem for p in chapters(BOOK) if exercises.read_chapter(p).exercises]

pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword")


def _spec(chapter: str) -> dict:
    return yaml.safe_load((BOOK / "grading" / f"{chapter}.yml").read_text(encoding="utf-8"))


def _auto(chapter: str) -> dict[str, dict]:
    """The auto-graded questions' specs, by otter question name."""
    return {assignments.qname(k): v for k, v in _spec(chapter).items() if v["kind"] in assignments.AUTO}


def _grade(job: tuple[str, str, str]) -> tuple[str, dict[str, float], str]:
    """Grade one notebook with one autograder zip (in a worker process): (notebook, scores, summary)."""
    from genchain.publish import kernel_wait

    kernel_wait.install()  # a spawned worker does not run conftest.py: otter's kernel client waits in slices too
    notebook, zip_path, questions = job
    with contextlib.redirect_stderr(io.StringIO()):
        res = grade_submission(notebook, zip_path, quiet=True)
    return notebook, {q: res.get_score(q) for q in questions.split()}, res.summary()


def _with_wrong_answers(src: Path, dest: Path, wrong: dict[str, dict]) -> Path:
    """The solution notebook with each wrong answer appended to its question's answer cell."""
    nb = nbformat.read(src, as_version=4)
    for q, w in wrong.items():
        check = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and f'grader.check("{q}")' in c.source)
        answer = next(c for c in reversed(nb.cells[:check])
                      if c.cell_type == "code" and "otter_assign_solution_cell" in c.metadata.get("tags", []))
        answer.source += "\n" + w["code"]
    nbformat.write(nb, dest)
    return dest


def _without_setup(src: Path, dest: Path) -> Path:
    """The student notebook without the chapter code of its Setup section (answers and checks kept)."""
    nb = nbformat.read(src, as_version=4)
    cells, setup = [], False
    for c in nb.cells:
        if c.cell_type == "markdown":
            setup = c.source.startswith("## Setup") or (setup and not c.source.startswith("## ex-"))
        if not (setup and c.cell_type == "code"):
            cells.append(c)
    assert len(cells) < len(nb.cells), f"{src}: no set-up cells found"
    nb.cells = cells
    nbformat.write(nb, dest)
    return dest


#: the solution's answer values by chapter and exercise label, as the build computed them
SOLUTION_VALUES: dict[str, dict[str, dict]] = {}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("assignments")
    compute = assignments.solution_values

    def keep(chapter, spec):  # the build runs each chapter's code once: keep its answers for grading
        values, evals = compute(chapter, spec)
        SOLUTION_VALUES[chapter.name] = values
        return values, evals

    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stderr(io.StringIO()):
        mp.setattr(assignments, "solution_values", keep)
        written = assignments.build(BOOK, target, run_tests=False)  # the tests below grade the solutions
    assert [p.name for p in written] == CHAPTERS
    return target


@pytest.fixture(scope="module")
def graded(built) -> dict[tuple[str, str], tuple[dict[str, float], str]]:
    """Every chapter's blank and wrong notebooks graded, two at a time: {(chapter, which): ...}."""
    jobs, names = [], {}
    for chapter in CHAPTERS:
        d = built / chapter
        (zip_path,) = (d / "autograder").glob("*-autograder_*.zip")
        wrong = {q: s["wrong_answer"] for q, s in _auto(chapter).items() if "wrong_answer" in s}
        notebooks = {
            "blank": _without_setup(d / "student" / f"{chapter}.ipynb", d / f"{chapter}-blank.ipynb"),
            "wrong": _with_wrong_answers(d / "autograder" / f"{chapter}.ipynb", d / f"{chapter}-wrong.ipynb", wrong),
        }
        for which, nb in notebooks.items():
            names[str(nb)] = (chapter, which)
            jobs.append((str(nb), str(zip_path), " ".join(_auto(chapter))))
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = {names[nb]: (scores, summary) for nb, scores, summary in pool.map(_grade, jobs)}
    print(f"graded {len(jobs)} notebooks in {time.perf_counter() - started:.0f} s")
    return results


@pytest.mark.slow
def test_every_chapter_has_an_assignment_in_otters_layout(built):
    for chapter in CHAPTERS:
        d = built / chapter
        assert (d / "student" / f"{chapter}.ipynb").is_file() and (d / "autograder" / f"{chapter}.ipynb").is_file()
        student = nbformat.read(d / "student" / f"{chapter}.ipynb", as_version=4)
        text = "\n".join(c.source for c in student.cells)
        assert "BEGIN SOLUTION" not in text and "Model answer" not in text and "Rubric" not in text
        for test_file in (d / "student" / "tests").glob("*.py"):
            assert "hidden=True" not in test_file.read_text(encoding="utf-8"), f"{test_file} holds hidden tests"
        teacher = "\n".join(c.source for c in nbformat.read(d / "autograder" / f"{chapter}.ipynb", as_version=4).cells)
        assert teacher.count("**Rubric (") == len(_spec(chapter)) - len(_auto(chapter))


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_solution_gets_full_marks(built, chapter):
    from otter.test_files import ExceptionTestFile

    values = {assignments.qname(label): v for label, v in SOLUTION_VALUES[chapter].items()}
    for q, spec in _auto(chapter).items():
        tests = ExceptionTestFile.from_file(str(built / chapter / "autograder" / "tests" / f"{q}.py"))
        tests.run(dict(values[q]))
        assert tests.score == pytest.approx(spec["points"]), (
            f"{chapter} {q}: the solution scored {tests.score}\n{tests.summary()}")


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_blank_notebook_gets_nothing(graded, chapter):
    scores, summary = graded[chapter, "blank"]
    assert all(scores[q] == 0 for q in _auto(chapter)), summary
    assert "not answered yet" in summary


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_wrong_answer_fails_with_its_feedback(graded, chapter):
    auto = _auto(chapter)
    wrong = {q: s["wrong_answer"] for q, s in auto.items() if "wrong_answer" in s}
    assert wrong, f"{chapter}: no exercise of its grading spec has a wrong_answer"
    scores, summary = graded[chapter, "wrong"]
    for q, spec in auto.items():
        if q in wrong:
            assert scores[q] < spec["points"] - 1e-9, f"{chapter} {q}: the wrong answer got full marks"
        else:
            assert scores[q] == pytest.approx(spec["points"]), summary
    flat = " ".join(summary.split())
    for q, w in wrong.items():
        assert w["feedback"] in flat, f"{chapter} {q}: no feedback {w['feedback']!r} in\n{summary}"


def test_an_exercise_without_a_spec_stops_the_build(tmp_path):
    (tmp_path / "grading").mkdir()
    src = next(p for p in chapters(BOOK) if p.stem == "01-capital")
    (tmp_path / src.name).write_bytes(src.read_bytes())
    spec = _spec("01-capital")
    spec.pop("ex-01-3")
    (tmp_path / "grading" / "01-capital.yml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    with pytest.raises(assignments.SpecError, match=r"01-capital: exercise ex-01-3 has no grading spec"):
        assignments.build(tmp_path, tmp_path / "out")


def test_specs_match_the_kinds_the_exercises_announce():
    for chapter in CHAPTERS:
        ch = exercises.read_chapter(next(p for p in chapters(BOOK) if p.stem == chapter))
        spec = assignments.load_spec(BOOK, ch)  # raises on a missing or mismatched spec
        for ex in ch.exercises:
            assert spec[ex.label]["kind"] == ex.kind, (chapter, ex.label)


def test_exercises_are_read_by_label_whether_solutions_share_cells_or_not(tmp_path):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook(cells=[
        md("# Title"),
        code("base = 1"),
        md("## Exercises\n\n:::{exercise}\n:label: ex-09-1\n\n(Compute) Add.\n:::\n"
           ":::{solution-start} ex-09-1\n:class: dropdown\n:::"),
        code("total = 1 + 1"),
        md(":::{solution-end}\n:::\n\n::::{exercise}\n:label: ex-09-2\n\n(Argue) Why?\n::::"),
        md("::::{solution-start} ex-09-2\n:class: dropdown\n::::"),
        md("Because."),
        md("::::{solution-end}\n::::\n\n## Takeaways"),
        code("x = 2"),
    ])
    nbformat.write(nb, tmp_path / "09-test.ipynb")
    ch = exercises.read_chapter(tmp_path / "09-test.ipynb")
    assert [(e.label, e.kind) for e in ch.exercises] == [("ex-09-1", "compute"), ("ex-09-2", "argue")]
    assert ch.exercises[0].solution_code == ["total = 1 + 1"] and ch.exercises[1].solution_md == ["Because."]
    assert ch.code == ["base = 1"] and ch.title == "Title"  # code after the last solution cannot feed one
