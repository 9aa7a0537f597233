"""khplan.output: JSON written in pieces equals one dump; tables typed without pandas."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from pydantic import BaseModel

from khplan.api import extract_path
from khplan.output import TableWriter, model_json_pieces, write_model
from khplan.schemas import Consistency, Finding, Link, LinkedDocument, Links

from .conftest import SAMPLES

SEED = SAMPLES / "seeds" / "000_df269efa2740bc28.txt"

LINKS = Links(
    documents=[LinkedDocument(stem=f"d{i}", number=f"{i}/KH-UBND") for i in range(3)],
    links=[
        Link(child=f"d{i}", parent_number="97/KH-UBND", confidence=0.5, evidence="Kế hoạch số 97")
        for i in range(3)
    ],
)
FINDING = Finding(
    kind="date_order",
    severity="warning",
    child="d1",
    parent="d0",
    message="dated before",
    evidence={"child_date": "2022-12-24", "nested": {"a": [1, 2]}},
)


@pytest.mark.parametrize(
    "model",
    [
        Links(),
        LINKS,
        Consistency([]),
        Consistency([FINDING, FINDING]),
        extract_path(SEED, "samples/seeds/000.txt"),
    ],
    ids=["empty links", "links", "no findings", "findings", "a document"],
)
def test_pieces_are_one_dump(model: BaseModel) -> None:
    assert "".join(model_json_pieces(model)) == model.model_dump_json(indent=2) + "\n"


def test_long_lists_are_written_as_one_dump_would_be(tmp_path: Path) -> None:
    many = Consistency([FINDING] * 1500)  # above the length written item by item
    write_model(tmp_path / "c.json", many)
    assert (tmp_path / "c.json").read_text(encoding="utf-8") == many.model_dump_json(indent=2) + "\n"


def test_table_columns_are_typed(tmp_path: Path) -> None:
    doc = extract_path(SEED, "samples/seeds/000.txt")
    tables = TableWriter(tmp_path)
    tables.add("000", doc)
    counts = tables.finish(LINKS)
    assert counts["links"] == 3 and counts["documents"] == 1
    documents = pq.read_table(tmp_path / "tables" / "documents.parquet")
    assert str(documents.schema.field("issued_date").type) == "date32[day]"
    assert str(documents.schema.field("issued_year").type) == "int64"
    assert documents.column("number").to_pylist() == [doc.document.number]
    deadlines = pq.read_table(tmp_path / "tables" / "deadlines.parquet")
    assert deadlines.column("year").to_pylist() == [d.year for d in doc.deadlines]
    assert pq.read_table(tmp_path / "tables" / "links.parquet").column("confidence").to_pylist() == [0.5] * 3


def test_tables_are_written_without_importing_pandas(tmp_path: Path) -> None:
    """pyarrow would import pandas (40 MB) to ask whether each list is a pandas object; the run's
    process never loads it, and pandas still works afterwards for whoever needs it."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom pathlib import Path\n"
        "from khplan.api import extract_path\nfrom khplan.output import TableWriter\n"
        f"writer = TableWriter(Path({str(tmp_path)!r}))\n"
        f"writer.add('seed', extract_path(Path({str(SEED)!r})))\n"
        "counts = writer.finish(None)\n"
        "assert 'pandas' not in sys.modules, 'pandas was imported'\n"
        "import pyarrow.parquet as pq\n"
        f"frame = pq.read_table(Path({str(tmp_path)!r}) / 'tables' / 'documents.parquet').to_pandas()\n"
        "print(counts['documents'], len(frame), frame['doc_type'].iloc[0])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "1", "KH"]
