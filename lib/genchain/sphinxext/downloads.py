"""Sphinx extension: the site hands readers the data and the notebooks.

After an HTML build it writes, beside the pages:

* ``data/``: every table, ``sources.csv``, ``claims.csv`` and the data dictionary (the chapters'
  *Data used* links, :data:`genchain.publish.book.DATA_URL`, point there);
* ``_sources/book/NN-*.ipynb`` (what a chapter's download button gives): the **student edition**,
  no solutions and no outputs, starting with the set-up cell;
* ``teacher/NN-*.ipynb``: the teacher edition (solutions kept), linked from the teacher's guide;
* ``downloads/``: the wheel, the student and teacher packs and the data as one zip (as ``make dist``).

It also gives the pages MyST substitutions: ``{{ repository_link }}`` (from ``repository: url:`` in
``_config.yml``, the one place a fork changes), ``{{ downloads_links }}`` and ``{{ teacher_links }}``
(links for a page in ``book/``) and ``{{ genchain_version }}``.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from genchain import i18n
from genchain.publish import packs

DOWNLOADS = "downloads"
TEACHER = "teacher"
DATA = "data"


def _root(app) -> Path:
    return Path(app.srcdir)


def _links(ver: str, base: str = "../") -> str:
    items = [
        (f"{DOWNLOADS}/{packs.pack_name('student', ver)}.zip", "student pack (zip)"),
        (f"{DOWNLOADS}/{packs.pack_name('teacher', ver)}.zip", "teacher pack (zip)"),
        (f"{DOWNLOADS}/{packs.wheel_name(ver)}", "the package (wheel)"),
        (f"{DOWNLOADS}/genchain-data-{ver}.zip", "all the data (zip of CSV files)"),
    ]
    return " · ".join(f'<a href="{base}{href}">{i18n.t(label)}</a>' for href, label in items)


def _on_config(app, config):
    root = _root(app)
    # the Japanese edition (under ja/) links to the English site's packs, one folder further up
    up = "../../" if (config.language or "").startswith("ja") else "../"
    url, ver = packs.repository_url(root), packs.version(root)
    subs = dict(config.myst_substitutions or {})
    subs.setdefault("repository_url", url)
    subs.setdefault("repository_link", f'<a href="{url}">{url.split("://", 1)[-1]}</a>')
    subs.setdefault("downloads_links", _links(ver, up))
    subs.setdefault("genchain_version", ver)
    teacher = [f'<a href="../{TEACHER}/{p.stem}.ipynb">{p.stem}</a>' for p in packs.chapters(root / "book")]
    teacher.append(f'<a href="{up}{DOWNLOADS}/{packs.pack_name("teacher", ver)}.zip">{i18n.t("the teacher pack")}</a>')
    subs.setdefault("teacher_links", ", ".join(teacher))
    config.myst_substitutions = subs


def write_downloads(root: Path, outdir: Path, packs_too: bool = True) -> dict[str, list[Path]]:
    """Write the data, the notebook editions and (``packs_too``) the packs into the built site ``outdir``."""
    from genchain.data import data_dir

    root, outdir = Path(root), Path(outdir)
    written: dict[str, list[Path]] = {}
    # the tables the site was computed from (GENCHAIN_DATA if set), served beside book/
    source = data_dir()
    target = outdir / DATA
    target.mkdir(parents=True, exist_ok=True)
    written["data"] = []
    for f in sorted(source.glob("*.csv")) + [source / "README.md"]:
        if f.is_file():
            shutil.copy2(f, target / f.name)
            written["data"].append(target / f.name)
    setup = packs.install_cell_source(packs.version(root), packs.repository_url(root))
    # the download button serves _sources/book/<chapter>.ipynb: make it the student edition
    sources = outdir / "_sources" / "book"
    with tempfile.TemporaryDirectory() as tmp:
        students = packs.write_editions(root, Path(tmp) / "student", "student", setup)
        written["student"] = []
        for nb in students:
            dest = sources / nb.name
            if dest.is_file() or (root / "book" / nb.name).is_file():
                sources.mkdir(parents=True, exist_ok=True)
                shutil.copy2(nb, dest)
                written["student"].append(dest)
    written["teacher"] = packs.write_editions(root, outdir / TEACHER, "teacher", setup)
    if packs_too:
        down = outdir / DOWNLOADS
        with tempfile.TemporaryDirectory() as tmp:
            wheel, _ = packs.build_wheel(root, tmp)
            down.mkdir(parents=True, exist_ok=True)
            shutil.copy2(wheel, down / wheel.name)
            written["downloads"] = [down / wheel.name,
                                    packs.build_pack(root, down, "student", wheel),
                                    packs.build_pack(root, down, "teacher", wheel),
                                    packs.data_zip(root, down)]
    return written


def _on_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    write_downloads(_root(app), Path(app.outdir), packs_too=app.config.genchain_site_packs)


def setup(app):
    app.add_config_value("genchain_site_packs", True, "html")
    app.connect("config-inited", _on_config, priority=400)
    app.connect("build-finished", _on_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
