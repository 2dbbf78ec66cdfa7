"""The eval's metrics, defined once: what makes one answer right, and the figures of a run.

The runner (``assistant eval``), the quality gate (tests/test_eval.py) and the weight
calibration (eval/calibrate.py) all score with :func:`score` and sum up with :func:`summarize`.

* **citation accuracy**: answerable questions whose first citation is one of their sources;
* **citation precision**: citations, over all questions, that point to a source;
* **retrieval recall@1 / @5**: answerable questions with a source among the first 1 / 5 chunks;
* **answer accuracy**: answerable questions answered with every ``answer_contains`` string;
* **abstention recall**: unanswerable questions the assistant declined;
* **false abstention**: answerable questions it declined;
* **latency p50 / p95**: milliseconds per answer.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from assistant.evaluation.questions import Question, contains


@dataclass
class Outcome:
    """How one question was answered, and what was right about it."""

    id: str
    question: str
    kind: str
    sources: list[str]
    cited: list[str]
    abstained: bool
    primary_correct: bool
    answer_correct: bool
    recall_at_1: bool
    recall_at_5: bool
    latency_ms: float
    answer: str


@dataclass
class Report:
    """The figures of one run (one retriever mode on one questions file), with every outcome."""

    mode: str  # the retriever, and the split when there is one ("hybrid · test")
    n: int
    citation_accuracy: float
    citation_precision: float
    recall_at_1: float
    recall_at_5: float
    answer_accuracy: float
    abstention_recall: float
    false_abstention: float
    latency_p50_ms: float
    latency_p95_ms: float
    outcomes: list[Outcome] = field(default_factory=list)

    METRICS = (
        ("citation accuracy", "citation_accuracy"),
        ("citation precision", "citation_precision"),
        ("retrieval recall@1", "recall_at_1"),
        ("retrieval recall@5", "recall_at_5"),
        ("answer accuracy", "answer_accuracy"),
        ("abstention recall", "abstention_recall"),
        ("false abstention", "false_abstention"),
        ("latency p50 (ms)", "latency_p50_ms"),
        ("latency p95 (ms)", "latency_p95_ms"),
    )

    @property
    def wrong(self) -> list[Outcome]:
        """Answerable questions miscited or misanswered, and unanswerable ones answered."""
        return [
            o for o in self.outcomes
            if (o.sources and not (o.primary_correct and o.answer_correct)) or (not o.sources and not o.abstained)
        ]

    def to_dict(self) -> dict:
        return asdict(self)


def score(
    question: Question,
    cited: list[str],
    abstained: bool,
    answer_text: str,
    retrieved: list[str],
    latency_ms: float = 0.0,
) -> Outcome:
    """Judge one answer: ``cited`` and ``retrieved`` are release ids in order (citations, chunks)."""
    gold = set(question.sources)
    return Outcome(
        id=question.id,
        question=question.question,
        kind=question.kind,
        sources=list(question.sources),
        cited=cited,
        abstained=abstained,
        primary_correct=bool(cited) and cited[0] in gold,
        answer_correct=bool(gold) and not abstained and all(contains(answer_text, s) for s in question.answer_contains),
        recall_at_1=bool(gold & set(retrieved[:1])),
        recall_at_5=bool(gold & set(retrieved[:5])),
        latency_ms=round(latency_ms, 1),
        answer=answer_text,
    )


def summarize(outcomes: list[Outcome], mode: str = "hybrid") -> Report:
    """The figures of a run (shares rounded to 3 places, latencies to 0.1 ms)."""
    answerable = [o for o in outcomes if o.sources]
    unanswerable = [o for o in outcomes if not o.sources]
    latencies = [o.latency_ms for o in outcomes]
    return Report(
        mode=mode,
        n=len(outcomes),
        citation_accuracy=_share([o.primary_correct for o in answerable]),
        citation_precision=_share([c in o.sources for o in outcomes for c in o.cited]),
        recall_at_1=_share([o.recall_at_1 for o in answerable]),
        recall_at_5=_share([o.recall_at_5 for o in answerable]),
        answer_accuracy=_share([o.answer_correct for o in answerable]),
        abstention_recall=_share([o.abstained for o in unanswerable]),
        false_abstention=_share([o.abstained for o in answerable]),
        latency_p50_ms=round(percentile(latencies, 50), 1) if latencies else 0.0,
        latency_p95_ms=round(percentile(latencies, 95), 1) if latencies else 0.0,
        outcomes=outcomes,
    )


def _share(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 3) if flags else 0.0


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (``q`` in 0..100) of a non-empty list.

    >>> percentile([10.0, 20.0, 30.0, 40.0], 50)
    25.0
    """
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)
