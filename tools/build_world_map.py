"""Build the dashboard's world map, src/eventwire/data/map/, from the npm package world-atlas.

world-atlas (ISC, Mike Bostock) packages Natural Earth's 1:110m Admin 0 countries (public domain) as TopoJSON.
The dashboard draws it in the page with its own projection (src/eventwire/api/static/map.js), so nothing is
loaded from outside. This script takes the package's tarball, checks that ``countries-110m.json`` is the
TopoJSON the dashboard reads (quantized arcs, one ``countries`` object whose geometries carry an ``id`` and a
``name``), and writes it with the package's licence:

    cd /tmp && npm pack world-atlas@2.0.2
    python tools/build_world_map.py /tmp/world-atlas-2.0.2.tgz

The output is the package's file byte for byte (its SHA-256 is printed, and recorded in data/map/README.md),
so the map's provenance can be checked against the registry.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tarfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "map"
MEMBER = "package/countries-110m.json"


def read_member(tarball: Path, name: str) -> bytes:
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(name)
        if member is None:
            raise SystemExit(f"{tarball}: no file {name}")
        return member.read()


def check_topology(raw: bytes) -> int:
    """The number of countries in the topology; SystemExit when it is not what the dashboard reads."""
    topology = json.loads(raw)
    if topology.get("type") != "Topology" or "transform" not in topology:
        raise SystemExit("countries-110m.json: not a quantized TopoJSON topology")
    geometries = topology["objects"]["countries"]["geometries"]
    missing = [g for g in geometries if "name" not in g.get("properties", {})]
    if missing:
        raise SystemExit(f"countries-110m.json: {len(missing)} countries without a name")
    return len(geometries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tarball", type=Path, help="world-atlas-2.0.2.tgz from `npm pack world-atlas@2.0.2`")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    package = json.loads(read_member(args.tarball, "package/package.json"))
    if package.get("name") != "world-atlas":
        raise SystemExit(f"{args.tarball}: not the world-atlas package")
    raw = read_member(args.tarball, MEMBER)
    countries = check_topology(raw)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "countries-110m.json").write_bytes(raw)
    (args.out / "LICENSE-world-atlas.txt").write_bytes(read_member(args.tarball, "package/LICENSE"))
    print(f"world-atlas {package.get('version')}: {countries} countries, {len(raw):,} bytes, "
          f"sha256 {hashlib.sha256(raw).hexdigest()} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
