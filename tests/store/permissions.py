"""File permissions that hold even for root: tests of read-only files and folders use :func:`enforced`.

Root ignores file modes through two capabilities, CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH. :func:`enforced`
takes them out of the calling thread's effective set for the block (they stay permitted, so they come back
after), which makes the kernel check ``chmod 444`` and ``chmod 555`` for root as for the file's owner. As
another user the modes hold anyway and nothing changes.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

_CAPABILITY_VERSION_3 = 0x20080522
_DAC_OVERRIDE, _DAC_READ_SEARCH = 1, 2


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _capabilities() -> tuple[ctypes.CDLL, _Header, ctypes.Array[_Data]]:
    libc = ctypes.CDLL(None, use_errno=True)
    header, data = _Header(_CAPABILITY_VERSION_3, 0), (_Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        pytest.skip(f"running as root and capget failed ({os.strerror(ctypes.get_errno())}): cannot make file "
                    "permissions hold for this test")
    return libc, header, data


@contextmanager
def enforced() -> Iterator[None]:
    """Within the block, file modes hold for this thread even when it runs as root (skips if it cannot)."""
    if os.geteuid() != 0:
        yield
        return
    libc, header, data = _capabilities()
    saved = data[0].effective
    data[0].effective = saved & ~((1 << _DAC_OVERRIDE) | (1 << _DAC_READ_SEARCH))
    if libc.capset(ctypes.byref(header), data) != 0:
        pytest.skip(f"running as root and capset failed ({os.strerror(ctypes.get_errno())}): cannot make file "
                    "permissions hold for this test")
    try:
        yield
    finally:
        data[0].effective = saved
        if libc.capset(ctypes.byref(header), data) != 0:
            raise OSError(ctypes.get_errno(), "could not restore this thread's capabilities")


def write_denied(path: os.PathLike[str]) -> bool:
    """Whether, inside :func:`enforced`, this thread is really refused writing in ``path`` (a check of the check)."""
    return not os.access(path, os.W_OK, effective_ids=os.access in os.supports_effective_ids)
