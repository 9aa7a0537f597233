"""Exports of a run: CSV for Excel, DuckDB, the archive catalogue, and the 'khplan export' commands."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

import khplan
from khplan.cli import main
from khplan.export import ARCHIVE_HEADINGS, export_archive, export_csv, export_duckdb

from .test_load import SEED_002, build_run

BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_run(tmp_path_factory.mktemp("run"))


def _row(rows: list[dict[str, str]], stem: str) -> dict[str, str]:
    return next(r for r in rows if r["Mã tệp khplan"] == stem)


def test_csv_one_file_per_table_utf8_with_bom(run_dir: Path, tmp_path: Path) -> None:
    written = export_csv(run_dir, tmp_path)
    assert [p.name for p in written] == [
        f"{n}.csv" for n in ("documents", "references", "targets", "deadlines", "bodies", "links", "findings")
    ]
    counts = khplan.load(run_dir).counts()
    for path in written:
        raw = path.read_bytes()
        assert raw.startswith(BOM), path
        assert len(pd.read_csv(path, encoding="utf-8-sig")) == counts[path.stem]
    docs = pd.read_csv(tmp_path / "documents.csv", encoding="utf-8-sig").set_index("stem")
    assert docs.loc[SEED_002, "issuer"] == "Thư viện thành phố Cần Thơ"  # Vietnamese intact, NFC
    assert docs.loc[SEED_002, "issued_date"] == "2019-07-02"


def test_csv_defaults_to_the_runs_tables_folder(run_dir: Path) -> None:
    written = export_csv(run_dir)
    assert {p.parent for p in written} == {run_dir / "tables"}


def test_archive_catalogue_csv_and_xlsx(run_dir: Path, tmp_path: Path) -> None:
    csv_path, xlsx_path = export_archive(run_dir, tmp_path / "out")
    assert csv_path.name == "danh-muc-van-ban.csv" and xlsx_path.name == "danh-muc-van-ban.xlsx"
    assert csv_path.read_bytes().startswith(BOM)
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == ARCHIVE_HEADINGS
        rows = list(reader)
    assert len(rows) == 5
    row = _row(rows, SEED_002)
    assert row["Tên loại văn bản"] == "Kế hoạch"
    assert row["Số của văn bản"] == "155"
    assert row["Ký hiệu của văn bản"] == "KH-TVTP"
    assert row["Ngày, tháng, năm văn bản"] == "02/07/2019"
    assert row["Tên cơ quan, tổ chức ban hành văn bản"] == "Thư viện thành phố Cần Thơ"
    assert row["Trích yếu nội dung"].startswith("Triển khai thực hiện Đề án")
    assert row["Họ và tên người ký văn bản"] == "Phan Thị Thùy Giang"
    assert row["Chức vụ của người ký văn bản"] == "Giám đốc"
    assert row["Ngôn ngữ"] == "Tiếng Việt"
    # what the document does not state stays empty: a .txt has no page count, the archive codes
    # are the archive's to give
    assert row["Số lượng trang của văn bản"] == ""
    assert row["Mã hồ sơ"] == "" and row["Mức độ tin cậy"] == "" and row["Từ khóa"] == ""

    from openpyxl import load_workbook

    book = load_workbook(xlsx_path)
    sheet = book["Văn bản"]
    header = [c.value for c in sheet[1]]
    assert header == ["STT", *ARCHIVE_HEADINGS]
    values = {
        r[header.index("Mã tệp khplan")]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(2, values_only=True)
    }
    assert values[SEED_002]["Số của văn bản"] == "155"
    assert values[SEED_002]["Số lượng trang của văn bản"] is None
    assert [c.value for c in book["Nguồn trường"]["A"]][1:] == list(ARCHIVE_HEADINGS)


def test_archive_dest_may_name_the_file(run_dir: Path, tmp_path: Path) -> None:
    paths = export_archive(run_dir, tmp_path / "catalogue.xlsx")
    assert paths == [tmp_path / "catalogue.csv", tmp_path / "catalogue.xlsx"]
    assert all(p.is_file() for p in paths)


def test_duckdb_tables_and_views(run_dir: Path, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb", reason="duckdb is an optional extra: pip install duckdb")
    path = export_duckdb(run_dir, tmp_path / "run.duckdb")
    con = duckdb.connect(str(path), read_only=True)
    try:
        for name, count in khplan.load(run_dir).counts().items():
            assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone() == (count,)
        by_issuer = con.execute(
            "SELECT plans, documents FROM plans_by_issuer_year WHERE issuer = ? AND issued_year = 2019",
            ["Thư viện thành phố Cần Thơ"],
        ).fetchall()
        assert by_issuer == [(1, 1)]
        open_links = con.execute("SELECT child, parent_number FROM open_links").fetchall()
        assert (SEED_002, "1929/KH-SVHTTDL") in open_links
        assert (SEED_002, "97/KH-UBND") not in open_links  # its parent is seed 000
        links = json.loads((run_dir / "corpus" / "links.json").read_text(encoding="utf-8"))["links"]
        assert len(open_links) == sum(link["parent"] is None for link in links)
        total = con.execute("SELECT sum(targets) FROM targets_by_indicator").fetchone()
        assert total == (khplan.load(run_dir).counts()["targets"],)
    finally:
        con.close()


def _cli(argv: list[str]) -> int:
    return main(argv)


def test_export_commands(run_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(["export", "archive", str(run_dir), "--to", str(tmp_path / "a")]) == 0
    assert (tmp_path / "a" / "danh-muc-van-ban.xlsx").is_file()
    assert _cli(["export", "csv", str(run_dir), "--to", str(tmp_path / "c")]) == 0
    assert (tmp_path / "c" / "links.csv").is_file()
    printed = capsys.readouterr().out.splitlines()
    assert str(tmp_path / "c" / "findings.csv") in printed
    assert _cli(["export", "csv", str(tmp_path / "nothing")]) == 2
    assert "--out folder" in capsys.readouterr().err


def test_export_duckdb_command(run_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("duckdb", reason="duckdb is an optional extra: pip install duckdb")
    assert _cli(["export", "duckdb", str(run_dir), str(tmp_path / "x.duckdb"), "--quiet"]) == 0
    assert (tmp_path / "x.duckdb").is_file()
