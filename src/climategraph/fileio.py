"""Writing files safely: a temporary file in the target's folder, then a rename.

An interrupted or failed write never leaves a half file, and an existing file is
only ever replaced by a complete one. The new file gets the permissions the user
expects: those of the file it replaces, else the usual ``0666 & ~umask``.

Only regular files (and paths that do not exist yet) are replaced by a rename. A
character device (``/dev/null``, ``/dev/stdout`` on a terminal), a pipe or a socket
is written straight through, never replaced; a symbolic link is followed, so the
file it points to is replaced and the link stays. Every failure, ``ENOSPC``
(``/dev/full``) included, is one :class:`ExportError` line.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from climategraph.errors import ExportError

#: temporary files and folders being written now: removed if the process is abandoned
_PENDING: set[str] = set()


def track(path: str | Path) -> None:
    """Remember a temporary file or folder to remove if the process is abandoned."""
    _PENDING.add(str(path))


def untrack(path: str | Path) -> None:
    """Forget a path given to :func:`track` (it was renamed or removed)."""
    _PENDING.discard(str(path))


def discard_pending() -> None:
    """Remove every tracked temporary file or folder (the Ctrl-C watchdog calls this)."""
    for name in list(_PENDING):
        if os.path.isdir(name) and not os.path.islink(name):
            shutil.rmtree(name, ignore_errors=True)
        else:
            Path(name).unlink(missing_ok=True)
        _PENDING.discard(name)


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _failed(target: Path, exc: OSError) -> ExportError:
    return ExportError(f"{target}: cannot write: {exc.strerror or exc}")


def _mode(target: Path) -> int | None:
    """``target``'s file type and mode (links followed), None when it does not exist."""
    try:
        return target.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _failed(target, exc) from None


def _write_through(target: Path, data: bytes | Iterable[bytes]) -> Path:
    """Write to a device or pipe as it is (no temporary file, no rename)."""
    fifo = stat.S_ISFIFO(target.stat().st_mode)
    try:
        fd = os.open(target, os.O_WRONLY | (os.O_NONBLOCK if fifo else 0))
        os.set_blocking(fd, True)
        with os.fdopen(fd, "wb") as handle:
            _write_all(handle, data)
            handle.flush()
    except OSError as exc:
        if fifo and exc.errno == errno.ENXIO:
            raise ExportError(f"{target}: a pipe nobody reads; start its reader first") from None
        raise _failed(target, exc) from None
    return target


def _write_all(handle: BinaryIO, data: bytes | Iterable[bytes]) -> None:
    if isinstance(data, bytes | bytearray | memoryview):
        handle.write(data)
    else:
        for part in data:
            handle.write(part)


def atomic_write(path: str | Path, data: bytes | Iterable[bytes]) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    ``data`` is the bytes, or an iterable of parts written one after the other (a
    large file, such as the 10^6 actor network's 429 MB GraphML, is then never held
    whole). Missing parent folders are created. On any error, a part that fails to
    come included, the temporary file is removed, an existing file is left
    untouched, and :class:`ExportError` (or the part's own error) is raised. A
    device or a pipe is written straight through (see the module notes): it gets
    the parts as they come.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write(folder / "a" / "x.txt", b"hello").read_bytes()
    b'hello'
    >>> atomic_write(folder / "a" / "x.txt", iter([b"hel", b"lo!"])).read_bytes()
    b'hello!'
    >>> atomic_write("/dev/null", b"gone")
    PosixPath('/dev/null')
    """
    target = Path(path)
    mode = _mode(target)
    if mode is not None and stat.S_ISDIR(mode):
        raise ExportError(f"{target}: is a folder; give a file name")
    if mode is not None and not stat.S_ISREG(mode):
        return _write_through(target, data)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".cg-", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _failed(target, exc) from None
    track(tmp)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _mode_for(target))
            _write_all(handle, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _failed(target, exc) from None
        raise
    finally:
        untrack(tmp)
    return target
