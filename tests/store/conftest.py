"""A store holding the hand-built article of helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.store.sqlite import Store
from tests.store.helpers import make_coded


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    """A store with one article and its three events."""
    path = tmp_path / "events.db"
    with Store(path) as store:
        store.add([make_coded()])
    return path
