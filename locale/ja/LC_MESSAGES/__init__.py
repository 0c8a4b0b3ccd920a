"""The Japanese catalogs, installed with the package as ``genchain.locale_ja``.

``pyproject.toml`` maps this folder onto ``genchain.locale_ja`` so that a wheel carries the
run-time catalogs (``runtime-*.po``: the words of charts, tables and captions), and
:func:`genchain.i18n.locale_dir` finds them outside the repository: a notebook of the Japanese
edition shows its charts in Japanese on a student's laptop too. (The file sits here, not in
``locale/``, because a ``locale/__init__.py`` would hide Python's own ``locale`` module from
anything run at the repository's root.) Nothing else belongs in this file.
"""
