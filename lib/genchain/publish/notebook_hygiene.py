"""Keep the book's notebooks clean on disk when they are worked on in JupyterLab (``make lab``).

Outputs, the values jupyterlab-myst stores for ``{eval}`` expressions and session metadata never
belong in the repository. The git filter (nbstripout, set up by ``make``) keeps them out of commits;
this save hook keeps them out of the files too, so ``git status`` stays clean after Run All and save.
``EXTRA_KEYS`` is the one list both use (the Makefile passes it to the filter).

>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1", execution_count=3,
...     outputs=[nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=3)])])
>>> nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
>>> out = strip(nb)
>>> out.cells[0].outputs, out.cells[0].execution_count, "language_info" in out.metadata
([], None, False)
"""

from __future__ import annotations

# not the kernelspec's display_name: nbformat requires it (the notebooks carry JupyterLab's own name for
# the project's kernel, so a save does not change it)
EXTRA_KEYS = ["cell.metadata.user_expressions", "cell.metadata.jupyter.outputs_hidden", "metadata.widgets",
              "metadata.language_info"]


def strip(nb):
    """``nb`` (an nbformat notebook) without outputs, counts or the keys in ``EXTRA_KEYS``."""
    from nbstripout import strip_output

    return strip_output(nb, keep_output=False, keep_count=False, keep_id=True, extra_keys=list(EXTRA_KEYS))


def pre_save_hook(model, **kwargs):
    """Jupyter server hook (``FileContentsManager.pre_save_hook``): save notebooks stripped."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    import nbformat

    model["content"] = strip(nbformat.from_dict(model["content"]))
