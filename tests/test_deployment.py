"""The scheduled-import example: its flow runs a real import; its deployment carries the schedule."""

from __future__ import annotations

import shutil
from pathlib import Path

from prefect.testing.utilities import prefect_test_harness

from khplan.flows.deployment import import_folder, nightly_deployment

from .conftest import SAMPLES


def test_import_folder_extracts_then_only_changes(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    shutil.copytree(SAMPLES / "seeds", folder)
    out = tmp_path / "out"
    with prefect_test_harness(server_startup_timeout=120):
        first = import_folder(str(folder), str(out))
        shutil.copy(SAMPLES / "seeds" / "002_21bd684ebe220878.txt", folder / "new_plan.txt")
        second = import_folder(str(folder), str(out))
    assert (first["ok"], first["unchanged"]) == (5, 0)
    assert (second["ok"], second["unchanged"]) == (6, 5)
    assert (out / "documents" / "new_plan.json").is_file()


def test_nightly_deployment_has_the_schedule_and_parameters() -> None:
    deployment = nightly_deployment("/mnt/share", "/mnt/out", cron="30 1 * * *")
    assert deployment.name == "nightly"
    assert deployment.parameters == {"folder": "/mnt/share", "out": "/mnt/out"}
    assert [s.schedule.cron for s in deployment.schedules] == ["30 1 * * *"]
