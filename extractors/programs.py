"""The external programs the readers can use, found on PATH.

A module of its own, with nothing heavy to import: the run's process asks whether LibreOffice
is installed (for its default memory limit) without loading the readers.
"""

from __future__ import annotations

import shutil


def soffice_path() -> str | None:
    """The LibreOffice command, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def antiword_path() -> str | None:
    """The antiword command, when installed."""
    return shutil.which("antiword")
