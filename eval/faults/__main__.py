"""``python -m eval.faults``: run the scenarios (see the package), print the table, exit 0 when all are ok."""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from eval.faults import __doc__ as SUITE_DOC
from eval.faults.bad_files import bad_files
from eval.faults.hostile import hostile_requests
from eval.faults.kill9 import kill9_ingest
from eval.faults.load import chroma_restart, ingest_under_load
from eval.faults.procs import Procs
from eval.faults.table import Ctx, Row, table

log = logging.getLogger("faults")
SCENARIOS: dict[str, Callable[[Ctx], Row]] = {
    "kill9-ingest": kill9_ingest, "ingest-under-load": ingest_under_load, "chroma-restart": chroma_restart,
    "hostile-requests": hostile_requests, "bad-files": bad_files,
}


def run_scenario(name: str, ctx: Ctx) -> Row:
    """One scenario, its processes killed afterwards; a crash is a failed row, not the end of the suite."""
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
    return row


def main(argv: list[str] | None = None) -> int:
    """Run the suite; 0 when every row is ok."""
    parser = argparse.ArgumentParser(prog="python -m eval.faults", description=SUITE_DOC.split("\n\n")[0])
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
        rows = [run_scenario(name, ctx) for name in args.only or list(SCENARIOS)]
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
