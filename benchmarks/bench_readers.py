"""Pages per second of each reader on the real files of shared/eval/formats, and our PDF reader
against bare ``pdfplumber`` ``extract_text``.

    .venv/bin/python benchmarks/bench_readers.py [FOLDER]

DOCX and .doc have no pages: their speed is given in files per CPU-second. Scans (OCR) are timed
apart. Times are this process's CPU time (``time.process_time``), not wall time, so that other work
on the machine does not move the figures; external tools (antiword, tesseract, soffice) run in child
processes and are not counted. Every file is read once untimed first: a worker reads thousands of
files, and the first read of each kind loads what all later ones share (pdfminer's modules, the
syllable and gazetteer tables), which is start-up, not reading.
"""

from __future__ import annotations

import io
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.formats import read_bytes  # noqa: E402
from extractors.reading import ReadError  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "eval" / "formats" / "docs"


def bare_pdfplumber(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not folder.is_dir():
        sys.exit(f"{folder}: no such folder")
    seconds: dict[str, float] = defaultdict(float)
    pages: dict[str, int] = defaultdict(int)
    files: dict[str, int] = defaultdict(int)
    plumber_s = 0.0
    plumber_pages = 0
    paths = sorted(folder.iterdir())
    for path in paths:  # warm-up (see the module docstring)
        try:
            read_bytes(path.read_bytes(), path.suffix)
        except ReadError:
            pass
    for path in paths:
        data = path.read_bytes()
        start = time.process_time()
        try:
            doc = read_bytes(data, path.suffix)
        except ReadError as exc:
            print(f"{path.name}: {exc.code}")
            continue
        elapsed = time.process_time() - start
        kind = f"{doc.format}{' (ocr)' if doc.ocr else ''}"
        seconds[kind] += elapsed
        pages[kind] += doc.pages or 0
        files[kind] += 1
        if doc.format == "pdf" and not doc.ocr:
            start = time.process_time()
            plumber_pages += bare_pdfplumber(data)
            plumber_s += time.process_time() - start
    print(f"{'reader':<12}{'files':>6}{'pages':>7}{'cpu s':>9}{'pages/s':>9}{'files/s':>9}  (per CPU-second)")
    for kind in sorted(seconds):
        s = seconds[kind]
        rate = f"{pages[kind] / s:9.1f}" if pages[kind] else f"{'-':>9}"
        print(f"{kind:<12}{files[kind]:>6}{pages[kind]:>7}{s:>9.2f}{rate}{files[kind] / s:>9.1f}")
    if plumber_s:
        ours = seconds["pdf"]
        print(
            f"\ntext-layer PDFs: ours {pages['pdf'] / ours:.1f} pages per CPU-second, bare pdfplumber "
            f"extract_text {plumber_pages / plumber_s:.1f} ({plumber_s / ours:.1f}x)"
        )


if __name__ == "__main__":
    main()
