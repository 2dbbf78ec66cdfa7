"""Eval questions: the schema of a questions file, its loader and its validator.

A questions file is JSON lines with ``id``, ``question``, ``sources`` (release ids that
answer it; empty when nothing does), ``answer_contains`` (strings a correct answer holds),
``kind`` and, for follow-ups, ``history`` (earlier ``[question, answer_text]`` pairs)::

    {"id": "q028", "question": "Qui finance la campagne de sensibilisation dans les Caraïbes ?",
     "sources": ["002_cd64a4c7dfd5f85e"], "answer_contains": ["Bureau de la Population"], "kind": "who"}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assistant.text.normalize import fold, normalize_space, unify_apostrophes

KINDS = {"who", "what", "where", "when", "how_many", "why", "unanswerable", "multi"}
_FIELDS = {"id", "question", "sources", "answer_contains", "kind"}


class QuestionsError(ValueError):
    """A questions file that does not follow the schema; the message lists every problem."""


@dataclass(frozen=True)
class Question:
    """One eval question and what a correct answer cites and says."""

    id: str
    question: str
    sources: tuple[str, ...]
    answer_contains: tuple[str, ...]
    kind: str
    history: tuple[tuple[str, str], ...] = ()

    @property
    def answerable(self) -> bool:
        return bool(self.sources)


def contains(text: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``text``, ignoring accents, case, spacing and apostrophe style.

    The one test of "the answer holds it" (scoring) and "the release holds it" (validation):
    ``contains("Le Bureau de la population …", "bureau de la Population")`` is True.
    """
    def norm(s: str) -> str:
        return unify_apostrophes(normalize_space(fold(s)))

    return norm(needle) in norm(text)


def _check_row(row: dict, where: str, seen: set[str], release_texts: dict[str, str] | None) -> tuple[list[str], bool]:
    """The problems of one parsed row, and whether it is sound enough to become a Question."""
    if not isinstance(row, dict):
        return [f"{where}: not a JSON object"], False
    missing = _FIELDS - set(row)
    if missing:
        return [f"{where}: missing {', '.join(sorted(missing))}"], False
    problems = []
    if not isinstance(row["question"], str) or not row["question"].strip():
        problems.append(f"{where}: empty question")
    if not isinstance(row["sources"], list) or not isinstance(row["answer_contains"], list):
        return problems + [f"{where}: sources and answer_contains must be lists"], False
    history = row.get("history") or []
    if not isinstance(history, list) or not all(
        isinstance(t, list) and len(t) == 2 and all(isinstance(x, str) for x in t) for t in history
    ):
        return problems + [f"{where}: history must be a list of [question, answer_text] pairs"], False
    if row["id"] in seen:
        problems.append(f"{where}: duplicate id {row['id']!r}")
    seen.add(row["id"])
    if row["kind"] not in KINDS:
        problems.append(f"{where}: unknown kind {row['kind']!r} (one of {', '.join(sorted(KINDS))})")
    if (row["kind"] == "unanswerable") != (not row["sources"]):
        problems.append(f"{where}: kind 'unanswerable' goes with empty sources, and only with them")
    if release_texts is not None:
        for source in row["sources"]:
            if source not in release_texts:
                problems.append(f"{where}: unknown source release {source!r}")
        for needle in row["answer_contains"]:
            if not any(contains(release_texts.get(s, ""), needle) for s in row["sources"]):
                problems.append(f"{where}: {needle!r} occurs in none of its sources")
    return problems, True


def load_questions(path: str | Path, release_texts: dict[str, str] | None = None) -> list[Question]:
    """Read and validate a questions file.

    Checks the schema, unique ids, known kinds, and — when ``release_texts`` (id → text) is
    given — that every source exists and every ``answer_contains`` string occurs in one.
    Raises :class:`QuestionsError` listing every problem at once.
    """
    path = Path(path)
    problems: list[str] = []
    questions: list[Question] = []
    seen: set[str] = set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise QuestionsError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON ({exc.msg})")
            continue
        found, usable = _check_row(row, where, seen, release_texts)
        problems += found
        if usable:
            questions.append(
                Question(row["id"], row["question"], tuple(row["sources"]), tuple(row["answer_contains"]),
                         row["kind"], tuple((q, a) for q, a in row.get("history") or []))
            )
    if not questions and not problems:
        problems.append(f"{path}: no questions")
    if problems:
        raise QuestionsError("\n".join(problems))
    return questions


def questions_for(service, path: str | Path) -> list[Question]:
    """The questions of ``path``, checked against the releases of the service's store."""
    return load_questions(path, {r.id: service.release_text(r.id) for r in service.releases()})
