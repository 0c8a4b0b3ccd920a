"""genchain.reference: one cut-off date, one set of verdict labels and colours, one sourced actor crosswalk."""

import datetime as dt

import polars as pl
import pytest

from genchain.chapters import capability, capital, summary
from genchain.figures import redesign as redesign_fig
from genchain.publish import catalog
from genchain import data, reference
from genchain.data import spec


def test_cutoff_is_one_date():
    assert reference.CUTOFF == dt.date(2025, 12, 31)
    assert summary.chain_table.__defaults__ == (reference.CUTOFF,)
    assert capital.loop_points.__defaults__ == (reference.CUTOFF,)


def test_verdicts_one_order_label_and_colour_each():
    assert reference.VERDICTS == ("supported", "partly_supported", "not_supported", "untestable", "pending")
    assert set(reference.VERDICT_LABEL) == set(reference.VERDICT_COLOR) == set(reference.VERDICTS)
    assert len(set(reference.VERDICT_COLOR.values())) == 5                    # no two verdicts share a colour
    assert spec.TABLES["claims"].columns[[c.name for c in spec.TABLES["claims"].columns].index("verdict")].allowed \
        == reference.VERDICTS


def _scale(spec, field):
    """The colour scale of the (possibly layered) Vega-Lite spec whose colour encodes ``field``."""
    for layer in [spec, *spec.get("layer", [])]:
        color = layer.get("encoding", {}).get("color", {})
        if color.get("field") == field:
            return color["scale"]
    raise AssertionError(f"no colour on {field}")


def test_the_two_verdict_charts_colour_a_verdict_alike():
    # chapter 5's ledger used sky blue for "partly supported", the claims appendix orange
    # both now show the verdicts' labels, never their codes ("partly_supported")
    ledger = redesign_fig.ledger_chart(summary.ledger_counts()).to_dict()
    s5 = _scale(ledger, "verdict")
    in_ledger = dict(zip(s5["domain"], s5["range"], strict=True))
    counts = catalog.verdict_chart(catalog.verdict_counts()).to_dict()
    sa = _scale(counts, "verdict_label")
    in_appendix = dict(zip(sa["domain"], sa["range"], strict=True))
    assert in_ledger["Partly supported"] == in_appendix["Partly supported"] == "#E69F00"
    for v in reference.VERDICTS:
        label = reference.VERDICT_LABEL[v]
        assert in_ledger[label] == in_appendix[label] == reference.VERDICT_COLOR[v]


def test_aliases_and_names():
    assert reference.alias("Zhipu AI", "funding_rounds") == "Zhipu AI (Knowledge Atlas)"
    assert reference.alias("Google DeepMind", "funding_rounds") is None      # no venture rounds
    assert reference.name_in("Google DeepMind", "funding_rounds") == "Google DeepMind"
    assert reference.aliases("funding_rounds")["Baichuan AI"] == "Baichuan"
    assert reference.alias("Anthropic", "clusters") == "Anthropic|Rainier"
    assert reference.group("Sakana AI") == "Japan" and reference.group("MiniMax") == "China"
    with pytest.raises(KeyError):
        reference.group("Nobody")
    arena = reference.aliases("leaderboard", kind="model")
    assert arena["gpt-4-0613"] == arena["gpt-4-0314"] == "GPT-4"               # two releases, one Epoch model
    assert summary.CHINA_LABS == ["DeepSeek", "Alibaba", "Moonshot AI", "Zhipu AI", "MiniMax"]


# ---------------------------------------------------------------- the curated table itself

COLUMN = {"funding_rounds": "company", "models": "organization", "compute_deals": "company", "revenue": "company",
          "contracts": "company", "leaderboard": "organization"}


def test_every_alias_names_something_in_its_table():
    a = reference.actors(kind=None)
    for table, rows in a.group_by("table"):
        f = data.load(table[0])
        for kind, alias in rows.select("kind", "alias").iter_rows():
            if table[0] == "clusters":
                hay = pl.concat_str("name", "owner", "note", separator=" ", ignore_nulls=True)
                assert f.filter(hay.str.contains(alias)).height, alias
            else:
                col = "model" if kind == "model" else COLUMN[table[0]]
                assert alias in f[col].to_list(), (table[0], alias)


def test_each_organisation_has_one_group_and_each_model_is_an_epoch_model():
    orgs = reference.actors()
    assert orgs["group"].null_count() == 0
    assert orgs.group_by("name").agg(pl.col("group").n_unique())["group"].max() == 1
    models = reference.actors("model")
    assert models["group"].null_count() == models.height
    assert set(models["name"]) <= set(data.load("models")["model"])
    # every Arena key maps to one model, and best_ratings uses exactly this crosswalk
    assert models["alias"].n_unique() == models.height
    assert set(capability.best_ratings()["arena_key"]) <= set(models["alias"])
