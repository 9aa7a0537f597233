"""khplan: Vietnamese administrative plans and the documents they implement, as normalised JSON."""

from __future__ import annotations

from khplan.api import extract
from khplan.load import load
from khplan.schemas import Document
from khplan.version import __version__

__all__ = ["Document", "__version__", "extract", "load"]
