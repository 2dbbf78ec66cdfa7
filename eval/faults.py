"""Fault-injection suite: kill -9 during ingest, ingest under load, Chroma restart, hostile
requests, bad files. Prints a Markdown table; exit status 0 when every row is ok.

    python -m eval.faults [--quick] [--only NAME] [--json OUT] [--seed N] [--keep]

On two cores: about 10 minutes with --quick (4 kill points over a 10-release corpus), about
an hour without (20 kill points over 20 releases, each followed by a complete re-ingest).

Everything runs on 127.0.0.1 in a temporary directory, with the venv's ``assistant`` and
``chroma`` commands and ``python ui.py``; every process it starts is killed at the end.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from eval.faultlib import (
    ASSISTANT,
    HOST,
    SHIPPED,
    Call,
    Load,
    Procs,
    Row,
    assistant,
    build_corpus,
    call,
    catalogue,
    chunk_total,
    client,
    free_port,
    p95,
    primary,
    raw_post,
    shipped_copy,
    start_chroma,
    start_ui,
    table,
    variant,
)

log = logging.getLogger("faults")
CARIB = "Qui finance la campagne de sensibilisation dans les Caraïbes ?"
UKR = "Quel numéro gratuit a été lancé en Ukraine ?"
NOKIA = "Quel est le rôle de Laura Okkonen chez Nokia ?"
MOLDOVA = "Quel numéro gratuit a été lancé en Moldavie ?"
LOAD_QUESTIONS = [CARIB, UKR, "Combien de victimes de la traite l'OIM a-t-elle aidées ?",
                  "Que recommande le rapport de l'ASEAN ?", MOLDOVA]
SHIPPED_IDS = sorted(f.stem for f in SHIPPED.glob("*.txt"))


@dataclass
class Ctx:
    work: Path
    procs: Procs
    quick: bool
    seed: int


# --------------------------------------------------------------------------- scenarios


def kill9_ingest(ctx: Ctx) -> Row:
    n_points, n_files = (4, 10) if ctx.quick else (20, 20)
    corpus = ctx.work / "k9-corpus"
    ids = build_corpus(corpus, n_files, ctx.seed)
    row = Row("kill9-ingest", f"kill -9 `assistant ingest` of {n_files} releases at {n_points} random points, then ask + re-ingest")
    ref = assistant("ingest", corpus, "--store", ctx.work / "k9-A", timeout=900)
    if ref.rc != 0:
        row.notes = f"reference ingest failed (exit {ref.rc}): {ref.err[-300:]}"
        return row
    ref_cat = {r["id"]: (r["content_hash"], r["n_chunks"]) for r in catalogue(ctx.work / "k9-A") or []}
    ref_chunks, questions = chunk_total(ref.out), [CARIB, UKR, NOKIA]
    ref_answers = primary(ctx.work / "k9-A", questions)
    log.info("reference: %d releases, %s chunks in %.1f s; answers %s", len(ref_cat), ref_chunks, ref.seconds,
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
            os.kill(proc.pid, signal.SIGKILL)
            early = ""
        ctx.procs.kill(proc)
        check = assistant("ask", CARIB, "--store", store, "--json", timeout=120)
        rerun = assistant("ingest", corpus, "--store", store, timeout=900)
        cat = catalogue(store) or []
        got = [r["id"] for r in cat]
        answers = primary(store, questions)
        row.requests += 1 + len(questions)
        row.failed += (check.rc != 0) + sum(isinstance(a, str) for a in answers)
        lost = set(ref_cat) - set(got)
        dup = len(got) - len(set(got))
        row.lost, row.duplicated = row.lost + len(lost), row.duplicated + dup
        problems = []
        if check.rc != 0:
            problems.append(f"ask after kill exit {check.rc}: {check.err.strip()[-160:]}")
        if rerun.rc != 0:
            problems.append(f"re-ingest exit {rerun.rc}: {rerun.err.strip()[-160:]}")
        if {r["id"]: (r["content_hash"], r["n_chunks"]) for r in cat} != ref_cat or dup:
            problems.append(f"catalogue differs (lost {sorted(lost)}, {dup} duplicated)")
        if chunk_total(rerun.out) != ref_chunks:
            problems.append(f"{chunk_total(rerun.out)} chunks instead of {ref_chunks}")
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


def ingest_under_load(ctx: Ctx) -> Row:
    store = ctx.work / "load-S"
    shipped_copy(store / "releases")
    new = ctx.work / "load-new"
    new.mkdir()
    sources = {"n1-moldavie": ("003", 1), "n2-balkans": ("002", 2), "n3-cedeao": ("001", 2)}
    for rid, (prefix, k) in sources.items():
        text = next(SHIPPED.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
        (new / f"{rid}.txt").write_text(variant(text, k), encoding="utf-8")
    row = Row("ingest-under-load", "5 clients on /ask while another process ingests 3 releases, then removes 1")
    _, url = start_ui(ctx.procs, store, ctx.work)
    with Load(url, LOAD_QUESTIONS, n=5) as load:
        time.sleep(3 if ctx.quick else 6)
        ing = assistant("ingest", new, "--store", store, timeout=600)
        t_ingested = time.monotonic()
        rm = assistant("remove", "n3-cedeao", "--store", store, timeout=120)
        t_removed = time.monotonic()
        time.sleep(10)
        calls = load.stop()
    listed = [r["id"] for r in client(url).predict(api_name="/releases")]
    expected = set(SHIPPED_IDS) | {"n1-moldavie", "n2-balkans"}
    row.requests, failed = len(calls), [c for c in calls if c.failed]
    row.failed = len(failed)
    row.lost, row.duplicated = len(expected - set(listed)), len(listed) - len(set(listed))
    extra = set(listed) - expected
    cited_new = sum("n1-moldavie" in c.cites() for c in calls if c.started > t_ingested)
    cited_removed = sum("n3-cedeao" in c.cites() for c in calls if c.started > t_removed)
    row.ok = not failed and ing.rc == 0 and rm.rc == 0 and not row.lost and not row.duplicated and not extra \
        and cited_new > 0 and not cited_removed
    row.notes = (f"ingest exit {ing.rc} ({ing.seconds:.0f} s), remove exit {rm.rc}; {cited_new} answers cited the new "
                 f"release after its ingest; {cited_removed} cited the removed one after removal"
                 + (f"; still listed: {sorted(extra)}" if extra else "")
                 + (f"; e.g. {failed[0].error or failed[0].answer.get('text', '')[:160]}" if failed else ""))
    return row


def chroma_restart(ctx: Ctx) -> Row:
    port = free_port()
    url_c = f"http://{HOST}:{port}"
    path = ctx.work / "chroma-T"
    chroma = start_chroma(ctx.procs, path, port, ctx.work)
    row = Row("chroma-restart", "kill -9 the Chroma server under 5 clients, restart it 3 s later on the same path/port")
    ing = assistant("ingest", SHIPPED, "--store", ctx.work / "cr-ingest", "--chroma-url", url_c, timeout=600)
    if ing.rc != 0:
        row.notes = f"ingest into the server failed (exit {ing.rc}): {ing.err[-300:]}"
        return row
    _, url = start_ui(ctx.procs, ctx.work / "cr-ui", ctx.work, chroma_url=url_c)
    with Load(url, LOAD_QUESTIONS[:4], n=5, timeout=15) as load:
        time.sleep(4 if ctx.quick else 8)
        t_kill = time.monotonic()
        os.kill(chroma.pid, signal.SIGKILL)
        ctx.procs.kill(chroma)
        time.sleep(3)
        start_chroma(ctx.procs, path, port, ctx.work)
        t_back = time.monotonic() + 2
        time.sleep(8 if ctx.quick else 12)
        calls = load.stop()
    inside = [c for c in calls if c.started + c.seconds >= t_kill and c.started <= t_back]
    outside = [c for c in calls if c not in inside]
    fail_out = [c for c in outside if c.failed]
    fail_in = [c for c in inside if c.failed]
    unclear = [c for c in fail_in if "chroma" not in (c.error or "").lower()]
    slow = [c for c in calls if c.seconds > 5]
    after_ok = sum(not c.failed for c in outside if c.started > t_back)
    listed = [r["id"] for r in client(url).predict(api_name="/releases")]
    row.requests, row.failed = len(calls), len(fail_in) + len(fail_out)
    row.lost, row.duplicated = len(set(SHIPPED_IDS) - set(listed)), len(listed) - len(set(listed))
    row.ok = not fail_out and not unclear and not slow and after_ok > 0 and not row.lost and not row.duplicated
    example = (fail_out or unclear or fail_in or [Call("", 0, 0, error="")])[0]
    row.notes = (f"outage {t_back - t_kill:.1f} s: {len(fail_in)}/{len(inside)} failed inside ({len(unclear)} unclear), "
                 f"{len(fail_out)}/{len(outside)} outside; {len(slow)} took > 5 s (max {max((c.seconds for c in calls), default=0):.1f} s); "
                 f"{after_ok} answered after recovery" + (f"; e.g. {example.error[:200]}" if example.error else ""))
    return row


def hostile_requests(ctx: Ctx) -> Row:
    store = ctx.work / "hostile-S"
    shipped_copy(store / "releases")
    row = Row("hostile-requests", "oversized/ill-typed questions and histories, a 20 MB body, beside 3 normal clients")
    ui, url = start_ui(ctx.procs, store, ctx.work)
    idle_s = 8 if ctx.quick else 15
    cases = [  # name, question, history, expected: "refuse" (with a clear message) or "either"
        ("huge history", "Quel est ce numéro ?", [["traite " * 200000, "y"]], "either"),
        ("1000 turns", "Quel est ce numéro ?", [["Qui finance ?", "Le Bureau."]] * 1000, "either"),
        ("history=5", CARIB, 5, "refuse"), ("history=True", CARIB, True, "refuse"),
        ("history='abc'", CARIB, "abc", "refuse"), ("history=[[1,2,3]]", CARIB, [[1, 2, 3]], "refuse"),
        ("question=123", 123, [], "refuse"), ("question=None", None, [], "refuse"),
        ("question=['a']", ["a"], [], "refuse"), ("3000-char question", "traite " * 429, [], "refuse"),
    ]
    # payloads and clients made first, so that the harness's own work does not slow the normal clients;
    # one client per case: a 413 cancels the other jobs of its client
    clients = {case[0]: client(url) for case in cases}
    body = json.dumps({"data": ["Quel est ce numéro ?", [["traite " * (20 * 1024 * 1024 // 7), "y"]]]}).encode()
    results: list[tuple[str, float, bool, str]] = []  # name, seconds, ok, message

    def run_case(case):
        name, question, history, expected = case
        c = call(clients[name], question, history, timeout=30)
        clear = c.error is not None and re.search(r"question|histor", c.error, re.I) is not None
        answered = c.error is None and isinstance(c.answer, dict) and "text" in c.answer and not c.failed
        ok = c.seconds <= 2 and (clear or (expected == "either" and answered))
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
                futures = [pool.submit(run_case, case) for case in cases] + [pool.submit(run_raw)]
                results += [f.result(timeout=120) for f in futures]
                rounds += 1
        time.sleep(max(0.0, idle_s - (time.monotonic() - t_hostile)))
        calls = normal.stop()
    idle = [c.seconds for c in calls if c.started + c.seconds < t_hostile and not c.failed]
    busy = [c.seconds for c in calls if c.started >= t_hostile and not c.failed]
    for name, seconds, ok, message in results[: len(cases) + 1]:
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
    row.ok = row.failed == 0 and ratio <= 2 and ui.returncode is not None
    worst = {}
    for name, seconds, _ok, message in bad:
        worst.setdefault(name, f"{name} ({seconds:.1f} s): {message[:140]}")
    row.notes = (f"normal p95 idle {1000 * p95(idle):.0f} ms (n={len(idle)}) vs {1000 * p95(busy):.0f} ms (n={len(busy)}) with hostile traffic "
                 f"(x{ratio:.1f}); max hostile {max(r[1] for r in results):.1f} s; {stopped}"
                 + ("; bad: " + " | ".join(worst.values()) if worst else ""))
    return row


def bad_files(ctx: Ctx) -> Row:
    folder = ctx.work / "bad"
    folder.mkdir()
    caribbean = next(SHIPPED.glob("002_*.txt"))
    ukraine, tech = next(SHIPPED.glob("003_*.txt")), next(SHIPPED.glob("004_*.txt"))
    (folder / "vide.txt").write_bytes(b"")
    (folder / "binaire.txt").write_bytes(b"\x00\x01PK\x03\x04" + random.Random(ctx.seed).randbytes(4096))
    big = caribbean.read_text(encoding="utf-8")
    (folder / "enorme.txt").write_text(big * (5_500_000 // len(big.encode())), encoding="utf-8")
    (folder / "document.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    (folder / ".cachée.txt").write_text(variant(next(SHIPPED.glob("000_*.txt")).read_text(encoding="utf-8"), 3), encoding="utf-8")
    shutil.copy(caribbean, folder / caribbean.name)
    shutil.copy(caribbean, folder / "zz-copie-002.txt")
    (folder / "ukraine-cp1252.txt").write_bytes(ukraine.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    from assistant.ingest.parse import parse_file

    release = parse_file(tech)
    paras = "".join(f"<p>{p}</p>\n" for p in release.text.split("\n") if p.strip())
    (folder / "page.html").write_text(f"<!doctype html><html><head><title>x</title></head><body><h1>{release.title}"
                                      f"</h1>\n{paras}</body></html>", encoding="utf-8")
    row = Row("bad-files", "ingest a folder of empty/binary/huge/pdf/hidden/copied/cp1252/html/normal files")
    r = assistant("ingest", folder, "--store", ctx.work / "bad-X", timeout=600)
    output = r.out + "\n" + r.err
    for line in output.splitlines():
        if line.startswith("skipped"):
            log.info("  %s", line)
    listing = catalogue(ctx.work / "bad-X") or []
    ids = {x["id"]: x for x in listing}
    hashes = [x["content_hash"] for x in listing]
    problems = []

    def named(name: str) -> str | None:
        return next((line for line in output.splitlines() if name in line and len(line) > len(name) + 3), None)

    for f in sorted(folder.iterdir()):
        line, problem = named(f.name), None
        if f.name == "zz-copie-002.txt":  # indexed once, reported as a copy of the first
            if f.stem in ids or line is None or caribbean.stem not in line \
                    or not re.search(r"cop|duplic|doublon|identi|same content", line, re.I):
                problem = f"copy: {'indexed as ' + f.stem if f.stem in ids else line or 'not mentioned'}"
        elif f.stem not in ids and line is None:
            problem = f"{f.name}: neither ingested nor named"
        row.requests += 1
        if problem:
            problems.append(problem)
            row.failed += 1
    expected = [caribbean.stem, "ukraine-cp1252", "page"]
    row.lost = sum(x not in ids for x in expected)
    row.duplicated = len(hashes) - len(set(hashes))
    cp = ids.get("ukraine-cp1252", {}).get("title")
    if cp is not None and cp != parse_file(ukraine).title:
        problems.append(f"cp1252 title decoded as {cp!r}")
    row.ok = r.rc == 0 and not problems and not row.lost and not row.duplicated
    row.notes = f"ingest exit {r.rc}; ingested {sorted(ids)}" + ("; " + " | ".join(problems) if problems else "")
    return row


SCENARIOS = {"kill9-ingest": kill9_ingest, "ingest-under-load": ingest_under_load, "chroma-restart": chroma_restart,
             "hostile-requests": hostile_requests, "bad-files": bad_files}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer kill points, smaller corpus, shorter loads")
    parser.add_argument("--only", choices=list(SCENARIOS), action="append", help="run this scenario (repeatable)")
    parser.add_argument("--json", metavar="OUT", help="write the rows as JSON here")
    parser.add_argument("--seed", type=int, default=7, help="seed of the corpus and kill points")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs, stores)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    for noisy in ("httpx", "httpcore", "gradio_client"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    work = Path(tempfile.mkdtemp(prefix="assistant-faults-"))
    ctx, rows = Ctx(work, Procs(), args.quick, args.seed), []
    log.info("work directory %s", work)
    try:
        for name in args.only or list(SCENARIOS):
            log.info("--- %s", name)
            started = time.monotonic()
            try:
                row = SCENARIOS[name](ctx)
            except Exception as exc:
                log.exception("%s crashed", name)
                row = Row(name, "(crashed)", notes=f"{type(exc).__name__}: {exc}"[:400])
            finally:
                ctx.procs.kill_all()
            row.notes += f" [{time.monotonic() - started:.0f} s]"
            log.info("%s: %s — %s", name, "ok" if row.ok else "FAIL", row.notes)
            rows.append(row)
    finally:
        ctx.procs.kill_all()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
    return 0 if rows and all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
