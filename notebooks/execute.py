"""Re-execute the committed notebooks on the seeds, in place, without run metadata.

The notebooks are committed executed so that they read well on a code host. Run
this (or ``make notebooks``) after a change that alters their output::

    .venv/bin/python notebooks/execute.py            # all three
    .venv/bin/python notebooks/execute.py 02-compare-outlets
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import nbformat
import papermill

NOTEBOOKS = Path(__file__).resolve().parent
NAMES = ("01-score-articles", "02-compare-outlets", "03-classroom-handout")


def execute(name: str) -> Path:
    """Run one notebook with its default parameters and write it back, clean."""
    src = NOTEBOOKS / f"{name}.ipynb"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / src.name
        papermill.execute_notebook(str(src), str(out), cwd=str(NOTEBOOKS),
                                   kernel_name="python3", progress_bar=False)
        nb = nbformat.read(out, as_version=4)
    # Papermill's timings and run metadata change on every run: keep diffs to content.
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    nbformat.write(nb, src)
    return src


if __name__ == "__main__":
    for name in sys.argv[1:] or NAMES:
        path = execute(name)
        print(f"{path.name}: {path.stat().st_size:,} bytes")
