"""Sphinx extension: a chapter notebook reads the same on the site as in JupyterLab.

* Kernels started by the build see ``GENCHAIN_BOOK_BUILD=1``, so a chart is sent as HTML
  only (no widget) and :func:`genchain.present.figure` leaves its caption to the site.
* A code cell that calls ``figure(chart, "fig-…", "caption")`` (see :mod:`genchain.present`)
  becomes a numbered figure with that caption: the name and caption are read from the call
  and written into the cell's ``mystnb.figure`` metadata before myst-nb reads the notebook.
  The caption is written once, in the code a reader sees.
* Every number the pages show (``num(v, key=...)``, see :mod:`genchain.quantities`) is logged to
  ``_build/quantities/<page>.jsonl``: ``GENCHAIN_QUANTITIES_LOG`` names the folder when the builder
  starts, ``GENCHAIN_PAGE`` the page when its source is read (its kernel starts after that, so it
  inherits both; the page's old file is removed then). ``tests/test_quantities_site.py`` fails
  when one keyed quantity is printed two ways, ``tests/test_editions.py`` when the two editions
  show different numbers.
"""

from __future__ import annotations

import ast
import json
import os

from genchain import i18n


def figure_call(source: str) -> dict | None:
    """``{"name", "caption"}`` of the ``figure(...)`` call in a cell's ``source``, if any.

    >>> figure_call('figure(chart, "fig-01-x", "The caption.")')
    {'name': 'fig-01-x', 'caption': 'The caption.'}
    >>> figure_call('present.figure(c, name="fig-a", caption="A " "b")')
    {'name': 'fig-a', 'caption': 'A b'}
    >>> figure_call('x = 1') is None
    True
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None  # IPython magics: not a figure cell
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        named = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if named != "figure":
            continue
        args = {k.arg: k.value for k in node.keywords}
        for key, position in (("name", 1), ("caption", 2)):
            if key not in args and len(node.args) > position:
                args[key] = node.args[position]
        values = {k: args[k].value for k in ("name", "caption")
                  if isinstance(args.get(k), ast.Constant) and isinstance(args[k].value, str)}
        if len(values) != 2:
            raise ValueError(f"figure() needs its name and caption as literal strings: {source.strip()[:120]}")
        return values
    return None


def _number_figures(app, docname, content):
    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    nb = json.loads(content[0])
    changed = False
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        found = figure_call(source)
        if found:
            found["caption"] = i18n.t(found["caption"])  # the Japanese edition's caption, from the catalog
            cell.setdefault("metadata", {}).setdefault("mystnb", {})["figure"] = found
            changed = True
    if changed:
        content[0] = json.dumps(nb)


def quantities_log_path(outdir) -> str:
    """Where the build logs the numbers pages show: ``quantities/`` beside the HTML folder, a file per page."""
    return os.path.join(os.path.dirname(os.path.abspath(str(outdir))), "quantities")


def _start_quantities_log(app):
    folder = quantities_log_path(app.outdir)
    os.makedirs(folder, exist_ok=True)
    os.environ["GENCHAIN_QUANTITIES_LOG"] = folder


def i18n_log_folder(outdir) -> str:
    """Where the build records run-time texts: ``i18n/`` beside the HTML folder, one file per page."""
    return os.path.join(os.path.dirname(os.path.abspath(str(outdir))), "i18n")


def _start_i18n_log(app, config=None):
    # English: record every text the package shows (make translations reads them);
    # Japanese: record every text that had no translation (the coverage test reads them)
    variable = i18n.MISSING if i18n.language() == "ja" else i18n.COLLECT
    folder = i18n_log_folder(app.outdir)
    os.makedirs(folder, exist_ok=True)
    os.environ[variable] = folder


def _name_page(app, docname, content):
    os.environ["GENCHAIN_PAGE"] = docname  # the page's kernel starts after source-read and inherits it
    # the page is read (and its notebook run) again: its numbers and texts are recorded afresh
    for folder in (quantities_log_path(app.outdir), i18n_log_folder(app.outdir)):
        log = os.path.join(folder, docname.replace("/", "__") + ".jsonl")
        if os.path.exists(log):
            os.remove(log)


def setup(app):
    from genchain.publish import kernel_wait

    kernel_wait.install()  # a missed socket wake-up costs a second, not the 120 s cell timeout
    os.environ["GENCHAIN_BOOK_BUILD"] = "1"  # inherited by the kernels myst-nb starts
    app.connect("builder-inited", _start_quantities_log)
    # at config-inited, after sphinxext.editions set the language and before any extension shows a text
    app.connect("config-inited", _start_i18n_log, priority=200)
    app.connect("source-read", _name_page)
    app.connect("source-read", _number_figures)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
