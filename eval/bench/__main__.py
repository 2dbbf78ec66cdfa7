"""``python -m eval.bench``: runs each part in a fresh interpreter, then reports (see the package).

``python -m eval.bench load …`` is the load benchmark instead (:mod:`eval.bench.load`)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT
from eval.bench.build import worker_build
from eval.bench.derive import NOISE_SIGMA
from eval.bench.ingest_reference import worker_ingest_reference
from eval.bench.report import compare_ingest, plot, print_report, targets
from eval.bench.run import worker_ingest, worker_measure
from eval.bench.server import chroma_server
from eval.bench.vocabulary import QUESTIONS
from eval.bench.worker import load_average, log

DEFAULT_OUT = PROJECT_ROOT / "eval" / "reports" / "bench"
PARTS = ("ingest", "sizes")  # the ingest comparison; questions against store size
WORKERS: dict[str, Callable[[Path, argparse.Namespace], dict[str, Any]]] = {
    "ingest": worker_ingest,
    "ingest-reference": worker_ingest_reference,
    "build": worker_build,
    "measure": worker_measure,
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line, checked; ``--worker-env`` turned into a dict."""
    parser = argparse.ArgumentParser(
        prog="python -m eval.bench",
        description="Scale benchmark: ingest time (ours and plain llama-index's, on the same corpus), then "
        "question latency against store size (ours and the plain llama-index retriever's); writes bench.json "
        "and bench.png. 'python -m eval.bench load --help': the load benchmark.",
    )
    parser.add_argument("--parts", default=",".join(PARTS),
                        help="what to run: 'ingest' (our ingest against plain llama-index's), 'sizes' (questions "
                             "against store size, on part (a)'s store), or both (default %(default)s)")
    parser.add_argument("--sizes", default="1000,10000,100000", help="store sizes in chunks (default %(default)s)")
    parser.add_argument("--ingest-chunks", type=int, default=1000,
                        help="chunks embedded for real in part (a); the base of part (b) (default %(default)s)")
    parser.add_argument("--questions", type=int, default=len(QUESTIONS),
                        help=f"questions timed per size, at most {len(QUESTIONS)} (default all)")
    parser.add_argument("--repeats", type=int, default=2, help="times each question is asked (default %(default)s)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where bench.json and bench.png go")
    parser.add_argument("--work", type=Path,
                        help="working folder for the corpus and the store, kept afterwards (default: a temp dir, "
                             "removed at the end unless --keep)")
    parser.add_argument("--keep", action="store_true", help="keep the temp working folder (the largest store)")
    parser.add_argument("--worker-env", action="append", default=[], metavar="NAME=VALUE",
                        help="environment variable for the measuring processes, e.g. OMP_WAIT_POLICY=passive "
                             "(repeatable; default: the environment as it is)")
    parser.add_argument("--chroma-server", action="store_true",
                        help="run every part against a Chroma server ('chroma run --path WORK/chroma-server' on "
                             "a free loopback port, started and stopped by the bench) instead of an embedded "
                             "store; the plain llama-index ingest reference stays embedded")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--target", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--server-url", help=argparse.SUPPRESS)  # the bench's server, for the workers
    parser.add_argument("--server-pid", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.questions = max(1, min(args.questions, len(QUESTIONS)))
    args.parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    if not args.parts or set(args.parts) - set(PARTS):
        parser.error(f"--parts takes one or more of {', '.join(PARTS)}, comma-separated")
    pairs = [item.partition("=") for item in args.worker_env]
    if any(not name or not sep for name, sep, _ in pairs):
        parser.error("--worker-env takes NAME=VALUE")
    args.worker_env = {name: value for name, _, value in pairs}
    return args


def run_worker(phase: str, work: Path, args: argparse.Namespace, **extra: object) -> dict[str, Any]:
    """Run one phase in a fresh interpreter; its progress goes to the terminal, its result to a file."""
    result = work / f"result-{phase}.json"
    result.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "eval.bench", "--worker", phase, "--work", str(work),
           "--seed", str(args.seed), "--ingest-chunks", str(args.ingest_chunks),
           "--questions", str(args.questions), "--repeats", str(args.repeats)]
    if args.server_url:
        extra = {**extra, "server-url": args.server_url, "server-pid": args.server_pid}
    for key, value in extra.items():
        cmd += [f"--{key}", str(value)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": os.pathsep.join(
        p for p in (str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    env.update(args.worker_env)
    subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, check=True)
    return json.loads(result.read_text(encoding="utf-8"))


def measure_ingest(work: Path, args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Part (a), then (with ``--parts ingest``) plain llama-index ingesting the same files."""
    ingest = run_worker("ingest", work, args)
    if "ingest" not in args.parts:
        return ingest, None
    log("ingesting the same corpus with plain llama-index (the reference)")
    return ingest, run_worker("ingest-reference", work, args)


def measure_sizes(work: Path, args: argparse.Namespace, sizes: list[int], current: int) -> list[dict[str, Any]]:
    """Part (b) at each size, from part (a)'s ``current`` chunks: the store grows between
    measurements, never shrinks."""
    rows: list[dict[str, Any]] = []
    for size in sizes:
        build: dict[str, Any] = {}
        if current < 0.98 * size:
            log(f"building the {size}-chunk store")
            build = run_worker("build", work, args, target=size)
            current = build["chunks_after"]
        log(f"measuring at {current} chunks")
        row = run_worker("measure", work, args)
        if build:
            row["build"] = build
        rows.append(row)
        log(f"{row['chunks']} chunks: answer p50 {row['latency_ms']['ask']['p50']:.1f} ms, "
            f"p95 {row['latency_ms']['ask']['p95']:.1f} ms; llama-index p50 "
            f"{row['latency_ms']['llamaindex']['p50']:.1f} ms")
    return rows


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark (or, with the hidden ``--worker``, one of its parts); returns the result."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["load"]:
        from eval.bench.load import main as load_main

        return load_main(argv[1:])
    args = parse_args(argv)
    if args.worker:
        result = WORKERS[args.worker](args.work, args)
        (args.work / f"result-{args.worker}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        return result

    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    work = args.work or Path(tempfile.mkdtemp(prefix="iom-bench-"))
    if work.exists() and any(work.iterdir()):
        raise SystemExit(f"{work} is not empty: give an empty or new --work folder")
    work.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.time()
    log(f"parts {', '.join(args.parts)}; sizes {sizes}, {args.ingest_chunks} chunks embedded for real, "
        f"work folder {work}; load {load_average()}")
    chroma: dict[str, Any] = {"mode": "embedded"}
    try:
        with chroma_server(work) if args.chroma_server else contextlib.nullcontext() as server:
            if server:
                args.server_url, args.server_pid = server.url, server.pid
                chroma = {"mode": "server", "url": server.url, "pid": server.pid, "data_dir": str(server.path)}
                log(f"Chroma server {server.url} (pid {server.pid}, data in {server.path}); log in {work}/chroma.log")
            ingest, reference = measure_ingest(work, args)
            rows = measure_sizes(work, args, sizes, ingest["chunks"]) if "sizes" in args.parts else []
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    if reference:
        reference["chroma"] = "embedded"  # ingest_reference.py writes to its own embedded client
    result = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "seconds": round(time.time() - started, 1),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "load_at_end": load_average()},
        "config": {"parts": args.parts, "sizes": sizes if rows else [], "ingest_chunks": args.ingest_chunks,
                   "questions": args.questions, "repeats": args.repeats, "seed": args.seed,
                   "noise_sigma": NOISE_SIGMA, "worker_env": args.worker_env, "chroma_server": args.chroma_server},
        "chroma": chroma.get("url", "embedded"),  # which store every part but the ingest reference ran on
        "chroma_server": chroma if args.chroma_server else None,
        "ingest": ingest,
        "ingest_reference": reference,
        "ingest_comparison": compare_ingest(ingest, reference) if reference else None,
        "sizes": rows,
    }
    result["targets"] = targets(ingest, rows, result["ingest_comparison"])
    (args.out / "bench.json").write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    written = [args.out / "bench.json"]
    if rows:
        loads = ", ".join(f"{r['load_before'][0]:.1f}" for r in rows if r["load_before"])
        plot(rows, args.out / "bench.png",
             f"Chroma {result['chroma']}; {os.cpu_count()} cores, load average at each measurement: {loads}; "
             f"vectors beyond {ingest['chunks']} chunks derived from real ones")
        written.append(args.out / "bench.png")
    print_report(result)
    print(f"\nwrote {' and '.join(map(str, written))}")
    return result


if __name__ == "__main__":
    main()
