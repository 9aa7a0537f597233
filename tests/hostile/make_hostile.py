"""Generate issue 8's hostile-input corpus: ``python tests/hostile/make_hostile.py DEST [--big]``.

Everything an archive share may hold that a reader can choke on: empty files, damaged,
encrypted, endless and image-only PDFs, zip bombs and XML entity attacks in DOCX,
files whose content is not what their name says, legacy Vietnamese 8-bit encodings
(Windows-1258, TCVN3, VNI, UTF-16), binary noise, hard file names, symbolic links
that leave the tree, a named pipe and an unreadable file. All of it is built here, in
a second or two, into a folder (a few MB on disk); nothing is committed but this script.

``make_hostile(dest)`` returns ``{relative name: what it is}`` for every entry it
created under ``dest``; ``make_outside(dest)`` creates the files that the symbolic
links point to (they must live outside the input tree). ``big=True`` adds the 50 MB
text file, generated on the spot because it must never be committed.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import struct
import unicodedata
import zlib
from collections.abc import Callable
from pathlib import Path

# ------------------------------------------------------------------------------- the seed

SEED_NUMBER = "155/KH-UBND"
SEED_DATE = "2019-07-02"
SEED_LINES = [
    "ỦY BAN NHÂN DÂN",
    "THÀNH PHỐ CẦN THƠ",
    "Số: 155/KH-UBND",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Cần Thơ, ngày 02 tháng 7 năm 2019",
    "",
    "KẾ HOẠCH",
    "Triển khai thực hiện Đề án đẩy mạnh các hoạt động học tập suốt đời đến năm 2020",
    "",
    "Căn cứ Kế hoạch số 97/KH-UBND ngày 04/6/2018 của Ủy ban nhân dân thành phố Cần Thơ "
    "về thực hiện Đề án đẩy mạnh các hoạt động học tập suốt đời;",
    "Ủy ban nhân dân thành phố ban hành Kế hoạch thực hiện như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Phấn đấu đến năm 2020 có 90% thư viện tổ chức hoạt động học tập suốt đời.",
    "II. TỔ CHỨC THỰC HIỆN",
    "Sở Văn hóa, Thể thao và Du lịch chủ trì, báo cáo kết quả trước ngày 15 tháng 12 năm 2019.",
    "",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "Nguyễn Văn Thành",
]
SEED_TEXT = "\n".join(SEED_LINES) + "\n"


# ------------------------------------------------------------------- legacy 8-bit encodings

# TCVN3 (TCVN 5712:1993, "ABC", the .VnTime fonts): one byte per lower-case letter; the
# upper-case toned letters have no code of their own (the .VnTimeH fonts draw the
# lower-case code as a capital), so "KẾ HOẠCH" is stored as "KÕ HO¹CH".
TCVN3_SMALL = {
    "à": 0xB5, "á": 0xB8, "â": 0xA9, "ã": 0xB7, "è": 0xCC, "é": 0xD0, "ê": 0xAA, "ì": 0xD7,
    "í": 0xDD, "ò": 0xDF, "ó": 0xE3, "ô": 0xAB, "õ": 0xE2, "ù": 0xEF, "ú": 0xF3, "ý": 0xFD,
    "ă": 0xA8, "đ": 0xAE, "ĩ": 0xDC, "ũ": 0xF2, "ơ": 0xAC, "ư": 0xAD, "ạ": 0xB9, "ả": 0xB6,
    "ấ": 0xCA, "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ậ": 0xCB, "ắ": 0xBE, "ằ": 0xBB, "ẳ": 0xBC,
    "ẵ": 0xBD, "ặ": 0xC6, "ẹ": 0xD1, "ẻ": 0xCE, "ẽ": 0xCF, "ế": 0xD5, "ề": 0xD2, "ể": 0xD3,
    "ễ": 0xD4, "ệ": 0xD6, "ỉ": 0xD8, "ị": 0xDE, "ọ": 0xE4, "ỏ": 0xE1, "ố": 0xE8, "ồ": 0xE5,
    "ổ": 0xE6, "ỗ": 0xE7, "ộ": 0xE9, "ớ": 0xED, "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ợ": 0xEE,
    "ụ": 0xF4, "ủ": 0xF1, "ứ": 0xF8, "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ự": 0xF9, "ỳ": 0xFA,
    "ỵ": 0xFE, "ỷ": 0xFB, "ỹ": 0xFC,
}  # fmt: skip
TCVN3_CAPITAL = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}


def encode_tcvn3(text: str) -> bytes:
    """Unicode -> TCVN3 bytes, as a .VnTime/.VnTimeH document stores them."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out += ch.encode("ascii")
        elif ch in TCVN3_CAPITAL:
            out.append(TCVN3_CAPITAL[ch])
        elif ch.lower() in TCVN3_SMALL:
            out.append(TCVN3_SMALL[ch.lower()])
        else:
            raise ValueError(f"{ch!r} has no TCVN3 code")
    return bytes(out)


# VNI (VNI-Windows fonts): a base letter followed by one byte for its diacritics, except
# i, ơ, ư, đ and ỵ, which have bytes of their own. Lower-case bytes; capitals use the
# Latin-1 capital of the same byte (0x20 lower).
_VNI_TONE = {"": "", "\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_HAT = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def vni_small(ch: str) -> str:
    """One lower-case Vietnamese letter -> its VNI spelling (as Latin-1 characters)."""
    if ch == "đ":
        return "ñ"
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    shape = next((m for m in marks if m in "\u0302\u0306\u031b"), "")
    tone = next((m for m in marks if m in _VNI_TONE and m), "")
    if base == "i" and tone:
        return _VNI_I[tone]
    if base == "y" and tone == "\u0323":
        return "î"
    if shape == "\u0302":
        return base + _VNI_HAT[tone]
    if shape == "\u0306":
        return base + _VNI_BREVE[tone]
    if shape == "\u031b":
        return {"o": "ô", "u": "ö"}[base] + _VNI_TONE[tone]
    return base + _VNI_TONE[tone]


def encode_vni(text: str) -> bytes:
    """Unicode -> VNI-Windows bytes."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out.append(ch)
            continue
        spelled = vni_small(ch.lower())
        out.append(spelled.upper() if ch.isupper() else spelled)
    return "".join(out).encode("latin-1")


def encode_cp1258(text: str) -> bytes:
    """Unicode -> Windows-1258: a letter cp1258 lacks is its base letter plus a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            tones = [m for m in decomposed if m in _VNI_TONE and m]
            base = "".join(m for m in decomposed if m not in tones)
            out += unicodedata.normalize("NFC", base).encode("cp1258") + "".join(tones).encode("cp1258")
    return bytes(out)


# ------------------------------------------------------------------------------------- PDF


def pdf_bytes(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (object 1 is the catalog), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, trailer_extra, xref)
    )
    return out.getvalue()


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def text_pdf() -> bytes:
    """A one-page PDF with a text layer (Helvetica, so the seed folded to ASCII)."""
    folded = [
        "".join(c for c in unicodedata.normalize("NFD", ln) if not unicodedata.combining(c))
        for ln in SEED_LINES
    ]
    return winansi_pdf(
        [x.replace("Đ", "D").replace("đ", "d").encode("ascii", "replace") for x in folded if x]
    )


def winansi_pdf(lines: list[bytes]) -> bytes:
    """A one-page PDF whose text layer is ``lines`` in Helvetica with WinAnsiEncoding, one per row:
    each byte reads back as its Windows-1252 character."""
    ops = [b"BT /F1 11 Tf"]
    for i, line in enumerate(lines):
        text = line.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(b"1 0 0 1 60 %d Tm (%s) Tj" % (800 - 16 * i, text))
    ops.append(b"ET")
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            _stream(b"\n".join(ops)),
        ]
    )


def encrypted_pdf() -> bytes:
    """Standard security handler R2/40-bit whose O/U entries no empty password opens."""
    o = b"<" + b"11" * 32 + b">"
    u = b"<" + b"22" * 32 + b">"
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            b"<< /Filter /Standard /V 1 /R 2 /O %s /U %s /P -44 >>" % (o, u),
        ],
        trailer_extra=b"/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> "
        b"<0123456789abcdef0123456789abcdef>] ",
    )


def blank_pages_pdf(pages: int) -> bytes:
    """``pages`` empty A4 pages sharing one empty content stream."""
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        _stream(b""),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * pages
    return pdf_bytes(objects)


def page_tree_loop_pdf() -> bytes:
    """A page tree whose /Kids holds the tree itself (and a page), with a /Count that lies."""
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1000000 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


def flate_bomb_pdf(inflated_mb: int) -> bytes:
    """One page whose content stream is ~1 MB of FlateDecode inflating to ``inflated_mb`` MB of spaces."""
    chunk = b" " * (1 << 20)
    body, _ = repeated_deflate(chunk, inflated_mb, wrap=True)
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(body, b"/Filter /FlateDecode "),
        ]
    )


def image_only_pdf() -> bytes:
    """The seed's opening drawn into a 100 dpi image saved as a one-page PDF (a scan: no text layer)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (827, 600), 255)
    draw = ImageDraw.Draw(image)
    try:
        font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.truetype(
            "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 18
        )
    except OSError:  # no DejaVu: Pillow's own bitmap font still makes an image-only page
        font = ImageFont.load_default()
    for i, line in enumerate(SEED_LINES[:12]):
        draw.text((40, 30 + 26 * i), line, font=font, fill=0)
    buf = io.BytesIO()
    image.convert("1").save(buf, format="PDF", resolution=100)
    return buf.getvalue()


# ---------------------------------------------------------------------------- zip and DOCX

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOC_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/footnotes" Target="footnotes.xml"/></Relationships>'
)


def _paragraphs(lines: list[str]) -> str:
    return "".join(f'<w:p><w:r><w:t xml:space="preserve">{ln}</w:t></w:r></w:p>' for ln in lines)


def document_xml(body: str, doctype: str = "") -> bytes:
    """A word/document.xml around ``body`` (WordprocessingML), with an optional DOCTYPE."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
        f'<w:document xmlns:w="{_W_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


def footnotes_xml(text: str, doctype: str = "") -> bytes:
    """A word/footnotes.xml with one footnote holding ``text``."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
        f'<w:footnotes xmlns:w="{_W_NS}"><w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    ).encode()


def docx_bytes(document: bytes, footnotes: bytes | None = None) -> bytes:
    """A minimal DOCX package (content types, relationships, document, optional footnotes)."""
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        if footnotes is not None:
            zf.writestr("word/_rels/document.xml.rels", DOC_RELS)
            zf.writestr("word/footnotes.xml", footnotes)
        zf.writestr("word/document.xml", document)
    return buf.getvalue()


def _gf2_times(matrix: list[int], vector: int) -> int:
    result, i = 0, 0
    while vector:
        if vector & 1:
            result ^= matrix[i]
        vector >>= 1
        i += 1
    return result


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC-32 of A+B from crc(A), crc(B) and len(B): zlib's crc32_combine, which Python lacks."""
    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << i for i in range(31)]  # the operator for one zero bit
    even = [_gf2_times(odd, odd[i]) for i in range(32)]  # two zero bits
    odd = [_gf2_times(even, even[i]) for i in range(32)]  # four zero bits
    while True:
        even = [_gf2_times(odd, odd[i]) for i in range(32)]
        if len2 & 1:
            crc1 = _gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = [_gf2_times(even, even[i]) for i in range(32)]
        if len2 & 1:
            crc1 = _gf2_times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def repeated_deflate(
    chunk: bytes, times: int, head: bytes = b"", tail: bytes = b"", wrap: bool = False
) -> tuple[bytes, int]:
    """Deflate ``head + chunk * times + tail`` without ever holding or compressing it whole.

    After a full flush deflate forgets its history, so the compressed form of ``chunk``
    is the same bytes every time and can simply be repeated. Returns the stream (raw
    deflate, or zlib-wrapped for PDF's FlateDecode) and the CRC-32 of the inflated data.
    """
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = comp.compress(head) + comp.flush(zlib.Z_FULL_FLUSH)
    once = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    assert once == again, "deflate did not reset after a full flush"
    end = comp.compress(tail) + comp.flush()
    body = start + once * times + end
    crc_chunk, crc_n, n = zlib.crc32(chunk), 0, 0
    # CRC of chunk * times by doubling: crc(X+X) from crc(X).
    power, power_len, remaining = crc_chunk, len(chunk), times
    while remaining:
        if remaining & 1:
            crc_n = crc32_combine(crc_n, power, power_len) if n else power
            n += power_len
        power = crc32_combine(power, power, power_len)
        power_len *= 2
        remaining >>= 1
    crc = crc32_combine(crc32_combine(zlib.crc32(head), crc_n, n), zlib.crc32(tail), len(tail))
    if wrap:  # FlateDecode wants the zlib wrapper: a header and the Adler-32 of the inflated data
        adler = zlib.adler32(head)
        for _ in range(times):
            adler = zlib.adler32(chunk, adler)
        return b"\x78\xda" + body + struct.pack(">I", zlib.adler32(tail, adler)), crc
    return body, crc


def raw_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip from pre-compressed members: (name, deflated data, CRC-32, declared size, method)."""
    out = io.BytesIO()
    central = io.BytesIO()
    for name, data, crc, size, method in members:
        offset = out.tell()
        encoded = name.encode()
        fields = (20, 0, method, 0, 0x21, crc, len(data), size, len(encoded), 0)
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", *fields) + encoded + data)
        central.write(
            struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, offset) + encoded
        )
    cd = central.getvalue()
    count = len(members)
    eocd = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(cd), out.tell(), 0)
    return out.getvalue() + cd + eocd


def zip_bomb_docx(inflated_mb: int, declared_size: int | None = None, paragraphs: bool = False) -> bytes:
    """A DOCX whose word/document.xml inflates to ``inflated_mb`` MB of blanks (or of tiny paragraphs).

    Blanks compress about 1000:1, paragraphs about 300:1 but make a huge XML tree.
    ``declared_size`` makes the zip lie about the inflated size (a check that trusts
    the directory sees a small file).
    """
    head = document_xml("<!--BODY-->").split(b"<!--BODY-->")
    if paragraphs:
        unit = _paragraphs(["Kế hoạch số 155/KH-UBND"]).encode()
        chunk = unit * ((1 << 20) // len(unit))
    else:
        chunk = b" " * (1 << 20)
    data, crc = repeated_deflate(chunk, inflated_mb, head=head[0], tail=head[1])
    size = len(head[0]) + len(chunk) * inflated_mb + len(head[1])
    if size > 0xFFFFFFFF:
        raise ValueError("over 4 GB needs zip64, which this writer does not do")
    plain = [
        (n, zlib.compress(b, 9)[2:-4], zlib.crc32(b), len(b), 8)
        for n, b in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS))
    ]
    return raw_zip([*plain, ("word/document.xml", data, crc, declared_size or size, 8)])


XXE_DOCTYPE = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
XXE_FOOTNOTE_DOCTYPE = '<!DOCTYPE w:footnotes [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = "".join(
    [
        '<!DOCTYPE w:document [<!ENTITY lol "lol">',
        *(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)),
        "]>",
    ]
)


def xxe_docx() -> bytes:
    """The seed in a DOCX whose document.xml and footnotes.xml pull /etc/passwd in as an entity."""
    body = _paragraphs([*SEED_LINES[:9], "Tham chiếu: &xxe;", *SEED_LINES[9:]])
    return docx_bytes(document_xml(body, XXE_DOCTYPE), footnotes_xml("Ghi chú &xxe;", XXE_FOOTNOTE_DOCTYPE))


def laughs_docx() -> bytes:
    """The seed in a DOCX whose document.xml holds a billion-laughs entity (10^9 'lol' when expanded)."""
    body = _paragraphs([*SEED_LINES[:9], "&lol9;", *SEED_LINES[9:]])
    return docx_bytes(document_xml(body, LAUGHS))


def seed_docx() -> bytes:
    """The seed as a well-formed minimal DOCX (the control: the hostile DOCX variants are built the same way)."""
    return docx_bytes(document_xml(_paragraphs(SEED_LINES)))


# ------------------------------------------------------------------------------ the corpus

SEED_HTML = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
    "<title>Kế hoạch</title></head><body>" + "".join(f"<p>{ln}</p>" for ln in SEED_LINES) + "</body></html>"
)

BIG_NAME = "big/big_50mb.txt"
CLASHING = ["names/Kế hoạch.txt", "names/Kế hoạch.md", "names/KẾ HOẠCH.txt"]
NFD_CLASH = unicodedata.normalize("NFD", "names/Kế hoạch.txt")
# 84 three-byte letters + ".md": a legal 255-byte name whose stem + ".json" is 257 bytes.
LONG_NAME = "names/" + "ệ" * 84 + ".md"
# "Kế hoạch" in Windows-1258 bytes: not UTF-8, so Python sees it with surrogate escapes.
LEGACY_NAME = os.fsdecode(b"names/legacy_" + encode_cp1258("Kế hoạch") + b".txt")
UNREADABLE = "perm/unreadable.txt"
UNREADABLE_DIR = "perm/locked_dir"
FIFO = "special/pipe.txt"
OUTSIDE_FILE = "secret.txt"  # under make_outside's folder
OUTSIDE_SECRET = "KHPLAN-OUTSIDE-SECRET-8d1f: this file is outside the input tree"


def _noise(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _files(big: bool) -> dict[str, tuple[Callable[[], bytes], str]]:
    truncated = text_pdf()
    files: dict[str, tuple[Callable[[], bytes], str]] = {
        # empty
        "empty/zero.txt": (lambda: b"", "zero bytes, .txt"),
        "empty/zero.pdf": (lambda: b"", "zero bytes, .pdf"),
        "empty/zero.docx": (lambda: b"", "zero bytes, .docx"),
        "empty/zero.doc": (lambda: b"", "zero bytes, .doc"),
        "empty/whitespace.md": (lambda: b" \r\n\t\n   \n", "only whitespace, .md"),
        # PDF
        "pdf/control_text.pdf": (text_pdf, "control: a valid one-page PDF with a text layer (ASCII seed)"),
        "pdf/truncated.pdf": (lambda: truncated[: len(truncated) // 2], "PDF cut off half-way (no xref)"),
        "pdf/header_only.pdf": (lambda: b"%PDF-1.7\n", "only the %PDF-1.7 line"),
        "pdf/corrupt_body.pdf": (
            lambda: b"%PDF-1.4\n" + _noise(20_000, 1) + b"\n%%EOF\n",
            "PDF header, then 20 kB of random bytes",
        ),
        "pdf/encrypted.pdf": (encrypted_pdf, "encrypted PDF (RC4 40-bit, non-empty user password)"),
        "pdf/blank_5000_pages.pdf": (lambda: blank_pages_pdf(5000), "5000 empty pages"),
        "pdf/page_tree_loop.pdf": (page_tree_loop_pdf, "page tree whose /Kids contains itself"),
        "pdf/flate_bomb.pdf": (
            lambda: flate_bomb_pdf(512),
            "one page, content stream inflating to 512 MB of spaces",
        ),
        "pdf/image_only.pdf": (image_only_pdf, "image-only PDF (scan of the seed, no text layer)"),
        "pdf/really_text.pdf": (lambda: SEED_TEXT.encode(), "UTF-8 text named .pdf"),
        # DOCX
        "docx/control_seed.docx": (seed_docx, "control: the seed as a minimal well-formed DOCX"),
        "docx/zip_bomb.docx": (
            lambda: zip_bomb_docx(3072),
            "zip bomb: document.xml inflates to 3 GB (sizes declared honestly)",
        ),
        "docx/zip_bomb_lying.docx": (
            lambda: zip_bomb_docx(2047, declared_size=10_000),
            "zip bomb: document.xml inflates to 2 GB, the zip directory claims 10 kB",
        ),
        "docx/under_limit_bomb.docx": (
            lambda: zip_bomb_docx(190, paragraphs=True),
            "document.xml of 190 MB of tiny paragraphs (under the 200 MB unzip limit)",
        ),
        "docx/xxe.docx": (xxe_docx, "XXE: document.xml and footnotes.xml declare &xxe; = file:///etc/passwd"),
        "docx/billion_laughs.docx": (laughs_docx, "billion laughs: nested entities, 10^9 'lol'"),
        "docx/not_a_zip.docx": (lambda: SEED_TEXT.encode(), "UTF-8 text named .docx"),
        "docx/ole_named.docx": (
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _noise(4000, 2),
            "OLE magic then noise, named .docx",
        ),
        # .doc
        "doc/html_as.doc": (lambda: SEED_HTML.encode(), "HTML saved with a .doc name"),
        "doc/text_as.doc": (lambda: SEED_TEXT.encode(), "UTF-8 text named .doc"),
        "doc/ole_noise.doc": (
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _noise(8000, 3),
            "OLE magic then random bytes, .doc",
        ),
        # encodings (the same seed five ways)
        "text/unicode_twin.txt": (lambda: SEED_TEXT.encode(), "the seed in UTF-8 (twin of the legacy files)"),
        "text/utf8_bom.txt": (lambda: b"\xef\xbb\xbf" + SEED_TEXT.encode(), "the seed in UTF-8 with BOM"),
        "text/utf16_bom.txt": (lambda: SEED_TEXT.encode("utf-16"), "the seed in UTF-16 LE with BOM"),
        "text/utf16be_bom.txt": (
            lambda: b"\xfe\xff" + SEED_TEXT.encode("utf-16-be"),
            "the seed in UTF-16 BE with BOM",
        ),
        "text/utf16_nobom.txt": (
            lambda: SEED_TEXT.encode("utf-16-le"),
            "the seed in UTF-16 LE without BOM",
        ),
        "text/cp1258.txt": (lambda: encode_cp1258(SEED_TEXT), "the seed in Windows-1258 (combining tones)"),
        "text/tcvn3.txt": (lambda: encode_tcvn3(SEED_TEXT), "the seed in TCVN3 (ABC, .VnTime)"),
        "text/vni.txt": (lambda: encode_vni(SEED_TEXT), "the seed in VNI-Windows"),
        "text/nfd.txt": (
            lambda: unicodedata.normalize("NFD", SEED_TEXT).encode(),
            "the seed in UTF-8, decomposed (NFD)",
        ),
        "text/one_line_5mb.txt": (
            lambda: ("Căn cứ Kế hoạch số 97/KH-UBND ngày 04/6/2018 " * 110_000).encode(),
            "5 MB on one line, no line break",
        ),
        "text/nul_after_4k.txt": (
            lambda: SEED_TEXT.encode() * 3 + b"\x00" * 64 + SEED_TEXT.encode(),
            "the seed with NUL bytes after the first 4 kB",
        ),
        # noise
        "noise/random.bin": (lambda: _noise(64_000, 4), "random bytes, unknown extension"),
        "noise/random.txt": (lambda: _noise(64_000, 5), "random bytes named .txt"),
        "noise/random.md": (
            lambda: bytes(random.Random(6).choices(range(0x80, 0x100), k=64_000)),
            "random high bytes (no NUL) named .md",
        ),
        "noise/random.pdf": (lambda: _noise(64_000, 7), "random bytes named .pdf"),
        "noise/random.docx": (lambda: _noise(64_000, 8), "random bytes named .docx"),
        "noise/random.html": (lambda: _noise(64_000, 9), "random bytes named .html"),
        "noise/no_extension": (lambda: SEED_TEXT.encode(), "the seed in a file without extension"),
        "noise/actually_pdf.txt": (text_pdf, "a valid PDF named .txt"),
        # names
        "names/Kế hoạch số 155 năm 2019.txt": (lambda: SEED_TEXT.encode(), "Vietnamese name with spaces"),
        "names/a..b.txt": (lambda: SEED_TEXT.encode(), "'..' inside the name"),
        "names/..txt": (lambda: SEED_TEXT.encode(), "name '..txt' (stem '.')"),
        "names/document.txt": (lambda: SEED_TEXT.encode(), "stem 'document' (the fallback stem of '..txt')"),
        "names/-rf --out .txt": (lambda: SEED_TEXT.encode(), "name that looks like options"),
        "names/line\nbreak.txt": (lambda: SEED_TEXT.encode(), "newline in the name"),
        CLASHING[0]: (lambda: SEED_TEXT.encode(), "clash: same stem as Kế hoạch.md and KẾ HOẠCH.txt"),
        CLASHING[1]: (lambda: SEED_TEXT.encode(), "clash: same stem, other extension"),
        CLASHING[2]: (lambda: SEED_TEXT.encode(), "clash: same stem in capitals"),
        NFD_CLASH: (lambda: SEED_TEXT.encode(), "clash: 'Kế hoạch.txt' spelt in NFD (another file on Linux)"),
        LONG_NAME: (lambda: SEED_TEXT.encode(), "255-byte Vietnamese name (stem + '.json' > NAME_MAX)"),
        LEGACY_NAME: (
            lambda: SEED_TEXT.encode(),
            "name in Windows-1258 bytes, not UTF-8 (a share mounted without iocharset)",
        ),
        "names/deep/" + "/".join(["d"] * 40) + "/deep.txt": (lambda: SEED_TEXT.encode(), "40 folders deep"),
    }
    if big:
        files[BIG_NAME] = (_big_text, "50 MB of UTF-8 text (the seed's body repeated)")
    return files


def _big_text() -> bytes:
    paragraph = "\n".join(SEED_LINES[10:16]) + "\n"
    block = paragraph.encode() * 1000
    return block * (50 * 1024 * 1024 // len(block) + 1)


def make_outside(dest: Path) -> Path:
    """The files the hostile symbolic links point at: ``dest`` must be outside the input tree."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / OUTSIDE_FILE).write_text(OUTSIDE_SECRET + "\n" + SEED_TEXT, encoding="utf-8")
    (dest / "folder").mkdir(exist_ok=True)
    (dest / "folder" / "outside_doc.txt").write_text(SEED_TEXT, encoding="utf-8")
    return dest


def make_hostile(dest: Path, big: bool = False, outside: Path | None = None) -> dict[str, str]:
    """Write the hostile corpus into ``dest``; ``{relative name: what it is}`` for every entry made.

    ``outside`` (a folder outside ``dest``, made by ``make_outside``) gets the symbolic
    links that leave the tree; without it they point at ``/etc/passwd`` and ``/etc``.
    Entries the platform cannot make (a FIFO on Windows) are left out of the result.
    """
    made: dict[str, str] = {}
    for name, (build, what) in _files(big).items():
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(build())
        made[name] = what

    links = dest / "links"
    links.mkdir(parents=True, exist_ok=True)
    target_file = outside / OUTSIDE_FILE if outside else Path("/etc/passwd")
    target_dir = outside / "folder" if outside else Path("/etc")
    symlinks = {
        "links/outside.txt": (target_file, "symbolic link to a file outside the input tree"),
        "links/outside_dir": (target_dir, "symbolic link to a folder outside the input tree"),
        "links/dangling.txt": (dest / "links" / "no-such-file.txt", "dangling symbolic link"),
        "links/loop.txt": (dest / "links" / "loop.txt", "symbolic link to itself (a loop)"),
        "links/inside.txt": (dest / "text" / "unicode_twin.txt", "symbolic link to a file inside the tree"),
    }
    for name, (target, what) in symlinks.items():
        try:
            (dest / name).symlink_to(target)
        except OSError:  # no symbolic links here (Windows without the right): leave them out
            continue
        made[name] = what

    fifo = dest / FIFO
    fifo.parent.mkdir(parents=True, exist_ok=True)
    if hasattr(os, "mkfifo"):
        os.mkfifo(fifo)
        made[FIFO] = "named pipe (FIFO) with a .txt name: reading it blocks until a writer comes"

    unreadable = dest / UNREADABLE
    unreadable.parent.mkdir(parents=True, exist_ok=True)
    unreadable.write_bytes(SEED_TEXT.encode())
    unreadable.chmod(0)
    made[UNREADABLE] = "permissions 000"
    locked = dest / UNREADABLE_DIR
    locked.mkdir(parents=True, exist_ok=True)
    (locked / "inside_locked.txt").write_bytes(SEED_TEXT.encode())
    locked.chmod(0)
    made[UNREADABLE_DIR + "/inside_locked.txt"] = "a file in a folder with permissions 000"
    return made


def permissions_enforced(probe_dir: Path) -> bool:
    """Whether chmod 000 stops this process reading a file (not for root, nor on some file systems)."""
    probe = probe_dir / ".khplan-permission-probe"
    probe.write_bytes(b"x")
    probe.chmod(0)
    try:
        probe.read_bytes()
    except PermissionError:
        return True
    else:
        return False
    finally:
        probe.chmod(0o600)
        probe.unlink()


def restore_permissions(dest: Path) -> None:
    """Make the corpus deletable again (the locked folder and file get their permissions back)."""
    for name in (UNREADABLE_DIR, UNREADABLE):
        path = dest / name
        if path.exists() or path.is_symlink():
            path.chmod(0o700 if path.is_dir() else 0o600)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--big", action="store_true", help="also write the 50 MB text file")
    args = parser.parse_args()
    outside = make_outside(args.dest.parent / (args.dest.name + "-outside"))
    made = make_hostile(args.dest, big=args.big, outside=outside)
    width = max(len(name) for name in made)
    for name, what in made.items():
        shown = name.encode("utf-8", "backslashreplace").decode("utf-8").replace("\n", "\\n")
        print(f"{shown:<{width}}  {what}")


if __name__ == "__main__":
    main()
