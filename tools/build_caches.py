"""Build eventwire's binary caches ahead of time (say, in a container image or a cluster's shared home).

eventwire builds them on first use anyway; this saves the first run its few seconds. In ``$EVENTWIRE_CACHE_DIR``
or ``~/.cache/eventwire`` (see ``eventwire.cache``): the memory-mapped gazetteer (about 50 MB), the actor
knowledge base of the shipped files (about 10 MB), the unpacked language-ID model (about 70 MB) and the date
rules' trigger prefixes::

    .venv/bin/python tools/build_caches.py          # prints each folder it wrote (or found)
"""

from __future__ import annotations

import sys
import time


def main() -> int:
    from eventwire.actors.kb import load_kb_files, shipped_actor_files
    from eventwire.actors.kbcache import LazyEntries
    from eventwire.actors.kbcache import cache_dir as kb_dir
    from eventwire.cache import cache_root, caching_enabled
    from eventwire.geo.gazcache import cache_dir
    from eventwire.geo.gazetteer import load_gazetteer
    from eventwire.ingest.language import _identifier
    from eventwire.temporal import default_grammar

    if not caching_enabled():
        print("EVENTWIRE_NO_CACHE is set: nothing to build", file=sys.stderr)
        return 1
    ok = True
    started = time.perf_counter()
    gazetteer = load_gazetteer()
    mapped = not isinstance(gazetteer.names, dict)
    ok &= mapped
    print(f"gazetteer: {len(gazetteer.entries)} places, {'memory-mapped' if mapped else 'in memory (not cached)'}, "
          f"{cache_dir()} ({time.perf_counter() - started:.1f} s)")
    started = time.perf_counter()
    kb = load_kb_files(shipped_actor_files())
    cached = isinstance(kb.entries, LazyEntries)
    ok &= cached
    print(f"actors: {len(kb)} entries, {'cached' if cached else 'in memory (not cached)'}, "
          f"{kb_dir(shipped_actor_files())} ({time.perf_counter() - started:.1f} s)")
    started = time.perf_counter()
    identifier = _identifier()
    cached = isinstance(identifier.tk_nextmove, memoryview)
    ok &= cached
    print(f"language ID: {'memory-mapped' if cached else 'in memory (not cached)'} "
          f"({time.perf_counter() - started:.1f} s)")
    started = time.perf_counter()
    default_grammar()
    print(f"date rules: trigger prefixes in {cache_root()} ({time.perf_counter() - started:.1f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
