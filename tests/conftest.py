"""Shared fixtures: the real spaCy model, the seed article, and the development data beside the project."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "daily-sabah-idlib-2019-07-05.txt"
SAMPLE_SEED = ROOT / "samples" / "daily-sabah-idlib-2019-07-05.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED if SEED.exists() else SAMPLE_SEED


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared (development data) is not beside the project")
    return SHARED


def run_cli(*args: str, stdin: bytes | None = None, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """Run the installed command line as a user would."""
    exe = Path(sys.executable).parent / "eventwire"
    return subprocess.run([str(exe), *args], input=stdin.decode("utf-8", "replace") if stdin else None,
                          capture_output=True, text=True, timeout=timeout, check=False)
