"""The benchmark results table and chart data of the performance appendix."""

import polars as pl

from genchain.publish import benchmarks

RESULTS = pl.DataFrame({
    "section": ["2 concentration", "2 concentration", "4 book"],
    "case": ["genchain (shares)", "pandas (vectorised)", "clean build <fast>"],
    "rows": ["1000000", "1000000", "14 pages"],
    "seconds": [0.111, 0.569, 58.6],
    "peak_mb": [249.0, 305.0, None],
    "notes": ["1.3x the hand-written query", "", ""],
    "target": ["", "equal within 1e-09", "< 90 s"],
    "met": ["", "yes", "yes"],
})


def test_results_table_labels_units_and_escapes():
    from genchain.present import Table

    t = benchmarks.results_table(RESULTS)
    assert isinstance(t, Table)                                        # the book's one table path
    out = t.as_raw_html()
    assert out.count("<td ") == RESULTS.height * 7
    assert "Wall time (s)" in out and "Peak memory (MiB)" in out
    assert ">1,000,000<" in out and ">14 pages<" in out                # counts get separators, text stays
    assert ">0.111<" in out and ">249<" in out and "<strong>yes</strong>" in out
    assert "&lt;fast&gt;" in out and "<fast>" not in out
    assert "1.3x the hand-written query</small>" in out
    assert "mathjax_ignore" in out


def test_largest_and_chart_data():
    d = benchmarks.timing_chart_data(RESULTS)
    assert sorted(d["implementation"]) == ["genchain", "pandas"]
    assert benchmarks.largest(RESULTS, "pandas")["seconds"] == 0.569


def test_met_in_japanese_both_answers_translated(japanese, monkeypatch, tmp_path):
    """Both answers of "Met" reach the catalog even when no target is missed, and show in Japanese."""
    from genchain import i18n

    collect = tmp_path / "collect"
    collect.mkdir()
    monkeypatch.setenv(i18n.COLLECT, str(collect))
    monkeypatch.setenv("GENCHAIN_PAGE", "book/appendix-performance")
    benchmarks.results_table(RESULTS)            # English: every target met, yet "NO" is recorded too
    recorded = (collect / "book__appendix-performance.jsonl").read_text(encoding="utf-8")
    assert '"msgid": "NO"' in recorded and '"msgid": "yes"' in recorded
    japanese({"yes": "達成", "NO": "未達"})
    missed = RESULTS.with_columns(met=pl.Series(["", "NO", "yes"]))
    out = benchmarks.results_table(missed).as_raw_html()
    assert "<strong>未達</strong>" in out and "<strong>達成</strong>" in out and ">NO<" not in out
