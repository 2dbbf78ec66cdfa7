"""What the chat page does, without Gradio: each browser session's conversation, the history
sent to the service, answers streamed into the page, sources opened, releases listed and
uploaded, and the page's API. ``ui.py`` lays out the components and wires them to :class:`Chat`;
:mod:`assistant.chat_view` renders.

A session's conversation is a list of :class:`Turn` that the page keeps per browser session
(never shared between sessions); :class:`Chat` holds none: each call takes the conversation and
gives back the new one.
"""

from __future__ import annotations

import concurrent.futures
import logging
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from assistant.chat_view import chat_messages, notice_html, releases_html, sources_html, upload_html, viewer_html
from assistant.config import Settings
from assistant.feedback import Feedback, comment_answer, rate_answer
from assistant.ingest.uploads import add_uploads
from assistant.service import AssistantService, validate_history, validate_question
from assistant.types import Answer, Citation, History

log = logging.getLogger(__name__)
# API questions run here, so that one that overruns its time budget frees the request at once
ASK_WORKERS = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="ask")


class StoreUnavailable(Exception):
    """The store cannot be opened; the message, in French, is shown to the user as it is."""


class RequestRefused(Exception):
    """An API request that gets no answer; the message says why."""


def readable(exc: BaseException) -> str:
    """An error's message, short enough for the page."""
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 600 else text[:600] + "…"


class ServiceHolder:
    """Opens the service once, and again after a failure (a store that was unreachable may come back)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._service: AssistantService | None = None
        self._lock = threading.Lock()
        self.startup_error: str | None = None  # why the store did not open at start, for the page's banner
        self.feedback = Feedback(settings.store_dir)  # the answers served, and what users say of them

    def get(self) -> AssistantService:
        """The service; :class:`StoreUnavailable` when the store cannot be opened."""
        with self._lock:
            if self._service is None:
                try:
                    self._service = AssistantService(self.settings)
                except Exception as exc:  # StoreError, chromadb errors, a bad setting
                    log.exception("cannot open the store")
                    raise StoreUnavailable(
                        f"Le magasin de communiqués est inaccessible ({self.settings.store_dir}) : {exc}"
                    ) from exc
                self.startup_error = None
            return self._service


# --------------------------------------------------------------------------- the conversation


@dataclass(frozen=True)
class Turn:
    """One question of a conversation and its answer, or the error that stood in for one."""

    question: str
    text: str = ""
    abstained: bool = False
    language: str = "fr"
    citations: tuple[Citation, ...] = ()
    error: str | None = None
    answer_id: str = ""  # under which the answer is kept for feedback (assistant.feedback)

    @classmethod
    def from_answer(cls, question: str, answer: Answer) -> Turn:
        """The turn of an answer (an abstention keeps no citation)."""
        citations = () if answer.abstained else tuple(answer.citations)
        return cls(question, answer.text, bool(answer.abstained), answer.language, citations)

    @classmethod
    def failed(cls, question: str, message: str) -> Turn:
        """A question that got no answer, ``message`` saying why."""
        return cls(question, abstained=True, error=message)

    def to_dict(self) -> dict:
        """The API's reply: question, text, abstained, language, and the citations' release_id,
        title, quote, start, end and score; and the answer's id."""
        return {
            "id": self.answer_id, "question": self.question, "text": self.text,
            "abstained": self.abstained, "language": self.language,
            "citations": [
                {"release_id": c.release_id, "title": c.title, "quote": c.quote,
                 "start": int(c.start), "end": int(c.end), "score": float(c.score)}
                for c in self.citations
            ],
        }


def conversation_history(turns: list[Turn], used: int) -> History:
    """The ``used`` most recent answered turns as ``(question, answer_text)`` pairs, as the service reads them."""
    return [(t.question, t.text) for t in turns if not t.error][-used:] if used else []


def _progressively(text: str, steps: int = 24, pause: float = 0.025) -> Iterator[str]:
    """Growing beginnings of ``text``, word by word in about ``steps`` steps: an answer that
    comes whole (the extractive one) is shown as it would stream."""
    words = re.split(r"(?<=\s)", text)
    step = max(1, len(words) // steps)
    for i in range(step, len(words), step):
        yield "".join(words[:i])
        time.sleep(pause)


class PageUpdate(NamedTuple):
    """What one step of answering changes in the page; None leaves that part as it is."""

    question: str | None = None  # the question box
    messages: list[dict] | None = None  # the chat
    turns: list[Turn] | None = None  # the session's conversation
    sources: str | None = None  # the sources panel
    notice: str | None = None  # the notice under the question box


# --------------------------------------------------------------------------- the page's work


class Chat:
    """The chat page's work for one server, over the service of :class:`ServiceHolder`."""

    def __init__(self, holder: ServiceHolder) -> None:
        self.holder = holder

    def respond(self, question: object, turns: list[Turn] | None) -> Iterator[PageUpdate]:
        """Ask ``question`` in the conversation ``turns``: the question is shown at once, then
        the answer as it streams (or progressively, when it comes whole), then its sources."""
        turns = list(turns or [])
        question = question if isinstance(question, str) else ""
        settings = self.holder.settings
        try:  # the service's own check, before the question joins the conversation
            validate_question(question, settings.max_question_chars)
        except ValueError as exc:
            yield PageUpdate(notice=notice_html(f"Question refusée : {readable(exc)}"))
            return
        yield PageUpdate("", chat_messages(turns, pending=question), turns, None, "")
        earlier = chat_messages(turns)  # escaped once: each update below re-renders the last turn only
        streamed = ""
        answer = None
        try:
            history = conversation_history(turns, settings.history_turns_used)
            # with an LLM, verified sentences arrive one by one; the final Answer replaces them
            for item in self.holder.get().ask_stream(question, history=history):
                if isinstance(item, str):
                    streamed += item
                    yield PageUpdate(messages=earlier + chat_messages([Turn(question)], partial=streamed))
                else:
                    answer = item
        except ValueError as exc:  # the question cannot be asked: say why, give it back to fix
            notice = notice_html(f"Question refusée : {readable(exc)}")
            yield PageUpdate(question, chat_messages(turns), turns, None, notice)
            return
        except StoreUnavailable as exc:
            yield _failed(question, turns, str(exc))
            return
        except Exception as exc:
            log.exception("ask failed")
            yield _failed(question, turns, f"Erreur du magasin pendant la recherche : {readable(exc)}")
            return
        turn = self.served(Turn.from_answer(question, answer), history)
        if not streamed:
            for partial in _progressively(turn.text):
                yield PageUpdate(messages=earlier + chat_messages([turn], partial=partial))
        shown = [*turns, turn]
        notice = notice_html(answer.notice, kind="info") if answer.notice else ""
        yield PageUpdate(None, chat_messages(shown), shown, sources_html(shown), notice)

    def sources_of_message(self, turns: list[Turn] | None, message_index: object) -> str | None:
        """The sources panel of the answer a chat message belongs to; None for no message."""
        try:  # two messages a turn: the question, then the answer
            return sources_html(list(turns or []), int(message_index) // 2)
        except (TypeError, ValueError):
            return None

    def open_citation(self, turns: list[Turn] | None, turn_index: object, cite_index: object) -> str | None:
        """The release viewer for citation ``cite_index`` of answer ``turn_index`` (a notice when
        the release cannot be read); None when there is no such citation."""
        try:
            n = int(cite_index)
            citation = (turns or [])[int(turn_index)].citations[n]
        except (TypeError, ValueError, IndexError):
            return None
        try:
            text = self.holder.get().release_text(citation.release_id)
        except KeyError:
            return notice_html(f"Le communiqué {citation.release_id} n'est plus dans le magasin.", "error")
        except StoreUnavailable as exc:
            return notice_html(str(exc))
        except Exception as exc:
            log.exception("release_text failed")
            return notice_html(f"Impossible de lire le communiqué : {readable(exc)}")
        return viewer_html(citation, text, n + 1)

    def releases_panel(self) -> str:
        """The table of the releases in the store, or a notice saying why there is none."""
        try:
            return releases_html(self.holder.get().releases())
        except StoreUnavailable as exc:
            return notice_html(str(exc))
        except Exception as exc:
            log.exception("listing the releases failed")
            return notice_html(f"Impossible de lister les communiqués : {readable(exc)}")

    def rate(self, turns: list[Turn] | None, turn_index: int, liked: object) -> tuple[str, dict | None]:
        """👍 / 👎 under answer ``turn_index``: a notice, and what was rated (for a comment to follow)."""
        turns = list(turns or [])
        if not 0 <= turn_index < len(turns):
            return "", None
        history = conversation_history(turns[:turn_index], self.holder.settings.history_turns_used)
        message, ok, rated = rate_answer(self.holder.feedback, turns[turn_index], history, liked)
        return notice_html(message, "info" if ok else "error"), rated

    def comment(self, rated: dict | None, text: object) -> tuple[str, bool]:
        """A comment on the answer rated last: a notice, and whether it was recorded."""
        message, ok = comment_answer(self.holder.feedback, rated, text if isinstance(text, str) else "")
        return notice_html(message, "info" if ok else "error"), ok

    def page_load(self) -> tuple[str, str]:
        """A page opening: the releases table, and the banner saying why the store did not open at start."""
        banner = notice_html(self.holder.startup_error or "")  # before the table's opening clears it
        return self.releases_panel(), banner

    def upload(self, paths: list[Path]) -> tuple[str, str | None]:
        """Add uploaded files: what became of each (or a notice when the store failed), and the
        refreshed releases table (None: unchanged)."""
        try:
            lines = add_uploads(paths, self.holder.get)
        except StoreUnavailable as exc:
            return notice_html(str(exc)), None
        except Exception as exc:
            log.exception("ingest failed")
            return notice_html(f"L'ajout a échoué : {readable(exc)}"), None
        return upload_html(lines), self.releases_panel()

    # ------------------------------------------------------------------ API

    def api_answer(self, question: object, history: object = None) -> dict:
        """The answer to an API question as :meth:`Turn.to_dict`; :class:`RequestRefused` saying why not."""
        settings = self.holder.settings
        try:  # checked here, so a malformed request is refused before it waits for a worker
            pairs, service = self.checked(question, history)
            answer = ASK_WORKERS.submit(service.ask, question, history).result(timeout=settings.request_timeout)
        except (ValueError, StoreUnavailable) as exc:
            raise RequestRefused(readable(exc)) from exc
        except concurrent.futures.TimeoutError as exc:
            raise RequestRefused(f"no answer within {settings.request_timeout:.0f} s: try again shortly") from exc
        except Exception as exc:
            log.exception("ask failed")
            raise RequestRefused(f"store error: {readable(exc)}") from exc
        return self.served(Turn.from_answer(question, answer), pairs).to_dict()

    def checked(self, question: object, history: object) -> tuple[History, AssistantService]:
        """The history as the service reads it, and the service; ValueError, StoreUnavailable."""
        validate_question(question, self.holder.settings.max_question_chars)
        return validate_history(history, self.holder.settings), self.holder.get()

    def served(self, turn: Turn, history: History, answer_id: str | None = None) -> Turn:
        """The turn of an answer being served, with the id under which feedback finds it."""
        return replace(turn, answer_id=self.holder.feedback.remember(history, turn.to_dict(), answer_id))

    def api_releases(self) -> list[dict]:
        """The releases in the store: id, title, number of chunks."""
        try:
            records = self.holder.get().releases()
        except Exception as exc:
            raise RequestRefused(readable(exc)) from exc
        return [{"id": r.id, "title": r.title, "n_chunks": int(r.n_chunks)} for r in records]


def _failed(question: str, turns: list[Turn], message: str) -> PageUpdate:
    """The page after a question that got no answer: the error in its place and in the notice."""
    turns.append(Turn.failed(question, message))
    return PageUpdate("", chat_messages(turns), turns, sources_html(turns), notice_html(message))
