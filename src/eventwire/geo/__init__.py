"""Stage ``geo``: toponyms resolved to an offline gazetteer (issue 7), and the place of each event."""

from eventwire.geo.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer, name_key
from eventwire.geo.geoparse import Geoparser, find_places, find_toponyms, make_geoparser, resolve_toponyms
from eventwire.geo.locate import locate_event, scene_place

__all__ = [
    "Gazetteer",
    "GazetteerEntry",
    "Geoparser",
    "find_places",
    "find_toponyms",
    "load_gazetteer",
    "locate_event",
    "scene_place",
    "make_geoparser",
    "name_key",
    "resolve_toponyms",
]
