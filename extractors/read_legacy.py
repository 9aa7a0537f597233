"""Legacy office files (.doc Word 97-2003, .rtf, .odt): bytes -> ReadDocument.

Two tools, tried in this order:

* LibreOffice headless (``soffice --convert-to docx``), then the DOCX reader:
  every format, tables kept as tables. Heavy (~300 MB), so optional.
* ``antiword`` for .doc, and ``read_rtf`` (pure Python) for .rtf: light, both give tables as
  ``|cell|cell|`` rows, which are turned back into cells here (header table -> issuer | motto |
  Số | date).

This is the one reader that does I/O (a temporary folder for the converters);
the subprocesses have timeouts, so a pathological file cannot hang the run.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import regex

from .clean import normalize_text
from .legacy import LEGACY_WARNING, repair_blocks, restore_case
from .programs import antiword_path, soffice_path
from .read_docx import read_docx
from .read_pdf import is_number_cell, order_header_cells
from .read_rtf import rtf_to_text
from .reading import ReadDocument, ReadError

CONVERT_TIMEOUT_S = 120
_TABLE_ROW = regex.compile(r"^\s*\|.*\|\s*$")


def convert_with_soffice(data: bytes, fmt: str, exe: str) -> bytes:
    """One legacy file -> DOCX bytes via LibreOffice headless, in a private temp folder."""
    with tempfile.TemporaryDirectory(prefix="khplan-lo-") as tmp:
        src = Path(tmp) / f"input.{fmt}"
        src.write_bytes(data)
        # A private profile: a second soffice (or a user's running one) must not lock ours.
        profile = Path(tmp, "profile").as_uri()
        cmd = [
            exe,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            subprocess.run(
                cmd,
                capture_output=True,
                timeout=CONVERT_TIMEOUT_S,
                check=False,
                env={**os.environ, "HOME": tmp},
            )
        except subprocess.TimeoutExpired as exc:
            raise ReadError(
                "conversion_timeout", f"LibreOffice took longer than {CONVERT_TIMEOUT_S} s"
            ) from exc
        out = Path(tmp) / "input.docx"
        if not out.is_file():
            raise ReadError(f"corrupt_{fmt}", f"LibreOffice could not convert this {fmt.upper()} file")
        return out.read_bytes()


RTF_TRUNCATED = (
    "The RTF file ends before its groups are closed (a copy cut short); they were closed and the "
    "file read as far as it goes."
)


def close_rtf_groups(data: bytes) -> bytes | None:
    """An RTF file that stops inside its groups (a download or a web archive's capture cut short:
    LibreOffice then converts nothing) with the missing closing braces added; ``None`` when its
    braces already balance. Escaped braces (``\\{``) and hex escapes (``\\'7b``) are not counted."""
    depth = 0
    i, n = 0, len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:  # backslash: the next byte is escaped; \'xx carries two hex digits
            i += 4 if data[i + 1 : i + 2] == b"'" else 2
            continue
        if c == 0x7B:
            depth += 1
        elif c == 0x7D:
            depth -= 1
        i += 1
    return data + b"}" * depth if depth > 0 else None


def run_antiword(data: bytes, exe: str) -> str:
    """A .doc file's text via antiword (UTF-8, no line wrapping)."""
    try:
        done = subprocess.run(
            [exe, "-m", "UTF-8.txt", "-w", "0", "-"],
            input=data,
            capture_output=True,
            timeout=CONVERT_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ReadError("conversion_timeout", f"antiword took longer than {CONVERT_TIMEOUT_S} s") from exc
    err = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        if "encrypt" in err.lower() or "password" in err.lower():
            raise ReadError("encrypted_doc", "the .doc file is protected by a password")
        reason = err.strip().splitlines()[-1] if err.strip() else f"exit code {done.returncode}"
        raise ReadError("corrupt_doc", f"antiword cannot read this .doc file ({reason})")
    return done.stdout.decode("utf-8", "replace")


def _row_cells(line: str) -> list[str]:
    cells = line.strip()[1:-1].split("|")
    return [" ".join(c.split()) for c in cells]


def _table_lines(rows: list[list[str]]) -> list[str]:
    """An antiword table (rows of cells) -> lines: a two-column header in reading order, else cell by cell."""
    width = max(len(r) for r in rows)
    if width == 2 and any(is_number_cell(r[0]) for r in rows if r):
        return [*order_header_cells([(r[0], r[1] if len(r) > 1 else "") for r in rows]), ""]
    if width == 1:
        return [r[0] for r in rows if r and r[0]] + [""]
    # Column by column: each column is one cell of the layout table (Nơi nhận | signature).
    lines: list[str] = []
    for col in range(width):
        column = [r[col] for r in rows if col < len(r) and r[col]]
        if not column:
            continue
        if lines:
            lines.append("|")
        lines.extend(column)
    return [*lines, ""]


def antiword_to_text(raw: str) -> str:
    """antiword's output -> text: ``|a|b|`` table blocks made cells again, layout padding removed."""
    out: list[str] = []
    block: list[list[str]] = []
    for line in raw.splitlines():
        if _TABLE_ROW.match(line):
            block.append(_row_cells(line))
            continue
        if block:
            out.extend(_table_lines(block))
            block = []
        out.append(" ".join(line.split()))
    if block:
        out.extend(_table_lines(block))
    text = "\n".join(out)
    return regex.sub(r"\n{3,}", "\n\n", text).strip("\n")


_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def _from_plain_text(raw: str, fmt: str) -> ReadDocument:
    """The text antiword prints for a .doc, or ``read_rtf`` for an .rtf: tables as ``|cell|`` rows,
    legacy fonts as their bytes in the code page."""
    # Legacy fonts are converted before the header table is laid out ("Sè:" is "Số:"), and
    # before normalising drops the soft hyphen that is TCVN3's ư.
    repaired = repair_blocks(raw.split("\n"))
    text = antiword_to_text("\n".join(repaired[0]) if repaired else raw)
    if repaired and repaired[1] == "tcvn3":
        text = restore_case(text)  # no fonts are known here: .VnTimeH headings are small letters
    text = normalize_text(text)
    if not text.strip():
        raise ReadError("empty_document", f"the .{fmt} file holds no text")
    doc = ReadDocument(text=text, format=fmt, pages=None)
    if repaired:
        doc.warnings.append(("legacy_encoding", LEGACY_WARNING))
    return doc


def _rtf_refused_by_soffice(data: bytes, soffice: str) -> ReadDocument:
    """An RTF file LibreOffice converts nothing of: when it stops inside its groups (a copy cut
    short), closed and converted again; otherwise, or if that fails too, read by ``read_rtf``."""
    closed = close_rtf_groups(data)
    if closed is not None:
        try:
            doc = read_docx(convert_with_soffice(closed, "rtf", soffice))
        except ReadError:
            pass
        else:
            doc.warnings.append(("rtf_truncated", RTF_TRUNCATED))
            return doc
    doc = _from_plain_text(rtf_to_text(data), "rtf")
    if closed is not None:
        doc.warnings.append(("rtf_truncated", RTF_TRUNCATED))
    return doc


def read_legacy(data: bytes, fmt: str) -> ReadDocument:
    """A .doc, .rtf or .odt file's text (see module docstring)."""
    if fmt == "doc" and not data.startswith(_OLE_MAGIC):
        # LibreOffice would open anything (plain text, too); a .doc is an OLE compound file.
        raise ReadError("not_a_doc", "the file is named .doc but is not a Word 97-2003 document")
    soffice = soffice_path()
    if soffice is not None:
        try:
            doc = read_docx(convert_with_soffice(data, fmt, soffice))
        except ReadError as exc:
            if exc.code != "corrupt_rtf":
                raise
            doc = _rtf_refused_by_soffice(data, soffice)
        doc.format = fmt
        return doc
    if fmt == "rtf":
        return _from_plain_text(rtf_to_text(data), "rtf")
    antiword = antiword_path()
    if fmt == "doc" and antiword is not None:
        return _from_plain_text(run_antiword(data, antiword), "doc")
    tools = "LibreOffice (libreoffice-writer-nogui) or antiword" if fmt == "doc" else "LibreOffice"  # .odt
    raise ReadError(
        f"{fmt}_reader_missing",
        f"{fmt.upper()} files need {tools}, which is not installed: run scripts/system-deps.sh"
        + (" --with-libreoffice" if fmt != "doc" else ""),
    )
