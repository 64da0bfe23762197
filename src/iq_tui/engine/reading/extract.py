"""A CV file -> `CandidateProfile`. PDFs are read in a sandboxed child; text files directly.

Every way a file can be unreadable ends as a `CVError` with a one-line message that names
the file ("cv.pdf is password-protected"); nothing else escapes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iq_tui.engine.errors import CVError
from iq_tui.engine.models import CandidateProfile
from iq_tui.engine.reading.profile import build_profile, profile_from_text

__all__ = ["extract_profile", "profile_from_text"]

MAX_TEXT_BYTES = 2 * 1024 * 1024
_SNIFF = 1024


def _read_pdf_for_sandbox(path: str, max_pages: int) -> dict[str, Any]:
    """Runs in the child: the reader's data, or {"problem": kind} for a file it cannot read."""
    from iq_tui.engine.reading.pdf_reader import PdfProblem, read_pdf

    try:
        return read_pdf(path, max_pages)
    except PdfProblem as exc:
        return {"problem": exc.kind, "detail": exc.detail}


def _pdf_warnings(data: dict[str, Any], max_pages: int) -> list[str]:
    warnings = []
    if data["page_count"] > data["pages_read"]:
        warnings.append(
            f"only the first {data['pages_read']} of {data['page_count']} pages were read "
            f"(the limit is {max_pages})"
        )
    for page in data["empty_pages"]:
        warnings.append(f"page {page} has no text layer (scanned?)")
    if data["hidden_chars"]:
        warnings.append(
            f"hidden text found: {data['hidden_chars']} characters in white or tiny font "
            "were ignored"
        )
    return warnings


def _extract_pdf(
    path: Path, name: str, max_pages: int, timeout: float, max_memory_mb: int
) -> CandidateProfile:
    # Imported here, before the fork, so each child starts with pdfplumber loaded.
    import pdfplumber  # noqa: F401

    from iq_tui.engine.reading import sandbox

    try:
        data = sandbox.run_sandboxed(
            _read_pdf_for_sandbox,
            str(path),
            max_pages,
            timeout=timeout,
            max_memory_mb=max_memory_mb,
        )
    except sandbox.SandboxTimeout:
        raise CVError(f"{name} took longer than {timeout:g} s to read and was stopped") from None
    except sandbox.SandboxMemoryError:
        raise CVError(
            f"{name} needs more than {max_memory_mb} MB to read and was stopped"
        ) from None
    except sandbox.SandboxCrash:
        raise CVError(f"{name} is not a PDF (or is corrupt)") from None
    problem = data.get("problem")
    if problem == "encrypted":
        raise CVError(f"{name} is password-protected")
    if problem == "empty":
        raise CVError(f"{name} is empty: the PDF has no pages")
    if problem == "too_large":
        raise CVError(f"{name} was refused: {data.get('detail') or 'it inflates too far'}")
    if problem:
        raise CVError(f"{name} is not a PDF (or is corrupt)")
    if not data["lines"]:
        if data["hidden_chars"]:
            raise CVError(f"{name} has no visible text: all its text is hidden")
        raise CVError(f"{name} has no text layer: it looks scanned")
    return build_profile(
        data["lines"], pages=data["pages_read"], warnings=_pdf_warnings(data, max_pages)
    )


def _decode_text(raw: bytes, name: str) -> str:
    if b"\x00" in raw[: _SNIFF * 8]:
        raise CVError(f"{name} is not a PDF or a text file")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def extract_profile(
    path: str | Path,
    *,
    max_pages: int = 30,
    timeout: float = 15.0,
    max_memory_mb: int = 1024,
) -> CandidateProfile:
    """Read the CV at `path` (PDF, plain text, Markdown) into a profile, or raise `CVError`."""
    path = Path(path)
    name = path.name or str(path)
    try:
        if not path.exists():
            if path.is_symlink():
                raise CVError(f"{name} is a broken symbolic link (or a loop of links)")
            raise CVError(f"{name} does not exist")
        if path.is_dir():
            raise CVError(f"{name} is a directory, not a CV file")
        if not path.is_file():  # a pipe or a device: reading may never end
            raise CVError(f"{name} is not a regular file (a pipe or a device): save the CV to a file")
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(_SNIFF)
    except PermissionError:
        raise CVError(f"{name} cannot be read: permission denied") from None
    except OSError as exc:
        raise CVError(f"{name} cannot be read: {exc.strerror or exc}") from None
    if size == 0 or not head.strip():
        raise CVError(f"{name} is empty")
    if b"%PDF-" in head:
        return _extract_pdf(path, name, max(1, max_pages), timeout, max_memory_mb)
    if path.suffix.lower() == ".pdf":
        raise CVError(f"{name} is not a PDF (or is corrupt)")
    if size > MAX_TEXT_BYTES:
        raise CVError(f"{name} is too large for a CV ({size // 1024 // 1024} MB of text)")
    text = _decode_text(path.read_bytes(), name)
    if not text.strip():
        raise CVError(f"{name} is empty")
    return profile_from_text(text, pages=1)
