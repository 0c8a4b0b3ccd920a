"""The book's one Altair theme, its palette, and helpers every chart goes through.

Importing this module registers and enables the ``genchain`` theme. Every chart in
the book is finished with :func:`finish`, which gives it a title, a source caption
(as the subtitle), an accessible ``description`` (the ARIA label of the SVG) and
a width that follows its container.

>>> import altair as alt, polars as pl
>>> c = finish(alt.Chart(pl.DataFrame({"x": [1]})).mark_point().encode(x="x:Q"),
...            title="T", source="Epoch AI", description="One point.")
>>> c.to_dict()["description"]
'One point.'
"""

from __future__ import annotations

import copy
import json
import os

import altair as alt
import polars as pl
from altair.utils.display import HTMLRenderer

from genchain import i18n

#: Okabe-Ito: distinguishable with the common colour-vision deficiencies
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
#: fixed colours so a country or actor looks the same in every chapter
COLORS = {
    "United States": "#0072B2", "China": "#D55E00", "Japan": "#CC79A7", "Europe": "#009E73",
    "United Kingdom": "#56B4E9", "France": "#009E73", "Rest of world": "#999999", "Other": "#999999",
    "OpenAI": "#000000", "Anthropic": "#E69F00", "xAI": "#56B4E9", "Google DeepMind": "#009E73",
    "Meta": "#0072B2", "Anduril": "#D55E00", "Palantir": "#CC79A7",
}
FONT = '"Noto Sans", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", Meiryo, "Segoe UI", Roboto, sans-serif'
BACKGROUND = "#ffffff"
INK = "#1f2933"


class _ScriptSafeJSON(json.JSONEncoder):
    """JSON that cannot close the <script> element it is embedded in.

    Altair puts the chart spec, data included, inside a <script> tag; a data cell holding
    "</script>" would end the script early (breaking the chart, and running whatever follows).
    "</" only occurs inside JSON strings, where "<\\/" means the same thing.
    """

    def encode(self, o):
        return super().encode(o).replace("</", "<\\/").replace("<!--", "<\\u0021--")


#: Altair's HTML renderer with script-safe JSON; offline once genchain.sphinxext.offline ships Vega
_html = HTMLRenderer(
    mode="vega-lite", template="universal", vega_version=alt.VEGA_VERSION,
    vegaembed_version=alt.VEGAEMBED_VERSION, vegalite_version=alt.VEGALITE_VERSION,
    json_kwds={"cls": _ScriptSafeJSON})


def _in_kernel() -> bool:
    """True inside a Jupyter kernel (where a widget can reach a front end)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _widget(spec: dict, embed_options: dict):
    """The chart as Altair's ``JupyterChart`` widget, with Vega bundled from vl-convert (no CDN)."""
    alt.JupyterChart.enable_offline()
    widget = alt.JupyterChart(None, embed_options=embed_options)
    # a widget is drawn before JupyterLab has laid it out, when its container is 0 px wide
    widget.spec = {**spec, "width": 640} if spec.get("width") == "container" else spec
    return widget


def _stable(spec: dict) -> dict:
    """``spec`` with the floats of its inline datasets rounded to 12 significant digits.

    A polars sum over threads may differ in the last bit from run to run; no chart can show that
    digit, and without it the same data give the same page every build.

    >>> _stable({"datasets": {"d": [{"x": 0.1 + 0.2, "n": "a"}]}})["datasets"]["d"][0]["x"]
    0.3
    """
    if not spec.get("datasets"):
        return spec
    round12 = lambda v: float(f"{v:.12g}") if isinstance(v, float) else v  # noqa: E731
    datasets = {name: [{k: round12(v) for k, v in row.items()} if isinstance(row, dict) else row for row in rows]
                for name, rows in spec["datasets"].items()}
    return {**spec, "datasets": datasets}


#: what a tooltip calls a column the book's tables share, when the chart gave it no title of its own:
#: one reader's name per column name, for every chart (a chart's own ``title=`` always wins)
FIELD_TITLES = {
    "accelerator": "Accelerator", "actor": "Actor", "afford": "Can it pay?", "agency": "Agency",
    "amount_usd_bn": "Amount (USD bn)", "announced": "Announced", "instrument": "Instrument", "jpy_bn": "JPY bn",
    "post_money_usd_bn": "Valuation (USD bn)", "when": "Date",
    "arena_key": "Arena name", "as_of": "As of", "basis": "Basis", "best_rank": "Best rank", "chapter": "Chapter",
    "chip": "Chip", "chips_bought": "Chips bought", "claims": "Claims", "company": "Company",
    "compute_confidence": "Epoch's confidence", "contract_type": "Contract type", "country": "Country", "date": "Date",
    "date_precision": "Date precision", "day": "Date", "definition": "Definition", "description": "Description",
    "disclosed": "Disclosed", "event_type": "Event", "export_status": "Export status", "family": "Definition family",
    "flop_e26": "FLOP (10²⁶)", "geography": "Geography", "group": "Group", "h100_equivalents": "H100-equivalents",
    "implementation": "Implementation", "item": "Item", "kind": "Kind", "label": "Label", "lane": "Lane",
    "line_item": "Line item", "measure": "Measure", "metric": "Measure", "model": "Model", "name": "Name",
    "note": "Note", "organization": "Developer", "owner": "Owner", "period": "Period", "price_usd": "Price (USD)",
    "provider": "Provider", "rating": "Arena rating", "release_date": "Release date", "round": "Round",
    "route": "Route", "rows": "Rows", "rule": "Rule", "series": "Series", "side_2022": "Oct 2022 rule",
    "side_2023": "Oct 2023 rule", "snapshot_date": "Snapshot", "source_id": "Source", "stance": "Stance",
    "systems": "Systems", "table": "Table", "text": "Text", "tpp": "TPP", "training_flop": "Training compute (FLOP)",
    "unit": "Unit", "value": "Value", "vendor": "Vendor", "verdict": "Verdict", "view": "Ranking view", "what": "What",
    "year": "Year",
}


def titled_tooltips(spec: dict) -> dict:
    """``spec`` with every tooltip that has no title named from :data:`FIELD_TITLES` (a copy; others kept).

    >>> titled_tooltips({"encoding": {"tooltip": [{"field": "source_id"}, {"field": "x", "title": "X"}]}})
    {'encoding': {'tooltip': [{'field': 'source_id', 'title': 'Source'}, {'field': 'x', 'title': 'X'}]}}
    """
    out = {k: v if k == "datasets" else copy.deepcopy(v) for k, v in spec.items()}  # data rows are not copied
    for entry in tooltip_entries(out):
        if "field" in entry and "title" not in entry and entry["field"] in FIELD_TITLES:
            entry["title"] = FIELD_TITLES[entry["field"]]
    return out


def render(spec: dict, **metadata) -> dict:
    """One chart output that every reader of a notebook can see, with no network.

    ``text/html`` for the site (it draws with the Vega bundle the site ships, see
    :mod:`genchain.sphinxext.offline`) and, in a kernel, a widget view for JupyterLab, whose own
    renderers stop at Vega-Lite 5 and whose HTML output would fetch Vega from a CDN. JupyterLab
    prefers the widget view; the site build, where no front end would draw it, leaves it out.
    """
    spec = i18n.translate_spec(titled_tooltips(_stable(spec)))
    bundle = _html(spec, **metadata)
    bundle = dict(bundle[0] if isinstance(bundle, tuple) else bundle)
    if _in_kernel() and os.environ.get("GENCHAIN_BOOK_BUILD") != "1":
        options = metadata.get("embed_options") or {}
        view = _widget(spec, options)._repr_mimebundle_()
        bundle.update(view[0] if isinstance(view, tuple) else view)
    return bundle


alt.renderers.register("genchain", render)
# no actions menu: its <details>/<summary> has no accessible name (axe: summary-name)
alt.renderers.enable("genchain", embed_options={"actions": False})


@alt.theme.register("genchain", enable=True)
def theme() -> alt.theme.ThemeConfig:
    """Readable type, a light explicit background (so charts stay legible in dark mode), Okabe-Ito."""
    return {
        "background": BACKGROUND,
        "padding": 8,
        "config": {
            "font": FONT,
            "view": {"continuousWidth": 560, "continuousHeight": 320, "stroke": None},
            "range": {"category": PALETTE},
            "title": {"fontSize": 15, "anchor": "start", "color": INK, "subtitleColor": "#52606d",
                      "subtitleFontSize": 11, "offset": 10},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "labelColor": INK, "titleColor": INK,
                     "gridColor": "#e4e7eb", "domainColor": "#9aa5b1", "labelLimit": 220},
            "legend": {"labelFontSize": 11, "titleFontSize": 12, "labelColor": INK, "titleColor": INK,
                       "orient": "bottom", "direction": "horizontal", "columns": 3, "labelLimit": 200},
            "header": {"labelColor": INK, "titleColor": INK},
            "line": {"strokeWidth": 2.5},
            "point": {"size": 60, "filled": True},
        },
    }


def color_scale(domain: list[str]) -> alt.Scale:
    """A colour scale giving each name its book-wide colour (others take the palette in order)."""
    spare = iter(c for c in PALETTE if c not in {COLORS.get(d) for d in domain})
    return alt.Scale(domain=list(domain), range=[COLORS.get(d) or next(spare, "#999999") for d in domain])


def finish(chart, title: str, source: str, description: str, subtitle: str | None = None,
           responsive: bool = True):
    """Give ``chart`` its title, source caption, ARIA description and responsive width.

    ``source`` names where the data come from (it is shown as "Source: ..."); ``description``
    is one or two sentences a screen reader announces. ``responsive`` makes a single view
    fill its container (not possible for concatenated or faceted charts).
    """
    if not title or not source or not description:
        raise ValueError("every chart needs a title, a source and a description")
    lines = ([subtitle] if subtitle else []) + [f"Source: {source}"]
    out = chart.properties(title=alt.Title(title, subtitle=lines), description=description)
    if responsive and isinstance(chart, alt.Chart | alt.LayerChart):
        out = out.properties(width="container")
    return out


def tooltip_entries(spec):
    """Every tooltip entry of a chart spec (a dict such as ``{"field": "year", "title": "Year"}``), in
    layers, concatenations and marks alike; the inline data are not walked.

    >>> list(tooltip_entries({"layer": [{"encoding": {"tooltip": [{"field": "a"}]}}], "datasets": {"d": []}}))
    [{'field': 'a'}]
    """
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "tooltip":
                yield from (e for e in (value if isinstance(value, list) else [value]) if isinstance(e, dict))
            elif key != "datasets":
                yield from tooltip_entries(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from tooltip_entries(item)


def untitled_tooltips(spec) -> list[str]:
    """The fields a chart's tooltips would show under their code name (a tooltip with no ``title``).

    A reader hovering a point should read "Year", not ``fiscal_year``: a chart titles its tooltips
    (``alt.Tooltip("fiscal_year:Q", title="Year")``) or :func:`render` names them from
    :data:`FIELD_TITLES`; a site test checks the shipped charts with this.

    >>> untitled_tooltips({"layer": [{"encoding": {"tooltip": [{"field": "fiscal_year", "type": "quantitative"},
    ...                                                        {"field": "x", "title": "X"}]}}]})
    ['fiscal_year']
    """
    return [e["field"] for e in tooltip_entries(spec) if "field" in e and "title" not in e]


def slider(name: str, value: float, lo: float, hi: float, step: float, label: str) -> alt.Parameter:
    """An Altair parameter bound to a range slider (works on the static site, no kernel)."""
    return alt.param(name=name, value=value, bind=alt.binding_range(min=lo, max=hi, step=step, name=label))


def dropdown(name: str, options: list, label: str, value=None) -> alt.Parameter:
    """An Altair parameter bound to a drop-down menu."""
    return alt.param(name=name, value=options[0] if value is None else value,
                     bind=alt.binding_select(options=list(options), name=label))


def legend_highlight(field: str, on: float = 1.0, off: float = 0.15) -> tuple[alt.Parameter, dict]:
    """A click on a legend entry of ``field`` highlights its marks and fades the others.

    Returns ``(param, opacity)``: add ``param`` to the chart (``.add_params(param)``) and use ``opacity``
    as the marks' opacity encoding. ``on``/``off`` are the opacities of picked and faded marks (0-1).
    """
    pick = alt.selection_point(fields=[field], bind="legend")
    return pick, alt.condition(pick, alt.value(on), alt.value(off))


def reference_line(value: float, label: str, axis: str = "x", color: str = "#D55E00",
                   dash: tuple[int, int] | None = (4, 3), width: float | None = None,
                   unit: str | None = None, fmt: str = ".2f") -> alt.Chart:
    """A rule across the plot at ``value`` on ``axis`` ("x" or "y"), named ``label`` in its tooltip.

    Layer it over a chart that shares the axis's scale. Dashed by default (a threshold from the text);
    ``dash=None`` draws it solid. ``width`` is the stroke width in pixels; with ``unit`` the tooltip also
    gives the value, titled ``unit`` and formatted with ``fmt`` (a d3 format).

    >>> reference_line(80.0, "the essay's 80%").to_dict()["mark"]
    {'type': 'rule', 'color': '#D55E00', 'strokeDash': [4, 3]}
    """
    mark = {"color": color} | ({"strokeDash": list(dash)} if dash else {}) | ({"strokeWidth": width} if width else {})
    tip = [alt.Tooltip("t:N", title="Line")] + ([alt.Tooltip(f"{axis}:Q", title=unit, format=fmt)] if unit else [])
    return alt.Chart(pl.DataFrame({axis: [float(value)], "t": [label]})).mark_rule(**mark).encode(
        **{axis: f"{axis}:Q"}, tooltip=tip)
