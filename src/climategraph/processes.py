"""Processes: a child that dies with its parent (:func:`die_with_parent`), work run
in a forked child whose answer comes back to the parent (:class:`Forked`,
:class:`Telling`), and a batch job's garbage collection (:func:`fewer_collections`).

A forked child shares everything the parent has loaded (the store, the networks and
metrics already computed) without copying it up front: the pages the child only
reads stay shared. The library never prints; a child's exception is raised in the
parent when it asks for the answer.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

from climategraph.errors import ClimateGraphError


def die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` asking Linux to kill the child when its parent dies
    (``prctl(PR_SET_PDEATHSIG, SIGKILL)``); None elsewhere. The signal follows the
    thread that started the child, so children are started from the main thread."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    parent = os.getpid()
    libc = ctypes.CDLL(None, use_errno=True)

    def set_signal() -> None:
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return set_signal


#: the cyclic garbage collector's thresholds while a command runs (Python's are
#: 700, 10, 10): a full collection then comes after about 10^8 allocations, not 7·10^4
BATCH_THRESHOLDS = (50_000, 20, 100)


@contextlib.contextmanager
def fewer_collections(thresholds: tuple[int, int, int] = BATCH_THRESHOLDS) -> Iterator[None]:
    """Run Python's cyclic garbage collector less often inside the block; the
    thresholds are restored after it. Reference counting frees acyclic objects
    as before; what changes is how often the collector walks the millions of
    objects a large graph's networks are made of (the 10^6 actor network:
    built in 10.2 s instead of 13.0 s, its pairs combined in 2.6 s instead of 4.7 s).

    >>> import gc
    >>> before = gc.get_threshold()
    >>> with fewer_collections():
    ...     gc.get_threshold() == BATCH_THRESHOLDS
    True
    >>> gc.get_threshold() == before
    True
    """
    before = gc.get_threshold()
    gc.set_threshold(*thresholds)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def can_fork() -> bool:
    """Whether :class:`Forked` can run here (POSIX ``fork``)."""
    return hasattr(os, "fork")


class Forked:
    """``work()`` running in a forked child process; :meth:`result` waits for it.

    The child sends back ``work()``'s value, or the exception it raised, pickled
    (an exception that does not survive pickling comes back as a
    :class:`~climategraph.errors.ClimateGraphError` naming it), and ends with
    ``os._exit`` so nothing of the parent's (``atexit``, buffers, test runners)
    runs twice. It dies with the parent on Linux.

    Examples
    --------
    >>> Forked(lambda: sum(range(10))).result()
    45
    >>> Forked(lambda: 1 / 0).result()
    Traceback (most recent call last):
    ...
    ZeroDivisionError: division by zero
    """

    def __init__(self, work: Callable[[], Any]) -> None:
        self._start(work)

    def _start(self, work: Callable[[], Any], *keep: int) -> None:
        """Fork; the child runs ``work`` keeping the file descriptors ``keep``
        (the parent closes them)."""
        read, write = os.pipe()
        kill_with_parent = die_with_parent()
        self._pid = os.fork()
        if self._pid == 0:  # the child: never returns
            os.close(read)
            _child(work, write, kill_with_parent)
        os.close(write)
        for fd in keep:
            os.close(fd)
        self._answer = b""
        self._reader = threading.Thread(target=self._drain, args=(read,), daemon=True)
        self._reader.start()  # read as it comes: a large answer never blocks the child

    def _drain(self, fd: int) -> None:
        with os.fdopen(fd, "rb") as stream:
            self._answer = stream.read()

    def result(self) -> Any:
        """The child's answer (waits for it); raises the child's exception."""
        self._reader.join()
        _, status = os.waitpid(self._pid, 0)
        if not self._answer:
            raise ClimateGraphError(
                f"the parallel worker ended without an answer (wait status {status})",
                hint="run again with --sequential")
        ok, value = pickle.loads(self._answer)
        if ok:
            return value
        raise value

    def cancel(self) -> None:
        """Stop the child (SIGTERM) and reap it; for when the parent fails first."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGTERM)
        self._reader.join()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)


class Telling(Forked):
    """:class:`Forked` whose child can say one thing before its answer:
    ``work(tell)`` calls ``tell(value)`` once, and :meth:`told` in the parent
    returns that value as soon as it is said, while the child goes on.

    For a parent that must not go past a point until the child has passed it
    (the main job writes nothing until the child has validated the data).

    >>> work = Telling(lambda tell: tell("checked") or "done")
    >>> work.told(), work.result()
    ('checked', 'done')
    >>> Telling(lambda tell: 1 / 0).told()  # the child failed before telling
    Traceback (most recent call last):
    ...
    ZeroDivisionError: division by zero
    """

    def __init__(self, work: Callable[[Callable[[Any], None]], Any]) -> None:
        read, write = os.pipe()
        self._told_fd = read
        self._told: tuple[Any] | None = None
        self._start(lambda: work(_teller(write, read)), write)

    def told(self) -> Any:
        """What the child told (waits for it). If the child ended without telling,
        its exception is raised (or an error saying it told nothing)."""
        if self._told is None:
            with os.fdopen(self._told_fd, "rb") as stream:
                said = stream.read()
            if not said:
                self.result()  # raises the child's error, if it had one
                raise ClimateGraphError("the parallel worker ended without saying how it went",
                                        hint="run again with --sequential")
            self._told = (pickle.loads(said),)
        return self._told[0]


def _teller(fd: int, other: int) -> Callable[[Any], None]:
    """``tell(value)`` for a :class:`Telling` child: ``value`` pickled down ``fd``,
    which is then closed (``other``, the parent's end, is closed first)."""
    os.close(other)

    def tell(value: Any) -> None:
        with os.fdopen(fd, "wb") as stream:
            stream.write(pickle.dumps(value))

    return tell


def _child(work: Callable[[], Any], fd: int, kill_with_parent: Callable[[], None] | None) -> None:
    try:
        if kill_with_parent is not None:
            kill_with_parent()
        payload = _pickled(True, work())
    except BaseException as exc:
        payload = _pickled(False, exc)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(payload)
    finally:
        os._exit(0)


def _pickled(ok: bool, value: Any) -> bytes:
    """``(ok, value)`` pickled, checked to load again; an exception that does not
    becomes a ClimateGraphError with its type and message."""
    try:
        data = pickle.dumps((ok, value))
        pickle.loads(data)
        return data
    except Exception:
        if ok:
            raise
        text = f"{type(value).__name__}: {value}"
        return pickle.dumps((False, ClimateGraphError(text)))
