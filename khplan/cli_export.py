"""``khplan export``: a finished run as CSV, DuckDB or an archive catalogue (wired in by ``khplan.cli``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# The exit statuses of khplan.cli, repeated so that this module does not import the CLI it plugs into.
EXIT_OK = 0
EXIT_COULD_NOT_RUN = 2

_EXPORT_EPILOG = """\
OUT_DIR is the --out folder of a finished `khplan run`.

exit status:
  0  the files were written
  2  they could not be (not a run folder, a missing optional package, a write error)
"""


def _run(action: str, args: argparse.Namespace) -> int:
    from khplan.export import ExportError, export_archive, export_csv, export_duckdb
    from khplan.load import LoadError

    try:
        if action == "archive":
            written = export_archive(args.out_dir, args.to)
        elif action == "csv":
            written = export_csv(args.out_dir, args.to)
        else:
            written = [export_duckdb(args.out_dir, args.file)]
    except (ExportError, LoadError, OSError) as exc:
        print(f"khplan: {exc}", file=sys.stderr)
        return EXIT_COULD_NOT_RUN
    if not args.quiet:
        for path in written:
            print(path)
    return EXIT_OK


def _cmd_archive(args: argparse.Namespace) -> int:
    return _run("archive", args)


def _cmd_csv(args: argparse.Namespace) -> int:
    return _run("csv", args)


def _cmd_duckdb(args: argparse.Namespace) -> int:
    return _run("duckdb", args)


def add_export_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``khplan export archive|csv|duckdb`` to the ``khplan`` parser's subcommands."""
    export = subparsers.add_parser(
        "export",
        help="export a finished run: archive catalogue, CSV, DuckDB",
        description="Export the output folder of a finished run for other tools.",
        epilog=_EXPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    kinds = export.add_subparsers(dest="export_kind", required=True, metavar="{archive,csv,duckdb}")

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("out_dir", metavar="OUT_DIR", type=Path, help="the --out folder of a run")
        parser.add_argument("--quiet", action="store_true", help="print nothing but errors")

    archive = kinds.add_parser(
        "archive",
        help="document metadata as archives catalogue it (CSV + XLSX)",
        description=(
            "Write one row per document in the field layout of Thông tư 02/2019/TT-BNV and "
            "Nghị định 30/2020/NĐ-CP (docs/archive-export.md), as CSV (UTF-8 with BOM) and XLSX."
        ),
    )
    common(archive)
    archive.add_argument(
        "--to",
        required=True,
        metavar="DEST",
        type=Path,
        help="a folder (gets danh-muc-van-ban.csv and .xlsx) or a file name ending in .csv or .xlsx",
    )
    archive.set_defaults(func=_cmd_archive)

    csv_ = kinds.add_parser(
        "csv",
        help="every table as CSV that Excel opens with Vietnamese intact",
        description="Write <table>.csv (UTF-8 with BOM) for every table of the run.",
    )
    common(csv_)
    csv_.add_argument(
        "--to",
        metavar="DIR",
        type=Path,
        default=None,
        help="folder for the CSV files (default OUT_DIR/tables)",
    )
    csv_.set_defaults(func=_cmd_csv)

    duck = kinds.add_parser(
        "duckdb",
        help="every table and ready-made views in one DuckDB file (needs: pip install duckdb)",
        description=(
            "Write a DuckDB database with the run's tables and the views plans_by_issuer_year, "
            "targets_by_indicator and open_links. Needs the duckdb package."
        ),
    )
    common(duck)
    duck.add_argument(
        "file", metavar="FILE", type=Path, help="the .duckdb file to write (replaced if it exists)"
    )
    duck.set_defaults(func=_cmd_duckdb)
