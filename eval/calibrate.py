"""Grid-search the extractive answerer's weights and abstention threshold on a questions file.

``python -m eval.calibrate [--questions FILE]`` scores every candidate sentence once, then
re-combines the cached features for each weight setting and prints the best settings
against the eval gate. The chosen values live in ``assistant.answering.extractive.Weights``.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools

from assistant import get_service
from assistant.answering.extractive import Weights
from assistant.evaluation.runner import DEFAULT_QUESTIONS, _matches, load_questions
from assistant.text.terms import detect_language


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", default=str(DEFAULT_QUESTIONS))
    args = parser.parse_args()
    service = get_service()
    answerer = service.answerer
    questions = load_questions(args.questions)
    cached = []
    for q in questions:
        query, chunks = service.retrieve(q.question)
        vector = service.store.embedder.query_vector(query)
        cached.append((q, answerer.score_sentences(query, vector, chunks)))

    grid = {
        "lexical": [0.2, 0.3],
        "type_match": [0.03, 0.06],
        "unknown_specific": [0.15, 0.25],
        "foreign_specific": [0.03, 0.06],
        "distant_specific": [0.0, 0.06, 0.1],
        "threshold": [0.88, 0.90, 0.92, 0.94],
        "threshold_en": [0.82, 0.84, 0.86],
    }
    results = []
    for values in itertools.product(*grid.values()):
        w = dataclasses.replace(Weights(), **dict(zip(grid, values)))
        answerer.weights = w
        acc = ans = fa = ab = 0
        n_ans = sum(q.answerable for q, _ in cached)
        n_un = len(cached) - n_ans
        for q, scored in cached:
            for s in scored:
                s.rescore(w)
            chosen = answerer.choose(scored, detect_language(q.question))
            if not q.answerable:
                ab += not chosen
                continue
            if not chosen:
                fa += 1
                continue
            acc += chosen[0].release_id in q.sources
            text = " ".join(s.text for s in chosen)
            ans += all(_matches(x, text) for x in q.answer_contains)
        row = (acc / n_ans, ans / n_ans, ab / n_un, fa / n_ans)
        results.append((row, values))
    passing = [r for r in results if r[0][0] >= 0.9 and r[0][3] <= 0.1]
    passing.sort(key=lambda r: -(r[0][1] + r[0][2] + r[0][0] - r[0][3]))
    print("citation_acc answer_acc abstention_recall false_abstention | " + " ".join(grid))
    for row, values in passing[:15]:
        print(" ".join(f"{x:.3f}" for x in row), "|", values)
    answerer.weights = Weights()


if __name__ == "__main__":
    main()
