from __future__ import annotations

import json

import pytest

from khplan.schemas import SCHEMA_MODELS, committed_schema_path, schema_text


@pytest.mark.parametrize("name", sorted(SCHEMA_MODELS))
def test_committed_schema_is_current(name: str) -> None:
    """schemas/<name>.schema.json must be regenerated (khplan schema NAME) whenever a model changes."""
    committed = committed_schema_path(name).read_text(encoding="utf-8")
    assert committed == schema_text(name), f"run: khplan schema {name} > schemas/{name}.schema.json"


def test_document_schema_names_the_contract_fields() -> None:
    schema = json.loads(schema_text("document"))
    assert {
        "schema_version",
        "source",
        "document",
        "references",
        "targets",
        "deadlines",
        "bodies",
        "warnings",
        "errors",
    } <= set(schema["properties"])
    info = schema["$defs"]["DocumentInfo"]["properties"]
    assert {
        "doc_type",
        "doc_type_name",
        "number",
        "symbol",
        "issuer",
        "place",
        "issued_date",
        "issued_year",
        "title",
        "signer",
        "recipients",
    } <= set(info)


def test_share_memory_changes_no_value() -> None:
    """Records and corpus views share field sets and equal strings; their values stay the same."""
    from khplan.schemas import InputRecord, Link, Links
    from khplan.schemas.compact import share_memory

    records = [InputRecord(path="".join(["a/", "x.txt"]), stem="x", status="ok") for _ in range(3)]
    links = Links(
        links=[Link(child="".join(["c", str(i % 2)]), parent_number="97/KH-UBND") for i in range(4)]
    )
    before = [r.model_dump() for r in records], links.model_dump()
    strings: dict[str, str] = {}
    share_memory(records, strings)
    share_memory(links, strings)
    assert ([r.model_dump() for r in records], links.model_dump()) == before
    assert records[0].__pydantic_fields_set__ is records[2].__pydantic_fields_set__
    assert records[0].path is records[1].path  # equal strings made one object
    assert links.links[0].child is links.links[2].child and links.links[0].child is not links.links[1].child
