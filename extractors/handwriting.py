"""Handwritten digits in the printed blanks of a scanned header: "Số: 3980/C04-P6" with the
number written in ink, "ngày 28 tháng 8 năm 2025" with the day and month written in.

Tesseract reads such ink as garbage or not at all (see ``extractors/ocr.py``), so the number
line comes out blank. This module reads the digits from a crop of the page image:

1. the ink is separated from the paper (and from the printed text when the ink is coloured:
   blue or violet pen on black print; red stamps are dropped), and specks are dropped;
2. the crop's ink is scaled to a line 32 px high (``line_image``) and read as a whole by small
   convolutional nets with a CTC output (``read_line``): digits run together or written over
   one another are read as they are, with no cut to guess, and the printed slash after the
   number is read as "/", which tells where the ink ends;
3. the nets were trained offline on lines of MNIST digits drawn at a scan's scale
   (``scripts/train_digit_lines.py``; weights in ``data/digit_lines.json``) and run here in
   numpy.

The reader abstains (returns ``None``) unless every net reads the same characters, each with a
high probability: for an archivist a wrong number is worse than none. Pure: numpy arrays in,
digits out; no I/O except the weights file, read once.
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

MIN_PROB = 0.8  # every net's probability for every character it reads (two nets must agree)

Mask = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class DigitsRead:
    """Digits read from a crop and the confidence: the lowest probability a net gave any of them."""

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


MIN_INK_AREA = 40  # pixels: a smaller piece of ink is a speck (at 300 dpi)


def blobs(mask: Mask, min_area: int = MIN_INK_AREA) -> list[Blob]:
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


LINE_HEIGHT = 32  # the line reader's input height, in pixels
LINE_MARGIN = 2
MAX_LINE_WIDTH = 320


def line_image(mask: Mask) -> NDArray[np.float32] | None:
    """A crop's ink (specks already dropped) -> the line reader's input: the ink's box scaled to
    ``LINE_HEIGHT`` (minus a margin) with its aspect kept, values in [0, 1]. ``None`` when there
    is no ink, or the line is too long to be a number. Used for training too
    (scripts/train_digit_lines.py), so the nets see training lines prepared like the scan's."""
    rows = np.nonzero(mask.any(axis=1))[0]
    cols = np.nonzero(mask.any(axis=0))[0]
    if rows.size == 0:
        return None
    m = mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    h, w = m.shape
    inner = LINE_HEIGHT - 2 * LINE_MARGIN
    width = max(1, round(w * inner / h))
    if width + 2 * LINE_MARGIN > MAX_LINE_WIDTH:
        return None
    img = Image.fromarray(m.astype(np.uint8) * 255).resize((width, inner), Image.Resampling.BILINEAR)
    out = np.zeros((LINE_HEIGHT, width + 2 * LINE_MARGIN), dtype=np.float32)
    out[LINE_MARGIN:-LINE_MARGIN, LINE_MARGIN:-LINE_MARGIN] = np.asarray(img, dtype=np.float32) / 255.0
    return out


def _array(spec: dict[str, Any]) -> NDArray[np.float32]:
    raw = np.frombuffer(base64.b64decode(spec["data"]), dtype=np.float16)
    return raw.astype(np.float32).reshape(spec["shape"])


LINE_WEIGHTS_FILE = "digit_lines.json"
LINE_ALPHABET = "0123456789/"  # the line nets' classes after the CTC blank (class 0)
_POOLS = ((2, 2), (2, 2), (2, 1), (2, 1))

Layer = tuple[NDArray[np.float32], NDArray[np.float32]]


@cache
def _line_nets() -> list[dict[str, list[Layer]]]:
    text = (
        resources.files("khplan.extractors").joinpath("data", LINE_WEIGHTS_FILE).read_text(encoding="utf-8")
    )
    spec = json.loads(text)
    return [
        {part: [(_array(layer["w"]), _array(layer["b"])) for layer in net[part]] for part in ("conv", "seq")}
        for net in spec["nets"]
    ]


def _conv2d(x: NDArray[np.float32], w: NDArray[np.float32], b: NDArray[np.float32]) -> NDArray[np.float32]:
    """3 x 3 convolution, padding 1: x (C, H, W), w (O, C, 3, 3) -> (O, H, W)."""
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (3, 3), axis=(1, 2))  # C, H, W, 3, 3
    out = np.tensordot(w, windows, axes=([1, 2, 3], [0, 3, 4]))
    return np.asarray(out + b[:, None, None], dtype=np.float32)


def _conv1d(x: NDArray[np.float32], w: NDArray[np.float32], b: NDArray[np.float32]) -> NDArray[np.float32]:
    """Convolution along the line, padding k // 2: x (C, T), w (O, C, k) -> (O, T)."""
    k = w.shape[2]
    padded = np.pad(x, ((0, 0), (k // 2, k // 2)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, k, axis=1)  # C, T, k
    out = np.tensordot(w, windows, axes=([1, 2], [0, 2]))
    return np.asarray(out + b[:, None], dtype=np.float32)


def _max_pool(x: NDArray[np.float32], ph: int, pw: int) -> NDArray[np.float32]:
    c, h, w = x.shape
    x = x[:, : h // ph * ph, : w // pw * pw]
    return np.asarray(x.reshape(c, h // ph, ph, w // pw, pw).max(axis=(2, 4)), dtype=np.float32)


def line_probabilities(image: NDArray[np.float32]) -> NDArray[np.float32]:
    """Per-net class probabilities along a line image (``line_image``): shape (nets, T, classes),
    one step per 4 columns; class 0 is the CTC blank, class i the ``LINE_ALPHABET[i - 1]``."""
    width = (image.shape[1] + 3) // 4 * 4
    x0 = np.zeros((1, LINE_HEIGHT, width), dtype=np.float32)
    x0[0, :, : image.shape[1]] = image
    out = []
    for net in _line_nets():
        x = x0
        for (w, b), (ph, pw) in zip(net["conv"], _POOLS, strict=True):
            x = _max_pool(np.maximum(_conv2d(x, w, b), 0), ph, pw)
        c, h, t = x.shape
        x = x.reshape(c * h, t)
        for i, (w, b) in enumerate(net["seq"]):
            x = _conv1d(x, w, b)
            if i < len(net["seq"]) - 1:
                x = np.maximum(x, 0)
        x = x[:, : image.shape[1] // 4].T  # T, classes: the steps of the padding dropped
        x = x - x.max(axis=1, keepdims=True)
        e = np.exp(x)
        out.append(e / e.sum(axis=1, keepdims=True))
    return np.stack(out).astype(np.float32)


@dataclass(frozen=True, slots=True)
class LineRead:
    """What the line nets read: the characters (digits, and "/" for a printed separator) and
    the lowest probability any net gave any of them."""

    text: str
    confidence: float


def _best_path(probs: NDArray[np.float32]) -> tuple[str, float]:
    """Greedy CTC decoding of one net's (T, classes): the text and the lowest of its characters'
    probabilities (each character's peak over the steps it spans)."""
    best = probs.argmax(axis=1)
    text: list[str] = []
    peaks: list[float] = []
    prev = 0
    for t, c in enumerate(best):
        c = int(c)
        if c != 0:
            if c != prev:
                text.append(LINE_ALPHABET[c - 1])
                peaks.append(float(probs[t, c]))
            else:
                peaks[-1] = max(peaks[-1], float(probs[t, c]))
        prev = c
    return "".join(text), min(peaks, default=1.0)


def read_line(image: NDArray[np.float32]) -> LineRead | None:
    """A handwritten line's characters when every net reads the same with ``MIN_PROB`` on each
    character, else ``None``. Two nets trained apart seldom agree on a misreading: on 46 real
    scans, one net alone misread a crossed 7 as 8 with 0.98, which the other read with 0.62."""
    reads = [_best_path(p) for p in line_probabilities(image)]
    texts = {text for text, _ in reads}
    if len(texts) != 1:
        return None
    (text,) = texts
    confidence = min(conf for _, conf in reads)
    if not text or confidence < MIN_PROB:
        return None
    return LineRead(text, confidence)


def read_ink_line(rgb: NDArray[np.uint8], right_edge: bool = True) -> LineRead | None:
    """The characters handwritten in a crop (``ink_mask``, specks dropped), or ``None`` when
    there is no ink, ink that the crop's left edge (or right, with ``right_edge``) cuts, or the
    nets are unsure."""
    mask = ink_mask(rgb)
    clean = np.zeros_like(mask)
    for blob in blobs(mask):
        if blob.x0 <= 0 or (right_edge and blob.x1 >= mask.shape[1]):
            return None  # ink cut by the crop: a digit may be cut too ("15" run into "tháng" read "1")
        clean[blob.y0 : blob.y1, blob.x0 : blob.x1] |= blob.mask
    image = line_image(clean)
    return None if image is None else read_line(image)


_NUMBER_READ = regex.compile(r"(?P<digits>\d{1,6})(?P<slash>/?)")


def read_number_blank(rgb: NDArray[np.uint8], dash: bool = False) -> DigitsRead | None:
    """The number handwritten in the blank of "Số: ____/SYMBOL", from a crop that runs from the
    end of "Số:" to the symbol, so it holds the printed separator too. Black ink is read with the
    print, so the nets must have read the slash after the digits ("3980/"): without it the end
    of the ink is not known (a slash alone is read as a 1 as readily as a 1 is). ``dash``: the
    separator is a dash ("113-CV/…", a Party document's number), which the nets read as nothing.
    Coloured ink is read apart from the print, slash and all."""
    read = read_ink_line(rgb, right_edge=False)  # the crop ends at the symbol, through any ink on it
    if read is None:
        return None
    got = _NUMBER_READ.fullmatch(read.text)
    if got is None or not got.group("digits").strip("0"):
        return None
    if not coloured(rgb) and bool(got.group("slash")) == dash:
        return None
    return DigitsRead(got.group("digits"), read.confidence)


def read_date_blank(rgb: NDArray[np.uint8]) -> DigitsRead | None:
    """The day or month handwritten between two printed words of the date line."""
    read = read_ink_line(rgb)
    if read is None or not regex.fullmatch(r"\d{1,2}", read.text):
        return None
    return DigitsRead(read.text, read.confidence)


# ---------------------------------------------------------------------------------------------
# Where the blanks are: the number line "Số: ____/SYMBOL" and the date line
# "ngày __ tháng __ năm 2025" of the first page, from tesseract's words and, within the line,
# from its character boxes.

_NUMBER_WORD = regex.compile(r"^S[ốồổỗộóòỏõọôo][:;.]?")
_SYMBOL_TAIL = regex.compile(
    r"(?P<sep>[/-]?)(?P<symbol>[A-ZĐ][\p{L}\d&().]*(?:[-/] ?[\p{L}\d&().]+)+|[A-ZĐ]{2,}[\p{L}\d&().]*)$"
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
    symbol: str  # the symbol, with the space OCR put after a dash or slash dropped ("CV- BTV")


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
    symbol = regex.sub(r"(?<=[-/]) ", "", tail.group("symbol"))
    return _NumberLine(anchor, line, prefix, tail, text[prefix.end() : tail.start()].strip(), symbol)


def _number_blank(
    words: list[OcrWord],
    number: _NumberLine | None,
    handwritten_day: bool,
    page: Page,
    chars_of: Callable[[bytes], list[OcrChar]],
) -> tuple[list[OcrWord], DigitsRead] | None:
    if number is None:
        return None
    anchor, line, prefix, tail = number.anchor, number.words, number.prefix, number.tail
    h = anchor.bottom - anchor.top
    # Digits tesseract read are printed, or read already: the header takes them, and they are
    # never overridden. Beside a handwritten day they are most likely handwritten too, and
    # misread by tesseract as often as not: the ink is read, and its digits win when the nets agree.
    if _PRINTED_NUMBER.match(number.between) and not handwritten_day:
        return None
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
    symbol = number.symbol
    # the printed symbol, found again among the line's characters (its last letters at least)
    sym_folded = fold(symbol)
    at = -1
    for keep in range(len(sym_folded), 2, -1):
        at = folded.rfind(sym_folded[-keep:])
        if at >= begin:
            at -= len(sym_folded) - keep  # the symbol's first letters, misread
            break
        at = -1
    if at <= begin:  # its last letters misread ("CAT-PC04(Đ1)" as "cat-pc04(d))"): its first ones
        at = next(
            (
                found
                for keep in range(len(sym_folded), 2, -1)
                if (found := folded.find(sym_folded[:keep], begin + 1)) > 0
            ),
            -1,
        )
    if at <= begin:
        return None
    sep = at - 1 if at - 1 >= begin and chars[at - 1].text in "/-⁄" else None
    # The blank and the printed separator after it, up to the symbol: the line nets read the
    # separator as "/", so where the ink ends is told by what they read, not by a guess of the
    # crop's (the ink often runs over the slash).
    crop = _crop(rgb, box, x_start, chars[at].x0 - 1)
    if crop.size == 0:
        return None
    if not coloured(crop) and anchor.text != prefix.group():
        return None  # black ink with "Số" run into it: where the print ends is a guess, and a
        # printed letter is read as a digit as readily as ink is ("số" -> 50)
    dash = (tail.group("sep") or (chars[sep].text if sep is not None else "")) == "-"
    read = read_number_blank(crop, dash=dash)
    if read is None:
        return None
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


def _unsure_number(number: _NumberLine | None, handwritten_day: bool) -> str | None:
    """The digits tesseract read as the number beside a handwritten day. The number is filled in
    by the same hand when the document is registered, and tesseract reads handwriting as other
    digits as often as not (a handwritten 115 as "445", 324 as "22", 299 as "899"; on 10 real
    scans, 3 were right). When the ink reader abstains too, they are kept, since nothing better
    is read, with a warning."""
    if number is None or not _PRINTED_NUMBER.match(number.between) or not handwritten_day:
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
    crops: dict[str, NDArray[np.uint8]] = {}
    for key, (a, b) in (("day", (ngay, thang)), ("month", (thang, nam))):
        # between the two printed words: their own boxes when tesseract read them apart
        # (the ink then read whatever its colour), else their letters' boxes (coloured ink only)
        apart = _between(line, *(("ngay", "thang") if key == "day" else ("thang", "nam")))
        if apart is not None:
            crop = _crop(rgb, box, apart[0] - left + 2, apart[1] - left - 2)
        else:
            crop = _crop(rgb, box, chars[a.end() - 1].x1 + 2, chars[b.start()].x0 - 2)
        if key in blanks and (crop.size == 0 or (apart is None and not coloured(crop))):
            return None
        crops[key] = crop
    for key in blanks:
        got = read_date_blank(crops[key])
        if got is None:
            return None
        read[key] = got
        values[key] = got.digits
    for key in ("day", "month"):
        if key in blanks or crops[key].size == 0:
            continue
        # Digits tesseract read beside a handwritten blank: the same hand may have written them,
        # and tesseract misreads handwriting (a handwritten 9 as "3"). They are read from the
        # ink too, which wins, unless the blank's ink is coloured and theirs is not (print).
        if coloured(crops[blanks[0]]) and not coloured(crops[key]):
            continue
        got = read_date_blank(crops[key])
        if got is None:
            return None
        if int(got.digits) != int(values[key]):
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
    handwritten_day = _handwritten_day(words, page.size[1])
    number = _number_blank(words, number_line, handwritten_day, page, chars_of)
    unsure = _unsure_number(number_line, handwritten_day) if number is None else None
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
        ocr = number_line.between if number_line is not None else ""
        differs = f"; OCR read “{ocr}”" if _PRINTED_NUMBER.match(ocr) and ocr != got.digits else ""
        warnings.append(
            (
                "handwritten_number",
                f"The number {got.digits} is handwritten on the scan and was read from the ink "
                f"(confidence {got.confidence:.2f}{differs}): check it.",
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
