"""The OpenAI-compatible HTTP API served beside the page (assistant.api), driven by the official
``openai`` client and by plain HTTP: the real app of ``ui.create_app`` on uvicorn, in a thread,
over a copy of the session's built store (nothing is embedded again)."""

from __future__ import annotations

import dataclasses
import json
import shutil
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
from conftest import CARIBBEAN, UKRAINE, free_port, run_cli

from assistant.config import Settings

openai = pytest.importorskip("openai", reason="the openai client is a test dependency (pip install -e '.[test]')")

CARIBBEAN_Q = "Qui finance la campagne de sensibilisation dans les Caraïbes ?"
UKRAINE_Q = "Et en Ukraine, qui a lancé un numéro gratuit ?"
RATATOUILLE = "Quelle est la recette de la ratatouille ?"
ERROR_FIELDS = {"message", "type", "param", "code"}
MARINS = """L'OIM lance la campagne Mer libre pour les marins pêcheurs
Genève – L'OIM lance une campagne contre la traite des marins pêcheurs dans les ports de la Méditerranée.
La campagne, baptisée « Mer libre », informera les marins pêcheurs de leurs droits dans douze ports.
Les inspecteurs du travail maritime seront formés à repérer les signes de travail forcé à bord des navires de pêche.
"""


class ApiServer:
    """An app on uvicorn in a thread, on a free localhost port."""

    def __init__(self, app) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "the API server did not start"
            time.sleep(0.05)

    def client(self, api_key: str = "anything"):
        return openai.OpenAI(base_url=f"{self.url}/v1", api_key=api_key, max_retries=0, timeout=60)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


def start_api(holder, **changes) -> ApiServer:
    """The page and its API, over ``holder``'s service, with ``changes`` to the web settings."""
    import ui

    settings = dataclasses.replace(holder.settings, **changes)
    return ApiServer(ui.create_app(ui.build_ui(holder), settings, holder))


@pytest.fixture(scope="module")
def api_store(service, shipped_store, tmp_path_factory) -> Path:
    """A copy of the session's built store (``service`` built it), for this module's writes."""
    target = tmp_path_factory.mktemp("api") / "store"
    shutil.copytree(shipped_store, target)
    return target


@pytest.fixture(scope="module")
def holder(api_store):
    from assistant.chat import ServiceHolder

    return ServiceHolder(Settings.from_env({}).replace(store_dir=api_store))


@pytest.fixture(scope="module")
def api(holder):
    srv = start_api(holder)
    yield srv
    srv.stop()


@pytest.fixture
def client(api):
    return api.client()


def ask(client, question: str, history: list[tuple[str, str]] = (), **options):
    messages = [m for q, a in history for m in ({"role": "user", "content": q}, {"role": "assistant", "content": a})]
    reply = client.chat.completions.create(model="extractive", messages=[*messages, {"role": "user", "content": question}],
                                           **options)
    return reply if options.get("stream") else reply.choices[0].message


def cited(message) -> list[str]:
    return [c["release_id"] for c in message.citations]


def check_quotes(holder, citations: list[dict]) -> None:
    assert citations
    for c in citations:
        assert set(c) == {"release_id", "title", "quote", "start", "end", "score"}
        assert holder.get().release_text(c["release_id"])[c["start"]:c["end"]] == c["quote"]


def assert_intact(api, releases: int = 5) -> None:
    """Nothing lost: the catalogue as it was, and a question still answered."""
    assert len(httpx.get(f"{api.url}/v1/releases").json()["data"]) == releases
    assert cited(ask(api.client(), CARIBBEAN_Q))[0] == CARIBBEAN


def assert_error(response: httpx.Response, status: int, code: str, *fragments: str) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == ERROR_FIELDS and error["code"] == code, error
    for fragment in fragments:
        assert fragment in error["message"], error
    return error


# --------------------------------------------------------------------------- answers


def test_openai_client_gets_the_funders_and_the_exact_quote(client, holder):
    reply = client.chat.completions.create(model="extractive", messages=[{"role": "user", "content": CARIBBEAN_Q}])
    assert reply.object == "chat.completion" and reply.model == "extractive" and reply.id.startswith("chatcmpl-")
    message = reply.choices[0].message
    assert reply.choices[0].finish_reason == "stop" and message.role == "assistant"
    assert "Bureau de la Population" in message.content and "[1]" in message.content
    assert message.abstained is False and message.language == "fr"
    assert message.citations[0]["release_id"] == CARIBBEAN
    assert "Bureau de la Population" in message.citations[0]["quote"]
    check_quotes(holder, message.citations)


def test_openai_client_streams_pieces_then_the_citations(client, holder, api):
    chunks = list(ask(client, CARIBBEAN_Q, stream=True))
    assert all(c.object == "chat.completion.chunk" and c.id == chunks[0].id for c in chunks)
    assert chunks[0].choices[0].delta.role == "assistant"
    pieces = [c.choices[0].delta.content for c in chunks if c.choices[0].delta.content]
    assert len(pieces) >= 3  # sent in pieces, as OpenAI streams
    assert "".join(pieces) == ask(client, CARIBBEAN_Q).content
    last = chunks[-1].choices[0]
    assert last.finish_reason == "stop" and all(c.choices[0].finish_reason is None for c in chunks[:-1])
    assert last.delta.model_extra["abstained"] is False
    assert last.delta.model_extra["citations"][0]["release_id"] == CARIBBEAN
    check_quotes(holder, last.delta.model_extra["citations"])
    # on the wire: server-sent events ending in [DONE]
    raw = httpx.post(f"{api.url}/v1/chat/completions", timeout=60,
                     json={"model": "extractive", "stream": True, "messages": [{"role": "user", "content": CARIBBEAN_Q}]})
    assert raw.headers["content-type"].startswith("text/event-stream")
    assert raw.text.rstrip().endswith("data: [DONE]") and raw.text.startswith("data: {")


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_unanswerable_question_is_abstained(client, stream):
    if stream:
        chunks = list(ask(client, RATATOUILLE, stream=True))
        extra = chunks[-1].choices[0].delta.model_extra
        text = "".join(c.choices[0].delta.content or "" for c in chunks)
        assert extra["abstained"] is True and extra["citations"] == []
    else:
        message = ask(client, RATATOUILLE)
        assert message.abstained is True and message.citations == []
        text = message.content
    assert "ne répondent pas" in text and "[1]" not in text
    english = ask(client, "Who won the 2018 FIFA World Cup final?")
    assert english.abstained is True and english.language == "en"


def test_follow_up_sent_as_earlier_messages_uses_them(client):
    caribbean = [(CARIBBEAN_Q, ask(client, CARIBBEAN_Q).content)]
    ukraine = ask(client, UKRAINE_Q, caribbean)
    assert cited(ukraine)[0] == UKRAINE
    # "Quand ?" alone asks nothing the releases answer; after a question, it is about that question's release
    assert ask(client, "Quand ?").abstained is True
    assert set(cited(ask(client, "Quand ?", caribbean))) == {CARIBBEAN}
    # a short follow-up about the Ukrainian release is answered from it ("le 25 avril"); a bare
    # "Quand ?" there asks when the number was launched, which the release does not date
    signed = ask(client, "Et quand l'accord sera-t-il signé ?", [(UKRAINE_Q, ukraine.content)])
    assert set(cited(signed)) == {UKRAINE} and "25 avril" in signed.content
    # the Ukrainian toll-free number, streamed
    chunks = list(ask(client, "Quel est ce numéro ?", [*caribbean, (UKRAINE_Q, ukraine.content)], stream=True))
    assert "527" in "".join(c.choices[0].delta.content or "" for c in chunks)
    assert {c["release_id"] for c in chunks[-1].choices[0].delta.model_extra["citations"]} == {UKRAINE}


def test_models_releases_and_health(client, api):
    assert [m.id for m in client.models.list()] == ["extractive"]
    releases = httpx.get(f"{api.url}/v1/releases").json()
    assert releases["object"] == "list" and CARIBBEAN in {r["id"] for r in releases["data"]}
    assert all(set(r) == {"id", "object", "title", "n_chunks"} and r["n_chunks"] > 0 for r in releases["data"])
    health = httpx.get(f"{api.url}/health")
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "ok" and body["model"] == "extractive"
    assert body["store"]["reachable"] is True and body["store"]["releases"] == 5 and body["store"]["generation"]


def test_openapi_spec_and_docs_work_offline(api):
    spec = httpx.get(f"{api.url}/openapi.json").json()
    assert {"/v1/chat/completions", "/v1/models", "/v1/releases", "/v1/ingest", "/v1/releases/{release_id}",
            "/v1/feedback", "/health"} <= set(spec["paths"])
    assert CARIBBEAN_Q in json.dumps(spec, ensure_ascii=False)  # the French examples
    docs = httpx.get(f"{api.url}/docs").text
    # the routes are written into the page: readable when Swagger's CDN is out of reach
    assert "POST /v1/chat/completions" in docs and "DELETE /v1/releases/{release_id}" in docs
    assert "Qui finance la campagne" in docs


# --------------------------------------------------------------------------- errors


LONG = "x" * 2500
BAD_REQUESTS = [
    ({"messages": [{"role": "bot", "content": "Qui ?"}]}, "invalid_request", "messages.0.role", "valeur non acceptée"),
    ({"messages": []}, "invalid_request", "messages", "ne doit pas être vide"),
    ({"messages": [{"role": "user", "content": 5}]}, "invalid_request", "messages.0.content", "du texte est attendu"),
    ({"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]},
     "invalid_request", "messages.0.content", "du texte est attendu"),
    ({"model": "extractive"}, "invalid_request", "messages", "champ requis"),
    ({"messages": [{"role": "user", "content": CARIBBEAN_Q}, {"role": "assistant", "content": "…"}]},
     "no_question", "messages", "doit finir par la question"),
    ({"messages": [{"role": "user", "content": "   "}]}, "invalid_question", "messages.0.content", "la question est vide"),
    ({"messages": [{"role": "user", "content": LONG}]}, "invalid_question", "messages.0.content",
     "la question fait 2500 caractères ; la limite est 2000"),
    ({"messages": [{"role": "user", "content": "What is the number of the hotline " * 70}]}, "invalid_question",
     "messages.0.content", "characters long; the limit is 2000"),
    ({"messages": [{"role": "user", "content": "Et ?"}, {"role": "assistant", "content": "a" * 20001},
                   {"role": "user", "content": "Quel est ce numéro ?"}]}, "invalid_question", "messages.1.content",
     "une réponse de la conversation fait 20001 caractères"),
    ({"messages": [{"role": "user", "content": "Qui ?"}] * 52}, "invalid_question", "messages",
     "la conversation compte 51 échanges ; la limite est 50"),
]


@pytest.mark.parametrize(("body", "code", "param", "fragment"), BAD_REQUESTS)
def test_malformed_messages_get_a_400_in_openai_shape(api, body, code, param, fragment):
    error = assert_error(httpx.post(f"{api.url}/v1/chat/completions", json=body, timeout=60), 400, code, fragment)
    assert error["param"] == param and error["type"] == "invalid_request_error"


def test_errors_reach_the_openai_client_and_nothing_is_lost(api, client):
    with pytest.raises(openai.BadRequestError) as refused:
        ask(client, LONG)
    assert refused.value.code == "invalid_question" and "2500" in refused.value.message
    with pytest.raises(openai.BadRequestError) as refused:
        ask(client, LONG, stream=True)  # refused before the stream starts
    assert refused.value.status_code == 400
    with pytest.raises(openai.NotFoundError) as unknown:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": CARIBBEAN_Q}])
    assert unknown.value.code == "model_not_found" and "extractive" in unknown.value.message
    bad_json = httpx.post(f"{api.url}/v1/chat/completions", content=b'{"messages": [', headers={
        "content-type": "application/json"})
    assert_error(bad_json, 400, "invalid_request", "JSON")
    # a body over the limit (1 MB), refused at once
    history = [{"role": "user", "content": "traite " * 150_000}, {"role": "assistant", "content": "…"}]
    oversized = httpx.post(f"{api.url}/v1/chat/completions", json={"messages": [*history, {"role": "user",
                                                                                          "content": "Qui ?"}]})
    assert_error(oversized, 413, "request_too_large", "Requête trop volumineuse", "1 000 000 octets")
    assert_error(httpx.delete(f"{api.url}/v1/releases/999_inconnu"), 404, "release_not_found", "999_inconnu")
    assert_error(httpx.get(f"{api.url}/v1/nulle-part"), 404, "unknown_route", "/v1/nulle-part")
    wrong_method = httpx.get(f"{api.url}/v1/chat/completions")
    assert_error(wrong_method, 405, "method_not_allowed", "POST")
    assert wrong_method.headers["allow"] == "POST"
    assert_intact(api)


def test_an_upload_declared_over_its_limit_is_refused_before_it_is_read(api):
    from assistant.api.security import MAX_INGEST_BYTES

    with socket.create_connection(("127.0.0.1", api.port), timeout=10) as s:
        s.sendall(f"POST /v1/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                  f"Content-Length: {MAX_INGEST_BYTES + 1}\r\n\r\n--b\r\n".encode())
        head, _, body = s.recv(65536).decode().partition("\r\n\r\n")
    assert head.startswith("HTTP/1.1 413")
    assert json.loads(body)["error"]["code"] == "request_too_large"


def test_bad_uploads_are_named_with_their_reason(api):
    files = [("files", ("rapport.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "application/pdf")),
             ("files", ("vide.txt", b"", "text/plain")),
             ("files", ("x.txt", b"MZ\x00\x01\x02binary\x00" * 100, "text/plain"))]
    error = assert_error(httpx.post(f"{api.url}/v1/ingest", files=files, timeout=120), 400, "no_release_added",
                         "rapport.pdf : refusé, type .pdf non accepté", "vide.txt : refusé, fichier vide",
                         "x.txt : refusé")
    assert error["param"] == "files" and "binary" in error["message"]
    assert_error(httpx.post(f"{api.url}/v1/ingest", data={"x": "1"}), 400, "invalid_request", "files")
    assert_intact(api)


def test_an_uploaded_release_is_answered_then_removed(api, client, tmp_path):
    files = [("files", ("900_marins_mer_libre.txt", MARINS.encode(), "text/plain")),
             ("files", ("notes.pdf", b"%PDF-1.4", "application/pdf"))]
    report = httpx.post(f"{api.url}/v1/ingest", files=files, timeout=120)
    assert report.status_code == 200, report.text
    body = report.json()
    assert body["accepted"] == 1 and body["refused"] == 1 and body["releases"] == 6
    assert [f["ok"] for f in body["files"]] == [False, True] or [f["ok"] for f in body["files"]] == [True, False]
    assert any("900_marins_mer_libre.txt : ajouté" in f["message"] for f in body["files"])
    question = "Quelle campagne l'OIM lance-t-elle pour les marins pêcheurs des ports de la Méditerranée ?"
    assert cited(ask(client, question))[0] == "900_marins_mer_libre"
    removed = httpx.delete(f"{api.url}/v1/releases/900_marins_mer_libre")
    assert removed.status_code == 200 and removed.json() == {"id": "900_marins_mer_libre",
                                                             "object": "release.deleted", "deleted": True}
    assert_error(httpx.delete(f"{api.url}/v1/releases/900_marins_mer_libre"), 404, "release_not_found")
    assert "900_marins_mer_libre" not in cited(ask(client, question))
    assert_intact(api)


# --------------------------------------------------------------------------- security


def test_a_set_api_key_is_required_on_every_v1_route(holder):
    srv = start_api(holder, api_key="s3cret-key")
    try:
        for key in ("wrong", "s3cret-ke", "s3cret-key-and-more"):
            with pytest.raises(openai.AuthenticationError) as refused:
                ask(srv.client(key), CARIBBEAN_Q)
            assert refused.value.status_code == 401 and refused.value.code == "invalid_api_key"
        missing = httpx.get(f"{srv.url}/v1/models")
        assert_error(missing, 401, "invalid_api_key", "Clé d'API absente ou erronée")
        assert missing.headers["www-authenticate"] == "Bearer"
        english = httpx.post(f"{srv.url}/v1/chat/completions", json={"messages": [
            {"role": "user", "content": "Which operators launched the toll-free number in Ukraine?"}]})
        assert_error(english, 401, "invalid_api_key", "Missing or wrong API key")
        for path in ("/v1/releases", "/v1/nulle-part"):
            assert httpx.get(f"{srv.url}{path}").status_code == 401
        assert httpx.get(f"{srv.url}/health").status_code == 200  # open: it says the server is up
        assert cited(ask(srv.client("s3cret-key"), CARIBBEAN_Q))[0] == CARIBBEAN
        listed = httpx.get(f"{srv.url}/v1/releases", headers={"Authorization": "Bearer s3cret-key"})
        assert len(listed.json()["data"]) == 5
    finally:
        srv.stop()


def test_the_page_login_guards_the_api_when_no_key_is_set(holder):
    srv = start_api(holder, auth=("alice", "s3cret"))
    try:
        assert_error(httpx.get(f"{srv.url}/v1/models"), 401, "invalid_login", "HTTP Basic")
        assert httpx.get(f"{srv.url}/v1/models", auth=("alice", "wrong")).status_code == 401
        assert httpx.get(f"{srv.url}/v1/models", auth=("alice", "s3cret")).status_code == 200
    finally:
        srv.stop()


def test_writes_are_refused_beyond_loopback_without_a_key(holder, api):
    srv = start_api(holder, host="0.0.0.0")
    try:
        upload = httpx.post(f"{srv.url}/v1/ingest", files=[("files", ("900_marins.txt", MARINS.encode()))])
        error = assert_error(upload, 403, "writes_refused", "0.0.0.0", "ASSISTANT_API_KEY")
        assert error["type"] == "permission_error"
        assert_error(httpx.delete(f"{srv.url}/v1/releases/{CARIBBEAN}"), 403, "writes_refused")
        assert cited(ask(srv.client(), CARIBBEAN_Q))[0] == CARIBBEAN  # reading is not writing
    finally:
        srv.stop()
    keyed = start_api(holder, host="0.0.0.0", api_key="k")
    try:  # with a key, writes are allowed: this one fails only because the release does not exist
        deleted = httpx.delete(f"{keyed.url}/v1/releases/999_inconnu", headers={"Authorization": "Bearer k"})
        assert_error(deleted, 404, "release_not_found")
    finally:
        keyed.stop()
    assert_intact(api)


def test_loopback_hosts():
    from assistant.api import listens_on_loopback

    assert all(listens_on_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "127.0.0.2", "[::1]"))
    assert not any(listens_on_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.10", "example.org"))


# --------------------------------------------------------------------------- feedback


def test_feedback_on_api_answers_is_kept_and_exported(api, client, api_store, tmp_path):
    reply = client.chat.completions.create(model="extractive", messages=[{"role": "user", "content": CARIBBEAN_Q}])
    comment = "Il manque le ministère néerlandais de la Justice."
    recorded = httpx.post(f"{api.url}/v1/feedback", json={"id": reply.id, "verdict": "not_useful", "comment": comment})
    assert recorded.status_code == 200 and recorded.json()["recorded"] is True
    streamed = list(ask(client, "Combien de victimes de la traite l'OIM a-t-elle aidées ?", stream=True))
    assert httpx.post(f"{api.url}/v1/feedback", json={"id": streamed[0].id, "verdict": "useful"}).status_code == 200
    assert_error(httpx.post(f"{api.url}/v1/feedback", json={"id": "chatcmpl-inconnu", "verdict": "useful"}),
                 404, "answer_not_found", "chatcmpl-inconnu")
    assert_error(httpx.post(f"{api.url}/v1/feedback", json={"id": reply.id, "verdict": "bof"}), 400,
                 "invalid_request", "verdict")

    lines = [json.loads(line) for line in (api_store / "feedback.jsonl").read_text().splitlines()]
    mine = next(line for line in lines if line["id"] == reply.id)
    assert set(mine) == {"id", "question", "history", "answer", "citations", "abstained", "language", "verdict",
                         "comment", "time"}
    assert mine["question"] == CARIBBEAN_Q and mine["answer"] == reply.choices[0].message.content
    assert mine["citations"][0]["release_id"] == CARIBBEAN and mine["verdict"] == "not_useful"
    assert mine["comment"] == comment
    assert any(line["id"] == streamed[0].id and line["verdict"] == "useful" for line in lines)

    out = tmp_path / "stubs.jsonl"
    done = run_cli("feedback", "export", "--store", str(api_store), "--out", str(out))
    assert done.returncode == 0, done.stderr
    stubs = [json.loads(line) for line in out.read_text().splitlines()]
    stub = next(s for s in stubs if s["feedback"]["answer_id"] == reply.id)
    assert stub["question"] == CARIBBEAN_Q and stub["sources"] == [] and stub["answer_contains"] == []
    assert stub["kind"] == "who" and "À COMPLÉTER" in stub["todo"] and stub["feedback"]["comments"] == [comment]
    assert all(s["feedback"]["answer_id"] != streamed[0].id for s in stubs)  # useful: not a test case


# --------------------------------------------------------------------------- units


def test_messages_become_question_and_history():
    from assistant.api.completions import conversation
    from assistant.api.schemas import ChatMessage

    messages = [ChatMessage(role=r, content=c) for r, c in [
        ("system", "Tu es un assistant."), ("assistant", "Bonjour !"), ("user", "Q1"), ("assistant", "R1"),
        ("user", "Q2"), ("user", [{"type": "text", "text": "Q3"}]), ("tool", "x"), ("assistant", "R3"),
        ("user", "Quel est ce numéro ?")]]
    question, history, (param, params) = conversation(messages, "fr")
    assert question == "Quel est ce numéro ?" and param == "messages.8.content"
    assert history == [["Q1", "R1"], ["Q2", ""], ["Q3", "R3"]]
    assert params[0] == ("messages.2.content", "messages.3.content")


def test_a_stream_whose_final_answer_replaced_it_says_so():
    from assistant.api.completions import _rest
    from assistant.types import Answer

    final = Answer("D'après les communiqués : « … » [1]", notice="Le modèle n'a pas répondu.")
    assert "".join(_rest("", final)) == final.text
    assert "".join(_rest("D'après", final)) == final.text[len("D'après"):]
    assert "".join(_rest("Le 527 [1].", final)) == f"\n\n{final.notice}\n\n{final.text}"
