"""Work in a forked child: its value or its exception comes back to the parent, and
what it tells on the way (Telling) as soon as it is told."""

from __future__ import annotations

import os
import signal

import pytest

from climategraph.errors import ClimateGraphError, ParameterError
from climategraph.processes import Forked, Telling


def test_the_childs_value_comes_back_and_it_ran_elsewhere():
    parent = os.getpid()
    pid, big = Forked(lambda: (os.getpid(), "x" * 10_000_000)).result()
    assert pid != parent and len(big) == 10_000_000  # larger than a pipe holds


def test_the_childs_exception_is_raised_here():
    def fail() -> None:
        raise ParameterError("unknown city 'Atlantis'")

    with pytest.raises(ParameterError, match="Atlantis"):
        Forked(fail).result()


def test_an_exception_that_does_not_pickle_comes_back_named():
    class Local(Exception):  # a local class cannot be pickled
        pass

    def fail() -> None:
        raise Local("kept in words")

    with pytest.raises(ClimateGraphError, match="Local: kept in words"):
        Forked(fail).result()


def test_a_killed_child_is_an_error_not_a_hang():
    with pytest.raises(ClimateGraphError, match="without an answer"):
        Forked(lambda: os.kill(os.getpid(), signal.SIGKILL)).result()


def test_cancel_stops_and_reaps_the_child():
    import time

    forked = Forked(lambda: time.sleep(60))
    started = time.monotonic()
    forked.cancel()
    assert time.monotonic() - started < 10
    with pytest.raises(ProcessLookupError):
        os.kill(forked._pid, 0)


def test_told_comes_back_while_the_child_goes_on():
    import time

    work = Telling(lambda tell: tell(("validated", os.getpid())) or time.sleep(60))
    started = time.monotonic()
    said, pid = work.told()
    assert said == "validated" and pid != os.getpid()
    assert time.monotonic() - started < 30 and work.told()[0] == "validated"
    work.cancel()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_child_that_fails_or_dies_before_telling_is_an_error_not_a_hang():
    def fail(tell) -> None:
        raise ParameterError("the data does not conform")

    with pytest.raises(ParameterError, match="does not conform"):
        Telling(fail).told()
    with pytest.raises(ClimateGraphError, match="without an answer"):
        Telling(lambda tell: os.kill(os.getpid(), signal.SIGKILL)).told()
    with pytest.raises(ClimateGraphError, match="without saying"):
        Telling(lambda tell: "done, told nothing").told()
