"""Gradio chat page over the assistant service: cited answers, their sources, the releases.

    python ui.py [--host 127.0.0.1] [--port 7860] [--store DIR]

Environment: ``ASSISTANT_HOST``, ``ASSISTANT_PORT``, ``ASSISTANT_STORE`` (same meaning as the
flags, which win), ``ASSISTANT_AUTH=user:password`` to require a login. The store is built
from ``STORE/releases/`` first when it is empty.

This file is a thin shell: every question, ingest and release text goes through
:class:`assistant.service.AssistantService`. Everything shown in the page that comes from a
release, an upload or a question is escaped, so it is displayed as text and never runs.

The chat is also an API (``/ask``) for ``gradio_client``::

    from gradio_client import Client
    answer = Client("http://127.0.0.1:7860/").predict("Qui finance la campagne de sensibilisation dans les Caraïbes ?", api_name="/ask")
    print(answer["text"], [c["release_id"] for c in answer["citations"]])
"""

from __future__ import annotations

import argparse
import concurrent.futures
import html
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline: no telemetry calls
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

import assistant  # noqa: E402,F401  (sets the offline tiktoken cache before llama-index loads)
from assistant.config import Settings  # noqa: E402
from assistant.ingest.parse import MAX_RELEASE_BYTES, RELEASE_SUFFIXES  # noqa: E402
from assistant.service import validate_history, validate_question  # noqa: E402
from assistant.web import BodyLimit, serve  # noqa: E402

log = logging.getLogger("assistant.ui")
# API questions run here, so that one that overruns its time budget frees the request at once
_WORKERS = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="ask")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
MAX_UPLOAD_BYTES = 4 * MAX_RELEASE_BYTES  # gradio's own guard; the release limit is checked below

EXAMPLES = [
    "Qui finance la campagne de sensibilisation dans les Caraïbes ?",
    "Et en Ukraine, qui a lancé un numéro gratuit ?",
    "Combien de victimes de la traite l'OIM a-t-elle aidées ?",
    "What does the ASEAN report say about trafficking?",
]


# --------------------------------------------------------------------------- escaping


def esc_html(text: object) -> str:
    """Text for an HTML context: tags, quotes, and the characters of gradio's HTML templates."""
    out = html.escape(str(text), quote=True)
    return out.replace("{", "&#123;").replace("}", "&#125;").replace("$", "&#36;").replace("`", "&#96;")


_MD_INLINE = re.compile(r"[\\`*_\[\]~|<>&$]")
_MD_LINE_START = re.compile(r"^([#>+=\-]|\d+[.)])", re.M)
_MD_AUTOLINK = re.compile(r"(?i)(?:\w:(?=//)|\bwww\.|@)")  # no links made out of URLs or e-mails


def _ref(char: str) -> str:
    return f"&#{ord(char)};"


def esc_md(text: object) -> str:
    """Text for a Markdown context (chat messages): shown verbatim, never as formatting or HTML.

    The characters Markdown or HTML could read as syntax become numeric character references
    (Markdown decodes them to plain characters and parses none of them); the rest is left as is
    so that screen readers, which read the raw message, read the text.
    """
    text = "\n".join(line.lstrip() for line in str(text).split("\n"))
    text = _MD_INLINE.sub(lambda m: _ref(m.group()), text)
    text = _MD_AUTOLINK.sub(lambda m: m.group()[:-1] + _ref(m.group()[-1]), text)
    return _MD_LINE_START.sub(lambda m: m.group()[:-1] + _ref(m.group()[-1]), text)


# --------------------------------------------------------------------------- the service


class UIError(Exception):
    """A failure to show to the user as it is (already readable)."""


class ServiceHolder:
    """Opens the service once, and again after a failure (a store that was unreachable may come back)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._service = None
        self._lock = threading.Lock()
        self.startup_error: str | None = None

    def get(self):
        with self._lock:
            if self._service is None:
                from assistant.service import AssistantService

                try:
                    self._service = AssistantService(self.settings)
                except Exception as exc:  # StoreError, chromadb errors, a bad setting
                    log.exception("cannot open the store")
                    raise UIError(
                        f"Le magasin de communiqués est inaccessible ({self.settings.store_dir}) : {exc}"
                    ) from exc
                self.startup_error = None
            return self._service


def _readable(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 600 else text[:600] + "…"


# --------------------------------------------------------------------------- rendering


def citation_dict(c: Any) -> dict:
    return {
        "release_id": c.release_id,
        "title": c.title,
        "quote": c.quote,
        "start": int(c.start),
        "end": int(c.end),
        "score": float(c.score),
    }


def turn_from_answer(question: str, answer: Any) -> dict:
    return {
        "question": question,
        "text": answer.text,
        "abstained": bool(answer.abstained),
        "language": answer.language,
        "citations": [] if answer.abstained else [citation_dict(c) for c in answer.citations],
        "error": None,
    }


def assistant_markdown(turn: dict, partial: str | None = None) -> str:
    """The chat bubble of one answer: its text (escaped), then its sources once complete."""
    if turn.get("error"):
        return "⚠️ " + esc_md(turn["error"])
    text = turn["text"] if partial is None else partial
    out = esc_md(text)
    if partial is None and turn["citations"]:
        lines = ["", "", "**Sources** (à ouvrir dans le panneau Sources) :"]
        for n, c in enumerate(turn["citations"], start=1):
            lines.append(f"\\[{n}\\] *{esc_md(c['title'])}* · {esc_md(c['release_id'])}")
        out += "\n".join(lines)
    return out


def chat_messages(turns: list[dict], pending: str | None = None, partial: str | None = None) -> list[dict]:
    messages: list[dict] = []
    for i, turn in enumerate(turns):
        messages.append({"role": "user", "content": esc_md(turn["question"])})
        last = i == len(turns) - 1
        messages.append({"role": "assistant", "content": assistant_markdown(turn, partial if last else None)})
    if pending is not None:
        messages.append({"role": "user", "content": esc_md(pending)})
        messages.append({"role": "assistant", "content": "…"})
    return messages


SOURCES_EMPTY = '<div class="src-empty">Les sources de la réponse s\'afficheront ici.</div>'
VIEWER_EMPTY = (
    '<div class="viewer-empty">Cliquez sur « Ouvrir le communiqué » sous une source pour lire '
    "le communiqué entier, passage cité surligné.</div>"
)


def sources_html(turns: list[dict], index: int | None = None) -> str:
    """The sources panel for one answer (the last one by default), with an open button per citation."""
    if not turns:
        return SOURCES_EMPTY
    if index is None or not 0 <= index < len(turns):
        index = len(turns) - 1
    turn = turns[index]
    head = f'<div class="src-question">Réponse {index + 1} · « {esc_html(turn["question"])} »</div>'
    if turn.get("error"):
        return head + '<div class="src-empty">Pas de réponse (erreur).</div>'
    if turn["abstained"] or not turn["citations"]:
        return (
            head
            + '<div class="src-empty src-none">Aucune source : les communiqués ne répondent pas à cette question.</div>'
        )
    cards = []
    for n, c in enumerate(turn["citations"], start=1):
        cards.append(
            f'<div class="src-card" data-release="{esc_html(c["release_id"])}" data-n="{n}">'
            f'<div class="src-title"><span class="src-num">[{n}]</span> {esc_html(c["title"])}</div>'
            f'<div class="src-id">{esc_html(c["release_id"])}</div>'
            f'<blockquote class="src-quote">« {esc_html(c["quote"])} »</blockquote>'
            f'<button type="button" class="src-open" data-turn="{index}" data-cite="{n - 1}" '
            f'data-release="{esc_html(c["release_id"])}">Ouvrir le communiqué</button>'
            "</div>"
        )
    return head + "".join(cards)


def locate(text: str, citation: dict) -> tuple[int, int] | None:
    """Where the quote is in the release text: its offsets, or (if the release changed) a search."""
    start, end = citation.get("start", 0), citation.get("end", 0)
    quote = citation.get("quote", "")
    if 0 <= start < end <= len(text) and text[start:end] == quote:
        return start, end
    found = text.find(quote) if quote else -1
    return (found, found + len(quote)) if found >= 0 else None


def viewer_html(release_id: str, title: str, text: str, span: tuple[int, int] | None, n: int) -> str:
    # opened_at: opening the same passage again is a new value, so it is scrolled to again
    head = (
        f'<div class="viewer-head" data-opened-at="{time.time_ns()}">'
        f'<div class="viewer-title">{esc_html(title)}</div>'
        f'<div class="viewer-meta">{esc_html(release_id)}'
        + (f" · passage [{n}] surligné" if span else "")
        + "</div></div>"
    )
    if span is None:
        warning = (
            '<div class="viewer-warning">Le passage cité ne figure plus dans ce communiqué '
            "(il a été modifié depuis la réponse) ; voici son texte actuel.</div>"
        )
        return head + warning + f'<div class="viewer-body">{esc_html(text)}</div>'
    start, end = span
    body = (
        esc_html(text[:start])
        + f'<mark id="cited-passage" class="cited" data-release="{esc_html(release_id)}">'
        + esc_html(text[start:end])
        + "</mark>"
        + esc_html(text[end:])
    )
    return head + f'<div class="viewer-body" data-release="{esc_html(release_id)}">{body}</div>'


def releases_html(records: list[Any]) -> str:
    if not records:
        return '<div class="src-empty">Le magasin est vide : ajoutez des communiqués ci-dessous.</div>'
    rows = "".join(
        f'<tr data-release="{esc_html(r.id)}"><td class="rel-title">{esc_html(r.title)}</td>'
        f'<td class="rel-id">{esc_html(r.id)}</td><td class="rel-chunks">{int(r.n_chunks)}</td></tr>'
        for r in records
    )
    total = sum(int(r.n_chunks) for r in records)
    return (
        f'<div class="rel-count">{len(records)} communiqués, {total} passages indexés</div>'
        '<table class="rel-table"><thead><tr><th>Titre</th><th>Identifiant</th><th>Passages</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def notice_html(message: str, kind: str = "error") -> str:
    return f'<div class="notice notice-{kind}">{esc_html(message)}</div>' if message else ""


# --------------------------------------------------------------------------- handlers


def safe_file_name(name: str) -> str:
    """A file name made of safe characters (it becomes the release id)."""
    stem, suffix = os.path.splitext(os.path.basename(name))
    stem = re.sub(r"[^\w.-]+", "_", stem, flags=re.UNICODE).strip("._") or "release"
    return stem[:120] + suffix.lower()


class Handlers:
    def __init__(self, holder: ServiceHolder) -> None:
        self.holder = holder

    # ------------------------------------------------------------------ chat

    def history(self, turns: list[dict]) -> list[tuple[str, str]]:
        """The conversation's most recent turns, as many as the service reads."""
        used = self.holder.settings.history_turns_used
        return [(t["question"], t["text"]) for t in turns if not t.get("error")][-used:] if used else []

    def respond(self, question: str, turns: list[dict] | None):
        """Chat handler: shows the question at once, then streams the answer, then its sources."""
        turns = list(turns or [])
        question = question if isinstance(question, str) else ""
        try:  # the service's own check, before the question joins the conversation
            validate_question(question, self.holder.settings.max_question_chars)
        except ValueError as exc:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), notice_html(f"Question refusée : {_readable(exc)}")
            return
        # outputs: textbox, chatbot, turns state, sources panel, notice
        yield "", chat_messages(turns, pending=question), turns, gr.skip(), ""
        provisional = {"question": question, "text": "", "abstained": False, "language": "fr", "citations": [], "error": None}
        earlier = chat_messages(turns)  # escaped once: each update below re-renders the last turn only
        try:
            service = self.holder.get()
            answer = None
            # with an LLM, verified sentences arrive one by one; the final Answer replaces them
            for item in service.ask_stream(question, history=self.history(turns)):
                if isinstance(item, str):
                    provisional["text"] += item
                    partial = earlier + chat_messages([provisional], partial=provisional["text"])
                    yield gr.skip(), partial, gr.skip(), gr.skip(), gr.skip()
                else:
                    answer = item
        except ValueError as exc:  # the question cannot be asked: say why, give it back to fix
            yield question, chat_messages(turns), turns, gr.skip(), notice_html(f"Question refusée : {_readable(exc)}")
            return
        except UIError as exc:
            turns.append(self._error_turn(question, str(exc)))
            yield "", chat_messages(turns), turns, sources_html(turns), notice_html(str(exc))
            return
        except Exception as exc:
            log.exception("ask failed")
            message = f"Erreur du magasin pendant la recherche : {_readable(exc)}"
            turns.append(self._error_turn(question, message))
            yield "", chat_messages(turns), turns, sources_html(turns), notice_html(message)
            return
        turn = turn_from_answer(question, answer)
        shown = [*turns, turn]
        if not provisional["text"]:  # the extractive answer comes whole: show it progressively
            words = re.split(r"(?<=\s)", turn["text"])
            step = max(1, len(words) // 24)
            for i in range(step, len(words), step):
                partial = earlier + chat_messages([turn], partial="".join(words[:i]))
                yield gr.skip(), partial, gr.skip(), gr.skip(), gr.skip()
                time.sleep(0.025)
        notice = notice_html(answer.notice, kind="info") if getattr(answer, "notice", "") else ""
        yield gr.skip(), chat_messages(shown), shown, sources_html(shown), notice

    def respond_example(self, sample: list | str | None, turns: list[dict] | None):
        """An example question, asked as soon as it is clicked."""
        question = sample[0] if isinstance(sample, (list, tuple)) and sample else sample
        yield from self.respond(question if isinstance(question, str) else "", turns)

    @staticmethod
    def _error_turn(question: str, message: str) -> dict:
        return {
            "question": question,
            "text": "",
            "abstained": True,
            "language": "fr",
            "citations": [],
            "error": message,
        }

    def select_turn(self, turns: list[dict] | None, evt: gr.SelectData):
        """Clicking a message of the chat shows the sources of that answer."""
        index = evt.index
        if isinstance(index, (list, tuple)):
            index = index[0]
        try:
            return sources_html(turns or [], int(index) // 2)
        except (TypeError, ValueError):
            return gr.skip()

    def open_source(self, turns: list[dict] | None, evt: gr.EventData):
        """An "open" button of the sources panel: the whole release in the viewer, passage marked."""
        data = evt._data if isinstance(getattr(evt, "_data", None), dict) else {}
        try:
            turn = (turns or [])[int(data.get("turn"))]
            n = int(data.get("cite"))
            citation = turn["citations"][n]
        except (TypeError, ValueError, IndexError, KeyError):
            return gr.skip()
        try:
            text = self.holder.get().release_text(citation["release_id"])
        except KeyError:
            return notice_html(f"Le communiqué {citation['release_id']} n'est plus dans le magasin.", "error")
        except UIError as exc:
            return notice_html(str(exc))
        except Exception as exc:
            log.exception("release_text failed")
            return notice_html(f"Impossible de lire le communiqué : {_readable(exc)}")
        return viewer_html(citation["release_id"], citation["title"], text, locate(text, citation), n + 1)

    def new_conversation(self):
        return [], [], SOURCES_EMPTY, VIEWER_EMPTY, ""

    # ------------------------------------------------------------------ releases

    def list_releases(self):
        try:
            return releases_html(self.holder.get().releases())
        except UIError as exc:
            return notice_html(str(exc))
        except Exception as exc:
            log.exception("listing the releases failed")
            return notice_html(f"Impossible de lister les communiqués : {_readable(exc)}")

    def page_load(self):
        banner = notice_html(self.holder.startup_error or "")
        return self.list_releases(), banner

    def upload(self, files: list[Any] | None):
        """Check the uploaded files (type, size), ingest the good ones, name each rejected one."""
        paths = [Path(getattr(f, "name", f)) for f in (files or [])]
        if not paths:
            return gr.skip(), gr.skip(), gr.skip()
        lines: list[tuple[str, str]] = []  # (kind, message)
        staging = Path(tempfile.mkdtemp(prefix="assistant-upload-"))
        staged: dict[str, tuple[str, Path]] = {}  # staged name -> (original name, staged path)
        try:
            for path in paths:
                original = _original_name(path)
                suffix = Path(original).suffix.lower()
                if suffix not in RELEASE_SUFFIXES:
                    lines.append(
                        (
                            "error",
                            f"{original} : refusé, type {suffix or 'sans extension'} non accepté "
                            f"(seuls {', '.join(RELEASE_SUFFIXES)} le sont)",
                        )
                    )
                    continue
                try:
                    size = path.stat().st_size
                except OSError as exc:
                    lines.append(("error", f"{original} : refusé, fichier illisible ({exc.strerror or exc})"))
                    continue
                if size > MAX_RELEASE_BYTES:
                    lines.append(
                        (
                            "error",
                            f"{original} : refusé, trop volumineux ({size / 1e6:.1f} Mo ; "
                            f"limite {MAX_RELEASE_BYTES / 1e6:.0f} Mo pour un communiqué)",
                        )
                    )
                    continue
                if size == 0:
                    lines.append(("error", f"{original} : refusé, fichier vide"))
                    continue
                name = safe_file_name(original)
                if name in staged:
                    lines.append(("error", f"{original} : refusé, même identifiant que {staged[name][0]}"))
                    continue
                target = staging / name
                shutil.copyfile(path, target)
                staged[name] = (original, target)
            if staged:
                try:
                    service = self.holder.get()
                    report = service.ingest([p for _, p in staged.values()])
                except UIError as exc:
                    return notice_html(str(exc)), gr.skip(), None
                except Exception as exc:
                    log.exception("ingest failed")
                    return notice_html(f"L'ajout a échoué : {_readable(exc)}"), gr.skip(), None
                originals = {n: o for n, (o, _) in staged.items()}
                for name, reason in report.skipped:
                    lines.append(("error", f"{originals.get(name, name)} : refusé, {reason}"))
                kept = {Path(n).stem: (o, p) for n, (o, p) in staged.items()}
                verbs = [
                    (report.added, "ajouté"),
                    (report.updated, "mis à jour"),
                    (report.unchanged, "déjà présent, inchangé"),
                ]
                for ids, verb in verbs:
                    for rid in ids:
                        original, staged_path = kept.get(rid, (rid, None))
                        lines.append(("ok", f"{original} : {verb} (identifiant {rid})"))
                        if staged_path is not None:
                            self._keep_source(service, staged_path)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        status = "".join(
            f'<div class="upload-line upload-{kind}">{"✓" if kind == "ok" else "✗"} {esc_html(msg)}</div>'
            for kind, msg in lines
        )
        return status, self.list_releases(), None

    @staticmethod
    def _keep_source(service: Any, staged_path: Path) -> None:
        """Copy an ingested upload into the store's releases/ folder, so a rebuild keeps it."""
        try:
            folder = service.settings.releases_dir
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staged_path, folder / staged_path.name)
        except OSError as exc:
            log.warning("could not keep a copy of %s in the store: %s", staged_path.name, exc)

    # ------------------------------------------------------------------ API

    def api_ask(self, question: str, history: list | None = None) -> dict:
        """Answer a question from the press releases; history holds earlier [question, answer_text] pairs."""
        settings = self.holder.settings
        try:  # checked here, so a malformed request is refused before it waits for a worker
            validate_question(question, settings.max_question_chars)
            validate_history(history, settings)
            service = self.holder.get()
            answer = _WORKERS.submit(service.ask, question, history).result(timeout=settings.request_timeout)
        except (ValueError, UIError) as exc:
            raise gr.Error(_readable(exc)) from exc
        except concurrent.futures.TimeoutError as exc:
            raise gr.Error(f"no answer within {settings.request_timeout:.0f} s: try again shortly") from exc
        except Exception as exc:
            log.exception("ask failed")
            raise gr.Error(f"store error: {_readable(exc)}") from exc
        turn = turn_from_answer(question, answer)
        return {
            "question": question,
            "text": turn["text"],
            "abstained": turn["abstained"],
            "language": turn["language"],
            "citations": turn["citations"],
        }

    def api_releases(self) -> list:
        """The releases in the store: id, title, number of chunks."""
        try:
            records = self.holder.get().releases()
        except Exception as exc:
            raise gr.Error(_readable(exc)) from exc
        return [{"id": r.id, "title": r.title, "n_chunks": int(r.n_chunks)} for r in records]


def _original_name(path: Path) -> str:
    """gradio keeps the uploaded file's name as the last part of its temporary path."""
    return path.name


# --------------------------------------------------------------------------- the page


CSS = """
#intro p { margin: 0.2em 0; }
.notice { padding: 0.6em 0.9em; border-radius: 6px; margin: 0.3em 0; }
.notice-error { background: #fdecea; color: #8a1c12; border: 1px solid #f5c2bd; }
.notice-info { background: #eef5fd; color: #123e6b; border: 1px solid #c4dbf5; }
#sources-panel .src-question { font-size: 0.9em; color: var(--body-text-color-subdued); margin-bottom: 0.5em; }
#sources-panel .src-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 0.6em 0.8em; margin-bottom: 0.6em; background: var(--block-background-fill); }
#sources-panel .src-title { font-weight: 600; }
#sources-panel .src-num { color: #b45309; }
#sources-panel .src-id { font-family: var(--font-mono); font-size: 0.8em; color: var(--body-text-color-subdued); }
#sources-panel .src-quote { margin: 0.4em 0; padding-left: 0.7em; border-left: 3px solid #f59e0b; font-style: italic; }
#sources-panel .src-open { cursor: pointer; border: 1px solid var(--button-secondary-border-color); background: var(--button-secondary-background-fill); border-radius: 6px; padding: 0.25em 0.8em; font-size: 0.9em; }
#sources-panel .src-open:hover { background: var(--button-secondary-background-fill-hover); }
.src-empty, .viewer-empty { color: var(--body-text-color-subdued); font-size: 0.95em; }
#release-viewer .viewer-title { font-weight: 600; font-size: 1.05em; }
#release-viewer .viewer-meta { font-family: var(--font-mono); font-size: 0.8em; color: var(--body-text-color-subdued); margin-bottom: 0.4em; }
#release-viewer .viewer-body { white-space: pre-wrap; max-height: 55vh; overflow-y: auto; border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 0.8em; line-height: 1.5; }
#release-viewer mark.cited { background: #fde68a; color: inherit; padding: 0 2px; border-radius: 2px; }
#release-viewer .viewer-warning { color: #8a1c12; margin-bottom: 0.4em; }
.rel-table { width: 100%; border-collapse: collapse; font-size: 0.92em; }
#releases-list .rel-table th, #releases-list .rel-table td { text-align: left; padding: 0.3em 0.5em; border: none; border-bottom: 1px solid var(--border-color-primary); }
#releases-list .rel-table { border: none; }
.rel-table .rel-id { font-family: var(--font-mono); font-size: 0.85em; white-space: nowrap; }
#releases-list .rel-table .rel-chunks { text-align: right; }
.rel-count { margin-bottom: 0.4em; color: var(--body-text-color-subdued); }
.upload-line { margin: 0.15em 0; }
.upload-ok { color: #166534; }
.upload-error { color: #8a1c12; }
"""

SOURCES_JS = """
element.addEventListener('click', (event) => {
  const button = event.target.closest('button.src-open');
  if (!button) return;
  trigger('click', {turn: Number(button.dataset.turn), cite: Number(button.dataset.cite)});
});
"""

VIEWER_JS = """
const reveal = () => {
  const mark = element.querySelector('mark.cited');
  if (!mark) return;
  const body = element.querySelector('.viewer-body');
  if (body) {  // first inside the viewer's own scrolling box, a third of the way down
    const offset = mark.getBoundingClientRect().top - body.getBoundingClientRect().top;
    body.scrollTop += offset - body.clientHeight / 3;
  }
  mark.scrollIntoView({block: 'nearest', inline: 'nearest'});  // then the page, as little as needed
};
watch('value', () => requestAnimationFrame(reveal));
"""


def build_ui(holder: ServiceHolder) -> gr.Blocks:
    h = Handlers(holder)
    with gr.Blocks(
        title="Communiqués OIM · traite des êtres humains",
        analytics_enabled=False,
        delete_cache=(3600, 3600),  # uploaded files do not pile up in gradio's temporary folder
    ) as demo:
        turns = gr.State([])
        gr.Markdown(
            "## Assistant · communiqués de l'OIM sur la traite des êtres humains\n"
            "Posez une question (en français ou en anglais) : la réponse cite les communiqués de presse "
            "d'où elle vient. Sous chaque source, ouvrez le communiqué entier pour lire le passage cité en contexte.",
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
                    feedback_options=None,
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
        clear.click(h.new_conversation, None, [chatbot, turns, sources, viewer, notice], api_visibility="private")
        chatbot.clear(h.new_conversation, None, [chatbot, turns, sources, viewer, notice], api_visibility="private")
        refresh.click(h.list_releases, None, [releases], api_visibility="private")
        upload.upload(h.upload, [upload], [upload_status, releases, upload], api_visibility="private")
        demo.load(h.page_load, None, [releases, banner], api_visibility="private")

        gr.api(h.api_ask, api_name="ask")
        gr.api(h.api_releases, api_name="releases")
    return demo


# --------------------------------------------------------------------------- main


def create_app(demo: gr.Blocks, settings: Settings, auth: tuple[str, str] | None = None):
    """The page mounted on a FastAPI app whose requests are bounded (``Settings.max_request_bytes``)."""
    from fastapi import FastAPI

    app = FastAPI(title="Communiqués OIM · traite des êtres humains", docs_url=None, redoc_url=None)
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes, exempt=("/upload",))
    return gr.mount_gradio_app(
        app,
        demo,
        path="/",
        auth=auth,
        auth_message="Assistant des communiqués de l'OIM" if auth else None,
        show_error=False,
        max_file_size=MAX_UPLOAD_BYTES,
        ssr_mode=False,
        css=CSS,
        footer_links=["api"],
    )


def parse_auth(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise SystemExit("ASSISTANT_AUTH must look like user:password")
    return user, password


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    env = os.environ
    parser = argparse.ArgumentParser(description="Chat page over the IOM press-release assistant.")
    parser.add_argument(
        "--host",
        default=env.get("ASSISTANT_HOST") or DEFAULT_HOST,
        help="address to listen on (env ASSISTANT_HOST; default 127.0.0.1)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(env.get("ASSISTANT_PORT") or DEFAULT_PORT),
        help="port (env ASSISTANT_PORT; default 7860)",
    )
    parser.add_argument(
        "--store",
        default=env.get("ASSISTANT_STORE") or None,
        help="store directory (env ASSISTANT_STORE; default: the project's store/)",
    )
    parser.add_argument("--chroma-url", help="Chroma server (env ASSISTANT_CHROMA_URL)")
    parser.add_argument("--llm", choices=["extractive", "ollama", "openai-like", "openai"],
                        help="answerer (env ASSISTANT_LLM; default extractive)")
    parser.add_argument("--llm-model", help="model name for the LLM backends (env ASSISTANT_LLM_MODEL)")
    parser.add_argument("--llm-base-url", help="server URL for ollama / openai-like (env ASSISTANT_LLM_BASE_URL)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "chromadb", "urllib3", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    args = parse_args(argv)
    auth = parse_auth(os.environ.get("ASSISTANT_AUTH"))
    settings = Settings.from_env().replace(
        store_dir=args.store, chroma_url=args.chroma_url, llm=args.llm,
        llm_model=args.llm_model, llm_base_url=args.llm_base_url,
    )
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
        message = str(exc) if isinstance(exc, UIError) else f"Le magasin n'a pas pu être ouvert : {_readable(exc)}"
        holder.startup_error = message
        print(f"error: {message}", file=sys.stderr)
    demo = build_ui(holder)
    demo.queue(default_concurrency_limit=2)
    app = create_app(demo, settings, auth)
    print(f"* Running on http://{args.host}:{args.port}/", file=sys.stderr)
    serve(app, args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
