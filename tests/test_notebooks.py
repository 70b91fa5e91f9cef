"""The three notebooks run end to end with papermill, on the seeds and on a second corpus.

Each notebook is executed in a fresh kernel with ``papermill.execute_notebook`` (cwd set
to ``notebooks/`` as when a reader opens it in Jupyter); any cell error fails the test.
Output goes to ``tmp_path``. The second corpus, ``tests/fixtures/corpus_small``, is six
real news articles (PTC dev set) on two events, assigned to "Outlet A/B/C".

The kernel is the interpreter running the tests: a ``python3`` kernelspec pointing at
``sys.executable`` is written to a temporary ``JUPYTER_PATH`` (which comes first in
Jupyter's search path), so a user-level ``python3`` kernel elsewhere cannot be picked
up by mistake. ``test_venv_kernelspec`` checks that running Jupyter from the venv by hand
finds the same interpreter.

PDF output is off in these runs (WeasyPrint is slow and is tested with the report);
the committed notebooks were executed with the defaults.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

papermill = pytest.importorskip("papermill")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SMALL = ROOT / "tests" / "fixtures" / "corpus_small"
NAMES = ["01-score-articles", "02-compare-outlets", "03-classroom-handout"]

# A phrase of the plague article of "Outlet C" that no built-in lexicon has.
USER_LEXICON = ("entry,device,category,explanation,neutral,source\n"
                "taking Madagascar to its knees,loaded term,alarm/threat,"
                "Pictures a country brought down before the reader has the numbers.,"
                "spreading in Madagascar,test fixture\n")


@pytest.fixture(scope="session")
def kernel_env(tmp_path_factory):
    """A ``python3`` kernelspec for this interpreter, first on JUPYTER_PATH."""
    from ipykernel.kernelspec import write_kernel_spec

    root = tmp_path_factory.mktemp("jupyter")
    write_kernel_spec(root / "kernels" / "python3",
                      overrides={"display_name": "Python 3 (framing tests)"})
    spec = json.loads((root / "kernels" / "python3" / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(root))
        mp.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        yield root


def run(name: str, out: Path, **parameters) -> nbformat.NotebookNode:
    """Execute ``notebooks/<name>.ipynb`` into ``out``; return the executed notebook."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / f"{name}.ipynb"), str(path),
                               parameters=parameters, cwd=str(NOTEBOOKS),
                               kernel_name="python3", progress_bar=False,
                               log_output=False)
    nb = nbformat.read(path, as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.output_type == "error"]
    assert not errors, errors
    return nb


def stdout(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []) if o.output_type == "stream"
                   and o.name == "stdout")


# ---------------------------------------------------------------------- the seeds

def test_01_seeds(kernel_env, tmp_path):
    nb = run(NAMES[0], tmp_path, out_dir=str(tmp_path / "scores"))
    assert (tmp_path / "scores" / "spans.parquet").exists()
    assert "built-in lexicons were used" in stdout(nb)


def test_02_seeds(kernel_env, tmp_path):
    run(NAMES[1], tmp_path, out_dir=str(tmp_path / "compare"))
    for table in ("events", "profiles", "sources", "coverage"):
        assert (tmp_path / "compare" / f"{table}.csv").exists()


def test_03_seeds(kernel_env, tmp_path):
    run(NAMES[2], tmp_path, out_dir=str(tmp_path / "handout"), pdf=False)
    written = sorted(p.name for p in (tmp_path / "handout").iterdir())
    assert written == ["handout.html", "report.html"]


# ------------------------------------------------------------- the second corpus

def test_01_small_corpus_event_and_user_lexicon(kernel_env, tmp_path):
    lexicon = tmp_path / "my_lexicon.csv"
    lexicon.write_text(USER_LEXICON, encoding="utf-8")
    nb = run(NAMES[0], tmp_path, corpus=str(SMALL), event="2017 plague outbreak in Madagascar",
             out_dir=str(tmp_path / "scores"), extra_lexicon=str(lexicon))
    m = re.search(r"(\d+) new entries from .*?; (\d+) spans found", stdout(nb))
    assert m and int(m.group(1)) == 1 and int(m.group(2)) >= 1, stdout(nb)
    articles = pd.read_parquet(tmp_path / "scores" / "articles.parquet")
    assert set(articles["outlet"]) == {"Outlet A", "Outlet B", "Outlet C"}
    assert set(articles["event"]) == {"2017 plague outbreak in Madagascar"}


def test_02_small_corpus(kernel_env, tmp_path):
    run(NAMES[1], tmp_path, corpus=str(SMALL), out_dir=str(tmp_path / "compare"))
    outlets = pd.read_csv(tmp_path / "compare" / "outlets.csv")
    assert sorted(outlets["outlet"]) == ["Outlet A", "Outlet B", "Outlet C"]
    assert outlets["small_sample"].all()


def test_03_small_corpus_chosen_event(kernel_env, tmp_path):
    event = "2018-05 Ebola outbreak in DR Congo"
    nb = run(NAMES[2], tmp_path, corpus=str(SMALL), event=event,
             out_dir=str(tmp_path / "handout"), pdf=False)
    assert (tmp_path / "handout" / "handout.html").exists()
    assert event in (tmp_path / "handout" / "handout.html").read_text(encoding="utf-8")
    shown = json.dumps([c.get("outputs", []) for c in nb.cells if c.cell_type == "code"])
    assert f"Handout event:** {event}" in shown


# --------------------------------------------------- committed notebooks, kernel

@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_is_executed_and_clean(name):
    """Committed executed on the seeds: counts in order, PNG figures, no errors, no
    stderr, no absolute paths, a tagged parameters cell, a small file."""
    path = NOTEBOOKS / f"{name}.ipynb"
    assert path.stat().st_size < 1_500_000
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.cells[0].cell_type == "markdown" and "**For:**" in nb.cells[0].source
    code = [c for c in nb.cells if c.cell_type == "code"]
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and 'corpus = "../seeds"' in params[0].source
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    outputs = [o for c in code for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    text = json.dumps(outputs)
    assert not re.search(r"(/work/|/tmp/|/home/|/root/|[A-Z]:\\\\)", text)
    if name == "02-compare-outlets":
        assert sum("image/png" in o.get("data", {}) for o in outputs) == 5
    # Prose tells the story: at least one markdown cell for every two code cells.
    assert 2 * sum(c.cell_type == "markdown" for c in nb.cells) >= len(code)


def test_venv_kernelspec():
    """Jupyter run from this environment finds a ``python3`` kernel for this interpreter
    (what papermill uses when a reader runs the notebooks by hand)."""
    jupyter = Path(sys.executable).with_name("jupyter")
    if not jupyter.exists():
        pytest.skip("jupyter is not installed next to this interpreter")
    listing = subprocess.run([str(jupyter), "kernelspec", "list", "--json"],
                             capture_output=True, text=True, timeout=60, check=True)
    spec = json.loads(listing.stdout)["kernelspecs"]["python3"]
    argv0 = spec["spec"]["argv"][0]
    # jupyter_client replaces a bare "python" with the interpreter that runs Jupyter.
    assert argv0 in ("python", "python3") or Path(argv0).parent == Path(sys.executable).parent, spec
