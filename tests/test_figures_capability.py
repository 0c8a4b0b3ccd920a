"""genchain.figures.capability: chapter 2's capability charts draw the numbers of genchain.chapters.capability."""

import pytest

from genchain import data
from genchain.chapters import capability as cap
from genchain.figures import capability as figures


@pytest.fixture(scope="module")
def fitted():
    frame = cap.capability_frame()
    fit = cap.fit_line(frame)
    return cap.with_residuals(frame, fit), fit


def _find(spec, key):
    """Every value of ``key`` anywhere in a chart spec (layers, encodings, params)."""
    if isinstance(spec, dict):
        return ([spec[key]] if key in spec else []) + [v for x in spec.values() for v in _find(x, key)]
    return [v for x in spec for v in _find(x, key)] if isinstance(spec, list) else []


def test_frontier_chart_line_is_the_fit(fitted):
    frame, fit = fitted
    spec = figures.frontier_chart(frame, fit).to_dict()
    line = next(d for d in spec["datasets"].values() if d and "what" in d[0])
    lo, hi = frame["log10_flop"].min(), frame["log10_flop"].max()
    # the dashed line runs from the smallest to the largest run, on intercept + slope x log10 FLOP
    assert [r["training_flop"] for r in line] == pytest.approx([10 ** lo, 10 ** hi])
    assert [r["rating"] for r in line] == pytest.approx([fit.intercept + fit.slope * lo, fit.intercept + fit.slope * hi])
    assert line[0]["what"] == f"OLS fit: {fit.slope:.0f} points per 10x FLOP"


def test_rank_chart_segments_and_scale():
    hist = cap.rank_history()
    spec = figures.rank_chart(hist).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == hist.height and {r["segment"] for r in rows} == set(cap.rank_segments(hist)["segment"])
    y = _find(spec, "y")[0]
    # rank 1 on top; the axis reaches at least rank 36
    assert y["scale"]["reverse"] is True and y["scale"]["domain"] == [1, max(36, hist["best_rank"].max())]


def test_compute_trend_chart_keeps_us_and_china_since_2020():
    rows = next(iter(figures.compute_trend_chart(data.load("models")).to_dict()["datasets"].values()))
    assert {r["country"] for r in rows} == {"United States", "China"}
    assert min(r["date"] for r in rows) >= "2020-01-01"


@pytest.mark.parametrize("make,field,on,off", [
    (lambda f: figures.compute_trend_chart(data.load("models")), "country", 0.9, 0.1),
    (lambda f: figures.frontier_chart(*f), "group", 0.95, 0.15),
    (lambda f: figures.rank_chart(cap.rank_history()), "view", 1, 0.12),
])
def test_legend_click_highlights_one_entry(fitted, make, field, on, off):
    spec = make(fitted).to_dict()
    pick = [p for p in _find(spec, "params") for p in p if p.get("bind") == "legend"]
    assert len(pick) == 1 and pick[0]["select"]["fields"] == [field]
    opacity = [o for o in _find(spec, "opacity") if isinstance(o, dict) and "condition" in o]
    assert opacity and all(o["condition"]["value"] == on and o["value"] == off for o in opacity)
