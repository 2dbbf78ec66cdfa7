"""The store changing or failing under the chat page while clients ask: another process's
ingest and removal, then the Chroma server killed and restarted."""

from __future__ import annotations

import time

from eval.faults.clients import Call, Load, client
from eval.faults.corpus import LOAD_QUESTIONS, SHIPPED, SHIPPED_IDS, shipped, shipped_copy, variant
from eval.faults.procs import HOST, assistant, free_port, start_chroma, start_ui, stray_rows
from eval.faults.table import Ctx, Row


def listed_releases(url: str) -> list[str]:
    """The release ids the chat page at ``url`` lists."""
    return [r["id"] for r in client(url).predict(api_name="/releases")]


def ingest_under_load(ctx: Ctx) -> Row:
    """Five clients ask while another process ingests three releases, then removes one."""
    store = ctx.work / "load-S"
    shipped_copy(store / "releases")
    new = ctx.work / "load-new"
    new.mkdir()
    sources = {"n1-moldavie": ("003", 1), "n2-balkans": ("002", 2), "n3-cedeao": ("001", 2)}
    for rid, (prefix, k) in sources.items():
        text = shipped(prefix).read_text(encoding="utf-8")
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
    listed = listed_releases(url)
    expected = set(SHIPPED_IDS) | {"n1-moldavie", "n2-balkans"}
    row.requests, failed = len(calls), [c for c in calls if c.failed]
    row.failed = len(failed)
    row.lost, row.duplicated = len(expected - set(listed)), stray_rows(store)
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
    """Five clients ask while the Chroma server is killed and, 3 s later, restarted."""
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
        ctx.procs.kill(chroma)  # SIGKILL
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
    listed = listed_releases(url)
    row.requests, row.failed = len(calls), len(fail_in) + len(fail_out)
    row.lost, row.duplicated = len(set(SHIPPED_IDS) - set(listed)), stray_rows(ctx.work / "cr-check", url_c)
    row.ok = not fail_out and not unclear and not slow and after_ok > 0 and not row.lost and not row.duplicated
    example = (fail_out or unclear or fail_in or [Call("", 0, 0, error="")])[0]
    row.notes = (f"outage {t_back - t_kill:.1f} s: {len(fail_in)}/{len(inside)} failed inside ({len(unclear)} unclear), "
                 f"{len(fail_out)}/{len(outside)} outside; {len(slow)} took > 5 s (max {max((c.seconds for c in calls), default=0):.1f} s); "
                 f"{after_ok} answered after recovery" + (f"; e.g. {example.error[:200]}" if example.error else ""))
    return row

