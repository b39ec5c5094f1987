"""`export`: the knowledge base as tables, read back with sqlite3, csv and json, and served by
a real Datasette process."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import socket
import sqlite3
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, environment, invoke, needs_program

from aseanct import export, tables
from aseanct.model.records import Entity, Source
from aseanct.model.registry import Registry

SAMPLE = str(FIXTURES / "sample")
TABLES = ["records", "sources", "links", "statements", "citations", "parties", "members"]
"""The tables of every export; the database also holds the store's lookup tables."""
DATABASE = [
    "records",
    "sources",
    "meta",
    "links",
    "members",
    "parties",
    "terms",
    "acronyms",
    "collisions",
    "statements",
    "citations",
]


@pytest.fixture
def sample_db(tmp_path: Path) -> Path:
    path = tmp_path / "sample.db"
    result = invoke("export", "sqlite", str(path), "--data-dir", SAMPLE)
    assert result.exit_code == 0, result.stderr
    return path


def rows(db: Path, query: str, *args: object) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(db)) as connection:
        return connection.execute(query, args).fetchall()


def test_export_prints_what_it_wrote_and_a_summary(tmp_path: Path) -> None:
    target = tmp_path / "out.db"
    result = invoke("export", "sqlite", str(target), "--data-dir", SAMPLE)
    assert result.exit_code == 0
    assert result.stdout == f"{target}\n{tmp_path / 'metadata.json'}\n"
    assert result.stderr.startswith("hint: wrote 34 records, 6 sources, ")
    assert (
        f"hint: browse it with: datasette {target} -m {tmp_path / 'metadata.json'}\n"
        in result.stderr
    )


def test_one_table_per_kind_of_row_and_every_row_is_there(
    sample_db: Path, sample: Registry
) -> None:
    names = [
        r[0]
        for r in rows(
            sample_db,
            "select name from sqlite_master where type='table' and name not like '%_fts%' "
            "and name not like '%_vocab' order by rowid",
        )
    ]
    assert names == DATABASE
    entities = [r for r in sample.records if isinstance(r, Entity)]
    assert rows(sample_db, "select count(*) from records") == [(len(entities),)]
    assert rows(sample_db, "select count(*) from sources") == [
        (len(sample.records) - len(entities),)
    ]
    assert rows(
        sample_db, "select type, count(*) from records group by type order by type"
    ) == sorted((t, len(sample.select(record_type=t))) for t in {r.type for r in entities})


def test_foreign_keys_are_declared_and_hold(sample_db: Path) -> None:
    declared = {
        (table, column, other)
        for table in TABLES
        for (_i, _s, other, column, *_rest) in rows(sample_db, f"pragma foreign_key_list({table})")
    }
    for expected in [
        ("records", "parent", "records"),
        ("records", "pillar", "records"),
        ("links", "from_id", "records"),
        ("links", "to_id", "records"),
        ("statements", "record_id", "records"),
        ("citations", "statement_id", "statements"),
        ("citations", "source_id", "sources"),
        ("parties", "party_id", "records"),
        ("members", "member_id", "records"),
    ]:
        assert expected in declared
    assert rows(sample_db, "pragma foreign_key_check") == []


def test_full_text_search_finds_names_aliases_descriptions_and_facts(sample_db: Path) -> None:
    def found(table: str, words: str) -> list[object]:
        return [
            r[0]
            for r in rows(
                sample_db,
                f"select id from {table} where rowid in (select rowid from {table}_fts where {table}_fts match ?) order by id",
                words,
            )
        ]

    assert "process" in found("records", "smuggling")  # a name: Smuggling
    assert "alpha" in found("records", "Alphaland")  # an alias
    assert "p3" in found("records", "governments")  # a fact ("Works with governments and NGOs.")
    assert found("sources", "charter") == ["src-charter"]
    virtual = rows(sample_db, "select sql from sqlite_master where name = 'records_fts'")[0][0]
    assert "fts5" in str(virtual).lower()


def test_statements_and_citations_match_show_sources(sample_db: Path) -> None:
    sheet = json.loads(invoke("show", "p3", "-f", "json", "--data-dir", SAMPLE).stdout)
    stored = rows(
        sample_db,
        "select number, topic, text from statements where record_id = 'p3' order by number",
    )
    assert stored == [(s["number"], s["topic"], s["text"]) for s in sheet["statements"]]
    cited = rows(
        sample_db,
        "select statement_id, source_id from citations where record_id = 'p3' order by rowid",
    )
    assert cited == [
        (f"p3/{s['number']}", source) for s in sheet["statements"] for source in s["sources"]
    ]


def test_record_columns_carry_links_dates_and_the_whole_record(sample_db: Path) -> None:
    ((parent, pillar, established, data),) = rows(
        sample_db,
        "select parent, pillar, established, data from records where id = 'unit-tp'",
    )
    assert parent == "soc" and pillar is None and established == "2004"
    assert json.loads(str(data))["id"] == "unit-tp"
    ((budget, amount, currency, period),) = rows(
        sample_db,
        "select budget, budget_amount, budget_currency, budget_period from records where id = 'p3'",
    )
    assert (amount, currency, period) == (80000000, "DLT", "2018/2028") and budget


def test_parties_table_matches_the_parties_command(sample_db: Path) -> None:
    printed = json.loads(invoke("parties", "RCAT", "-f", "json", "--data-dir", SAMPLE).stdout)
    stored = rows(
        sample_db,
        "select party_id, status, action, date, signature, in_force, in_force_derived from parties"
        " where instrument_id = 'convention' order by rowid",
    )
    listed = [
        (
            p["id"],
            p["status"],
            p["action"],
            p["date"],
            p["signature"],
            p["in_force"],
            int(p["in_force_derived"]),
        )
        for p in printed
        if p["status"] != "no record"
    ]
    assert sorted(stored) == sorted(listed)


def test_metadata_describes_every_table_and_column(sample_db: Path) -> None:
    metadata = json.loads((sample_db.parent / "metadata.json").read_text(encoding="utf-8"))
    tables = metadata["databases"]["sample"]["tables"]
    assert sorted(tables) == sorted(DATABASE)
    for name, table in tables.items():
        columns = [r[1] for r in rows(sample_db, f"pragma table_info({name})")]
        assert list(table["columns"]) == columns
        assert all(description.strip() for description in table["columns"].values()), name
        assert table["description"]
    assert tables["records"]["label_column"] == "name"
    assert tables["records"]["columns"]["parent"].endswith("(the linked record's id)")
    assert metadata["title"] and metadata["license"] and metadata["source"]


@pytest.mark.parametrize("kind", ["sqlite", "csv"])
def test_a_symbolic_link_is_refused_even_with_force(tmp_path: Path, kind: str) -> None:
    real = tmp_path / "real.db"
    real.write_text("mine", encoding="utf-8")
    link = tmp_path / ("out.db" if kind == "sqlite" else "tables")
    if kind == "csv":
        (tmp_path / "tables").mkdir()
        link = tmp_path / "tables" / "records.csv"
    link.symlink_to(real)
    target = link if kind == "sqlite" else link.parent
    result = invoke("export", kind, str(target), "--force", "--data-dir", SAMPLE)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: '{link}' is a symbolic link; aseanct does not replace links\n"
        f"hint: give the path it points to ({real}), or remove the link\n"
    )
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "mine"


def test_nothing_is_replaced_without_force(sample_db: Path) -> None:
    before = sample_db.read_bytes()
    result = invoke("export", "sqlite", str(sample_db), "--data-dir", SAMPLE)
    assert result.exit_code == 2
    assert (
        result.stderr == f"error: '{sample_db}' already exists\nhint: add --force to replace it\n"
    )
    assert sample_db.read_bytes() == before
    again = invoke("export", "sqlite", str(sample_db), "--force", "--data-dir", SAMPLE)
    assert again.exit_code == 0
    assert rows(sample_db, "select count(*) from records") == [(34,)]


def test_no_metadata_when_asked(tmp_path: Path) -> None:
    result = invoke(
        "export", "sqlite", str(tmp_path / "a.db"), "--metadata", "", "--data-dir", SAMPLE
    )
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.db"]


def test_a_directory_is_not_a_database_file(tmp_path: Path) -> None:
    result = invoke("export", "sqlite", str(tmp_path), "--data-dir", SAMPLE)
    assert result.exit_code == 2
    assert "is a directory; give the database file's path" in result.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_jsonl_and_csv_write_one_file_per_table(tmp_path: Path, fmt: str, sample: Registry) -> None:
    target = tmp_path / "tables"
    result = invoke("export", fmt, str(target), "--data-dir", SAMPLE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "".join(f"{target / t}.{fmt}\n" for t in TABLES)
    built = {t.name: t for t in tables.tables()}
    database = tmp_path / "all.db"
    assert invoke("export", "sqlite", str(database), "--data-dir", SAMPLE).exit_code == 0
    for name in TABLES:
        path = target / f"{name}.{fmt}"
        ((count,),) = rows(database, f"select count(*) from {name}")
        columns = [c for c in built[name].columns if c != "search_text"]
        if fmt == "jsonl":
            lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
            assert [list(line) for line in lines] == [columns] * count
        else:
            with path.open(encoding="utf-8", newline="") as handle:
                table = list(csv.reader(handle))
            assert table[0] == [c for c in columns if c != "data"]
            assert len(table) == count + 1
    if fmt == "jsonl":
        first = json.loads((target / "records.jsonl").read_text(encoding="utf-8").splitlines()[0])
        assert isinstance(first["acronyms"], list) and isinstance(first["data"], dict)


def test_csv_into_an_existing_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    result = invoke("export", "csv", str(tmp_path / "f"), "--data-dir", SAMPLE)
    assert (
        result.exit_code == 2 and "is a file; give a directory for the csv files" in result.stderr
    )


def test_the_shipped_data_finds_the_hsu_on_people_smuggling(
    tmp_path: Path, shipped: Registry
) -> None:
    db = tmp_path / "out.db"
    assert invoke("export", "sqlite", str(db)).exit_code == 0
    found = [
        r[0]
        for r in rows(
            db,
            "select id from records where rowid in (select rowid from records_fts where records_fts match 'smuggling')",
        )
    ]
    assert "hsu-people-smuggling" in found
    assert rows(db, "pragma foreign_key_check") == []
    sources = sum(isinstance(r, Source) for r in shipped.records)
    assert rows(db, "select count(*) from sources") == [(sources,)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.subprocess
@pytest.mark.slow
def test_datasette_serves_the_database_and_its_search_finds_records(tmp_path: Path) -> None:
    datasette = needs_program("datasette")
    db = tmp_path / "out.db"
    assert invoke("export", "sqlite", str(db)).exit_code == 0
    port = free_port()
    server = subprocess.Popen(
        [
            datasette,
            str(db),
            "-m",
            str(tmp_path / "metadata.json"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=environment(),
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=2).read()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                assert time.monotonic() < deadline, "datasette did not start"
                time.sleep(0.2)
        found = json.loads(
            urllib.request.urlopen(
                f"{base}/out/records.json?_search=smuggling&_shape=array&_size=max", timeout=10
            ).read()
        )
        assert "hsu-people-smuggling" in [r["id"] for r in found]
        page = (
            urllib.request.urlopen(f"{base}/out/records?_search=smuggling", timeout=10)
            .read()
            .decode()
        )
        assert 'name="_search"' in page  # the search box
        ranked = json.loads(
            urllib.request.urlopen(
                f"{base}/out/search.json?words=people+smuggling&_shape=array", timeout=10
            ).read()
        )
        assert "hsu-people-smuggling" in [r["id"] for r in ranked[:5]]  # best first
        table = json.loads(
            urllib.request.urlopen(
                f"{base}/out/records.json?_shape=objects&id=somtc", timeout=10
            ).read()
        )
        assert table["rows"][0]["parent"] == "ammtc"
        faceted = json.loads(
            urllib.request.urlopen(f"{base}/out/records.json?_size=0", timeout=10).read()
        )
        facets = faceted["facet_results"]
        assert list(facets) == ["type", "kind", "pillar", "country", "sources"]
        assert facets["sources"]["type"] == "array"  # each source counted once per record
        pillars = {f["value"]: f["label"] for f in facets["pillar"]["results"]}
        assert pillars["apsc"] == "ASEAN Political-Security Community"  # the name, not the id
        described = urllib.request.urlopen(f"{base}/out/statements", timeout=10).read().decode()
        assert "numbered as" in described  # the table description from metadata.json
    finally:
        server.terminate()
        server.communicate(timeout=10)  # reaps it and closes its pipe
    assert os.path.exists(db)


@pytest.mark.parametrize(
    ("fmt", "path"),
    [
        ("sqlite", "no-such-dir/out.db"),
        ("sqlite", "file/out.db"),
        ("jsonl", "file/tables"),  # a missing directory is made, but not under a file
        ("csv", "file/tables"),
    ],
)
def test_a_target_that_cannot_be_written_is_a_usage_error(
    tmp_path: Path, fmt: str, path: str
) -> None:
    """Not an internal error: the command line names a place that cannot be written."""
    (tmp_path / "file").write_text("x")
    target = tmp_path / path
    result = invoke("export", fmt, str(target), "--metadata", "", "--data-dir", SAMPLE)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"error: cannot write '{target}': "), result.stderr
    assert lines[1:] == ["hint: give a path in a directory that exists and that you may write to"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_interrupted_export_leaves_no_half_written_table(
    tmp_path: Path, fmt: str, sample: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C in the fourth table: no table is half-written, no directory is left made."""
    real = export.table_rows

    def interrupted(
        db: object, registry: object, table: tables.Table
    ) -> Iterator[dict[str, object]]:
        rows = real(db, registry, table)  # type: ignore[arg-type]
        if table.name == "statements":
            yield next(rows)
            raise KeyboardInterrupt
        yield from rows

    fresh = tmp_path / "fresh"
    monkeypatch.setattr(export, "table_rows", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export.write_lines(str(fresh), sample.db, sample, fmt)
    assert not fresh.exists()
    earlier = tmp_path / "earlier"
    monkeypatch.setattr(export, "table_rows", real)
    export.write_lines(str(earlier), sample.db, sample, fmt)
    before = {p.name: p.read_bytes() for p in earlier.iterdir()}
    monkeypatch.setattr(export, "table_rows", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export.write_lines(str(earlier), sample.db, sample, fmt)
    assert {p.name: p.read_bytes() for p in earlier.iterdir()} == before


def test_metadata_that_cannot_be_written_leaves_no_database(tmp_path: Path) -> None:
    target = tmp_path / "out.db"
    meta = tmp_path / "no-such-dir" / "m.json"
    result = invoke("export", "sqlite", str(target), "--metadata", str(meta), "--data-dir", SAMPLE)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot write '{meta}': No such file or directory\n")
    assert list(tmp_path.iterdir()) == []


def test_metadata_never_overwrites_the_database(tmp_path: Path) -> None:
    target = tmp_path / "out.db"
    for meta in (str(target), str(tmp_path / "." / "out.db")):
        result = invoke(
            "export", "sqlite", str(target), "--metadata", meta, "--force", "--data-dir", SAMPLE
        )
        assert result.exit_code == 2
        assert result.stderr == (
            f"error: --metadata {meta!r} is the database file itself\n"
            "hint: give the metadata another path, or --metadata '' for none\n"
        )
    assert list(tmp_path.iterdir()) == []


def test_an_existing_metadata_json_names_the_ways_out(tmp_path: Path) -> None:
    (tmp_path / "metadata.json").write_text("{}", encoding="utf-8")
    result = invoke("export", "sqlite", str(tmp_path / "a.db"), "--data-dir", SAMPLE)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: '{tmp_path / 'metadata.json'}' already exists\n"
        "hint: add --force to replace it, or --metadata FILE to write it elsewhere, "
        "--metadata '' for none\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["metadata.json"]


def test_the_datasette_hint_can_be_pasted_into_a_shell(tmp_path: Path) -> None:
    folder = tmp_path / "my exports"
    folder.mkdir()
    result = invoke("export", "sqlite", str(folder / "my db.sqlite"), "--data-dir", SAMPLE)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"hint: browse it with: datasette '{folder}/my db.sqlite' -m '{folder}/metadata.json'"
    )


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_metadata_for_files_is_refused_not_ignored(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "t"
    result = invoke("export", fmt, str(target), "--metadata", str(tmp_path / "m.json"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: --metadata is for `export sqlite` (Datasette); {fmt} writes no metadata\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (OSError(28, "No space left on device"), "No space left on device"),
        (sqlite3.OperationalError("database or disk is full"), "database or disk is full"),
    ],
    ids=["full disk", "sqlite full"],
)
def test_a_full_disk_is_said_without_a_hint_about_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: Exception, said: str
) -> None:
    """Another path would not help: the error says what failed and gives no path hint."""

    def full(*args: object, **kwargs: object) -> None:
        raise failure

    monkeypatch.setattr(export, "write_database", full)
    target = tmp_path / "out.db"
    result = invoke("export", "sqlite", str(target), "--metadata", "", "--data-dir", SAMPLE)
    assert result.exit_code == 2, result.stderr
    assert result.stderr == f"error: cannot write '{target}': {said}\n"


def test_sql_aseanct_got_wrong_is_an_internal_error_and_the_store_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a usage error with a hint about the path, and not a damaged store to remove."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("ASEANCT_CACHE_DIR", str(cache))
    assert invoke("list", "--data-dir", SAMPLE).exit_code == 0
    stores = sorted(cache.rglob("*.sqlite*"))

    def wrong(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("table records has no column named nope")

    monkeypatch.setattr(export, "write_database", wrong)
    target = tmp_path / "out.db"
    result = invoke("export", "sqlite", str(target), "--metadata", "", "--data-dir", SAMPLE)
    assert result.exit_code == 4, result.stderr
    assert result.stderr.splitlines()[0] == (
        "error: internal error: RuntimeError: OperationalError: "
        "table records has no column named nope"
    )
    assert stores and sorted(cache.rglob("*.sqlite*")) == stores
