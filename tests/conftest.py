"""Shared fixtures: a scratch data folder with a valid sources.csv, the built site, and a Japanese edition
with a catalog a test writes."""

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


@pytest.fixture
def japanese(tmp_path: Path, monkeypatch):
    """A function that turns genchain.i18n to Japanese, with a run-time catalog holding only the given
    messages (English template -> translation): ``japanese({"Year": "年"})``."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from genchain import i18n

    def use(messages: dict[str, str]) -> None:
        folder = tmp_path / "locale" / "ja" / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        catalog = Catalog(locale="ja")
        for msgid, msgstr in messages.items():
            catalog.add(msgid, msgstr)
        with open(folder / "runtime-test.po", "wb") as f:
            write_po(f, catalog)
        monkeypatch.setenv(i18n.LANG, "ja")
        monkeypatch.setenv(i18n.LOCALE, str(tmp_path / "locale"))

    return use


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
