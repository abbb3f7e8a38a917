"""What the fork server of a ``--dask local`` cluster loads before it forks the workers (see dask.py).

multiprocessing's fork server imports this module once, when it starts. With the run's settings in
``EVENTWIRE_PRELOAD_SETTINGS`` it builds and warms up the pipeline there; every Dask worker is then forked
from it with the model, knowledge base and gazetteer already loaded, their pages shared until written, as
``--workers N`` forks from the parent. Without the variable, or should loading fail, nothing is loaded
and each worker builds its own pipeline (and reports the error, if any) as it would anyway.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, fields
from pathlib import Path

from eventwire.config import Settings

ENV = "EVENTWIRE_PRELOAD_SETTINGS"


def settings_to_json(settings: Settings) -> str:
    """The settings as one JSON object (paths as strings)."""
    return json.dumps({k: _plain(v) for k, v in asdict(settings).items()}, sort_keys=True)


def settings_from_json(text: str) -> Settings:
    """:func:`settings_to_json` read back; an unknown field is ignored."""
    raw = json.loads(text)
    values: dict[str, object] = {}
    for f in fields(Settings):
        if f.name not in raw:
            continue
        value = raw[f.name]
        if f.name in ("extra_actors", "extra_lexicon"):
            value = tuple(Path(v) for v in value)
        elif f.name == "confidence_file" and value is not None:
            value = Path(value)
        values[f.name] = value
    return Settings(**values)  # type: ignore[arg-type]


def _plain(value: object) -> object:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def preload() -> None:
    """Build the pipeline of the settings in :data:`ENV`, if any (called once, on import)."""
    text = os.environ.get(ENV)
    if not text:
        return
    from eventwire.scale.worker import init_worker, worker_pipeline

    try:
        init_worker(settings_from_json(text))
    except Exception:  # noqa: BLE001 - each worker builds its pipeline again, and reports the error
        worker_pipeline.cache_clear()


preload()
