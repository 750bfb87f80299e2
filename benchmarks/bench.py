"""Benchmark of the main job at 10^4, 10^5 and 10^6 triples: fast path vs naive baseline.

``make bench`` runs ``python benchmarks/bench.py``. For every size it generates a
synthetic graph (``climategraph.generate``, cached under ``out/bench-data/``), then
runs the job's stages once per configuration, each configuration in its own worker
process:

- ``fast``: the project's default configuration (Oxigraph behind rdflib, the fast
  validation path when present, the default network metrics);
- ``baseline``: the naive path (rdflib's own parser and memory store, pySHACL,
  networkx's exact algorithms, pyvis with physics).

Per stage it records wall time and peak resident memory (VmHWM, reset before each
stage through ``/proc/self/clear_refs``) and a digest of the stage's result, so the
table shows whether both configurations computed the same thing. A configuration is
killed at the cap (``--cap`` seconds, default 1200 per size); the stage it was in and
the ones after it are reported as ``> cap`` and the ratio counts the cap. Stages
whose module has not landed are ``n/a``. Writes ``out/bench.json``.
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
STAGES = ("load", "validate", "queries", "analysis", "page")
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
    from climategraph import graph as cg_graph

    if config == "fast":
        return cg_graph.load_graph([data])
    from rdflib import Graph  # rdflib's own parsers into its memory store

    g = Graph()
    cg_graph.bind_prefixes(g)
    for path in cg_graph.ontology_files() + cg_graph.expand([data]):
        g.parse(str(path), format="nt" if path.suffix == ".nt" else "turtle")
    return g


def _validate(config: str, g: Any) -> Any:
    from climategraph import validate

    report = None
    if config == "fast":
        try:
            from climategraph import fastshacl  # type: ignore[attr-defined]

            report = fastshacl.validate(g)
        except ImportError:
            pass
    if report is None:
        report = validate.validate(g)
    found = sorted((f.severity, f.focus, f.path, f.shape, f.value) for f in report.findings)
    return [report.conforms, found]


def _queries(config: str, g: Any, params: dict[str, str]) -> Any:
    from climategraph import queries

    out = {}
    for name, saved in queries.discover().items():
        wanted = {p.name: params[p.kind] for p in saved.params if p.kind in params}
        wanted = {k: v for k, v in wanted.items() if any(p.name == k and p.default is not None
                                                          for p in saved.params)}
        result = queries.run_query(g, saved, wanted)
        out[name] = sorted(json.dumps([str(x) for x in row], ensure_ascii=False)
                           for row in result.rows)
    return out


def _analysis(config: str, g: Any) -> Any:
    from climategraph import analysis

    result = analysis.analyze(g, "actor")
    return [[n["id"], round(n["betweenness"], 9), round(n["pagerank"], 9)] for n in result.nodes]


def _page(config: str, g: Any, out: Path) -> Any:
    from climategraph import viz  # type: ignore[attr-defined]

    written = viz.write_pages(g, out, physics=config != "fast")  # issue 5's API, when it lands
    return [str(p) for p in written]


def worker(config: str, data: Path, params: dict[str, str], out: Path) -> None:
    """Run every stage, printing ``{"stage", "seconds", "peak_mb", "digest"}`` lines."""
    import importlib.util

    g = None
    for stage in STAGES:
        module = {"validate": "validate", "queries": "queries", "analysis": "analysis",
                  "page": "viz"}.get(stage)
        if module and importlib.util.find_spec(f"climategraph.{module}") is None:
            print(json.dumps({"stage": stage, "status": "n/a"}), flush=True)
            continue
        _peak_reset()
        start = time.perf_counter()
        try:
            if stage == "load":
                g = _load(config, data)
                value: Any = len(g)
            elif stage == "validate":
                value = _validate(config, g)
            elif stage == "queries":
                value = _queries(config, g, params)
            elif stage == "analysis":
                value = _analysis(config, g)
            else:
                value = _page(config, g, out)
        except Exception as exc:  # a stage that fails is reported, the others still run
            print(json.dumps({"stage": stage, "status": "error",
                              "error": f"{type(exc).__name__}: {exc}"[:300]}), flush=True)
            continue
        seconds = time.perf_counter() - start
        print(json.dumps({"stage": stage, "status": "ok", "seconds": round(seconds, 3),
                          "peak_mb": round(_peak_mb(), 1), "digest": _digest(value),
                          "size": len(value) if hasattr(value, "__len__") else value}),
              flush=True)


# --- parent: generates data, runs workers under a cap, prints the table -------------


def ensure_data(triples: int, seed: int, folder: Path) -> tuple[Path, float]:
    """The synthetic graph for ``triples`` (generated once, then reused)."""
    from climategraph.generate import generate

    target = folder / f"syn-{triples}-seed{seed}"
    if (target / "synthetic.nt").is_file():
        return target, 0.0
    start = time.perf_counter()
    generate(triples, seed, target)
    return target, time.perf_counter() - start


def query_params(data: Path) -> dict[str, str]:
    """Parameter values for the saved queries on a synthetic graph: its busiest city."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(data / "synthetic.nt"), format=ox.RdfFormat.N_TRIPLES)
    rows = list(store.query(
        """PREFIX cg: <https://w3id.org/climategraph/ontology#>
        SELECT ?lg (COUNT(*) AS ?n) WHERE { ?p cg:agent ?lg ; cg:role cg:HostRole .
          ?lg a cg:LocalGovernment } GROUP BY ?lg ORDER BY DESC(?n) STR(?lg) LIMIT 1"""))
    city = rows[0]["lg"].value
    event = next(iter(store.query(
        """PREFIX cg: <https://w3id.org/climategraph/ontology#>
        SELECT ?e WHERE { ?s cg:partOf ?e } ORDER BY STR(?e) LIMIT 1""")))["e"].value
    return {"local-government": city, "entity": city, "event": event,
            "organisation": city, "international-organisation": city}


def run_config(config: str, data: Path, params: dict[str, str], cap: float,
               out: Path) -> dict[str, dict[str, Any]]:
    """One worker process; stages still running at the cap are ``> cap``."""
    cmd = [sys.executable, __file__, "--worker", config, str(data), "--params",
           json.dumps(params), "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    results: dict[str, dict[str, Any]] = {}

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("{"):
                row = json.loads(line)
                results[row.pop("stage")] = row

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        proc.wait(timeout=cap)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    reader.join(timeout=5)
    spent = sum(r.get("seconds", 0) for r in results.values())
    for stage in STAGES:
        if stage not in results:
            results[stage] = {"status": "cap", "seconds": max(cap - spent, 0.0)}
    return results


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
    return {"cap": "   > cap", "n/a": "     n/a", "error": "   error"}.get(status, "?")


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
    lines.append(f"cap {cap:.0f} s per size and configuration; 'climategraph --help' "
                 f"{results['help_seconds']:.2f} s")
    return "\n".join(lines)


def total(rows: dict[str, dict[str, Any]], cap: float) -> dict[str, Any]:
    ok = [r for r in rows.values() if r.get("status") in ("ok", "cap")]
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
    parser.add_argument("--params", default="{}")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "bench-pages")
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]), json.loads(args.params), args.out)
        return
    results: dict[str, Any] = {"machine": machine(), "cap_seconds": args.cap,
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
                                             args.out / f"{size}-{config}")
            configs[config]["total"] = total(configs[config], args.cap)
            print(f"{size} {config}: {configs[config]['total']}", file=sys.stderr, flush=True)
        configs["generate_seconds"] = round(gen_seconds, 3)  # type: ignore[assignment]
        results["sizes"][str(size)] = configs
    for configs in results["sizes"].values():
        configs.pop("generate_seconds", None)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.json.with_suffix(".tmp")
    tmp.write_text(json.dumps(results, indent=2) + "\n")
    tmp.replace(args.json)
    print(table(results, args.cap))


if __name__ == "__main__":
    main()
