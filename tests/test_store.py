"""The store: one owner of the data directory's compiled cache, which proves itself before use."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import FIXTURES

from aseanct.lean import store
from aseanct.lean.store import Store

MINI = str(FIXTURES / "mini")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private, empty cache root for one test."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("ASEANCT_CACHE_DIR", str(cache))
    return cache


def written(data_dir: str = MINI) -> Path:
    """Compile a data directory and return its cache directory."""
    opened = Store(data_dir)
    opened.registry()
    location = opened.location()
    assert location is not None and opened.state == "written", opened.state
    return Path(location)


def test_a_fresh_cache_is_used_and_said_to_be(root: Path) -> None:
    location = written()
    again = Store(MINI)
    assert again.fresh() and again.describe() == {"path": str(location), "state": "in use"}
    assert again.index().resolve("TOP")[0][0] == "top"


def test_a_part_with_another_name_inside_is_refused_and_rebuilt(root: Path) -> None:
    """A shard rewritten as valid marshal with another name: the checksum no longer matches."""
    import marshal

    location = written()
    shard = next(p for p in location.glob("i*") if b"top" in p.read_bytes())
    data = shard.read_bytes()
    value = marshal.loads(data[12:])
    for entries in value.values():
        for index, entry in enumerate(entries):
            entries[index] = tuple("\x1b[2JPWNED" if v == "Top Meeting" else v for v in entry)
    payload = marshal.dumps(value)
    shard.write_bytes(data[:4] + len(payload).to_bytes(4, "little") + data[8:12] + payload)
    answer = Store(MINI).index().resolve("TOP")
    assert answer[0][4] == "Top Meeting"


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b""),
        lambda p: p.write_bytes(p.read_bytes()[:-3]),
        lambda p: p.write_bytes(b"ACT1" + (2**31).to_bytes(4, "little") + b"\0" * 8),
        lambda p: (p.unlink(), p.symlink_to("/dev/zero")),
        lambda p: (p.unlink(), os.mkfifo(p)),
    ],
    ids=["empty", "truncated", "claims 2 GiB", "symlink to /dev/zero", "a FIFO"],
)
def test_a_damaged_part_is_discarded_and_rebuilt(root: Path, damage: object) -> None:
    location = written()
    for part in location.iterdir():
        if part.name.startswith("i"):
            damage(part)  # type: ignore[operator]
    assert Store(MINI).index().resolve("TOP")[0][4] == "Top Meeting"
    assert Store(MINI).registry().by_id["top"].name == "Top Meeting"


def test_a_symlinked_cache_directory_is_never_followed(root: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    location = written()
    os.rename(location, other / "copy")
    location.symlink_to(other / "copy")
    opened = Store(MINI)
    assert not opened.fresh()
    assert opened.registry().by_id["top"].name == "Top Meeting"
    assert not location.is_symlink() and location.is_dir()


def test_a_cache_root_others_can_write_is_refused_with_one_warning(root: Path) -> None:
    root.mkdir(mode=0o777)
    root.chmod(0o777)
    opened = Store(MINI)
    assert opened.registry().by_id["top"].name == "Top Meeting"  # from memory
    assert opened.state.startswith("refused:") and "writable by others" in opened.state
    assert len(opened.warnings) == 1 and opened.warnings[0].startswith("warning: not using")
    assert list(root.iterdir()) == []


def test_a_relative_cache_directory_is_ignored_as_xdg_asks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ASEANCT_CACHE_DIR", "relative/cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    opened = Store(MINI)
    location = opened.location()
    assert location is not None and location.startswith(str(tmp_path / "xdg" / "aseanct"))
    assert opened.warnings[0].startswith("warning: ignoring ASEANCT_CACHE_DIR")
    assert not (tmp_path / "relative").exists()


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(root: Path, tmp_path: Path) -> None:
    """ctime moves on every write, whatever mtime says: the cache's name changes."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    written(str(data))
    bodies = data / "bodies.yaml"
    info = bodies.stat()
    text = bodies.read_text(encoding="utf-8")
    bodies.write_text(text.replace("Top Meeting", "Tip Meeting"), encoding="utf-8")
    os.utime(bodies, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert bodies.stat().st_size == info.st_size
    assert Store(str(data)).registry().by_id["top"].name == "Tip Meeting"


def test_one_run_writes_one_cache_and_the_next_reads_it(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first run within seconds of an edit does not make the next run parse again."""
    from aseanct import loader

    written()
    monkeypatch.setattr(loader, "read_data_dir", lambda d: pytest.fail("parsed again"))
    assert Store(MINI).registry().by_id["top"].name == "Top Meeting"


def test_leftovers_and_other_versions_are_removed_on_the_next_write(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    first = written(str(data))
    stale = root / ".tmp-999999999-dead"
    stale.mkdir()
    monkeypatch.setattr(store, "_code_stamp", lambda: "another version")
    second = written(str(data))
    assert second != first
    assert sorted(p.name for p in root.iterdir()) == [second.name]


def test_no_cache_means_none_is_read_or_written(root: Path) -> None:
    opened = Store(MINI, use_cache=False)
    assert opened.registry().by_id["top"].name == "Top Meeting"
    assert opened.describe() == {"path": None, "state": "disabled"}
    assert not root.exists()


@pytest.mark.parametrize(
    "value",
    [
        {"SOMTC": []},  # the shape of cache format 3: entries only
        {"entries": {}, "long_forms": {}},
        {"entries": {}, "long_forms": {"X": ["a"]}, "collisions": {"X": [1]}},
    ],
    ids=["format 3", "a key missing", "a meaning not text"],
)
def test_an_acronyms_part_of_the_wrong_shape_is_refused_and_rebuilt(root: Path, value: dict) -> None:
    """The acronyms part carries what glossary and annotate need on the lean path (entries,
    the names that introduce each acronym, its meanings outside this field): a part of
    another shape is damage, rebuilt from the YAML."""
    import binascii
    import marshal

    location = written(str(FIXTURES.parent.parent / "data"))
    part = location / "acronyms"
    payload = marshal.dumps(value)
    header = b"ACT1" + len(payload).to_bytes(4, "little")
    part.write_bytes(header + binascii.crc32(payload).to_bytes(4, "little") + payload)
    with pytest.raises(store.CacheDamaged):
        store.read_part(str(location), "acronyms")
    index = Store(str(FIXTURES.parent.parent / "data")).index()
    assert index.collisions()["ACT"] == ["Australian Capital Territory"]
    assert "ASEAN-Australia Counter-Trafficking" in index.long_forms()["ACT"]


# --- a cache that proves itself: the attacks of issue 16 -------------------------------------


def forge(part: Path, value: object) -> None:
    """Rewrite a part with valid framing (magic, length, CRC-32): only its content lies."""
    import binascii
    import marshal

    payload = value if isinstance(value, bytes) else marshal.dumps(value)
    part.write_bytes(
        store.MAGIC
        + len(payload).to_bytes(4, "little")
        + binascii.crc32(payload).to_bytes(4, "little")
        + payload
    )


def shard_holding(location: Path, key: str) -> Path:
    return location / f"i{store.shard_of(key)}"


def copy_of_mini(tmp_path: Path, name: str, replace: tuple[str, str] | None = None) -> str:
    import shutil

    target = tmp_path / name
    shutil.copytree(MINI, target)
    if replace:
        bodies = target / "bodies.yaml"
        bodies.write_text(bodies.read_text(encoding="utf-8").replace(*replace), encoding="utf-8")
    return str(target)


def test_a_cache_symlinked_to_another_data_directorys_cache_is_refused(
    root: Path, tmp_path: Path
) -> None:
    mine = copy_of_mini(tmp_path, "mine")
    theirs = copy_of_mini(tmp_path, "theirs", ("Top Meeting", "Their Meeting"))
    my_cache, their_cache = written(mine), written(theirs)
    import shutil

    shutil.rmtree(my_cache)
    my_cache.symlink_to(their_cache)
    opened = Store(mine)
    assert opened.index().resolve("TOP")[0][4] == "Top Meeting"
    assert opened.describe() == {"path": str(my_cache), "state": "rebuilt: it was a symlink"}
    assert my_cache.is_dir() and not my_cache.is_symlink()
    assert Store(theirs).index().resolve("TOP")[0][4] == "Their Meeting"  # theirs untouched


@pytest.mark.parametrize(
    "value",
    [
        {"top": [("top",) * 8]},  # an entry of the wrong arity
        {"top": [(1, 2, 3, 4, 5, 6, 7, 8, 9)]},  # not strings
        {"top": ("top",)},  # a tuple where a list belongs
        {1: []},  # a key that is not a string
        ["top"],  # not a table at all
        b"(" + (2**31 - 1).to_bytes(4, "little"),  # a tuple claiming 2**31 items
        b"{z\x03top[" + (2**30).to_bytes(4, "little") + b"0",  # a list claiming 2**30
        b"{z\x03topl" + (2**30).to_bytes(4, "little", signed=True) + b"0",  # a huge int
        b"{z\x03top\xe3",  # a code object
    ],
    ids=[
        "arity",
        "non-strings",
        "tuple for list",
        "int key",
        "list",
        "2**31 items",
        "2**30 items",
        "huge int",
        "code",
    ],
)
def test_a_part_of_the_wrong_shape_with_a_valid_checksum_is_rebuilt(
    root: Path, value: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Framing cannot stop a forged part (anyone who can write it can compute a CRC): its
    shape and its counts are checked before use, and no claimed size is allocated."""
    import marshal

    location = written()
    forge(shard_holding(location, "top"), value)
    real_loads = marshal.loads
    loaded: list[bytes] = []

    def loads(data: bytes) -> object:
        loaded.append(bytes(data))
        return real_loads(data)

    monkeypatch.setattr(marshal, "loads", loads)
    opened = Store(MINI)
    assert opened.index().resolve("TOP")[0][4] == "Top Meeting"
    assert opened.state == f"rebuilt: its part 'i{store.shard_of('top')}' was damaged"
    assert Store(MINI).index().resolve("TOP")[0][4] == "Top Meeting"
    if isinstance(value, bytes):  # refused before marshal could allocate what it claims
        assert value not in loaded


def test_counts_are_checked_against_the_bytes_that_follow() -> None:
    import marshal

    assert store.bounded(marshal.dumps({"k": [("a", "b", 1, None, 2.5, 10**40, -(10**40))]}))
    assert not store.bounded(b"(" + (2**31 - 1).to_bytes(4, "little"))
    assert not store.bounded(b")\xff")  # a small tuple of 255 items in 0 bytes
    assert not store.bounded(marshal.dumps(["a", "b"])[:-1])  # truncated
    assert not store.bounded(marshal.dumps(["a", "b"]) + b"N")  # trailing bytes
    assert not store.bounded(b"0")  # a NULL outside a dict


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership")
def test_a_cache_root_owned_by_another_user_is_refused(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written()
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)
    opened = Store(MINI)
    assert opened.registry().by_id["top"].name == "Top Meeting"
    assert opened.state == f"refused: {root} is owned by another user"
    assert opened.warnings == [
        f"warning: not using the cache in {root}: it is owned by another user"
    ]


def test_a_planted_cache_in_a_world_writable_directory_is_never_read(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another user can compute the cache's name in a shared directory and plant answers
    there: a root anyone may write to is refused before any name in it is looked at."""
    location = written()
    forge(
        shard_holding(location, "top"),
        {"top": [("top", "body", "k", "TOP", "\x1b[2JPWNED", "TOP", "", "acronym", "TOP")]},
    )
    root.chmod(0o777)
    from aseanct import loader

    parsed: list[str] = []
    real = loader.read_data_dir
    monkeypatch.setattr(loader, "read_data_dir", lambda d: parsed.append(d) or real(d))
    opened = Store(MINI)
    assert opened.index().resolve("TOP")[0][4] == "Top Meeting"
    assert parsed == [MINI]
    assert len(opened.warnings) == 1 and "writable by others" in opened.warnings[0]


def test_info_tells_what_became_of_the_cache(root: Path) -> None:
    import json

    from conftest import invoke

    def state(*extra: str) -> str:
        result = invoke("info", "-f", "json", "--data-dir", MINI, *extra)
        assert result.exit_code == 0, result.output
        return str(json.loads(result.stdout)["cache"]["state"])

    assert state() == "written"
    assert state() == "in use"
    location = Path(Store(MINI).location() or "")
    forge(location / "records", [{"id": 1}])
    assert state() == "rebuilt: its part 'records' was damaged"
    assert state() == "in use"
    assert state("--no-cache") == "disabled"
    root.chmod(0o757)
    assert state() == f"refused: {root} is writable by others"


def test_a_first_run_within_two_seconds_of_an_edit_does_not_make_the_next_parse(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files were just written (racy: within RACY_NS of the cache), so the stamp keeps
    their checksums, and the next run compares those instead of parsing again."""
    import time

    from aseanct import loader

    data = copy_of_mini(tmp_path, "fresh", ("Top Meeting", "Top Meeting"))  # an edit, now
    assert time.time_ns() - os.stat(Path(data) / "bodies.yaml").st_mtime_ns < store.RACY_NS
    written(data)
    monkeypatch.setattr(loader, "read_data_dir", lambda d: pytest.fail("parsed twice"))
    again = Store(data)
    assert again.registry().by_id["top"].name == "Top Meeting"
    assert again.state == "in use"


def test_a_racy_edit_that_keeps_every_stat_is_still_seen(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within the racy window a file changed with the same size, mtime, ctime and inode (as
    a coarse clock allows) is caught by its checksum."""
    data = copy_of_mini(tmp_path, "racy")
    written(data)
    bodies = Path(data) / "bodies.yaml"
    stats = store.data_stats(data)
    bodies.write_text(bodies.read_text().replace("Top Meeting", "Tip Meeting"))
    monkeypatch.setattr(store, "data_stats", lambda directory: stats)  # the clock did not move
    assert Store(data).registry().by_id["top"].name == "Tip Meeting"


# --- both entry paths, as real processes ------------------------------------------------------

LEAN = ["expand", "TOP"]
TYPER = ["expand", "--color", "never", "TOP"]


def run(argv: list[str], **env: str) -> tuple[bytes, bytes, int]:
    import subprocess

    from conftest import environment
    from terminal import ASEANCT

    done = subprocess.run(
        [*ASEANCT, *argv],
        env=environment(ASEANCT_DATA_DIR=MINI, **env),
        capture_output=True,
        timeout=60,
        check=False,
    )
    return done.stdout, done.stderr, done.returncode


@pytest.mark.subprocess
def test_a_world_writable_cache_dir_is_said_once_and_answers_on_both_paths(
    tmp_path: Path,
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    for argv in (LEAN, TYPER):
        assert run(argv, ASEANCT_CACHE_DIR=str(shared)) == (
            b"TOP: Top Meeting\n",
            f"warning: not using the cache in {shared}: it is writable by others\n".encode(),
            0,
        )
    assert list(shared.iterdir()) == []


@pytest.mark.subprocess
def test_a_relative_cache_dir_is_ignored_with_a_warning_on_both_paths(tmp_path: Path) -> None:
    import subprocess

    from conftest import environment
    from terminal import ASEANCT

    for argv in (LEAN, TYPER):
        done = subprocess.run(
            [*ASEANCT, *argv],
            env=environment(
                ASEANCT_DATA_DIR=MINI,
                ASEANCT_CACHE_DIR="relative/cache",
                XDG_CACHE_HOME=str(tmp_path / "xdg"),
            ),
            cwd=tmp_path,
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert (done.stdout, done.returncode) == (b"TOP: Top Meeting\n", 0)
        assert done.stderr == (
            b"warning: ignoring ASEANCT_CACHE_DIR: not an absolute path; "
            b"using the default cache directory\n"
        )
    assert not (tmp_path / "relative").exists() and (tmp_path / "xdg" / "aseanct").is_dir()


@pytest.mark.subprocess
@pytest.mark.parametrize(
    "damage",
    [
        lambda p: (p.unlink(), p.symlink_to("/dev/zero")),
        lambda p: (p.unlink(), os.mkfifo(p)),
        lambda p: forge(p, b"(" + (2**31 - 1).to_bytes(4, "little")),
        lambda p: forge(p, {"top": [("top", 1)]}),
    ],
    ids=["link to /dev/zero", "FIFO", "2**31 items", "wrong shape"],
)
def test_a_damaged_cache_never_crashes_either_path(tmp_path: Path, damage: object) -> None:
    cache = tmp_path / "cache"
    for argv in (LEAN, TYPER):
        assert run(argv, ASEANCT_CACHE_DIR=str(cache))[2] == 0
        (location,) = cache.iterdir()
        for part in location.iterdir():
            if part.name.startswith("i"):
                damage(part)  # type: ignore[operator]
        assert run(argv, ASEANCT_CACHE_DIR=str(cache)) == (b"TOP: Top Meeting\n", b"", 0)


def test_a_racy_cache_once_proven_past_the_window_is_not_checked_again(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checksumming every data file on every run, for ever, because the first run came
    within seconds of an edit, would cost every later run: once proven after the window,
    the cache is marked so."""
    import time

    monkeypatch.setattr(store, "RACY_NS", 200_000_000)
    data = copy_of_mini(tmp_path, "edited", ("Top Meeting", "Top Meeting"))
    written(data)
    time.sleep(0.3)
    read: list[str] = []
    real = store._crc_of_file
    monkeypatch.setattr(store, "_crc_of_file", lambda path: read.append(path) or real(path))
    assert Store(data).fresh() and read  # racy: checked by checksum
    read.clear()
    assert Store(data).fresh() and read == []  # proven: not again


@pytest.mark.parametrize(
    ("part", "payload"),
    [
        ("linkers", b'{"top": [1, 2]}'),  # ids that are not text
        ("linkers", b'["top"]'),  # not a table
        ("records", b"[" * 100_000),  # nested past any recursion limit
        ("records", b'[{"id": "top"}'),  # cut short
    ],
    ids=["linkers of ints", "linkers list", "deep nesting", "truncated"],
)
def test_a_json_part_that_lies_is_rebuilt(root: Path, part: str, payload: bytes) -> None:
    """The records and the table of who links to whom are JSON (no counts to allocate
    from): a part that does not parse, or parses to the wrong shape, is damage."""
    location = written()
    forge(location / part, payload)
    opened = Store(MINI)
    assert opened.registry().by_id["top"].name == "Top Meeting"
    assert opened.state == f"rebuilt: its part '{part}' was damaged"
