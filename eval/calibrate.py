"""Fit the extractive answerer's confidence model on the dev split, and report what it is worth.

``python -m eval.calibrate`` reads the dev split only (its questions, on its own store): it
gathers the evidence of every candidate sentence of every dev question once, labels a sentence
right when it comes from a source release and holds an expected answer string, fits the logistic
regression of :mod:`assistant.answering.confidence` (its L2 strength chosen by 5-fold
cross-validation over dev questions), chooses the abstention threshold and the second-quote
ratio on dev with the eval's own metrics, and writes ``assistant/answering/confidence.json``.

``--report`` then prints the figures of the models fitted this way
on dev (cross-validated: each question answered by models fitted on the other folds) and on test,
and the test split's reliability table. The test split is only ever scored, never fitted or chosen on.
"""

from __future__ import annotations

import argparse
import dataclasses
import random

import numpy as np

from assistant.answering import quotes
from assistant.answering.confidence import (
    FEATURES,
    MODEL_PATH,
    RANKER_FEATURES,
    RANKER_GROUPS,
    RANKER_PATH,
    Model,
    evidence,
    fit,
    sentence_evidence,
)
from assistant.evaluation.metrics import Report, score, summarize
from assistant.evaluation.questions import contains
from assistant.evaluation.runner import SPLITS, split_service
from assistant.text.terms import detect_language

L2 = (3.0, 10.0)
THRESHOLDS = tuple(round(t, 3) for t in np.arange(0.02, 0.96, 0.02))
RATIOS = (0.3, 0.5, 0.7, 0.85, 1.01)
RELEASE_THRESHOLDS = (0.3, 0.4, 0.5, 0.6)
FOLDS = 5
REPEATS = 3


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


def fit_ranker(cases: list[Case], l2: float, features: tuple[str, ...] = RANKER_FEATURES) -> Model:
    usable = [c for c in cases if c.scored]
    columns = {f: np.concatenate([c.columns[f] for c in usable]) for f in features}
    return fit(columns, np.concatenate([c.labels for c in usable]), features, l2=l2, fitted_on="dev")


def judge(answerer, cases: list[Case], model: Model) -> Report:
    """The eval's figures when ``model`` decides, from the cached evidence of every question."""
    answerer.model = model
    outcomes = []
    for case in cases:
        q = case.question
        chosen = answerer.choose(case.scored, detect_language(q.question), q.question) if case.features else []
        text = " ".join(s.text for s in chosen)
        outcomes.append(score(q, [s.release_id for s in chosen], not chosen, text, case.retrieved))
    return summarize(outcomes)


def merit(report: Report) -> float:
    """What the thresholds are chosen for: the four figures of the eval's gate, weighed alike."""
    return (report.citation_accuracy + report.answer_accuracy + report.abstention_recall
            - report.false_abstention)


def trained(answerer, cases: list[Case], features: tuple[str, ...], l2: float) -> Model:
    """A model fitted on ``cases``, with the thresholds that serve them best (chosen without
    quotes of other releases), and the answerer's release model fitted with it."""
    answerer.releases = None
    usable = [c for c in cases if c.features]
    columns = {f: np.asarray([c.features[f] for c in usable]) for f in features}
    model = fit(columns, np.asarray([c.right for c in usable]), features, l2=l2, fitted_on="dev")
    # the threshold with the further quotes as loose as the grid allows, then the ratios for it
    loose = dataclasses.replace(model, second_ratio=RATIOS[0], same_release_ratio=RATIOS[0])
    threshold = max(THRESHOLDS, key=lambda t: merit(judge(answerer, cases, dataclasses.replace(loose, threshold=t))))
    ratios = max(((r, q) for r in RATIOS for q in RATIOS), key=lambda rq: merit(judge(
        answerer, cases, dataclasses.replace(model, threshold=threshold, second_ratio=rq[0], same_release_ratio=rq[1]))))
    model = dataclasses.replace(model, threshold=threshold, second_ratio=ratios[0], same_release_ratio=ratios[1])
    fit_releases(answerer, cases, model, l2)
    return model


def fit_releases(answerer, cases: list[Case], model: Model, l2: float) -> Model | None:
    """The release model (:mod:`assistant.answering.quotes`), fitted on the questions ``model``
    answers: each other retrieved release's best eligible sentence, against whether the release
    is a source; its threshold the one that serves the answers and the citations' precision best.
    Set on ``answerer`` too (None when no question has a further source to learn from)."""
    answerer.model, answerer.releases = model, None
    rows, labels = [], []
    for case in cases:
        q = case.question
        chosen = answerer.choose(case.scored, detect_language(q.question), q.question) if case.features else []
        for s, features in quotes.other_releases(chosen, case.scored, q.question) if chosen else ():
            rows.append(features)
            labels.append(s.release_id in q.sources)
    if not any(labels):
        return None
    columns = {f: np.asarray([r[f] for r in rows]) for f in quotes.RELEASE_FEATURES}
    releases = fit(columns, np.asarray(labels), quotes.RELEASE_FEATURES, l2=l2, fitted_on="dev")

    def merit_at(threshold: float) -> float:
        answerer.releases = dataclasses.replace(releases, threshold=threshold)
        return precise_merit(judge(answerer, cases, model))

    answerer.releases = dataclasses.replace(releases, threshold=max(RELEASE_THRESHOLDS, key=merit_at))
    return answerer.releases


def precise_merit(report: Report) -> float:
    """The merit, with the share of citations that point to a source counted too."""
    return merit(report) + report.citation_precision


def release_of(case: Case) -> str:
    """The release a question is about: its first source, or for a question no release answers,
    the release retrieval put first (what it is close to)."""
    sources = sorted(case.question.sources)
    return sources[0] if sources else (case.retrieved[0] if case.retrieved else "")


def folds(cases: list[Case], seed: int, by_release: bool = False) -> list[int]:
    """Each case's fold in one shuffle: questions dealt out in turn, or, ``by_release``, whole
    releases, so that a held-out question is about a release no fitted question was about (as
    users' questions about releases added later are)."""
    keys = [release_of(c) for c in cases] if by_release else list(range(len(cases)))
    order = sorted(set(keys))
    random.Random(seed).shuffle(order)
    fold_of = {key: n % FOLDS for n, key in enumerate(order)}
    return [fold_of[key] for key in keys]


def cross_validated(answerer, cases: list[Case], features: tuple[str, ...], l2: float,
                    ranker_features: tuple[str, ...] | None = RANKER_FEATURES, by_release: bool = False) -> Report:
    """Dev figures with every question answered by models fitted on the other folds, over
    ``REPEATS`` shuffles of the folds (a few questions more or less right is noise at this size);
    ``by_release``: folds of whole releases (:func:`folds`)."""
    outcomes = []
    for seed in range(REPEATS):
        fold = folds(cases, seed, by_release)
        for k in range(FOLDS):
            held = [c for i, c in enumerate(cases) if fold[i] == k]
            rest = [c for i, c in enumerate(cases) if fold[i] != k]
            rank(cases, fit_ranker(rest, l2, ranker_features) if ranker_features else None)
            outcomes += judge(answerer, held, trained(answerer, rest, features, l2)).outcomes
    return summarize(outcomes)


def choose_l2(answerer, cases: list[Case], features: tuple[str, ...],
              ranker_features: tuple[str, ...] | None = RANKER_FEATURES) -> float:
    return max(L2, key=lambda l2: merit(cross_validated(answerer, cases, features, l2, ranker_features)))


def row(name: str, report: Report) -> str:
    figures = ("citation_accuracy", "answer_accuracy", "abstention_recall", "false_abstention")
    return f"| {name} | " + " | ".join(f"{getattr(report, f):.3f}" for f in figures)


def reliability(cases: list[Case], model: Model, bins: int = 5) -> list[str]:
    """The confidence of each question's answer, binned, against the share of those answers
    that are right (cited to a source and holding an expected string)."""
    lines = ["| confidence | questions | answer right |", "| --- | --- | --- |"]
    edges = np.linspace(0, 1, bins + 1)
    confidences = [(model.probability(c.features) if c.features else 0.0, c.right) for c in cases]
    for lo, hi in zip(edges[:-1], edges[1:]):
        inside = [right for p, right in confidences if lo <= p < hi or (hi == 1 and p == 1)]
        share = f"{sum(inside) / len(inside):.2f}" if inside else "–"
        lines.append(f"| {lo:.1f}–{hi:.1f} | {len(inside)} | {share} |")
    return lines


Fitted = tuple[float, "Model | None", Model, "Model | None"]


def fitted(answerer, dev: list[Case], ranker_features: tuple[str, ...] | None) -> Fitted:
    """The L2 strength, the ranker on ``ranker_features`` (None: the hand-set score ranks), the
    confidence model and the release model, all chosen and fitted on dev; dev is left ranked by
    that ranker."""
    l2 = choose_l2(answerer, dev, FEATURES, ranker_features)
    ranker = fit_ranker(dev, l2, ranker_features) if ranker_features else None
    rank(dev, ranker)
    model = trained(answerer, dev, FEATURES, l2)
    return l2, ranker, model, answerer.releases


def report_row(name: str, answerer, dev: list[Case], test: list[Case], ranker_features: tuple[str, ...] | None,
               fit: Fitted) -> str:
    """The dev figures (cross-validated) and the test figures of one way of fitting."""
    l2, ranker, model, releases = fit
    dev_figures = row(name, cross_validated(answerer, dev, FEATURES, l2, ranker_features))
    rank(test, ranker)
    answerer.releases = releases
    return dev_figures + row("", judge(answerer, test, model))[3:] + " |"


def _save_releases(releases: Model | None) -> None:
    if releases is None:
        quotes.RELEASES_PATH.unlink(missing_ok=True)
    else:
        releases.save(quotes.RELEASES_PATH)


def main() -> None:
    parser = argparse.ArgumentParser(description="Fit the answerer's ranker and confidence model on the dev split.")
    parser.add_argument("--report", action="store_true",
                        help="also print dev (cross-validated) and test figures, ablations, reliability")
    parser.add_argument("--hand", action="store_true", help="rank by the hand-set score (no learned ranker)")
    parser.add_argument("--ablation", action="store_true",
                        help="with --report: also a row per kind of evidence left out of the ranker (refitted on dev)")
    parser.add_argument("--releases", action="store_true",
                        help="fit only the release model (further quotes of other releases), on the shipped ranker and confidence")
    args = parser.parse_args()
    ranker_features = None if args.hand else RANKER_FEATURES
    answerer, dev = gather("dev")
    if args.releases:  # the shipped ranker and confidence model, as they are
        rank(dev, Model.load(RANKER_PATH) if RANKER_PATH.exists() else None)
        releases = fit_releases(answerer, dev, Model.load(MODEL_PATH), L2[0])
        _save_releases(releases)
        print(f"release model fitted on {len(dev)} dev questions, threshold {releases and releases.threshold}")
        print(row("dev, fitted on", judge(answerer, dev, Model.load(MODEL_PATH))))
        return
    shipped = l2, ranker, model, releases = fitted(answerer, dev, ranker_features)
    model.save(MODEL_PATH)
    _save_releases(releases)
    if ranker:
        ranker.save(RANKER_PATH)
    else:
        RANKER_PATH.unlink(missing_ok=True)
    print(f"fitted on {len(dev)} dev questions, L2 {l2}, threshold {model.threshold}, second ratio "
          f"{model.second_ratio} (same release {model.same_release_ratio}): {MODEL_PATH}")
    print(row("dev, fitted on", judge(answerer, dev, model)))
    if not args.report:
        return
    _, test = gather("test")
    print("| evidence | dev citation | answer | abstention | false abst. | test citation | answer | abstention | false abst. |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(report_row("all", answerer, dev, test, ranker_features, shipped))
    if args.ablation:
        for group, left_out in RANKER_GROUPS.items():
            features = tuple(f for f in RANKER_FEATURES if f not in left_out)
            print(report_row(f"without {group}", answerer, dev, test, features, fitted(answerer, dev, features)))
    print(row("dev, cross-validated by release", cross_validated(answerer, dev, FEATURES, l2, ranker_features,
                                                                  by_release=True)) + " |")
    rank(test, ranker)
    answerer.releases = releases
    print()
    print("\n".join(reliability(test, model)))


if __name__ == "__main__":
    main()
