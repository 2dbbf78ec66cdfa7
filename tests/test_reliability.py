"""Reliability: fresh views after another process writes, one writer at a time, bounded
requests, every file accounted for, identifiers matched whole."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CARIBBEAN, ENV, SHIPPED, open_service, run_cli

from assistant.config import Settings
from assistant.index.chroma import WRITER_LOCK, StoreError
from assistant.service import AssistantService, validate_history


def programme_release(n: int, donor: str, country: str) -> str:
    """A short release naming its programme by a code; its funding sentence does not repeat
    the code, so only the release as a whole ties the funders to it."""
    return (
        f"L'OIM lance le programme Zorblax{n:03d} contre la traite {country}\n"
        f"Genève – L'Organisation internationale pour les migrations (OIM) a lancé cette semaine {country} "
        f"le programme Zorblax{n:03d}, qui protège les victimes de la traite des êtres humains.\n"
        f"Le programme est financé par {donor}.\n"
        "Des agents des frontières, des travailleurs sociaux et des juges seront formés pendant deux ans "
        "à repérer les victimes et à les orienter vers les services d'aide.\n"
        "Des campagnes d'information seront diffusées à la radio et dans les écoles des régions frontalières.\n"
    )


DONORS = ["l'Agence suédoise de coopération", "la Fondation Oak", "l'Union européenne", "le gouvernement du Canada",
          "la Banque mondiale", "la Norvège", "la Fondation Ford", "le Japon"]
COUNTRIES = ["au Mali", "au Niger", "en Guinée", "au Bénin", "au Togo", "au Ghana", "au Sénégal", "au Tchad"]


def write_programmes(folder: Path, numbers: range) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        text = programme_release(n, DONORS[n % len(DONORS)], COUNTRIES[(3 * n) % len(COUNTRIES)])
        (folder / f"z{n:03d}.txt").write_text(text, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- fresh views


def test_running_process_answers_after_another_process_ingests_and_removes(tmp_path):
    """The page's defect: after `assistant ingest` in another shell, the running process's
    embedded Chroma client failed with 'Error finding id'. It must answer, and cite the new
    release; after another process removes it, it must stop citing it."""
    store = tmp_path / "store"
    service = open_service(store)
    service.ingest([write_programmes(tmp_path / "first", range(0, 4))])
    assert service.ask("Qui finance le programme Zorblax002 ?").citations[0].release_id == "z002"

    done = run_cli("ingest", str(write_programmes(tmp_path / "second", range(4, 8))), "--store", str(store))
    assert done.returncode == 0, done.stderr
    for n in (5, 1, 7):  # new releases and old ones, through the same long-running service
        a = service.ask(f"Qui finance le programme Zorblax{n:03d} ?")
        assert not a.abstained and {c.release_id for c in a.citations} == {f"z{n:03d}"}, a

    done = run_cli("remove", "z005", "--store", str(store))
    assert done.returncode == 0, done.stderr
    a = service.ask("Qui finance le programme Zorblax005 ?")
    assert all(c.release_id != "z005" for c in a.citations)
    assert "z005" not in {r.id for r in service.releases()}
    assert service.ask("Qui finance le programme Zorblax006 ?").citations[0].release_id == "z006"


def test_a_second_writer_is_refused_with_what_to_do(tmp_path):
    store = tmp_path / "store"
    service = open_service(store)
    folder = write_programmes(tmp_path / "r", range(0, 2))
    with service.store.chroma.writing():  # this process is writing: another must not
        done = run_cli("ingest", str(folder), "--store", str(store))
    assert done.returncode == 2
    assert "another process" in done.stderr and "chroma run" in done.stderr
    assert service.releases() == []  # nothing half-written
    assert service.ingest([folder]).added == ["z000", "z001"]  # and once it ends, writing works


def test_the_writer_lock_dies_with_its_process(tmp_path):
    """A killed ingest never leaves the store locked: the kernel drops the lock with the process."""
    store = tmp_path / "store"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\n"
         "from assistant.index.chroma import collections_for\nfrom assistant.config import Settings\n"
         f"c = collections_for(Settings().replace(store_dir={str(store)!r}))\n"
         "with c.writing():\n    print('locked', flush=True); time.sleep(600)\n"],
        stdout=subprocess.PIPE, text=True, env=ENV,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        service = open_service(store)
        with pytest.raises(StoreError, match=rf"another process \(pid {holder.pid}\)"):
            service.remove("anything")
    finally:
        holder.kill()
        holder.wait()
    assert open_service(store).remove("anything") is False  # no such release, but no lock either


def test_a_writer_that_has_not_written_its_pid_yet_is_refused_all_the_same(tmp_path):
    """Two ingests starting together: the second may read the lock file before the first has
    written its pid in it, and must still get the message that says what to do."""
    service = open_service(tmp_path / "store")
    lock = service.settings.chroma_dir / WRITER_LOCK
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held, pid not written yet (empty file)
        assert lock.read_text() == ""
        with pytest.raises(StoreError, match=r"another process is writing .*\(chroma run"):
            open_service(tmp_path / "store").remove("anything")
    finally:
        os.close(fd)
    assert open_service(tmp_path / "store").remove("anything") is False


# --------------------------------------------------------------------------- bounded requests


@pytest.mark.parametrize(
    ("history", "message"),
    [
        (5, "history must be a list of [question, answer_text] pairs of text, not int"),
        (True, "not bool"),
        ("abc", "not str"),
        ([[1, 2, 3]], r"history[0] must be a [question, answer_text] pair"),
        ([["q", 7]], r"history[0] must be a [question, answer_text] pair"),
        ([["a", "b"]] * 51, "history holds 51 turns; the limit is 50"),
        ([["ok", "ok"], ["traite " * 200000, "y"]], "history[1]: its question is 1400000 characters long; the limit is 2000"),
        ([["q", "x" * 20001]], "history[0]: its answer_text is 20001 characters long; the limit is 20000"),
    ],
)
def test_malformed_or_oversized_history_is_refused_naming_the_field(history, message):
    with pytest.raises(ValueError) as raised:
        validate_history(history, Settings())
    assert message in str(raised.value)


def test_the_splits_stores_never_go_to_a_chroma_server(tmp_path):
    """An eval split's or the benchmark's store is embedded, whatever ASSISTANT_CHROMA_URL says."""
    settings = Settings(chroma_url="http://127.0.0.1:8000").embedded_at(tmp_path)
    assert settings.chroma_url is None and settings.store_dir == tmp_path.resolve()


def test_history_is_read_up_to_its_most_recent_turns():
    turns = [(f"question {i}", f"answer {i}") for i in range(20)]
    used = validate_history(turns, Settings())
    assert used == turns[-6:]
    assert validate_history([{"question": "q", "text": "t"}], Settings()) == [("q", "t")]
    assert validate_history(None, Settings()) == []


def test_a_huge_history_is_refused_by_the_service_before_any_work(service, monkeypatch):
    def no_work(*_):
        raise AssertionError("the question was embedded before the history was checked")

    monkeypatch.setattr(type(service.store.embedder), "query_vector", no_work)  # a pydantic model: on its class
    with pytest.raises(ValueError, match=r"history\[0\]: its question"):
        service.ask("Quel est ce numéro ?", history=[("traite " * 200000, "y")])


# --------------------------------------------------------------------------- every file accounted for


def test_folder_ingest_names_hidden_files_folders_and_copies(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    caribbean = (SHIPPED / f"{CARIBBEAN}.txt").read_bytes()
    (folder / f"{CARIBBEAN}.txt").write_bytes(caribbean)
    (folder / "copie_caraibes.txt").write_bytes(caribbean)  # the same release under a second name
    (folder / ".cachée.txt").write_bytes(caribbean)
    (folder / "archives").mkdir()
    report = open_service(tmp_path / "store").ingest([folder])
    assert report.added == [CARIBBEAN]
    reasons = dict(report.skipped)
    assert set(reasons) == {"copie_caraibes.txt", ".cachée.txt", "archives"}
    assert reasons["copie_caraibes.txt"] == f"a copy of release {CARIBBEAN} (same text): not indexed twice"
    assert "hidden file" in reasons[".cachée.txt"] and "folder" in reasons["archives"]
    # a copy arriving later, in another ingest, is recognised too
    later = tmp_path / "later"
    later.mkdir()
    (later / "encore_une_copie.txt").write_bytes(caribbean)
    again = open_service(tmp_path / "store").ingest([later])
    assert again.added == [] and again.skipped[0][0] == "encore_une_copie.txt"
    assert [r.id for r in open_service(tmp_path / "store").releases()] == [CARIBBEAN]


def test_cli_ingest_prints_every_skipped_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    (folder / "vide.txt").write_text("")
    done = run_cli("ingest", str(folder), "--store", str(tmp_path / "store"))
    assert done.returncode == 1  # nothing could be ingested
    assert "skipped .DS_Store: hidden file" in done.stderr and "skipped vide.txt: empty" in done.stderr


# --------------------------------------------------------------------------- identifiers as written


@pytest.fixture(scope="module")
def programmes(tmp_path_factory) -> AssistantService:
    base = tmp_path_factory.mktemp("programmes")
    service = open_service(base / "store")
    service.ingest([write_programmes(base / "releases", range(0, 24))])
    return service


@pytest.mark.parametrize("n", [17, 9, 19, 3])
def test_a_question_quoting_a_code_cites_the_release_that_holds_it(programmes, n):
    a = programmes.ask(f"Qui finance le programme Zorblax{n:03d} ?")
    # every quote from the release of that programme: Zorblax009 is not Zorblax017
    assert not a.abstained and {c.release_id for c in a.citations} == {f"z{n:03d}"}, a


def test_phone_numbers_and_codes_are_searchable_as_written(programmes):
    bm25 = programmes.store.bm25()
    best = bm25.search("Zorblax011")
    assert best[0][0].startswith("z011:")
    from assistant.text.terms import identifiers, index_tokens

    assert identifiers("Appelez le 1-800-555-0199 ou le projet TRAFIK-24 de l'ASEAN (2007)") == [
        "1-800-555-0199", "trafik-24", "asean"]
    assert {"1-800-555-0199", "18005550199"} <= set(index_tokens("au 1-800-555-0199"))


def test_the_answerer_matches_an_identifier_whole():
    """A code is one fact: "Zorblax019" does not mention "Zorblax017" (a 5-letter start did)."""
    from assistant.answering.specifics import specific_terms
    from assistant.text.facts import mentions
    from assistant.text.normalize import fold

    assert not mentions("Zorblax017", fold("le programme Zorblax019 et le programme Zorblax0170"))
    assert mentions("Zorblax017", fold("le programme Zorblax017, lancé"))
    assert mentions("1-800-555-0199", fold("appelez le 18005550199")) and mentions("ASEAN", fold("l'ASEAN"))
    assert specific_terms("Qui répond au 1-800-555-0199 pour le projet TRAFIK-24 ?") == ["1-800-555-0199", "trafik-24"]
