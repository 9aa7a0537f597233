"""The handwritten-digit reader (extractors/handwriting.py) on crops of real scans
(tests/fixtures/handwriting, cut by make_crops.py there from samples/found and the shared
formats set): the values it reads, and above all where it must abstain.

A wrong number is worse than none, so every crop the reader cannot read right is listed here
with ``None``: a change that makes it read one of them (rightly) shows up as a failure to update
the table, and a change that makes it read one wrongly fails too.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extractors import handwriting as hw
from extractors.ocr import OcrWord, ocr_chars, ocr_image, tesseract_available

CROPS = Path(__file__).resolve().parent / "fixtures" / "handwriting"


def _rgb(name: str) -> np.ndarray:
    return np.asarray(Image.open(CROPS / name).convert("RGB"))


def _blank(rgb: np.ndarray) -> np.ndarray:
    """The same scan with its blue ink painted over with the paper's colour: a blank left unfilled."""
    out = rgb.copy()
    blue = (rgb[..., 2].astype(int) - np.maximum(rgb[..., 0], rgb[..., 1]).astype(int) > 10) & (
        rgb.mean(axis=2) < 235
    )
    out[blue] = np.median(rgb.reshape(-1, 3), axis=0).astype(np.uint8)
    return out


# (crop, box x0 y0 x1 y1 within it, the printed slash's box to drop, max digits, expected)
READS = [
    ("3ba336e6_number.png", (108, 29, 312, 134), None, 6, "560"),
    # 2300 in blue: "23" and "00" run together; no cut reads both sides stably
    ("c04dd7be_number.png", (96, 71, 313, 173), None, 6, None),
    # 493 in blue: "93" run together and over the slash
    ("810a05d4_number.png", (104, 30, 274, 159), None, 6, None),
    # 3980 in black: the 0 is written over the 8
    ("2ff60396_number.png", (112, 38, 266, 141), (136, 40, 151, 81), 6, None),
    # 932 in black: the 2 runs into the slash
    ("4928ca8b_number.png", (109, 39, 249, 141), (114, 32, 137, 84), 6, None),
    # day 15 in one stroke: the nets used to take it for a 9 before they learnt pairs
    ("810a05d4_date.png", (150, 30, 250, 170), None, 2, None),
    # day 28 with a looped 2, day 03 with a 3 like a 5
    ("42c203e1_date.png", (171, 56, 264, 189), None, 2, None),
    ("510481aa_date.png", (155, 58, 224, 193), None, 2, None),
]


@pytest.mark.parametrize(("name", "box", "drop", "most", "expected"), READS, ids=[r[0] for r in READS])
def test_read_digits(
    name: str,
    box: tuple[int, int, int, int],
    drop: tuple[float, float, float, float] | None,
    most: int,
    expected: str | None,
) -> None:
    x0, y0, x1, y1 = box
    got = hw.read_digits(_rgb(name)[y0:y1, x0:x1], max_digits=most, drop=drop)
    assert (got.digits if got else None) == expected
    if got:
        assert got.confidence >= hw.MIN_PROB


def test_abstains_on_a_blank_number() -> None:
    x0, y0, x1, y1 = READS[0][1]
    blank = _blank(_rgb("3ba336e6_number.png"))[y0:y1, x0:x1]
    assert hw.read_digits(blank) is None
    paper = np.full((100, 200, 3), 245, dtype=np.uint8)
    assert hw.read_digits(paper) is None


def test_coloured_ink_is_read_apart_from_print() -> None:
    rgb = _rgb("3ba336e6_number.png")
    assert hw.coloured(rgb[29:134, 108:312])
    assert not hw.coloured(rgb[29:134, 0:100])  # "Số:" printed in black
    ink = hw.ink_mask(rgb[29:134, 108:312])
    assert [p.x0 < p.x1 for p in hw.digit_blobs(ink)] == [True, True, True]


def _fill(image: np.ndarray) -> tuple[list[str], list[str], list[OcrWord]]:
    buf = io.BytesIO()
    Image.fromarray(image).convert("L").save(buf, format="PNG")
    words = ocr_image(buf.getvalue())
    filled = hw.fill_handwritten(words, hw.Page((image.shape[1], image.shape[0]), lambda: image), ocr_chars)
    new = [w.text for w in filled.words if all(w is not old for old in words)]
    return new, [code for code, _ in filled.warnings], words


# (crop, the words that replace the line's, warning codes): the whole path on each line,
# tesseract's words then the blank found and read, or left as tesseract read it.
LINES = [
    ("3ba336e6_number.png", ["Số:", "560/GM-UBND"], ["handwritten_number"]),
    ("c04dd7be_number.png", [], []),
    ("810a05d4_number.png", [], []),
    ("2ff60396_number.png", [], []),
    ("4928ca8b_number.png", [], []),
    ("42c203e1_number.png", [], []),
    ("510481aa_number.png", [], []),
    ("2ff60396_date.png", [], []),
    ("42c203e1_date.png", [], []),
    ("510481aa_date.png", [], []),
    ("810a05d4_date.png", [], []),
    # printed digits (and a handwritten 06 that tesseract reads): never overridden, even when
    # tesseract reads them with a low confidence ("58/CĐĐ-VPCP")
    ("6c067415_number.png", [], []),
    ("6c067415_date.png", [], []),
    ("4928ca8b_date.png", [], []),
    ("3ba336e6_date.png", [], []),
    ("c04dd7be_date.png", [], []),
]


@pytest.mark.skipif(not tesseract_available(), reason="tesseract with the vie model is not installed")
@pytest.mark.parametrize(("name", "new", "codes"), LINES, ids=[r[0] for r in LINES])
def test_fill_handwritten(name: str, new: list[str], codes: list[str]) -> None:
    got, warnings, _ = _fill(_rgb(name))
    assert got == new
    assert warnings == codes


@pytest.mark.skipif(not tesseract_available(), reason="tesseract with the vie model is not installed")
def test_fill_leaves_an_unfilled_blank_alone() -> None:
    got, warnings, words = _fill(_blank(_rgb("3ba336e6_number.png")))
    assert any(w.text.startswith("Số") for w in words)
    assert got == [] and warnings == []


def _row(texts: str, top: float, x: float = 100.0) -> list[OcrWord]:
    """Words of one OCR'd line, 60 px wide each, 10 px apart."""
    return [OcrWord(t, x + i * 70, x + i * 70 + 60, top, top + 30, 90.0) for i, t in enumerate(texts.split())]


# Header lines as tesseract read real scans (running header, number line, date line): digits OCR read
# beside a day of marks or an impossible day (ink tesseract could not read) are flagged; the number
# is filled in by the same hand, and on 10 such real scans OCR misread it 7 times.
UNSURE = [
    # Công báo 271/2026 (Nghị quyết 115/NQ-CP): "115" handwritten, read "445"
    ("CÔNG BÁO/Số 271/Ngày 12-05-2026 86", "Số: 445 /NQ-CP", "Hà Nội, ngày @3 tháng !Ƒ năm 2026", "445"),
    # vuhung 390 vp-ubnd.pdf (Bắc Giang, 2012): 390 read "340", the day read "66"
    ("", "Số: 340/VP-TH", "Bắc Giang, ngày 66 tháng 11 năm 2012", "340"),
    # vuhung 324.stttt-khtc.pdf: 324 read "22", run into "Số:"
    ("", "Số:22/STTTT-KHTC", "Bắc Giang, ngàyđ# tháng£0 năm 2012", "22"),
    # a printed day: no flag (Công báo 332/2026, Thông tư 25/2026/TT-BKHCN, month misread)
    ("CÔNG BÁO/Số 332/Ngày 16-06-2026 3", "Số: 25 /TT-BKHCN", "Hà Nội, ngày 30 tháng 53 năm 2026", None),
    # a blank day left for signing: no flag
    ("", "Số: 12 /KH-UBND", "Lâm Đồng, ngày ..... tháng 3 năm 2026", None),
]


@pytest.mark.parametrize(("running", "number", "date", "digits"), UNSURE)
def test_a_number_beside_a_handwritten_day_is_flagged(
    running: str, number: str, date: str, digits: str | None
) -> None:
    words = (_row(running, 20) if running else []) + _row(number, 300) + _row(date, 300, x=900)
    page = hw.Page((2000, 2800), lambda: np.full((2800, 2000, 3), 255, dtype=np.uint8))
    filled = hw.fill_handwritten(words, page, lambda png: [])
    assert [w.text for w in filled.words] == [w.text for w in words]  # the digits are kept
    flagged = [message for code, message in filled.warnings if code == "number_unsure"]
    if digits is None:
        assert flagged == []
    else:
        assert len(flagged) == 1 and f"“{digits}”" in flagged[0]


_UNSURE = ("number_unsure", "The number's digits “2” were read by OCR beside a handwritten day.")


@pytest.mark.parametrize(
    ("number_line", "number", "flagged"),
    [
        # the digits made a number: the doubt about them stays
        ("Số: 2254/TB-SYT", "2254/TB-SYT", True),
        # no number came of them (nmhoangclb/quanlycongvanKGU, a scan of 2017): only number_blank
        ("Số:2J/4/TB-SYT ,", None, False),
    ],
)
def test_number_unsure_only_beside_a_number(number_line: str, number: str | None, flagged: bool) -> None:
    from extractors.pipeline import extract_document
    from extractors.reading import ReadDocument
    from khplan.schemas import Source

    text = (
        "UBND TỈNH KIÊN GIANG\nSỞ Y TẾ\n|\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        f"Kiên Giang, ngày tháng 11 năm 2017\n|\n{number_line}\nTHÔNG BÁO\nVề việc tổ chức Khai giảng lớp\n"
    )
    read = ReadDocument(text=text, format="pdf", pages=1, ocr=True, warnings=[_UNSURE])
    doc = extract_document(read, Source(path="x.pdf", sha256="0" * 64, format="pdf", extractor="test"))
    codes = [w.code for w in doc.warnings]
    assert doc.document.number == number
    assert ("number_unsure" in codes) is flagged
