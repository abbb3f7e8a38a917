"""Scorers for the development gold sets, one module per set (``eventwire eval NAME PATH``).

Each module exposes ``evaluate(path: Path, settings: Settings) -> dict[str, Any]``: the metrics as a flat,
JSON-serialisable dict (plus optional detail such as a confusion table). Gold sets are read only here and
in tests, never at run time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.errors import ConfigError


def read_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, record) of a JSON Lines gold file, split on newlines only; a bad line is a ConfigError."""
    with path.open(encoding="utf-8", newline="\n") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield lineno, json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{path}:{lineno}: not JSON ({exc.msg})") from exc
