"""Benchmark of the main job at 10^4, 10^5 and 10^6 triples: fast path vs naive baseline,
then every command as typed (``benchmarks/commands.py``; ``--commands``).

``make bench`` runs ``python benchmarks/bench.py``. For every size it generates a
synthetic graph (``climategraph.synthetic.generator``, cached under ``out/bench-data/``), then
runs the job's stages once per configuration, each configuration in its own worker
process:

- ``fast``: the project's default configuration (Oxigraph behind rdflib, the fast
  validation path when present, the default network metrics: igraph where it gives
  networkx's values);
- ``baseline``: the naive path (rdflib's own parser and memory store, pySHACL,
  networkx's exact algorithms, pyvis with physics).

Per stage it records wall time and peak resident memory (VmHWM, reset before each
stage through ``/proc/self/clear_refs``) and a digest of the stage's result, so the
table shows whether both configurations computed the same thing. A configuration is
killed at the cap (``--cap`` seconds, default 1200 per size); the stage it was in and
the ones after it are reported as ``> cap`` and the ratio counts the cap. Stages
whose module has not landed are ``n/a``.

The stages run one after the other in one worker; ``climategraph run`` runs them in
two processes from 10^5 triples (validation and half the stages in a forked child).
So for every size the table also times the main job as a user types it
(``climategraph run --data D``, :func:`commands.timed`) and sets the baseline's total
against it: the budget (10^6 in 60 s, at least 20 times the naive baseline) is
about that command. Writes ``out/bench.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("load", "validate", "graph", "queries", "analysis", "page", "export")
CONFIGS = ("fast", "baseline")


# --- worker: runs the stages of one configuration, one JSON line per stage ------------


def _peak_reset() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _load(config: str, data: Path) -> Any:
    from climategraph.store import backend, load, project

    if config == "fast":
        return load.load_graph([data])
    from rdflib import Graph  # rdflib's own parsers into its memory store

    g = Graph()
    backend.bind_prefixes(g)
    for path in project.ontology_files() + load.expand([data]):
        g.parse(str(path), format="nt" if path.suffix == ".nt" else "turtle")
    return g


def _files(outputs: Any) -> Any:
    """Digest material of the files a stage wrote: name -> sha256 of the bytes."""
    found = {}
    for item in outputs:
        path = Path(item[0] if isinstance(item, tuple) else item.path)
        found[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _validate(config: str, g: Any, out: Path) -> Any:
    """The job's validation stage: pySHACL (baseline) or the compiled shapes (fast)."""
    from climategraph import fileio as export
    from climategraph.shacl import engine

    if config == "fast":
        from climategraph.shacl import sparql_engine

        report = sparql_engine.validate(g)
    else:
        report = engine.validate(g)
    text = json.dumps(report.as_dict(), ensure_ascii=False, indent=2).encode() + b"\n"
    return _files([(export.atomic_write(out / "validation.json", text), "")])


def _queries(config: str, g: Any, params: dict[str, str], out: Path) -> Any:
    """Every saved query, with the synthetic graph's busiest city for its parameters
    (the job's own stage uses the defaults, which name shipped entities)."""
    from climategraph import fileio as export
    from climategraph.sparql import run
    from climategraph.sparql import saved as sparql_saved
    from climategraph.sparql.results import to_csv

    written = []
    for name, saved in sparql_saved.discover().items():
        wanted = {p.name: params[p.kind] for p in saved.params
                  if p.kind in params and p.default is not None}
        result = run.run_query(g, saved, wanted)
        written.append((export.atomic_write(out / "queries" / f"{name}.csv",
                                            to_csv(result).encode()), ""))
    return _files(written)


def _job_stage(name: str, config: str, g: Any, out: Path) -> Any:
    """One of climategraph.pipeline's own stages, by function name."""
    from climategraph import pipeline

    if config == "baseline":
        from climategraph.network import backends

        backends.BACKEND = "networkx"  # the naive metrics: networkx's own algorithms
        backends.EXACT_WORK = None  # exact betweenness at every size
    if config == "baseline" and name == "_pages_stage":
        from climategraph.pages import spec

        spec.LARGE = 10**9  # the naive page: vis-network physics at any size
    written = []
    for part in PARTS.get(name, (name,)):
        stage = next(s for s in pipeline.STAGES if s.__name__ == part)
        written += stage(g, out)
    return _files(written)


#: a bench stage made of several pipeline stages -> their function names
PARTS = {"_pages_stage": ("_actor_page_stage", "_bipartite_page_stage"),
         "_export_stage": ("_jsonld_stage", "_graphml_stage")}
#: bench stage -> pipeline stage function name (None: defined here)
JOB = {"load": None, "validate": None, "graph": "_graph_stage", "queries": None,
       "analysis": "_analysis_stage", "page": "_pages_stage", "export": "_export_stage"}


def _available(stage: str) -> bool:
    from climategraph import pipeline

    name = JOB[stage]
    wanted = PARTS.get(name, (name,)) if name else ()
    return name is None or all(any(s.__name__ == w for s in pipeline.STAGES) for w in wanted)


def worker(config: str, data: Path, params: dict[str, str], out: Path,
           skip: tuple[str, ...] = ()) -> None:
    """Run every stage not in ``skip`` (the graph is always loaded), printing
    ``{"stage", "status", "seconds", "peak_mb", "digest"}`` lines. The fast
    configuration collects garbage as a command does (this worker is its own
    process); the baseline keeps Python's thresholds."""
    if config == "fast":
        import gc

        from climategraph.processes import BATCH_THRESHOLDS

        gc.set_threshold(*BATCH_THRESHOLDS)
    g = None
    for stage in STAGES:
        if stage in skip:
            if stage == "load":
                g = _load(config, data)
            continue
        if not _available(stage):
            print(json.dumps({"stage": stage, "status": "n/a"}), flush=True)
            continue
        print(json.dumps({"stage": stage, "status": "start"}), flush=True)
        _peak_reset()
        start = time.perf_counter()
        try:
            if stage == "load":
                g = _load(config, data)
                value: Any = len(g)
            elif stage == "validate":
                value = _validate(config, g, out)
            elif stage == "queries":
                value = _queries(config, g, params, out)
            else:
                value = _job_stage(JOB[stage], config, g, out)  # type: ignore[arg-type]
        except Exception as exc:  # a stage that fails is reported, the others still run
            print(json.dumps({"stage": stage, "status": "error",
                              "error": f"{type(exc).__name__}: {exc}"[:300]}), flush=True)
            continue
        seconds = time.perf_counter() - start
        print(json.dumps({"stage": stage, "status": "ok", "seconds": round(seconds, 3),
                          "peak_mb": round(_peak_mb(), 1), "digest": _digest(value)}),
              flush=True)


# --- parent: generates data, runs workers under a cap, prints the table -------------


def ensure_data(triples: int, seed: int, folder: Path) -> tuple[Path, float]:
    """The synthetic graph for ``triples`` (generated once, then reused)."""
    from climategraph.synthetic.generator import generate

    target = folder / f"syn-{triples}-seed{seed}"
    if (target / "synthetic.nt").is_file():
        return target, 0.0
    start = time.perf_counter()
    generate(triples, seed, target)
    return target, time.perf_counter() - start


def query_params(data: Path) -> dict[str, str]:
    """Parameter values for the saved queries on a synthetic graph: its busiest city
    (:func:`climategraph.sparql.params.busiest_params`)."""
    from climategraph.sparql.params import busiest_params
    from climategraph.store.load import load_graph

    return busiest_params(load_graph([data]))


def run_config(config: str, data: Path, params: dict[str, str], cap: float,
               stage_cap: float, out: Path) -> dict[str, dict[str, Any]]:
    """Worker processes for one configuration. A stage still running after
    ``stage_cap`` seconds, or when the configuration has used ``cap``, is killed and
    reported ``> cap``; a new worker (which loads the graph again, untimed) runs the
    stages after it."""
    results: dict[str, dict[str, Any]] = {}
    spent = 0.0
    while len(results) < len(STAGES):
        skip = ",".join(results)
        cmd = [sys.executable, __file__, "--worker", config, str(data), "--params",
               json.dumps(params), "--out", str(out), "--skip", skip]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        current: dict[str, Any] = {}

        def read(proc: subprocess.Popen[str] = proc, current: dict[str, Any] = current) -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith("{"):
                    row = json.loads(line)
                    if row.get("status") == "start":
                        current["stage"], current["since"] = row["stage"], time.monotonic()
                    else:
                        results[row.pop("stage")] = row
                        current.pop("stage", None)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        while proc.poll() is None:
            time.sleep(0.2)
            stage = current.get("stage")
            # the configuration's cap counts the stages this worker has finished too
            spent = sum(r.get("seconds", 0) for r in list(results.values()))
            if stage and (time.monotonic() - current["since"] > min(stage_cap, cap - spent)):
                proc.kill()
        proc.wait()
        reader.join(timeout=5)
        spent = sum(r.get("seconds", 0) for r in results.values())
        stage = current.get("stage")
        if stage is None:
            break
        results[stage] = {"status": "cap", "seconds": round(min(stage_cap, cap - spent), 3)}
        spent = sum(r.get("seconds", 0) for r in results.values())
        if spent >= cap:
            break
    for stage in STAGES:
        results.setdefault(stage, {"status": "not run", "seconds": 0.0})
    return {stage: results[stage] for stage in STAGES}


def open_seconds(page: Path) -> float | None:
    """Seconds from loading ``page`` in headless Chromium (Debian's, through
    Playwright) until the network is drawn (the page's ``settled`` flag); None when
    there is no page, no Playwright or no Chromium."""
    import shutil

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not page.is_file() or not Path(chromium).exists():
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium,
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            tab = browser.new_page(viewport={"width": 1280, "height": 800}, bypass_csp=True)
            start = time.perf_counter()
            tab.goto(page.resolve().as_uri(), timeout=300_000)
            tab.wait_for_function("window.climategraph && window.climategraph.settled",
                                  timeout=300_000)
            return time.perf_counter() - start
        finally:
            browser.close()


def help_seconds() -> float:
    exe = Path(sys.executable).with_name("climategraph")
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([str(exe), "--help"], capture_output=True, check=True)
        best = min(best, time.perf_counter() - start)
    return best


def _cell(row: dict[str, Any]) -> str:
    status = row.get("status")
    if status == "ok":
        return f"{row['seconds']:8.2f} s {row['peak_mb']:7.0f} MB"
    return {"cap": "   > cap", "n/a": "     n/a", "error": "   error",
            "not run": " not run"}.get(status, "?")


def table(results: dict[str, Any], cap: float) -> str:
    lines = []
    head = f"{'size':>9} {'stage':<9} {'fast':>20} {'baseline':>20} {'ratio':>8} {'same':>5}"
    lines += [head, "-" * len(head)]
    for size, configs in results["sizes"].items():
        fast, base = configs["fast"], configs["baseline"]
        for stage in [*STAGES, "total"]:
            f, b = fast[stage], base[stage]
            ratio = ""
            if f.get("status") == "ok" and b.get("status") in ("ok", "cap") and f["seconds"]:
                sign = ">" if b["status"] == "cap" else ""
                ratio = f"{sign}{b['seconds'] / f['seconds']:.1f}x"
            same = ""
            if f.get("digest") and b.get("digest"):
                same = "yes" if f["digest"] == b["digest"] else "NO"
            lines.append(f"{size:>9} {stage:<9} {_cell(f):>20} {_cell(b):>20} {ratio:>8} "
                         f"{same:>5}")
    for size, job in results.get("job_as_typed", {}).items():
        lines.append(_job_line(size, job, results["sizes"][size]["baseline"]["total"]))
    for size, seconds in results.get("page_open_seconds", {}).items():
        if seconds is not None:
            lines.append(f"{size:>9} the fast path's actor page opens (drawn) in headless "
                         f"Chromium in {seconds:.2f} s")
    lines.append(f"cap {cap:.0f} s per size and configuration, {results['stage_cap']:.0f} s per "
                 f"stage ('> cap': killed there, the total is then a lower bound); "
                 f"'climategraph --help' {results['help_seconds']:.2f} s")
    return "\n".join(lines)


def _job_line(size: str, job: dict[str, Any], baseline: dict[str, Any]) -> str:
    """The main job as typed at ``size`` against the baseline's total."""
    if job.get("status") != "ok":
        return f"{size:>9} the main job as typed (climategraph run): {job.get('status')}"
    ratio = ""
    if baseline.get("status") in ("ok", "cap") and job["wall"]:
        sign = ">" if baseline["status"] == "cap" else ""
        ratio = (f"; the baseline's total {sign}{baseline['seconds']:.0f} s is "
                 f"{sign}{baseline['seconds'] / job['wall']:.1f}x that")
    return (f"{size:>9} the main job as typed (climategraph run): {job['wall']:.2f} s wall, "
            f"{job['cpu']:.2f} s CPU, {job['peak_mb']:.0f} MB{ratio}")


def total(rows: dict[str, dict[str, Any]], cap: float) -> dict[str, Any]:
    ok = [r for r in rows.values() if r.get("status") in ("ok", "cap")]
    if not ok:
        return {"status": "n/a"}
    seconds = sum(r["seconds"] for r in ok)
    capped = any(r.get("status") == "cap" for r in rows.values())
    peak = max((r.get("peak_mb", 0) for r in ok), default=0)
    return {"status": "cap" if capped else "ok", "seconds": round(min(seconds, cap) if capped
            else seconds, 3), "peak_mb": peak}


def machine() -> dict[str, Any]:
    mem = ""
    with contextlib.suppress(OSError, StopIteration):
        mem = next(line.split(":")[1].strip() for line in Path("/proc/meminfo").read_text()
                   .splitlines() if line.startswith("MemTotal"))
    cpu = platform.processor()
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":")[1].strip() for line in Path("/proc/cpuinfo").read_text()
                   .splitlines() if line.startswith("model name"))
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "python": platform.python_version(),
            "load_average": os.getloadavg()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cap", type=float, default=1200.0,
                        help="seconds per size and configuration (default 1200 = 20 min)")
    parser.add_argument("--configs", default=",".join(CONFIGS))
    parser.add_argument("--data-dir", type=Path, default=ROOT / "out" / "bench-data")
    parser.add_argument("--json", type=Path, default=ROOT / "out" / "bench.json")
    parser.add_argument("--worker", nargs=2, metavar=("CONFIG", "DATA"))
    parser.add_argument("--stage-cap", type=float, default=None,
                        help="seconds per stage (default: --cap)")
    parser.add_argument("--skip", default="")
    parser.add_argument("--params", default="{}")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "bench-pages")
    parser.add_argument("--commands", choices=("both", "only", "none"), default="both",
                        help="also time every command as typed (benchmarks/commands.py; "
                             "default), only that, or only the job's stages")
    parser.add_argument("--command-cap", type=float, default=600.0,
                        help="seconds per command (default 600)")
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]), json.loads(args.params), args.out,
               tuple(x for x in args.skip.split(",") if x))
        return
    import commands  # benchmarks/commands.py, beside this file

    if args.commands == "only":
        commands.main(["--sizes", args.sizes, "--seed", str(args.seed), "--cap",
                       str(args.command_cap), "--data-dir", str(args.data_dir)])
        return
    results: dict[str, Any] = {"machine": machine(), "cap_seconds": args.cap,
                               "stage_cap": args.stage_cap or args.cap,
                               "help_seconds": round(help_seconds(), 3), "sizes": {}}
    for size in (int(s) for s in args.sizes.split(",")):
        data, gen_seconds = ensure_data(size, args.seed, args.data_dir)
        params = query_params(data)
        configs = {}
        for config in CONFIGS:
            if config not in args.configs.split(","):
                configs[config] = {s: {"status": "n/a"} for s in STAGES}
            else:
                configs[config] = run_config(config, data, params, args.cap,
                                             args.stage_cap or args.cap,
                                             args.out / f"{size}-{config}")
            configs[config]["total"] = total(configs[config], args.cap)
            print(f"{size} {config}: {configs[config]['total']}", file=sys.stderr, flush=True)
        configs["generate_seconds"] = round(gen_seconds, 3)  # type: ignore[assignment]
        configs["job_as_typed"] = _job_as_typed(data, args.command_cap)  # type: ignore[assignment]
        print(f"{size} the main job as typed: {configs['job_as_typed']}", file=sys.stderr,
              flush=True)
        opened = open_seconds(args.out / f"{size}-fast" / "network.html")
        configs["page_open_seconds"] = None if opened is None else round(opened, 2)  # type: ignore[assignment]
        results["sizes"][str(size)] = configs
        _save(results, args.json)  # after each size: a run stopped later keeps it
    print(table(_finished(results), args.cap))
    if args.commands == "both":
        print()
        commands.main(["--sizes", args.sizes, "--seed", str(args.seed), "--cap",
                       str(args.command_cap), "--data-dir", str(args.data_dir)])


def _job_as_typed(data: Path, cap: float) -> dict[str, Any]:
    """``climategraph run --data data`` as a user types it (:func:`commands.timed`),
    into a temporary folder."""
    import tempfile

    import commands

    with tempfile.TemporaryDirectory(prefix="cg-bench-run-") as tmp:
        return commands.timed(["run", "--data", str(data), "--out", tmp], cap)  # type: ignore[no-any-return]


def _finished(results: dict[str, Any]) -> dict[str, Any]:
    """The results as written: the page-opening times and the main job as typed
    beside the sizes' stages."""
    done = json.loads(json.dumps(results))
    for configs in done["sizes"].values():
        configs.pop("generate_seconds", None)
    done["job_as_typed"] = {size: configs.pop("job_as_typed")
                            for size, configs in done["sizes"].items() if "job_as_typed" in configs}
    done["page_open_seconds"] = {size: configs.pop("page_open_seconds", None)
                                 for size, configs in done["sizes"].items()}
    return done


def _save(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(_finished(results), indent=2) + "\n")
    tmp.replace(path)


if __name__ == "__main__":
    main()
