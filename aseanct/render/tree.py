"""The hierarchy in every tree format: text, Rich, nested JSON, rows, DOT, Mermaid and SVG."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from aseanct.errors import ToolError
from aseanct.formats import Format
from aseanct.hierarchy import Node
from aseanct.model.dates import year_or_none
from aseanct.model.derive import span, tree_relation
from aseanct.model.derive import years as derived_years
from aseanct.model.records import Body, Programme, Record
from aseanct.model.registry import Registry
from aseanct.render.output import View, pick

UNICODE_GUIDES = ("├── ", "└── ", "│   ", "    ")
ASCII_GUIDES = ("|-- ", "`-- ", "|   ", "    ")

NODE_FIELDS = ("id", "acronym", "name", "type", "kind", "relation", "start_year", "end_year")
"""Keys of each node of `tree --format json`, before its `children` (and `more`)."""
ROW_FIELDS = (*NODE_FIELDS[:6], "parent", "parent_id", "depth", "start_year", "end_year")
"""Columns of `tree` in JSON lines, CSV and TSV: one row per node, parents before children."""


class Placed(NamedTuple):
    """A node where the tree shows it: under which record, how deep."""

    node: Node
    parent: Record | None
    depth: int


def years(record: Record) -> str:
    """`est. 1997` for a body, `2003-2006` or `dates unknown` for a programme, else empty."""
    start, end = derived_years(record)
    if isinstance(record, Body) and start is not None:
        return f"est. {start}"
    if isinstance(record, Programme):
        unknown = start is None and end is None
        return "dates unknown" if unknown else f"{start or '?'}-{end or '?'}"
    return ""


def label(node: Node) -> str:
    """`AMMTC: ASEAN Ministerial Meeting on Transnational Crime (est. 1997)`."""
    text = node.record.heading
    when = years(node.record)
    if when:
        text += f" ({when})"
    if node.more:
        text += f" [+{node.more}]"
    return text


def render_text(roots: Sequence[Node], *, ascii_guides: bool = False) -> str:
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


def render_rich(roots: Sequence[Node]) -> Any:
    """Rich trees for a terminal: acronym in bold cyan, dates dimmed."""
    from rich.console import Group
    from rich.text import Text
    from rich.tree import Tree

    def styled(node: Node) -> Text:
        record = node.record
        acronym, when, more = record.acronym or "", years(record), node.more
        return Text.assemble(
            (acronym, "bold cyan"),
            "  " if acronym else "",
            record.name,
            (f"  {when}" if when else "", "dim"),
            (f"  [+{more}]" if more else "", "dim"),
        )

    def grow(tree: Any, node: Node) -> None:
        for child in node.children:
            grow(tree.add(styled(child)), child)

    parts: list[Any] = []
    for root in roots:
        tree = Tree(styled(root), guide_style="dim")
        grow(tree, root)
        parts += [Text(""), tree] if parts else [tree]
    return Group(*parts)


def node_json(node: Node, fields: Sequence[str] | None = None) -> dict[str, Any]:
    """A node and its shown children as nested JSON; `children` stays whatever `fields` says."""
    out = pick(_node_values(node.record), fields or NODE_FIELDS)
    out["children"] = [node_json(child, fields) for child in node.children]
    if node.more:
        out["more"] = node.more
    return out


def _node_values(record: Record) -> dict[str, Any]:
    start, end = span(record)
    return {
        "id": record.id,
        "acronym": record.acronym,
        "name": record.name,
        "type": record.type,
        "kind": record.kind,
        "relation": tree_relation(record) or None,
        "start_year": year_or_none(start),
        "end_year": year_or_none(end),
    }


def placed(roots: Sequence[Node]) -> list[Placed]:
    """Every shown node with its parent and depth, parents before children."""
    out: list[Placed] = []

    def walk(node: Node, parent: Record | None, depth: int) -> None:
        out.append(Placed(node, parent, depth))
        for child in node.children:
            walk(child, node.record, depth + 1)

    for root in roots:
        walk(root, None, 0)
    return out


def flat_row(registry: Registry, item: Placed) -> dict[str, Any]:
    """A node as a row: who it is, under whom (a named link) and how deep."""
    from aseanct.model.shapes import link_object

    values = _node_values(item.node.record)
    parent = item.parent
    link = link_object(registry.names, parent.id, values["relation"] or "") if parent else None
    extra = {"parent": link, "parent_id": parent.id if parent else None, "depth": item.depth}
    return pick({**values, **extra}, ROW_FIELDS)


def _roots(items: Sequence[Placed]) -> list[Node]:
    return [item.node for item in items if item.depth == 0]


def tree_view(
    registry: Registry, *, ascii_guides: bool = False, rankdir: str = "TB"
) -> View[Placed]:
    """`tree`: a node per row, or nested in text, Rich, JSON and the graph languages."""
    return View(
        name="tree",
        all_fields=ROW_FIELDS,
        row=lambda item: flat_row(registry, item),
        text=lambda items: render_text(_roots(items), ascii_guides=ascii_guides),
        rich=None if ascii_guides else (lambda items, width: render_rich(_roots(items))),
        document=lambda items, fields: [node_json(root, fields) for root in _roots(items)],
        drawings={
            Format.dot: lambda items: render_dot(_roots(items), rankdir=rankdir),
            Format.mermaid: lambda items: render_mermaid(_roots(items)),
            Format.svg: lambda items: dot_svg(render_dot(_roots(items), rankdir=rankdir)),
        },
    )


def graph(roots: Sequence[Node]) -> tuple[list[Record], list[tuple[Record, Record]]]:
    """The shown nodes, each once in the order first reached, and every parent-child edge."""
    shown = placed(roots)
    nodes = {p.node.record.id: p.node.record for p in shown}
    return list(nodes.values()), [(p.parent, p.node.record) for p in shown if p.parent]


SLIDE_INCHES = "13.333,7.5"
"""A 16:9 slide (1280x720 pixels at 96 dpi): a larger drawing is scaled down to fit it."""
WRAP = 24
"""Characters per line of a name in a box: narrow boxes keep a top-down tree near 16:9."""
FAN = 5
"""A parent with this many leaves spreads them over STAGGER ranks (as `unflatten -l`): no strip."""
STAGGER = 3

DOT_HEAD = (
    '  node [shape=box, style="rounded,filled", fillcolor="#f4f6fa", color="#5a6b85", '
    'fontname="Helvetica", fontsize=14, margin="0.12,0.06"];',
    '  edge [color="#5a6b85", arrowsize=0.7];',
)


def render_dot(roots: Sequence[Node], *, rankdir: str = "TB") -> str:
    """A Graphviz digraph sized for a slide. One tree is packed tighter (`ratio=compress`);
    several are laid out apart and packed (`pack`), as compress would set them in one row."""
    nodes, edges = graph(roots)
    layout = "ratio=compress" if len(roots) == 1 else "pack=true"
    lines = [
        "digraph aseanct {",
        f"  rankdir={rankdir};",
        f'  size="{SLIDE_INCHES}";',
        f"  {layout};",
        *DOT_HEAD,
    ]
    more = {p.node.record.id: p.node.more for p in placed(roots) if p.node.more}
    lines += [f'  "{r.id}" [label=<{_html_label(r, more.get(r.id, 0))}>];' for r in nodes]
    spread = _staggered(edges)
    for parent, child in edges:
        minlen = spread.get((parent.id, child.id), 1)
        attributes = f" [minlen={minlen}]" if minlen > 1 else ""
        lines.append(f'  "{parent.id}" -> "{child.id}"{attributes};')
    return "\n".join([*lines, "}"]) + "\n"


def _html_label(record: Record, more: int) -> str:
    """`<B>ACR</B><BR/>name, wrapped<BR/><FONT ...>years</FONT>`, a Graphviz HTML-like label."""
    import textwrap

    from aseanct.render.markup import xml_text

    name = textwrap.wrap(record.name, WRAP, break_long_words=False) or [record.name]
    head, rest = (record.acronym, name) if record.acronym else (name[0], name[1:])
    parts = [f"<B>{xml_text(head)}</B>", *(xml_text(line) for line in rest)]
    notes = [years(record), f"+{more} more below" if more else ""]
    parts += [f'<FONT POINT-SIZE="11" COLOR="#555555">{xml_text(n)}</FONT>' for n in notes if n]
    return "<BR/>".join(parts)


def _staggered(edges: list[tuple[Record, Record]]) -> dict[tuple[str, str], int]:
    """The edge lengths (in ranks) that spread each wide fan of leaves over STAGGER ranks."""
    parents = {parent.id for parent, _child in edges}
    leaves: dict[str, list[str]] = {}
    for parent, child in edges:
        if child.id not in parents:
            leaves.setdefault(parent.id, []).append(child.id)
    return {
        (parent, child): 1 + index % STAGGER
        for parent, children in leaves.items()
        if len(children) >= FAN
        for index, child in enumerate(children)
    }


def _mermaid_id(record_id: str) -> str:
    return "n_" + record_id.replace("-", "_")


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;")


def render_mermaid(roots: Sequence[Node]) -> str:
    """A Mermaid flowchart, top down, ready to paste into Markdown."""
    nodes, edges = graph(roots)
    lines = ["flowchart TD"]
    lines += [f'  {_mermaid_id(r.id)}["{_mermaid_text(label(Node(r, ())))}"]' for r in nodes]
    lines += [f"  {_mermaid_id(p.id)} --> {_mermaid_id(c.id)}" for p, c in edges]
    return "\n".join(lines) + "\n"


DOT_TIMEOUT = 60.0
"""Seconds `dot` may take; the trees aseanct draws lay out in well under one."""

INSTALL_HINT = (
    "install Graphviz (apt install graphviz, brew install graphviz, "
    "https://graphviz.org/download/) or use -f dot"
)

DETAIL_LINES = 10
"""At most this many lines of what `dot` wrote to stderr are passed on."""


def dot_svg(source: str, *, timeout: float = DOT_TIMEOUT) -> str:
    """The SVG `dot -Tsvg` draws from `source`: the one place aseanct starts another program."""
    import shutil
    import subprocess

    from aseanct.lean.terms import sanitize

    program = shutil.which("dot")
    if program is None:
        raise ToolError(
            "tree -f svg needs Graphviz's dot program, which is not on PATH", hint=INSTALL_HINT
        )
    try:
        done = subprocess.run(
            [program, "-Tsvg"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ToolError(
            f"Graphviz's dot ({sanitize(program)}) took longer than {timeout:g} seconds; stopped",
            hint="use -f dot and run dot yourself",
        ) from None
    except OSError as error:
        raise ToolError(
            f"Graphviz's dot ({sanitize(program)}) could not be run: "
            f"{sanitize(error.strerror or str(error))}",
            hint=INSTALL_HINT,
        ) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", errors="replace").splitlines()
        details = [f"dot: {sanitize(line.strip())}" for line in said if line.strip()]
        if len(details) > DETAIL_LINES:
            details = [*details[:DETAIL_LINES], f"dot: ... ({len(details) - DETAIL_LINES} more)"]
        how = (
            f"was stopped by signal {-done.returncode}"
            if done.returncode < 0
            else f"failed with exit code {done.returncode}"
        )
        raise ToolError(
            f"Graphviz's dot ({sanitize(program)}) {how}",
            details=details,
            hint="use -f dot to see the graph aseanct wrote; a broken Graphviz install "
            "can be checked with `dot -V`",
        )
    return done.stdout.decode("utf-8", errors="replace")
