"""The chat page of ui.py in a real browser (Debian's chromium through Playwright).

A session fixture starts ``python ui.py`` on a free port with a temporary store built from
copies of ``store/releases/`` (the first start embeds the releases: allow a minute or two on
two cores). Each test that fails leaves a screenshot in ``$UI_TEST_SCREENSHOTS`` (default: a
``screenshots`` folder under pytest's temporary directory; the path is printed).

Run: ``pytest tests/test_ui_browser.py -x -q``. Needs ``apt-get install chromium``; the module
is skipped when ``/usr/bin/chromium`` (or ``$UI_TEST_CHROMIUM``) is absent.
"""

from __future__ import annotations

import json
import os
import re
import signal
from pathlib import Path

import pytest
from conftest import free_port, run_cli
from ui_helpers import (
    ANSWER_TIMEOUT_MS,
    CHROMIUM,
    CHROMIUM_ARGS,
    UPLOAD_TIMEOUT_MS,
    UIServer,
    ask,
    last_answer,
    make_store,
    rate_last_answer,
    source_cards,
)

if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is absent: install it (apt-get install -y chromium) to run the browser tests",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
expect = sync_api.expect
# an assertion waits as long as an action: on two busy cores (the suite runs on two workers) a
# server round trip, such as showing an earlier answer's sources, can take longer than the default 5 s
expect.set_options(timeout=30_000)

CARIBBEAN = "Qui finance la campagne de sensibilisation dans les Caraïbes ?"
CARIBBEAN_RELEASE = "002_cd64a4c7dfd5f85e"
UKRAINE_RELEASE = "003_36d60928ab47fd18"
IMG_PAYLOAD = '<img src=x onerror="window.__xss=1">'
SCRIPT_PAYLOAD = "<script>window.__xss2=1</script>"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("ui")
    store = make_store(base / "store")
    srv = UIServer(store, base / "ui.log")
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("UI_TEST_SCREENSHOTS") or tmp_path_factory.getbasetemp() / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shoot_on_failure(request, pages, screenshot_dir: Path, failed_before: int) -> None:
    # the call phase's report is logged before teardown: a failed test has raised testsfailed
    if request.session.testsfailed <= failed_before:
        return
    for i, pg in enumerate(pages):
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        path = screenshot_dir / f"{name}-{i}.png"
        try:
            pg.screenshot(path=str(path), full_page=True)
            print(f"\nscreenshot of the failed test: {path}")
        except Exception as exc:  # a crashed page cannot be shot; the failure itself says enough
            print(f"\nno screenshot for {request.node.name}: {exc}")


@pytest.fixture
def new_page(request, server, browser, screenshot_dir):
    """A factory of pages, each in its own browser context (= its own gradio session)."""
    contexts, pages = [], []
    failed_before = request.session.testsfailed

    def make():
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.goto(server.url)
        expect(page.locator("#question textarea")).to_be_visible(timeout=60_000)
        contexts.append(context)
        pages.append(page)
        return page

    yield make
    _shoot_on_failure(request, pages, screenshot_dir, failed_before)
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def open_releases_panel(page) -> None:
    panel = page.locator("#releases-list")
    if not panel.is_visible():
        page.locator("#releases-accordion").get_by_text("Communiqués du magasin").first.click()
    expect(panel).to_be_visible()


def upload(page, files) -> None:
    open_releases_panel(page)
    page.locator("#upload input[type=file]").set_input_files(files)


def open_source(page, release_id: str):
    """Click "open" on the card of ``release_id``; returns the highlighted passage."""
    card = source_cards(page).filter(has=page.locator(f".src-open[data-release='{release_id}']")).first
    quote = card.locator(".src-quote").inner_text()
    card.locator(".src-open").click()
    mark = page.locator("#release-viewer mark.cited")
    expect(mark).to_be_visible(timeout=30_000)
    expect(mark).to_have_attribute("data-release", release_id)
    expect(mark).to_be_in_viewport()
    # the passage is in view inside the viewer's own scrolling box, too
    body_box = page.locator("#release-viewer .viewer-body").bounding_box()
    mark_box = mark.bounding_box()
    assert body_box and mark_box
    assert mark_box["y"] < body_box["y"] + body_box["height"] and mark_box["y"] + mark_box["height"] > body_box["y"]
    assert _words(mark.inner_text()) == _words(_unquoted(quote))
    return mark


def _unquoted(shown: str) -> str:
    """A card's passage without the marks around it (« », or “ ” for one with guillemets of its own)."""
    shown = shown.strip()
    return shown[1:-1] if shown[:1] in "«“" else shown


def _words(text: str) -> list[str]:
    return text.split()


# --------------------------------------------------------------------------- tests


STREAM_PROBE = """() => {
  window.__answerStates = new Set();
  const chat = document.querySelector('#chat');
  new MutationObserver(() => {
    const bots = chat.querySelectorAll("[data-testid='bot']");
    if (bots.length) window.__answerStates.add(bots[bots.length - 1].innerText.trim());
  }).observe(chat, {subtree: true, childList: true, characterData: true});
}"""


def test_caribbean_question_cites_and_opens_its_release(page):
    page.evaluate(STREAM_PROBE)
    ask(page, CARIBBEAN, example=True)  # one of the example questions, asked by a click
    expect(page.locator("#chat [data-testid='user']").last).to_have_text(CARIBBEAN)
    answer = last_answer(page)
    # streamed: the answer grew in several steps before its sources were added
    states = page.evaluate("[...window.__answerStates]")
    partial = [s for s in states if s.startswith("D'après") and "Sources" not in s]
    assert len(partial) >= 3, states
    expect(answer).to_contain_text("[1]")
    expect(source_cards(page).first).to_be_visible()
    ids = source_cards(page).evaluate_all("cards => cards.map(c => c.dataset.release)")
    assert CARIBBEAN_RELEASE in ids, ids
    open_source(page, CARIBBEAN_RELEASE)
    expect(page.locator("#release-viewer .viewer-meta")).to_contain_text(CARIBBEAN_RELEASE)
    # the product requirement: the answer names the funders
    expect(answer).to_contain_text("Bureau de la Population")


def test_follow_up_questions_use_the_conversation(page):
    ask(page, CARIBBEAN)
    ask(page, "Et en Ukraine, qui a lancé un numéro gratuit ?")
    ids = source_cards(page).evaluate_all("cards => cards.map(c => c.dataset.release)")
    assert UKRAINE_RELEASE in ids, f"the Ukraine question should cite {UKRAINE_RELEASE}, cites {ids}"
    # clicking an earlier answer shows its own sources
    page.locator("#chat [data-testid='bot']").first.click()
    expect(page.locator("#sources-panel .src-question")).to_contain_text("Réponse 1 ·")
    expect(source_cards(page).first).to_have_attribute("data-release", CARIBBEAN_RELEASE)
    ask(page, "Quel est ce numéro ?")
    expect(last_answer(page)).to_contain_text("527")
    ids = source_cards(page).evaluate_all("cards => cards.map(c => c.dataset.release)")
    assert UKRAINE_RELEASE in ids, f"'Quel est ce numéro ?' should cite {UKRAINE_RELEASE}, cites {ids}"
    open_source(page, UKRAINE_RELEASE)
    expect(page.locator("#release-viewer mark.cited")).to_contain_text("527")


def test_unanswerable_question_shows_no_source(page):
    ask(page, "Quelle est la recette de la ratatouille ?")
    answer = last_answer(page)
    expect(answer).to_contain_text("ne répondent pas")
    expect(answer).not_to_contain_text("Sources")
    expect(answer).not_to_contain_text("[1]")
    expect(page.locator("#sources-panel .src-none")).to_be_visible()
    expect(source_cards(page)).to_have_count(0)


def test_an_answer_marked_not_useful_becomes_an_eval_stub(page, server, tmp_path):
    ask(page, "Et en Ukraine, qui a lancé un numéro gratuit ?")
    rate_last_answer(page, useful=False)
    status = page.locator("#feedback-status")
    expect(status).to_contain_text("pas utile", timeout=ANSWER_TIMEOUT_MS)
    comment = "La réponse ne donne pas le numéro lui-même."
    page.locator("#feedback-text textarea").fill(comment)
    page.locator("#feedback-send").click()
    expect(status).to_contain_text("commentaire enregistré", timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#feedback-comment")).to_be_hidden()

    out = tmp_path / "stubs.jsonl"
    done = run_cli("feedback", "export", "--store", str(server.store), "--out", str(out))
    assert done.returncode == 0, done.stderr
    stubs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    [stub] = [s for s in stubs if comment in s["feedback"]["comments"]]
    assert stub["question"] == "Et en Ukraine, qui a lancé un numéro gratuit ?"
    assert stub["sources"] == [] and stub["answer_contains"] == [] and "todo" in stub
    assert UKRAINE_RELEASE in stub["feedback"]["cited"]
    assert stub["feedback"]["answer"].startswith("D'après")


XSS_RELEASE = f"""Marins en danger : &lt;img src=x onerror="window.__xss=1"&gt; la traite dans les ports
Genève – L'OIM lance une campagne contre la traite des marins pêcheurs dans les ports de la Méditerranée. {SCRIPT_PAYLOAD} Les équipages recrutés par des agences de placement frauduleuses sont souvent privés de leurs papiers et de leur salaire pendant des mois.
La campagne, baptisée « Mer libre », informera les marins pêcheurs de leurs droits dans douze ports, en plusieurs langues. {IMG_PAYLOAD} Des affiches et une ligne d'écoute seront proposées aux équipages.
Les inspecteurs du travail maritime seront formés à repérer les signes de travail forcé à bord des navires de pêche : passeports confisqués, dettes de recrutement, journées de vingt heures.
Le code &lt;script&gt;window.__xss2=1&lt;/script&gt; et le code &lt;img src=x onerror="window.__xss=1"&gt; doivent rester du texte, comme les gabarits ${{7*7}} et {{{{value}}}}.
Pour plus d'informations, veuillez contacter :
Jean Dupont, OIM Genève, Tel: +41 22 717 91 11, Email: jdupont@iom.int
"""


def test_uploaded_release_with_html_payload_is_shown_as_text(page, tmp_path):
    release = tmp_path / "900_marins_mer_libre.txt"
    release.write_text(XSS_RELEASE, encoding="utf-8")
    upload(page, str(release))
    status = page.locator("#upload-status")
    expect(status).to_contain_text("900_marins_mer_libre.txt", timeout=UPLOAD_TIMEOUT_MS)
    expect(status).to_contain_text("ajouté")
    # the list is refreshed; the title's payload is shown as characters
    row = page.locator("#releases-list tr[data-release='900_marins_mer_libre']")
    expect(row).to_be_visible()
    expect(row).to_contain_text(IMG_PAYLOAD)

    # answerable at once, and its text (payloads included) is shown as text in the viewer
    ask(page, "Quelle campagne l'OIM lance-t-elle pour les marins pêcheurs dans les ports de la Méditerranée ?")
    ids = source_cards(page).evaluate_all("cards => cards.map(c => c.dataset.release)")
    assert "900_marins_mer_libre" in ids, ids
    expect(source_cards(page).first).to_contain_text(IMG_PAYLOAD)  # in the title
    open_source(page, "900_marins_mer_libre")
    viewer = page.locator("#release-viewer .viewer-body")
    expect(viewer).to_contain_text(SCRIPT_PAYLOAD)
    expect(viewer).to_contain_text(IMG_PAYLOAD)
    expect(viewer).to_contain_text("${7*7} et {{value}}")

    # a question carrying the payload is shown as typed
    ask(page, f"Que fait la campagne Mer libre {IMG_PAYLOAD} {SCRIPT_PAYLOAD} ?")
    expect(page.locator("#chat [data-testid='user']").last).to_contain_text(f"{IMG_PAYLOAD} {SCRIPT_PAYLOAD}")

    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate("typeof window.__xss2") == "undefined"
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("script:has-text('__xss')").count() == 0


def test_bad_uploads_are_rejected_with_their_name_and_reason(page, tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"MZ\x00\x01\x02\x00\x00binary\x00" * 200)
    exe = tmp_path / "setup.exe"
    exe.write_bytes(b"MZ\x90\x00" + b"\x00" * 500)
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    big = tmp_path / "enorme.txt"
    big.write_bytes(b"Titre\n" + b"La traite des etres humains. " * (6 * 1024 * 1024 // 29))
    upload(page, [str(binary), str(exe), str(pdf), str(big)])
    status = page.locator("#upload-status")
    expect(status.locator(".upload-line")).to_have_count(4, timeout=UPLOAD_TIMEOUT_MS)
    lines = status.locator(".upload-line").all_inner_texts()
    by_name = {
        name: next((line for line in lines if name in line), "")
        for name in ("x.txt", "setup.exe", "rapport.pdf", "enorme.txt")
    }
    assert "binary" in by_name["x.txt"] and "refusé" in by_name["x.txt"], lines
    assert ".exe" in by_name["setup.exe"] and "non accepté" in by_name["setup.exe"], lines
    assert ".pdf" in by_name["rapport.pdf"] and "non accepté" in by_name["rapport.pdf"], lines
    assert "trop volumineux" in by_name["enorme.txt"], lines
    expect(status.locator(".upload-ok")).to_have_count(0)
    expect(page.locator("#releases-list tr[data-release='x']")).to_have_count(0)
    expect(page.locator("#releases-list tr[data-release='enorme']")).to_have_count(0)


def test_sessions_do_not_share_their_conversation(new_page):
    alice, bob = new_page(), new_page()
    ask(alice, CARIBBEAN)
    expect(alice.locator("#chat")).to_contain_text("Caraïbes")
    expect(bob.locator("#chat [data-testid='user']")).to_have_count(0)
    expect(bob.locator("#chat")).not_to_contain_text("Caraïbes")
    expect(bob.locator("#sources-panel .src-card")).to_have_count(0)
    # bob's follow-up has no history: it is not read as a follow-up of alice's question
    ask(bob, "Quelle est la recette de la ratatouille ?")
    expect(alice.locator("#chat")).not_to_contain_text("ratatouille")
    expect(bob.locator("#chat")).not_to_contain_text("Caraïbes")
    expect(bob.locator("#chat [data-testid='user']")).to_have_count(1)


def test_invalid_question_shows_a_readable_message(page):
    page.locator("#question textarea").fill("x" * 2500)
    page.locator("#send").click()
    notice = page.locator("#notice")
    expect(notice).to_contain_text("Question refusée", timeout=ANSWER_TIMEOUT_MS)
    expect(notice).to_contain_text("2000")
    expect(notice).not_to_contain_text("Traceback")
    expect(page.locator("#chat [data-testid='bot']")).to_have_count(0)
    expect(page.locator("#question textarea")).to_have_value("x" * 2500)  # given back to be fixed
    page.locator("#question textarea").fill("   ")
    page.locator("#send").click()
    expect(notice).to_contain_text("empty")
    expect(page.locator("#chat [data-testid='user']")).to_have_count(0)


def test_gradio_client_api(server):
    from gradio_client import Client

    client = Client(server.url, verbose=False)
    result = client.predict(CARIBBEAN, api_name="/ask")
    assert isinstance(result, dict), result
    assert not result["abstained"]
    assert "[1]" in result["text"]
    ids = [c["release_id"] for c in result["citations"]]
    assert CARIBBEAN_RELEASE in ids, ids
    for c in result["citations"]:
        assert {"release_id", "title", "quote", "start", "end", "score"} <= set(c)
        assert c["end"] > c["start"]
    releases = client.predict(api_name="/releases")
    assert CARIBBEAN_RELEASE in {r["id"] for r in releases}


@pytest.mark.parametrize(
    ("question", "history", "message"),
    [
        ("Quel est ce numéro ?", 5, "history must be a list of [question, answer_text] pairs"),
        ("Quel est ce numéro ?", True, "history must be a list"),
        ("Quel est ce numéro ?", [[1, 2, 3]], "history[0] must be a [question, answer_text] pair"),
        ("Quel est ce numéro ?", [["traite " * 100000, "y"]], "history[0]: its question is 700000 characters long"),
        ("Quel est ce numéro ?", [["a", "b"]] * 60, "history holds 60 turns; the limit is 50"),
        (123, None, "the question must be text, not int"),
    ],
)
def test_api_refuses_malformed_requests_naming_the_field(server, question, history, message):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError) as raised:
        Client(server.url, verbose=False).predict(question, history, api_name="/ask")
    assert message in str(raised.value)


def test_api_refuses_an_oversized_request_body_at_once(server):
    """A history of megabytes is refused before it is read, and the page goes on answering."""
    import httpx
    from gradio_client import Client

    client = Client(server.url, verbose=False)
    with pytest.raises(httpx.HTTPStatusError) as raised:
        client.predict("Quel est ce numéro ?", [["traite " * 200000, "y"]], api_name="/ask")
    assert raised.value.response.status_code == 413
    assert "request body over 1,000,000 bytes" in raised.value.response.text
    assert client.predict(CARIBBEAN, api_name="/ask")["citations"][0]["release_id"] == CARIBBEAN_RELEASE


def test_server_stops_on_sigterm(start_server):
    srv = start_server({})
    srv.process.terminate()
    # it used to ignore SIGTERM under load; uvicorn re-raises the signal once it has shut down
    assert srv.process.wait(timeout=15) in (0, -signal.SIGTERM)


# --------------------------------------------------------------------------- other servers


@pytest.fixture
def start_server(tmp_path):
    """Start another ui.py (empty store, given environment); stopped at the end of the test."""
    servers = []

    def start(env: dict[str, str]) -> UIServer:
        store = tmp_path / f"store{len(servers)}"
        store.mkdir()
        srv = UIServer(store, tmp_path / f"ui{len(servers)}.log", env=env)
        servers.append(srv)
        srv.wait_ready()
        return srv

    yield start
    for srv in servers:
        srv.stop()


def test_unreachable_store_is_reported_in_the_page(start_server, browser, screenshot_dir, request):
    srv = start_server({"ASSISTANT_CHROMA_URL": f"http://127.0.0.1:{free_port()}"})
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    failed_before = request.session.testsfailed
    page = context.new_page()
    try:
        page.goto(srv.url)
        expect(page.locator("#banner")).to_contain_text("inaccessible", timeout=60_000)
        ask(page, CARIBBEAN)
        expect(last_answer(page)).to_contain_text("inaccessible")
        expect(page.locator("#notice")).to_contain_text("inaccessible")
        for where in ("#banner", "#notice", "#chat"):
            expect(page.locator(where)).not_to_contain_text("Traceback")
        expect(source_cards(page)).to_have_count(0)
    finally:
        _shoot_on_failure(request, [page], screenshot_dir, failed_before)
        context.close()


def test_login_with_ASSISTANT_AUTH(start_server, browser, screenshot_dir, request):
    from gradio_client import Client

    srv = start_server({"ASSISTANT_AUTH": "alice:s3cret"})
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    failed_before = request.session.testsfailed
    page = context.new_page()
    try:
        page.goto(srv.url)
        expect(page.locator("#question textarea")).to_have_count(0)
        page.locator("input[type=text]").first.fill("alice")
        page.locator("input[type=password]").fill("wrong")
        page.locator("button", has_text=re.compile("login|connexion", re.I)).first.click()
        expect(page.get_by_text(re.compile("incorrect|invalid|erron", re.I)).first).to_be_visible()
        page.locator("input[type=text]").first.fill("alice")
        page.locator("input[type=password]").fill("s3cret")
        page.locator("button", has_text=re.compile("login|connexion", re.I)).first.click()
        expect(page.locator("#question textarea")).to_be_visible(timeout=30_000)
        open_releases_panel(page)
        expect(page.locator("#releases-list")).to_contain_text("vide")
    finally:
        _shoot_on_failure(request, [page], screenshot_dir, failed_before)
        context.close()
    from gradio_client.exceptions import AuthenticationError

    with pytest.raises(AuthenticationError):
        Client(srv.url, verbose=False).predict(api_name="/releases")
    with pytest.raises(ValueError, match="login"):
        Client(srv.url, auth=("alice", "wrong"), verbose=False)
    assert Client(srv.url, auth=("alice", "s3cret"), verbose=False).predict(api_name="/releases") == []
