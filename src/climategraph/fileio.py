"""Writing files safely: a temporary file in the target's folder, then a rename.

An interrupted or failed write never leaves a half file, and an existing file is
only ever replaced by a complete one. The new file gets the permissions the user
expects: those of the file it replaces, else the usual ``0666 & ~umask``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from climategraph.errors import ExportError


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Missing parent folders are created. On any error the temporary file is
    removed, an existing file is left untouched, and :class:`ExportError` is raised.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write(folder / "a" / "x.txt", b"hello").read_bytes()
    b'hello'
    """
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"{target}: is a folder; give a file name")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _mode_for(target))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError(f"{target}: cannot write: {exc.strerror or exc}") from None
        raise
    return target
