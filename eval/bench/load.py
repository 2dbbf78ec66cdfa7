"""Answers under concurrent use: ``python -m eval.bench load [--sessions 20] [--questions 10] [--url URL]``.

``--sessions`` threads, each a ``gradio_client.Client`` of its own (a user's session), ask
``--questions`` questions each through the page's ``/ask`` API, all starting together once every
client is connected. Every second question of a session is a follow-up: it carries the
session's earlier ``[question, answer_text]`` pairs as history, as the chat page sends them.
The questions are the dev split's (``eval/questions.jsonl``, over the shipped releases), a
window of the file per session in file order, so that consecutive questions mostly stay on one
release ("Au large de quel pays un bateau … a-t-il été repéré ?", then "Combien de personnes
ont pu être libérées grâce au suivi de ce bateau ?").

Without ``--url`` it starts ``python ui.py`` on a free port on a store built from the shipped
releases in a temp folder (or on ``--store DIR``), waits until the page answers, asks one
warm-up question (not counted), and stops the page with SIGTERM at the end. Prints requests,
errors (the first messages), latency p50/p95/max and throughput, and writes ``load.json``.

Offline: gradio_client's telemetry is off, ``HF_HUB_OFFLINE=1`` is set before it is imported,
and while the clients run every name lookup for a host other than the page's is refused and
recorded (``outside_hosts``: empty when nothing tried to reach the internet).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from assistant.config import PROJECT_ROOT
from assistant.evaluation.metrics import percentile
from assistant.evaluation.questions import load_questions
from assistant.evaluation.runner import DEFAULT_QUESTIONS, SHIPPED_RELEASES
from eval.bench.worker import load_average, log
from eval.faults.clients import Call, call
from eval.faults.clients import client as page_client
from eval.faults.procs import Procs, start_ui

DEFAULT_OUT = PROJECT_ROOT / "eval" / "reports" / "bench" / "load.json"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
WARM_UP = "Qui finance la campagne de sensibilisation dans les Caraïbes ?"


@dataclass
class Session:
    """One simulated user: its client's connection time, and each call with whether it was a follow-up."""

    index: int
    connect_seconds: float = 0.0
    error: str | None = None
    calls: list[tuple[Call, bool]] = field(default_factory=list)


@contextlib.contextmanager
def local_only(allowed: set[str]) -> Iterator[list[str]]:
    """Refuse (and list) every name lookup of this process for a host outside ``allowed``."""
    original, attempts = socket.getaddrinfo, []

    def guarded(host, *args, **kwargs):  # noqa: ANN001, ANN202 (socket.getaddrinfo's signature)
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in allowed:
            attempts.append(name)
            raise socket.gaierror(socket.EAI_NONAME, f"the load benchmark stays offline: {name} refused")
        return original(host, *args, **kwargs)

    socket.getaddrinfo = guarded
    try:
        yield attempts
    finally:
        socket.getaddrinfo = original


def session_questions(pool: list[str], sessions: int, per_session: int) -> list[list[str]]:
    """Each session's questions: a window of the pool in order, the windows spread over it."""
    return [[pool[(i * len(pool) // sessions + j) % len(pool)] for j in range(per_session)] for i in range(sessions)]


def ask_all(url: str, plan: list[list[str]], timeout: float) -> tuple[list[Session], float, float]:
    """Every session asks its questions, all starting together; (sessions, first start, last end)."""
    sessions = [Session(i) for i in range(len(plan))]
    ready = threading.Barrier(len(plan) + 1)

    def run(session: Session, questions: list[str]) -> None:
        started = time.monotonic()
        try:
            client = page_client(url)
        except Exception as exc:  # counted as an error of each of its questions
            session.error = f"connect: {type(exc).__name__}: {exc}"[:400]
            client = None
        session.connect_seconds = time.monotonic() - started
        ready.wait()
        history: list[list[str]] = []
        for j, question in enumerate(questions):
            followup = j % 2 == 1
            if client is None:
                result = Call(question, time.monotonic(), 0.0, error=session.error)
            else:
                result = call(client, question, [list(p) for p in history] if followup else [], timeout=timeout)
            session.calls.append((result, followup))
            if result.answer is not None:
                history.append([question, str(result.answer.get("text", ""))])
        if client is not None:
            client.close()  # ends its heartbeat stream to the page

    threads = [threading.Thread(target=run, args=(s, q), daemon=True) for s, q in zip(sessions, plan)]
    for t in threads:
        t.start()
    ready.wait()
    started = time.monotonic()
    for t in threads:
        t.join()
    ended = max((c.started + c.seconds for s in sessions for c, _ in s.calls), default=started)
    return sessions, started, ended


def latency(seconds: list[float]) -> dict[str, float | None]:
    """p50, p95, max and mean of call durations, in seconds."""
    if not seconds:
        return {"p50": None, "p95": None, "max": None, "mean": None}
    return {"p50": round(percentile(seconds, 50), 3), "p95": round(percentile(seconds, 95), 3),
            "max": round(max(seconds), 3), "mean": round(sum(seconds) / len(seconds), 3)}


def summarize(sessions: list[Session], started: float, ended: float) -> dict[str, Any]:
    """Requests, errors (most frequent first), latency of the answered calls, throughput."""
    calls = [(c, followup) for s in sessions for c, followup in s.calls]
    answered = [c for c, _ in calls if not c.failed]
    errors = Counter((c.error or "").splitlines()[0][:300] for c, _ in calls if c.failed)
    wall = max(ended - started, 1e-9)
    return {
        "requests": len(calls),
        "answered": len(answered),
        "errors": sum(errors.values()),
        "error_messages": [{"message": m, "count": n} for m, n in errors.most_common(5)],
        "followups": sum(f for _, f in calls),
        "abstained": sum(bool(c.answer.get("abstained")) for c in answered if isinstance(c.answer, dict)),
        "cited": sum(bool(c.cites()) for c in answered),
        "latency_s": latency([c.seconds for c in answered]),
        "latency_followups_s": latency([c.seconds for c, f in calls if f and not c.failed]),
        "wall_seconds": round(wall, 2),
        "throughput_qps": round(len(answered) / wall, 2),
        "connect_s": latency([s.connect_seconds for s in sessions]),
    }


def proc_stats(pid: int) -> dict[str, float]:
    """A process's peak resident memory (MB) and CPU seconds so far, from /proc (empty elsewhere)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return {}
    peak = next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 0.0)
    return {"peak_memory_mb": round(peak, 1),
            "cpu_seconds": round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 1)}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m eval.bench load",
        description="Load benchmark: concurrent gradio_client sessions asking the chat page's /ask API "
                    "(half of the questions follow-ups with their session's history); writes load.json.")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default %(default)s)")
    parser.add_argument("--questions", type=int, default=10, help="questions per session (default %(default)s)")
    parser.add_argument("--url", help="a running page (default: start ui.py on a free port, stopped at the end)")
    parser.add_argument("--store", type=Path,
                        help="store the started page serves, built from its releases/ when empty "
                             "(default: the shipped releases, built in a temp folder)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a client waits for one answer")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the JSON result goes (%(default)s)")
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.questions < 1:
        parser.error("--sessions and --questions take a positive number")
    if args.url and args.store:
        parser.error("--store is for the page this command starts; with --url the page is already running")
    return args


def measure(url: str, args: argparse.Namespace) -> dict[str, Any]:
    """Warm the page up, then run the sessions against it, no name lookup leaving the machine."""
    pool = [q.question for q in load_questions(DEFAULT_QUESTIONS)]
    plan = session_questions(pool, args.sessions, args.questions)
    with local_only(LOCAL_HOSTS | {urlparse(url).hostname or ""}) as outside:
        client = page_client(url)
        warm = call(client, WARM_UP, [], timeout=args.timeout)
        client.close()
        log(f"load: warm-up question {'failed: ' + str(warm.error) if warm.failed else f'{warm.seconds:.2f} s'}; "
            f"{args.sessions} sessions x {args.questions} questions")
        sessions, started, ended = ask_all(url, plan, args.timeout)
    return {"warm_up_seconds": round(warm.seconds, 3), "warm_up_error": warm.error,
            **summarize(sessions, started, ended), "outside_hosts": sorted(set(outside))}


def print_result(r: dict[str, Any]) -> None:
    lat, fol = r["latency_s"], r["latency_followups_s"]
    print(f"\nLoad: {r['sessions']} sessions x {r['questions_per_session']} questions on {r['url']} "
          f"(load {r['load_before']} -> {r['load_after']})")
    print(f"  requests {r['requests']} ({r['followups']} follow-ups), answered {r['answered']}, errors {r['errors']}")
    for e in r["error_messages"][:3]:
        print(f"    {e['count']} x {e['message']}")
    if lat["p50"] is not None:
        print(f"  latency p50 {lat['p50']:.2f} s, p95 {lat['p95']:.2f} s, max {lat['max']:.2f} s"
              + (f" (follow-ups p50 {fol['p50']:.2f} s)" if fol["p50"] is not None else ""))
    print(f"  throughput {r['throughput_qps']:.2f} questions/s over {r['wall_seconds']:.1f} s")
    s = r.get("server")
    if s:
        print(f"  page started by the benchmark: ready in {s['start_seconds']:.0f} s, peak memory "
              f"{s.get('peak_memory_mb', 0):.0f} MB, {s.get('cpu_seconds', 0):.0f} CPU s; "
              f"SIGTERM -> exit {s.get('exit')} in {s.get('stop_seconds')} s")
    print(f"  name lookups outside the machine: {', '.join(r['outside_hosts']) or 'none'}")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the load benchmark; returns (and writes) its result."""
    args = parse_args(argv or [])
    load_before = load_average()
    server: dict[str, Any] = {}
    procs, work = Procs(), Path(tempfile.mkdtemp(prefix="iom-load-"))
    finished = False
    try:
        url = args.url
        if url is None:
            store = args.store or work / "store"
            if args.store is None:
                shutil.copytree(SHIPPED_RELEASES, store / "releases")
            log(f"load: starting ui.py on {store} (log in {work})")
            started = time.monotonic()
            proc, url = start_ui(procs, store, work)
            server = {"pid": proc.pid, "store": str(store), "start_seconds": round(time.monotonic() - started, 1)}
        result = measure(url, args)
        if server:
            server.update(proc_stats(server["pid"]))
            stopping = time.monotonic()
            os.kill(proc.pid, signal.SIGTERM)
            try:
                server["exit"] = proc.wait(timeout=15)
            except Exception:
                server["exit"] = "still running 15 s after SIGTERM"
            server["stop_seconds"] = round(time.monotonic() - stopping, 1)
        finished = True
    finally:
        procs.kill_all()  # closes the page's log; kills the page only if SIGTERM did not stop it
        if finished:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"load: failed; the page's log and store are kept in {work}")
    result = {"created": time.strftime("%Y-%m-%dT%H:%M:%S"), "url": url, "sessions": args.sessions,
              "questions_per_session": args.questions, **result, "server": server,
              "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
              "load_before": load_before, "load_after": load_average()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    print_result(result)
    print(f"\nwrote {args.out}")
    return result
