"""End to end: the Prefect flow over the samples plus bad files, under Prefect's test harness."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
from prefect.testing.utilities import prefect_test_harness

from khplan.runner import run
from khplan.schemas import json_schema

from .conftest import SAMPLES


@pytest.fixture(scope="module")
def harness() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="module")
def finished_run(harness: None, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    inputs = tmp_path_factory.mktemp("inputs")
    shutil.copytree(SAMPLES / "seeds", inputs / "seeds")
    (inputs / "bad").mkdir()
    (inputs / "bad" / "empty.txt").write_bytes(b"")
    (inputs / "bad" / "scan.pdf").write_text("not a pdf at all", encoding="utf-8")
    (inputs / "bad" / "budget.xlsx").write_bytes(b"PK\x03\x04")
    # the same stem twice: both must come out, under different names
    (inputs / "other").mkdir()
    shutil.copy(SAMPLES / "seeds" / "002_21bd684ebe220878.txt", inputs / "other" / "002_21bd684ebe220878.txt")
    out = tmp_path_factory.mktemp("out")
    run([str(inputs)], out)
    return inputs, out


def test_every_input_is_accounted_for(finished_run: tuple[Path, Path]) -> None:
    _, out = finished_run
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    statuses = {Path(r["path"]).name: r["status"] for r in summary["inputs"] if r["status"] != "ok"}
    assert statuses == {"empty.txt": "failed", "scan.pdf": "failed", "budget.xlsx": "skipped"}
    assert summary["counts"] == {
        "inputs": 9,
        "ok": 6,
        "failed": 2,
        "skipped": 1,
        "documents_written": 8,
        "unchanged": 0,
    }
    assert {f["code"] for f in summary["failures"]} == {"empty_file", "not_a_pdf"}
    assert len(list((out / "documents").glob("*.json"))) == 8


def test_the_extract_time_covers_all_the_reading(finished_run: tuple[Path, Path]) -> None:
    """Workers may read batches before the flow begins: the time counts from the first file."""
    _, out = finished_run
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    reading = sum(r.get("seconds") or 0.0 for r in summary["inputs"])
    workers = min(os.cpu_count() or 1, summary["counts"]["documents_written"])
    assert summary["timings"]["extract"] >= reading / workers > 0


def test_each_read_file_has_its_cpu_time(finished_run: tuple[Path, Path]) -> None:
    """The benchmark compares a document's CPU cost across run sizes: every file read has one."""
    _, out = finished_run
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    read = [r for r in summary["inputs"] if r["status"] != "skipped"]
    assert read and all(r["cpu_seconds"] is not None for r in read)
    # One thread's CPU time cannot exceed the wall time it ran for (rounding aside).
    assert all(0 <= r["cpu_seconds"] <= r["seconds"] + 0.001 for r in read)
    assert sum(r["cpu_seconds"] for r in read) > 0


def test_bad_files_get_a_document_with_an_error(finished_run: tuple[Path, Path]) -> None:
    _, out = finished_run
    doc = json.loads((out / "documents" / "scan.json").read_text(encoding="utf-8"))
    assert doc["errors"][0]["code"] == "not_a_pdf"
    assert "scan.pdf" in doc["errors"][0]["message"]
    assert doc["references"] == [] and doc["targets"] == []


def test_clashing_stems_get_stable_suffixes(finished_run: tuple[Path, Path]) -> None:
    _, out = finished_run
    clashing = sorted(p.name for p in (out / "documents").glob("002_21bd684ebe220878*.json"))
    assert len(clashing) == 2
    assert all(name.startswith("002_21bd684ebe220878-") for name in clashing)


def test_outputs_validate_against_the_exported_schemas(finished_run: tuple[Path, Path]) -> None:
    _, out = finished_run
    schema = json_schema("document")
    for path in (out / "documents").glob("*.json"):
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)
    jsonschema.validate(json.loads((out / "run.json").read_text(encoding="utf-8")), json_schema("run"))


def test_extracted_values_of_a_sample(finished_run: tuple[Path, Path]) -> None:
    _, out = finished_run
    doc = json.loads((out / "documents" / "004_1be724741e9b3dec.json").read_text(encoding="utf-8"))
    assert doc["document"]["issuer"]["name"] == "Ủy ban nhân dân quận Gò Vấp"
    assert doc["document"]["issued_date"] == "2023-09-29"
    assert [r["number"] for r in doc["references"]] == ["20/CT-TTg", "4361/KH-UBND"]


def test_tables_hold_one_row_per_item(finished_run: tuple[Path, Path]) -> None:
    _, out = finished_run
    docs = pd.read_parquet(out / "tables" / "documents.parquet")
    refs = pd.read_parquet(out / "tables" / "references.parquet")
    assert len(docs) == 8
    n_refs = sum(
        len(json.loads(p.read_text(encoding="utf-8"))["references"]) for p in (out / "documents").glob("*")
    )
    assert len(refs) == n_refs
    assert set(refs["stem"]) <= set(docs["stem"])


def test_corpus_files_are_written_and_valid(finished_run: tuple[Path, Path]) -> None:
    _, out = finished_run
    links = json.loads((out / "corpus" / "links.json").read_text(encoding="utf-8"))
    jsonschema.validate(links, json_schema("links"))
    findings = json.loads((out / "corpus" / "consistency.json").read_text(encoding="utf-8"))
    jsonschema.validate(findings, json_schema("consistency"))
    # seed 002 implements 97/KH-UBND, which is seed 000 (its own header lost): inferred, not printed
    child = next(s for s in (d["stem"] for d in links["documents"]) if s.startswith("002_21bd684ebe220878"))
    edge = next(e for e in links["links"] if e["child"] == child and e["parent_number"] == "97/KH-UBND")
    assert edge["parent"] == "000_df269efa2740bc28"
    inferred = {d["stem"]: d["inferred_number"] for d in links["documents"]}
    assert inferred["000_df269efa2740bc28"] == "97/KH-UBND"
    assert len(pd.read_parquet(out / "tables" / "links.parquet")) == len(links["links"])


def test_report_is_written_with_the_tree_and_vietnamese_intact(finished_run: tuple[Path, Path]) -> None:
    _, out = finished_run
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") or html.lstrip().lower().startswith("<!doctype html>")
    assert "97/KH-UBND" in html and "208/QĐ-TTg" in html
    assert "Ủy ban nhân dân quận Gò Vấp" in html
    assert "not_a_pdf" in html or "scan.pdf" in html  # the failure is shown


def test_an_unchanged_rerun_reads_nothing_and_starts_no_flow(harness: None, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(SAMPLES / "seeds", inputs)
    out = tmp_path / "out"
    first = run([str(inputs)], out)
    assert "flow" in first.timings and first.counts["unchanged"] == 0
    before = {p.name: p.read_bytes() for p in (out / "documents").glob("*.json")}
    links = (out / "corpus" / "links.json").read_bytes()

    second = run([str(inputs)], out)
    assert "flow" not in second.timings  # decided from the cache alone: no Prefect, no workers
    assert second.counts["unchanged"] == second.counts["ok"] == len(before)
    assert {p.name: p.read_bytes() for p in (out / "documents").glob("*.json")} == before
    assert (out / "corpus" / "links.json").read_bytes() == links

    # One file changed: only it is read again, and the corpus outputs are made again.
    changed = sorted(inputs.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = run([str(inputs)], out)
    assert "flow" in third.timings
    assert third.counts["unchanged"] == len(before) - 1
    assert [r.cached for r in third.inputs if Path(r.path).name == changed.name] == [False]
