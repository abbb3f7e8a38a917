"""Scorers for the development gold sets, one module per set (``eventwire eval NAME PATH``).

Each module exposes ``evaluate(path: Path, settings: Settings) -> dict[str, Any]``: the metrics as a flat,
JSON-serialisable dict (plus optional detail such as a confusion table). Gold sets are read only here and
in tests, never at run time.
"""
