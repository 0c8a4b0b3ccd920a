"""The student edition: every chapter notebook with its solutions and outputs removed.

Solutions use sphinx-exercise's gated syntax, so a solution is everything from a
``{solution-start}`` directive to its ``{solution-end}``, across cells::

    python -m genchain.publish.student book _build/student

Exercises, prose and code outside solutions stay exactly as they are.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

try:
    import nbformat
except ModuleNotFoundError as err:  # the teacher's tools, not the reader's: not a runtime dependency
    raise ModuleNotFoundError("genchain.publish.student needs nbformat: pip install 'genchain[teach]'") from err

START = re.compile(r"^(:{3,}|`{3,})\{solution-start\}.*$", re.M)
END = re.compile(r"^(:{3,}|`{3,})\{solution-end\}[^\n]*\n?(\1[ \t]*\n?)?", re.M)
PLACEHOLDER = "*Solution removed in the student edition.*"


def _split_markdown(source: str, inside: bool) -> tuple[str, bool]:
    """Keep the parts of one markdown cell that lie outside solutions; return (kept, still inside)."""
    kept, pos = [], 0
    while pos <= len(source):
        if inside:
            m = END.search(source, pos)
            if not m:
                return "".join(kept), True
            pos, inside = m.end(), False
        else:
            m = START.search(source, pos)
            if not m:
                kept.append(source[pos:])
                break
            kept.append(source[pos : m.start()] + PLACEHOLDER + "\n")
            pos, inside = m.end(), True
    return "".join(kept), inside


def strip_solutions(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without solution blocks, outputs, execution counts or session metadata."""
    from genchain.publish.notebook_hygiene import strip

    out = nbformat.from_dict(nb)
    cells, inside = [], False
    for cell in out.cells:
        if cell.cell_type == "markdown":
            text, inside_after = _split_markdown(cell.source, inside)
            if text.strip():
                cell.source = text.strip() + "\n"
                cells.append(cell)
            inside = inside_after
        elif not inside:
            cells.append(cell)
    if inside:
        raise ValueError("a {solution-start} has no matching {solution-end}")
    out.cells = cells
    return strip(out)


def has_solution(nb: nbformat.NotebookNode) -> bool:
    """Whether any cell still holds a solution directive."""
    return any(re.search(r"\{solution(-start|-end)?\}", c.source) for c in nb.cells)


def write_edition(book: Path, target: Path) -> list[Path]:
    """Write the student edition of every notebook in ``book`` into ``target``; return the paths written."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(Path(book).glob("*.ipynb")):
        nb = strip_solutions(nbformat.read(path, as_version=4))
        dest = target / path.name
        nbformat.write(nb, dest)
        written.append(dest)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    written = write_edition(args.book, args.target)
    for p in written:
        print(f"wrote {p}")
    print(f"student edition: {len(written)} notebooks in {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
