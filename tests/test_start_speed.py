"""The fixed cost of a run: what a process loads at start and how a worker gets
ready stay cheap, and give what the slower first-written forms gave."""
from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_prepare_worker_leaves_the_collector_as_it_found_it():
    """The warm-up runs with the cyclic collector off; it is on again afterwards, and
    stays off in a process that had turned it off."""
    code = ("import gc; from framing.stream_input import prepare_worker; "
            "{}; prepare_worker(); print(gc.isenabled(), gc.get_freeze_count() > 50_000)")
    assert _run(code.format("pass")) == "True True"
    assert _run(code.format("gc.disable()")) == "False True"


def test_framing_score_loads_no_comparison_or_report_code():
    """``framing score`` starts without framing.compare (scipy.sparse) or the report:
    neither the CLI nor the modules the scoring path imports load them."""
    code = ("import sys, framing.cli; from framing.score import score_path; "
            "import framing.stream, framing.stream_input, framing.stream_copies; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy' "
            "or m in ('framing.compare', 'framing.report')))")
    assert _run(code) == "[]"


def test_public_names_load_on_use_and_functions_win_over_their_modules():
    code = (
        "import framing, types\n"
        "import framing.score, framing.compare.folder, framing.report\n"
        "from framing import *\n"
        "assert all(getattr(framing, n) is globals()[n] for n in framing.__all__)\n"
        "assert all(isinstance(getattr(framing, n), types.FunctionType)\n"
        "           for n in ('score', 'compare', 'report'))\n"
        "import framing.compare as c\n"
        "assert c is compare and c.__module__ == 'framing.compare'\n"
        "framing.score = 1\n"   # an attribute set by hand is kept
        "print(framing.score, sorted(dir(framing)) == sorted(framing.__all__))\n")
    assert _run(code) == "1 True"
