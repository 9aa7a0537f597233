"""The run report: one self-contained HTML file a person reads to check a run.

It shows a summary, the tree of links (parent -> children, documents outside the
run included by their number), one card per document with the sentences every
extracted item comes from, the findings grouped by kind, and the inputs that
failed. No external assets: CSS is inline, so the file can be mailed or archived.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from khplan.extractors.docnumber import canonical_number
from khplan.extractors.link import document_groups, is_secondary
from khplan.schemas import Document, Finding, Link, Links, RunSummary

KIND_TITLES = {
    "date_order": "Dated before the document it implements",
    "target_below_parent": "Target weaker than the parent's",
    "deadline_after_parent": "Report date later than the parent's",
    "missing_subplan": "Ordered sub-plan not in the run",
    "unresolved_parent": "Parent document not in the run",
}
KIND_ORDER = tuple(KIND_TITLES)


@dataclass(slots=True)
class TreeNode:
    """One document in the tree of links: a stem in the run, or a number outside it."""

    key: str
    label: str
    stem: str | None
    title: str | None = None
    match: str | None = None
    confidence: float | None = None
    children: list[TreeNode] = field(default_factory=list)
    repeated: bool = False


def _doc_label(stem: str, doc: Document, inferred: Mapping[str, str]) -> str:
    info = doc.document
    if doc.errors:
        return f"Unreadable input ({doc.errors[0].code})"
    kind = info.doc_type_name or info.doc_type or "Document"
    if info.number:
        return f"{kind} {info.number}"
    if stem in inferred:
        return f"{kind} {inferred[stem]} (number inferred)"
    return f"{kind} without a number"


def link_tree(docs: Mapping[str, Document], links: Links, budget: int | None = None) -> list[TreeNode]:
    """Parent -> children trees; roots are documents nobody in the run implements and parents outside it."""
    return link_tree_within(docs, links, budget)[0]


def link_tree_within(
    docs: Mapping[str, Document], links: Links, budget: int | None
) -> tuple[list[TreeNode], int]:
    """The trees of :func:`link_tree` cut to at most ``budget`` nodes in display order (depth
    first), and how many nodes were left out. The cut is made while building: a document
    cited by many plans appears under each of them, and the whole tree of a run of 10 000
    linked plans held 30 MB for a page that shows 3 000 entries."""
    inferred = {d.stem: d.inferred_number for d in links.documents if d.inferred_number}
    outside: dict[str, str] = {}  # "ext:<number>" -> label: parents cited but not in the run
    edges: dict[str, list[tuple[str, str | None, float]]] = {}
    has_parent: set[str] = set()
    for link in links.links:
        if link.child not in docs:
            continue
        if link.parent and link.parent in docs:
            key = link.parent
        else:
            key = "ext:" + (canonical_number(link.parent_number) or link.parent_number or "?")
            outside.setdefault(key, f"{link.parent_number} (not in this run)")
        edges.setdefault(key, []).append((link.child, link.match, link.confidence))
        has_parent.add(link.child)
    for children in edges.values():
        children.sort(key=lambda e: e[0])
    keys = [*docs, *outside]
    left = len(keys) + len(links.links) + 1 if budget is None else budget
    hidden = 0

    def size(key: str, seen: frozenset[str]) -> int:
        if key in seen:
            return 1
        return 1 + sum(size(child, seen | {key}) for child, _, _ in edges.get(key, ()))

    def build(key: str, seen: frozenset[str], match: str | None, confidence: float | None) -> TreeNode | None:
        nonlocal left, hidden
        if left <= 0:
            hidden += size(key, seen)
            return None
        left -= 1
        if key in outside:
            node = TreeNode(key, outside[key], None, None, match, confidence)
        else:
            doc = docs[key]
            node = TreeNode(key, _doc_label(key, doc, inferred), key, doc.document.title, match, confidence)
        if key in seen:  # a cycle of citations: show the document, do not follow it again
            node.repeated = True
            return node
        for child, m, c in edges.get(key, ()):
            built = build(child, seen | {key}, m, c)
            if built is not None:
                node.children.append(built)
        return node

    roots = [k for k in keys if k not in has_parent]
    roots.sort(key=lambda k: (k.startswith("ext:"), not edges.get(k), k))
    # Documents only reachable through a cycle still appear once, after the others.
    reached: set[str] = set()

    def reach(todo: list[str]) -> None:
        while todo:
            key = todo.pop()
            if key not in reached:
                reached.add(key)
                todo += [child for child, _, _ in edges.get(key, ())]

    reach(list(roots))
    for key in sorted(keys):
        if key not in reached:
            roots.append(key)
            reach([key])
    trees = [t for t in (build(k, frozenset(), None, None) for k in roots) if t is not None]
    return trees, hidden


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("khplan", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _format_number
    return env


def _format_number(value: float | None) -> str:
    """Vietnamese style: 29.000 and 13,5."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.2f}".rstrip("0").replace(",", " ").replace(".", ",").replace(" ", ".")


MAX_ALL_CARDS = 1000  # above this, only the documents that need a reader's eye get a card
# What one page can show and a browser can open: the rest of a very large run is in the tables
# and corpus/*.json, which the page names. These caps also keep the report's memory flat.
MAX_CARDS = 1000
MAX_FINDINGS_PER_KIND = 200
MAX_TREE_NODES = 3000


def render_report(
    docs: Mapping[str, Document],
    links: Links,
    findings: list[Finding],
    run: RunSummary | None = None,
    full: Callable[[str], Document] | None = None,
) -> str:
    """The report as one HTML string (UTF-8, lang="vi", no external assets); see :func:`report_chunks`."""
    return "".join(report_chunks(docs, links, findings, run, full))


def report_chunks(
    docs: Mapping[str, Document],
    links: Links,
    findings: list[Finding],
    run: RunSummary | None = None,
    full: Callable[[str], Document] | None = None,
    groups: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """The report's HTML in pieces, to be written as they come.

    ``docs`` may be the corpus views linking reads; ``full(stem)`` then gives a card's whole
    document. A run of more than ``MAX_ALL_CARDS`` documents shows cards only for documents
    linked to another document of the run, concerned by a warning or error finding, or failed,
    and at most ``MAX_CARDS`` of those (failed first, then findings, then links); at most
    ``MAX_FINDINGS_PER_KIND`` findings of a kind and ``MAX_TREE_NODES`` nodes of the tree are
    shown: a report of ten thousand cards is neither readable nor small.
    """
    groups = document_groups(docs) if groups is None else groups
    linked = {d.stem: d for d in links.documents}
    by_kind: dict[str, list[Finding]] = {}
    for f in findings:
        by_kind.setdefault(f.kind, []).append(f)
    order = [k for k in KIND_ORDER if k in by_kind] + [k for k in by_kind if k not in KIND_TITLES]
    kinds = [
        (
            k,
            KIND_TITLES.get(k, k),
            by_kind[k][:MAX_FINDINGS_PER_KIND],
            len(by_kind[k]) - MAX_FINDINGS_PER_KIND,
        )
        for k in order
    ]
    failures = {s: d for s, d in sorted(docs.items()) if d.errors}
    resolved = sum(1 for link in links.links if link.parent)
    severity = Counter(f.severity for f in findings)
    summary = {
        "documents": len(docs),
        "failed": len(failures),
        "groups": len(set(groups.values())),
        "links": len(links.links),
        "resolved": resolved,
        "unresolved": len(links.links) - resolved,
        "findings": len(findings),
        "warnings": severity.get("warning", 0) + severity.get("error", 0),
        "info": severity.get("info", 0),
        "targets": sum(len(d.targets) for d in docs.values()),
        "deadlines": sum(len(d.deadlines) for d in docs.values()),
        "bodies": sum(len(d.bodies) for d in docs.values()),
    }
    # Indexed once: a card per document must not scan every link and finding (large runs).
    as_child: dict[str, list[Link]] = {}
    as_parent: dict[str, list[Link]] = {}
    for link in links.links:
        as_child.setdefault(link.child, []).append(link)
        if link.parent:
            as_parent.setdefault(link.parent, []).append(link)
    about: dict[str, list[Finding]] = {}
    for f in findings:
        for stem in {f.child, f.parent} - {None}:
            about.setdefault(str(stem), []).append(f)

    def priority(stem: str) -> int:
        """0 failed, 1 a finding to review, 2 linked inside the run, 3 none of these."""
        if docs[stem].errors:
            return 0
        if any(f.severity != "info" for f in about.get(stem, [])):
            return 1
        if stem in as_parent or any(link.parent for link in as_child.get(stem, [])):
            return 2
        return 3

    chosen = sorted(docs) if len(docs) <= MAX_ALL_CARDS else [s for s in sorted(docs) if priority(s) < 3]
    if len(chosen) > MAX_CARDS:
        chosen = sorted(sorted(chosen, key=priority)[:MAX_CARDS])
    get = full or docs.__getitem__

    def cards() -> Iterator[dict[str, object]]:
        # One card's whole document at a time: a large run's documents are read as they are shown.
        for stem in chosen:
            doc = get(stem)
            yield {
                "stem": stem,
                "doc": doc,
                "linked": linked.get(stem),
                "group": groups.get(stem, stem),
                "secondary": is_secondary(doc),
                "parents": as_child.get(stem, []),
                "children": as_parent.get(stem, []),
                "findings": about.get(stem, []),
            }

    tree, hidden_nodes = link_tree_within(docs, links, MAX_TREE_NODES)
    template = _environment().get_template("report.html.j2")
    yield from template.generate(
        summary=summary,
        tree=tree,
        hidden_nodes=hidden_nodes,
        cards=cards(),
        kinds=kinds,
        failures=failures,
        run=run,
        hidden_cards=len(docs) - len(chosen),
        max_cards=MAX_CARDS,
    )
