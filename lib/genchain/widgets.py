"""Live ipywidgets panels: the same what-if as a chapter's static Altair chart, run by a kernel.

A :class:`Panel` ties named controls to a function of their values. Every change
calls the function again and shows what it returns (an Altair chart, a polars
frame or text). ``panel.result`` holds the latest return value, so tests (and
teachers) can drive a panel without a browser::

    p = Panel(lambda share: share * 2, share=FloatSlider(value=0.5, min=0, max=1))
    p.set(share=0.25)
    p.result  # 0.5

On the static site a panel shows its initial output only; the sliders that work
without a kernel are the Altair ones (see :func:`genchain.charts.slider`).
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w
import polars as pl
from IPython.display import display

from genchain import i18n

__all__ = ["Panel", "slider", "choice"]


def slider(value: float, lo: float, hi: float, step: float, label: str, integer: bool = False):
    """A labelled slider (float unless ``integer``)."""
    cls = w.IntSlider if integer else w.FloatSlider
    return cls(value=value, min=lo, max=hi, step=step, description=label, continuous_update=False,
               style={"description_width": "initial"}, layout=w.Layout(width="95%", max_width="480px"))


def choice(options, label: str, value=None):
    """A labelled drop-down."""
    options = list(options)
    return w.Dropdown(options=options, value=options[0] if value is None else value, description=label,
                      style={"description_width": "initial"})


class Panel(w.VBox):
    """Controls plus an output area that re-runs ``function(**values)`` on every change."""

    def __init__(self, function: Callable, title: str = "", table_labels: dict[str, str] | None = None,
                 **controls):
        if not controls:
            raise ValueError("a panel needs at least one control")
        self.function, self.controls, self.table_labels = function, controls, table_labels or {}
        self.output = w.Output()
        self.result = None
        header = [w.HTML(f"<b>{title}</b>")] if title else []
        super().__init__(header + list(controls.values()) + [self.output])
        for control in controls.values():
            control.observe(lambda _change: self.update(), names="value")
        self.update()

    def values(self) -> dict:
        return {name: c.value for name, c in self.controls.items()}

    def update(self):
        """Call the function with the current values and show the result."""
        self.result = self.function(**self.values())
        self.output.clear_output(wait=True)
        with self.output:
            display(self.shown())
        return self.result

    def shown(self):
        """What a reader sees of the result: a frame as a formatted table, anything else as it is."""
        if isinstance(self.result, pl.DataFrame):
            from genchain.present import table

            labels = {k: v for k, v in self.table_labels.items() if k in self.result.columns}
            return table(self.result, labels=labels)
        return self.result

    def _repr_mimebundle_(self, **kwargs):
        """The live widget for Jupyter, and a static rendering (the current result) for the site."""
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        result_html = _html_of(self.shown())
        settings = ", ".join(f"{k} = {i18n.t(v) if isinstance(v, str) else v}" for k, v in self.values().items())
        bundle["text/html"] = (
            "<div class='gc-live-panel'><p><em>"
            + html.escape(i18n.t("Live panel: run this notebook in Jupyter to move its controls. "
                                 "Shown here with its default settings:"))
            + " (" + html.escape(settings) + ")</em></p>" + result_html + "</div>"
        )
        return bundle

    def set(self, **values):
        """Set controls by name (as a user would), then return the new result."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise KeyError(f"no control named {', '.join(sorted(unknown))}; controls: {', '.join(self.controls)}")
        for name, value in values.items():
            self.controls[name].value = value
        return self.result


def _html_of(obj) -> str:
    """HTML for a result: its own rich HTML if it has one, else escaped text."""
    if hasattr(obj, "_repr_mimebundle_"):
        bundle = obj._repr_mimebundle_()
        bundle = bundle[0] if isinstance(bundle, tuple) else bundle
        if "text/html" in bundle:
            return bundle["text/html"]
    if hasattr(obj, "_repr_html_"):
        return obj._repr_html_()
    return "<pre>" + html.escape(str(obj)) + "</pre>"
