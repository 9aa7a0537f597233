"""Exports of a finished run for other tools: CSV for Excel, a DuckDB database, an archive catalogue.

- :func:`export_csv` — one CSV per table, UTF-8 with a byte-order mark so that Excel shows
  Vietnamese text as it is (without the mark Excel reads the bytes as the ANSI code page).
- :func:`export_duckdb` — every table plus the views an analyst asks for first. Needs the
  optional ``duckdb`` package.
- :func:`export_archive` — document metadata laid out as Vietnamese archives catalogue it
  (Thông tư 02/2019/TT-BNV, Nghị định 30/2020/NĐ-CP), as CSV and XLSX; see
  ``docs/archive-export.md`` for the fields and where each comes from.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from khplan.load import load

if TYPE_CHECKING:
    from khplan.schemas import Document


class ExportError(Exception):
    """An export cannot be made (missing optional package, not a run folder)."""


# -- CSV ---------------------------------------------------------------------------------------


def export_csv(out_dir: str | Path, dest: str | Path | None = None) -> list[Path]:
    """Write ``<table>.csv`` for every table of the run in ``out_dir``; returns the files written.

    ``dest`` defaults to the run's own ``tables/`` folder, beside the Parquet files (as the
    output contract places "CSV on request"). Files are UTF-8 with a BOM, comma-separated,
    dates ISO, empty cells for missing values.
    """
    tables = load(out_dir)
    folder = Path(dest) if dest is not None else Path(out_dir) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        path = folder / f"{name}.csv"
        frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")
        written.append(path)
    return written


# -- DuckDB ------------------------------------------------------------------------------------

VIEWS: dict[str, str] = {
    # documents and plans (Kế hoạch, type KH) per issuer and year
    "plans_by_issuer_year": """
        SELECT issuer, issued_year,
               count(*) FILTER (WHERE doc_type = 'KH') AS plans,
               count(*) AS documents
        FROM documents
        GROUP BY issuer, issued_year
        ORDER BY issuer, issued_year""",
    # the same indicator across documents: how many targets, in how many documents, which range
    "targets_by_indicator": """
        SELECT indicator, unit, year,
               count(*) AS targets,
               count(DISTINCT stem) AS documents,
               min(value) AS min_value,
               max(coalesce(value_max, value)) AS max_value
        FROM targets
        GROUP BY indicator, unit, year
        ORDER BY targets DESC, indicator, year""",
    # basis references whose parent document is not in the corpus: what to collect next
    "open_links": """
        SELECT l.child, d.issuer AS child_issuer, d.title AS child_title,
               l.parent_number, l.evidence
        FROM links AS l LEFT JOIN documents AS d ON d.stem = l.child
        WHERE l.parent IS NULL
        ORDER BY l.parent_number, l.child""",
}


def export_duckdb(out_dir: str | Path, file: str | Path) -> Path:
    """Write a DuckDB database ``file`` holding every table of the run and :data:`VIEWS`.

    An existing file is replaced. Raises :class:`ExportError` when ``duckdb`` is not installed
    (``pip install duckdb``).
    """
    try:
        import duckdb
    except ImportError as exc:
        raise ExportError("the DuckDB export needs the duckdb package: pip install duckdb") from exc
    tables = load(out_dir)
    path = Path(file)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        for name, frame in tables.items():
            con.register("frame", frame)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame')
            con.unregister("frame")
        for name, sql in VIEWS.items():
            con.execute(f'CREATE VIEW "{name}" AS {sql}')
    finally:
        con.close()
    tmp.replace(path)  # a half-written database never takes the place of a good one
    return path


# -- archive catalogue -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArchiveField:
    """One column of the archive catalogue: its heading, the rule it comes from, what fills it."""

    heading: str
    source: str
    filled_from: str


_TT02 = "Thông tư 02/2019/TT-BNV, Phụ lục I (văn bản)"
_ND30 = "Nghị định 30/2020/NĐ-CP, Phụ lục VI, Phần II, Mục I (văn bản đi)"
_KHPLAN = "khplan (thêm, ngoài chuẩn)"

ARCHIVE_FIELDS: tuple[ArchiveField, ...] = (
    ArchiveField("Mã định danh văn bản", _TT02, "để trống: do cơ quan lưu trữ cấp"),
    ArchiveField("Mã hồ sơ", f"{_TT02}; {_ND30} trường 1", "để trống: do cơ quan lưu trữ cấp"),
    ArchiveField("Số thứ tự văn bản trong hồ sơ", f"{_TT02}; {_ND30} trường 2", "để trống: theo hồ sơ"),
    ArchiveField("Tên loại văn bản", f"{_TT02}; {_ND30} trường 3", "document.doc_type_name"),
    ArchiveField("Số của văn bản", f"{_TT02}; {_ND30} trường 4", "document.number, phần trước ký hiệu"),
    ArchiveField("Ký hiệu của văn bản", f"{_TT02}; {_ND30} trường 5", "document.symbol"),
    ArchiveField(
        "Ngày, tháng, năm văn bản",
        f"{_TT02}; {_ND30} trường 6",
        "document.issued_date (dd/mm/yyyy); chỉ năm khi văn bản chỉ ghi năm",
    ),
    ArchiveField(
        "Tên cơ quan, tổ chức ban hành văn bản", f"{_TT02}; {_ND30} trường 7", "document.issuer.name"
    ),
    ArchiveField("Trích yếu nội dung", f"{_TT02}; {_ND30} trường 8", "document.title"),
    ArchiveField("Ngôn ngữ", f"{_TT02}; {_ND30} trường 9", "'Tiếng Việt' khi văn bản đọc được"),
    ArchiveField("Số lượng trang của văn bản", f"{_TT02}; {_ND30} trường 10", "source.pages (PDF)"),
    ArchiveField("Ghi chú", f"{_TT02}; {_ND30} trường 11", "để trống"),
    ArchiveField("Ký hiệu thông tin", _TT02, "để trống: do cơ quan lưu trữ biên mục"),
    ArchiveField("Từ khóa", _TT02, "để trống: do cơ quan lưu trữ biên mục"),
    ArchiveField("Chế độ sử dụng", _TT02, "để trống: do cơ quan lưu trữ xác định"),
    ArchiveField("Mức độ tin cậy", _TT02, "để trống: văn bản không ghi"),
    ArchiveField("Bút tích", _TT02, "để trống: văn bản không ghi"),
    ArchiveField("Tình trạng vật lý", _TT02, "để trống: văn bản không ghi"),
    ArchiveField("Chức vụ của người ký văn bản", f"{_ND30} trường 12.1", "document.signer.position"),
    ArchiveField("Họ và tên người ký văn bản", f"{_ND30} trường 12.2", "document.signer.name"),
    ArchiveField("Nơi nhận", f"{_ND30} trường 13", "document.recipients, nối bằng '; '"),
    ArchiveField("Mức độ khẩn, độ mật", f"{_ND30} trường 14", "để trống: khplan chưa trích"),
    ArchiveField("Số lượng bản phát hành", f"{_ND30} trường 15", "để trống: văn bản không ghi"),
    ArchiveField("Hạn trả lời văn bản", f"{_ND30} trường 16", "để trống: khplan chưa trích"),
    ArchiveField("Tệp nguồn", _KHPLAN, "source.path"),
    ArchiveField("Mã tệp khplan", _KHPLAN, "tên tệp documents/<stem>.json"),
    ArchiveField("Cảnh báo khplan", _KHPLAN, "mã của warnings và errors"),
)

ARCHIVE_HEADINGS = tuple(f.heading for f in ARCHIVE_FIELDS)


def _number_part(number: str | None, symbol: str | None) -> str:
    """'155/KH-TVTP' -> '155'; '12/2019/QĐ-UBND' -> '12/2019' (the number without its symbol)."""
    if not number:
        return ""
    if symbol and number.endswith("/" + symbol):
        return number[: -len(symbol) - 1]
    return number.split("/")[0]


def _archive_date(iso: str | None, year: int | None) -> str:
    if iso:
        y, m, d = iso.split("-")
        return f"{d}/{m}/{y}"
    return str(year) if year else ""


def archive_record(stem: str, doc: Document) -> dict[str, str | int | None]:
    """One document's row of the archive catalogue; empty where the document does not say."""
    info = doc.document
    read = not doc.errors
    record: dict[str, str | int | None] = dict.fromkeys(ARCHIVE_HEADINGS, "")
    record.update(
        {
            "Tên loại văn bản": info.doc_type_name or "",
            "Số của văn bản": _number_part(info.number, info.symbol),
            "Ký hiệu của văn bản": info.symbol or "",
            "Ngày, tháng, năm văn bản": _archive_date(info.issued_date, info.issued_year),
            "Tên cơ quan, tổ chức ban hành văn bản": info.issuer.name if info.issuer else "",
            "Trích yếu nội dung": info.title or "",
            # the text khplan read is Vietnamese; a file it could not read says nothing
            "Ngôn ngữ": "Tiếng Việt" if read else "",
            "Số lượng trang của văn bản": doc.source.pages,
            "Chức vụ của người ký văn bản": (info.signer.position or "") if info.signer else "",
            "Họ và tên người ký văn bản": (info.signer.name or "") if info.signer else "",
            "Nơi nhận": "; ".join(info.recipients),
            "Tệp nguồn": doc.source.path,
            "Mã tệp khplan": stem,
            "Cảnh báo khplan": "; ".join(m.code for m in [*doc.errors, *doc.warnings]),
        }
    )
    return record


def archive_records(out_dir: str | Path) -> list[dict[str, str | int | None]]:
    """The catalogue rows of every document of a run, in stem order."""
    from khplan.output import read_document

    folder = Path(out_dir) / "documents"
    if not folder.is_dir():
        raise ExportError(f"{out_dir}: no documents/ here; is it the --out folder of a khplan run?")
    return [archive_record(p.stem, read_document(p)) for p in sorted(folder.glob("*.json"))]


def _archive_paths(dest: Path) -> tuple[Path, Path]:
    """DEST a folder -> DEST/danh-muc-van-ban.{csv,xlsx}; DEST 'x.csv' or 'x.xlsx' -> x.csv and x.xlsx."""
    if dest.suffix.lower() in (".csv", ".xlsx"):
        return dest.with_suffix(".csv"), dest.with_suffix(".xlsx")
    return dest / "danh-muc-van-ban.csv", dest / "danh-muc-van-ban.xlsx"


def export_archive(out_dir: str | Path, dest: str | Path) -> list[Path]:
    """Write the archive catalogue of a run as CSV (UTF-8 with BOM) and XLSX; returns both paths.

    One row per document, the columns of :data:`ARCHIVE_FIELDS` in that order. The XLSX has a
    second sheet naming the source of every column. Raises :class:`ExportError` when openpyxl
    is missing or ``out_dir`` is not a run's output.
    """
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
    except ImportError as exc:
        raise ExportError("the archive export needs the openpyxl package: pip install openpyxl") from exc
    records = archive_records(out_dir)
    csv_path, xlsx_path = _archive_paths(Path(dest))
    csv_path.parent.mkdir(parents=True, exist_ok=True)

    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=ARCHIVE_HEADINGS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(records)

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Văn bản"
    sheet.append(["STT", *ARCHIVE_HEADINGS])
    for i, record in enumerate(records, start=1):
        sheet.append([i, *(record[h] if record[h] != "" else None for h in ARCHIVE_HEADINGS)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    wide = {"Trích yếu nội dung": 60, "Tên cơ quan, tổ chức ban hành văn bản": 36, "Nơi nhận": 40}
    for col, heading in enumerate(["STT", *ARCHIVE_HEADINGS], start=1):
        letter = sheet.cell(row=1, column=col).column_letter
        sheet.column_dimensions[letter].width = wide.get(heading, 6 if heading == "STT" else 18)
    fields_sheet = book.create_sheet("Nguồn trường")
    fields_sheet.append(["Trường", "Căn cứ", "Lấy từ"])
    for f in ARCHIVE_FIELDS:
        fields_sheet.append([f.heading, f.source, f.filled_from])
    for cell in fields_sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 38), ("B", 70), ("C", 50)):
        fields_sheet.column_dimensions[letter].width = width
    tmp = xlsx_path.with_name(f".{xlsx_path.name}.tmp")
    book.save(tmp)
    tmp.replace(xlsx_path)
    return [csv_path, xlsx_path]
