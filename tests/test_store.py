"""The store: one SQLite file per data directory, which proves itself before it is used, and
removes nothing aseanct did not write."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

from aseanct.store import Store, files

MINI = str(FIXTURES / "mini")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """aseanct's own directory under a private, empty cache directory for one test."""
    monkeypatch.setenv("ASEANCT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "aseanct"


def written(data_dir: str = MINI) -> Path:
    """Build the store of a data directory and return its path."""
    opened = Store(data_dir)
    opened.registry()
    location = opened.path
    assert location is not None and opened.state == "written", opened.state
    return Path(location)


def copy_of_mini(tmp_path: Path, name: str, replace: tuple[str, str] | None = None) -> str:
    target = tmp_path / name
    shutil.copytree(MINI, target)
    if replace:
        bodies = target / "bodies.yaml"
        bodies.write_text(bodies.read_text(encoding="utf-8").replace(*replace), encoding="utf-8")
    return str(target)


def test_a_fresh_store_is_used_and_said_to_be(root: Path) -> None:
    location = written()
    again = Store(MINI)
    assert again.resolver().resolve("TOP")[0][0] == "top"
    assert again.describe() == {"path": str(location), "state": "in use"}
    assert location.parent == root and location.stat().st_mode & 0o777 == 0o600


def test_one_run_writes_the_store_and_the_next_reads_it(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aseanct import loader

    written()
    monkeypatch.setattr(loader, "read_data_dir", lambda d: pytest.fail("parsed again"))
    assert Store(MINI).registry().by_id["top"].name == "Top Meeting"


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b""),
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        lambda p: p.write_bytes(b"not a database at all" * 100),
        lambda p: p.write_bytes(p.read_bytes()[:100] + b"\0" * (len(p.read_bytes()) - 100)),
        lambda p: (p.unlink(), p.symlink_to("/dev/zero")),
    ],
    ids=["empty", "truncated", "garbage", "pages zeroed", "link to /dev/zero"],
)
def test_a_damaged_store_is_discarded_and_rebuilt(root: Path, damage: object) -> None:
    location = written()
    damage(location)  # type: ignore[operator]
    opened = Store(MINI)
    assert opened.resolver().resolve("TOP")[0][4] == "Top Meeting"
    assert opened.registry().by_id["top"].name == "Top Meeting"
    assert opened.state.startswith("rebuilt: ") or opened.state == "written", opened.state
    assert Store(MINI).describe()["state"] == "in use"


def test_a_store_removed_by_another_run_while_it_is_proven_is_built_again(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = written()
    lstat = os.lstat

    def pruned_meanwhile(path: object, *args: object, **kwargs: object) -> os.stat_result:
        # Another run (after a data edit, or another version) prunes it at this moment.
        if str(path) == str(location) and sys._getframe(1).f_code.co_name == "_proven":
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return lstat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "lstat", pruned_meanwhile)
    opened = Store(MINI)
    assert opened.registry().by_id["top"].name == "Top Meeting"
    assert opened.state.startswith("rebuilt: "), opened.state


@pytest.mark.parametrize("make", [os.mkfifo, os.mkdir], ids=["a FIFO", "a directory"])
def test_what_is_not_a_file_at_the_stores_name_is_left_alone(root: Path, make: object) -> None:
    """aseanct removes nothing it cannot prove it wrote: a directory or a FIFO where its
    store should be stays, and the data is read from memory."""
    location = written()
    location.unlink()
    make(location)  # type: ignore[operator]
    opened = Store(MINI)
    assert opened.resolver().resolve("TOP")[0][4] == "Top Meeting"
    assert opened.state == f"not written: {location} is not a regular file"
    assert location.exists() and not location.is_file()


def test_a_store_symlinked_to_another_data_directorys_store_is_refused(
    root: Path, tmp_path: Path
) -> None:
    mine = copy_of_mini(tmp_path, "mine")
    theirs = copy_of_mini(tmp_path, "theirs", ("Top Meeting", "Their Meeting"))
    my_store, their_store = written(mine), written(theirs)
    my_store.unlink()
    my_store.symlink_to(their_store)
    opened = Store(mine)
    assert opened.resolver().resolve("TOP")[0][4] == "Top Meeting"
    assert opened.describe() == {"path": str(my_store), "state": "rebuilt: it was a symlink"}
    assert my_store.is_file() and not my_store.is_symlink()
    assert Store(theirs).resolver().resolve("TOP")[0][4] == "Their Meeting"  # untouched


def test_a_store_written_for_another_data_directory_is_refused(root: Path, tmp_path: Path) -> None:
    mine = copy_of_mini(tmp_path, "mine")
    theirs = copy_of_mini(tmp_path, "theirs", ("Top Meeting", "Their Meeting"))
    my_store, their_store = written(mine), written(theirs)
    shutil.copy(their_store, my_store)
    opened = Store(mine)
    assert opened.registry().by_id["top"].name == "Top Meeting"
    assert opened.state == "rebuilt: it was written for another program or data directory"


def test_a_cache_directory_others_can_write_is_refused_with_one_warning(root: Path) -> None:
    root.mkdir(parents=True, mode=0o777)
    root.chmod(0o777)
    opened = Store(MINI)
    assert opened.registry().by_id["top"].name == "Top Meeting"  # from memory
    assert opened.state.startswith("refused:") and "writable by others" in opened.state
    assert len(opened.warnings) == 1 and opened.warnings[0].startswith("warning: not using")
    assert list(root.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership")
def test_a_cache_directory_owned_by_another_user_is_refused(
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


def test_a_planted_store_in_a_world_writable_directory_is_never_read(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another user can compute the store's name in a shared directory and plant answers
    there: a directory anyone may write to is refused before any name in it is looked at."""
    location = written()
    db = sqlite3.connect(location)
    db.execute("UPDATE terms SET name = '\x1b[2JPWNED'")
    db.commit()
    db.close()
    root.chmod(0o777)
    opened = Store(MINI)
    assert opened.resolver().resolve("TOP")[0][4] == "Top Meeting"
    assert len(opened.warnings) == 1 and "writable by others" in opened.warnings[0]


def test_a_relative_cache_directory_is_ignored_as_xdg_asks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ASEANCT_CACHE_DIR", "relative/cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    opened = Store(MINI)
    location = opened.describe()["path"]
    assert location is not None and location.startswith(str(tmp_path / "xdg" / "aseanct"))
    assert opened.warnings[0].startswith("warning: ignoring ASEANCT_CACHE_DIR")
    assert not (tmp_path / "relative").exists()


def test_a_home_that_does_not_exist_is_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run as root, mkdir could make $HOME itself: no cache then, and nothing written."""
    monkeypatch.delenv("ASEANCT_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "gone" / "home"))
    opened = Store(MINI)
    assert opened.describe()["path"] is None
    assert opened.registry().by_id["top"].id == "top"
    assert not (tmp_path / "gone").exists()


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(root: Path, tmp_path: Path) -> None:
    """ctime moves on every write, whatever mtime says: the store's name changes."""
    data = copy_of_mini(tmp_path, "data")
    written(data)
    bodies = Path(data) / "bodies.yaml"
    info = bodies.stat()
    text = bodies.read_text(encoding="utf-8")
    bodies.write_text(text.replace("Top Meeting", "Tip Meeting"), encoding="utf-8")
    os.utime(bodies, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert bodies.stat().st_size == info.st_size
    assert Store(data).registry().by_id["top"].name == "Tip Meeting"


def test_no_cache_means_none_is_read_or_written(root: Path) -> None:
    opened = Store(MINI, use_cache=False)
    assert opened.registry().by_id["top"].name == "Top Meeting"
    assert opened.describe() == {"path": None, "state": "disabled"}
    assert not root.exists()


# --- what aseanct removes: only what it wrote ----------------------------------------------------


def test_older_stores_and_abandoned_builds_are_removed_on_the_next_write(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = copy_of_mini(tmp_path, "data")
    first = written(data)
    abandoned = root / ".building-999999999-0badf00d.sqlite"
    abandoned.write_bytes(b"")  # a build killed before its first page
    monkeypatch.setattr(files, "_code_stamp", lambda: "another version")
    second = written(data)
    assert second != first
    assert sorted(p.name for p in root.iterdir()) == [second.name]


def test_nothing_aseanct_did_not_write_is_ever_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ASEANCT_CACHE_DIR may well be ~/.cache: other programs' files there, and files in
    aseanct's own directory that aseanct did not write (even with names like its own), stay."""
    cache = tmp_path / "cache"
    (cache / ".tmp-notes").mkdir(parents=True, mode=0o700)
    (cache / ".tmp-1-2").write_text("someone else's")
    own = cache / "aseanct"
    own.mkdir(mode=0o700)
    theirs = [
        own / ".tmp-notes",
        own / "notes.txt",
        own / ".building-999999999-0badf00d.sqlite",  # our name, not our header
        own / "store-000000000000-00000000-0000000000000000.sqlite",
    ]
    theirs[0].mkdir()
    for path in theirs[1:]:
        path.write_text("not a store of aseanct " * 10)
    other_db = own / "store-111111111111-11111111-1111111111111111.sqlite"
    sqlite3.connect(other_db).execute("CREATE TABLE t (x)").connection.close()  # no app id
    monkeypatch.setenv("ASEANCT_CACHE_DIR", str(cache))
    written()
    monkeypatch.setattr(files, "_code_stamp", lambda: "another version")
    written()
    assert (cache / ".tmp-notes").is_dir() and (cache / ".tmp-1-2").is_file()
    assert all(p.exists() for p in theirs) and other_db.is_file()


def test_info_tells_what_became_of_the_store(root: Path) -> None:
    import json

    from conftest import invoke

    def state(*extra: str) -> str:
        result = invoke("info", "-f", "json", "--data-dir", MINI, *extra)
        assert result.exit_code == 0, result.output
        return str(json.loads(result.stdout)["cache"]["state"])

    assert state() == "written"
    assert state() == "in use"
    Path(files.locate(MINI, [])).write_bytes(b"garbage" * 1000)
    assert state() == "rebuilt: it was not a store of aseanct"
    assert state() == "in use"
    assert state("--no-cache") == "disabled"
    root.chmod(0o757)
    assert state() == f"refused: {root} is writable by others"


def test_a_store_damaged_while_in_use_is_removed_with_a_clear_message(root: Path) -> None:
    """A page damaged after the store proved itself is caught when it is read: one error
    line, exit 3, and the next run rebuilds it."""
    from conftest import invoke

    location = written()
    db = sqlite3.connect(location)
    (root_page,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'terms'").fetchone()
    (size,) = db.execute("PRAGMA page_size").fetchone()
    db.close()
    data = bytearray(location.read_bytes())
    data[(root_page - 1) * size : root_page * size] = b"\xff" * size
    location.write_bytes(bytes(data))
    result = invoke("expand", "--data-dir", MINI, "TOP")
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith("error: the stored copy of the data is damaged: ")
    assert "run the command again" in result.stderr and not location.exists()
    again = invoke("expand", "--data-dir", MINI, "TOP")
    assert (again.exit_code, again.stdout) == (0, "TOP: Top Meeting\n")


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
    (shared / "aseanct").mkdir(parents=True)
    (shared / "aseanct").chmod(0o777)
    for argv in (LEAN, TYPER):
        assert run(argv, ASEANCT_CACHE_DIR=str(shared)) == (
            b"TOP: Top Meeting\n",
            f"warning: not using the cache in {shared / 'aseanct'}: it is writable by others\n".encode(),
            0,
        )
    assert list((shared / "aseanct").iterdir()) == []


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
        lambda p: p.write_bytes(p.read_bytes()[:4096]),
        lambda p: p.write_bytes(b"garbage" * 10_000),
    ],
    ids=["link to /dev/zero", "FIFO", "truncated", "garbage"],
)
def test_a_damaged_store_never_crashes_either_path(tmp_path: Path, damage: object) -> None:
    cache = tmp_path / "cache"
    for argv in (LEAN, TYPER):
        assert run(argv, ASEANCT_CACHE_DIR=str(cache))[2] == 0
        (location,) = (cache / "aseanct").iterdir()
        damage(location)  # type: ignore[operator]
        assert run(argv, ASEANCT_CACHE_DIR=str(cache)) == (b"TOP: Top Meeting\n", b"", 0)
