"""Sphinx extension: a clean offline site. Ship Vega, Vega-Lite and Vega-Embed with the site so charts need no network.

Altair's HTML output loads the three libraries from a CDN unless a global
``VEGA_DEBUG`` says versions already on the page match what it wants. This
extension writes vl-convert's bundle (wrapped in a function scope, because its
top-level constants collide with Sphinx's globals) into the site's ``_static``,
and before it a tiny script that declares the versions Altair asks for.
"""

from __future__ import annotations

import json
from pathlib import Path

BUNDLE = "genchain-vega.js"
CSS = "genchain.css"
#: the book's own styles: readable links in every box, tables that scroll instead of the page
STYLES = """
.exercise a, .solution a, .admonition a, .exercise .std-numref { color: #00457a; }
html[data-theme="dark"] .exercise a, html[data-theme="dark"] .admonition a { color: #9fd3ff; }
.gc-table, .cell_output .dataframe, .cell_output table { display: block; max-width: 100%; overflow-x: auto; }
.vega-embed { max-width: 100%; flex-direction: column; }
.vega-embed .vega-bindings { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; font-size: 0.9rem; }
/* a long dotted name in the prose (genchain.chapters.defense_loop.contract_loop) wraps on a phone */
p code.literal, li code.literal, p code.literal .pre, li code.literal .pre { overflow-wrap: anywhere; white-space: pre-wrap; }
"""
A11Y_JS = "genchain-a11y.js"
#: scrollable tables must be reachable by keyboard (axe: scrollable-region-focusable)
A11Y_SCRIPT = """function gcFocusable(el, label) {
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '0');
  if (!el.hasAttribute('role')) { el.setAttribute('role', 'region'); el.setAttribute('aria-label', label); }
}
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('.gc-table, .cell_output .dataframe, .cell_output table').forEach(
    (el) => gcFocusable(el, 'Table (scrolls sideways)'));
});
// a chart wider than the page scrolls inside its output once drawn (Vega draws after load)
function gcWideOutputs() {
  document.querySelectorAll('.text_html.output, .cell_output .output').forEach((el) => {
    if (el.scrollWidth > el.clientWidth + 1) gcFocusable(el, 'Figure (scrolls sideways)');
  });
}
document.addEventListener('DOMContentLoaded', () => {
  gcWideOutputs();
  let pending = false;
  new MutationObserver(() => {
    if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; gcWideOutputs(); }); }
  }).observe(document.body, {childList: true, subtree: true});
});
"""
VERSIONS = "genchain-vega-versions.js"


def _versions() -> dict[str, str]:
    import altair as alt

    return {
        "vega_version": alt.VEGA_VERSION.split(".")[0],
        "vegalite_version": alt.VEGALITE_VERSION,
        "vegaembed_version": alt.VEGAEMBED_VERSION.split(".")[0],
    }


def _verdict_styles() -> str:
    """A claim box's left border in its verdict's colour (the ledger chart's colours)."""
    from genchain.reference import VERDICT_COLOR

    return "".join(f'.admonition.claim-check[data-verdict="{v}"] {{ border-left: 0.35rem solid {c}; }}\n'
                   for v, c in VERDICT_COLOR.items())


def _verdict_script() -> str:
    """Mark each claim box with its verdict, read from its title ("C1.3 — Supported")."""
    from genchain import i18n
    from genchain.reference import VERDICT_LABEL

    labels = json.dumps({i18n.t(label): v for v, label in VERDICT_LABEL.items()}, ensure_ascii=False)
    return ("document.addEventListener('DOMContentLoaded', () => {\n"
            f"  const verdicts = {labels};\n"
            "  document.querySelectorAll('.admonition.claim-check > .admonition-title').forEach((t) => {\n"
            "    const label = t.textContent.split(' — ').pop().trim();\n"
            "    if (verdicts[label]) t.parentElement.setAttribute('data-verdict', verdicts[label]);\n"
            "  });\n});\n")


def write_assets(folder: Path) -> None:
    """Write the versions script and the JavaScript bundle into ``folder`` (cached by version)."""
    import vl_convert

    folder.mkdir(parents=True, exist_ok=True)
    (folder / CSS).write_text(STYLES + _verdict_styles(), encoding="utf-8")
    (folder / A11Y_JS).write_text(A11Y_SCRIPT + _verdict_script(), encoding="utf-8")
    versions = _versions()
    stamp = json.dumps(versions, sort_keys=True) + vl_convert.__version__
    (folder / VERSIONS).write_text(f"var VEGA_DEBUG = {json.dumps(versions)};\n", encoding="utf-8")
    bundle, marker = folder / BUNDLE, folder / (BUNDLE + ".stamp")
    if bundle.exists() and marker.exists() and marker.read_text() == stamp:
        return
    vl = ".".join(versions["vegalite_version"].split(".")[:2])
    js = vl_convert.javascript_bundle(vl_version=vl)
    bundle.write_text("(function(){\n" + js + "\n})();\n", encoding="utf-8")
    marker.write_text(stamp)


def _on_init(app):
    folder = Path(app.outdir).parent / ".genchain-static"
    write_assets(folder)
    app.config.html_static_path.append(str(folder))


def _drop_thebe(app, pagename, templatename, context, doctree):
    """Jupyter Book always adds sphinx-thebe, and twice (a console error); the book does not use it."""
    def keep(asset):
        text = str(asset) + str(getattr(asset, "attributes", {}).get("body", ""))
        return "thebe" not in text.lower()

    for key in ("script_files", "css_files"):
        if key in context:
            seen, kept = set(), []
            for asset in context[key]:
                ident = str(asset) + str(getattr(asset, "attributes", {}).get("body", ""))
                if keep(asset) and ident not in seen:
                    seen.add(ident)
                    kept.append(asset)
            context[key] = kept


def _fix_citation_list(app, pagename, templatename, context, doctree):
    """docutils marks the bibliography role="list" without listitem children (axe: aria-required-children)."""
    if "body" in context:
        context["body"] = context["body"].replace('<div role="list" class="citation-list">',
                                                  '<div class="citation-list">')


def setup(app):
    app.connect("builder-inited", _on_init)
    app.connect("html-page-context", _drop_thebe)
    app.connect("html-page-context", _fix_citation_list)
    app.add_js_file(VERSIONS, priority=200)
    app.add_js_file(BUNDLE, priority=201)
    app.add_css_file(CSS)
    app.add_js_file(A11Y_JS)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
