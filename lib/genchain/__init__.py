"""genchain: the analysis package behind *The Generation Chain* (polars inside, a small API outside).

Modules: :mod:`~genchain.data` (validated tables), :mod:`~genchain.concentration`
(shares, HHI, Gini), :mod:`~genchain.chain` (capital -> compute -> models -> revenue),
:mod:`~genchain.scenarios` (Monte Carlo, sensitivity), :mod:`~genchain.charts`
(the book's Altair theme), :mod:`~genchain.widgets` (live panels), :mod:`~genchain.synthetic`.
"""

__version__ = "0.1.0"
