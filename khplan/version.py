"""Which extractor produced a document: the package version plus a fingerprint of the rules.

A re-run reuses a document's JSON only when both the input file (sha256) and this
fingerprint are unchanged, so editing a rule or a data file re-extracts everything
without anyone having to remember to clear a cache.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

__version__ = "0.1.0"


@cache
def extractor_version() -> str:
    """'0.1.0+<12 hex digits>' from the extractors' code and data files."""
    digest = hashlib.sha256()
    root = resources.files("khplan.extractors")
    entries = [("", root)]
    while entries:
        prefix, folder = entries.pop()
        for item in sorted(folder.iterdir(), key=lambda t: t.name):
            name = f"{prefix}{item.name}"
            if item.is_dir():
                if item.name != "__pycache__":
                    entries.append((name + "/", item))
            elif item.name.endswith((".py", ".json", ".tsv", ".txt", ".jsonl")):
                digest.update(name.encode())
                digest.update(item.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"
