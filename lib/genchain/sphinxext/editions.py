"""Sphinx extension: two editions of one book, English at the site's root and Japanese under ``ja/``.

Every page gets a visible switch to the same page in the other edition (and ``<link rel="alternate"
hreflang>`` for search engines and screen readers). The edition is Sphinx's ``language``: ``ja`` for
the Japanese build (see :mod:`genchain.publish.translate`), anything else for English. The Japanese
edition also gets a font stack that prefers the reader's own Japanese fonts (no web fonts: the site
works offline).
"""

from __future__ import annotations

import html

#: where the Japanese edition lives inside the English site
JA_FOLDER = "ja"

FONTS_CSS = """/* the Japanese edition: the reader's own Japanese-capable fonts, no web fonts */
html[lang="ja"] body, html[lang="ja"] .bd-content {
  font-family: system-ui, -apple-system, "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP",
    "Noto Sans CJK JP", "Yu Gothic UI", "Yu Gothic", Meiryo, sans-serif;
  line-break: strict; overflow-wrap: anywhere;
}
"""

SWITCH_CSS = """.gc-edition { display: flex; justify-content: flex-end; margin: 0 0 0.5rem; font-size: 0.9rem; }
.gc-edition a { border: 1px solid var(--pst-color-border, #ccc); border-radius: 0.3rem; padding: 0.1rem 0.6rem; }
"""


def edition(app) -> str:
    """``"ja"`` for the Japanese build, else ``"en"``."""
    return "ja" if (app.config.language or "").startswith("ja") else "en"


def other_page(pagename: str, this: str) -> str:
    """The relative address, from page ``pagename`` of edition ``this``, of the same page in the other edition.

    >>> other_page("book/01-capital", "en"), other_page("book/01-capital", "ja"), other_page("index", "en")
    ('../ja/book/01-capital.html', '../../book/01-capital.html', 'ja/index.html')
    """
    up = "../" * pagename.count("/")
    return f"{up}{JA_FOLDER}/{pagename}.html" if this == "en" else f"{up}../{pagename}.html"


def _switch(app, pagename, templatename, context, doctree):
    if "body" not in context:
        return
    this = edition(app)
    href = html.escape(other_page(pagename, this), quote=True)
    if this == "en":
        link = f'<a href="{href}" hreflang="ja" lang="ja">日本語版で読む</a>'
        alternate = "ja"
    else:
        link = f'<a href="{href}" hreflang="en" lang="en">Read in English</a>'
        alternate = "en"
    context["body"] = f'<nav class="gc-edition" aria-label="Edition">{link}</nav>\n' + context["body"]
    context["metatags"] = context.get("metatags", "") + f'\n<link rel="alternate" hreflang="{alternate}" href="{href}">'


def _language(app, config):
    import os
    from pathlib import Path

    from genchain import i18n

    # the package speaks the edition's language; kernels the build starts inherit it
    i18n.use("ja" if (config.language or "").startswith("ja") else "en")
    if (Path(app.srcdir) / "locale").is_dir():
        os.environ[i18n.LOCALE] = str((Path(app.srcdir) / "locale").resolve())


def _assets(app):
    from pathlib import Path

    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / "genchain-editions.css").write_text(SWITCH_CSS + FONTS_CSS, encoding="utf-8")


def setup(app):
    app.connect("config-inited", _language, priority=100)
    app.connect("builder-inited", _assets)
    app.add_css_file("genchain-editions.css")
    app.connect("html-page-context", _switch)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
