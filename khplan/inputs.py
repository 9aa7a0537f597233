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

    def unreadable(err: OSError) -> None:
        skipped.append(
            Skipped(display_path(Path(err.filename or root)), f"folder cannot be read ({err.strerror})")
        )

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=unreadable):
        dirnames.sort()
        for name in [d for d in dirnames if (Path(dirpath) / d).is_symlink()]:
            # Linked folders are not followed (they may lead out of the tree or round in a loop).
            skipped.append(
                Skipped(display_path(Path(dirpath) / name), "symbolic link to a folder, not followed")
            )
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if name.startswith("~$") or name in (".DS_Store", "Thumbs.db", "desktop.ini"):
                skipped.append(Skipped(display_path(p), "office lock or system file"))
                continue
            if p.is_symlink():
                try:
                    target = p.resolve(strict=True)
                except (OSError, RuntimeError):
                    skipped.append(Skipped(display_path(p), "broken or looping symbolic link"))
                    continue
                if not target.is_relative_to(real_root):
                    skipped.append(
                        Skipped(display_path(p), "symbolic link pointing outside the input folder")
                    )
                    continue
            if not p.is_file():
                skipped.append(Skipped(display_path(p), "not a regular file (a pipe, device or broken link)"))
                continue
            if p.suffix.lower() not in KNOWN_SUFFIXES:
                skipped.append(
                    Skipped(
                        display_path(p), f"not a document format khplan reads ({p.suffix or 'no extension'})"
                    )
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
        elif p.is_file():
            found.append(p)
        elif p.exists() or p.is_symlink():
            skipped.append(Skipped(display_path(p), "not a regular file (a pipe, device or broken link)"))
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


def display_path(path: Path) -> str:
    """A path as text that any JSON file can hold: bytes that are not UTF-8 shown as '�'."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def safe_stem(name: str, max_bytes: int = 180) -> str:
    """A file stem safe in any output folder: no separators, no control characters, not '..',
    valid UTF-8, and short enough (in bytes) for '<stem>-<suffix>.json' to fit a file name."""
    stem = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    stem = unicodedata.normalize("NFC", stem)
    stem = _UNSAFE.sub("_", stem).strip(" .")
    encoded = stem.encode("utf-8")
    if len(encoded) > max_bytes:
        stem = encoded[:max_bytes].decode("utf-8", "ignore").rstrip(" .")
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
            digest = hashlib.sha1(os.fsencode(p.absolute())).hexdigest()[:8]
            stem = f"{stem}-{digest}"
        result.append(InputFile(path=p, shown=display_path(p), stem=stem))
    return result


BatchItem = tuple[str, str]  # (shown path, output stem): JSON-safe, as Prefect records parameters


def make_batches(files: list[InputFile], batch_size: int, workers: int) -> list[list[BatchItem]]:
    """Batches of at most ``batch_size`` files and about 32 MB, at least four per worker when there
    are enough files, so that both cores stay busy to the end."""
    if not files:
        return []
    per_worker = max(1, -(-len(files) // (workers * 4)))
    size = max(1, min(batch_size, per_worker))
    batches: list[list[BatchItem]] = []
    current: list[BatchItem] = []
    weight = 0
    for f in files:
        try:
            nbytes = f.path.stat().st_size
        except OSError:
            nbytes = 0
        if current and (len(current) >= size or weight + nbytes > 32 * 1024 * 1024):
            batches.append(current)
            current, weight = [], 0
        current.append((f.shown, f.stem))
        weight += nbytes
    batches.append(current)
    return batches
