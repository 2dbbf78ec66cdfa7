"""Citation-accuracy evaluation: questions with known source releases, scored.

A questions file is JSON lines with ``id``, ``question``, ``sources`` (release ids that
answer it; empty when nothing does), ``answer_contains`` (strings a correct answer holds),
``kind`` and, for follow-ups, ``history`` (earlier ``[question, answer_text]`` pairs). The
runner asks every question through the same service as ``answer()``.

Two splits ship (README, "Eval"): **dev**, the questions the answerer was written and
calibrated against, over the shipped releases; **test**, frozen questions written afterwards
and tuned on by nothing, over the shipped releases and releases invented for testing
(``eval/test/``). Each split is evaluated on a store of its own, built on first use under
``eval/.stores/``: the user's store is never touched.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.config import PROJECT_ROOT, Settings
from assistant.text.normalize import fold, normalize_space, unify_apostrophes

DEFAULT_QUESTIONS = PROJECT_ROOT / "eval" / "questions.jsonl"
TEST_QUESTIONS = PROJECT_ROOT / "eval" / "test" / "questions.jsonl"
SHIPPED_RELEASES = PROJECT_ROOT / "store" / "releases"
SPLIT_STORES = PROJECT_ROOT / "eval" / ".stores"


@dataclass(frozen=True)
class Split:
    """A questions file and the release folders its store is built from."""

    name: str
    questions: Path
    releases: tuple[Path, ...]

    @property
    def store(self) -> Path:
        return SPLIT_STORES / self.name


SPLITS = {
    "dev": Split("dev", DEFAULT_QUESTIONS, (SHIPPED_RELEASES,)),
    "test": Split("test", TEST_QUESTIONS, (SHIPPED_RELEASES, PROJECT_ROOT / "eval" / "test" / "releases")),
}
KINDS = {"who", "what", "where", "when", "how_many", "why", "unanswerable", "multi"}
MODES = ("hybrid", "dense", "bm25")


class QuestionsError(ValueError):
    """A questions file that does not follow the schema; the message lists every problem."""


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    sources: tuple[str, ...]
    answer_contains: tuple[str, ...]
    kind: str
    history: tuple[tuple[str, str], ...] = ()

    @property
    def answerable(self) -> bool:
        return bool(self.sources)


def _matches(needle: str, haystack: str) -> bool:
    """Accent-, case- and whitespace-insensitive containment, apostrophes unified."""
    def norm(s: str) -> str:
        return unify_apostrophes(normalize_space(fold(s)))

    return norm(needle) in norm(haystack)


def load_questions(path: str | Path, release_texts: dict[str, str] | None = None) -> list[Question]:
    """Read and validate a questions file.

    Checks the schema, unique ids, known kinds, and — when ``release_texts`` (id → text) is
    given — that every source exists and every ``answer_contains`` string occurs in one.
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
        missing = {"id", "question", "sources", "answer_contains", "kind"} - set(row)
        if missing:
            problems.append(f"{where}: missing {', '.join(sorted(missing))}")
            continue
        if not isinstance(row["question"], str) or not row["question"].strip():
            problems.append(f"{where}: empty question")
        if not isinstance(row["sources"], list) or not isinstance(row["answer_contains"], list):
            problems.append(f"{where}: sources and answer_contains must be lists")
            continue
        history = row.get("history") or []
        if not isinstance(history, list) or not all(
            isinstance(t, list) and len(t) == 2 and all(isinstance(x, str) for x in t) for t in history
        ):
            problems.append(f"{where}: history must be a list of [question, answer_text] pairs")
            continue
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
                if not any(_matches(needle, release_texts.get(s, "")) for s in row["sources"]):
                    problems.append(f"{where}: {needle!r} occurs in none of its sources")
        questions.append(
            Question(row["id"], row["question"], tuple(row["sources"]), tuple(row["answer_contains"]), row["kind"],
                     tuple((q, a) for q, a in history))
        )
    if not questions and not problems:
        problems.append(f"{path}: no questions")
    if problems:
        raise QuestionsError("\n".join(problems))
    return questions


@dataclass
class Outcome:
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
        return [
            o for o in self.outcomes
            if (o.sources and not (o.primary_correct and o.answer_correct)) or (not o.sources and not o.abstained)
        ]

    def to_dict(self) -> dict:
        return asdict(self)


def _share(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 3) if flags else 0.0


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (``q`` in 0..100) of a non-empty list."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _percentile(values: list[float], q: float) -> float:
    return round(percentile(values, q), 1) if values else 0.0


def evaluate(service, questions: list[Question], mode: str = "hybrid") -> Report:
    """Ask every question through ``service`` and score citations, answers and abstentions."""
    outcomes: list[Outcome] = []
    for q in questions:
        started = time.perf_counter()
        history = list(q.history) or None
        answer = service.ask(q.question, history=history, mode=mode)
        latency = 1000 * (time.perf_counter() - started)
        _, chunks = service.retrieve(q.question, history=history, mode=mode)
        retrieved = [c.release_id for c in chunks]
        cited = [c.release_id for c in answer.citations]
        gold = set(q.sources)
        outcomes.append(
            Outcome(
                id=q.id,
                question=q.question,
                kind=q.kind,
                sources=list(q.sources),
                cited=cited,
                abstained=answer.abstained,
                primary_correct=bool(cited) and cited[0] in gold,
                answer_correct=bool(gold) and not answer.abstained
                and all(_matches(s, answer.text) for s in q.answer_contains),
                recall_at_1=bool(gold & set(retrieved[:1])),
                recall_at_5=bool(gold & set(retrieved[:5])),
                latency_ms=round(latency, 1),
                answer=answer.text,
            )
        )
    answerable = [o for o in outcomes if o.sources]
    unanswerable = [o for o in outcomes if not o.sources]
    all_citations = [c in o.sources for o in outcomes for c in o.cited]
    latencies = [o.latency_ms for o in outcomes]
    return Report(
        mode=mode,
        n=len(outcomes),
        citation_accuracy=_share([o.primary_correct for o in answerable]),
        citation_precision=_share(all_citations),
        recall_at_1=_share([o.recall_at_1 for o in answerable]),
        recall_at_5=_share([o.recall_at_5 for o in answerable]),
        answer_accuracy=_share([o.answer_correct for o in answerable]),
        abstention_recall=_share([o.abstained for o in unanswerable]),
        false_abstention=_share([o.abstained for o in answerable]),
        latency_p50_ms=_percentile(latencies, 50),
        latency_p95_ms=_percentile(latencies, 95),
        outcomes=outcomes,
    )


def format_table(reports: list[Report]) -> str:
    header = ["metric"] + [r.mode for r in reports]
    rows = [header, ["questions"] + [str(r.n) for r in reports]]
    for label, attr in Report.METRICS:
        rows.append([label] + [f"{getattr(r, attr):.3g}" if "latency" in attr else f"{getattr(r, attr):.3f}" for r in reports])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_wrong(report: Report, limit: int = 40) -> str:
    lines = [f"Questions wrong with {report.mode} ({len(report.wrong)}):"]
    for o in report.wrong[:limit]:
        got = "abstained" if o.abstained else f"cited {', '.join(o.cited)}"
        want = ", ".join(o.sources) or "abstention"
        lines.append(f"  {o.id} [{o.kind}] {o.question}\n      expected {want}; {got}")
    return "\n".join(lines)


def write_markdown(reports: list[Report], directory: Path) -> Path:
    """A Markdown report with a bar chart (PNG) comparing the retriever modes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    directory.mkdir(parents=True, exist_ok=True)
    metrics = [(label, attr) for label, attr in Report.METRICS if "latency" not in attr]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.8 / len(reports)
    for i, report in enumerate(reports):
        xs = [j + i * width for j in range(len(metrics))]
        ax.bar(xs, [getattr(report, attr) for _, attr in metrics], width, label=report.mode)
    ax.set_xticks([j + width * (len(reports) - 1) / 2 for j in range(len(metrics))])
    ax.set_xticklabels([label for label, _ in metrics], rotation=20, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_title("Citation-accuracy eval by retriever")
    ax.legend()
    fig.tight_layout()
    chart = directory / "eval.png"
    fig.savefig(chart, dpi=110)
    plt.close(fig)
    md = directory / "eval.md"
    md.write_text(
        "# Eval report\n\n```\n" + format_table(reports) + "\n```\n\n![retriever modes](eval.png)\n\n"
        + "\n\n".join("```\n" + format_wrong(r) + "\n```" for r in reports) + "\n",
        encoding="utf-8",
    )
    return md


def questions_for(service, path: str | Path) -> list[Question]:
    """The questions of ``path``, checked against the releases of the service's store."""
    return load_questions(path, {r.id: service.release_text(r.id) for r in service.releases()})


def split_service(split: Split, settings: Settings | None = None, progress: bool = True):
    """The service over a split's own store, built (or brought up to date) from its releases."""
    from assistant.service import AssistantService

    settings = (settings or Settings.from_env()).replace(store_dir=split.store, chroma_url=None)
    service = AssistantService(settings)
    service.ingest([str(p) for p in split.releases], progress=progress)
    return service


def run(
    questions_path: str | Path | None = None,
    settings: Settings | None = None,
    modes: list[str] | None = None,
    json_out: str | Path | None = None,
    report_dir: str | Path | None = None,
    echo=print,
    splits: list[str] | None = None,
) -> list[Report]:
    """Evaluate, print the table and the wrong questions, write the JSON (and Markdown) report.

    With ``questions_path``, that file on the store of ``settings``; otherwise the named
    ``splits`` (default: dev and test), each on its own store, side by side.
    """
    from assistant.service import AssistantService

    modes = modes or (list(MODES) if report_dir else ["hybrid"])
    runs: list[tuple[str, object, list[Question]]] = []
    if questions_path:
        service = AssistantService.open(settings or Settings.from_env(), progress=True)
        runs.append(("", service, questions_for(service, questions_path)))
    else:
        for name in splits or list(SPLITS):
            service = split_service(SPLITS[name], settings)
            runs.append((name, service, questions_for(service, SPLITS[name].questions)))
    reports = []
    for mode in modes:
        for name, service, questions in runs:
            report = evaluate(service, questions, mode)
            if name:
                report.mode = f"{mode} · {name}"
            reports.append(report)
    echo(format_table(reports))
    echo("")
    for report in reports:
        echo(format_wrong(report))
    if json_out:
        Path(json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(json_out).write_text(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2), encoding="utf-8")
        echo(f"\nJSON report: {json_out}")
    if report_dir:
        echo(f"Markdown report: {write_markdown(reports, Path(report_dir))}")
    return reports
