"""Chapter helpers: claim checks agree with the ledger and escape text from data."""

import polars as pl
import pytest

from genchain.publish import book
from genchain import data


def test_claims_for_a_chapter_come_from_the_ledger():
    c = book.claims(1)
    assert c["claim_id"].to_list() == [f"C1.{i}" for i in range(1, 8)]


def test_checked_verdict_gives_the_label_and_refuses_drift():
    recorded = book.verdict("C4.1")
    assert book.checked_verdict("C4.1", recorded) == book.VERDICT_LABEL[recorded]
    other = next(v for v in book.VERDICT_LABEL if v != recorded)
    with pytest.raises(ValueError, match="claims.csv records"):
        book.checked_verdict("C4.1", other)
    with pytest.raises(ValueError, match="unknown verdict"):
        book.checked_verdict("C4.1", "mostly_true")
    with pytest.raises(KeyError):
        book.verdict("C9.9")
    assert "$2.5B" in book.claim_text("C4.1")


def test_sources_used_finds_cited_rows():
    fx = data.load("fx_rates")
    used = book.sources_used(fx)
    assert set(used["source_id"]) == set(fx["source_id"])
    assert used.filter(pl.col("url").is_null()).height == 0


def test_sources_table_handles_the_essay_without_url():
    claims = data.load("claims")
    html = book.sources_table(claims).as_raw_html()
    assert "cited by title only" in html and "None" not in html


def test_link_escapes_and_falls_back_to_text():
    from genchain.present import link

    links = pl.DataFrame({"text": ["A & B", "<essay>"], "url": ["https://x.org/?a=1&b=\"2\"", None]})
    assert links.select(link("text", "url")).to_series().to_list() == [
        '<a href="https://x.org/?a=1&amp;b=&quot;2&quot;">A &amp; B</a>', "&lt;essay&gt;"]


def test_git_filter_and_save_hook_strip_the_same_keys():
    """The Makefile's nbstripout filter and make lab's save hook keep the same things out of git."""
    import re
    from pathlib import Path

    from genchain.publish.notebook_hygiene import EXTRA_KEYS

    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    listed = re.search(r"^NBSTRIPOUT_ARGS := .*--extra-keys '([^']*)'", makefile, re.M).group(1).split()
    assert listed == EXTRA_KEYS


def test_every_notebook_is_valid_nbformat():
    """Colab, JupyterHub and nbclient read the notebooks: each one validates against nbformat's schema."""
    from pathlib import Path

    import nbformat

    for path in sorted((Path(__file__).resolve().parents[1] / "book").glob("*.ipynb")):
        nbformat.validate(nbformat.read(path, as_version=4))


def test_plumbing_cells_are_folded_in_jupyterlab_too():
    """A cell the site removes whole (tags remove-input and remove-output: the numbers the prose prints)
    is plumbing; JupyterLab folds its code (``jupyter.source_hidden``) so a reader there sees the idea too."""
    import json
    from pathlib import Path

    shown = []
    for path in sorted((Path(__file__).resolve().parents[1] / "book").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            meta = cell.get("metadata", {})
            if {"remove-input", "remove-output"} <= set(meta.get("tags", [])) \
                    and not meta.get("jupyter", {}).get("source_hidden"):
                shown.append(f"{path.name}: {''.join(cell['source'])[:60]!r}")
    assert shown == [], "plumbing cells open in JupyterLab:\n" + "\n".join(shown)
