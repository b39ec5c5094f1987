"""The output pipeline: each family declares a View (what), and `emit` draws it (how)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import field
from typing import Any, Generic, NoReturn, TypeVar

from aseanct.errors import UsageError
from aseanct.formats import ROW_FORMATS, Format
from aseanct.lean import tabular
from aseanct.model.statements import shape

T = TypeVar("T")

FIELD_ALIASES = {"start": "start_date", "end": "end_date"}
"""Short names `--fields` accepts (`end` is a jq keyword, so no JSON key is called that)."""


@shape  # frozen for the type checker only, as the record shapes (a third of its import)
class View(Generic[T]):
    """What one output family shows, independent of the format."""

    name: str
    """The command it serves, for messages."""
    all_fields: tuple[str, ...] | Callable[[], tuple[str, ...]]
    """The fields `--fields` may choose, in order (a callable when only `--fields` needs them)."""
    row: Callable[[T], dict[str, Any]]
    """The JSON object of one item; links are objects that carry names."""
    text: Callable[[Sequence[T]], str]
    columns: tuple[str, ...] = ()
    """The CSV/TSV columns when `--fields` is not given, if not every field."""
    extra: Callable[[T], dict[str, Any]] | None = None
    """Computed fields a table or `--fields` may add to an item's row."""
    rich: Callable[[Sequence[T], int], Any] | None = None
    document: Callable[[Sequence[T], Sequence[str] | None], Any] | None = None
    """The JSON value when it is not an array of rows; such a view's text is its own layout."""
    whole_jsonl: bool = False
    """JSON lines carry the document on one line, not one row per line."""
    drawings: Mapping[Format, Callable[[Sequence[T]], str]] = field(default_factory=dict)
    """The formats only this view draws (markdown, dot, mermaid, svg, bibtex...)."""

    @property
    def fields(self) -> tuple[str, ...]:
        return self.all_fields if isinstance(self.all_fields, tuple) else self.all_fields()

    @property
    def formats(self) -> tuple[Format, ...]:
        return (*ROW_FORMATS, *self.drawings)

    def full(self, item: T) -> dict[str, Any]:
        """An item's row with its computed fields."""
        row = self.row(item)
        return {**row, **self.extra(item)} if self.extra is not None else row


def select_fields(view: View[Any], spec: str | None) -> tuple[str, ...] | None:
    """The fields `--fields a,b,c` names, in that order; None when not given."""
    if spec is None:
        return None
    names = [FIELD_ALIASES.get(n.strip(), n.strip()) for n in spec.split(",") if n.strip()]
    fields = view.fields
    hint = f"valid fields: {', '.join(fields)}"
    if not names:
        raise UsageError("--fields needs at least one field", hint=hint)
    unknown = [n for n in names if n not in fields]
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], fields, n=1)
        guess = f" (did you mean {close[0]!r}?)" if close else ""
        raise UsageError(f"unknown field {unknown[0]!r} for {view.name}{guess}", hint=hint)
    return tuple(dict.fromkeys(names))


def pick(row: Mapping[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """The chosen fields of a row, in order (a field an item lacks is null). A chosen
    `sources` holds the sources of everything the row shows, not only the item's own."""
    out = {name: row.get(name) for name in fields}
    own = out.get("sources")
    if isinstance(own, list):
        found = [s for name in fields for s in _sources_of(row, name)]
        out["sources"] = list(dict.fromkeys([*own, *found]))
    return out


def _sources_of(row: Mapping[str, Any], name: str) -> list[str]:
    """`<field>_sources` (`budget_sources` for `budget_amount`), else what its objects carry."""
    base = name.rsplit("_", 1)[0]
    for key in (f"{name}_sources", f"{base}_sources", f"{base}_date_sources"):
        if key in row:
            return list(row[key] or ())
    value = row.get(name)
    objects = value if isinstance(value, list) else [value]
    return [s for o in objects if isinstance(o, dict) for s in o.get("sources") or ()]


def emit(
    view: View[T],
    items: Sequence[T],
    fmt: Format,
    *,
    fields: Sequence[str] | None = None,
    headers: bool = True,
    styled: bool = False,
    width: int = 80,
) -> Any:
    """Draw `items` through `view` in `fmt`: a string, or a Rich renderable when `styled`."""
    if fmt not in view.formats:
        choices = ", ".join(f.value for f in view.formats)
        raise UsageError(f"{view.name} cannot write {fmt.value}; choose one of: {choices}")
    match fmt:
        case Format.text:
            return _text(view, items, fields, styled, width)
        case Format.json:
            if view.document is not None:
                return tabular.json_document(view.document(items, fields))
            return tabular.json_document([_json_row(view, i, fields) for i in items])
        case Format.jsonl:
            if view.document is not None and view.whole_jsonl:
                return tabular.jsonl_line(view.document(items, fields))
            return "".join(tabular.jsonl_line(_json_row(view, i, fields)) for i in items)
        case Format.csv | Format.tsv:
            columns = tuple(fields or view.columns or view.fields)
            write = tabular.row_writer(fmt.value)
            head = write(columns) if headers else ""
            rows = (pick(view.full(i), columns) for i in items)
            return head + "".join(write(row.values()) for row in rows)
        case (
            Format.markdown
            | Format.dot
            | Format.mermaid
            | Format.svg
            | Format.bibtex
            | Format.biblatex
            | Format.ris
            | Format.csl_json
        ):
            return view.drawings[fmt](items)
        case _:
            assert_never(fmt)


def _text(
    view: View[T], items: Sequence[T], fields: Sequence[str] | None, styled: bool, width: int
) -> Any:
    if fields:
        if view.document is not None:
            raise UsageError(
                f"--fields chooses columns of {view.name}'s json, jsonl, csv and tsv "
                "output, not of its text"
            )
        rows = (pick(view.full(i), fields) for i in items)
        return tabular.plain_table([[tabular.cell(v) for v in row.values()] for row in rows])
    if styled and view.rich is not None and items:
        return view.rich(items, width)
    return view.text(items)


def assert_never(value: NoReturn) -> NoReturn:
    """Exhaustiveness: mypy fails here if a format reaches the end of the match unhandled."""
    raise AssertionError(f"unhandled format {value!r}")


def emit_each(
    view: View[T], items: Iterable[T], fmt: Format, *, headers: bool = True, **options: Any
) -> Iterator[Any]:
    """Draw items one by one as they come (`show -`); JSON, one document, when all have come."""
    if fmt is Format.json:
        yield emit(view, list(items), fmt, headers=headers, **options)
        return
    for index, item in enumerate(items):
        if index and fmt is Format.text:
            yield "\n"
        yield emit(view, [item], fmt, headers=headers and not index, **options)


def _json_row(view: View[T], item: T, fields: Sequence[str] | None) -> dict[str, Any]:
    return pick(view.full(item), fields) if fields else view.row(item)
