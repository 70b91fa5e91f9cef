"""Shared fixtures: the real seed corpus and paths to the shared evaluation data."""
from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")  # tests never open windows

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMING_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def ptc_dir() -> Path:
    path = SHARED / "eval" / "ptc-dev"
    if not path.exists():
        pytest.skip(f"shared evaluation data not found at {path}")
    return path
