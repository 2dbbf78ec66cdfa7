"""How the chat page shows things: the chat bubbles (Markdown), the sources panel, the release
viewer, the releases table, notices and upload results (HTML), with the page's CSS and the
scripts of its two panels. No Gradio here: ``ui.py`` places these in its components.

Everything that comes from a release, an upload or a question is escaped (:func:`esc_html`,
:func:`esc_md`), so it is displayed as text and never runs.
"""

from __future__ import annotations

import html
import re
import time
from typing import TYPE_CHECKING

from assistant.answering.replies import quoted

if TYPE_CHECKING:  # for the annotations only: assistant.chat renders through this module
    from assistant.chat import Turn
    from assistant.index.catalogue import ReleaseRecord
    from assistant.ingest.uploads import UploadLine
    from assistant.types import Citation

# --------------------------------------------------------------------------- escaping


def esc_html(text: object) -> str:
    """Text for an HTML context: tags, quotes, and the characters of gradio's HTML templates.

    >>> esc_html("<b>${x}</b>")
    '&lt;b&gt;&#36;&#123;x&#125;&lt;/b&gt;'
    """
    out = html.escape(str(text), quote=True)
    return out.replace("{", "&#123;").replace("}", "&#125;").replace("$", "&#36;").replace("`", "&#96;")


_MD_INLINE = re.compile(r"[\\`*_\[\]~|<>&$]")
_MD_LINE_START = re.compile(r"^([#>+=\-]|\d+[.)])", re.M)
_MD_AUTOLINK = re.compile(r"(?i)(?:\w:(?=//)|\bwww\.|@)")  # no links made out of URLs or e-mails


def _ref(char: str) -> str:
    return f"&#{ord(char)};"


def esc_md(text: object) -> str:
    """Text for a Markdown context (chat messages): shown verbatim, never as formatting or HTML.

    The characters Markdown or HTML could read as syntax become numeric character references
    (Markdown decodes them to plain characters and parses none of them); the rest is left as is
    so that screen readers, which read the raw message, read the text.
    """
    text = "\n".join(line.lstrip() for line in str(text).split("\n"))
    text = _MD_INLINE.sub(lambda m: _ref(m.group()), text)
    text = _MD_AUTOLINK.sub(lambda m: m.group()[:-1] + _ref(m.group()[-1]), text)
    return _MD_LINE_START.sub(lambda m: m.group()[:-1] + _ref(m.group()[-1]), text)


# --------------------------------------------------------------------------- the chat


def assistant_markdown(turn: Turn, partial: str | None = None) -> str:
    """The chat bubble of one answer: its text (escaped; ``partial``, the part shown so far,
    while it streams), then its sources once complete."""
    if turn.error:
        return "⚠️ " + esc_md(turn.error)
    out = esc_md(turn.text if partial is None else partial)
    if partial is None and turn.citations:
        lines = ["", "", "**Sources** (à ouvrir dans le panneau Sources) :"]
        for n, c in enumerate(turn.citations, start=1):
            lines.append(f"\\[{n}\\] *{esc_md(c.title)}* · {esc_md(c.release_id)}")
        out += "\n".join(lines)
    return out


def chat_messages(turns: list[Turn], pending: str | None = None, partial: str | None = None) -> list[dict]:
    """The chat's messages: a question and an answer a turn (the last answer cut to ``partial``
    when given), then a ``pending`` question with "…" for its answer."""
    messages: list[dict] = []
    for i, turn in enumerate(turns):
        messages.append({"role": "user", "content": esc_md(turn.question)})
        last = i == len(turns) - 1
        messages.append({"role": "assistant", "content": assistant_markdown(turn, partial if last else None)})
    if pending is not None:
        messages.append({"role": "user", "content": esc_md(pending)})
        messages.append({"role": "assistant", "content": "…"})
    return messages


# --------------------------------------------------------------------------- sources and viewer


SOURCES_EMPTY = '<div class="src-empty">Les sources de la réponse s\'afficheront ici.</div>'
VIEWER_EMPTY = (
    '<div class="viewer-empty">Cliquez sur « Ouvrir le communiqué » sous une source pour lire '
    "le communiqué entier, passage cité surligné.</div>"
)


def sources_html(turns: list[Turn], index: int | None = None) -> str:
    """The sources panel for one answer (the last one by default), with an open button per citation."""
    if not turns:
        return SOURCES_EMPTY
    if index is None or not 0 <= index < len(turns):
        index = len(turns) - 1
    turn = turns[index]
    head = f'<div class="src-question">Réponse {index + 1} · « {esc_html(turn.question)} »</div>'
    if turn.error:
        return head + '<div class="src-empty">Pas de réponse (erreur).</div>'
    if turn.abstained or not turn.citations:
        return (
            head
            + '<div class="src-empty src-none">Aucune source : les communiqués ne répondent pas à cette question.</div>'
        )
    cards = []
    for n, c in enumerate(turn.citations, start=1):
        cards.append(
            f'<div class="src-card" data-release="{esc_html(c.release_id)}" data-n="{n}">'
            f'<div class="src-title"><span class="src-num">[{n}]</span> {esc_html(c.title)}</div>'
            f'<div class="src-id">{esc_html(c.release_id)}</div>'
            f'<blockquote class="src-quote">{esc_html(quoted(c.quote))}</blockquote>'
            f'<button type="button" class="src-open" data-turn="{index}" data-cite="{n - 1}" '
            f'data-release="{esc_html(c.release_id)}">Ouvrir le communiqué</button>'
            "</div>"
        )
    return head + "".join(cards)


def locate(text: str, citation: Citation) -> tuple[int, int] | None:
    """Where the quote is in the release text: its offsets, or (if the release changed) a search."""
    start, end, quote = citation.start, citation.end, citation.quote
    if 0 <= start < end <= len(text) and text[start:end] == quote:
        return start, end
    found = text.find(quote) if quote else -1
    return (found, found + len(quote)) if found >= 0 else None


def viewer_html(citation: Citation, text: str, n: int) -> str:
    """The release viewer: the whole text of the cited release (``text``, as it is now) with
    passage [``n``] marked, or a warning when the passage is no longer in it."""
    span = locate(text, citation)
    release_id = citation.release_id
    # opened_at: opening the same passage again is a new value, so it is scrolled to again
    head = (
        f'<div class="viewer-head" data-opened-at="{time.time_ns()}">'
        f'<div class="viewer-title">{esc_html(citation.title)}</div>'
        f'<div class="viewer-meta">{esc_html(release_id)}'
        + (f" · passage [{n}] surligné" if span else "")
        + "</div></div>"
    )
    if span is None:
        warning = (
            '<div class="viewer-warning">Le passage cité ne figure plus dans ce communiqué '
            "(il a été modifié depuis la réponse) ; voici son texte actuel.</div>"
        )
        return head + warning + f'<div class="viewer-body">{esc_html(text)}</div>'
    start, end = span
    body = (
        esc_html(text[:start])
        + f'<mark id="cited-passage" class="cited" data-release="{esc_html(release_id)}">'
        + esc_html(text[start:end])
        + "</mark>"
        + esc_html(text[end:])
    )
    return head + f'<div class="viewer-body" data-release="{esc_html(release_id)}">{body}</div>'


# --------------------------------------------------------------------------- releases, notices


def releases_html(records: list[ReleaseRecord]) -> str:
    """The table of the releases in the store (title, id, chunks), with their count."""
    if not records:
        return '<div class="src-empty">Le magasin est vide : ajoutez des communiqués ci-dessous.</div>'
    rows = "".join(
        f'<tr data-release="{esc_html(r.id)}"><td class="rel-title">{esc_html(r.title)}</td>'
        f'<td class="rel-id">{esc_html(r.id)}</td><td class="rel-chunks">{int(r.n_chunks)}</td></tr>'
        for r in records
    )
    total = sum(int(r.n_chunks) for r in records)
    return (
        f'<div class="rel-count">{len(records)} communiqués, {total} passages indexés</div>'
        '<table class="rel-table"><thead><tr><th>Titre</th><th>Identifiant</th><th>Passages</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def upload_html(lines: list[UploadLine]) -> str:
    """What became of each uploaded file, a line each: ✓ added, ✗ refused and why."""
    return "".join(
        f'<div class="upload-line upload-{"ok" if line.ok else "error"}">{"✓" if line.ok else "✗"} '
        f"{esc_html(line.message)}</div>"
        for line in lines
    )


def notice_html(message: str, kind: str = "error") -> str:
    """A notice line (``kind`` "error" or "info"); nothing for no message."""
    return f'<div class="notice notice-{kind}">{esc_html(message)}</div>' if message else ""


# --------------------------------------------------------------------------- style and scripts


CSS = """
#intro p { margin: 0.2em 0; }
.notice { padding: 0.6em 0.9em; border-radius: 6px; margin: 0.3em 0; }
.notice-error { background: #fdecea; color: #8a1c12; border: 1px solid #f5c2bd; }
.notice-info { background: #eef5fd; color: #123e6b; border: 1px solid #c4dbf5; }
#sources-panel .src-question { font-size: 0.9em; color: var(--body-text-color-subdued); margin-bottom: 0.5em; }
#sources-panel .src-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 0.6em 0.8em; margin-bottom: 0.6em; background: var(--block-background-fill); }
#sources-panel .src-title { font-weight: 600; }
#sources-panel .src-num { color: #b45309; }
#sources-panel .src-id { font-family: var(--font-mono); font-size: 0.8em; color: var(--body-text-color-subdued); }
#sources-panel .src-quote { margin: 0.4em 0; padding-left: 0.7em; border-left: 3px solid #f59e0b; font-style: italic; }
#sources-panel .src-open { cursor: pointer; border: 1px solid var(--button-secondary-border-color); background: var(--button-secondary-background-fill); border-radius: 6px; padding: 0.25em 0.8em; font-size: 0.9em; }
#sources-panel .src-open:hover { background: var(--button-secondary-background-fill-hover); }
.src-empty, .viewer-empty { color: var(--body-text-color-subdued); font-size: 0.95em; }
#release-viewer .viewer-title { font-weight: 600; font-size: 1.05em; }
#release-viewer .viewer-meta { font-family: var(--font-mono); font-size: 0.8em; color: var(--body-text-color-subdued); margin-bottom: 0.4em; }
#release-viewer .viewer-body { white-space: pre-wrap; max-height: 55vh; overflow-y: auto; border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 0.8em; line-height: 1.5; }
#release-viewer mark.cited { background: #fde68a; color: inherit; padding: 0 2px; border-radius: 2px; }
#release-viewer .viewer-warning { color: #8a1c12; margin-bottom: 0.4em; }
.rel-table { width: 100%; border-collapse: collapse; font-size: 0.92em; }
#releases-list .rel-table th, #releases-list .rel-table td { text-align: left; padding: 0.3em 0.5em; border: none; border-bottom: 1px solid var(--border-color-primary); }
#releases-list .rel-table { border: none; }
.rel-table .rel-id { font-family: var(--font-mono); font-size: 0.85em; white-space: nowrap; }
#releases-list .rel-table .rel-chunks { text-align: right; }
.rel-count { margin-bottom: 0.4em; color: var(--body-text-color-subdued); }
.upload-line { margin: 0.15em 0; }
.upload-ok { color: #166534; }
.upload-error { color: #8a1c12; }
"""

# the sources panel: an "open" button asks the server for its release (turn and citation index)
SOURCES_JS = """
element.addEventListener('click', (event) => {
  const button = event.target.closest('button.src-open');
  if (!button) return;
  trigger('click', {turn: Number(button.dataset.turn), cite: Number(button.dataset.cite)});
});
"""

# the release viewer: each newly opened release scrolls its marked passage into view
VIEWER_JS = """
const reveal = () => {
  const mark = element.querySelector('mark.cited');
  if (!mark) return;
  const body = element.querySelector('.viewer-body');
  if (body) {  // first inside the viewer's own scrolling box, a third of the way down
    const offset = mark.getBoundingClientRect().top - body.getBoundingClientRect().top;
    body.scrollTop += offset - body.clientHeight / 3;
  }
  mark.scrollIntoView({block: 'nearest', inline: 'nearest'});  // then the page, as little as needed
};
watch('value', () => requestAnimationFrame(reveal));
"""
