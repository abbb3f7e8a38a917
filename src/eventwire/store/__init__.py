"""The SQLite store and exports (issue 6). Only this package opens the database."""

from eventwire.store.export import EXPORT_FORMATS, EventWriter, export_db
from eventwire.store.sqlite import Store

__all__ = ["EXPORT_FORMATS", "EventWriter", "Store", "export_db"]
