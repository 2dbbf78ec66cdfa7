"""kill -9 an ``assistant ingest`` at random points: the store must answer at once from what
was committed, and a re-ingest must end with the reference store's releases, chunks and answers."""

from __future__ import annotations

import logging
import random
import re
import shutil
import subprocess

from eval.faults.corpus import CARIB, NOKIA, UKR, build_corpus
from eval.faults.procs import ASSISTANT, assistant, catalogue, primary, stray_rows
from eval.faults.table import Ctx, Row

log = logging.getLogger("faults")


def kill9_ingest(ctx: Ctx) -> Row:
    """Kill an ingest at spread-out random moments; after each, ask, re-ingest and compare."""
    n_points, n_files = (4, 10) if ctx.quick else (20, 20)
    corpus = ctx.work / "k9-corpus"
    ids = build_corpus(corpus, n_files, ctx.seed)
    row = Row("kill9-ingest", f"kill -9 `assistant ingest` of {n_files} releases at {n_points} random points, then ask + re-ingest")
    ref = assistant("ingest", corpus, "--store", ctx.work / "k9-A", timeout=900)
    if ref.rc != 0:
        row.notes = f"reference ingest failed (exit {ref.rc}): {ref.err[-300:]}"
        return row
    ref_cat = {r["id"]: (r["content_hash"], r["n_chunks"]) for r in catalogue(ctx.work / "k9-A") or []}
    questions = [CARIB, UKR, NOKIA]
    ref_answers = primary(ctx.work / "k9-A", questions)
    log.info("reference: %d releases in %.1f s; answers %s", len(ref_cat), ref.seconds,
             [a[0] if isinstance(a, tuple) else a for a in ref_answers])
    rng, recovered, notes = random.Random(ctx.seed), 0, []
    for i in range(n_points):
        delay = ref.seconds * (0.05 + 0.9 * (i + rng.random()) / n_points)
        store = ctx.work / f"k9-B{i}"
        proc = ctx.procs.start([ASSISTANT, "ingest", str(corpus), "--store", str(store)], ctx.work / f"k9-{i}.log")
        try:
            proc.wait(timeout=delay)
            early = f"ingest ended (exit {proc.returncode}) before the kill"
        except subprocess.TimeoutExpired:
            early = ""
        ctx.procs.kill(proc)  # SIGKILL
        check = assistant("ask", CARIB, "--store", store, "--json", timeout=120)
        rerun = assistant("ingest", corpus, "--store", store, timeout=900)
        cat = catalogue(store) or []
        got = [r["id"] for r in cat]
        answers = primary(store, questions)
        row.requests += 1 + len(questions)
        row.failed += (check.rc != 0) + sum(isinstance(a, str) for a in answers)
        lost = set(ref_cat) - set(got)
        dup = stray_rows(store)
        row.lost, row.duplicated = row.lost + len(lost), row.duplicated + dup
        problems = []
        if check.rc != 0:
            problems.append(f"ask after kill exit {check.rc}: {check.err.strip()[-160:]}")
        if rerun.rc != 0:
            problems.append(f"re-ingest exit {rerun.rc}: {rerun.err.strip()[-160:]}")
        if {r["id"]: (r["content_hash"], r["n_chunks"]) for r in cat} != ref_cat:
            problems.append(f"catalogue differs (lost {sorted(lost)})")
        if dup:
            problems.append(f"{dup} chunk rows no committed release owns")
        if answers != ref_answers:
            problems.append("answers differ: " + "; ".join(str(a)[:120] for a, b in zip(answers, ref_answers) if a != b))
        committed = re.search(r"(\d+) unchanged", rerun.out)
        log.info("kill point %d at %.1f s (%s committed before): %s", i, delay,
                 committed.group(1) if committed else "?", "; ".join(problems) or early or "recovered")
        if problems:
            notes.append(f"#{i}@{delay:.0f}s: " + "; ".join(problems))
        else:
            recovered += 1
        shutil.rmtree(store, ignore_errors=True)
    row.ok = recovered == n_points
    row.notes = f"{recovered}/{n_points} kill points recovered (ingest {ref.seconds:.0f} s, {len(ids)} files)" + (
        "; " + " | ".join(notes[:4]) if notes else "")
    return row

