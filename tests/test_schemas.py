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
