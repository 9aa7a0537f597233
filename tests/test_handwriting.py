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


# (crop, the number blank's box x0 y0 x1 y1 within it, as the reader cuts it: from the end of
# "Số:" to the symbol, the printed separator included; whether that separator is a dash; the
# digits read, or None where the reader must abstain)
NUMBERS = [
    ("3ba336e6_number.png", (108, 29, 261, 134), False, "560"),  # blue
    ("2ff60396_number.png", (112, 38, 264, 141), False, "3980"),  # black, the 0 written over the 8
    ("39333628_number.png", (107, 10, 276, 115), False, "4409"),  # blue
    ("52346cc1_number.png", (106, 41, 259, 146), False, "1462"),  # black, the 2 run into the slash
    # 493 in blue, "93" run together over the slash: one net reads 993
    ("810a05d4_number.png", (104, 30, 221, 159), False, None),
    # 2300 in blue: the nets are unsure of the 2
    ("c04dd7be_number.png", (96, 71, 257, 173), False, None),
    # 932 in black, the 2 run into the slash: read "93210" (the slash and the Q), no slash read
    ("4928ca8b_number.png", (109, 39, 273, 141), False, None),
    ("42c203e1_number.png", (120, 22, 289, 155), False, None),  # 416 in black, faint
    ("41c028f7_number.png", (113, 38, 291, 158), False, "275"),  # black, a looped 2
    ("510481aa_number.png", (99, 37, 223, 148), True, "113"),  # 113-CV: a Party number, dash
    ("14f7821d_number.png", (109, 10, 275, 119), False, None),  # 4552 in blue, the 5s unsure
]


@pytest.mark.parametrize(("name", "box", "dash", "expected"), NUMBERS, ids=[r[0] for r in NUMBERS])
def test_read_number_blank(
    name: str, box: tuple[int, int, int, int], dash: bool, expected: str | None
) -> None:
    x0, y0, x1, y1 = box
    got = hw.read_number_blank(_rgb(name)[y0:y1, x0:x1], dash=dash)
    assert (got.digits if got else None) == expected
    if got:
        assert got.confidence >= hw.MIN_PROB


def test_black_ink_needs_the_slash_read() -> None:
    """Black ink is read with the print: "3980/" must come with its slash, and a slash read
    where the printed separator is a dash says the crop is not what it seems."""
    rgb = _rgb("2ff60396_number.png")[38:141, 112:264]
    whole = hw.read_ink_line(rgb, right_edge=False)
    assert whole is not None and whole.text == "3980/"
    assert hw.read_number_blank(rgb, dash=True) is None


def test_abstains_on_a_blank_number() -> None:
    x0, y0, x1, y1 = NUMBERS[0][1]
    blank = _blank(_rgb("3ba336e6_number.png"))[y0:y1, x0:x1]
    assert hw.read_number_blank(blank) is None
    paper = np.full((100, 200, 3), 245, dtype=np.uint8)
    assert hw.read_number_blank(paper) is None
    assert hw.read_date_blank(paper) is None


def test_coloured_ink_is_read_apart_from_print() -> None:
    rgb = _rgb("3ba336e6_number.png")
    assert hw.coloured(rgb[29:134, 108:312])
    assert not hw.coloured(rgb[29:134, 0:100])  # "Số:" printed in black
    ink = hw.ink_mask(rgb[29:134, 108:312])
    assert len(hw.blobs(ink)) == 3  # 5, 6, 0: the slash and the symbol are black


def test_line_image_keeps_the_aspect_at_the_nets_height() -> None:
    mask = np.zeros((100, 300), dtype=bool)
    mask[20:80, 50:170] = True  # ink 60 high, 120 wide
    image = hw.line_image(mask)
    assert image is not None
    assert image.shape == (hw.LINE_HEIGHT, 56 + 2 * hw.LINE_MARGIN)  # 28 px of ink high: 56 wide
    assert image[hw.LINE_MARGIN + 5, hw.LINE_MARGIN + 5] == 1.0 and image[0, 0] == 0.0
    assert hw.line_image(np.zeros((10, 10), dtype=bool)) is None
    long = np.zeros((20, 400), dtype=bool)
    long[5:15, :] = True  # a rule, not a number: 20 times wider than high
    assert hw.line_image(long) is None


def test_numpy_convolutions_match_a_plain_loop() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 5, 7)).astype(np.float32)
    w = rng.normal(size=(3, 2, 3, 3)).astype(np.float32)
    b = rng.normal(size=3).astype(np.float32)
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1)))
    loop = np.array(
        [
            [[(padded[:, i : i + 3, j : j + 3] * w[o]).sum() + b[o] for j in range(7)] for i in range(5)]
            for o in range(3)
        ]
    )
    assert np.allclose(hw._conv2d(x, w, b), loop, atol=1e-5)
    seq = rng.normal(size=(4, 6)).astype(np.float32)
    w1 = rng.normal(size=(2, 4, 3)).astype(np.float32)
    padded1 = np.pad(seq, ((0, 0), (1, 1)))
    loop1 = np.array([[(padded1[:, t : t + 3] * w1[o]).sum() + b[o] for t in range(6)] for o in range(2)])
    assert np.allclose(hw._conv1d(seq, w1, b[:2]), loop1, atol=1e-5)
    assert hw._max_pool(np.arange(24, dtype=np.float32).reshape(1, 4, 6), 2, 2).tolist() == [
        [[7.0, 9.0, 11.0], [19.0, 21.0, 23.0]]
    ]


def _steps(*classes: tuple[int, float]) -> np.ndarray:
    """CTC steps: each the class with the most probability and that probability."""
    probs = np.zeros((len(classes), len(hw.LINE_ALPHABET) + 1), dtype=np.float32)
    for t, (c, p) in enumerate(classes):
        probs[t, :] = (1 - p) / (probs.shape[1] - 1)
        probs[t, c] = p
    return probs


BLANK = 0


@pytest.mark.parametrize(
    ("steps", "text", "confidence"),
    [
        # a digit over several steps is read once, at its best step
        (_steps((4, 0.7), (4, 0.95), (BLANK, 0.99), (10, 0.9)), "39", 0.9),
        # the same digit twice needs a blank between
        (_steps((2, 0.99), (BLANK, 0.9), (2, 0.93)), "11", 0.93),
        (_steps((2, 0.99), (2, 0.93)), "1", 0.99),
        # the printed slash is the last class
        (_steps((6, 0.98), (BLANK, 0.9), (11, 0.97)), "5/", 0.97),
        (_steps((BLANK, 0.99), (BLANK, 0.99)), "", 1.0),
    ],
)
def test_best_path(steps: np.ndarray, text: str, confidence: float) -> None:
    got, conf = hw._best_path(steps)
    assert got == text
    assert conf == pytest.approx(confidence)


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
    ("41c028f7_number.png", ["Số:", "275/GM-UBND"], ["handwritten_number"]),
    ("510481aa_number.png", ["Số", "113-CV/B&PTTH"], ["handwritten_number"]),
    ("2ff60396_number.png", ["Số:", "3980/C04-P6"], ["handwritten_number"]),
    ("39333628_number.png", ["Số:", "4409/BCA-C04"], ["handwritten_number"]),
    ("52346cc1_number.png", ["Số:", "1462/QĐ-UBND"], ["handwritten_number"]),
    ("c04dd7be_number.png", [], []),
    ("4928ca8b_number.png", [], []),
    ("810a05d4_number.png", [], []),
    ("14f7821d_number.png", [], []),
    # "Số:5240/" run together, black ink: where the print ends is a guess
    ("c08c9734_number.png", [], []),
    ("42c203e1_number.png", [], []),
    ("2ff60396_date.png", [], []),
    # day and month in black ink (Bắc Giang, 2012), the month's 10 read by tesseract and by the nets
    ("41c028f7_date.png", ["ngày", "17", "tháng", "10", "năm", "2012"], ["handwritten_date"]),
    ("52346cc1_date.png", [",ngày", "18", "tháng", "10", "năm", "2012"], ["handwritten_date"]),
    # the day read (16), the month's 12 not: no date rather than one half read
    ("3be616d9_date.png", [], []),
    ("14f7821d_date.png", [], []),
    ("39333628_date.png", [], []),
    ("c08c9734_date.png", [], []),
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


# Number lines as tesseract read real scans: what stands in the blank, and the symbol the filled
# number takes, OCR's spaces inside it dropped.
NUMBER_LINES = [
    ("Số: ⁄JJ? /CV- BTV", "⁄JJ?", "CV-BTV"),  # a scan of a Ban Thường vụ công văn (113/CV-BTV)
    ("Số: /TTr- CAT-PC04", "", "TTr-CAT-PC04"),  # lamdong_vbai_4d6f04bd
    ("Số: 3 4Ø/C04-P6", "3 4Ø", "C04-P6"),  # lamdong_vbai_2ff60396
    ("Số:52Ø2/BCA-V01", "52Ø2", "BCA-V01"),  # lamdong_vbai_c08c9734: one word
]


@pytest.mark.parametrize(("line", "between", "symbol"), NUMBER_LINES)
def test_number_line(line: str, between: str, symbol: str) -> None:
    got = hw._number_line(_row(line, 300), (2000, 2800))
    assert got is not None
    assert (got.between, got.symbol) == (between, symbol)
