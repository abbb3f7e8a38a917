"""The SQLite store and exports (issue 6). Only this package opens the database.

The names below load on first use: writing events to standard output (``eventwire code``) needs neither the
database code nor the grouping it runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventwire.store.export import EXPORT_FORMATS, EventWriter, export_db
    from eventwire.store.sqlite import Store

__all__ = ["EXPORT_FORMATS", "EventWriter", "Store", "export_db"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from eventwire.store.sqlite import Store

        return Store
    if name in ("EXPORT_FORMATS", "EventWriter", "export_db"):
        from eventwire.store import export

        return getattr(export, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
