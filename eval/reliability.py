"""The reliability table of the shipped models on a split (default: test), without fitting
anything: each question's confidence (the confidence model's probability that the best eligible
sentence answers) against whether the service's answer to it is right (cited to a source and
holding an expected string). ``python -m eval.calibrate --report`` prints one too, but refits the
models on dev first and saves them.

    python -m eval.reliability [--split test] [--bins 5]
"""

from __future__ import annotations

import argparse

from assistant.evaluation.metrics import score
from assistant.evaluation.runner import SPLITS, split_service
from eval.cases import reliability_table


def table(split: str = "test", bins: int = 5) -> list[str]:
    service = split_service(SPLITS[split], progress=False)
    rows = []
    for q in SPLITS[split].questions(service):
        history = list(q.history) or None
        answer = service.ask(q.question, history=history)
        query, chunks = service.retrieve(q.question, history=history)
        vector = service.store.embedder.query_vector(query)
        scored = service.answerer.score_sentences(query, vector, chunks, current=q.question)
        confidence = service.answerer.confidence(sorted(scored, key=lambda s: -s.score))
        outcome = score(q, [c.release_id for c in answer.citations], answer.abstained, answer.text, [], 0.0)
        rows.append((confidence, outcome.primary_correct and outcome.answer_correct))  # (an answer right is answered)
    return reliability_table(rows, bins)


def main() -> None:
    parser = argparse.ArgumentParser(description="Reliability table of the shipped models on a split.")
    parser.add_argument("--split", choices=sorted(SPLITS), default="test")
    parser.add_argument("--bins", type=int, default=5)
    args = parser.parse_args()
    print("\n".join(table(args.split, args.bins)))


if __name__ == "__main__":
    main()
