"""What every refusal in the hostile-input suite must look like, checked in one place.

Commands run as real processes (``python -m climategraph.cli``-style, through the
installed entry point's module) with a generous hang guard: a refusal is exit 2,
one line on stderr of at most 300 characters, with no raw control character.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from collections.abc import Mapping, Sequence

#: the hang guard: a command taking this long has hung (no timing is asserted below it)
HANG_GUARD = 120

_RUN = "import sys; from climategraph.cli import cli; sys.argv[0] = 'climategraph'; cli()"


def run(
    args: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = HANG_GUARD,
    cwd: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """``climategraph ARGS`` in a fresh process; fails the test if it hangs."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("CLIMATEGRAPH_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-c", _RUN, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=timeout,
        env=full_env,
        cwd=cwd,
        check=False,
    )


def raw_controls(text: str) -> list[str]:
    """Control or invisible characters in ``text`` other than newline."""
    return [
        ch for ch in text
        if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs")
    ]


def assert_one_line(message: str, limit: int = 300) -> str:
    """``message`` is one line of at most ``limit`` characters without raw controls."""
    lines = message.strip("\n").split("\n")
    assert len(lines) == 1, f"{len(lines)} lines: {message[:500]!r}"
    assert len(lines[0]) <= limit, f"{len(lines[0])} characters: {lines[0][:400]!r}"
    assert not raw_controls(lines[0]), f"raw control characters in {lines[0]!r}"
    assert "Traceback" not in message
    return lines[0]


def assert_refused(
    done: subprocess.CompletedProcess[str], *words: str, after_warnings: bool = False
) -> str:
    """Exit 2 with one actionable line on stderr naming each of ``words`` (with
    ``after_warnings``, the last line of stderr, after warnings the command printed)."""
    assert done.returncode == 2, (done.returncode, done.stdout[-500:], done.stderr[-500:])
    text = done.stderr.strip("\n").rsplit("\n", 1)[-1] if after_warnings else done.stderr
    line = assert_one_line(text)
    assert line.startswith("Error: "), line
    for word in words:
        assert word in line, (word, line)
    return line
