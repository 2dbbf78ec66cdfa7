"""The eval splits' questions as calibration reads them: every candidate sentence's evidence
gathered once per question (:class:`Case`), ranked by a ranker, and the eval's figures when a
confidence model decides from that cache, without asking the service again.

:mod:`eval.calibrate` fits the models on these; the reliability table is read from them too.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from assistant.answering.confidence import Model, evidence, sentence_evidence
from assistant.evaluation.metrics import Report, score, summarize
from assistant.evaluation.questions import contains
from assistant.evaluation.runner import SPLITS, split_service
from assistant.text.terms import detect_language


@dataclasses.dataclass
class Case:
    """One question, its ranked candidates, the evidence about its answer (None: no candidate
    holds what was asked), whether that answer is right, and the releases retrieved for it."""

    question: object
    scored: list
    features: dict[str, float] | None
    right: bool
    retrieved: list[str]
    labels: np.ndarray  # per candidate: from a source and holding an expected string
    columns: dict[str, np.ndarray]  # the ranker's evidence per candidate


def gather(split: str) -> tuple[object, list[Case]]:
    """Every question of ``split`` answered once, as the service does, keeping the evidence."""
    service = split_service(SPLITS[split])
    answerer = service.answerer
    answerer.ranker = None  # the hand-set scores; ranked by the fitted ranker below
    cases = []
    for q in SPLITS[split].questions(service):
        # as the service answers: retrieve with the follow-up's condensed query, judge the
        # kind of fact asked from the question as typed
        query, chunks = service.retrieve(q.question, history=list(q.history) or None)
        vector = service.store.embedder.query_vector(query)
        scored = answerer.score_sentences(query, vector, chunks, current=q.question)
        labels = np.asarray([s.release_id in q.sources and (
            not q.answer_contains or any(contains(s.text, a) for a in q.answer_contains)) for s in scored])
        cases.append(Case(q, scored, None, False, [c.release_id for c in chunks], labels,
                          sentence_evidence(scored) if scored else {}))
    return answerer, cases


def rank(cases: list[Case], ranker: Model | None) -> None:
    """Order each question's candidates by ``ranker`` (the hand-set score if None), and note the
    evidence about the answer it leads to and whether that answer is right."""
    for case in cases:
        if not case.scored:
            continue
        probabilities = ranker.probability(case.columns) if ranker else [s.hand for s in case.scored]
        for s, p in zip(case.scored, probabilities):
            s.score = float(p)
        order = sorted(range(len(case.scored)), key=lambda i: -case.scored[i].score)
        case.scored = [case.scored[i] for i in order]
        case.labels = case.labels[order]
        case.columns = {k: v[order] for k, v in case.columns.items()}
        case.features = evidence(case.scored)
        best = next((i for i, s in enumerate(case.scored) if s.eligible), None)
        case.right = best is not None and bool(case.labels[best])


def judge(answerer, cases: list[Case], model: Model) -> Report:
    """The eval's figures when ``model`` decides, from the cached evidence of every question."""
    answerer.model = model
    outcomes = []
    for case in cases:
        chosen = quoted(answerer, case)
        text = " ".join(s.text for s in chosen)
        outcomes.append(score(case.question, [s.release_id for s in chosen], not chosen, text, case.retrieved))
    return summarize(outcomes)


def quoted(answerer, case: Case) -> list:
    """The sentences ``answerer`` quotes for ``case`` from its cached candidates (none: abstains)."""
    q = case.question
    return answerer.choose(case.scored, detect_language(q.question), q.question) if case.features else []


def merit(report: Report) -> float:
    """What the thresholds are chosen for: the four figures of the eval's gate, weighed alike."""
    return (report.citation_accuracy + report.answer_accuracy + report.abstention_recall
            - report.false_abstention)


def precise_merit(report: Report) -> float:
    """The merit, with the share of citations that point to a source counted too."""
    return merit(report) + report.citation_precision


def row(name: str, report: Report) -> str:
    figures = ("citation_accuracy", "answer_accuracy", "abstention_recall", "false_abstention")
    return f"| {name} | " + " | ".join(f"{getattr(report, f):.3f}" for f in figures)


def reliability(cases: list[Case], model: Model, bins: int = 5) -> list[str]:
    """The confidence of each question's answer, binned, against the share of those answers
    that are right (cited to a source and holding an expected string)."""
    return reliability_table([(model.probability(c.features) if c.features else 0.0, c.right) for c in cases], bins)


def reliability_table(confidences: list[tuple[float, bool]], bins: int = 5) -> list[str]:
    """(confidence, answer right) pairs in ``bins`` equal bins of confidence, as Markdown rows."""
    lines = ["| confidence | questions | answer right |", "| --- | --- | --- |"]
    edges = np.linspace(0, 1, bins + 1)
    for lo, hi in zip(edges[:-1], edges[1:]):
        inside = [right for p, right in confidences if lo <= p < hi or (hi == 1 and p == 1)]
        share = f"{sum(inside) / len(inside):.2f}" if inside else "–"
        lines.append(f"| {lo:.1f}–{hi:.1f} | {len(inside)} | {share} |")
    return lines
