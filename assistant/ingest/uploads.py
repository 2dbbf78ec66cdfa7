"""How the chat page adds its uploads: checked (:func:`~assistant.ingest.files.file_refusal`),
staged under safe names, ingested, and kept in the store's ``releases/`` folder."""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.ingest.pipeline import IngestReport
    from assistant.service import AssistantService

from assistant.ingest.files import file_refusal

log = logging.getLogger(__name__)

def safe_file_name(name: str) -> str:
    """A file name made of safe characters (its stem becomes the release id).

    >>> safe_file_name("Communiqué du 3 mai (OIM).TXT")
    'Communiqué_du_3_mai_OIM.txt'
    """
    stem, suffix = os.path.splitext(os.path.basename(name))
    stem = re.sub(r"[^\w.-]+", "_", stem, flags=re.UNICODE).strip("._") or "release"
    return stem[:120] + suffix.lower()


@dataclass(frozen=True)
class UploadLine:
    """What became of one uploaded file, in a French sentence that names it."""

    ok: bool
    message: str


def add_uploads(paths: list[Path], open_service: Callable[[], AssistantService]) -> list[UploadLine]:
    """Ingest the uploaded files that may be releases, keep a copy of each ingested one in the
    store's ``releases/`` folder (so that a rebuild keeps it), and say what became of every file.

    ``paths`` are the uploads as received, each named as the user's file was. The service is
    opened (``open_service``) only once a file has passed the checks, so refusals are named
    even when the store is unreachable; its errors propagate.
    """
    lines: list[UploadLine] = []
    # the ingest names a release after its file: copies under safe names, in a folder of
    # their own, carry the ids the user expects and cannot overwrite each other
    with tempfile.TemporaryDirectory(prefix="assistant-upload-", ignore_cleanup_errors=True) as staging:
        staged: dict[str, tuple[str, Path]] = {}  # staged name -> (original name, staged path)
        for path in paths:
            original = path.name
            refused = file_refusal(path)
            if refused is not None:
                lines.append(UploadLine(False, f"{original} : refusé, {refused.french}"))
                continue
            name = safe_file_name(original)
            if name in staged:
                lines.append(UploadLine(False, f"{original} : refusé, même identifiant que {staged[name][0]}"))
                continue
            target = Path(staging) / name
            shutil.copyfile(path, target)
            staged[name] = (original, target)
        if staged:
            service = open_service()
            report = service.ingest([target for _, target in staged.values()])
            lines.extend(_outcome(report, staged, service.settings.releases_dir))
    return lines


def _outcome(report: IngestReport, staged: dict[str, tuple[str, Path]], releases_dir: Path) -> list[UploadLine]:
    """A line for each staged file, by its original name; the ingested ones are kept."""
    originals = {name: original for name, (original, _) in staged.items()}
    lines = [UploadLine(False, f"{originals.get(name, name)} : refusé, {reason}") for name, reason in report.skipped]
    by_id = {Path(name).stem: entry for name, entry in staged.items()}
    verbs = [(report.added, "ajouté"), (report.updated, "mis à jour"), (report.unchanged, "déjà présent, inchangé")]
    for ids, verb in verbs:
        for rid in ids:
            original, staged_path = by_id.get(rid, (rid, None))
            lines.append(UploadLine(True, f"{original} : {verb} (identifiant {rid})"))
            if staged_path is not None:
                keep_upload(staged_path, releases_dir)
    return lines


def keep_upload(staged_path: Path, releases_dir: Path) -> None:
    """Copy an ingested upload into the store's ``releases/`` folder, so a rebuild keeps it.

    A failure is logged, not raised: the release is in the store already.
    """
    try:
        releases_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(staged_path, releases_dir / staged_path.name)
    except OSError as exc:
        log.warning("could not keep a copy of %s in the store: %s", staged_path.name, exc)
