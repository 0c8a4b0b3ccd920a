"""The student edition keeps exercises and drops every solution, and its notebooks still run."""

from pathlib import Path

import nbformat
import pytest

from genchain.publish import student

BOOK = Path(__file__).resolve().parents[1] / "book"
md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell


def sample():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        md("# Title\n\n:::{exercise}\n:label: ex-t-1\n\nWhat is 6 x 7?\n:::\n\n:::{solution-start} ex-t-1\n:class: dropdown\n:::\n"),
        code("secret_answer = 6 * 7\nsecret_answer"),
        md("The answer is 42 because...\n\n:::{solution-end}\n:::\n\nAfter the solution."),
        md(":::{exercise}\n:label: ex-t-2\n\nSecond.\n:::\n:::{solution-start} ex-t-2\n:::\nInline solution text.\n:::{solution-end}\n:::\n"),
        code("kept = 1"),
    ]
    nb.cells[4].outputs = [nbformat.v4.new_output("stream", text="1")]
    nb.cells[4].execution_count = 3
    return nb


def test_solutions_removed_exercises_kept():
    out = student.strip_solutions(sample())
    text = "\n".join(c.source for c in out.cells)
    assert "secret_answer" not in text and "42 because" not in text and "Inline solution" not in text
    assert text.count("{exercise}") == 2 and "After the solution." in text and "kept = 1" in text
    assert not student.has_solution(out)
    assert out.cells[-1].outputs == [] and out.cells[-1].execution_count is None


def test_unclosed_solution_is_an_error():
    nb = nbformat.v4.new_notebook()
    nb.cells = [md(":::{solution-start} ex\n:::\n"), code("x = 1")]
    with pytest.raises(ValueError, match="no matching"):
        student.strip_solutions(nb)


def chapter_notebooks():
    return sorted(BOOK.glob("[0-9][0-9]-*.ipynb"))


@pytest.mark.parametrize("path", chapter_notebooks(), ids=lambda p: p.name)
def test_book_student_edition(path):
    nb = nbformat.read(path, as_version=4)
    out = student.strip_solutions(nb)
    assert not student.has_solution(out)
    exercises = sum(c.source.count("{exercise}") for c in nb.cells)
    assert exercises >= 4, f"{path.name} has {exercises} exercises; each chapter needs at least 4"
    assert sum(c.source.count("{exercise}") for c in out.cells) == exercises
    # no code cell that sat inside a solution survives
    solution_code = _solution_code(nb)
    remaining = {c.source for c in out.cells if c.cell_type == "code"}
    assert solution_code and not (solution_code & remaining)
    # that the student edition runs top to bottom is tested where students run it: the student pack
    # in a fresh environment outside the repository (tests/test_packs.py)


def _solution_code(nb) -> set[str]:
    inside, found = False, set()
    for c in nb.cells:
        if c.cell_type == "markdown":
            # a cell may close one solution and open the next: the last directive decides
            start, end = c.source.rfind("{solution-start}"), c.source.rfind("{solution-end}")
            if start != -1 or end != -1:
                inside = start > end
        elif inside:
            found.add(c.source)
    return found


def test_cli_writes_every_notebook(tmp_path):
    src = tmp_path / "book"
    src.mkdir()
    nbformat.write(sample(), src / "01-x.ipynb")
    assert student.main([str(src), str(tmp_path / "out")]) == 0
    assert not student.has_solution(nbformat.read(tmp_path / "out" / "01-x.ipynb", as_version=4))
