"""The Chroma side of a store: the client, its two collections, and the rules that keep
several processes on one store safe.

* A **Chroma server** (``ASSISTANT_CHROMA_URL``) serves every process the same data: nothing
  more is needed.
* An **embedded store** is files on disk that each process opens with its own client, and
  Chroma's embedded client caches the vector index in memory: after another process writes,
  that cache misses the new vectors (``Error finding id``). So a process *reopens* its client
  when another process's write ends (the store's generation token changed), and before it
  writes itself. Only one process writes at a time: a lock file beside the data says who does,
  and a second writer is refused with a message that says what to do.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import logging
import os
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlparse

import chromadb
import httpx
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import InternalError
from llama_index.vector_stores.chroma import ChromaVectorStore

from assistant.config import Settings

log = logging.getLogger(__name__)

CHUNKS, RELEASES = "chunks", "releases"
LEGACY_SENTENCES = "sentences"  # where stores written before sentences moved into chunks kept them
WRITER_LOCK = "writer.lock"


class Published(NamedTuple):
    """What a write leaves for other processes: a fresh ``generation`` token (anything changed),
    the ``fingerprint`` of the committed release versions (which BM25 index is current) and the
    ``sequence`` number of the write: records a write commits carry the next number, and a
    process counts them committed once that number is published, when the write ends."""

    generation: str | None
    fingerprint: str | None
    sequence: int


class StoreError(RuntimeError):
    """The store cannot be opened, reached or written; the message says what to do."""


def where(settings: Settings) -> str:
    return f"the Chroma server at {settings.chroma_url}" if settings.chroma_url else f"the store in {settings.chroma_dir}"


def stale_view(exc: BaseException) -> bool:
    """Chroma's embedded client asked for a vector its in-memory index does not hold."""
    return isinstance(exc, InternalError) and "finding id" in str(exc)


def reachable(method):
    """A store method run under the connection's lock, with a lost Chroma server turned into a
    :class:`StoreError`, and a stale embedded view reopened and the call tried once more."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.chroma.lock:
            try:
                try:
                    return method(self, *args, **kwargs)
                except InternalError as exc:
                    if not stale_view(exc) or self.settings.chroma_url:
                        raise
                    log.info("stale view of %s (%s): reopening", where(self.settings), exc)
                    self.chroma.reopen()
                    self.refresh()
                    return method(self, *args, **kwargs)
            except httpx.HTTPError as exc:
                raise StoreError(
                    f"cannot reach {where(self.settings)} ({exc}); check that it is running — "
                    "nothing was lost, retry once it is back"
                ) from exc

    return wrapper


def open_client(settings: Settings):
    """An embedded ``PersistentClient`` under the store, or an ``HttpClient`` for a Chroma server."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise StoreError(f"ASSISTANT_CHROMA_URL must look like http://HOST:PORT, got {settings.chroma_url!r}")
        try:
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as exc:
            raise StoreError(f"cannot reach the Chroma server at {settings.chroma_url}: {exc}") from exc
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


class ChromaCollections:
    """The client and the ``chunks`` and ``releases`` collections of one store,
    shared by every :class:`~assistant.store.ReleaseStore` of this process on that store (see
    :func:`collections_for`), so that reopening refreshes them all at once."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.lock = threading.RLock()
        self._open()

    def _open(self) -> None:
        self.client = open_client(self.settings)
        # embedding_function=None: Chroma must never fall back to its downloading default
        space = {"configuration": {"hnsw": {"space": "cosine"}}, "embedding_function": None}
        self.chunks = self.client.get_or_create_collection(CHUNKS, **space)
        self.releases = self.client.get_or_create_collection(RELEASES, **space)
        self.vector_store = ChromaVectorStore(chroma_collection=self.chunks)

    def reopen(self) -> None:
        """Drop this process's cached view of an embedded store and read its files again.

        Chroma keeps one client "system" per path for the whole process; a new client would get
        the same cached vector index back, so that system is taken out of Chroma's cache and
        stopped once the new one is open. A server's client needs none of this.
        """
        if self.settings.chroma_url:
            return
        with self.lock:
            identifier = getattr(self.client, "_identifier", None)
            system = SharedSystemClient._identifier_to_system.pop(identifier, None)
            SharedSystemClient._identifier_to_refcount.pop(identifier, None)
            self._open()
            if system is not None:
                with contextlib.suppress(Exception):
                    system.stop()

    def generation(self) -> str | None:
        """The token the last write of any process left on the ``releases`` collection."""
        return self.state().generation

    def state(self) -> Published:
        """What the last write of any process published on the ``releases`` collection."""
        fresh = self.client.get_collection(RELEASES, embedding_function=None)
        metadata = fresh.metadata or {}
        return Published(metadata.get("generation"), metadata.get("fingerprint"), int(metadata.get("sequence", 0)))

    def publish(self, state: Published) -> None:
        self.releases.modify(metadata={"generation": state.generation, "fingerprint": state.fingerprint,
                                       "sequence": state.sequence})

    @contextlib.contextmanager
    def writing(self, wait: float = 0.0) -> Iterator[None]:
        """Hold the store's writer lock (embedded stores) while a write runs.

        Another process writing is waited for at most ``wait`` seconds, then refused with a
        :class:`StoreError` that says what to do; the view is reopened first, so this process
        writes on top of what the other one committed, never over it.
        """
        if self.settings.chroma_url:
            yield
            return
        path = self.settings.chroma_dir / WRITER_LOCK
        with _exclusive(path, wait) as acquired:
            if not acquired:
                holder = _lock_holder(path)
                raise StoreError(
                    f"another process{holder} is writing to the store in {self.settings.chroma_dir}; "
                    "run this again when it ends (nothing was changed). The embedded store takes one "
                    "writer at a time: for several processes writing at once, run a Chroma server "
                    "(chroma run --path DIR) and point every process at it with --chroma-url / "
                    "ASSISTANT_CHROMA_URL"
                )
            self.reopen()
            yield


def _lock_holder(path: Path) -> str:
    """" (pid N)" of the process holding the lock, or "" when the file does not say yet: the
    holder writes its pid just after it takes the lock, so a second writer starting at the same
    moment can read an empty file."""
    with contextlib.suppress(OSError):
        words = path.read_text().split()
        if words and words[0].isdigit():
            return f" (pid {int(words[0])})"
    return ""


@contextlib.contextmanager
def _exclusive(path: Path, wait: float) -> Iterator[bool]:
    """An exclusive ``flock`` on ``path``: released by the kernel when the process dies, so a
    killed ingest never leaves the store locked."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


_shared: weakref.WeakValueDictionary[str, ChromaCollections] = weakref.WeakValueDictionary()
_shared_lock = threading.Lock()


def collections_for(settings: Settings) -> ChromaCollections:
    """The process's one :class:`ChromaCollections` for an embedded store (a new one per
    server client: a server has no cached view to share)."""
    if settings.chroma_url:
        return ChromaCollections(settings)
    key = str(settings.chroma_dir.resolve())
    with _shared_lock:
        found = _shared.get(key)
        if found is None:
            found = _shared[key] = ChromaCollections(settings)
        return found
