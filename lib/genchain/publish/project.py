"""Where the book's repository is: found from the working directory, never from the package's install path.

A notebook runs in ``book/``, a command runs at the root, and the package may be installed from a
wheel anywhere; so the root is the nearest folder, from the working directory up, that holds the
book's ``_config.yml`` and ``_toc.yml``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["root"]


def root(start: str | Path | None = None) -> Path:
    """The book's repository root: ``start`` (default the working directory) or its nearest parent with
    ``_config.yml`` and ``_toc.yml``.

    Raises ``FileNotFoundError`` naming the folders searched when there is none (e.g. in a student's
    folder outside the repository, where the book's own files do not exist).
    """
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").is_file() and (folder / "_toc.yml").is_file():
            return folder
    raise FileNotFoundError(f"no book repository (a folder with _config.yml and _toc.yml) at {here} or above it")
