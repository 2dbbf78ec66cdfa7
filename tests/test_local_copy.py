"""The local copy beside the BM25 index (assistant/index/local_copy.py): a question on the
committed state reads its chunks and their releases' texts there and asks Chroma only for the
dense search, embedded and through a server; the copy holds exactly what Chroma holds; an index
of the former format, without a copy, is rebuilt with one."""

from __future__ import annotations

import json

import pytest
from chromadb.api.models.Collection import Collection
from conftest import CARIBBEAN, SHIPPED, copy_releases
from test_server import server  # noqa: F401  (the Chroma server fixture)

from assistant.config import Settings
from assistant.index import bm25 as bm25_index
from assistant.index.local_copy import CHUNKS, LocalCopy
from assistant.ingest.parse import parse_file
from assistant.service import AssistantService

QUESTION = "Qui finance la campagne de sensibilisation dans les Caraïbes ?"
OTHER = "Quel numéro gratuit les opérateurs ukrainiens ont-ils lancé ?"
# a name no release writes: matched to the first releases' texts otherwise (answering/names.py),
# for the version of each that the chunks are of
UNWRITTEN = "Qui finance la campagne de sensibilisation de la CARICOM ?"


def _settings(where: str, tmp_path, request) -> Settings:
    url = request.getfixturevalue("server").url if where == "server" else None
    return Settings.from_env().replace(store_dir=tmp_path / "store", chroma_url=url)


def _spy(monkeypatch) -> list[tuple[str, str]]:
    """Every read of a Chroma collection, as (collection, method), whichever the client."""
    calls: list[tuple[str, str]] = []
    for method in ("get", "query", "peek"):
        real = getattr(Collection, method)

        def spied(self, *args, _real=real, _method=method, **kwargs):
            calls.append((self.name, _method))
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(Collection, method, spied)
    return calls


@pytest.mark.parametrize("where", ["embedded", "server"])
def test_a_question_asks_chroma_only_for_the_dense_search(where, tmp_path, request, monkeypatch):
    settings = _settings(where, tmp_path, request)
    writer = AssistantService(settings)
    writer.ingest([copy_releases(tmp_path / "releases")])
    expected = {q: writer.ask(q).to_dict() for q in (QUESTION, OTHER, UNWRITTEN)}

    running = AssistantService(settings)  # another process on the store
    assert running.ask(OTHER).to_dict() == expected[OTHER]  # its first question opens the index
    calls = _spy(monkeypatch)
    got = running.ask(QUESTION)
    assert got.to_dict() == expected[QUESTION]
    assert got.citations[0].release_id == CARIBBEAN
    assert running.ask(UNWRITTEN).to_dict() == expected[UNWRITTEN]
    # the chunks ranked, read and quoted, their releases' texts and versions, all came from the copy
    assert calls == [("chunks", "query")] * 2, calls


def test_the_copy_holds_the_committed_chunks_and_texts_as_chroma_does(service):
    store = service.store
    index = store.bm25()
    got = store.chroma.chunks.get(include=["documents", "metadatas"])
    copied = index.copy.chunks(got["ids"] + ["ghost:0000:c0"])
    assert copied["ids"] == got["ids"]  # every chunk, no other
    assert copied["documents"] == got["documents"]
    for meta, mine in zip(got["metadatas"], copied["metadatas"]):
        # all but llama-index's own copy of the node (the text and these keys again)
        assert mine == {k: v for k, v in meta.items() if not k.startswith("_")}
    ids = sorted(store.catalogue())
    texts = index.copy.texts(ids + ["no_such_release"])
    assert texts["ids"] == ids
    assert texts["documents"] == [parse_file(SHIPPED / f"{rid}.txt").text for rid in ids]


def test_an_index_without_a_copy_is_rebuilt_with_one(tmp_path):
    settings = Settings.from_env().replace(store_dir=tmp_path / "store")
    service = AssistantService(settings)
    service.ingest([copy_releases(tmp_path / "releases")])
    expected = service.ask(QUESTION).to_dict()
    folder = bm25_index.directory(settings)
    # as the previous version left it: format 3, no copy
    for name in [CHUNKS, *(p.name for p in folder.iterdir() if p.name.startswith(("chunks.", "releases.", "release_ids")))]:
        (folder / name).unlink(missing_ok=True)
    stamp = json.loads((folder / "fingerprint.json").read_text())
    (folder / "fingerprint.json").write_text(json.dumps(stamp | {"format": 3}))
    assert not LocalCopy.exists(folder)

    again = AssistantService(settings)
    assert again.ask(QUESTION).to_dict() == expected
    assert LocalCopy.exists(folder)
    assert json.loads((folder / "fingerprint.json").read_text())["format"] == bm25_index.FORMAT
