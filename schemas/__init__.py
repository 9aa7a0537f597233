"""The output contract: pydantic models and their exported JSON Schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .models import (
    SCHEMA_VERSION,
    Body,
    Consistency,
    Deadline,
    Document,
    DocumentInfo,
    Failure,
    Finding,
    InputRecord,
    Issuer,
    Link,
    LinkedDocument,
    Links,
    Message,
    Reference,
    RunSummary,
    Signer,
    Source,
    Target,
    Task,
)

#: Name given on the command line (``khplan schema NAME``) -> model of that output file.
SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "document": Document,
    "links": Links,
    "consistency": Consistency,
    "run": RunSummary,
}

SCHEMA_DIR = Path(__file__).parent


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one output file kind, as generated from its model."""
    model = SCHEMA_MODELS[name]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://khplan.invalid/schemas/v{SCHEMA_VERSION}/{name}.schema.json"
    return schema


def schema_text(name: str) -> str:
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"


def committed_schema_path(name: str) -> Path:
    return SCHEMA_DIR / f"{name}.schema.json"


__all__ = [
    "SCHEMA_MODELS",
    "SCHEMA_VERSION",
    "Body",
    "Consistency",
    "Deadline",
    "Document",
    "DocumentInfo",
    "Failure",
    "Finding",
    "InputRecord",
    "Issuer",
    "Link",
    "LinkedDocument",
    "Links",
    "Message",
    "Reference",
    "RunSummary",
    "Signer",
    "Source",
    "Target",
    "Task",
    "committed_schema_path",
    "json_schema",
    "schema_text",
]
