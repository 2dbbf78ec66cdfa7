"""Ingestion: idempotent, incremental, removable, resumable after kill -9, tolerant of bad files."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CARIBBEAN, ENV, SHIPPED, copy_releases, open_service

from assistant.config import Settings
from assistant.ingest.parse import parse_file
from assistant.service import AssistantService
from assistant.types import chunk_owner


def chunk_ids(service: AssistantService) -> list[str]:
    return service.store.chroma.chunks.get(include=[])["ids"]


def test_reingest_unchanged_costs_no_embedding(tmp_path):
    releases = copy_releases(tmp_path / "releases")
    service = open_service(tmp_path)
    first = service.ingest([releases])
    assert len(first.added) == 5 and first.embedded_chunks > 0
    before = sorted(chunk_ids(service))
    again = open_service(tmp_path).ingest([releases])
    assert again.unchanged == sorted(p.stem for p in releases.glob("*.txt"))
    assert again.embedded_chunks == 0 and again.embedded_sentences == 0
    assert sorted(chunk_ids(open_service(tmp_path))) == before
    assert len(before) == len(set(before)) == service.store.chunk_count()


def test_changed_release_replaces_its_chunks_and_remove_deletes(tmp_path):
    releases = copy_releases(tmp_path / "releases")
    service = open_service(tmp_path)
    service.ingest([releases])
    target = releases / "003_36d60928ab47fd18.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("le 527", "le 5555"), encoding="utf-8")
    report = service.ingest([releases])
    assert report.updated == ["003_36d60928ab47fd18"] and len(report.unchanged) == 4
    ids = chunk_ids(service)
    current = service.store.catalogue()["003_36d60928ab47fd18"].content_hash
    own = [i for i in ids if i.startswith("003_")]
    assert own and all(f":{current}:" in i for i in own)
    a = service.ask("Quel numéro gratuit les opérateurs ukrainiens ont-ils lancé ?")
    assert "5555" in a.text and "527," not in a.text

    assert service.remove("003_36d60928ab47fd18")
    assert not any(i.startswith("003_") for i in chunk_ids(service))
    assert "003_36d60928ab47fd18" not in {r.id for r in service.releases()}
    assert not service.remove("003_36d60928ab47fd18")
    for c in service.ask("Quel numéro gratuit les opérateurs ukrainiens ont-ils lancé ?").citations:
        assert c.release_id != "003_36d60928ab47fd18"


def _variants(folder: Path, n: int) -> Path:
    """``n`` distinct releases made from the shipped ones (each needs its own embeddings)."""
    folder.mkdir(parents=True)
    seeds = sorted(SHIPPED.glob("*.txt"))
    for i in range(n):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (folder / f"v{i:03d}.txt").write_text(text + f"\nNote de la rédaction numéro {i}.\n", encoding="utf-8")
    return folder


def test_ingest_killed_midway_leaves_a_usable_store_and_rerun_completes(tmp_path):
    folder = _variants(tmp_path / "incoming", 12)
    store = tmp_path / "store"
    before = open_service(store)
    before.ingest([SHIPPED / "002_cd64a4c7dfd5f85e.txt"])  # what the store holds before the killed ingest
    cmd = [sys.executable, "-m", "assistant.cli", "ingest", str(folder), "--store", str(store)]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=ENV)
    # wait until the progress bar shows two releases done, then kill -9
    seen = b""
    deadline = time.monotonic() + 240
    while b" 2/12" not in seen and time.monotonic() < deadline:
        byte = proc.stderr.read(1)
        if not byte:
            break
        seen += byte
    assert b" 2/12" in seen, seen.decode(errors="replace")[-500:]
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    # a write killed midway publishes nothing: a running process and a new one both see the
    # store as it was, and answer from it
    for partial in (before, open_service(store)):
        assert [r.id for r in partial.releases()] == ["002_cd64a4c7dfd5f85e"]
        a = partial.ask("Qui finance la campagne de sensibilisation dans les Caraïbes ?")
        assert a.citations and a.citations[0].release_id == "002_cd64a4c7dfd5f85e"
    written = partial.store.chroma.releases.count() - 1  # committed by the killed write, not yet published
    assert 2 <= written < 12

    report = open_service(store).ingest([folder])  # the re-run: what was written costs a hash
    assert len(report.unchanged) == written
    assert len(report.added) == 12 - written
    done = open_service(store)
    assert len(done.releases()) == 13
    ids = chunk_ids(done)
    assert len(ids) == len(set(ids)) == done.store.chunk_count()
    assert all(done.store.is_current(m) for m in done.store.chroma.chunks.get(include=["metadatas"])["metadatas"])
    before.store.sync()
    assert len(before.releases()) == 13  # and the running process sees it when the re-run ends


def test_folder_with_broken_files_ingests_the_rest(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    text = (SHIPPED / "002_cd64a4c7dfd5f85e.txt").read_text(encoding="utf-8")
    (folder / "latin.txt").write_bytes(text.replace("’", "'").encode("latin-1", errors="replace"))
    with (folder / "huge.txt").open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    (folder / "ok.txt").write_text((SHIPPED / "003_36d60928ab47fd18.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ingest", str(folder), "--store", str(tmp_path / "s")],
        capture_output=True, text=True, env=ENV, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "skipped empty.txt: empty file" in result.stderr
    assert "skipped binary.txt: binary file" in result.stderr
    assert "skipped huge.txt: 52 MB is too large" in result.stderr
    assert "2 added" in result.stdout
    ids = {r.id for r in open_service(tmp_path / "s").releases()}
    assert ids == {"latin", "ok"}


def test_ingest_of_nothing_usable_exits_non_zero(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ingest", str(folder), "--store", str(tmp_path / "s")],
        capture_output=True, text=True, env=ENV, timeout=120,
    )
    assert result.returncode == 1
    assert "skipped empty.txt" in result.stderr


@pytest.mark.parametrize("url", ["localhost:8000", "ftp://x"])
def test_malformed_chroma_url_is_a_clear_error(tmp_path, url):
    from assistant.index.chroma import StoreError

    with pytest.raises(StoreError, match="http://HOST:PORT"):
        AssistantService(Settings.from_env().replace(store_dir=tmp_path, chroma_url=url))


def test_leftovers_of_an_uncommitted_release_are_ignored_then_cleaned(tmp_path):
    releases = copy_releases(tmp_path / "releases")
    service = open_service(tmp_path)
    service.ingest([releases])
    # what a kill -9 between writing chunks and committing leaves behind
    service.store.chroma.chunks.add(
        ids=["ghost:0000:c0"], embeddings=[[0.05] * 384], documents=["Le numéro gratuit fantôme est le 999."],
        metadatas=[{"release_id": "ghost", "content_hash": "0000", "start": 0, "end": 10,
                    "first_sentence": 0, "last_sentence": 0, "title": "x", "chunk_index": 0}],
    )
    a = service.ask("Quel est le numéro gratuit fantôme ?")
    assert all(c.release_id != "ghost" for c in a.citations)
    service.ingest([releases])
    assert "ghost:0000:c0" not in chunk_ids(service)


def test_which_chunks_are_current_is_read_from_the_bm25_index_not_from_the_records(tmp_path, monkeypatch):
    """The BM25 index of the committed state holds exactly the committed chunks: a question checks
    its chunks there, reading no release record; a chunk of another version, or of a release never
    committed, is not current. Once this process writes, the index is not the committed state's
    until it is opened again, and the records decide."""
    releases = copy_releases(tmp_path / "releases")
    service = open_service(tmp_path)
    service.ingest([releases])
    question = "Qui finance la campagne de sensibilisation dans les Caraïbes ?"
    service.ask(question)  # the BM25 index open
    store = service.store
    committed = next(cid for cid in chunk_ids(service) if cid.startswith(CARIBBEAN))
    release_id, _ = chunk_owner(committed)
    store.records.clear()  # no record in memory
    calls = []
    real_get = store.chroma.releases.get
    monkeypatch.setattr(store.chroma.releases, "get", lambda *a, **k: calls.append(k) or real_get(*a, **k))
    assert store.current_chunks([committed, f"{release_id}:0000:c0", "ghost:0000:c0"]) == [True, False, False]
    a = service.ask(question)
    assert a.citations and a.citations[0].release_id == CARIBBEAN
    assert all(k.get("include") == ["documents"] for k in calls), calls  # release texts only, no record
    assert store.remove(release_id)
    assert store.current_chunks([committed]) == [False]
    assert all(c.release_id != CARIBBEAN for c in service.ask(question).citations)


# ---------------------------------------------------------------------- the BM25 side


def test_bm25_indexes_words_not_ids_hashes_or_offsets(service):
    cid, _, meta = next(iter(service.store.all_chunks()))
    # every chunk's metadata holds these; none of them is a word of a release
    for query in (meta["content_hash"], meta["release_id"], "first_sentence last_sentence chunk_index", str(meta["end"])):
        assert service.retriever.bm25(query) == [], query
    title_word = "cricket"  # the title is indexed with the text
    assert service.retriever.bm25(title_word)


def test_retrieved_chunks_are_the_stored_ones(service):
    chunks = service.retriever.retrieve_chunks("Qui finance la campagne ?", service.store.embedder.query_vector("Qui finance la campagne ?"))
    assert chunks
    stored = service.store.chroma.chunks.get(ids=[c.id for c in chunks], include=["documents", "metadatas"])
    by_id = dict(zip(stored["ids"], zip(stored["documents"], stored["metadatas"])))
    for c in chunks:
        text, meta = by_id[c.id]
        assert c.text == text and (c.release_id, c.content_hash) == (meta["release_id"], meta["content_hash"])
        assert (c.first_sentence, c.last_sentence) == (meta["first_sentence"], meta["last_sentence"])
        assert service.release_text(c.release_id)[c.start : c.end] in text


def test_term_statistics_are_persisted_with_the_bm25_index(tmp_path, monkeypatch):
    releases = copy_releases(tmp_path / "releases")
    open_service(tmp_path).ingest([releases])
    idf = open_service(tmp_path).store.term_idf()
    assert idf and all(v > 0 for v in idf.values())

    import assistant.index.bm25

    def recompute(*_):
        raise AssertionError("term statistics recomputed although the index on disk is current")

    monkeypatch.setattr(assistant.index.bm25, "idf_from_texts", recompute)
    reopened = open_service(tmp_path)
    assert reopened.store.term_idf() == idf
    assert reopened.ask("Qui finance la campagne de sensibilisation dans les Caraïbes ?").citations


def test_bm25_index_of_an_older_format_is_rebuilt(tmp_path):
    releases = copy_releases(tmp_path / "releases")
    open_service(tmp_path).ingest([releases])
    bm25_dir = tmp_path / "chroma" / "bm25"
    stamp = json.loads((bm25_dir / "fingerprint.json").read_text())
    (bm25_dir / "fingerprint.json").write_text(json.dumps({"fingerprint": stamp["fingerprint"]}))  # format 1
    (bm25_dir / "term_idf.json").unlink()
    service = open_service(tmp_path)
    assert service.store.term_idf()
    assert json.loads((bm25_dir / "fingerprint.json").read_text()) == stamp
    assert service.ask("Quel numéro gratuit les opérateurs ukrainiens ont-ils lancé ?").citations


# ---------------------------------------------------------------------- ingest at scale


def test_ingest_parses_ahead_on_a_worker_and_skips_parsing_unchanged_files(tmp_path, monkeypatch):
    import threading

    import assistant.ingest.pipeline

    releases = copy_releases(tmp_path / "releases")
    threads = []
    real_parse = assistant.ingest.pipeline.parse_bytes

    def parse(data, release_id, **kwargs):
        threads.append(threading.current_thread().name)
        return real_parse(data, release_id, **kwargs)

    monkeypatch.setattr(assistant.ingest.pipeline, "parse_bytes", parse)
    service = open_service(tmp_path)
    assert len(service.ingest([releases]).added) == 5
    assert len(threads) == 5 and all(name.startswith("ingest-read") for name in threads)

    def refuse(data, release_id, **kwargs):
        raise AssertionError(f"{release_id} parsed although unchanged")

    monkeypatch.setattr(assistant.ingest.pipeline, "parse_bytes", refuse)
    assert len(open_service(tmp_path).ingest([releases]).unchanged) == 5


def test_ingest_reads_the_catalogue_once_and_publishes_once(tmp_path, monkeypatch):
    releases = copy_releases(tmp_path / "releases")
    service = open_service(tmp_path)
    store = service.store
    reads, bumps = [], []
    real_get, real_bump = store.chroma.releases.get, store._bump_generation
    monkeypatch.setattr(store.chroma.releases, "get", lambda *a, **k: reads.append(k) or real_get(*a, **k))
    monkeypatch.setattr(store, "_bump_generation", lambda: bumps.append(1) or real_bump())
    report = service.ingest([releases])
    assert len(report.added) == 5
    # once before writing, once after (the refresh that ends the ingest): not once per release
    assert len([k for k in reads if "ids" not in k and not k.get("offset")]) <= 2  # first pages
    assert len(bumps) == 1  # other processes see the new state once, with its BM25 index built
    reads.clear()
    assert len(service.ingest([releases]).unchanged) == 5
    assert len(bumps) == 1  # nothing changed: nothing to publish


def test_a_second_process_sees_an_ingest_when_it_ends_and_loads_its_bm25_index(tmp_path, monkeypatch):
    releases = copy_releases(tmp_path / "releases")
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for rid in ("003_36d60928ab47fd18", "004_b9cef8411c10c3ca"):
        (releases / f"{rid}.txt").rename(incoming / f"{rid}.txt")
    writer = open_service(tmp_path)
    writer.ingest([releases])
    reader = open_service(tmp_path)  # another process, for the store: its own clients and caches
    question = "Quel numéro gratuit les opérateurs ukrainiens ont-ils lancé ?"
    assert all(c.release_id != "003_36d60928ab47fd18" for c in reader.ask(question).citations)

    from assistant.index import bm25 as bm25_index

    asking = []
    real_build = bm25_index.build_index

    def build(*args, **kwargs):
        if asking:
            raise AssertionError("the reader rebuilt the BM25 index (once per question while the ingest runs)")
        return real_build(*args, **kwargs)

    monkeypatch.setattr(bm25_index, "build_index", build)
    during = []
    real_put = writer.store.put

    def put(release, *args, **kwargs):
        real_put(release, *args, **kwargs)
        asking.append(True)
        during.append(reader.ask(question))  # a question between two commits of the ingest
        asking.clear()

    writer.store.put = put
    writer.ingest([incoming])
    assert len(during) == 2
    assert all(c.release_id != "003_36d60928ab47fd18" for a in during for c in a.citations)
    answer = reader.ask(question)  # the ingest is over: its releases answer, from its BM25 index
    assert answer.citations and answer.citations[0].release_id == "003_36d60928ab47fd18"
    assert "003_36d60928ab47fd18" in {hit.release_id for hit in reader.retriever.bm25(question)}


def test_release_texts_are_read_in_one_call_and_cached_within_a_bound(service, monkeypatch):

    store = service.store
    ids = sorted(store.catalogue())
    expected = {rid: parse_file(SHIPPED / f"{rid}.txt").text for rid in ids}
    store.refresh()
    monkeypatch.setattr(store._texts, "size", 2)
    calls = []
    real_read = store._read_texts  # the local copy's or, while there is none, Chroma's
    monkeypatch.setattr(store, "_read_texts", lambda ids: calls.append(ids) or real_read(ids))
    assert store.release_texts(ids + ["no_such_release"]) == expected
    assert len(calls) == 1 and len(store._texts) == 2
    assert store.release_text(ids[0]) == expected[ids[0]]  # read again once evicted
    with pytest.raises(KeyError):
        store.release_text("no_such_release")


def test_bm25_searches_while_the_question_is_embedded(service, monkeypatch):
    """The BM25 search needs no vector: it is handed to its worker before the question is
    embedded, and the dense search follows the embedding; the chunks are those of one search."""
    events: list[str] = []
    retriever, embedder = service.retriever, service.store.embedder
    submit, embed, dense = retriever._bm25_pool.submit, embedder.query_vector, retriever._dense_ids

    def submitted(*args, **kwargs):
        events.append("bm25")
        return submit(*args, **kwargs)

    monkeypatch.setattr(retriever._bm25_pool, "submit", submitted)
    monkeypatch.setattr(type(embedder), "query_vector", lambda self, text: events.append("embed") or embed(text))
    monkeypatch.setattr(retriever, "_dense_ids", lambda vector: events.append("dense") or dense(vector))
    question = "Qui finance la campagne de sensibilisation dans les Caraïbes ?"
    answer = service.ask(question)
    assert events[:3] == ["bm25", "embed", "dense"]
    assert answer.citations[0].release_id == CARIBBEAN
    _, chunks = service.retrieve(question)
    assert [c.id for c in chunks] == [c.id for c in retriever.retrieve_chunks(question, embed(question))]


def test_a_name_is_searched_whole_not_by_a_stem_other_words_share(tmp_path):
    """French stems merge names with words and other names ("Malé", "Mali" and "mal" all stem to
    "mal"): BM25 also indexes each capitalised word whole, so "Malé" finds the release that
    names it before the one about Mali that says "mal" and "Mali" again and again."""
    from assistant.text.terms import index_tokens

    assert "=male" in index_tokens("Le refuge de Malé") and "=male" not in index_tokens("Le refuge du Mali")
    assert "=asean" not in index_tokens("l'ASEAN")  # (an acronym is whole already, as an identifier)
    releases = tmp_path / "releases"
    releases.mkdir()
    (releases / "mali.txt").write_text(
        "Mali : l'OIM aide les victimes de la traite\n"
        "Bamako - Au Mali, l'OIM aide les victimes de la traite mal payées et mal logées. Le Mali "
        "compte trois foyers. Les autorités du Mali saluent le travail de l'OIM au Mali.\n", encoding="utf-8")
    (releases / "maldives.txt").write_text(
        "Maldives : un refuge pour les victimes de la traite\n"
        "Malé - L'OIM et le gouvernement des Maldives ont ouvert un refuge de 24 places pour les "
        "victimes de la traite, géré par une association locale.\n", encoding="utf-8")
    service = open_service(tmp_path / "store")
    service.ingest([str(releases)], progress=False)
    best = service.store.bm25().search("Which NGO runs the shelter near Malé?")
    assert best[0][0].startswith("maldives:")
