"""Fault tests: a run killed with SIGKILL resumes to the same outputs; a write error costs one file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .conftest import REPO

KHPLAN = Path(sys.executable).with_name("khplan")


def _corpus(dest: Path, n: int) -> Path:
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), str(n), str(dest)], check=True
    )
    return dest


def _documents(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((out / "documents").glob("*.json"))}


def test_kill_9_halfway_then_rerun_gives_the_uninterrupted_outputs(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 300)
    whole = tmp_path / "whole"
    subprocess.run([str(KHPLAN), "run", str(corpus), "--out", str(whole), "-q"], check=True)

    killed = tmp_path / "killed"
    proc = subprocess.Popen(
        [str(KHPLAN), "run", str(corpus), "--out", str(killed), "-q"], start_new_session=True
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((killed / "documents").glob("*.json"))) < 60:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the run, its workers and Prefect's server, mid-write
    proc.wait()
    written = len(list((killed / "documents").glob("*.json")))
    assert 0 < written < 300, "the kill did not land mid-run"

    rerun = subprocess.run([str(KHPLAN), "run", str(corpus), "--out", str(killed), "-q"], check=True)
    assert rerun.returncode == 0
    assert _documents(killed) == _documents(whole)
    summary = json.loads((killed / "run.json").read_text(encoding="utf-8"))
    assert summary["counts"]["unchanged"] >= written - 2  # a file being written at the kill is redone
    assert json.loads((killed / "corpus" / "links.json").read_text(encoding="utf-8")) == json.loads(
        (whole / "corpus" / "links.json").read_text(encoding="utf-8")
    )


def test_a_write_error_fails_that_file_only_and_the_run_can_be_redone(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = sorted((REPO / "samples" / "seeds").glob("*.txt"))
    for p in seeds:
        (corpus / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out"
    # Where one document's JSON should go stands a folder with a file in it: the rename fails,
    # as it would on a full or read-only disk.
    blocked = out / "documents" / f"{seeds[0].stem}.json"
    blocked.mkdir(parents=True)
    (blocked / "x").write_text("x", encoding="utf-8")
    result = subprocess.run(
        [str(KHPLAN), "run", str(corpus), "--out", str(out), "-q"], capture_output=True, text=True
    )
    assert result.returncode == 1
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    failed = {f["file"]: f["code"] for f in summary["failures"]}
    assert failed == {str(corpus / seeds[0].name): "write_failed"}
    assert summary["counts"]["ok"] == len(seeds) - 1

    (blocked / "x").unlink()
    blocked.rmdir()
    again = subprocess.run(
        [str(KHPLAN), "run", str(corpus), "--out", str(out), "-q"], capture_output=True, text=True
    )
    assert again.returncode == 0
    counts = json.loads((out / "run.json").read_text(encoding="utf-8"))["counts"]
    assert (counts["ok"], counts["unchanged"]) == (len(seeds), len(seeds) - 1)
