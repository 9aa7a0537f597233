"""khplan: Vietnamese administrative plans and the documents they implement, as normalised JSON."""

from __future__ import annotations

from khplan.api import extract
from khplan.load import load
from khplan.schemas import Document

__version__ = "0.1.0"

__all__ = ["Document", "__version__", "extract", "load"]
