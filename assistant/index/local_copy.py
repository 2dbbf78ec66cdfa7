"""A copy, beside the BM25 index and built with it, of what a question reads of the committed
state: each chunk's record (its text and metadata, with its sentences' spans and vectors) and
each release's text. While the BM25 index open is the committed state's, a question reads its
chunks and their releases' texts here, memory-mapped, instead of asking Chroma: through a Chroma
server that is two HTTP round trips fewer a question (the dense search is then its only one),
embedded a SQLite read fewer. The copy is made from exactly the records the index is built from,
so it is as right as the index, and it is swapped in and out with it.

Files: ``chunks.jsonl`` (one ``[text, metadata]`` a line, in the index's chunk order) and
``releases.jsonl`` (one text a line) with their byte offsets (``*.offsets.npy``) and, for the
releases, their ids (``release_ids.json``)."""

from __future__ import annotations

import json
import mmap
from collections.abc import Iterable
from pathlib import Path

import numpy as np

CHUNKS, RELEASES, RELEASE_IDS = "chunks.jsonl", "releases.jsonl", "release_ids.json"


def _offsets_path(lines: Path) -> Path:
    return lines.with_name(lines.name + ".offsets.npy")


class _LineWriter:
    """Appends JSON values, one a line, and records where each starts."""

    def __init__(self, path: Path) -> None:
        self.path, self._file, self._offsets = path, path.open("wb"), [0]

    def add(self, value: object) -> None:
        line = json.dumps(value, ensure_ascii=False).encode("utf-8") + b"\n"
        self._file.write(line)
        self._offsets.append(self._offsets[-1] + len(line))

    def close(self) -> None:
        self._file.close()
        np.save(_offsets_path(self.path), np.asarray(self._offsets, dtype=np.int64))


class _Lines:
    """The values a :class:`_LineWriter` wrote, read by position, memory-mapped."""

    def __init__(self, path: Path) -> None:
        self._offsets = np.load(_offsets_path(path), mmap_mode="r")
        with path.open("rb") as file:  # the mapping outlives the file object
            self._data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) if path.stat().st_size else b""

    def __getitem__(self, row: int) -> object:
        return json.loads(self._data[int(self._offsets[row]) : int(self._offsets[row + 1])])


class CopyWriter:
    """Writes a copy into a (new, empty) folder; :meth:`close` completes it."""

    def __init__(self, folder: Path) -> None:
        self._chunks, self._releases = _LineWriter(folder / CHUNKS), _LineWriter(folder / RELEASES)
        self._release_ids: list[str] = []
        self._folder = folder

    def add_chunk(self, text: str, metadata: dict) -> None:
        """The next chunk, in the index's order."""
        self._chunks.add([text, metadata])

    def add_releases(self, texts: Iterable[tuple[str, str]]) -> None:
        for release_id, text in texts:
            self._release_ids.append(release_id)
            self._releases.add(text)

    def close(self) -> None:
        self._chunks.close()
        self._releases.close()
        (self._folder / RELEASE_IDS).write_text(json.dumps(self._release_ids), encoding="utf-8")


class LocalCopy:
    """The copy in a folder, read by id. ``chunk_rows`` maps a chunk id to its line (the BM25
    index's own map of its chunk ids: the copy's chunks are in the same order)."""

    def __init__(self, folder: Path, chunk_rows: dict[str, int]) -> None:
        self._chunks, self._releases = _Lines(folder / CHUNKS), _Lines(folder / RELEASES)
        self._chunk_rows = chunk_rows
        ids = json.loads((folder / RELEASE_IDS).read_text(encoding="utf-8"))
        self._release_rows = {rid: row for row, rid in enumerate(ids)}

    @staticmethod
    def exists(folder: Path) -> bool:
        return all((folder / name).is_file() for name in (CHUNKS, RELEASES, RELEASE_IDS))

    def chunks(self, ids: Iterable[str]) -> dict[str, list]:
        """The records of those of ``ids`` the copy holds, as Chroma's ``get`` gives them
        (``ids``, ``documents``, ``metadatas``)."""
        found = [cid for cid in dict.fromkeys(ids) if cid in self._chunk_rows]
        rows = [self._chunks[self._chunk_rows[cid]] for cid in found]
        return {"ids": found, "documents": [text for text, _ in rows], "metadatas": [meta for _, meta in rows]}

    def texts(self, release_ids: Iterable[str]) -> dict[str, list]:
        """The texts of those of ``release_ids`` the copy holds, as Chroma's ``get`` gives
        them (``ids``, ``documents``)."""
        found = [rid for rid in dict.fromkeys(release_ids) if rid in self._release_rows]
        return {"ids": found, "documents": [self._releases[self._release_rows[rid]] for rid in found]}
