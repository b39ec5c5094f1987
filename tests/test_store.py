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
