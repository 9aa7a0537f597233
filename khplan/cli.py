"""The ``khplan`` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_COULD_NOT_RUN = 2

_RUN_EPILOG = """\
exit status:
  0  every input file was extracted
  1  the run finished, but some files could not be read or extracted
     (each has its documents/<stem>.json with an "errors" entry; run.json lists them)
  2  the run could not start or did not finish (bad arguments, no inputs, Prefect failure)

Prefect runs without a server by default (a temporary local API on SQLite under
PREFECT_HOME, default ~/.cache/khplan/prefect); set PREFECT_API_URL to use your own server.
"""


def _cmd_run(args: argparse.Namespace) -> int:
    from khplan.inputs import InputError
    from khplan.limits import Limits
    from khplan.prefect_db import PrefectHomeError
    from khplan.runner import RunnerError, run

    try:
        limits = Limits(
            max_file_mb=args.max_file_mb,
            max_pages=args.max_pages,
            max_chars=args.max_chars,
            seconds=args.timeout,
            memory_mb=args.max_memory_mb,
        )
        summary = run(
            args.inputs,
            args.out,
            batch_size=args.batch_size,
            verbose=args.verbose,
            workers=args.workers,
            limits=limits,
            quiet=args.quiet,
            runner=args.runner,
            dask_address=args.dask_address,
        )
    except (InputError, RunnerError, PrefectHomeError) as exc:
        print(f"khplan: {exc}", file=sys.stderr)
        return EXIT_COULD_NOT_RUN
    except Exception as exc:
        from khplan.prefect_db import explain_failure

        print(
            f"khplan: the run did not finish: {explain_failure(exc) or f'{type(exc).__name__}: {exc}'}",
            file=sys.stderr,
        )
        return EXIT_COULD_NOT_RUN
    c = summary.counts
    if not args.quiet:
        print(
            f"{c['ok']} extracted ({c.get('unchanged', 0)} unchanged since the last run), {c['failed']} failed, "
            f"{c['skipped']} skipped in {summary.seconds:.1f} s -> {Path(args.out) / 'run.json'}"
        )
        for failure in summary.failures:
            print(f"  failed: {failure.reason}", file=sys.stderr)
    return EXIT_SOME_FAILED if c["failed"] else EXIT_OK


def _cmd_extract(args: argparse.Namespace) -> int:
    from khplan.api import extract_path

    path = Path(args.file)
    if not path.is_file():
        print(f"khplan: {path}: no such file", file=sys.stderr)
        return EXIT_COULD_NOT_RUN
    doc = extract_path(path)
    print(doc.model_dump_json(indent=None if args.compact else 2))
    return EXIT_SOME_FAILED if doc.errors else EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from khplan.schemas import schema_text

    sys.stdout.write(schema_text(args.name))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    from khplan import __version__
    from khplan.limits import DEFAULT_MEMORY_MB, WITH_LIBREOFFICE_MB, Limits

    parser = argparse.ArgumentParser(
        prog="khplan",
        description="Vietnamese administrative plans and the documents they implement, as normalised JSON.",
    )
    parser.add_argument("--version", action="version", version=f"khplan {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run",
        help="extract a folder of documents (the main job)",
        description="Extract every input file into OUT: documents/<stem>.json, tables/, corpus/, run.json.",
        epilog=_RUN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="files, folders (searched recursively) or globs"
    )
    run.add_argument("--out", required=True, metavar="DIR", help="output folder (created if missing)")
    run.add_argument(
        "--batch-size", type=int, default=250, metavar="N", help="files per Prefect task (default 250)"
    )
    run.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    run.add_argument(
        "--workers", type=int, default=None, metavar="N", help="worker processes (default: all cores)"
    )
    d = Limits()
    limits = run.add_argument_group("limits (a file over one gets a document JSON with the reason)")
    limits.add_argument(
        "--timeout", type=float, default=d.seconds, metavar="S", help=f"seconds per file ({d.seconds:.0f})"
    )
    limits.add_argument(
        "--max-file-mb",
        type=float,
        default=d.max_file_mb,
        metavar="MB",
        help=f"file size ({d.max_file_mb:.0f})",
    )
    limits.add_argument(
        "--max-pages", type=int, default=d.max_pages, metavar="N", help=f"pages ({d.max_pages})"
    )
    limits.add_argument(
        "--max-chars", type=int, default=d.max_chars, metavar="N", help=f"characters of text ({d.max_chars})"
    )
    limits.add_argument(
        "--max-memory-mb",
        type=int,
        default=d.memory_mb,
        metavar="MB",
        help=f"memory of the whole run, all its processes (MB; default {DEFAULT_MEMORY_MB}, {WITH_LIBREOFFICE_MB} where LibreOffice is installed); under --runner dask, per Dask worker",
    )
    run.add_argument(
        "--runner",
        choices=["local", "dask"],
        default="local",
        help="where extraction runs: khplan's worker processes on this machine (local, the default) "
        "or a Dask cluster (dask; needs pip install 'khplan[dask]')",
    )
    run.add_argument(
        "--dask-address",
        metavar="ADDR",
        default=None,
        help="with --runner dask: the scheduler of an existing Dask cluster, e.g. tcp://host:8786 "
        "(default: a new local cluster, one single-threaded worker per --workers)",
    )
    run.add_argument("--verbose", action="store_true", help="show Prefect's own log lines")
    run.set_defaults(func=_cmd_run)

    extract = sub.add_parser(
        "extract", help="print one document's JSON (no Prefect)", description="Print one document's JSON."
    )
    extract.add_argument("file")
    extract.add_argument("--compact", action="store_true", help="one line of JSON")
    extract.set_defaults(func=_cmd_extract)

    schema = sub.add_parser("schema", help="print the JSON Schema of an output file")
    schema.add_argument(
        "name", nargs="?", default="document", choices=["document", "links", "consistency", "run"]
    )
    schema.set_defaults(func=_cmd_schema)

    from khplan.cli_export import add_export_commands

    add_export_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
