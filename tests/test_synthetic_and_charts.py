import altair as alt
import polars as pl
import pytest

from genchain import charts
from genchain.data import synthetic


def test_synthetic_rounds_shape_and_determinism():
    a = synthetic.funding_rounds(5000, seed=7)
    assert a.columns == ["company", "country", "year", "round", "amount_usd_bn"]
    assert a.height == 5000 and a.equals(synthetic.funding_rounds(5000, seed=7))
    assert not a.equals(synthetic.funding_rounds(5000, seed=8))
    assert a["amount_usd_bn"].min() > 0 and a["year"].min() >= 2015 and a["year"].max() <= 2025
    # heavy tail: the top 1% of rounds hold far more than 1% of the money
    top = a.sort("amount_usd_bn", descending=True).head(50)["amount_usd_bn"].sum()
    assert top / a["amount_usd_bn"].sum() > 0.1
    assert a.filter(pl.col("country") == "United States").height > a.filter(pl.col("country") == "Japan").height


def test_theme_is_registered_and_enabled():
    assert alt.theme.active == "genchain"
    spec = alt.Chart(pl.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").to_dict()
    assert spec["config"]["range"]["category"] == charts.PALETTE
    assert spec["background"] == "#ffffff"


def test_finish_requires_and_sets_title_source_description():
    base = alt.Chart(pl.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    spec = charts.finish(base, "Title", "Epoch AI", "A point.").to_dict()
    assert spec["title"]["text"] == "Title" and spec["title"]["subtitle"] == ["Source: Epoch AI"]
    assert spec["description"] == "A point." and spec["width"] == "container"
    with pytest.raises(ValueError):
        charts.finish(base, "Title", "", "A point.")


def test_color_scale_keeps_book_colours():
    s = charts.color_scale(["Japan", "United States", "Somewhere"]).to_dict()
    assert s["range"][:2] == [charts.COLORS["Japan"], charts.COLORS["United States"]]
    assert s["range"][2] not in s["range"][:2]


def test_renderer_escapes_script_end_in_data():
    assert alt.renderers.active == "genchain"
    html = alt.Chart(pl.DataFrame({"t": ["</script><b>"]})).mark_text().encode(text="t:N")._repr_mimebundle_()["text/html"]
    assert "</script><b>" not in html and "<\\/script><b>" in html
