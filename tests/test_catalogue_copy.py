"""Reading the store once per question and once per ingest: a question reads its chunks'
records once (the retriever's read serves the answerer's sentences), and an unchanged re-ingest
reads the catalogue from the copy saved for the published state, never from a stale one."""

from __future__ import annotations

from conftest import CARIBBEAN, SHIPPED, UKRAINE, copy_releases, open_service
from test_server import server, service_for  # noqa: F401  (the Chroma server fixture)

from assistant.index import catalogue, snapshot
from assistant.ingest.parse import parse_file
from assistant.ingest.pipeline import file_hash
from assistant.types import chunk_owner

QUESTION = "Qui finance la campagne de sensibilisation dans les Caraïbes ?"


def _no_scan(*args, **kwargs):
    raise AssertionError("every release record was read from Chroma")


def test_a_question_reads_its_chunks_records_once(tmp_path, monkeypatch):
    service = open_service(tmp_path)
    service.ingest([copy_releases(tmp_path / "releases")])
    service.ask(QUESTION)  # the BM25 index and the records of the releases, loaded once
    reads = []
    real_read = service.store._read_chunks  # from the BM25 index's local copy (test_local_copy.py)
    monkeypatch.setattr(service.store, "_read_chunks", lambda ids: reads.append(ids) or real_read(ids))
    answer = service.ask(QUESTION)
    assert answer.citations[0].release_id == CARIBBEAN
    assert len(reads) == 2 and len(reads[0]) == service.settings.top_k  # the fused chunks, once
    # then, in one more read, the other chunks of the release retrieved first (answering/passages.py)
    first = chunk_owner(reads[0][0])[0]
    assert reads[1] and all(chunk_owner(cid)[0] == first and cid not in reads[0] for cid in reads[1])
    # another caller's chunks, not retrieved: read, with their sentences
    got = service.store.chroma.chunks.get(where={"release_id": UKRAINE}, include=[])
    sentences = service.store.sentences_of(got["ids"])
    assert sentences and all(meta["release_id"] == UKRAINE for _, meta, _ in sentences.values())


def test_an_unchanged_reingest_reads_the_catalogue_copy_of_the_published_state(tmp_path, monkeypatch):
    releases = copy_releases(tmp_path / "releases")
    open_service(tmp_path).ingest([releases])
    monkeypatch.setattr(catalogue, "scan", _no_scan)
    fresh = open_service(tmp_path)  # another process: nothing cached
    report = fresh.ingest([releases])
    assert len(report.unchanged) == 5 and not report.added
    assert fresh.store.records.copied
    assert {r.id for r in fresh.releases()} == {f.stem for f in SHIPPED.glob("*.txt")}


def test_the_copy_is_not_trusted_once_another_process_wrote_without_saving_one(tmp_path, monkeypatch):
    releases = copy_releases(tmp_path / "releases")
    open_service(tmp_path).ingest([releases])
    other = open_service(tmp_path)
    monkeypatch.setattr(snapshot, "save", lambda *a: None)  # say, a process of an older version
    assert other.remove(UKRAINE)
    monkeypatch.undo()
    fresh = open_service(tmp_path)
    report = fresh.ingest([releases])
    assert report.added == [UKRAINE] and len(report.unchanged) == 4  # the stale copy held it
    assert not fresh.store.records.copied


def test_a_writer_does_not_trust_the_copy_while_a_killed_writes_records_are_there(tmp_path, monkeypatch):
    releases = copy_releases(tmp_path / "releases")
    late = releases / f"{UKRAINE}.txt"
    late.rename(tmp_path / late.name)
    open_service(tmp_path).ingest([releases])
    killed = open_service(tmp_path)
    with killed.store.writing():  # committed, never published: what a kill -9 before the end leaves
        killed.store.put(parse_file(tmp_path / late.name), file_hash(tmp_path / late.name))
    (tmp_path / late.name).rename(late)
    fresh = open_service(tmp_path)
    assert UKRAINE not in {r.id for r in fresh.releases()}  # readers do not count it
    report = fresh.ingest([releases])
    assert UKRAINE in report.unchanged and not report.added  # what the killed ingest committed costs a hash
    # and the re-run completes it: published, every process now counts it
    after = open_service(tmp_path)
    assert UKRAINE in {r.id for r in after.releases()}
    assert after.ask("Quel numéro gratuit les opérateurs ukrainiens ont-ils lancé ?").citations[0].release_id == UKRAINE


def test_on_a_server_a_copy_is_not_trusted_after_another_machines_write(server, tmp_path, monkeypatch):  # noqa: F811
    first = service_for(tmp_path / "a", server.url)
    first.ingest([SHIPPED])
    second = service_for(tmp_path / "b", server.url)  # another machine: a copy of its own
    assert second.remove(UKRAINE)
    again = service_for(tmp_path / "a", server.url).ingest([SHIPPED])  # a's copy is of the state before
    assert again.added == [UKRAINE] and len(again.unchanged) == 4
    monkeypatch.setattr(catalogue, "scan", _no_scan)
    assert len(service_for(tmp_path / "a", server.url).ingest([SHIPPED]).unchanged) == 5  # the new copy
