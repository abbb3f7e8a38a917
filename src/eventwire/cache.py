"""Where eventwire keeps its binary caches, and how a cache folder is written and read safely.

Four caches live there: the gazetteer (:mod:`eventwire.geo.gazcache`), the actor knowledge base
(:mod:`eventwire.actors.kbcache`), the language-ID model (:mod:`eventwire.ingest.language`) and the date
rules' trigger prefixes (:mod:`eventwire.temporal.trigger`). Each is loaded through :func:`load_or_build`,
so all follow the same rules (and so does the note that the date rules' patterns compile,
:mod:`eventwire.temporal.patterns`, written with :func:`write_folder`):

- **Where**: ``$EVENTWIRE_CACHE_DIR``, else ``$XDG_CACHE_HOME/eventwire``, else ``~/.cache/eventwire``;
  ``EVENTWIRE_NO_CACHE=1`` turns every cache off (the data is then built in memory, as before).
- **Versioned**: a folder's name carries its layout version and a digest of the files it was built from, so
  an upgrade or changed data builds a new one and never reads a stale one.
- **Atomic**: a folder is written into a temporary folder beside it and renamed into place; a process that
  finds the folder reads a complete cache, and two processes building at once both end with the same one.
- **Safe**: caches hold NumPy arrays of numbers and bytes (read with ``allow_pickle=False``), JSON and JSON
  Lines, never pickles; a cache that cannot be read or written is bypassed with a warning.
- **Bounded**: writing a folder removes all but the most recently used ``keep`` of its kind (any layout
  version): an upgrade, or edited data files, leave no old folders piling up.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


def cache_root() -> Path:
    """The folder eventwire keeps its caches in."""
    if os.environ.get("EVENTWIRE_CACHE_DIR"):
        return Path(os.environ["EVENTWIRE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventwire"


def caching_enabled() -> bool:
    """False when ``EVENTWIRE_NO_CACHE`` is set (to anything but an empty string)."""
    return not os.environ.get("EVENTWIRE_NO_CACHE")


def digest_files(label: str, paths: Iterable[Path]) -> str:
    """A short digest of ``label`` and the paths' names and contents, in order (the key of a cache folder).

    A file that cannot be read counts as missing: whoever builds the data then says what is wrong with it.
    """
    digest = hashlib.sha256(label.encode())
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            digest.update(f"\x00{path}\x00missing\x00".encode())
            continue
        digest.update(f"\x00{path.name}\x00{len(data)}\x00".encode())
        digest.update(data)
    return digest.hexdigest()[:16]


def write_folder(folder: Path, fill: Callable[[Path], None], complete: str) -> None:
    """Write a cache folder atomically: ``fill(tmp)`` writes its files into a temporary folder beside it,
    which is then renamed to ``folder``. ``complete`` names the file whose presence marks a finished folder
    (another process may have renamed its own into place first; that one is kept).

    Raises:
        OSError: the folder cannot be written.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        fill(tmp)
        try:
            os.replace(tmp, folder)
        except OSError:
            if not (folder / complete).exists():  # another process has not just put a complete one there
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def prune(root: Path, prefix: str, keep: int, current: Path) -> None:
    """Remove all but the ``keep`` most recently used folders named ``prefix*`` in ``root`` (never ``current``).

    Caches keyed by user files (an edited knowledge base) would otherwise pile up; a reader marks a folder
    used with :func:`touch`."""
    try:
        folders = [p for p in root.iterdir() if p.name.startswith(prefix) and p.is_dir() and p != current]
        folders.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in folders[max(0, keep - 1):]:
        shutil.rmtree(old, ignore_errors=True)


def touch(folder: Path) -> None:
    """Mark a cache folder as just used (for :func:`prune`); a read-only cache is left as it is."""
    with contextlib.suppress(OSError):
        os.utime(folder)


def kind_prefix(folder: Path) -> str:
    """The name shared by every version of a cache folder: ``gazetteer-v`` for ``gazetteer-v1-<digest>``."""
    return folder.name.partition("-v")[0] + "-v"


def load_or_build(what: str, folder: Callable[[], Path], complete: str, read: Callable[[Path], T],
                  build: Callable[[], T], write: Callable[[T, Path], None], *, keep: int = 8) -> T:
    """``read(folder)`` when the cache folder is complete (has the file ``complete``); otherwise ``build()``,
    ``write`` it into the folder, and read that back. A damaged folder is removed and built again; when there
    is no cache to be had (turned off, unreadable, unwritable) the built value is returned, with a warning.
    After a write, all but the ``keep`` most recently used folders of the kind are removed (:func:`prune`)."""
    if not caching_enabled():
        return build()
    try:
        where = folder()
    except OSError as exc:
        log.warning("%s cache unavailable (%s); loading it in memory", what, exc)
        return build()
    if (where / complete).exists():
        try:
            value = read(where)
            touch(where)
            return value
        except (OSError, ValueError, KeyError, IndexError, TypeError, EOFError) as exc:
            log.warning("%s cache %s unreadable (%s); building it again", what, where, exc)
            shutil.rmtree(where, ignore_errors=True)
    value = build()
    try:
        write(value, where)
        prune(where.parent, kind_prefix(where), keep, where)
        return read(where)
    except (OSError, ValueError) as exc:
        log.warning("cannot write the %s cache in %s (%s); using the one loaded in memory", what, where, exc)
        return value


__all__ = ["cache_root", "caching_enabled", "digest_files", "kind_prefix", "load_or_build", "prune", "touch",
           "write_folder"]
