"""Answer feedback: every answer served (the page's, the HTTP API's) gets an id, the recent ones
are kept in memory, and a verdict on one ("useful" / "not useful", with an optional comment) is
appended to ``feedback.jsonl`` in the store. ``assistant feedback export`` turns the answers
marked not useful into eval-question stubs, so that what users report becomes test cases.

A line of ``feedback.jsonl`` holds what was asked and answered and what the user said, nothing
else about them (no address, no session)::

    {"id": "chatcmpl-…", "question": "Qui finance la campagne … ?", "history": [], "answer": "D'après …",
     "citations": [{"release_id": "002_cd64a4c7dfd5f85e", …}], "abstained": false, "language": "fr",
     "verdict": "not_useful", "comment": "Il manque l'USAID.", "time": "2026-12-01T09:30:00+00:00"}

One line per verdict: an answer rated twice (or given a comment after its rating) has several
lines, and the last one says what the user thinks now.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from assistant.answering.slots import question_type
from assistant.types import History

FEEDBACK_FILE = "feedback.jsonl"
VERDICTS = ("useful", "not_useful")
WITHDRAWN = "withdrawn"  # the page's rating clicked again: no verdict any more
RECENT_ANSWERS = 2000  # answers a verdict can still find, per server
MAX_COMMENT_CHARS = 2000
# what an eval stub's kind is, from what the question asks (the eval's kinds, assistant.evaluation.questions)
_KINDS = {"amount": "how_many", "phone": "what", "language": "what"}
STUB_TODO = (
    "À COMPLÉTER : sources (identifiants des communiqués qui répondent ; s'ils ne répondent pas, "
    "sources vides et kind « unanswerable ») et answer_contains (ce qu'une bonne réponse contient), "
    "puis supprimer les champs todo et feedback. Tant que sources est vide, le chargeur des questions "
    "refuse cette ligne."
)


def new_answer_id() -> str:
    """An answer's id, in the shape of an OpenAI completion id (the API's responses carry it)."""
    return f"chatcmpl-{uuid.uuid4().hex}"


@dataclass(frozen=True)
class ServedAnswer:
    """An answer as it was served: what a verdict on it records."""

    id: str
    question: str
    history: tuple[tuple[str, str], ...]
    text: str
    citations: tuple[dict, ...]
    abstained: bool
    language: str


class Feedback:
    """The recent answers of one server and the feedback file of its store."""

    def __init__(self, store_dir: Path, capacity: int = RECENT_ANSWERS) -> None:
        self.path = Path(store_dir) / FEEDBACK_FILE
        self.capacity = capacity
        self._recent: OrderedDict[str, ServedAnswer] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, history: History, reply: dict, answer_id: str | None = None) -> str:
        """Keep an answer (``reply`` as :meth:`assistant.chat.Turn.to_dict`, ``history`` the turns
        the service read) so that a verdict can find it; its id (``answer_id``, or a new one)."""
        served = ServedAnswer(
            id=answer_id or new_answer_id(),
            question=str(reply.get("question", "")),
            history=tuple((str(q), str(a)) for q, a in history or []),
            text=str(reply.get("text", "")),
            citations=tuple(dict(c) for c in reply.get("citations", [])),
            abstained=bool(reply.get("abstained", False)),
            language=str(reply.get("language", "fr")),
        )
        with self._lock:
            self._recent[served.id] = served
            self._recent.move_to_end(served.id)
            while len(self._recent) > self.capacity:
                self._recent.popitem(last=False)
        return served.id

    def find(self, answer_id: str) -> ServedAnswer | None:
        with self._lock:
            return self._recent.get(answer_id)

    def record(self, answer_id: str, verdict: str, comment: str | None = None) -> dict:
        """Append a verdict on a recent answer to the feedback file; the line written.

        ``KeyError`` when the answer is unknown (never served here, or too old), ``ValueError``
        for a verdict other than :data:`VERDICTS` (or :data:`WITHDRAWN`) or an overlong comment.
        """
        if verdict not in (*VERDICTS, WITHDRAWN):
            raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
        comment = (comment or "").strip()
        if len(comment) > MAX_COMMENT_CHARS:
            raise ValueError(f"the comment is {len(comment)} characters long; the limit is {MAX_COMMENT_CHARS}")
        served = self.find(answer_id)
        if served is None:
            raise KeyError(answer_id)
        line = {
            "id": served.id, "question": served.question, "history": [list(t) for t in served.history],
            "answer": served.text, "citations": list(served.citations), "abstained": served.abstained,
            "language": served.language, "verdict": verdict, "comment": comment,
            "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        self._append(json.dumps(line, ensure_ascii=False) + "\n")
        return line

    def _append(self, text: str) -> None:
        # one write of one line, under this process's lock and a file lock for other processes
        # (two servers on one store): lines never interleave
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f, _file_lock(f):
                f.write(text)
                f.flush()


@contextlib.contextmanager
def _file_lock(f):
    try:
        import fcntl
    except ImportError:  # not POSIX: this process's lock only
        yield
        return
    fcntl.flock(f.fileno(), fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(f.fileno(), fcntl.LOCK_UN)


# --------------------------------------------------------------------------- export


def read_feedback(path: Path) -> list[dict]:
    """The lines of a feedback file (a line that is not a JSON object is skipped)."""
    rows = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    for line in lines:
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(row, dict) and row.get("id") and row.get("question"):
            rows.append(row)
    return rows


def current_verdicts(rows: list[dict]) -> list[dict]:
    """The last line of each answer, with every comment given on it, in the order answers were first rated."""
    latest: dict[str, dict] = {}
    comments: dict[str, list[str]] = {}
    for row in rows:
        latest[row["id"]] = row
        if row.get("comment") and row["comment"] not in comments.setdefault(row["id"], []):
            comments[row["id"]].append(row["comment"])
    return [{**row, "comments": comments.get(rid, [])} for rid, row in latest.items()]


def question_stub(row: dict) -> dict:
    """An eval question (the schema of ``eval/questions.jsonl``) for an answer marked not useful:
    the question and its history, ``sources`` and ``answer_contains`` left to fill in (``todo``
    says how), and what was answered under ``feedback``."""
    kind = question_type(row["question"])
    stub = {
        "id": "fb-" + hashlib.sha256(row["id"].encode()).hexdigest()[:10],
        "question": row["question"],
        "sources": [],
        "answer_contains": [],
        "kind": _KINDS.get(kind, kind),
    }
    if row.get("history"):
        stub["history"] = [list(t) for t in row["history"]]
    stub["todo"] = STUB_TODO
    stub["feedback"] = {
        "answer_id": row["id"],
        "answer": row.get("answer", ""),
        "cited": [c.get("release_id") for c in row.get("citations", [])],
        "abstained": bool(row.get("abstained")),
        "comments": row.get("comments", []),
        "time": row.get("time", ""),
    }
    return stub


def export_stubs(store_dir: Path) -> list[dict]:
    """The eval-question stubs of the answers whose current verdict is "not useful"."""
    rows = current_verdicts(read_feedback(Path(store_dir) / FEEDBACK_FILE))
    return [question_stub(row) for row in rows if row.get("verdict") == "not_useful"]


# --------------------------------------------------------------------------- the page's ratings


def rate_answer(feedback: Feedback, turn, history: History, liked: object) -> tuple[str, bool, dict | None]:
    """The page's 👍 / 👎 under an answer (``turn``, an :class:`assistant.chat.Turn`; ``liked`` True,
    False, or anything else when the rating is withdrawn): a message for the page, in French,
    whether it was recorded, and what was rated (``{"id", "verdict"}``, for a comment to follow)."""
    if turn.error or not turn.answer_id:
        return "Cette question n'a pas eu de réponse : il n'y a rien à noter.", False, None
    if feedback.find(turn.answer_id) is None:  # the page kept it longer than the server did
        feedback.remember(history, turn.to_dict(), turn.answer_id)
    verdict = "useful" if liked is True else "not_useful" if liked is False else WITHDRAWN
    try:
        feedback.record(turn.answer_id, verdict)
    except OSError as exc:
        return f"Avis non enregistré ({exc.strerror or exc}).", False, None
    if verdict == WITHDRAWN:
        return "Avis retiré.", True, None
    said = "utile" if verdict == "useful" else "pas utile"
    rated = {"id": turn.answer_id, "verdict": verdict}
    return f"Merci : réponse notée « {said} ». Vous pouvez ajouter un commentaire.", True, rated


def comment_answer(feedback: Feedback, rated: dict | None, comment: str) -> tuple[str, bool]:
    """A comment on the answer the page rated last (``rated``, from :func:`rate_answer`): a message
    for the page, in French, and whether it was recorded."""
    comment = comment.strip()
    if not rated:
        return "Notez d'abord une réponse (👍 ou 👎) pour la commenter.", False
    if not comment:
        return "Le commentaire est vide.", False
    if len(comment) > MAX_COMMENT_CHARS:
        return f"Le commentaire fait {len(comment)} caractères ; la limite est {MAX_COMMENT_CHARS}.", False
    try:
        feedback.record(rated["id"], rated["verdict"], comment)
    except KeyError:
        return "Cette réponse est trop ancienne pour être commentée.", False
    except OSError as exc:
        return f"Commentaire non enregistré ({exc.strerror or exc}).", False
    return "Merci : commentaire enregistré.", True
