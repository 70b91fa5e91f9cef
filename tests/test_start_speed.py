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
