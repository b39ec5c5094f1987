"""`cite`: sources as references to paste or to import, and the statements `--fact` chooses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from aseanct import citations
from aseanct.errors import UsageError
from aseanct.formats import Format
from aseanct.lean.tabular import json_document
from aseanct.model.records import Record, Source
from aseanct.model.registry import Registry
from aseanct.model.statements import RecordId
from aseanct.render.csl import formatted
from aseanct.render.output import View

FIELDS = (
    "key", "type", "genre", "title", "authors", "publisher", "container", "date", "url", "accessed",
    "copy", "archived", "language", "cited_for", "reference",
)  # fmt: skip
"""Keys of `cite --format json` rows and the columns `--fields` may choose."""
COLUMNS = ("key", "title", "publisher", "date", "url", "accessed", "reference")


@dataclass(frozen=True, slots=True, eq=False)
class Cited:
    """A source to cite, and the records (or statement) it is cited for."""

    source: Source
    cited_for: tuple[RecordId, ...]


def row(cited: Cited, reference: str) -> dict[str, Any]:
    item = citations.csl_item(cited.source)
    source = cited.source
    return {
        "key": source.id,
        "type": item["type"],
        "genre": item.get("genre"),
        "title": item["title"],
        "authors": list(source.authors),
        "publisher": source.publisher or None,
        "container": item.get("container-title"),
        "date": source.date or None,
        "url": source.url or None,
        "accessed": source.accessed,
        "copy": source.via or None,
        "archived": source.archived or None,
        "language": source.language or None,
        "cited_for": list(cited.cited_for),
        "reference": reference,
    }


def cite_view(style: str) -> View[Cited]:
    """`cite`: references in a style, reference files, and rows with their reference."""

    def sources_of(items: Sequence[Cited]) -> list[Source]:
        return [c.source for c in items]

    def text(items: Sequence[Cited], markdown: bool = False) -> str:
        # Markdown runs lines with no blank line between them into one paragraph.
        lines = formatted(sources_of(items), style, markdown=markdown)
        return ("\n" if markdown else "").join(f"{line}\n" for line in lines)

    return View(
        name="cite",
        all_fields=FIELDS,
        columns=COLUMNS,
        row=lambda cited: row(cited, formatted([cited.source], style)[0]),
        text=text,
        drawings={
            Format.markdown: lambda items: text(items, markdown=True),
            Format.bibtex: lambda items: citations.reference_file(sources_of(items), "bibtex"),
            Format.biblatex: lambda items: citations.reference_file(sources_of(items), "biblatex"),
            Format.ris: lambda items: citations.reference_file(sources_of(items), "ris"),
            Format.csl_json: lambda items: json_document(
                [citations.csl_item(s) for s in sources_of(items)]
            ),
        },
    )


def chosen_statements(record: Record, sheet: Any, wanted: Sequence[str]) -> list[int]:
    """The numbers of the statements `--fact` names, by number or by label."""
    statements = sheet.statements()
    labels = [(line.label or "").casefold() for _section, line in statements]
    chosen: list[int] = []
    for part in (p.strip() for value in wanted for p in value.split(",")):
        if not part:
            continue
        if part.isdigit():
            number = int(part)
            if not 1 <= number <= len(statements):
                raise UsageError(
                    f"{record.id} has no statement {number}: its statements are numbered 1 to "
                    f"{len(statements)}",
                    hint=f"see them numbered with: aseanct show {record.id} --sources",
                )
            chosen.append(number)
            continue
        found = [n for n, label in enumerate(labels, 1) if label == part.casefold()]
        if not found:
            known = ", ".join(dict.fromkeys(label for label in labels if label))
            raise UsageError(
                f"{record.id} has no statement labelled {part!r}",
                hint=(
                    f"its labels: {known}; or give numbers, as `aseanct show {record.id} "
                    f"--sources` prints them"
                ),
            )
        chosen += found
    return list(dict.fromkeys(chosen))


def collect(
    registry: Registry, records: Iterable[Record], fact: Sequence[str] | None = None
) -> list[Cited]:
    """The sources behind `records`, each once, first cited first; with `fact`, those of the
    chosen statements of the one record."""
    import datetime

    from aseanct.render.sheet import build_sheet

    found: dict[RecordId, list[RecordId]] = {}
    for record in records:
        if isinstance(record, Source):
            if fact:
                raise UsageError(
                    f"{record.id} is a source: it has no numbered statements for --fact",
                    hint=f"cite it without --fact: aseanct cite {record.id}",
                )
            found.setdefault(record.id, []).append(record.id)
            continue
        sheet = build_sheet(registry, record, datetime.date.today())
        if not fact:
            cited = [s.id for s in sheet.sources]
        else:
            statements = sheet.statements()
            numbers = chosen_statements(record, sheet, fact)
            cited = list(dict.fromkeys(s for n in numbers for s in statements[n - 1][1].sources))
        for source_id in cited:
            found.setdefault(source_id, []).append(record.id)
    out = []
    for source_id, cited_for in found.items():
        source = registry.by_id.get(source_id)
        if isinstance(source, Source):
            out.append(Cited(source, tuple(dict.fromkeys(cited_for))))
    return out
