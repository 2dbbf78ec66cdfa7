"""Gradio chat page over the assistant service: cited answers, their sources, the releases.

    python ui.py [--host 127.0.0.1] [--port 7860] [--store DIR]

Environment: ``ASSISTANT_HOST``, ``ASSISTANT_PORT``, ``ASSISTANT_STORE`` (same meaning as the
flags, which win), ``ASSISTANT_AUTH=user:password`` to require a login. The store is built
from ``STORE/releases/`` first when it is empty.

This file is the page's layout and its wiring only: what each event does is
:class:`assistant.chat.Chat`'s (every question, ingest and release text goes through
:class:`assistant.service.AssistantService`), and how things look is
:mod:`assistant.chat_view`'s, which escapes everything that comes from a release, an upload or
a question, so it is displayed as text and never runs.

Under each answer, 👍 / 👎 and an optional comment go to ``STORE/feedback.jsonl``
(:mod:`assistant.feedback`). The chat is also an API (``/ask``) for ``gradio_client``::

    from gradio_client import Client
    answer = Client("http://127.0.0.1:7860/").predict("Qui finance la campagne de sensibilisation dans les Caraïbes ?", api_name="/ask")
    print(answer["text"], [c["release_id"] for c in answer["citations"]])

and, on the same host and port, an OpenAI-compatible HTTP API (:mod:`assistant.api`;
``ASSISTANT_API_KEY`` to require a key), described at ``/docs`` and ``/openapi.json``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline: no telemetry calls
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

from assistant.api import INGEST_PATH, install_api  # noqa: E402
from assistant.chat import Chat, RequestRefused, ServiceHolder, StoreUnavailable, Turn, readable  # noqa: E402
from assistant.chat_view import CSS, SOURCES_EMPTY, SOURCES_JS, VIEWER_EMPTY, VIEWER_JS  # noqa: E402
from assistant.config import Settings, add_arguments  # noqa: E402
from assistant.ingest.files import MAX_RELEASE_BYTES, RELEASE_SUFFIXES  # noqa: E402
from assistant.web import BodyLimit, serve  # noqa: E402

MAX_UPLOAD_BYTES = 4 * MAX_RELEASE_BYTES  # gradio's own guard; the release limit is checked per file

EXAMPLES = [
    "Qui finance la campagne de sensibilisation dans les Caraïbes ?",
    "Et en Ukraine, qui a lancé un numéro gratuit ?",
    "Combien de victimes de la traite l'OIM a-t-elle aidées ?",
    "What does the ASEAN report say about trafficking?",
]


def _shown(value: Any) -> Any:
    """A component's new value; None, from :class:`Chat`, leaves the component as it is."""
    return gr.skip() if value is None else value


class Handlers:
    """Gradio's events, handed to :class:`Chat`: event data unpacked, results put in components."""

    def __init__(self, chat: Chat) -> None:
        self.chat = chat

    def respond(self, question: str, turns: list[Turn] | None):
        """Outputs: question box, chat, conversation, sources panel, notice."""
        for update in self.chat.respond(question, turns):
            yield tuple(_shown(value) for value in update)

    def respond_example(self, sample: list | str | None, turns: list[Turn] | None):
        """An example question, asked as soon as it is clicked."""
        question = sample[0] if isinstance(sample, (list, tuple)) and sample else sample
        yield from self.respond(question if isinstance(question, str) else "", turns)

    def select_turn(self, turns: list[Turn] | None, evt: gr.SelectData):
        """Clicking a message of the chat shows the sources of that answer."""
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        return _shown(self.chat.sources_of_message(turns, index))

    def open_source(self, turns: list[Turn] | None, evt: gr.EventData):
        """An "open" button of the sources panel (its script sends the turn and the citation)."""
        data = evt._data if isinstance(getattr(evt, "_data", None), dict) else {}
        return _shown(self.chat.open_citation(turns, data.get("turn"), data.get("cite")))

    def new_conversation(self):
        """Outputs: chat, conversation, sources panel, viewer, notice, feedback status, comment row
        (hidden), the rated answer (none): all emptied."""
        return [], [], SOURCES_EMPTY, VIEWER_EMPTY, "", "", gr.Row(visible=False), None

    def rate(self, turns: list[Turn] | None, evt: gr.LikeData):
        """👍 / 👎 under an answer. Outputs: feedback status, comment row, the rated answer."""
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        turn = index // 2 if isinstance(index, int) else -1  # two messages a turn: question, answer
        status, rated = self.chat.rate(turns, turn, evt.liked)
        return status, gr.Row(visible=rated is not None), rated

    def comment(self, rated: dict | None, text: str):
        """The comment on the answer rated last. Outputs: feedback status, comment box, comment row."""
        status, recorded = self.chat.comment(rated, text)
        return (status, "", gr.Row(visible=False)) if recorded else (status, gr.skip(), gr.skip())

    def upload(self, files: list[Any] | None):
        """Outputs: the upload status, the releases table, the upload box (emptied)."""
        # gradio keeps the uploaded file's name as the last part of its temporary path
        paths = [Path(getattr(f, "name", f)) for f in (files or [])]
        if not paths:
            return gr.skip(), gr.skip(), gr.skip()
        status, releases = self.chat.upload(paths)
        return status, _shown(releases), None

    def api_ask(self, question: str, history: list | None = None) -> dict:
        """Answer a question from the press releases; history holds earlier [question, answer_text] pairs."""
        try:
            return self.chat.api_answer(question, history)
        except RequestRefused as exc:
            raise gr.Error(str(exc)) from exc

    def api_releases(self) -> list:
        """The releases in the store: id, title, number of chunks."""
        try:
            return self.chat.api_releases()
        except RequestRefused as exc:
            raise gr.Error(str(exc)) from exc


# --------------------------------------------------------------------------- the page


def build_ui(holder: ServiceHolder) -> gr.Blocks:
    """The page's components and their events."""
    chat = Chat(holder)
    h = Handlers(chat)
    with gr.Blocks(
        title="Communiqués OIM · traite des êtres humains",
        analytics_enabled=False,
        delete_cache=(3600, 3600),  # uploaded files do not pile up in gradio's temporary folder
    ) as demo:
        turns = gr.State([])  # one conversation per browser session
        rated = gr.State(None)  # the answer this session rated last, for its comment
        gr.Markdown(
            "## Assistant · communiqués de l'OIM sur la traite des êtres humains\n"
            "Posez une question (en français ou en anglais) : la réponse cite les communiqués de presse "
            "d'où elle vient. Sous chaque source, ouvrez le communiqué entier pour lire le passage cité en contexte. "
            "Sous chaque réponse, 👍 / 👎 dit si elle vous a été utile.",
            elem_id="intro",
        )
        banner = gr.HTML("", elem_id="banner", js_on_load=None)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=360):
                chatbot = gr.Chatbot(
                    label="Conversation",
                    show_label=False,
                    elem_id="chat",
                    height=520,
                    sanitize_html=True,
                    render_markdown=True,
                    latex_delimiters=[],
                    allow_tags=False,
                    feedback_options=("Like", "Dislike"),  # 👍 useful / 👎 not useful (assistant.feedback)
                    buttons=[],  # no share (it posts outside), no copy of the escaped source
                    placeholder="Posez une question sur les communiqués, ou choisissez un exemple ci-dessous.",
                )
                with gr.Row():
                    question = gr.Textbox(
                        show_label=False,
                        placeholder="Votre question…",
                        elem_id="question",
                        scale=5,
                        lines=1,
                        max_lines=4,
                        autofocus=True,
                    )
                    send = gr.Button("Envoyer", variant="primary", elem_id="send", scale=1, min_width=100)
                notice = gr.HTML("", elem_id="notice", js_on_load=None)
                feedback_status = gr.HTML("", elem_id="feedback-status", js_on_load=None)
                with gr.Row(visible=False, elem_id="feedback-comment") as comment_row:
                    comment = gr.Textbox(show_label=False, elem_id="feedback-text", scale=5, lines=1, max_lines=3,
                                         placeholder="Un commentaire sur cette réponse ? (facultatif : ce qui manque, ce qui est faux)")
                    send_comment = gr.Button("Envoyer le commentaire", elem_id="feedback-send", scale=1, min_width=100)
                examples = gr.Dataset(
                    components=["textbox"],
                    samples=[[q] for q in EXAMPLES],
                    label="Exemples de questions (cliquez pour les poser)",
                    type="values",
                    elem_id="examples",
                )
                clear = gr.Button("Nouvelle conversation", variant="secondary", size="sm", elem_id="new-conversation")
            with gr.Column(scale=2, min_width=320):
                gr.Markdown("### Sources")
                sources = gr.HTML(SOURCES_EMPTY, elem_id="sources-panel", js_on_load=SOURCES_JS)
                gr.Markdown("### Communiqué")
                viewer = gr.HTML(VIEWER_EMPTY, elem_id="release-viewer", js_on_load=VIEWER_JS)
        with gr.Accordion("Communiqués du magasin · ajouter des communiqués", open=False, elem_id="releases-accordion"):
            releases = gr.HTML("", elem_id="releases-list", js_on_load=None)
            refresh = gr.Button("Rafraîchir la liste", size="sm", elem_id="refresh-releases")
            gr.Markdown(
                f"Ajoutez des communiqués (fichiers {', '.join(RELEASE_SUFFIXES)}, "
                f"{MAX_RELEASE_BYTES // 1_000_000} Mo au plus chacun) : ils sont indexés aussitôt et on peut "
                "les interroger dès la fin de l'ajout. Le nom du fichier devient l'identifiant du communiqué."
            )
            upload = gr.File(
                label="Fichiers de communiqués",
                file_count="multiple",
                type="filepath",
                elem_id="upload",
            )
            upload_status = gr.HTML("", elem_id="upload-status", js_on_load=None)

        ask_outputs = [question, chatbot, turns, sources, notice]
        question.submit(h.respond, [question, turns], ask_outputs, api_visibility="private")
        send.click(h.respond, [question, turns], ask_outputs, api_visibility="private")
        examples.click(h.respond_example, [examples, turns], ask_outputs, api_visibility="private")
        chatbot.select(h.select_turn, [turns], [sources], api_visibility="private")
        sources.click(h.open_source, [turns], [viewer], api_visibility="private")
        emptied = [chatbot, turns, sources, viewer, notice, feedback_status, comment_row, rated]
        clear.click(h.new_conversation, None, emptied, api_visibility="private")
        chatbot.clear(h.new_conversation, None, emptied, api_visibility="private")
        chatbot.like(h.rate, [turns], [feedback_status, comment_row, rated], api_visibility="private")
        comment_outputs = [feedback_status, comment, comment_row]
        send_comment.click(h.comment, [rated, comment], comment_outputs, api_visibility="private")
        comment.submit(h.comment, [rated, comment], comment_outputs, api_visibility="private")
        refresh.click(chat.releases_panel, None, [releases], api_visibility="private")
        upload.upload(h.upload, [upload], [upload_status, releases, upload], api_visibility="private")
        demo.load(chat.page_load, None, [releases, banner], api_visibility="private")

        gr.api(h.api_ask, api_name="ask")
        gr.api(h.api_releases, api_name="releases")
    return demo


# --------------------------------------------------------------------------- main


def create_app(demo: gr.Blocks, settings: Settings, holder: ServiceHolder | None = None):
    """The page mounted on a FastAPI app whose requests are bounded (``Settings.max_request_bytes``),
    behind the login of ``Settings.auth`` when there is one; beside it, on the same app, the HTTP
    API (:mod:`assistant.api`) over ``holder``'s service (the page's: pass the holder ``demo`` was
    built with; a new one on ``settings`` otherwise)."""
    from fastapi import FastAPI

    app = FastAPI(title="Communiqués OIM · traite des êtres humains", openapi_url="/openapi.json",
                  description="API compatible OpenAI : des réponses qui citent les communiqués de l'OIM.",
                  docs_url=None, redoc_url=None)  # assistant.api serves /docs, readable without its CDN
    # uploads have their own limits: the page's per file, the API's per request (assistant.api.security)
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes, exempt=("/upload", INGEST_PATH))
    install_api(app, Chat(holder or ServiceHolder(settings)), settings)  # before the page takes "/"
    return gr.mount_gradio_app(
        app,
        demo,
        path="/",
        auth=settings.auth,
        auth_message="Assistant des communiqués de l'OIM" if settings.auth else None,
        show_error=False,
        max_file_size=MAX_UPLOAD_BYTES,
        ssr_mode=False,
        css=CSS,
        footer_links=["api"],
    )


def main(argv: list[str] | None = None) -> int:
    """Open (or build) the store, then serve the page until SIGINT or SIGTERM."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "chromadb", "urllib3", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    parser = argparse.ArgumentParser(description="Chat page over the IOM press-release assistant.")
    add_arguments(parser, page=True)
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_args(args)
    except ValueError as exc:  # a malformed ASSISTANT_* variable or flag
        parser.error(str(exc))
    holder = ServiceHolder(settings)
    try:
        service = holder.get()
        print(f"Store: {settings.store_dir}", file=sys.stderr)
        report = service.ensure_built(progress=True)
        if report is not None:
            print(f"Built the store from {settings.releases_dir}: {report.summary()}", file=sys.stderr)
            for name, reason in report.skipped:
                print(f"  skipped {name}: {reason}", file=sys.stderr)
        print(f"{len(service.releases())} releases in the store.", file=sys.stderr)
    except Exception as exc:  # serve anyway: the page says what is wrong
        message = str(exc) if isinstance(exc, StoreUnavailable) else f"Le magasin n'a pas pu être ouvert : {readable(exc)}"
        holder.startup_error = message
        print(f"error: {message}", file=sys.stderr)
    demo = build_ui(holder)
    demo.queue(default_concurrency_limit=2)
    app = create_app(demo, settings, holder)
    print(f"* Running on http://{settings.host}:{settings.port}/", file=sys.stderr)
    serve(app, settings.host, settings.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
