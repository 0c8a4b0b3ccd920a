"""genchain: the analysis package behind *The Generation Chain* (polars inside, a small API outside).

The layout says what each module is for; chapter N's numbers are in ``chapters``, anything two
chapters share is at the top, and nothing at the top or in ``chapters`` imports ``publish`` or
``sphinxext``:

* shared analysis: :mod:`~genchain.data` (validated tables, with ``schema`` and ``synthetic``),
  :mod:`~genchain.reference` (cut-off date, verdicts, actors), :mod:`~genchain.fx`,
  :mod:`~genchain.concentration`, :mod:`~genchain.rounds`, :mod:`~genchain.chain`,
  :mod:`~genchain.scenarios`, :mod:`~genchain.quantities` (numbers printed on several pages);
* showing results: :mod:`~genchain.charts` (the one Altair theme), :mod:`~genchain.present`
  (inline numbers, figures, tables), :mod:`~genchain.widgets` (live panels);
* :mod:`genchain.chapters`: each chapter's numbers and verdict rules;
* :mod:`genchain.publish`: claim boxes, the catalogue, the student edition, packs, assignments, benchmarks;
* :mod:`genchain.sphinxext`: the Sphinx extensions of the build.
"""

__version__ = "0.1.0"
