"""Chroma server mode: a real ``chroma run`` on a free localhost port."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import CARIBBEAN, SHIPPED, UKRAINE, free_port

from assistant.config import Settings
from assistant.index.chroma import StoreError
from assistant.service import AssistantService

CHROMA = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))


class ChromaServer:
    def __init__(self, path: Path) -> None:
        self.path, self.port, self.proc = path, free_port(), None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [CHROMA, "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("chroma run did not start")

    def stop(self) -> None:
        if self.proc:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMA).exists():
        pytest.fail("the 'chroma' command of the chromadb package is missing")
    srv = ChromaServer(tmp_path_factory.mktemp("chroma-server"))
    srv.start()
    yield srv
    srv.stop()


def service_for(store: Path, url: str) -> AssistantService:
    return AssistantService(Settings.from_env().replace(store_dir=store, chroma_url=url))


def test_server_mode_ingests_answers_and_shares_the_index(server, tmp_path):
    first = service_for(tmp_path / "a", server.url)
    report = first.ingest([SHIPPED])
    assert len(report.added) == 5 and report.embedded_chunks > 0
    a = first.ask("Qui finance la campagne de sensibilisation dans les Caraïbes ?")
    assert a.citations[0].release_id == CARIBBEAN
    # nothing went to an embedded store: the URL is not silently ignored
    assert not (tmp_path / "a" / "chroma").exists()

    # a second process on another machine (another store dir) sees the same index
    second = service_for(tmp_path / "b", server.url)
    assert {r.id for r in second.releases()} == {f.stem for f in SHIPPED.glob("*.txt")}
    again = second.ingest([SHIPPED])
    assert again.embedded_chunks == 0 and again.embedded_sentences == 0 and len(again.unchanged) == 5
    ids = second.store.chroma.chunks.get(include=[])["ids"]
    assert len(ids) == len(set(ids)) == second.store.chunk_count()

    # a removal by one process is seen by the other at its next question, BM25 side included
    question = "Quel numéro gratuit les opérateurs de téléphonie mobile ukrainiens ont-ils lancé ?"
    assert first.ask(question).citations[0].release_id == UKRAINE
    assert second.remove(UKRAINE)
    after = first.ask(question)
    assert all(c.release_id != UKRAINE for c in after.citations)
    assert UKRAINE not in {c.release_id for c in first.retriever.bm25(question)}
    second.ingest([SHIPPED])  # put it back for the next test


def test_server_down_is_a_clear_error_and_nothing_is_lost(server, tmp_path):
    service = service_for(tmp_path / "c", server.url)
    service.ingest([SHIPPED])
    before = {r.id: r.content_hash for r in service.releases()}
    server.stop()
    try:
        with pytest.raises(StoreError, match=f"cannot reach the Chroma server at {server.url}"):
            service.ask("Qui finance la campagne de sensibilisation dans les Caraïbes ?")
        cli = subprocess.run(
            [sys.executable, "-m", "assistant.cli", "ask", "Qui finance ?", "--chroma-url", server.url,
             "--store", str(tmp_path / "c")],
            capture_output=True, text=True, timeout=120, env={**os.environ},
        )
        assert cli.returncode == 2
        assert "cannot reach the Chroma server" in cli.stderr and "Traceback" not in cli.stderr
    finally:
        server.start()
    back = service.ask("Qui finance la campagne de sensibilisation dans les Caraïbes ?")
    assert back.citations[0].release_id == CARIBBEAN
    assert {r.id: r.content_hash for r in service_for(tmp_path / "d", server.url).releases()} == before
