"""``khplan run --runner dask``: a local Dask cluster gives the default runner's outputs."""

from __future__ import annotations

import importlib.util
import json
import multiprocessing as mp
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from khplan.dask_runner import (
    DaskItem,
    decode_path,
    encode_path,
    extract_batch_here,
    stop_extraction_processes,
)
from khplan.inputs import display_path
from khplan.limits import Limits
from khplan.schemas import InputRecord

from .conftest import SAMPLES

KHPLAN = Path(sys.executable).with_name("khplan")
NOT_UTF8 = os.fsdecode(b"k\xe9_ho\xe3ch.txt")  # Latin-1 bytes in a file name: not valid UTF-8


def _inputs(root: Path) -> Path:
    folder = root / "inputs"
    shutil.copytree(SAMPLES / "seeds", folder)
    (folder / "bad.pdf").write_text("not a pdf at all", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    seed = sorted((SAMPLES / "seeds").glob("*.txt"))[0]
    (folder / NOT_UTF8).write_bytes(seed.read_bytes())
    return folder


def _documents(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((out / "documents").glob("*.json"))}


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def test_paths_that_are_not_utf8_survive_the_trip_to_a_worker() -> None:
    code = encode_path(NOT_UTF8)
    assert code.isascii() and json.loads(json.dumps(code)) == code
    assert os.fsencode(decode_path(code)) == os.fsencode(os.path.abspath(NOT_UTF8))


def _in_daemonic_process(batch: list[DaskItem], out: str, limits: Limits, answer: mp.Queue) -> None:  # type: ignore[type-arg]
    records = [
        r.model_dump(exclude={"seconds", "cpu_seconds"}) for r in extract_batch_here(batch, out, limits)
    ]
    answer.put((records, len(mp.active_children())))  # no extraction process could be started


def test_a_daemonic_dask_worker_extracts_in_process_with_the_same_outputs(tmp_path: Path) -> None:
    """``dask worker`` processes are daemonic (no child processes): files are then read in the
    worker itself, and must give what the supervised extraction process gives."""
    inputs = _inputs(tmp_path)
    files = [inputs / "bad.pdf", inputs / "empty.txt", inputs / NOT_UTF8, inputs / "002_21bd684ebe220878.txt"]
    batch = [(encode_path(f), display_path(f), f"doc{i}") for i, f in enumerate(files)]
    supervised, daemonic = tmp_path / "supervised", tmp_path / "daemonic"
    try:
        records = [
            r.model_dump(exclude={"seconds", "cpu_seconds"})
            for r in extract_batch_here(batch, str(supervised), Limits())
        ]
    finally:
        stop_extraction_processes()  # kept for the next batch, as in a Dask worker: this test is done

    ctx = mp.get_context("spawn")
    answer = ctx.Queue()
    process = ctx.Process(
        target=_in_daemonic_process, args=(batch, str(daemonic), Limits(), answer), daemon=True
    )
    process.start()
    daemonic_records, children = answer.get(timeout=600)
    process.join(timeout=60)

    assert children == 0
    assert daemonic_records == records
    assert [r["code"] for r in records] == ["not_a_pdf", "empty_file", None, None]
    assert _documents(daemonic) == _documents(supervised)
    assert len(_documents(supervised)) == 4
    assert all(isinstance(InputRecord.model_validate(r), InputRecord) for r in records)


@pytest.mark.skipif(
    importlib.util.find_spec("prefect_dask") is None or importlib.util.find_spec("distributed") is None,
    reason="prefect-dask is not installed (pip install 'khplan[dask]')",
)
def test_dask_runner_gives_the_default_runners_outputs(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    default, dask = tmp_path / "default", tmp_path / "dask"
    first = subprocess.run(
        [str(KHPLAN), "run", str(inputs), "--out", str(default), "-q"], capture_output=True, text=True
    )
    second = subprocess.run(
        [str(KHPLAN), "run", str(inputs), "--out", str(dask), "-q", "--runner", "dask", "--workers", "2"],
        capture_output=True,
        text=True,
    )
    assert (first.returncode, second.returncode) == (1, 1), second.stderr[-3000:]
    assert "Traceback" not in second.stderr

    docs = _documents(dask)
    assert docs == _documents(default)
    assert len(docs) == 8  # five seeds, the same seed under a name that is not UTF-8, two bad files
    bad = json.loads(docs["bad.json"])
    assert bad["errors"][0]["code"] == "not_a_pdf"
    assert json.loads(docs["empty.json"])["errors"][0]["code"] == "empty_file"
    for name in ("corpus/links.json", "corpus/consistency.json"):
        assert _json(dask / name) == _json(default / name)

    summaries = [_json(out / "run.json") for out in (default, dask)]
    counts = [s["counts"] for s in summaries]
    assert counts[0] == counts[1]
    assert counts[1] == {
        "inputs": 8,
        "ok": 6,
        "failed": 2,
        "skipped": 0,
        "documents_written": 8,
        "unchanged": 0,
    }
    records = [[(r["path"], r["stem"], r["status"], r["code"]) for r in s["inputs"]] for s in summaries]
    assert records[0] == records[1]


def test_dask_runner_without_the_extra_exits_2_naming_the_install(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("Kế hoạch", encoding="utf-8")
    script = (
        "import sys\n"
        "sys.modules['prefect_dask'] = None  # as if the dask extra were not installed\n"
        "from khplan.cli import main\n"
        f"sys.exit(main(['run', {str(inputs)!r}, '--out', {str(tmp_path / 'out')!r}, '--runner', 'dask']))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 2
    assert "pip install 'khplan[dask]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "documents").exists()  # it stopped before reading anything
