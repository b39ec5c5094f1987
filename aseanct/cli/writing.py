"""The writers' tools: glossary, annotate and cite."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from aseanct.cli.options import Run, argument, command, listed, stdin_records, term_argument
from aseanct.errors import EXIT_NOT_FOUND, Ambiguous, NotFound, UsageError
from aseanct.formats import CITE_FORMATS, GLOSSARY_FORMATS
from aseanct.lean import exits

InputArgument = Annotated[str, argument("A UTF-8 text file, or `-` for stdin.", "FILE|-")]
MarkdownOption = Annotated[
    bool,
    typer.Option(
        "--markdown",
        help="Read the text as Markdown from its first line (default for *.md files, and for "
        "any text from its first line that only Markdown writes).",
    ),
]
PlainOption = Annotated[
    bool,
    typer.Option(
        "--plain", help="Read the text as plain prose: only URLs and e-mail addresses are kept."
    ),
]
OnlyOption = Annotated[
    str | None,
    typer.Option("--only", help="Only these acronyms, comma-separated.", metavar="ACRONYM,..."),
]
SkipOption = Annotated[
    str | None,
    typer.Option(
        "--skip", help="Leave these acronyms out, comma-separated.", metavar="ACRONYM,..."
    ),
]


def reading(markdown: bool, plain: bool) -> str:
    """How to read the text: auto, markdown or plain."""
    if markdown and plain:
        raise UsageError("--markdown and --plain cannot both be given")
    return "markdown" if markdown else "plain" if plain else "auto"


@command(
    shared=("fmt", "fields", "no_headers", "data_dir", "no_cache"),
    formats=GLOSSARY_FORMATS,
    epilog="Example: aseanct glossary report.md --format markdown"
    "  ·  aseanct glossary - < notes.txt",
)
def glossary(
    run: Run,
    source: InputArgument = "-",
    unknown: Annotated[
        bool, typer.Option("--unknown", "-u", help="List unknown all-caps words on stderr.")
    ] = False,
    only: OnlyOption = None,
    skip: SkipOption = None,
    markdown: MarkdownOption = False,
    plain: PlainOption = False,
) -> None:
    """List every known acronym a text uses, in order of first use, with its full name.

    Matching is case-sensitive and whole-word; hyphenated acronyms match whole and the longest
    wins. An ambiguous acronym is listed with every meaning. Only prose counts: code, URLs,
    link targets and HTML tags are not read. An acronym the text defines in its own words
    ("the act of trafficking (ACT)") is listed with that definition, marked as the author's;
    one with a well-known meaning outside this field is flagged.
    """
    from aseanct.lean.writing import glossary_of
    from aseanct.render.glossary import glossary_view, meanings

    view = glossary_view()
    run.list_fields(view)
    entries, unknown_words, warnings = glossary_of(
        source,
        index=run.store().resolver(),
        stdin=getattr(sys.stdin, "buffer", None),
        mode=reading(markdown, plain),
        only=listed(only),
        skip=listed(skip) or (),
    )
    exits.say(warnings)
    if unknown:
        exits.say(
            [
                f"hint: unknown all-caps word {word} (first at line {first}, {times}x)"
                for word, (first, times) in sorted(unknown_words.items(), key=lambda kv: kv[1][0])
            ]
        )
    run.emit(view, meanings(entries))


@command(
    shared=("data_dir", "no_cache"),
    epilog="Example: aseanct annotate < draft.txt > out.txt"
    "  ·  aseanct annotate briefing.md --explain  ·  aseanct annotate notes.txt --expand ACT",
)
def annotate(
    run: Run,
    source: InputArgument = "-",
    only: OnlyOption = None,
    skip: SkipOption = None,
    expand: Annotated[
        str | None,
        typer.Option(
            "--expand",
            help="Spell these out even though they have a well-known meaning outside this "
            "field (ACT, APA), comma-separated.",
            metavar="ACRONYM,...",
        ),
    ] = None,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Say on stderr why each acronym left alone was left alone."),
    ] = False,
    markdown: MarkdownOption = False,
    plain: PlainOption = False,
) -> None:
    """Copy a text to stdout with each known acronym spelt out at first use: Full Name (ACR).

    Every other byte is unchanged. Only prose is rewritten: headings, code (fenced, indented,
    inline), URLs, link targets and HTML tags are left alone. An acronym the text already
    introduces, as "Full Name (ACR)", in its own words ("the act of trafficking (ACT)") or by
    a gloss in parentheses after words ("support office (RSO)"), is left alone, so running
    it twice changes nothing more. Ambiguous acronyms, and those with a well-known meaning
    outside this field (ACT: Australian Capital Territory), are named on stderr instead.
    """
    from aseanct.cli.program import stdout
    from aseanct.lean import writing

    messages = writing.annotate(
        source,
        index=run.store().resolver(),
        stdin=getattr(sys.stdin, "buffer", None),
        stdout=stdout(),
        mode=reading(markdown, plain),
        only=listed(only),
        skip=listed(skip) or (),
        expand=listed(expand) or (),
        explain=explain,
    )
    exits.say(messages)


@command(
    shared=("fmt", "fields", "no_headers", "data_dir", "no_cache"),
    formats=CITE_FORMATS,
    format_note="markdown: references with the style's italics",
    epilog='Example: aseanct cite ASEAN-ACT --style apa  ·  aseanct cite "HSU on People Smuggling"'
    " -f bibtex > hsu.bib  ·  aseanct cite asean-act --fact budget -f ris",
)
def cite(
    terms: Annotated[
        list[str],
        term_argument(
            "Records whose sources to cite (acronyms, names, ids; a source's id cites it); `-` "
            "reads them from stdin, one per line."
        ),
    ],
    run: Run,
    fact: Annotated[
        list[str] | None,
        typer.Option(
            "--fact",
            help="Only the sources of these statements of one TERM: numbers as `show TERM "
            "--sources` numbers them, or labels (budget, start...); repeat it or join with commas.",
            metavar="N|LABEL",
        ),
    ] = None,
    style: Annotated[
        str,
        typer.Option(
            "--style",
            help="The citation style of text and markdown: apa, chicago (author-date), "
            "harvard (Cite Them Right), or the path of a .csl file.",
            metavar="STYLE",
        ),
    ] = "apa",
) -> None:
    """Cite the sources behind records: references to paste (APA, Chicago, Harvard) or to
    import into a reference manager (BibTeX, biblatex, RIS, CSL-JSON).

    Each source is cited once, under its id as key (stable across runs). A source read on a
    copy is cited as the publisher's page, with the copy in the note. Of several terms, an
    unknown one is reported on stderr and the others are cited (exit 1), as `expand` does.
    """
    from aseanct.queries import resolve
    from aseanct.render.cite import cite_view, collect
    from aseanct.render.csl import style_file

    style_file(style)  # an unknown style is a usage error before any work
    view = cite_view(style)
    run.list_fields(view)
    if fact and (len(terms) != 1 or terms == ["-"]):
        raise UsageError("--fact cites statements of one record: give exactly one TERM")
    registry = run.registry()
    missing: list[int] = []
    records = []
    for term in terms:
        if term == "-":
            records += list(stdin_records(registry, missing))
            continue
        try:
            records.append(resolve(registry, term))
        except (NotFound, Ambiguous) as error:
            if len(terms) == 1:  # one term: its error is the answer
                raise
            exits.say(error.lines())  # the others are still cited; the exit code is 1
            missing.append(0)
    run.emit(view, collect(registry, records, fact))
    if missing:
        raise typer.Exit(EXIT_NOT_FOUND)
