"""Each chapter's charts, built on genchain.charts (the theme) — figures.<name> mirrors chapters.<name>."""
