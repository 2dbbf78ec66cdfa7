"""Reciprocal-rank fusion: several rankings of the same chunks made into one.

A chunk scores ``1 / (k + rank)`` in each ranking that holds it (rank from 1), summed. Only
ranks count, so BM25 scores and cosine similarities need no calibration against each other;
``k`` (60, the value of the original paper) flattens the difference between the first ranks.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Fused:
    """One chunk after fusion: its summed score and its rank (from 0) in each ranking."""

    id: str
    score: float = 0.0
    ranks: dict[str, int] = field(default_factory=dict)


def reciprocal_rank_fusion(rankings: dict[str, list[str]], k: int, top_k: int,
                           keep_first: tuple[str, ...] = ()) -> list[Fused]:
    """The ``top_k`` best ids of the named rankings (ids, best first), best first; the first id of
    each ranking named in ``keep_first`` is kept among them, in place of the last ones. A chunk one
    retriever ranks first and the other does not rank at all scores below every chunk both rank,
    however low: BM25's best match for the names and words of "D'ici quand les ports de
    débarquement devront-ils disposer d'équipes …" was not among e5's first 20 chunks, and fell out.

    >>> [f.id for f in reciprocal_rank_fusion({"dense": ["a", "b"], "bm25": ["b", "c"]}, k=60, top_k=2)]
    ['b', 'a']
    >>> rankings = {"dense": ["a", "b", "c"], "bm25": ["d", "b", "c"]}
    >>> [f.id for f in reciprocal_rank_fusion(rankings, k=60, top_k=3)], [f.id for f in reciprocal_rank_fusion(
    ...     rankings, k=60, top_k=3, keep_first=("bm25",))]
    (['b', 'c', 'a'], ['b', 'c', 'd'])
    """
    fused: dict[str, Fused] = {}
    for name, ranking in rankings.items():
        for rank, cid in enumerate(ranking):
            entry = fused.setdefault(cid, Fused(cid))
            entry.score += 1.0 / (k + rank + 1)
            entry.ranks[name] = rank
    # sorted() is stable: ties keep first-seen order, as the dense ranking comes first
    best = sorted(fused.values(), key=lambda f: -f.score)[:top_k]
    chosen = {f.id for f in best}
    missing = [fused[cid] for cid in dict.fromkeys(rankings[name][0] for name in keep_first if rankings.get(name))
               if cid not in chosen]
    return best[: max(0, top_k - len(missing))] + missing[:top_k] if missing else best
