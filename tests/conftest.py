"""Shared fixtures: a scratch data folder with a valid sources.csv, and the built site."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"

SOURCES = (
    "source_id,publisher,title,url,published,accessed,licence,note\n"
    "s1,Publisher,A page,https://example.org/a,2025-01-02,2026-11-25,CC BY 4.0,\n"
)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A folder holding only a valid sources.csv; tests write one table beside it."""
    (tmp_path / "sources.csv").write_text(SOURCES, encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail("the site is not built: run 'make book' first (make test does)")
    return SITE


def pytest_collection_modifyitems(config, items):
    """A test that reads the built site (the ``site`` fixture) is marked ``built``: ``make unit`` skips it."""
    for item in items:
        if "site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.built)
