"""Every command that reads the graph, timed as a user types it, at 10^4, 10^5, 10^6 triples.

``python benchmarks/commands.py`` (also run by ``make bench`` after the job table)
starts ``climategraph ...`` as a child process for each command below, on the
synthetic graph of each size (``climategraph.synthetic.generator``, cached under
``out/bench-data/``, shared with ``bench.py``), and records:

- wall time (from start to exit of the child);
- CPU time, user + system, of the child and the processes it waited for (what
  the command costs on a loaded machine, where the wall time is noisy);
- peak resident memory (``ru_maxrss`` from ``wait4``: the largest of the child and
  the processes it waited for).

Each command is started by a small launcher process (:func:`timed`), so the peak is
the command's own, not that of this process (which loads the graphs).

Each command is compared with its budget (10^4 and 10^5: 10 s; 10^6: 60 s; and 4 GB
at every size); a command over budget is marked ``OVER`` in the table, one that
fails with its exit code, one killed at ``--cap`` seconds with ``> cap``. ``run`` is
the main job (every stage, as ``climategraph run`` writes it). Writes
``out/bench-commands.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: seconds per command allowed at each size, and memory at every size
BUDGET_SECONDS = {10_000: 10.0, 100_000: 10.0, 1_000_000: 60.0}
BUDGET_MB = 4096.0
NETWORKS = ("actor", "bipartite", "country")
PAGES = ("actor", "bipartite", "full")
RDF_FORMATS = ("turtle", "json-ld", "nt", "trig")
#: the partner-city table ``import partners`` reads (13 rows, Korean and English)
PARTNERS = ROOT / "tests" / "fixtures" / "importers" / "partners-ko.csv"

_LAST_CITY = """PREFIX cg: <https://w3id.org/climategraph/ontology#>
SELECT ?lg WHERE { ?p cg:agent ?lg . ?lg a cg:LocalGovernment } ORDER BY DESC(STR(?lg)) LIMIT 1"""


def commands(data: Path, params: dict[str, str], out: Path) -> list[tuple[str, list[str]]]:
    """(name, argv after ``climategraph``) of every command that reads the graph."""
    from climategraph.sparql import saved as sparql_saved

    d = ["--data", str(data)]
    found: list[tuple[str, list[str]]] = [
        ("run (the main job)", ["run", *d, "--out", str(out / "run")]),
        ("validate", ["validate", *d]),
        ("build", ["build", *d, "--out", str(out / "climategraph.ttl")]),
        ("stats", ["stats", *d]),
    ]
    for name, saved in sparql_saved.discover().items():
        given = [f"--param={p.name}={params[p.kind]}" for p in saved.params
                 if p.kind in params and p.default is not None]
        found.append((f"query {name}", ["query", name, *d, *given, "--format", "csv"]))
    for network in NETWORKS:
        found.append((f"analyze {network}", ["analyze", *d, "--network", network,
                                             "--format", "json"]))
    found.append(("path", ["path", params["local-government"], params["other"], *d]))
    for network in PAGES:
        found.append((f"viz {network}", ["viz", *d, "--network", network,
                                         "--out", str(out / f"viz-{network}.html")]))
    for fmt in RDF_FORMATS:
        found.append((f"export {fmt}", ["export", *d, "--format", fmt,
                                        "--out", str(out / f"export.{fmt}")]))
    for fmt in ("graphml", "gexf"):
        for network in NETWORKS:
            found.append((f"export {fmt} {network}",
                          ["export", *d, "--format", fmt, "--network", network,
                           "--out", str(out / f"{network}.{fmt}")]))
    # a Korean city's partner list (the importers' test table) matched to the graph
    found.append(("import partners", ["import", "partners", str(PARTNERS), *d,
                                      "--out", str(out / "import.ttl")]))
    return found


def parameters(data: Path) -> dict[str, str]:
    """The saved queries' parameters (the busiest city, as ``bench.py`` uses) and a
    second actor for ``path``."""
    from climategraph.sparql.params import busiest_params
    from climategraph.store.load import load_graph

    graph = load_graph([data])
    found = busiest_params(graph)
    found["other"] = str(next(iter(graph.query(_LAST_CITY)))[0])  # type: ignore[index]
    return found


#: run by a small Python process of its own (see :func:`timed`): starts the command
#: in a session of its own, kills that session after ``cap`` seconds, and prints the
#: command's wall time and resource usage (``wait4``) as JSON
_LAUNCHER = """
import json, os, signal, sys, time
cap, argv = float(sys.argv[1]), sys.argv[2:]
null = os.open(os.devnull, os.O_WRONLY)
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ, setsid=True,
                     file_actions=[(os.POSIX_SPAWN_DUP2, null, 1)])
killed = False
while True:
    done, status, usage = os.wait4(pid, os.WNOHANG)
    if done:
        break
    if not killed and time.perf_counter() - start > cap:
        os.killpg(pid, signal.SIGKILL)
        killed = True
    time.sleep(0.05)
print(json.dumps({"wall": time.perf_counter() - start, "status": status, "killed": killed,
                  "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}))
"""


def timed(argv: list[str], cap: float) -> dict[str, Any]:
    """Run ``climategraph argv`` to its end (or kill it after ``cap`` seconds):
    ``{"status", "exit", "wall", "cpu", "peak_mb"}``.

    The command is started by a small launcher process (:data:`_LAUNCHER`), not by
    this one: a child's peak resident memory (``ru_maxrss``) counts the memory of
    the process it was forked from until it runs the command, and this process
    holds graphs of up to 10^6 triples (every command would have shown their size)."""
    exe = Path(sys.executable).with_name("climategraph")
    launcher = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(cap), str(exe), *argv]
    done = subprocess.run(launcher, capture_output=True, cwd=ROOT, timeout=cap + 120,
                          check=False)
    found = json.loads(done.stdout)
    code = os.waitstatus_to_exitcode(found["status"])
    status = "cap" if found["killed"] else ("ok" if code in (0, 1) else "error")
    row: dict[str, Any] = {"status": status, "exit": code, "wall": round(found["wall"], 2),
                           "cpu": round(found["cpu"], 2),
                           "peak_mb": round(found["maxrss_kb"] / 1024, 1)}
    if status == "error":
        error = done.stderr.decode(errors="replace")[-300:]
        row["error"] = error.strip().splitlines()[-1:] or [""]
    return row


def over(row: dict[str, Any], size: int) -> list[str]:
    """What ``row`` exceeds: ``"wall"`` (the wall time: on a loaded machine that may be
    the machine's doing), ``"cpu"`` (the CPU time alone is over the time budget),
    ``"memory"``."""
    budget = BUDGET_SECONDS.get(size, 60.0)
    found = []
    if row["status"] == "cap" or row["wall"] > budget:
        found.append("wall")
    if row["cpu"] > budget:
        found.append("cpu")
    if row["peak_mb"] > BUDGET_MB:
        found.append("memory")
    return found


def run_size(size: int, seed: int, data_dir: Path, cap: float,
             only: tuple[str, ...] = (), rows: dict[str, Any] | None = None,
             save: Any = None) -> dict[str, Any]:
    """Every command (or those named in ``only``) on the graph of ``size`` triples."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench import ensure_data

    data, _ = ensure_data(size, seed, data_dir)
    params = parameters(data)
    rows = {} if rows is None else rows
    with tempfile.TemporaryDirectory(prefix="cg-commands-") as tmp:
        for name, argv in commands(data, params, Path(tmp)):
            if only and name not in only:
                continue
            row = timed(argv, cap)
            row["over"] = over(row, size)
            rows[name] = row
            if save is not None:
                save()
            print(f"{size} {name}: {row}", file=sys.stderr, flush=True)
            shutil.rmtree(Path(tmp) / "run", ignore_errors=True)
    return rows


def table(results: dict[str, Any]) -> str:
    """The per-command table: one line per size and command; over budget marked."""
    head = (f"{'size':>9} {'command':<31} {'wall':>9} {'cpu':>9} {'peak':>9}  "
            f"{'budget':<8}")
    lines = [head, "-" * len(head)]
    for size, rows in results["sizes"].items():
        budget = f"{BUDGET_SECONDS.get(int(size), 60.0):.0f} s"
        for name, row in rows.items():
            if row["status"] == "cap":
                cells = f"{'> cap':>9} {'>' + format(row['cpu'], '.2f'):>7} s {'':>9}"
            else:
                cells = f"{row['wall']:7.2f} s {row['cpu']:7.2f} s {row['peak_mb']:6.0f} MB"
            exceeds = over(row, int(size))
            mark = "OVER: " + ", ".join(exceeds) if exceeds else "ok"
            if row["status"] == "error":
                mark = f"exit {row['exit']}: {' '.join(row.get('error', []))[:60]}"
            lines.append(f"{size:>9} {name:<31} {cells}  {budget:<8} {mark}")
    load = results.get("load_average")
    lines.append(f"budgets: {BUDGET_SECONDS[100_000]:.0f} s per command up to 10^5, "
                 f"{BUDGET_SECONDS[1_000_000]:.0f} s at 10^6, {BUDGET_MB:.0f} MB; cpu = user + "
                 f"system of the command and the processes it waited for; OVER: wall = the "
                 f"wall time is over, cpu = the CPU time alone is; load average at the "
                 f"start {load}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cap", type=float, default=600.0, help="seconds per command")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "out" / "bench-data")
    parser.add_argument("--json", type=Path, default=ROOT / "out" / "bench-commands.json")
    parser.add_argument("--only", default="", help="comma-separated command names to run")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"load_average": [round(x, 1) for x in os.getloadavg()],
                               "cores": os.cpu_count(), "sizes": {}}
    args.json.parent.mkdir(parents=True, exist_ok=True)

    def save() -> None:  # after every command: a run stopped later keeps what it timed
        args.json.write_text(json.dumps(results, indent=2) + "\n")

    for size in (int(s) for s in args.sizes.split(",")):
        rows = results["sizes"][str(size)] = {}
        run_size(size, args.seed, args.data_dir, args.cap,
                 tuple(x for x in args.only.split(",") if x), rows, save)
    print(table(results))
    return results


if __name__ == "__main__":
    main()
