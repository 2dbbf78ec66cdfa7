"""Grid-search the extractive answerer's weights and abstention threshold on a questions file.

``python -m eval.calibrate`` reads the dev split only (its questions, on its own store), scores every candidate sentence once, then
re-combines the cached features for each weight setting, judges the quotes it would choose
with the eval's own metrics (``assistant.evaluation.metrics``) and prints the best settings
against the eval gate. The chosen values live in ``assistant.answering.extractive.Weights``.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools

from assistant.answering.extractive import Weights
from assistant.evaluation.metrics import Report, score, summarize
from assistant.evaluation.questions import questions_for
from assistant.evaluation.runner import SPLITS, split_service
from assistant.text.terms import detect_language

GRID = {
    "lexical": [0.2, 0.3],
    "type_match": [0.03, 0.06],
    "unknown_specific": [0.15, 0.25],
    "foreign_specific": [0.03, 0.06],
    "distant_specific": [0.0, 0.06, 0.1],
    "threshold": [0.88, 0.90, 0.92, 0.94],
    "threshold_en": [0.82, 0.84, 0.86],
}
FIGURES = ("citation_accuracy", "answer_accuracy", "abstention_recall", "false_abstention")


def judge(answerer, cached: list, weights: Weights) -> Report:
    """The eval's figures for ``weights``, from the cached sentence features of every question."""
    answerer.weights = weights
    outcomes = []
    for q, scored, retrieved in cached:
        for s in scored:
            s.rescore(weights)
        chosen = answerer.choose(scored, detect_language(q.question), q.question)
        text = " ".join(s.text for s in chosen)
        outcomes.append(score(q, [s.release_id for s in chosen], not chosen, text, retrieved))
    return summarize(outcomes)


def main() -> None:
    parser = argparse.ArgumentParser(description="Grid-search the answerer's weights on the dev split only.")
    parser.parse_args()
    # the dev split on its own store: the test split is never read here (README, "Eval")
    service = split_service(SPLITS["dev"])
    answerer = service.answerer
    questions = questions_for(service, SPLITS["dev"].questions)
    cached = []
    for q in questions:
        # as the service answers: retrieve with the follow-up's condensed query, judge the
        # kind of fact asked from the question as typed
        query, chunks = service.retrieve(q.question, history=list(q.history) or None)
        vector = service.store.embedder.query_vector(query)
        scored = answerer.score_sentences(query, vector, chunks, current=q.question)
        cached.append((q, scored, [c.release_id for c in chunks]))

    results = []
    for values in itertools.product(*GRID.values()):
        report = judge(answerer, cached, dataclasses.replace(Weights(), **dict(zip(GRID, values))))
        results.append((tuple(getattr(report, f) for f in FIGURES), values))
    shipped = judge(answerer, cached, Weights())  # and the shipped weights back in place
    passing = [r for r in results if r[0][0] >= 0.9 and r[0][3] <= 0.1]
    passing.sort(key=lambda r: -(r[0][1] + r[0][2] + r[0][0] - r[0][3]))
    print("citation_acc answer_acc abstention_recall false_abstention | " + " ".join(GRID))
    print(" ".join(f"{getattr(shipped, f):.3f}" for f in FIGURES), "| the shipped Weights()")
    for row, values in passing[:15]:
        print(" ".join(f"{x:.3f}" for x in row), "|", values)


if __name__ == "__main__":
    main()
