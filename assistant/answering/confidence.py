"""The extractive answerer's two learned models: which sentence answers, and whether to answer.

The **ranker** is a logistic regression over each candidate sentence's evidence
(:func:`sentence_evidence`: its hand-set score, e5 similarity and how the sentence stands out from
its release, term overlap, the ranks of its chunk, the answer type, the question's names and
numbers, whether it is the lede, the question's language); its probability orders the
candidates, and the best one that holds what was asked
(:attr:`~assistant.answering.candidates.ScoredSentence.eligible`) is the answer. The
**confidence** is a logistic regression over the evidence about that answer and its rivals
(:func:`evidence`): the probability that it is right. Under ``threshold`` the answerer says the
releases do not answer. Both are fitted on the dev split only (``python -m eval.calibrate``),
which writes ``ranker.json`` and ``confidence.json`` beside this module: the features, their
scaling, the weights, and the thresholds chosen on dev.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from assistant.answering.slots import HARD_TYPES

MODEL_PATH = Path(__file__).with_name("confidence.json")
RANKER_PATH = Path(__file__).with_name("ranker.json")

# what each kind of evidence contributes (the README's ablation rows drop one group at a time)
GROUPS: dict[str, tuple[str, ...]] = {
    "ranking score": ("score", "score_gap"),
    "e5 similarity": ("dense", "dense_gap"),
    "term overlap": ("lexical", "window_lexical", "focus"),
    "retrieval ranks": ("chunk_rank", "chunk_dense_rank", "chunk_bm25_rank"),
    "answer type": ("type_match", "hard", "passed_over"),
    "names and numbers": ("unknown", "foreign", "distant"),
    "places": ("place_match", "place_conflict"),
    "language": ("english",),
}
FEATURES: tuple[str, ...] = tuple(f for group in GROUPS.values() for f in group)


RANKER_GROUPS: dict[str, tuple[str, ...]] = {
    "ranking score": ("score",),
    "e5 similarity": ("dense", "dense_gap", "dense_rank", "dense_z", "centrality"),
    "term overlap": ("lexical", "lexical_gap", "window_lexical", "focus"),
    "retrieval ranks": ("chunk_rank", "chunk_dense_rank", "chunk_bm25_rank"),
    "answer type": ("type_match", "hard_missing", "unfit"),
    "names and numbers": ("unknown", "foreign", "distant"),
    "position": ("lede", "contact"),
    "language": ("english",),
}
RANKER_FEATURES: tuple[str, ...] = tuple(f for group in RANKER_GROUPS.values() for f in group)


def sentence_evidence(scored: list) -> dict[str, np.ndarray]:
    """The ranker's features of each candidate sentence, some relative to the others."""
    dense = np.asarray([s.dense for s in scored])
    lexical = np.asarray([s.lexical for s in scored])
    order = np.argsort(-dense, kind="stable")
    dense_rank = np.empty(len(scored))
    dense_rank[order] = np.arange(len(scored))
    hard = np.asarray([s.kind in HARD_TYPES for s in scored])
    type_match = np.asarray([s.type_match for s in scored])
    return {
        "score": np.asarray([s.hand for s in scored]),
        "dense": dense,
        "dense_gap": dense - dense.max(),
        "dense_rank": 1.0 / (1 + dense_rank),
        "dense_z": np.asarray([s.dense_z for s in scored]),
        "centrality": np.asarray([s.centrality for s in scored]),
        "lexical": lexical,
        "lexical_gap": lexical - lexical.max(),
        "window_lexical": np.asarray([s.window_lexical for s in scored]),
        "focus": np.asarray([s.focus for s in scored]),
        "chunk_rank": np.asarray([_inverse_rank(s.chunk_rank) for s in scored]),
        "chunk_dense_rank": np.asarray([_inverse_rank(s.chunk_dense_rank) for s in scored]),
        "chunk_bm25_rank": np.asarray([_inverse_rank(s.chunk_bm25_rank) for s in scored]),
        "type_match": type_match,
        "hard_missing": (hard & (type_match <= 0)).astype(float),
        "unfit": np.asarray([float(not s.fits) for s in scored]),
        "unknown": np.asarray([float(s.unknown) for s in scored]),
        "foreign": np.asarray([float(s.foreign) for s in scored]),
        "distant": np.asarray([float(s.distant) for s in scored]),
        "lede": np.asarray([float(s.index == 0) for s in scored]),
        "contact": np.asarray([float(s.contact) for s in scored]),
        "english": np.asarray([float(s.english) for s in scored]),
    }


def _inverse_rank(rank: int | None) -> float:
    return 0.0 if rank is None else 1.0 / (1 + rank)


def evidence(ranked: list) -> dict[str, float] | None:
    """The features of a question's answer, from its candidates ranked best first
    (:class:`~assistant.answering.candidates.ScoredSentence`); None when none is eligible."""
    eligible = [s for s in ranked if s.eligible]
    if not eligible:
        return None
    best = eligible[0]
    rival = next((s for s in eligible[1:] if s.release_id != best.release_id or abs(s.index - best.index) > 1), None)
    return {
        "score": best.score,
        "score_gap": best.score - (rival.score if rival else ranked[-1].score),
        "dense": best.dense,
        "dense_gap": max(s.dense for s in ranked) - best.dense,
        "lexical": best.lexical,
        "window_lexical": best.window_lexical,
        "focus": best.focus,
        "chunk_rank": _inverse_rank(best.chunk_rank),
        "chunk_dense_rank": _inverse_rank(best.chunk_dense_rank),
        "chunk_bm25_rank": _inverse_rank(best.chunk_bm25_rank),
        "type_match": best.type_match,
        "hard": float(best.kind in HARD_TYPES or best.role_held),
        "passed_over": float(ranked[0] is not best),  # a better-scored sentence lacked what was asked
        "unknown": float(best.unknown),
        "foreign": float(best.foreign),
        "distant": float(best.distant),
        "place_match": best.place_match,
        "place_conflict": best.place_conflict,
        "english": float(best.english),
    }


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass(frozen=True)
class Model:
    """A fitted logistic regression and the decision thresholds chosen with it on dev."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    bias: float
    threshold: float = 0.5  # under it: abstain
    second_ratio: float = 0.93  # a further quote scores at least this share of the best one
    same_release_ratio: float = 0.93  # and, from the best one's release, at least this share
    fitted_on: str = ""

    def probability(self, features: dict) -> float | np.ndarray:
        """The confidence of one answer (feature name → value), or of each row when the values
        are arrays."""
        x = np.column_stack([np.atleast_1d(np.asarray(features[f], dtype=np.float64)) for f in self.features])
        p = sigmoid(((x - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(self.coef) + self.bias)
        return float(p[0]) if np.ndim(features[self.features[0]]) == 0 else p

    def save(self, path: Path = MODEL_PATH) -> None:
        path.write_text(json.dumps(asdict(self), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Model:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


def fit(columns: dict[str, np.ndarray], labels: np.ndarray, features: tuple[str, ...] = FEATURES,
        l2: float = 1.0, fitted_on: str = "") -> Model:
    """L2-regularised logistic regression by Newton's method on standardised features."""
    x = np.column_stack([columns[f] for f in features]).astype(np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.column_stack([(x - mean) / scale, np.ones(len(x))])
    y = labels.astype(np.float64)
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(50):
        p = sigmoid(z @ w)
        gradient = z.T @ (p - y) + penalty * w
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return Model(features=tuple(features), mean=tuple(mean.tolist()), scale=tuple(scale.tolist()),
                 coef=tuple(w[:-1].tolist()), bias=float(w[-1]), fitted_on=fitted_on)
