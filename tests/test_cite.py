"""`cite`: citations that reference managers and CSL processors read back, built from sources.

The formats are checked by independent readers: bibtexparser for BibTeX, a JSON schema for
CSL-JSON, the RIS tag grammar for RIS. Exact outputs come from tests/data/sample; the shipped
data is checked for what every citation must carry.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
from conftest import FIXTURES, invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from aseanct import citations
from aseanct.model.records import Source
from aseanct.model.registry import Registry
from aseanct.render import cite, csl

EXPECTED = Path(__file__).resolve().parent / "expected"
SAMPLE = str(FIXTURES / "sample")

CSL_TYPES = [
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "figure", "graphic", "hearing", "interview",
    "legal_case", "legislation", "manuscript", "map", "motion_picture", "musical_score",
    "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
]  # fmt: skip
"""The item types of CSL 1.0.2."""

DATE = {
    "type": "object",
    "properties": {
        "date-parts": {
            "type": "array",
            "minItems": 1,
            "maxItems": 1,
            "items": {
                "type": "array",
                "minItems": 1,
                "maxItems": 3,
                "items": {"type": "integer", "minimum": 1},
            },
        }
    },
    "required": ["date-parts"],
    "additionalProperties": False,
}
NAME = {
    "type": "object",
    "oneOf": [
        {"required": ["family", "given"], "not": {"required": ["literal"]}},
        {"required": ["literal"], "not": {"required": ["family"]}},
    ],
    "properties": {
        "family": {"type": "string", "minLength": 1},
        "given": {"type": "string", "minLength": 1},
        "literal": {"type": "string", "minLength": 1},
    },
    "additionalProperties": False,
}
CSL_JSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "type", "title", "accessed"],
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
            "type": {"enum": CSL_TYPES},
            "genre": {"type": "string", "minLength": 1},
            "title": {"type": "string", "minLength": 1},
            "author": {"type": "array", "minItems": 1, "items": NAME},
            "container-title": {"type": "string", "minLength": 1},
            "publisher": {"type": "string", "minLength": 1},
            "issued": DATE,
            "accessed": DATE,
            "URL": {"type": "string", "pattern": "^https?://"},
            "language": {"type": "string", "pattern": "^[a-z]{2,3}$"},
            "note": {"type": "string", "minLength": 1},
        },
        "additionalProperties": False,
    },
}
"""CSL-JSON as aseanct writes it: the CSL data model's item types, names and dates, and only
the variables aseanct uses (a misspelt variable fails `additionalProperties`)."""


def golden(name: str, actual: str, request: pytest.FixtureRequest) -> None:
    path = EXPECTED / name
    if request.config.getoption("--update-golden"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def sample_sources(sample: Registry) -> list[Source]:
    return [s for s in sample.records if isinstance(s, Source)]


def source(registry: Registry, source_id: str) -> Source:
    found = registry.by_id[source_id]  # type: ignore[index]
    assert isinstance(found, Source)
    return found


# --- the CSL item every format starts from --------------------------------------------------


def test_an_organisations_page_is_credited_to_the_organisation(sample: Registry) -> None:
    assert citations.csl_item(source(sample, "src-charter")) == {
        "id": "src-charter",
        "type": "webpage",
        "title": "The Charter Page",
        "author": [{"literal": "Regional Association Secretariat"}],
        "URL": "https://example.org/charter",
        "accessed": {"date-parts": [[2026, 1, 1]]},
    }


def test_a_periodical_piece_names_its_periodical_and_its_copies_go_in_the_note(
    sample: Registry,
) -> None:
    item = citations.csl_item(source(sample, "src-news"))
    assert item == {
        "id": "src-news",
        "type": "article-newspaper",
        "title": "A News Report",
        "container-title": "The Daily Example",
        "issued": {"date-parts": [[2016, 2, 1]]},
        "URL": "https://news.example.org/report",
        "accessed": {"date-parts": [[2026, 1, 2]]},
        "note": "Read on a copy: https://archive.example.net/report; "
        "Archived copy: https://web.archive.org/web/20260102000000/https://news.example.org/report",
    }


def test_a_byline_gives_personal_authors_and_a_language_its_code(sample: Registry) -> None:
    item = citations.csl_item(source(sample, "src-byline"))
    assert item["author"] == [
        {"family": "Doe", "given": "Jane"},
        {"family": "Roe", "given": "Richard"},
    ]
    assert item["container-title"] == "Harian Contoh"
    assert item["language"] == "id"
    assert item["issued"] == {"date-parts": [[2023, 5]]}


def test_a_descriptive_title_is_bracketed_and_a_kind_names_its_genre(sample: Registry) -> None:
    item = citations.csl_item(source(sample, "src-untitled"))
    assert item["title"] == "[Release on the Bay Process meeting]"
    assert (item["type"], item["genre"]) == ("document", "Press release")


def test_a_source_known_only_from_a_copy_has_no_url_and_no_invented_publisher(
    sample: Registry,
) -> None:
    item = citations.csl_item(source(sample, "src-copy-only"))
    assert "URL" not in item and "author" not in item and "publisher" not in item
    assert item["note"] == "Read on a copy: https://docs.example.net/declaration"


def test_seed_files_never_reach_a_citation(sample: Registry) -> None:
    text = json.dumps(citations.csl_item(source(sample, "src-factsheet")))
    assert "factsheet.txt" not in text and "seed" not in text


def test_every_shipped_source_kind_has_a_deliberate_citation_type(shipped: Registry) -> None:
    kinds = {s.kind for s in shipped.records if isinstance(s, Source)}
    listed = set(citations.CSL_TYPES)
    missing = {k for k in kinds if k not in listed and k.split(" (")[0] not in listed}
    assert not missing, sorted(missing)


def test_a_kind_with_brackets_is_cited_as_the_kind_without_them() -> None:
    from aseanct.model.records import Source

    def typed(kind: str) -> tuple[str, str]:
        source = Source(
            id="s", name="T", kind=kind, url="https://example.org", accessed="2026-01-01"
        )
        return citations.csl_type(source)

    assert typed("news article (blog repost)") == ("article-newspaper", "")
    assert typed("press release (translation, repost)") == ("document", "Press release")
    assert typed("something else") == ("webpage", "")


def test_every_language_in_the_data_has_a_code(shipped: Registry) -> None:
    languages = {s.language for s in shipped.records if isinstance(s, Source) and s.language}
    assert languages <= set(citations.LANGUAGES)


# --- BibTeX, RIS, CSL-JSON: exact, and read back by independent readers ------------------------


def test_bibtex_of_the_sample(sample: Registry, request: pytest.FixtureRequest) -> None:
    golden("cite-sample.bib", citations.reference_file(sample_sources(sample), "bibtex"), request)
    golden(
        "cite-sample-biblatex.bib",
        citations.reference_file(sample_sources(sample), "biblatex"),
        request,
    )


def test_ris_of_the_sample(sample: Registry, request: pytest.FixtureRequest) -> None:
    golden("cite-sample.ris", citations.reference_file(sample_sources(sample), "ris"), request)


def test_bibtex_escapes_what_tex_would_read_as_commands(sample: Registry) -> None:
    entry = citations.reference_file((source(sample, "src-byline") for _ in range(1)), "biblatex")
    assert r"{ASEAN} \& Partners: 50\% of cases\_unsolved" in entry
    # the url field is verbatim in biblatex: left as it is
    assert (
        "url          = {https://harian.example.id/berita/2023/05/asean_partners?id=7&lang=en}"
        in entry
    )
    assert "author       = {Doe, Jane and Roe, Richard}" in entry


def parse_bibtex(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library


def test_bibtexparser_reads_every_sample_entry_back(sample: Registry) -> None:
    sources = sample_sources(sample)
    library = parse_bibtex(citations.reference_file(sources, "biblatex"))
    assert [e.key for e in library.entries] == [s.id for s in sources]
    for entry, src in zip(library.entries, sources, strict=True):
        fields = entry.fields_dict
        assert fields["urldate"].value == src.accessed
        if src.url:
            assert fields["url"].value == src.url.replace(" ", "%20")
        assert "title" in fields


@pytest.mark.parametrize(
    ("fmt", "fields"),
    [
        ("biblatex", ("title", "url", "urldate")),
        ("bibtex", ("title", "url", "howpublished", "note")),
    ],
)
def test_cite_hsu_on_people_smuggling_has_title_address_and_day_read(
    fmt: str, fields: tuple[str, ...]
) -> None:
    result = invoke("cite", "HSU on People Smuggling", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    library = parse_bibtex(result.stdout)
    assert library.entries
    for entry in library.entries:
        for name in fields:
            assert entry.fields_dict[name].value, (entry.key, name)
        if fmt == "bibtex":
            assert entry.entry_type in ("misc", "article", "techreport", "incollection")
            assert "Accessed 20" in entry.fields_dict["note"].value


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_bibtex_of_every_shipped_source_parses_with_unique_keys(
    shipped: Registry, fmt: str
) -> None:
    sources = [s for s in shipped.records if isinstance(s, Source)]
    library = parse_bibtex(citations.reference_file(sources, fmt))
    keys = [e.key for e in library.entries]
    assert len(keys) == len(sources) == len(set(keys))
    read = "urldate" if fmt == "biblatex" else "note"
    for entry in library.entries:
        assert entry.fields_dict["title"].value and entry.fields_dict[read].value


def test_csl_json_of_every_shipped_source_validates(shipped: Registry) -> None:
    sources = [s for s in shipped.records if isinstance(s, Source)]
    jsonschema.validate([citations.csl_item(s) for s in sources], CSL_JSON_SCHEMA)


def test_cite_csl_json_validates_and_keys_are_stable() -> None:
    first = invoke("cite", "ASEAN-ACT", "-f", "csl-json")
    assert first.exit_code == 0, first.stderr
    items = json.loads(first.stdout)
    jsonschema.validate(items, CSL_JSON_SCHEMA)
    assert all({"id", "type", "title", "accessed"} <= set(item) for item in items)
    assert invoke("cite", "ASEAN-ACT", "-f", "csl-json").stdout == first.stdout


RIS_LINE = re.compile(r"^(?:[A-Z][A-Z0-9]  - .+|ER  - )$")


def test_ris_is_well_formed_for_every_shipped_source(shipped: Registry) -> None:
    sources = [s for s in shipped.records if isinstance(s, Source)]
    records = citations.reference_file(sources, "ris").split("\n\n")
    assert len(records) == len(sources)
    for record, src in zip(records, sources, strict=True):
        lines = record.strip("\n").split("\n")
        assert lines[0].startswith("TY  - ") and lines[-1] == "ER  - "
        assert all(RIS_LINE.match(line) for line in lines), record
        assert f"ID  - {src.id}" in lines
        assert f"Y2  - {src.accessed.replace('-', '/')}/" in lines


# --- formatted references: citeproc-py with the official styles ------------------------------


@pytest.mark.parametrize("style", ["apa", "chicago", "harvard"])
def test_formatted_references_of_the_sample(
    sample: Registry, style: str, request: pytest.FixtureRequest
) -> None:
    lines = csl.formatted(sample_sources(sample), style)
    golden(f"cite-sample-{style}.txt", "".join(f"{line}\n" for line in lines), request)


def test_no_stray_edition_label_after_a_newspaper_article(sample: Registry) -> None:
    """citeproc-py prints the label of an empty `edition` unless aseanct patches it."""
    (line,) = csl.formatted([source(sample, "src-news")], "chicago")
    assert "Edition" not in line and "The Daily Example" in line


def test_cite_asean_act_in_apa_is_ready_to_paste() -> None:
    result = invoke("cite", "ASEAN-ACT", "--style", "apa")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(set(lines)) > 5
    for line in lines:
        assert re.match(r"^[^ ].*\((n\.d\.|\d{4}[^)]*)\)\. ", line), line
        assert "seed file" not in line and "read via" not in line and "Read on a copy" not in line
    # as APA orders a reference list: by the name that opens each reference
    openings = [line.split(". (")[0].casefold() for line in lines]
    assert openings == sorted(openings)
    assert any(
        "Retrieved November 30, 2026, from https://www.aseanact.org/" in line for line in lines
    )


def test_markdown_references_italicise_titles() -> None:
    result = invoke("cite", "asean-act", "-f", "markdown")
    assert result.exit_code == 0
    paragraphs = result.stdout.rstrip("\n").split("\n\n")
    plain = invoke("cite", "asean-act").stdout.splitlines()
    assert len(paragraphs) == len(plain)  # one paragraph per reference
    # APA italicises a web page's title: the markdown line is the plain one with *...* added
    assert "*Copyright*" in result.stdout
    assert [rendered_text(p) for p in paragraphs] == plain


def rendered_text(markdown: str) -> str:
    """What a reader sees of a Markdown paragraph: rendered, tags dropped, entities read."""
    import html

    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()


def test_a_csl_file_path_is_a_style(tmp_path: Path) -> None:
    style = Path(csl.STYLES_DIR) / "apa.csl"
    by_name = invoke("cite", "somtc", "--style", "apa").stdout
    assert invoke("cite", "somtc", "--style", str(style)).stdout == by_name


def test_an_unknown_style_is_a_usage_error() -> None:
    result = invoke("cite", "somtc", "--style", "mla")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown style 'mla'\n")
    assert (
        "hint: choose one of: apa, chicago, harvard, or give the path of a .csl file"
        in result.stderr
    )


# --- which sources: records, one statement, stdin -------------------------------------------


def test_cite_a_record_cites_what_its_fact_sheet_cites_in_that_order() -> None:
    show = json.loads(invoke("show", "asean-act", "-f", "json").stdout)
    rows = json.loads(invoke("cite", "asean-act", "-f", "json").stdout)
    numbered = [s for st in show["statements"] for s in st["sources"]]
    assert [r["key"] for r in rows] == list(dict.fromkeys(numbered))
    assert set(rows[0]) == set(cite.FIELDS)
    assert all(r["cited_for"] == ["asean-act"] for r in rows)


def test_fact_n_cites_the_sources_of_statement_n_as_show_numbers_it() -> None:
    sheet = invoke("show", "asean-act", "--sources").stdout
    budget = re.search(r"\n *(\d+)  budget: .*?((?:\[\d+\])+)\n", sheet)
    assert budget is not None
    number, marks = budget.group(1), budget.group(2)
    numbers = [int(n) for n in re.findall(r"\d+", marks)]
    listed = re.findall(r"^  \[(\d+)\] (.*)$", sheet, re.MULTILINE)
    result = invoke("cite", "asean-act", "--fact", number, "-f", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    titles = [r["title"] for r in rows]
    assert len(rows) == len(numbers)
    for n in numbers:
        reference = dict(listed)[str(n)]
        assert any(title in reference for title in titles), reference


def test_fact_out_of_range_says_how_many_there_are() -> None:
    result = invoke("cite", "somtc", "--fact", "999")
    assert result.exit_code == 2
    assert re.match(
        r"error: somtc has no statement 999: its statements are numbered 1 to \d+\n", result.stderr
    )
    assert "hint: see them numbered with: aseanct show somtc --sources" in result.stderr


def test_fact_needs_exactly_one_term() -> None:
    result = invoke("cite", "somtc", "ammtc", "--fact", "1")
    assert result.exit_code == 2
    assert "--fact cites statements of one record" in result.stderr


def test_several_terms_cite_each_source_once() -> None:
    rows = json.loads(invoke("cite", "somtc", "ammtc", "-f", "json").stdout)
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys))
    shared = [r for r in rows if len(r["cited_for"]) == 2]
    assert shared and all(r["cited_for"] == ["somtc", "ammtc"] for r in shared)


def test_cite_a_source_by_its_id() -> None:
    rows = json.loads(invoke("cite", "yaleglobal-2003", "-f", "json").stdout)
    assert [(r["key"], r["authors"], r["container"]) for r in rows] == [
        ("yaleglobal-2003", ["Pollard, Jim"], "YaleGlobal Online (Yale University)")
    ]


def test_cite_stdin_reports_unknown_lines_and_cites_the_rest() -> None:
    result = invoke("cite", "-", "-f", "csv", input="somtc\nNOPE\n")
    assert result.exit_code == 1
    assert "error: unknown term 'NOPE' (stdin line 2)" in result.stderr
    assert result.stdout.startswith("key,title,publisher,date,url,accessed,reference\n")
    assert "seed-asean-sectoral-bodies," in result.stdout


def test_cite_fields_lists_and_chooses() -> None:
    assert invoke("cite", "somtc", "--fields").stdout == "".join(f"{f}\n" for f in cite.FIELDS)
    out = invoke("cite", "yaleglobal-2003", "-f", "tsv", "--fields", "key,date").stdout
    assert out == "key\tdate\nyaleglobal-2003\t2003-12-18\n"


def test_sample_data_cites_through_the_cli(request: pytest.FixtureRequest) -> None:
    result = invoke("cite", "src-news", "src-byline", "-f", "ris", "--data-dir", SAMPLE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("TY  - NEWS\nID  - src-news\n")
    assert "AU  - Doe, Jane\nAU  - Roe, Richard\n" in result.stdout


def test_fact_of_a_source_is_refused_not_ignored() -> None:
    """A source has no numbered statements: `--fact 2` used to be ignored silently."""
    result = invoke("cite", "yaleglobal-2003", "--fact", "2")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: yaleglobal-2003 is a source: it has no numbered statements for --fact\n"
        "hint: cite it without --fact: aseanct cite yaleglobal-2003\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not xml\n", "not XML (syntax error: line 1, column 0)"),
        ('<?xml version="1.0"?>\n<foo/>\n', "its root element is <foo>, not a CSL <style>"),
        (
            '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info/></style>\n',
            "it has no <bibliography>, so it cannot format references",
        ),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>\n'
            '<style xmlns="http://purl.org/net/xbiblio/csl">&b;</style>\n',
            "it declares a DTD or entities, which a CSL style never needs (and which could "
            "expand without end or fetch files)",
        ),
        (
            '<style xmlns="http://purl.org/net/xbiblio/csl"><!--'
            + "x" * (3 * 1024 * 1024)
            + "--></style>",
            "it is larger than 2 MB",
        ),
    ],
    ids=["not xml", "not a style", "no bibliography", "entities", "too large"],
)
def test_a_csl_file_that_is_not_a_style_says_so(tmp_path: Path, content: str, message: str) -> None:
    style = tmp_path / "mine.csl"
    style.write_text(content, encoding="utf-8")
    result = invoke("cite", "somtc", "--style", str(style))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error: cannot read the style '{style}': {message}\n"
        "hint: a .csl file is a CSL style in XML, such as those at https://www.zotero.org/styles\n"
    )


def test_a_missing_csl_file_is_not_an_unknown_style(tmp_path: Path) -> None:
    result = invoke("cite", "somtc", "--style", str(tmp_path / "nosuch.csl"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: no style file '{tmp_path / 'nosuch.csl'}'\n"
        "hint: give the path of a .csl file, or one of: apa, chicago, harvard\n"
    )


def test_chicago_puts_the_period_inside_the_quotation_marks(sample: Registry) -> None:
    """American style (APA's and Chicago's en-US locale says punctuation-in-quote), which
    citeproc-py does not apply: it wrote `“A News Report”.`"""
    lines = csl.formatted(sample_sources(sample), "chicago")
    assert "The Daily Example. 2016. “A News Report.” The Daily Example, February 1." in "\n".join(
        lines
    )
    assert not [line for line in lines if "”." in line or "”," in line]
    assert csl._punctuate_quotes("“What Did It Achieve?”. The Diplomat") == (
        "“What Did It Achieve?” The Diplomat"
    )
    harvard = csl.formatted(sample_sources(sample), "harvard")  # British: outside
    assert any("’," in line for line in harvard)


def test_markdown_references_are_paragraphs_of_their_own() -> None:
    """Pasted into a Markdown document, each reference stays apart (they ran together as
    one paragraph)."""
    from markdown_it import MarkdownIt

    text = invoke("cite", "somtc", "-f", "markdown").stdout
    plain = invoke("cite", "somtc").stdout
    references = plain.count("\n")
    assert references > 3
    assert text.count("\n\n") == references - 1 and not text.endswith("\n\n")
    assert MarkdownIt("commonmark").render(text).count("<p>") == references


def test_an_unknown_term_among_several_is_reported_and_the_rest_are_cited() -> None:
    result = invoke("cite", "somtc", "NOPE", "-f", "csv", "--fields", "key")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown term 'NOPE'\n")
    assert "seed-asean-sectoral-bodies" in result.stdout.splitlines()


def test_a_single_unknown_term_is_the_answer() -> None:
    result = invoke("cite", "NOPE")
    assert result.exit_code == 1 and result.stdout == ""


HOSTILE = st.text(
    alphabet=st.sampled_from(list('{}@,="\\%#&$_~^ \n\tabcAB1')) | st.characters(codec="utf-8"),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip())


@settings(max_examples=300, deadline=None)
@given(title=HOSTILE, publisher=HOSTILE, note=HOSTILE)
def test_no_text_breaks_a_bibtex_field_open(title: str, publisher: str, note: str) -> None:
    """Whatever the data holds, each value stays one field of one entry (bibtexparser reads
    exactly the entry written, with every field)."""
    source = Source(
        id="s",
        name=title,
        kind="report",
        publisher=publisher,
        note=note,
        url="https://example.org/a{b}",
        accessed="2026-01-01",
    )
    ris = citations.reference_file(
        [source], "ris"
    )  # a line break in a value never starts a tag of its own
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in ris.splitlines()), ris
    assert ris.count("ER  - ") == 1
    for text in (
        citations.reference_file([source], "biblatex"),
        citations.reference_file([source], "bibtex"),
    ):
        library = parse_bibtex(text)
        assert [e.key for e in library.entries] == ["s"]
        assert {"title", "institution", "url"} <= set(library.entries[0].fields_dict)
        assert_fields_balanced(text)


def assert_fields_balanced(text: str) -> None:
    """Every `  name = {value},` line holds one field, balanced as BibTeX counts braces."""
    for line in text.splitlines()[1:-1]:  # `  name = {value},`: balanced as BibTeX counts
        value = line.split("= ", 1)[1].rstrip(",")
        if not value.startswith("{"):
            assert value in (
                "jan",
                "feb",
                "mar",
                "apr",
                "may",
                "jun",
                "jul",
                "aug",
                "sep",
                "oct",
                "nov",
                "dec",
            ), line
            continue
        depth = 0
        for position, char in enumerate(value):
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth > 0 or position == len(value) - 1, line  # BibTeX ignores backslashes


def test_markdown_references_carry_no_markup_from_the_data(tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    sources = data / "sources.yaml"
    hostile = "<script>alert(1)</script> [x](javascript:y) <img src=x onerror=alert(1)> `c` & *b*"
    text = sources.read_text(encoding="utf-8").replace(
        "name: The Charter Page", f"name: '{hostile}'"
    )
    sources.write_text(text, encoding="utf-8")
    result = invoke("cite", "src-charter", "-f", "markdown", "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(result.stdout)
    for markup in ("<script", "<img", "<a ", "<code>", "<em>b</em>"):
        assert markup not in html
    assert hostile in rendered_text(result.stdout)  # the reader sees the title as written


def test_an_archived_copy_is_named_in_every_output_of_its_source() -> None:
    archived = "https://web.archive.org/web/20260102000000/https://news.example.org/report"
    sheet = invoke("show", "src-news", "--data-dir", SAMPLE)
    assert f"\narchived:  {archived}\n" in sheet.stdout
    record = invoke("show", "alpha", "--sources", "--data-dir", SAMPLE, "--as-of", "2026-11-23")
    assert f"\n      archived copy: {archived}\n" in record.stdout
    shown = json.loads(invoke("show", "alpha", "-f", "json", "--data-dir", SAMPLE).stdout)
    cited = {s["id"]: s["archived"] for s in shown["cited_sources"]}
    assert cited["src-news"] == archived and cited["src-charter"] == ""
    row = json.loads(invoke("cite", "src-news", "-f", "json", "--data-dir", SAMPLE).stdout)[0]
    assert (row["copy"], row["archived"]) == ("https://archive.example.net/report", archived)
    csl_json = json.loads(invoke("cite", "src-news", "-f", "csl-json", "--data-dir", SAMPLE).stdout)
    assert csl_json[0]["note"].endswith(f"; Archived copy: {archived}")
