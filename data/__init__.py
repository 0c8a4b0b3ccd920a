"""The curated tables, installed with the package as ``genchain.tables``.

This folder is where the tables are edited; ``pyproject.toml`` maps it onto the package
``genchain.tables`` so that a wheel carries every ``*.csv`` and ``README.md`` here, and
``genchain.data.data_dir()`` finds them with :mod:`importlib.resources` in editable and
regular installs alike. Nothing else belongs in this file.
"""
