"""The output contract (``../shared/CONTRACT.md``, v1) as pydantic models.

These models are the source of truth in code: every JSON file khplan writes is
one of them dumped with ``model_dump(mode="json")``, and the JSON Schemas
committed beside this module are generated from them (``khplan schema``).
Fields may be added; none may be renamed or dropped without bumping
``SCHEMA_VERSION``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

SCHEMA_VERSION = "1"

Span = tuple[int, int]
IssuerLevel = Literal["central", "province", "district", "commune", "agency"]
Authority = Literal["KT.", "TM.", "TL.", "TUQ.", "Q."]
ReferenceRole = Literal["basis", "cited"]
Comparator = Literal["increase", "at_least", "at_most", "equal"]
DeadlineKind = Literal["report", "due", "horizon", "event"]
Recurrence = Literal["annual", "semiannual", "quarterly", "monthly"]
BodyRole = Literal["responsible", "requested", "coordinating", "mentioned"]
SourceFormat = Literal["pdf", "docx", "doc", "txt", "md", "html", "rtf", "odt", "unknown"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    """Where a document came from and what was read of it."""

    path: str
    sha256: str | None = None
    format: SourceFormat = "unknown"
    pages: int | None = None
    chars: int = 0
    ocr: bool = False
    extractor: str | None = Field(
        default=None, description="khplan version + rules fingerprint that produced this"
    )


class Issuer(_Model):
    """Cơ quan ban hành: the issuing body, abbreviations expanded."""

    name: str
    level: IssuerLevel | None = None
    printed: str | None = Field(default=None, description="The issuer as printed, before expansion")
    unit_now: str | None = Field(
        default=None, description="Today's administrative unit (after the 1 July 2025 reform) of the issuer"
    )


class Signer(_Model):
    """Người ký: who signed, in which capacity."""

    name: str | None = None
    position: str | None = None
    authority: Authority | None = None


class DocumentInfo(_Model):
    """The document's own metadata, from its header (thể thức, Nghị định 30/2020/NĐ-CP)."""

    doc_type: str | None = None
    doc_type_name: str | None = None
    number: str | None = None
    symbol: str | None = None
    issuer: Issuer | None = None
    place: str | None = None
    issued_date: str | None = Field(default=None, description="ISO date; null when day or month is blank")
    issued_year: int | None = None
    title: str | None = None
    signer: Signer | None = None
    recipients: list[str] = Field(default_factory=list)


class Reference(_Model):
    """A numbered document mentioned in the text (văn bản được viện dẫn)."""

    doc_type: str | None = None
    number: str
    issued_date: str | None = None
    issuer: str | None = None
    title: str | None = None
    role: ReferenceRole = "cited"
    pinpoint: str | None = None
    text: str
    span: Span
    mentions: int = 1


class Target(_Model):
    """A quantitative target (chỉ tiêu)."""

    indicator: str
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    comparator: Comparator | None = None
    year: int | None = None
    section: str | None = None
    text: str
    span: Span


class Deadline(_Model):
    """A date the document sets: a report, a due date, a horizon or an event."""

    kind: DeadlineKind
    year: int | None = None
    month: int | None = None
    day: int | None = None
    recurrence: Recurrence | None = None
    responsible: list[str] = Field(default_factory=list)
    section: str | None = None
    text: str
    span: Span


class Task(_Model):
    section: str | None = None
    text: str


class Body(_Model):
    """A body (cơ quan, đơn vị) the document gives a responsibility."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    role: BodyRole = "mentioned"
    tasks: list[Task] = Field(default_factory=list)


class Message(_Model):
    """A warning or an error, with a stable code and words a person understands."""

    code: str
    message: str


class Document(_Model):
    """documents/<stem>.json: everything extracted from one input file."""

    schema_version: str = SCHEMA_VERSION
    source: Source
    document: DocumentInfo = Field(default_factory=DocumentInfo)
    references: list[Reference] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    bodies: list[Body] = Field(default_factory=list)
    warnings: list[Message] = Field(default_factory=list)
    errors: list[Message] = Field(default_factory=list)


class LinkedDocument(_Model):
    stem: str
    number: str | None = None
    inferred_number: str | None = None
    inferred_from: str | None = None


class Link(_Model):
    """A child -> parent edge: one per ``basis`` reference."""

    child: str
    parent_number: str | None = None
    parent: str | None = None
    match: Literal["number", "title", "issuer_date_title"] | None = None
    confidence: float = 0.0
    evidence: str = ""


class Links(_Model):
    """corpus/links.json."""

    schema_version: str = SCHEMA_VERSION
    documents: list[LinkedDocument] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)


FindingKind = Literal[
    "target_below_parent", "deadline_after_parent", "unresolved_parent", "missing_subplan", "date_order"
]


class Finding(_Model):
    kind: FindingKind
    severity: Literal["info", "warning", "error"] = "warning"
    child: str | None = None
    parent: str | None = None
    message: str
    evidence: dict[str, object] = Field(default_factory=dict)


class Consistency(RootModel[list[Finding]]):
    """corpus/consistency.json: a plain list of findings, as the contract says."""


InputStatus = Literal["ok", "failed", "skipped"]


class InputRecord(_Model):
    path: str
    stem: str | None = None
    status: InputStatus
    code: str | None = None
    reason: str | None = None
    seconds: float | None = None
    # CPU time of the reading thread: a document's cost free of what else shares the machine
    # (Prefect's server starting, another run); tools it starts (soffice, tesseract) not included.
    cpu_seconds: float | None = None
    cached: bool = False


class Failure(_Model):
    file: str
    code: str
    reason: str


class RunSummary(_Model):
    """run.json: what a run did, with every input accounted for."""

    schema_version: str = SCHEMA_VERSION
    started: str
    finished: str
    seconds: float
    counts: dict[str, int]
    timings: dict[str, float] = Field(default_factory=dict)
    versions: dict[str, str] = Field(default_factory=dict)
    inputs: list[InputRecord] = Field(default_factory=list)
    failures: list[Failure] = Field(default_factory=list)
