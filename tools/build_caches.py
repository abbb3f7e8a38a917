"""Build eventwire's binary caches ahead of time (say, in a container image or a cluster's shared home).

eventwire builds them on first use anyway; this saves the first run its few seconds. Today: the
memory-mapped gazetteer (``eventwire.geo.gazcache``), about 50 MB, in ``$EVENTWIRE_CACHE_DIR`` or
``~/.cache/eventwire``::

    .venv/bin/python tools/build_caches.py          # prints the folder it wrote (or found)
"""

from __future__ import annotations

import sys
import time


def main() -> int:
    from eventwire.geo.gazcache import cache_dir
    from eventwire.geo.gazetteer import load_gazetteer

    folder = cache_dir()
    started = time.perf_counter()
    gazetteer = load_gazetteer()
    kind = "memory-mapped" if not isinstance(gazetteer.names, dict) else "in memory (the cache could not be written)"
    print(f"gazetteer: {len(gazetteer.entries)} places, {kind}, {folder} ({time.perf_counter() - started:.1f} s)")
    return 0 if kind == "memory-mapped" else 1


if __name__ == "__main__":
    sys.exit(main())
