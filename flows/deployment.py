"""Scheduled imports for teams with a Prefect server: watch a shared folder every night.

    PREFECT_API_URL=http://prefect.local:4200/api python -m khplan.flows.deployment \\
        /mnt/share/ke-hoach /mnt/share/khplan-out --cron "0 2 * * *"

serves a deployment named ``khplan-import/nightly`` that runs ``khplan run FOLDER --out OUT``
on the schedule. Because a run reuses every document whose file and extractor are unchanged,
each night extracts only the files added or changed since the night before. Without
``PREFECT_API_URL`` nothing needs this module: ``khplan run`` runs serverless.
"""

from __future__ import annotations

import argparse

from prefect import flow
from prefect.deployments.runner import RunnerDeployment

from khplan.runner import run


@flow(name="khplan-import", log_prints=True)
def import_folder(folder: str, out: str) -> dict[str, int]:
    """Extract a folder into ``out`` (new and changed files only) and return the run's counts."""
    summary = run([folder], out, quiet=True)
    print(
        f"khplan: {summary.counts['ok']} ok ({summary.counts.get('unchanged', 0)} unchanged), "
        f"{summary.counts['failed']} failed, {summary.counts['skipped']} skipped"
    )
    return summary.counts


def nightly_deployment(folder: str, out: str, cron: str = "0 2 * * *") -> RunnerDeployment:
    """The deployment ``khplan-import/nightly`` for ``folder`` -> ``out`` on a cron schedule."""
    deployment: RunnerDeployment = import_folder.to_deployment(
        name="nightly",
        cron=cron,
        parameters={"folder": folder, "out": out},
        description="khplan: import new and changed documents of a shared folder",
        tags=["khplan"],
    )
    return deployment


def main() -> None:
    ap = argparse.ArgumentParser(
        description="Serve a nightly khplan import of a folder (needs a Prefect server)."
    )
    ap.add_argument("folder")
    ap.add_argument("out")
    ap.add_argument("--cron", default="0 2 * * *", help="schedule (default: every night at 02:00)")
    args = ap.parse_args()
    from prefect import serve

    serve(nightly_deployment(args.folder, args.out, args.cron))


if __name__ == "__main__":
    main()
