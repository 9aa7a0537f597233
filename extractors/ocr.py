"""OCR of scanned pages with the ``tesseract`` command and its Vietnamese model (``vie``).

Only the CLI is used (no Python binding): it is one Debian package away
(``tesseract-ocr`` + ``tesseract-ocr-vie``, see ``scripts/system-deps.sh``) and a
subprocess can be given a timeout, so a bad page never hangs the pipeline.
"""

from __future__ import annotations

import io
import shutil
import signal
import subprocess
from dataclasses import dataclass

import regex

from .reading import ReadError

OCR_LANG = "vie"
PAGE_TIMEOUT_S = 120  # one A4 page at 300 dpi takes 5-15 s; far more means tesseract is stuck

INSTALL_HINT = "install tesseract-ocr and tesseract-ocr-vie (scripts/system-deps.sh)"

# Letters tesseract's vie model confuses, in upper-case words only: Icelandic eth
# for Đ, and a few heading words whose circumflex it loses (QUYÉT ĐỊNH).
_CHAR_FIXES = str.maketrans({"Ð": "Đ", "ð": "đ"})
_WORD_FIXES = {"QUYÉT": "QUYẾT", "ĐIÊU": "ĐIỀU", "CÔNG ĐIÊN": "CÔNG ĐIỆN", "HỌI": "HỘI", "NGHỈA": "NGHĨA"}


@dataclass(slots=True)
class OcrWord:
    """One recognised word with its box in pixels and tesseract's confidence (0-100)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float


def tesseract_available(lang: str = OCR_LANG) -> bool:
    """Whether the ``tesseract`` command is installed with the model ``lang``."""
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        done = subprocess.run([exe, "--list-langs"], capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    langs = done.stdout.decode("utf-8", "replace").split()
    return lang in langs


# In a run of digits, letters tesseract reads for a digit: "2O25", "1]", "l5" (a handwritten or
# stamped day or number). A token needs a real digit to be taken as a number.
# The Vietnamese model also reads them with its own letters' marks: "0Í" (01), "2ô" (20).
_ZERO_LIKE = "OoØÔôƠơÓóÒò"
_ONE_LIKE = "Il|]ÍíÌì"
_DIGIT_LIKE = str.maketrans({c: "0" for c in _ZERO_LIKE} | {c: "1" for c in _ONE_LIKE})
_NUMERIC = regex.compile(r"(?=.*\d)[\d" + regex.escape(_ZERO_LIKE + _ONE_LIKE) + r"]{2,}")
# "QĐĐ-SCT", "2025/QĐĐ-UBND": the vie model doubles the Đ of a Quyết định's code in a number
# (seen on two real scans, Lào Cai 2026 and Phú Thọ 2025); no code is "QĐĐ".
_DOUBLED_QD = regex.compile(r"(?<![\p{L}])QĐĐ(?=[-–/])")
# "ngàyO6", "ngày06": the date word run into the day.
_DATE_WORD_GLUED = regex.compile(r"(?i)^(ngày)([\dOoØIl|\]]{1,2})$")


def fix_ocr_word(text: str) -> str:
    """Undo the vie model's usual confusions in one word (Ð -> Đ, QUYÉT -> QUYẾT, 2O25 -> 2025,
    ngàyO6 -> ngày 06)."""
    text = text.translate(_CHAR_FIXES)
    glued = _DATE_WORD_GLUED.match(text)
    if glued:
        return f"{glued.group(1)} {glued.group(2).translate(_DIGIT_LIKE)}"
    if _NUMERIC.fullmatch(text):
        return text.translate(_DIGIT_LIKE)
    if "QĐĐ" in text:
        text = _DOUBLED_QD.sub("QĐ", text)
    return _WORD_FIXES.get(text, text)


def ocr_image(png: bytes, lang: str = OCR_LANG, psm: int = 3) -> list[OcrWord]:
    """Words of one page image (PNG bytes) via ``tesseract stdin stdout tsv``.

    Raises ``ReadError("ocr_unavailable")`` when tesseract or its model is missing,
    ``ReadError("ocr_failed")`` when it fails or runs past the timeout.
    """
    exe = shutil.which("tesseract")
    if exe is None:
        raise ReadError(
            "ocr_unavailable", f"the page is a scan and tesseract is not installed: {INSTALL_HINT}"
        )
    try:
        done = subprocess.run(
            [exe, "stdin", "stdout", "-l", lang, "--psm", str(psm), "tsv"],
            input=png,
            capture_output=True,
            timeout=PAGE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ReadError("ocr_failed", f"tesseract took longer than {PAGE_TIMEOUT_S} s on one page") from exc
    except OSError as exc:
        raise ReadError("ocr_failed", f"tesseract could not be started ({exc})") from exc
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace")
        if "Failed loading language" in stderr:
            raise ReadError("ocr_unavailable", f"tesseract has no Vietnamese model: {INSTALL_HINT}")
        raise ReadError("ocr_failed", f"tesseract failed: {_failure(done.returncode, stderr)}")
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


# What tesseract prints about every page, whatever happens next: never the reason it failed.
_PROGRESS_LINE = regex.compile(r"^(?:Estimating resolution as|Detected \d+ diacritics|Warning)")


def _failure(returncode: int, stderr: str) -> str:
    """Why tesseract failed, in words: the signal that stopped it ("Detected 265 diacritics" was
    shown for a tesseract killed mid-page), else its last line that is not a progress note."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"stopped by {name} (killed, or out of memory)"
    reasons = [ln for ln in stderr.strip().splitlines() if ln.strip() and not _PROGRESS_LINE.match(ln)]
    return reasons[-1] if reasons else f"exit code {returncode}"


def parse_tsv(tsv: str) -> list[OcrWord]:
    """Tesseract's TSV output -> words (level 5 rows with text)."""
    words: list[OcrWord] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        if not text:
            continue
        try:
            left, top, width, height = (float(c) for c in cols[6:10])
            conf = float(cols[10])
        except ValueError:
            continue
        words.append(OcrWord(fix_ocr_word(text), left, left + width, top, top + height, conf))
    return words


@dataclass(slots=True)
class OcrChar:
    """One recognised character with its box in pixels of the image given (top-left origin)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def ocr_chars(png: bytes, lang: str = OCR_LANG) -> list[OcrChar]:
    """Characters of a one-line image (PNG bytes) with their boxes, via tesseract's ``makebox``
    (``--psm 7``): where each printed letter of a line is, to cut the blanks between them.
    ``[]`` when tesseract is missing or fails: the caller then leaves the line alone."""
    exe = shutil.which("tesseract")
    if exe is None:
        return []
    try:
        from PIL import Image

        height = Image.open(io.BytesIO(png)).height
        done = subprocess.run(
            [exe, "stdin", "stdout", "-l", lang, "--psm", "7", "makebox"],
            input=png,
            capture_output=True,
            timeout=PAGE_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return []
    if done.returncode != 0:
        return []
    chars: list[OcrChar] = []
    for row in done.stdout.decode("utf-8", "replace").splitlines():
        cols = row.rsplit(" ", 5)
        if len(cols) != 6 or not cols[0]:
            continue
        try:
            x0, y0, x1, y1 = (float(c) for c in cols[1:5])
        except ValueError:
            continue
        chars.append(OcrChar(cols[0], x0, x1, height - y1, height - y0))  # makebox counts y from the bottom
    return chars
