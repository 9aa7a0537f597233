"""khplan.load: a run's output folder as DataFrames whose row counts are the JSON's item counts.

The run is built without Prefect (the same writers and corpus functions the flow's tasks call),
over the five seed plans in samples/seeds.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import khplan
from khplan.api import extract_path
from khplan.extractors.consistency import check_consistency
from khplan.extractors.link import link_documents
from khplan.load import LoadError, Tables
from khplan.output import document_path, write_model, write_tables
from khplan.schemas import Consistency

from .conftest import SAMPLES

SEED_002 = "002_21bd684ebe220878"  # Kế hoạch 155/KH-TVTP, Thư viện thành phố Cần Thơ (README example)
SEED_000 = "000_df269efa2740bc28"  # its parent, Kế hoạch 97/KH-UBND of Ủy ban nhân dân thành phố Cần Thơ


def build_run(out: Path) -> Path:
    """Extract the seeds into ``out`` as ``khplan run`` does: documents, corpus/*.json, tables/."""
    docs = {}
    for path in sorted((SAMPLES / "seeds").glob("*.txt")):
        docs[path.stem] = extract_path(path, f"samples/seeds/{path.name}")
        write_model(document_path(out, path.stem), docs[path.stem])
    links = link_documents(docs)
    write_model(out / "corpus" / "links.json", links)
    write_model(out / "corpus" / "consistency.json", Consistency(check_consistency(docs, links)))
    write_tables(out, docs.items(), links)
    return out


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_run(tmp_path_factory.mktemp("run"))


def _json_counts(out: Path) -> dict[str, int]:
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "documents").glob("*.json"))]
    counts = {
        name: sum(len(d[name]) for d in docs) for name in ("references", "targets", "deadlines", "bodies")
    }
    counts["documents"] = len(docs)
    counts["links"] = len(json.loads((out / "corpus" / "links.json").read_text(encoding="utf-8"))["links"])
    counts["findings"] = len(json.loads((out / "corpus" / "consistency.json").read_text(encoding="utf-8")))
    return counts


def test_row_counts_equal_the_json_items(run_dir: Path) -> None:
    tables = khplan.load(run_dir)
    assert isinstance(tables, Tables)
    assert tables.counts() == _json_counts(run_dir)
    assert tables.counts()["documents"] == 5
    assert tables.counts()["references"] > 0 and tables.counts()["links"] > 0


def test_values_are_the_documents(run_dir: Path) -> None:
    tables = khplan.load(run_dir)
    doc = tables.documents.set_index("stem").loc[SEED_002]
    assert doc["number"] == "155/KH-TVTP"
    assert doc["issuer"] == "Thư viện thành phố Cần Thơ"
    assert str(doc["issued_date"]) == "2019-07-02"
    assert doc["issued_year"] == 2019
    assert doc["signer"] == "Phan Thị Thùy Giang"
    refs = tables.references[tables.references["stem"] == SEED_002]
    assert "97/KH-UBND" in set(refs["number"])
    link = tables.links[(tables.links["child"] == SEED_002) & (tables.links["parent_number"] == "97/KH-UBND")]
    assert list(link["parent"]) == [SEED_000]
    assert set(tables.findings.columns) == {"kind", "severity", "child", "parent", "message", "evidence"}
    assert all(json.loads(e) is not None for e in tables.findings["evidence"])


def test_a_folder_without_tables_is_rebuilt_from_the_json(run_dir: Path, tmp_path: Path) -> None:
    shutil.copytree(run_dir, tmp_path / "run")
    shutil.rmtree(tmp_path / "run" / "tables")
    rebuilt = khplan.load(tmp_path / "run")
    assert rebuilt.counts() == _json_counts(run_dir)
    assert set(rebuilt.documents["stem"]) == set(khplan.load(run_dir).documents["stem"])


def test_not_a_run_folder(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="--out folder"):
        khplan.load(tmp_path)
