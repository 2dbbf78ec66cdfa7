"""Fit the extractive answerer's ranker, confidence model and release model on the dev split,
and report what they are worth.

``python -m eval.calibrate`` reads the dev split only (its questions, on its own store): it
gathers the evidence of every candidate sentence of every dev question once (:mod:`eval.cases`),
labels a sentence right when it comes from a source release and holds an expected answer string,
fits the logistic regressions of :mod:`assistant.answering.confidence` (their L2 strength chosen
by 5-fold cross-validation over dev questions), chooses the abstention threshold and the
second-quote ratios on dev with the eval's own metrics, fits the release model of
:mod:`assistant.answering.quotes` and its threshold, and writes ``ranker.json``,
``confidence.json`` and ``releases.json`` beside them.

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
from assistant.answering.confidence import FEATURES, MODEL_PATH, RANKER_FEATURES, RANKER_GROUPS, RANKER_PATH, Model, fit
from assistant.evaluation.metrics import Report, summarize
from eval.cases import Case, gather, judge, merit, precise_merit, quoted, rank, reliability, row

L2 = (3.0, 10.0)
THRESHOLDS = tuple(round(t, 3) for t in np.arange(0.02, 0.96, 0.02))
RATIOS = (0.3, 0.5, 0.7, 0.85, 1.01)
RELEASE_THRESHOLDS = (0.3, 0.4, 0.5, 0.6)
FOLDS = 5
REPEATS = 3


def fit_ranker(cases: list[Case], l2: float, features: tuple[str, ...] = RANKER_FEATURES) -> Model:
    usable = [c for c in cases if c.scored]
    columns = {f: np.concatenate([c.columns[f] for c in usable]) for f in features}
    return fit(columns, np.concatenate([c.labels for c in usable]), features, l2=l2, fitted_on="dev")


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
        chosen = quoted(answerer, case)
        for s, features in quotes.other_releases(chosen, case.scored, case.question.question) if chosen else ():
            rows.append(features)
            labels.append(s.release_id in case.question.sources)
    if not any(labels):
        return None
    columns = {f: np.asarray([r[f] for r in rows]) for f in quotes.RELEASE_FEATURES}
    releases = fit(columns, np.asarray(labels), quotes.RELEASE_FEATURES, l2=l2, fitted_on="dev")

    def merit_at(threshold: float) -> float:
        answerer.releases = dataclasses.replace(releases, threshold=threshold)
        return precise_merit(judge(answerer, cases, model))

    answerer.releases = dataclasses.replace(releases, threshold=max(RELEASE_THRESHOLDS, key=merit_at))
    return answerer.releases


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


def _save(model: Model | None, path) -> None:
    """Write a fitted model beside the answerer's code, or remove the file of one not fitted."""
    if model is None:
        path.unlink(missing_ok=True)
    else:
        model.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description="Fit the answerer's ranker, confidence model and release model on the dev split.")
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
        _save(releases, quotes.RELEASES_PATH)
        print(f"release model fitted on {len(dev)} dev questions, threshold {releases and releases.threshold}")
        print(row("dev, fitted on", judge(answerer, dev, Model.load(MODEL_PATH))))
        return
    shipped = l2, ranker, model, releases = fitted(answerer, dev, ranker_features)
    model.save(MODEL_PATH)
    _save(releases, quotes.RELEASES_PATH)
    _save(ranker, RANKER_PATH)
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
