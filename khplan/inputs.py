"""Finding the input files of a run and giving each a safe, unique output stem."""

from __future__ import annotations

import glob
import hashlib
import os
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import regex

from khplan.extractors.formats import KNOWN_SUFFIXES


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to process: where it is, how to show it, and the stem of its output."""

    path: Path
    shown: str
    stem: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file found but not processed, with the reason (run.json lists it)."""

    shown: str
    reason: str


class InputError(Exception):
    """The inputs themselves are unusable (nothing matches, a path does not exist)."""


def _walk(root: Path) -> tuple[list[Path], list[Skipped]]:
    files: list[Path] = []
    skipped: list[Skipped] = []
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if name.startswith("~$") or name in (".DS_Store", "Thumbs.db", "desktop.ini"):
                skipped.append(Skipped(str(p), "office lock or system file"))
                continue
            if p.is_symlink():
                target = p.resolve()
                if not target.is_relative_to(real_root):
                    skipped.append(Skipped(str(p), "symbolic link pointing outside the input folder"))
                    continue
            if p.suffix.lower() not in KNOWN_SUFFIXES:
                skipped.append(
                    Skipped(str(p), f"not a document format khplan reads ({p.suffix or 'no extension'})")
                )
                continue
            files.append(p)
    return files, skipped


def discover(inputs: list[str]) -> tuple[list[Path], list[Skipped]]:
    """Files named, folders searched recursively, globs expanded; each file once, in a stable order."""
    found: list[Path] = []
    skipped: list[Skipped] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files, skips = _walk(p)
            found += files
            skipped += skips
        elif p.exists() or p.is_symlink():
            found.append(p)
        elif glob.has_magic(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise InputError(f"{item}: no file matches this pattern")
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    files, skips = _walk(mp)
                    found += files
                    skipped += skips
                else:
                    found.append(mp)
        else:
            raise InputError(f"{item}: no such file or folder")
    seen: set[Path] = set()
    unique: list[Path] = []
    for f in found:
        key = f.absolute()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, skipped


_UNSAFE = regex.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def safe_stem(name: str) -> str:
    """A file stem safe in any output folder: no separators, no control characters, not '..'."""
    stem = unicodedata.normalize("NFC", name)
    stem = _UNSAFE.sub("_", stem).strip(" .")
    stem = stem[:150]
    return stem or "document"


def assign_stems(paths: list[Path]) -> list[InputFile]:
    """Output stems: the file name without extension; names that clash get a stable suffix.

    The suffix comes from the file's path, so a re-run over the same folder gives
    every file the same output name whatever order the files were found in.
    """
    stems = [safe_stem(p.stem) for p in paths]
    counts = Counter(s.casefold() for s in stems)
    result: list[InputFile] = []
    for p, stem in zip(paths, stems, strict=True):
        if counts[stem.casefold()] > 1:
            digest = hashlib.sha1(str(p.absolute()).encode("utf-8", "surrogateescape")).hexdigest()[:8]
            stem = f"{stem}-{digest}"
        result.append(InputFile(path=p, shown=str(p), stem=stem))
    return result
