"""Sphinx extension: render math as MathML at build time, so pages with equations need no MathJax.

Sphinx's default renderer loads MathJax from a CDN, which an offline site cannot do. This
extension registers an HTML math renderer ``mathml`` that converts each ``$...$`` / ``$$...$$``
(and ``{math}``) to MathML with docutils' own LaTeX converter
(:func:`docutils.utils.math.latex2mathml.tex2mathml`); browsers draw MathML natively (MathML Core).
Loading the extension is enough: with MathJax and one other renderer registered, Sphinx
picks the other one. A formula docutils cannot convert is a build warning naming the page.

>>> "<mfrac>" in to_mathml(r"\\frac{a}{b}", block=True)
True
"""

from __future__ import annotations

from docutils import nodes
from docutils.utils.math import latex2mathml
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)


def to_mathml(tex: str, block: bool = False) -> str:
    """MathML for a LaTeX formula (raises ``SyntaxError`` for LaTeX docutils does not know)."""
    return latex2mathml.tex2mathml(tex.strip(), as_block=block)


def _convert(self, node, tex: str, block: bool) -> str:
    try:
        return to_mathml(tex, block)
    except Exception as err:  # docutils raises SyntaxError (and sometimes others) for unknown LaTeX
        logger.warning(f"cannot render this formula as MathML ({err}): {tex}", location=node)
        return f"<code>{self.encode(tex)}</code>"


def visit_inline(self, node: nodes.math) -> None:
    self.body.append(f'<span class="math notranslate nohighlight">{_convert(self, node, node.astext(), False)}</span>')
    raise nodes.SkipNode


def visit_block(self, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    # a block may hold several equations separated by blank lines (as Sphinx's math directive allows)
    for part in [p for p in node.astext().split("\n\n") if p.strip()]:
        self.body.append(_convert(self, node, part, True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (visit_inline, None), (visit_block, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
