"""Commands that list records: search, list and parties."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from aseanct.choices import Choice
from aseanct.cli.options import EVERY, Run, argument, command, term_argument, typed_terms
from aseanct.errors import NotFound, UsageError
from aseanct.lean import exits

if TYPE_CHECKING:
    from aseanct.model.records import Record


COLLECTIONS = (
    "bodies", "programmes", "terms", "events", "countries", "laws", "posts", "assessments",
    "documents", "cases", "sources",
)  # fmt: skip
"""As `list` and `search` name them (the keys of aseanct.model.COLLECTIONS)."""
COLLECTION = Choice(COLLECTIONS, "COLLECTION")
TYPE_CHOICE = Choice(COLLECTIONS, "--type")


def _kind_option(example: str) -> object:
    help_text = f"Only records of this kind, or with it in their kind (e.g. {example})."
    return typer.Option("--kind", "-k", help=help_text, metavar="KIND")


def _country_option(help_text: str) -> object:
    return typer.Option("--country", "-c", help=help_text, metavar="COUNTRY", callback=typed_terms)


@command(
    shared=EVERY,
    epilog="Example: aseanct search senior officials  ·  aseanct search smuggling --type terms",
)
def search(
    query: Annotated[
        list[str],
        argument(
            "Words or a phrase; no quotes needed (aseanct search Bali Process).",
            "WORD",
            callback=typed_terms,
        ),
    ],
    run: Run,
    record_type: Annotated[
        str | None,
        TYPE_CHOICE.option(
            "--type",
            "-t",
            help=f"Only this collection: {COLLECTION.listed()}.",
            metavar="COLLECTION",
        ),
    ] = None,
    kind: Annotated[str | None, _kind_option("'ministerial meeting', 'meeting'")] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", min=1, help="At most this many results.", metavar="N"),
    ] = None,
) -> None:
    """Search every text of the records (names, aliases, acronyms, descriptions, facts, notes,
    legal bases, holders, law numbers); best matches first.

    Ranked: an exact acronym or id, then a full name, then a phrase in a name, then a phrase
    anywhere, then all the words anywhere; at equal rank, the shortest matched text first, then
    by collection, then in file order. A full name finds its acronym. Case, hyphens,
    punctuation and British or American spelling do not matter; a misspelt word is read as
    the closest word the data uses, and a hint on stderr says so.
    """
    from aseanct.lean.terms import shown
    from aseanct.model.records import COLLECTIONS
    from aseanct.queries import resolve_kind
    from aseanct.queries import search as run_search
    from aseanct.render.records import search_view

    registry = run.registry()
    wanted = COLLECTIONS[record_type] if record_type else None
    view = search_view(registry, wanted)
    run.list_fields(view)
    kind = resolve_kind(registry, kind, "--kind", wanted)
    words = " ".join(query)
    day = run.day if run.as_of else None
    hits = run_search(registry, words, record_type=wanted, kind=kind, limit=limit, day=day)
    if not hits:
        fixed = registry.resolver.respell(words, sources=wanted == "source")
        if fixed is not None:
            hits = run_search(registry, fixed, record_type=wanted, kind=kind, limit=limit, day=day)
            if hits:
                exits.say(
                    [f"hint: nothing matches {shown(words)}; showing matches for {fixed!r} instead"]
                )
    if not hits:
        raise NotFound(f"nothing matches {shown(words)}", hint="try fewer words, or `aseanct list`")
    run.emit(view, hits)
    _say_undated([hit.record for hit in hits], run)


def _say_undated(records: list[Record], run: Run) -> None:
    """With --as-of: say how many of the records listed have no known start."""
    if run.as_of is None:
        return
    from aseanct.model.derive import span

    undated = [r.id for r in records if r.type != "source" and not span(r)[0]]
    if undated:
        shown = ", ".join(undated[:3]) + (", ..." if len(undated) > 3 else "")
        hint = f"{len(undated)} of these have no known start date ({shown})"
        exits.say([f"hint: {hint}: kept, as nothing shows they came later"])


@command(
    name="list",
    shared=EVERY,
    epilog="Example: aseanct list bodies --pillar ASCC  ·  aseanct list -f csv > records.csv"
    "  ·  aseanct list bodies --country cambodia",
)
def list_(
    run: Run,
    collection: Annotated[
        str | None,
        COLLECTION.argument(
            help=f"{COLLECTION.listed().capitalize()} (default: all but sources).",
            metavar="COLLECTION",
        ),
    ] = None,
    pillar: Annotated[
        str | None,
        typer.Option(
            "--pillar",
            "-p",
            help="Only bodies of this pillar (APSC, ASCC, AEC).",
            metavar="PILLAR",
            callback=typed_terms,
        ),
    ] = None,
    country: Annotated[
        str | None, _country_option("Only the records of this country (a name or id).")
    ] = None,
    kind: Annotated[str | None, _kind_option("'commission', 'meeting'")] = None,
) -> None:
    """List records, one per line, in file order (with no COLLECTION, each collection in turn,
    bodies first). An empty result is not an error.

    With --as-of, only the records that had come into being by that day (a record with no
    known start is taken to have been there).
    """
    from aseanct.model.records import COLLECTIONS
    from aseanct.queries import filter_records, resolve_choice, resolve_kind
    from aseanct.render.records import listing_view

    registry = run.registry()
    wanted = COLLECTIONS[collection] if collection else None
    found = filter_records(
        registry,
        wanted,
        pillar=resolve_choice(registry, pillar, "--pillar", kind="community pillar"),
        country=resolve_choice(registry, country, "--country", record_type="country"),
        kind=resolve_kind(registry, kind, "--kind", wanted),
        day=run.day if run.as_of else None,
    )
    if collection is None:
        found = [r for r in found if r.type != "source"]
    view = listing_view(registry, wanted)
    run.list_fields(view)
    if not found:
        exits.say(["hint: no records match"])
    run.emit(view, found)
    _say_undated(found, run)


@command(
    shared=EVERY,
    epilog="Example: aseanct parties ACTIP  ·  aseanct parties --country malaysia"
    "  ·  aseanct parties actip --fields name,status,action,date",
)
def parties(
    run: Run,
    instrument: Annotated[
        str | None,
        term_argument("An instrument with a table of parties (ACTIP, UNTOC...).", "INSTRUMENT"),
    ] = None,
    country: Annotated[
        str | None, _country_option("Instead: every instrument and this state's standing under it.")
    ] = None,
) -> None:
    """Print who is bound by an instrument, since when: each state's status (party, signatory
    only, not a party, no record), the treaty action that made it so in the depositary's words
    and dates, entry into force, and its domestic steps apart.

    A step the sources state without a date says `unknown`; a state no source covers says
    `no record`: nothing is guessed. Read --as-of a past day, a step without a date counts
    from the earliest source that reports it; before that the status is `unknown`.
    """
    from aseanct import treaties
    from aseanct.queries import resolve, resolve_choice
    from aseanct.render.parties import parties_view

    registry = run.registry()
    if (instrument is None) == (country is None):
        raise UsageError("give an INSTRUMENT, or --country COUNTRY (not both)")
    if country is not None:
        state = resolve_choice(registry, country, "--country", record_type="country")
        assert state is not None
        rows = treaties.of_state(registry, state, run.day)
    else:
        rows = treaties.parties(registry, resolve(registry, instrument or ""), run.day)
    run.emit(parties_view(registry, by_country=country is not None), rows)
