"""A folder of files that are not all releases: each must be ingested or named with a reason,
a copy indexed once, a cp1252 file decoded, an HTML page read as a release."""

from __future__ import annotations

import logging
import random
import re
import shutil
from pathlib import Path

from eval.faults.corpus import shipped, variant
from eval.faults.procs import assistant, catalogue
from eval.faults.table import Ctx, Row

log = logging.getLogger("faults")
COPY = "zz-copie-002.txt"  # a second copy of the Caribbean release, under another name


def write_folder(folder: Path, seed: int) -> None:
    """Empty, binary, huge, PDF, hidden, copied, cp1252, HTML and normal files in ``folder``."""
    from assistant.ingest.parse import parse_file

    folder.mkdir()
    caribbean = shipped("002")
    (folder / "vide.txt").write_bytes(b"")
    (folder / "binaire.txt").write_bytes(b"\x00\x01PK\x03\x04" + random.Random(seed).randbytes(4096))
    big = caribbean.read_text(encoding="utf-8")
    (folder / "enorme.txt").write_text(big * (5_500_000 // len(big.encode())), encoding="utf-8")
    (folder / "document.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    (folder / ".cachée.txt").write_text(variant(shipped("000").read_text(encoding="utf-8"), 3), encoding="utf-8")
    shutil.copy(caribbean, folder / caribbean.name)
    shutil.copy(caribbean, folder / COPY)
    ukraine = shipped("003").read_text(encoding="utf-8")
    (folder / "ukraine-cp1252.txt").write_bytes(ukraine.encode("cp1252", errors="replace"))
    release = parse_file(shipped("004"))
    paras = "".join(f"<p>{p}</p>\n" for p in release.text.split("\n") if p.strip())
    (folder / "page.html").write_text(f"<!doctype html><html><head><title>x</title></head><body><h1>{release.title}"
                                      f"</h1>\n{paras}</body></html>", encoding="utf-8")


def file_problem(name: str, output: str, ids: dict[str, dict]) -> str | None:
    """What is wrong with how the ingest treated file ``name``, if anything: every file is
    ingested or named with a reason; the copy is named as a copy of the first, not indexed."""
    stem = Path(name).stem
    line = next((line for line in output.splitlines() if name in line and len(line) > len(name) + 3), None)
    if name == COPY:
        if stem in ids or line is None or shipped("002").stem not in line \
                or not re.search(r"cop|duplic|doublon|identi|same content", line, re.I):
            return f"copy: {'indexed as ' + stem if stem in ids else line or 'not mentioned'}"
    elif stem not in ids and line is None:
        return f"{name}: neither ingested nor named"
    return None


def bad_files(ctx: Ctx) -> Row:
    """Ingest the folder of :func:`write_folder`; check the report and the catalogue."""
    from assistant.ingest.parse import parse_file

    folder = ctx.work / "bad"
    write_folder(folder, ctx.seed)
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
    for f in sorted(folder.iterdir()):
        problem = file_problem(f.name, output, ids)
        row.requests += 1
        if problem:
            problems.append(problem)
            row.failed += 1
    expected = [shipped("002").stem, "ukraine-cp1252", "page"]
    row.lost = sum(x not in ids for x in expected)
    row.duplicated = len(hashes) - len(set(hashes))
    cp = ids.get("ukraine-cp1252", {}).get("title")
    if cp is not None and cp != parse_file(shipped("003")).title:
        problems.append(f"cp1252 title decoded as {cp!r}")
    row.ok = r.rc == 0 and not problems and not row.lost and not row.duplicated
    row.notes = f"ingest exit {r.rc}; ingested {sorted(ids)}" + ("; " + " | ".join(problems) if problems else "")
    return row
