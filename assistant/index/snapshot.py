"""A copy of the catalogue on this process's disk, saved per published state, so that reading
every release record (an ingest compares each file's hash with its record; listing; the BM25
index rebuilt) costs a file read instead of a Chroma read of every record (25k releases: 5 s).

The copy is stamped with the :class:`~assistant.index.chroma.Published` state it was taken at:
the generation token, the catalogue's fingerprint and the write's sequence number. Every write
that changes the store publishes a fresh generation token, so a copy whose stamp is the state
published now holds exactly the records committed now; any other is ignored (and replaced by
the next one saved). Records of a write still running, or killed, carry a sequence number above
the published one: readers do not count them anyway, and a writer, which does, trusts the copy
only once a filtered read found none (:func:`pending`). It lives beside the BM25 index (on a
Chroma server, in each process's own store directory), and is written whole then renamed in.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import uuid
from dataclasses import astuple, fields
from pathlib import Path

from assistant.index.catalogue import Catalogue, ReleaseRecord
from assistant.index.chroma import Published

log = logging.getLogger(__name__)

FORMAT = 1
_FIELDS = [f.name for f in fields(ReleaseRecord)]


def path_for(bm25_directory: Path) -> Path:
    return bm25_directory.with_name(f"{bm25_directory.name}-catalogue.json")


def _stamp(state: Published) -> list:
    return [state.generation, state.fingerprint, state.sequence]


def load(path: Path, state: Published) -> dict[str, ReleaseRecord] | None:
    """The records of the copy at ``path`` if it was taken at ``state``, else None."""
    if state.generation is None or state.fingerprint is None:
        return None
    try:
        with path.open(encoding="utf-8") as f:
            saved = json.load(f)
        if saved.get("format") != FORMAT or saved.get("fields") != _FIELDS or saved.get("state") != _stamp(state):
            return None
        records = {row[0]: _record(row) for row in saved["records"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.debug("no usable catalogue copy at %s (%s)", path, exc)
        return None
    return records


def _record(row: list) -> ReleaseRecord:
    values = dict(zip(_FIELDS, row, strict=True))
    values["contacts"] = tuple(values["contacts"])
    return ReleaseRecord(**values)


def save(path: Path, state: Published, records: dict[str, ReleaseRecord]) -> None:
    """Keep ``records`` as the catalogue at ``state`` (best effort: a copy not written costs
    the next process a Chroma read, nothing else)."""
    if state.generation is None or state.fingerprint is None:
        return
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = [list(astuple(r)) for r in records.values()]
        tmp.write_text(json.dumps({"format": FORMAT, "fields": _FIELDS, "state": _stamp(state), "records": rows},
                                  ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)  # readers see the old copy or the new one, never half of one
    except OSError as exc:
        log.info("catalogue copy not saved at %s (%s)", path, exc)
        with contextlib.suppress(OSError):
            tmp.unlink()


def pending(collection, sequence: int) -> bool:
    """Whether the ``releases`` collection holds records of a write not published (a sequence
    number above ``sequence``): one filtered read of ids."""
    return bool(collection.get(where={"sequence": {"$gt": sequence}}, include=[], limit=1)["ids"])


def load_for_writer(path: Path, state: Published, chroma) -> dict[str, ReleaseRecord] | None:
    """The copy of ``state`` for a write, unless records of an unpublished write are there (a
    writer counts them, and the copy does not hold them)."""
    found = load(path, state)
    return None if found is None or pending(chroma.releases, state.sequence) else found


def save_whole(path: Path, state: Published, catalogue: Catalogue) -> None:
    """Keep the catalogue a write ends with as the copy of the ``state`` it published (or left):
    when it was read from Chroma rather than from the copy, and holds no unpublished record."""
    whole = catalogue.whole()
    if whole is not None and not catalogue.copied and all(r.sequence <= state.sequence for r in whole.values()):
        save(path, state, whole)
