"""The hierarchy in every tree format: plain guides, Rich, nested JSON, flat rows, DOT, Mermaid."""

from __future__ import annotations

from typing import Any

from aseanct.models import Body, Programme, Record, span
from aseanct.queries import Node, year_or_none
from aseanct.render import tabular

UNICODE_GUIDES = ("├── ", "└── ", "│   ", "    ")
ASCII_GUIDES = ("|-- ", "`-- ", "|   ", "    ")

ROW_FIELDS = ("id", "acronym", "name", "type", "kind", "parent", "depth", "start", "end")
"""Columns of `tree` in JSON lines, CSV and TSV: one row per node, parents before children."""


def years(record: Record) -> str:
    """`est. 1997` for a body, `2003-2006` or `dates unknown` for a programme, else empty."""
    if isinstance(record, Body) and record.established is not None:
        return f"est. {record.established.year}"
    if isinstance(record, Programme):
        if record.start is None and record.end is None:
            return "dates unknown"
        start = str(record.start.year) if record.start else "?"
        end = str(record.end.year) if record.end else "?"
        return f"{start}-{end}"
    return ""


def label(node: Node) -> str:
    """`AMMTC: ASEAN Ministerial Meeting on Transnational Crime (est. 1997)`."""
    record = node.record
    text = f"{record.acronym}: {record.name}" if record.acronym else record.name
    when = years(record)
    if when:
        text += f" ({when})"
    if node.more:
        text += f" [+{node.more}]"
    return text


def render_text(roots: list[Node], *, ascii_guides: bool = False) -> str:
    """Plain indented trees with box-drawing (or ASCII) guides; a blank line between roots."""
    branch, last, pipe, space = ASCII_GUIDES if ascii_guides else UNICODE_GUIDES
    lines: list[str] = []

    def walk(node: Node, prefix: str) -> None:
        for index, child in enumerate(node.children):
            is_last = index == len(node.children) - 1
            lines.append(prefix + (last if is_last else branch) + label(child))
            walk(child, prefix + (space if is_last else pipe))

    for position, root in enumerate(roots):
        if position:
            lines.append("")
        lines.append(label(root))
        walk(root, "")
    return "".join(line + "\n" for line in lines)


def render_rich(roots: list[Node]) -> Any:
    """Rich trees for a terminal: acronym in bold cyan, dates dimmed."""
    from rich.console import Group
    from rich.text import Text
    from rich.tree import Tree

    def styled(node: Node) -> Text:
        record = node.record
        text = Text()
        if record.acronym:
            text.append(record.acronym, style="bold cyan")
            text.append("  ")
        text.append(record.name)
        when = years(record)
        if when:
            text.append(f"  {when}", style="dim")
        if node.more:
            text.append(f"  [+{node.more}]", style="dim")
        return text

    def grow(tree: Any, node: Node) -> None:
        for child in node.children:
            grow(tree.add(styled(child)), child)

    trees = []
    for root in roots:
        tree = Tree(styled(root), guide_style="dim")
        grow(tree, root)
        trees.append(tree)
    parts: list[Any] = []
    for index, tree in enumerate(trees):
        if index:
            parts.append(Text(""))
        parts.append(tree)
    return Group(*parts)


def node_json(node: Node) -> dict[str, Any]:
    """A node and its shown children as nested JSON."""
    record = node.record
    out: dict[str, Any] = {
        "id": record.id,
        "acronym": record.acronym,
        "name": record.name,
        "type": record.type,
        "kind": record.kind,
        "start": _start(record),
        "end": _end(record),
        "children": [node_json(child) for child in node.children],
    }
    if node.more:
        out["more"] = node.more
    return out


def _start(record: Record) -> int | None:
    return year_or_none(span(record)[0])


def _end(record: Record) -> int | None:
    return year_or_none(span(record)[1])


def flat_rows(roots: list[Node]) -> list[dict[str, Any]]:
    """Every shown node as a row, parents before children."""
    rows: list[dict[str, Any]] = []

    def walk(node: Node, parent: str | None, depth: int) -> None:
        record = node.record
        rows.append(
            {
                "id": record.id,
                "acronym": record.acronym,
                "name": record.name,
                "type": record.type,
                "kind": record.kind,
                "parent": parent,
                "depth": depth,
                "start": _start(record),
                "end": _end(record),
            }
        )
        for child in node.children:
            walk(child, record.id, depth + 1)

    for root in roots:
        walk(root, None, 0)
    return rows


def render_rows(roots: list[Node], fmt: str, *, headers: bool = True) -> str:
    """The nodes as JSON lines, CSV or TSV."""
    return tabular.rows(flat_rows(roots), ROW_FIELDS, fmt, headers=headers)


def render_json(roots: list[Node]) -> str:
    """A JSON array of root nodes, each nested with its children."""
    return tabular.json_document([node_json(root) for root in roots])


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def graph(roots: list[Node]) -> tuple[list[Record], list[tuple[Record, Record]]]:
    """The shown nodes, each once in the order first reached, and every parent-child edge:
    what the graph languages draw."""
    nodes: dict[str, Record] = {}
    edges: list[tuple[Record, Record]] = []

    def walk(node: Node) -> None:
        nodes.setdefault(node.record.id, node.record)
        for child in node.children:
            edges.append((node.record, child.record))
            walk(child)

    for root in roots:
        walk(root)
    return list(nodes.values()), edges


def render_dot(roots: list[Node]) -> str:
    """A Graphviz digraph: one box per node, an edge from each parent to each child."""
    lines = ["digraph aseanct {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];']
    nodes, edges = graph(roots)
    for record in nodes:
        head = record.acronym or record.name
        rest = record.name if record.acronym else ""
        text = "\\n".join(_dot_text(t) for t in (head, rest, years(record)) if t)
        lines.append(f'  "{record.id}" [label="{text}"];')
    lines += [f'  "{parent.id}" -> "{child.id}";' for parent, child in edges]
    return "\n".join([*lines, "}"]) + "\n"


def _mermaid_id(record_id: str) -> str:
    return "n_" + record_id.replace("-", "_")


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;")


def render_mermaid(roots: list[Node]) -> str:
    """A Mermaid flowchart, top down, ready to paste into Markdown."""
    nodes, edges = graph(roots)
    lines = ["flowchart TD"]
    lines += [f'  {_mermaid_id(r.id)}["{_mermaid_text(label(Node(r, ())))}"]' for r in nodes]
    lines += [f"  {_mermaid_id(p.id)} --> {_mermaid_id(c.id)}" for p, c in edges]
    return "\n".join(lines) + "\n"
