"""Time the whole Wikidata import, resolution included, as a user types it:

    .venv/bin/python benchmarks/bench_import.py [RUNS]

runs ``climategraph import wikidata-p190 layers/world/source/names.tsv
layers/world/source/relations.tsv --decisions layers/world/decisions.csv --out TMP``
RUNS times (default 3) in a fresh process each, and prints the wall-clock seconds and
the CPU seconds (user + system) of each run, their best, and whether the output equals
the shipped layer byte for byte. The target is 20 s on the project's 2-core machine;
the CPU figure is the one that does not depend on what else the machine runs.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORLD = ROOT / "layers" / "world"


def command(out: Path) -> list[str]:
    """The command as typed (the console script of the project's environment)."""
    script = Path(sys.executable).with_name("climategraph")
    return [str(script), "import", "wikidata-p190", "layers/world/source/names.tsv",
            "layers/world/source/relations.tsv", "--decisions", "layers/world/decisions.csv",
            "--out", str(out)]


def one_run(out: Path) -> dict[str, float]:
    """Wall-clock and CPU seconds of one run in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command(out), cwd=ROOT, check=True, capture_output=True,
                   env={**os.environ, "PYTHONHASHSEED": "0"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2)}


def main(runs: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "world.ttl"
        timings = [one_run(out) for _ in range(runs)]
        same = out.read_bytes() == (WORLD / "world.ttl").read_bytes()
    print(json.dumps({
        "runs": timings,
        "best_wall_s": min(t["wall_s"] for t in timings),
        "best_cpu_s": min(t["cpu_s"] for t in timings),
        "target_s": 20,
        "same_bytes_as_shipped_layer": same,
    }, indent=2))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
