"""Hostile requests beside normal clients: oversized and ill-typed questions and histories,
and a 20 MB body. Each must be refused, with a message naming the field, within 2 s, without slowing the normal clients more than twice; the page must stop on SIGTERM."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import time
from concurrent.futures import ThreadPoolExecutor

from assistant.evaluation.metrics import percentile
from eval.faults.clients import Load, call, client, raw_post
from eval.faults.corpus import CARIB, LOAD_QUESTIONS, shipped_copy
from eval.faults.procs import start_ui
from eval.faults.table import Ctx, Row

log = logging.getLogger("faults")


# name, question, history: each must be refused, with a clear message, within 2 s
CASES = [
    ("huge history", "Quel est ce numéro ?", [["traite " * 200000, "y"]]),
    ("1000 turns", "Quel est ce numéro ?", [["Qui finance ?", "Le Bureau."]] * 1000),
    ("history=5", CARIB, 5), ("history=True", CARIB, True),
    ("history='abc'", CARIB, "abc"), ("history=[[1,2,3]]", CARIB, [[1, 2, 3]]),
    ("question=123", 123, []), ("question=None", None, []),
    ("question=['a']", ["a"], []), ("3000-char question", "traite " * 429, []),
]


def p95(values: list[float]) -> float:
    """95th percentile of the timings; NaN when there are none (the table shows it)."""
    return percentile(values, 95) if values else float("nan")


def hostile_requests(ctx: Ctx) -> Row:
    """Three rounds of every hostile case (at most), between two quiet stretches of normal traffic."""
    store = ctx.work / "hostile-S"
    shipped_copy(store / "releases")
    row = Row("hostile-requests", "oversized/ill-typed questions and histories, a 20 MB body, beside 3 normal clients")
    ui, url = start_ui(ctx.procs, store, ctx.work)
    idle_s = 8 if ctx.quick else 15
    # payloads and clients made first, so that the harness's own work does not slow the normal clients;
    # one client per case: a 413 cancels the other jobs of its client
    clients = {case[0]: client(url) for case in CASES}
    body = json.dumps({"data": ["Quel est ce numéro ?", [["traite " * (20 * 1024 * 1024 // 7), "y"]]]}).encode()
    results: list[tuple[str, float, bool, str]] = []  # name, seconds, ok, message

    def run_case(case):
        name, question, history = case
        c = call(clients[name], question, history, timeout=30)
        clear = c.error is not None and re.search(r"question|histor", c.error, re.I) is not None
        ok = c.seconds <= 2 and clear
        return name, c.seconds, ok, c.error or f"answered: {str(c.answer)[:80]}"

    def run_raw():
        seconds, refused, message = raw_post(url, body)
        clear = refused and re.search(r"413|too large|trop|histor|size", message, re.I) is not None
        return "20 MB body", seconds, seconds <= 2 and clear, message

    with Load(url, LOAD_QUESTIONS[:4], n=3) as normal:
        time.sleep(idle_s)
        t_hostile = time.monotonic()
        rounds = 0
        with ThreadPoolExecutor(4) as pool:
            while rounds < 3 and (rounds == 0 or time.monotonic() - t_hostile < idle_s):
                futures = [pool.submit(run_case, case) for case in CASES] + [pool.submit(run_raw)]
                results += [f.result(timeout=120) for f in futures]
                rounds += 1
        time.sleep(max(0.0, idle_s - (time.monotonic() - t_hostile)))
        calls = normal.stop()
    idle = [c.seconds for c in calls if c.started + c.seconds < t_hostile and not c.failed]
    busy = [c.seconds for c in calls if c.started >= t_hostile and not c.failed]
    for name, seconds, ok, message in results[: len(CASES) + 1]:
        log.info("  %-20s %4.1f s %s %s", name, seconds, "ok  " if ok else "BAD ", message[:200].replace("\n", " "))
    bad = [r for r in results if not r[2]]
    row.requests = len(calls) + len(results)
    row.failed = sum(c.failed for c in calls) + len(bad)
    os.kill(ui.pid, signal.SIGTERM)
    t_term = time.monotonic()
    try:
        ui.wait(timeout=10)
        stopped = f"stopped {time.monotonic() - t_term:.1f} s after SIGTERM"
    except Exception:
        stopped = "still running 10 s after SIGTERM"
    ratio = p95(busy) / p95(idle) if idle and busy else float("inf")
    row.ok = row.failed == 0 and ratio <= 2 and ui.returncode in (0, -signal.SIGTERM)  # uvicorn re-raises the signal after shutdown
    worst = {}
    for name, seconds, _ok, message in bad:
        worst.setdefault(name, f"{name} ({seconds:.1f} s): {message[:140]}")
    row.notes = (f"normal p95 idle {1000 * p95(idle):.0f} ms (n={len(idle)}) vs {1000 * p95(busy):.0f} ms (n={len(busy)}) with hostile traffic "
                 f"(x{ratio:.1f}); max hostile {max(r[1] for r in results):.1f} s; {stopped}"
                 + ("; bad: " + " | ".join(worst.values()) if worst else ""))
    return row

