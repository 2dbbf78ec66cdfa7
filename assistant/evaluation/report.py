"""The eval's reports: the side-by-side table, the list of wrong questions, Markdown with a chart."""

from __future__ import annotations

from pathlib import Path

from assistant.evaluation.metrics import Report


def format_table(reports: list[Report]) -> str:
    """The figures of each run in a column of its own, headed by its mode (and split)."""
    header = ["metric"] + [r.mode for r in reports]
    rows = [header, ["questions"] + [str(r.n) for r in reports]]
    for label, attr in Report.METRICS:
        rows.append([label] + [f"{getattr(r, attr):.3g}" if "latency" in attr else f"{getattr(r, attr):.3f}" for r in reports])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_wrong(report: Report, limit: int = 40) -> str:
    """The questions a run got wrong, each with what was expected and what came instead."""
    lines = [f"Questions wrong with {report.mode} ({len(report.wrong)}):"]
    for o in report.wrong[:limit]:
        got = "abstained" if o.abstained else f"cited {', '.join(o.cited)}"
        want = ", ".join(o.sources) or "abstention"
        lines.append(f"  {o.id} [{o.kind}] {o.question}\n      expected {want}; {got}")
    return "\n".join(lines)


def write_markdown(reports: list[Report], directory: Path) -> Path:
    """A Markdown report with a bar chart (PNG) comparing the retriever modes."""
    import matplotlib  # only here: the eval's table and JSON need no plotting library

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
