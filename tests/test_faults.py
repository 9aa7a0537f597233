"""Fault tests: a run killed with SIGKILL resumes to the same outputs; a write error costs one file;
Prefect's local database missing, damaged, locked or unwritable."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

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


# ---- Prefect's local database (issue 8.4): missing, damaged, locked, unwritable --------------------
#
# Each run gets its own PREFECT_HOME through the environment of a khplan subprocess; one run makes a
# migrated database that the tests copy, so that only the tests that need a new database pay for
# Prefect's migrations.


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    return {**env, "PREFECT_HOME": str(home)}


def _seeds(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for p in sorted((REPO / "samples" / "seeds").glob("*.txt")):
        (dest / p.name).write_bytes(p.read_bytes())
    return dest


def _khplan(home: Path, corpus: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KHPLAN), "run", str(corpus), "--out", str(out), *extra],
        capture_output=True,
        text=True,
        env=_env(home),
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(a PREFECT_HOME with a migrated database, the seeds, a finished run's output folder)."""
    root = tmp_path_factory.mktemp("prefect")
    home, corpus, out = root / "home", _seeds(root / "corpus"), root / "out"
    result = _khplan(home, corpus, out, "-q")
    assert result.returncode == 0, result.stderr[-2000:]
    assert (home / "prefect.db").is_file()
    return home, corpus, out


def _copy(migrated: tuple[Path, Path, Path], dest: Path) -> tuple[Path, Path, Path]:
    home, corpus, out = migrated
    shutil.copytree(home, dest / "home")
    shutil.copytree(out, dest / "out")
    shutil.copytree(corpus, dest / "corpus")
    return dest / "home", dest / "corpus", dest / "out"


def _resumed(out: Path, before: dict[str, str]) -> bool:
    """Whether the last run over ``out`` reused every document of ``before`` (those of an earlier
    run) and extracted one more. Others may edit the rules in a shared checkout between two runs:
    then the extractor's fingerprint changes and every document is rightly extracted again."""
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    same = sum(
        json.loads(d)["source"]["extractor"] == summary["versions"]["extractor"] for d in before.values()
    )
    return (summary["counts"]["ok"], summary["counts"]["unchanged"]) == (len(before) + 1, same)


def _is_sqlite(path: Path) -> bool:
    return path.read_bytes()[:16] == b"SQLite format 3\x00"


def test_prefect_home_that_is_a_file_exits_2_saying_what_to_do(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder", encoding="utf-8")
    result = _khplan(home, _seeds(tmp_path / "corpus"), tmp_path / "out")
    assert result.returncode == 2
    assert f"PREFECT_HOME ({home}) is a file, not a folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((tmp_path / "out" / "documents").glob("*.json"))  # stopped before reading


def test_a_deleted_database_is_made_again(migrated: tuple[Path, Path, Path], tmp_path: Path) -> None:
    home, corpus, out = _copy(migrated, tmp_path)
    before = _documents(out)
    (home / "prefect.db").unlink()  # its write-ahead log, if any, is left behind
    (corpus / "extra.txt").write_bytes((corpus / "000_df269efa2740bc28.txt").read_bytes())
    result = _khplan(home, corpus, out, "-q")
    assert result.returncode == 0, result.stderr[-2000:]
    assert _is_sqlite(home / "prefect.db")
    assert _resumed(out, before)


def test_a_damaged_database_is_moved_aside_and_made_again(
    migrated: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    home, corpus, out = _copy(migrated, tmp_path)
    before = _documents(out)
    for part in home.glob("prefect.db-*"):
        part.unlink()
    (home / "prefect.db").write_bytes(b"\x00garbage, not SQLite\xff" * 5000)
    (corpus / "extra.txt").write_bytes((corpus / "001_7ff05f254cf0cfda.txt").read_bytes())
    result = _khplan(home, corpus, out)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "was damaged" in result.stderr and "moved to" in result.stderr
    assert "Traceback" not in result.stderr
    aside = list(home.glob("prefect.db.damaged-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"\x00garbage")
    assert _is_sqlite(home / "prefect.db")
    assert _resumed(out, before)


def test_a_locked_database_is_retried_then_exits_2_and_a_rerun_resumes(
    migrated: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    home, corpus, out = _copy(migrated, tmp_path)
    db = home / "prefect.db"
    before = _documents(out)
    (corpus / "extra.txt").write_bytes((corpus / "002_21bd684ebe220878.txt").read_bytes())
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
            "c.execute('BEGIN EXCLUSIVE')\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        result = _khplan(home, corpus, out)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait()
    assert result.returncode == 2
    assert result.stderr.count("is in use by another program; trying again") == 4
    assert f"Prefect's local database {db} is locked by another program" in result.stderr
    assert "close any other khplan run" in result.stderr and "PREFECT_HOME" in result.stderr
    assert "Traceback" not in result.stderr
    assert _documents(out) == before  # what was extracted stays as it was

    again = _khplan(home, corpus, out, "-q")
    assert again.returncode == 0, again.stderr[-2000:]
    assert _resumed(out, before)


def test_an_unwritable_database_exits_2_saying_what_to_do(
    migrated: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    # root may write any file: then khplan runs as 'nobody', and the database stays root's.
    as_root = os.geteuid() == 0
    if as_root and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: no way to make a file unwritable")
    shared = Path(tempfile.mkdtemp(prefix="khplan-ro-"))
    try:
        home, corpus, out = _copy(migrated, shared)
        for p in [shared, home, corpus, out, out / "documents", *corpus.iterdir()]:
            p.chmod(0o777 if p.is_dir() else 0o666)
        (home / "prefect.db").chmod(0o444)
        command = [str(KHPLAN), "run", str(corpus), "--out", str(out)]
        if as_root:
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        (corpus / "extra.txt").write_text("Kế hoạch", encoding="utf-8")
        (corpus / "extra.txt").chmod(0o666)
        env = {**_env(home), "HOME": str(shared)}
        result = subprocess.run(command, capture_output=True, text=True, env=env)
        assert result.returncode == 2, result.stderr[-2000:]
        assert f"Prefect's local database {home / 'prefect.db'} cannot be written" in result.stderr
        assert "Traceback" not in result.stderr
        assert not (out / "documents" / "extra.json").exists()
    finally:
        shutil.rmtree(shared, ignore_errors=True)
