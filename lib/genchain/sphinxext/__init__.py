"""The Sphinx extensions the build loads (named in _config.yml)."""
