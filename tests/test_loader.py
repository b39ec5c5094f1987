"""The loader reports every problem of a broken data directory as FILE:LINE: path: message."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, invoke

from aseanct import datadir, load, loader
from aseanct.errors import DataError
from aseanct.loader import read_data_dir
from aseanct.store import files


def problems(directory: Path | str) -> list[str]:
    """The problem lines of a data directory, relative to the fixtures folder."""
    with pytest.raises(DataError) as caught:
        read_data_dir(str(directory))
    return [str(p).replace(str(FIXTURES) + os.sep, "") for p in caught.value.problems]


def test_malformed_yaml_names_the_file_and_line() -> None:
    assert problems(FIXTURES / "malformed") == [
        "malformed/bodies.yaml:8: malformed YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence at line 7)"
    ]


def test_unknown_parent() -> None:
    assert problems(FIXTURES / "unknown-parent") == [
        "unknown-parent/bodies.yaml:7: bodies[0].parent.id: unknown id 'ammtcx'"
    ]


def test_cycle() -> None:
    assert problems(FIXTURES / "cycle") == [
        "cycle/bodies.yaml:7: bodies[0].parent: cycle: one -> two -> one"
    ]


def test_duplicate_id_across_files() -> None:
    assert problems(FIXTURES / "duplicate-id") == [
        "duplicate-id/more.yaml:2: bodies[0].id: duplicate id 'twice' (first at bodies.yaml:2)"
    ]


def test_duplicate_key() -> None:
    assert problems(FIXTURES / "duplicate-key") == [
        "duplicate-key/bodies.yaml:7: bodies[0].name: duplicate key 'name' (first at line 5)"
    ]


def test_missing_and_unknown_sources() -> None:
    assert problems(FIXTURES / "missing-source") == [
        "missing-source/bodies.yaml:4: bodies[0]: missing required field 'sources' "
        "(every record cites a source)",
        "missing-source/bodies.yaml:10: bodies[1].sources[0]: unknown id 'ghost'",
    ]


def test_python_tags_are_refused_and_never_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert problems(FIXTURES / "python-tag") == [
        "python-tag/bodies.yaml:5: bodies[0].name: YAML tag "
        "'!!python/object/apply:os.system' is not allowed"
    ]
    assert not (tmp_path / "PWNED").exists()


def write(directory: Path, text: str, name: str = "bodies.yaml") -> Path:
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")
    return directory


SOURCE = (
    "sources:\n  - {id: s, name: S, kind: web page, publisher: P, url: https://example.org, "
    "accessed: 2026-01-01}\n"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "  - {id: x, name: no, kind: k, sources: [s]}\n",
            "bodies[0].name: expected text, got the YAML boolean 'no' "
            "(write it in quotes if it is text)",
        ),
        (
            "  - {id: Bad_Id, name: N, kind: k, sources: [s]}\n",
            "bodies[0].id: id 'Bad_Id' is not a lower-case slug (letters, digits, single hyphens)",
        ),
        (
            "  - {id: x, name: N, kind: k, sources: [s], parnet: y}\n",
            "bodies[0].parnet: unknown field 'parnet' (did you mean 'parent'?)",
        ),
        (
            "  - {id: x, name: N, kind: k, sources: [s], established: {date: 2023-02-30, "
            "sources: [s]}}\n",
            "bodies[0].established.date: date '2023-02-30' has no day 30",
        ),
        (
            "  - {id: x, name: N, kind: k, sources: [s], established: {date: soon, sources: [s]}}\n",
            "bodies[0].established.date: date 'soon' is not YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (
            "  - {id: x, name: N, kind: k, sources: [s], pillar: {id: s, sources: [s]}}\n",
            "bodies[0].pillar.id: 's' is a source, expected a body",
        ),
        (
            "  - {id: x, name: N, kind: k, sources: [s, s]}\n",
            "bodies[0].sources[1]: 's' is listed twice",
        ),
        (
            "  - {id: x, name: N, kind: k, sources: []}\n",
            "bodies[0].sources: must cite at least one source",
        ),
        (
            "  - {id: x, name: N, acronyms: [Y], kind: k, sources: [s]}\n"
            "  - {id: y, name: Y, kind: k, sources: [s]}\n",
            "bodies[0]: 'Y' is also the id of 'y': ids must be unambiguous",
        ),
        (
            '  - {id: x, name: "Two\\nlines", kind: k, sources: [s]}\n',
            "bodies[0].name: contains a line break (U+000A) at character 4; text is one line "
            "(a folded `>` block joins its lines, a blank line in it does not)",
        ),
        (
            '  - {id: x, name: "Bell\\a", kind: k, sources: [s]}\n',
            "bodies[0].name: contains a control character (U+0007) at character 5; text is one "
            "line (a folded `>` block joins its lines, a blank line in it does not)",
        ),
        (
            '  - {id: x, name: "=HYPERLINK(\\"http://x\\")", kind: k, sources: [s]}\n',
            "bodies[0].name: starts with '=', which a spreadsheet opening `list -f csv` would run "
            "as a formula; names cannot start with = + - @",
        ),
        (
            "  - {id: x, name: N, kind: k, sources: [s], aliases: "
            "[{name: \"-2+3+cmd|' /C calc'!A0\", sources: [s]}]}\n",
            "bodies[0].aliases[0].name: starts with '-', which a spreadsheet opening `list -f csv` "
            "would run as a formula; names cannot start with = + - @",
        ),
        (
            "  - {id: x, name: N, acronyms: ['@SUM'], kind: k, sources: [s]}\n",
            "bodies[0].acronyms[0]: starts with '@', which a spreadsheet opening `list -f csv` "
            "would run as a formula; names cannot start with = + - @",
        ),
        (
            "  - &a {id: x, name: N, kind: k, sources: [s]}\n\n  - *a\n",
            "bodies[1]: YAML aliases (*name) are not supported",
        ),
        (
            "  - {id: x, name: N, kind: k, sources: [s], established: {date: '2001'}}\n",
            "bodies[0].established: missing its sources: every statement cites its own",
        ),
        (
            "  - {id: x, name: N, kind: k, sources: [s], parent: {id: y, sources: [s]}}\n"
            "  - {id: y, name: Y, kind: k, sources: [s]}\n",
            "bodies[0].parent: missing required field 'relation'",
        ),
        (
            "  - {id: x, name: N, kind: k, sources: [s], parent: "
            "{id: y, relation: oversees, sources: [s]}}\n"
            "  - {id: y, name: Y, kind: k, sources: [s]}\n",
            "bodies[0].parent.relation: unknown relation 'oversees' (did you mean 'covers'?); "
            "the vocabulary is in aseanct/relations.py",
        ),
        (
            "  - {id: x, name: N, kind: k, sources: [s], country: "
            "{id: c, relation: monitors, sources: [s]}}\n"
            "countries:\n  - {id: c, name: C, kind: k, sources: [s]}\n",
            "bodies[0].country.relation: this field's links have the relation "
            "'national-body-of', not 'monitors'",
        ),
        (
            "  - {id: x, name: N, acronyms: [X], kind: k, sources: [s], collisions: "
            "[{acronym: Y, meaning: Elsewhere, sources: [s]}]}\n",
            "bodies[0].collisions[0].acronym: 'Y' is not one of the record's acronyms (X)",
        ),
        (
            "  - {id: x, name: N, acronyms: [X], kind: k, sources: [s], collisions: "
            "[{acronym: X, meaning: Elsewhere}]}\n",
            "bodies[0].collisions[0]: missing its sources: every statement cites its own",
        ),
        (
            '  - {id: x, name: "A\u202eB", kind: k, sources: [s]}\n',
            "bodies[0].name: contains a bidirectional control character (U+202E) at character "
            "2; it can disguise the text shown",
        ),
    ],
)
def test_field_checks(tmp_path: Path, body: str, expected: str) -> None:
    directory = write(tmp_path / "d", SOURCE + "bodies:\n" + body)
    found = problems(directory)
    assert len(found) == 1, found
    assert found[0].split(": ", 1)[1] == expected


def test_start_after_end(tmp_path: Path) -> None:
    directory = write(
        tmp_path / "d",
        SOURCE + "programmes:\n  - {id: p, name: P, kind: k, sources: [s], "
        "start_date: {date: '2010', sources: [s]}, end_date: {date: '2009', sources: [s]}}\n",
    )
    assert [p.split(": ", 1)[1] for p in problems(directory)] == [
        "programmes[0].end_date: ends (2009) before it starts (2010)"
    ]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    directory = write(
        tmp_path / "d",
        SOURCE + "bodies:\n  - {id: a, name: A, kind: k}\n"
        "  - {id: b, name: B, kind: k, parent: {id: zz, relation: supports, sources: [s]}, "
        "sources: [s]}\n",
    )
    directory = write(directory, "wrong: []\n", name="extra.yaml")
    assert len(problems(directory)) == 3


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p, "no data files (*.yaml) in this directory"),
        (lambda p: p / "missing", "no such directory"),
    ],
)
def test_unusable_directories(tmp_path: Path, make: object, message: str) -> None:
    directory = make(tmp_path)
    with pytest.raises(DataError) as caught:
        read_data_dir(str(directory))
    assert [p.message for p in caught.value.problems] == [message]


def test_other_files_in_a_data_directory_are_ignored(tmp_path: Path) -> None:
    directory = write(tmp_path / "d", SOURCE)
    (directory / "README.md").write_text("# notes\n")
    (directory / ".hidden.yaml").write_text(": not yaml [\n")
    assert [r["id"] for r in read_data_dir(str(directory))] == ["s"]


def test_not_utf8(tmp_path: Path) -> None:
    directory = tmp_path / "d"
    directory.mkdir()
    (directory / "bodies.yaml").write_bytes(b"bodies:\n  - id: caf\xe9\n")
    assert problems(directory)[0].endswith("bodies.yaml:2: not valid UTF-8 (byte 0xe9)")


def test_load_uses_the_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(datadir.DATA_DIR_VARIABLE, str(FIXTURES / "mini"))
    assert load().by_id["top"].name == "Top Meeting"


def test_the_cache_is_rebuilt_when_a_file_changes(tmp_path: Path) -> None:
    directory = write(
        tmp_path / "d", SOURCE + "bodies:\n  - {id: b, name: Before, kind: k, sources: [s]}\n"
    )
    assert load(str(directory)).by_id["b"].name == "Before"
    assert load(str(directory)).by_id["b"].name == "Before"
    write(directory, SOURCE + "bodies:\n  - {id: b, name: After!, kind: k, sources: [s]}\n")
    assert load(str(directory)).by_id["b"].name == "After!"


def test_a_fresh_cache_is_read_instead_of_the_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = write(
        tmp_path / "d", SOURCE + "bodies:\n  - {id: b, name: Cached, kind: k, sources: [s]}\n"
    )
    load(str(directory))  # writes the cache

    def no_yaml(data_dir: str) -> None:
        raise AssertionError(f"YAML parsed again for {data_dir}")

    monkeypatch.setattr(loader, "read_data_dir", no_yaml)
    assert load(str(directory)).by_id["b"].name == "Cached"


def test_a_file_changed_while_it_is_parsed_leaves_no_stale_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = write(
        tmp_path / "d", SOURCE + "bodies:\n  - {id: b, name: Before, kind: k, sources: [s]}\n"
    )
    parse = loader.read_data_dir

    def parse_then_edit(data_dir: str) -> list[dict[str, object]]:
        plain = parse(data_dir)  # what was read is "Before"; the file then changes
        write(directory, SOURCE + "bodies:\n  - {id: b, name: Later, kind: k, sources: [s]}\n")
        return plain

    monkeypatch.setattr(loader, "read_data_dir", parse_then_edit)
    assert load(str(directory)).by_id["b"].name == "Before"
    monkeypatch.setattr(loader, "read_data_dir", parse)
    location = files.locate(str(directory), [])
    assert location is not None and not Path(location).exists()
    assert load(str(directory)).by_id["b"].name == "Later"
    assert Path(location).is_file()


def test_the_cache_is_named_after_the_modules_that_compile_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = files.locate(str(FIXTURES / "mini"), [])
    stamp = files._code_stamp()
    monkeypatch.setattr(files, "_code_stamp", lambda: stamp + "1")
    after = files.locate(str(FIXTURES / "mini"), [])
    assert before is not None and after is not None and before != after


def test_every_module_the_cache_is_named_after_exists() -> None:
    """A module renamed away would make the stamp `-` for good, and edits to it unseen."""
    assert files._code_stamp() != "-"
    assert all((Path(files._PACKAGE) / name).is_file() for name in files._CODE)


def test_every_module_that_writes_the_store_names_it() -> None:
    """Editing a module whose code decides a row (in a checkout, where the version does not
    move) must name a new store, or the old rows are read on."""
    import ast

    tree = ast.parse((Path(files._PACKAGE) / "store" / "write.py").read_text())
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    modules = {m.removeprefix("aseanct.").replace(".", "/") for m in imported if "aseanct." in m}
    paths = {
        m + ".py" if (Path(files._PACKAGE) / (m + ".py")).is_file() else m + "/__init__.py"
        for m in modules
    }
    assert paths - set(files._CODE) == set()


def test_the_cache_is_named_after_the_schema_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = files.locate(str(FIXTURES / "mini"), [])
    monkeypatch.setattr(files, "SCHEMA_VERSION", files.SCHEMA_VERSION + 1)
    after = files.locate(str(FIXTURES / "mini"), [])
    assert before is not None and after is not None and before != after


# --- hostile YAML: every limit is a data error, one FILE:LINE line each, on both paths -------


def hostile(directory: Path, text: str | bytes) -> Path:
    directory.mkdir()
    (directory / "sources.yaml").write_text(SOURCE, encoding="utf-8")
    if isinstance(text, bytes):
        (directory / "bodies.yaml").write_bytes(text)
    else:
        (directory / "bodies.yaml").write_text(text, encoding="utf-8")
    return directory


def nested(depth: int, *, flow: bool) -> str:
    if flow:
        return "bodies:\n  - " + "[" * depth + "]" * depth + "\n"
    lines = ["bodies:", "  - id: x"]
    lines += ["    " + "  " * level + "k:" for level in range(depth)]
    lines.append("    " + "  " * depth + "deep")
    return "\n".join(lines) + "\n"


def both_paths(directory: Path) -> list[tuple[bytes, bytes, int]]:
    """`expand X` on the lean path and on the Typer path, with this data directory."""
    import subprocess

    from conftest import environment
    from terminal import ASEANCT

    runs = []
    for argv in (["expand", "X"], ["expand", "--color", "never", "X"]):
        done = subprocess.run(
            [*ASEANCT, *argv],
            env=environment(ASEANCT_DATA_DIR=str(directory)),
            capture_output=True,
            timeout=60,
            check=False,
        )
        runs.append((done.stdout, done.stderr, done.returncode))
    return runs


def test_a_five_thousand_digit_integer_is_one_data_error(tmp_path: Path) -> None:
    directory = hostile(
        tmp_path / "d",
        f"bodies:\n  - id: x\n    name: N\n    kind: k\n    sources: [s]\n    note: {'9' * 5000}\n",
    )
    assert problems(directory) == [
        f"{directory}/bodies.yaml:6: bodies[0].note: a number of more than 40 digits"
    ]


@pytest.mark.parametrize("depth", [495, 999])
@pytest.mark.parametrize("flow", [True, False], ids=["flow", "block"])
def test_deep_nesting_is_one_data_error(tmp_path: Path, depth: int, flow: bool) -> None:
    found = problems(hostile(tmp_path / "d", nested(depth, flow=flow)))
    deep = [p for p in found if "nested more than 32 levels deep" in p or "nesting depth" in p]
    assert len(deep) == 1, found
    assert all("\n" not in p and p.split(":")[1].isdigit() for p in found), found


def test_a_file_over_32_mib_is_refused_unread(tmp_path: Path) -> None:
    directory = hostile(tmp_path / "d", "bodies: []\n")
    with open(directory / "bodies.yaml", "ab") as big:
        big.truncate(33 * 1024 * 1024)  # sparse: nothing to read, everything to refuse
    assert problems(directory) == [f"{directory}/bodies.yaml: larger than 32 MiB"]


def test_an_alias_is_reported_at_the_alias_not_the_anchor(tmp_path: Path) -> None:
    directory = hostile(
        tmp_path / "d",
        "bodies:\n"
        "  - &first\n"
        "    id: x\n"
        "    name: N\n"
        "    kind: k\n"
        "    sources: [s]\n"
        "\n"
        "  - *first\n",
    )
    assert problems(directory) == [
        f"{directory}/bodies.yaml:8: bodies[1]: YAML aliases (*name) are not supported"
    ]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_is_one_line_that_says_so(tmp_path: Path, encoding: str) -> None:
    directory = hostile(tmp_path / "d", "bodies: []\n".encode(encoding))
    assert problems(directory) == [
        f"{directory}/bodies.yaml:1: contains a NUL byte; it looks like UTF-16: save it as UTF-8"
    ]


@pytest.mark.subprocess
@pytest.mark.parametrize(
    "make",
    [
        lambda p: p.symlink_to("/dev/zero"),
        lambda p: os.mkfifo(p),
        lambda p: p.write_text("x: " + "[" * 999 + "]" * 999 + "\n"),
        lambda p: p.write_text(f"x: {'1' * 5000}\n"),
    ],
    ids=["link to /dev/zero", "FIFO", "999 deep", "5,000 digits"],
)
def test_hostile_data_files_end_in_exit_3_on_both_paths(tmp_path: Path, make: object) -> None:
    """Each used to hang, exhaust memory or exit 4; each is now one line and exit 3."""
    directory = tmp_path / "d"
    directory.mkdir()
    (directory / "sources.yaml").write_text(SOURCE, encoding="utf-8")
    make(directory / "z.yaml")  # type: ignore[operator]
    lean, typer_path = both_paths(directory)
    assert lean == typer_path
    stdout, stderr, code = lean
    assert (stdout, code) == (b"", 3)
    lines = stderr.decode().splitlines()
    assert lines[-2:] == [
        f"error: invalid data in {directory}: {len(lines) - 2} "
        + ("problem" if len(lines) == 3 else "problems"),
        "hint: fix the problems above; `aseanct validate [DIR]` checks a data directory",
    ]
    assert any(line.startswith(f"{directory}/z.yaml") for line in lines[:-2]), lines


def test_a_record_left_out_is_reported_first_and_links_to_it_after(tmp_path: Path) -> None:
    """A bad field leaves its record out; the links to it are not "unknown ids" but follow
    from that problem, and come after it."""
    (tmp_path / "a.yaml").write_text(
        "sources:\n"
        '  - {id: s, name: S, kind: web page, url: "https://example.org", accessed: 2026-01-01}\n'
        "bodies:\n"
        "  - {id: b, name: B, kind: k, sources: [s], parent: {id: a, relation: subsidiary-of, sources: [s]}}\n"
        "  - {id: a, name: A, kind: k, sources: [s], established: {date: 2020-13, sources: [s]}}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as raised:
        read_data_dir(str(tmp_path))
    assert [str(p).split("a.yaml:", 1)[1] for p in raised.value.problems] == [
        "5: bodies[1].established.date: date '2020-13' has no month 13",
        "4: bodies[0].parent.id: follows from another problem: 'a' is left out for its own "
        "problem (a.yaml:5)",
    ]


def test_an_event_in_the_year_its_body_was_set_up_is_not_before_it(tmp_path: Path) -> None:
    """A body set up "in 2004" may have been set up on any day of 2004: an event on
    2004-03-01 that concerns it is possible, and is not refused; one in 2003 is."""
    shutil.copytree(FIXTURES / "sample", tmp_path / "data")
    events = tmp_path / "data" / "events.yaml"
    event = (
        "\n  - id: unit-meeting\n    name: A meeting of the unit\n    kind: meeting\n"
        "    date: {when}\n    related: [{{id: unit-tp, relation: concerns, sources: [src-charter]}}]\n"
        "    sources: [src-charter]\n"
    )
    original = events.read_text(encoding="utf-8")
    events.write_text(original + event.format(when="2004-03-01"), encoding="utf-8")
    assert any(r["id"] == "unit-meeting" for r in read_data_dir(str(tmp_path / "data")))
    events.write_text(original + event.format(when="2003-12-31"), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        read_data_dir(str(tmp_path / "data"))
    assert "is dated before 'unit-tp' was set up (2004)" in str(raised.value.problems[0])


def test_a_row_s_end_year_is_its_end_s_not_its_start_s() -> None:
    """Each of the three derivations of `end_year` (list rows, tree rows, timeline rows)."""
    import json as json_module

    sample = str(FIXTURES / "sample")
    listed = invoke(
        "list",
        "programmes",
        "-f",
        "json",
        "--fields",
        "id,start_year,end_year",
        "--data-dir",
        sample,
    )
    assert {r["id"]: (r["start_year"], r["end_year"]) for r in json_module.loads(listed.stdout)}[
        "p1"
    ] == (2003, 2006)
    timeline = invoke("timeline", "programmes", "-f", "json", "--data-dir", sample)
    assert {r["id"]: (r["start_year"], r["end_year"]) for r in json_module.loads(timeline.stdout)}[
        "p1"
    ] == (2003, 2006)
    tree = invoke(
        "tree",
        "p1",
        "-f",
        "tsv",
        "--fields",
        "id,start_year,end_year",
        "--no-headers",
        "--data-dir",
        sample,
    )
    assert tree.stdout.splitlines()[0] == "p1\t2003\t2006"


def test_an_archived_copy_must_be_an_http_address(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text(
        "sources:\n"
        "  - id: s\n    name: S\n    kind: web page\n    url: https://example.org\n"
        "    archived: web.archive.org/example.org\n    accessed: 2026-01-01\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as raised:
        read_data_dir(str(tmp_path))
    assert [str(p).split("sources.yaml:", 1)[1] for p in raised.value.problems] == [
        "6: sources[0].archived: 'web.archive.org/example.org' is not an http(s) address"
    ]
