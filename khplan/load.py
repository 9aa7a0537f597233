"""``khplan.load``: a finished run's output folder as pandas DataFrames, one per table."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

# pandas and the writers are imported inside the functions: ``import khplan`` (and so every
# ``khplan`` command) must not pay pandas' import time for a function it may never call.

TABLE_NAMES = ("documents", "references", "targets", "deadlines", "bodies", "links", "findings")

_FINDING_COLUMNS = ["kind", "severity", "child", "parent", "message", "evidence"]


@dataclass(frozen=True)
class Tables:
    """The tables of one run: one row per document, reference, target, deadline, body, link, finding.

    Every row of the per-document tables carries the document's ``stem`` (its
    ``documents/<stem>.json``); links and findings name documents by stem in ``child``
    and ``parent``.
    """

    documents: pd.DataFrame
    references: pd.DataFrame
    targets: pd.DataFrame
    deadlines: pd.DataFrame
    bodies: pd.DataFrame
    links: pd.DataFrame
    findings: pd.DataFrame

    def items(self) -> list[tuple[str, pd.DataFrame]]:
        """(name, frame) for every table, in a fixed order."""
        return [(f.name, getattr(self, f.name)) for f in fields(self)]

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {name: len(frame) for name, frame in self.items()}


class LoadError(Exception):
    """The folder is not a khplan run's output."""


def _findings(out: Path) -> pd.DataFrame:
    import pandas as pd

    path = out / "corpus" / "consistency.json"
    items: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
    rows = [
        {**item, "evidence": json.dumps(item.get("evidence", {}), ensure_ascii=False, sort_keys=True)}
        for item in items
    ]
    return pd.DataFrame(rows, columns=_FINDING_COLUMNS)


def _links_from_json(out: Path) -> pd.DataFrame:
    import pandas as pd

    path = out / "corpus" / "links.json"
    links = json.loads(path.read_text(encoding="utf-8"))["links"] if path.is_file() else []
    return pd.DataFrame(
        links, columns=["child", "parent_number", "parent", "match", "confidence", "evidence"]
    )


def _from_documents(out: Path) -> dict[str, pd.DataFrame]:
    """The per-document tables rebuilt from documents/*.json, for a folder without tables/."""
    import pandas as pd

    from khplan.output import read_document, table_rows

    collected: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((out / "documents").glob("*.json")):
        for name, rows in table_rows(path.stem, read_document(path)).items():
            collected.setdefault(name, []).extend(rows)
    return {name: pd.DataFrame(collected.get(name, [])) for name in TABLE_NAMES[:5]}


def _nullable_ints(frame: pd.DataFrame) -> pd.DataFrame:
    """Years, months and days as pandas' nullable integers (a date may lack its day), not floats."""
    from khplan.output import INT_COLUMNS

    for col in INT_COLUMNS:
        if col in frame.columns:
            frame[col] = frame[col].astype("Int64")
    return frame


def load(out_dir: str | Path) -> Tables:
    """Read a run's output folder (``khplan run ... --out OUT_DIR``) into :class:`Tables`.

    The per-document tables and links come from ``tables/*.parquet``, as the run wrote them;
    findings from ``corpus/consistency.json`` (``evidence`` as a JSON string). A folder with
    documents but no tables (an older run) gets its tables rebuilt from ``documents/*.json``.
    Raises :class:`LoadError` when the folder holds neither.
    """
    import pandas as pd

    out = Path(out_dir)
    folder = out / "tables"
    frames: dict[str, pd.DataFrame] = {}
    if (folder / "documents.parquet").is_file():
        for name in TABLE_NAMES[:6]:
            path = folder / f"{name}.parquet"
            frames[name] = _nullable_ints(pd.read_parquet(path)) if path.is_file() else pd.DataFrame()
    elif (out / "documents").is_dir():
        frames = _from_documents(out)
        frames["links"] = _links_from_json(out)
    else:
        raise LoadError(f"{out}: no tables/ or documents/ here; is it the --out folder of a khplan run?")
    frames["findings"] = _findings(out)
    return Tables(**frames)
