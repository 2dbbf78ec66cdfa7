"""``python -m eval.bench``: runs each part in a fresh interpreter, then reports (see the package)."""

from __future__ import annotations

import argparse
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
from eval.bench.report import plot, print_report, targets
from eval.bench.run import worker_ingest, worker_measure
from eval.bench.vocabulary import QUESTIONS
from eval.bench.worker import load_average, log

DEFAULT_OUT = PROJECT_ROOT / "eval" / "reports" / "bench"
WORKERS: dict[str, Callable[[Path, argparse.Namespace], dict[str, Any]]] = {
    "ingest": worker_ingest,
    "build": worker_build,
    "measure": worker_measure,
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line, checked; ``--worker-env`` turned into a dict."""
    parser = argparse.ArgumentParser(
        prog="python -m eval.bench",
        description="Scale benchmark: ingest throughput, then question latency against store size "
        "(ours and the plain llama-index retriever's); writes bench.json and bench.png.",
    )
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
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--target", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.questions = max(1, min(args.questions, len(QUESTIONS)))
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
    for key, value in extra.items():
        cmd += [f"--{key}", str(value)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": os.pathsep.join(
        p for p in (str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    env.update(args.worker_env)
    subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, check=True)
    return json.loads(result.read_text(encoding="utf-8"))


def measure_sizes(work: Path, args: argparse.Namespace, sizes: list[int]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Part (a), then part (b) at each size: the store grows between measurements, never shrinks."""
    ingest = run_worker("ingest", work, args)
    rows: list[dict[str, Any]] = []
    current = ingest["chunks"]
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
    return ingest, rows


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark (or, with the hidden ``--worker``, one of its parts); returns the result."""
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
    log(f"sizes {sizes}, {args.ingest_chunks} chunks embedded for real, work folder {work}; load {load_average()}")
    try:
        ingest, rows = measure_sizes(work, args, sizes)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    result = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "seconds": round(time.time() - started, 1),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "load_at_end": load_average()},
        "config": {"sizes": sizes, "ingest_chunks": args.ingest_chunks, "questions": args.questions,
                   "repeats": args.repeats, "seed": args.seed, "noise_sigma": NOISE_SIGMA,
                   "worker_env": args.worker_env},
        "ingest": ingest,
        "sizes": rows,
    }
    result["targets"] = targets(ingest, rows)
    (args.out / "bench.json").write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    loads = ", ".join(f"{r['load_before'][0]:.1f}" for r in rows if r["load_before"])
    plot(rows, args.out / "bench.png",
         f"{os.cpu_count()} cores, load average at each measurement: {loads}; "
         f"vectors beyond {ingest['chunks']} chunks derived from real ones")
    print_report(result)
    print(f"\nwrote {args.out / 'bench.json'} and {args.out / 'bench.png'}")
    return result


if __name__ == "__main__":
    main()
