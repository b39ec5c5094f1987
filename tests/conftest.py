"""Shared fixtures: a pinned, colourless environment, a private cache, registries, a CLI runner."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import aseanct
from aseanct.cli import app
from aseanct.model.registry import Registry

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "data"
SEEDS = TESTS.parent.parent / "shared" / "seeds"

_PINNED_AWAY = (
    "NO_COLOR",
    "FORCE_COLOR",
    "GITHUB_ACTIONS",
    "PY_COLORS",
    "CLICOLOR_FORCE",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "ASEANCT_DATA_DIR",
    "ASEANCT_NO_CACHE",
    "ASEANCT_DEBUG",
)


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache directory private to this test session."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def pinned_environment(monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> Iterator[None]:
    """No colour variables, 80 columns, and the session's private cache for every test."""
    for name in _PINNED_AWAY:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("ASEANCT_CACHE_DIR", str(cache_dir))
    yield


@pytest.fixture(scope="session")
def shipped() -> Registry:
    """The curated data, as shipped."""
    return aseanct.load()


@pytest.fixture(scope="session")
def mini() -> Registry:
    """The tiny fixture data directory tests/data/mini."""
    return aseanct.load(str(FIXTURES / "mini"))


@pytest.fixture(scope="session")
def sample() -> Registry:
    """tests/data/sample: a small invented region with every shape the data has. Renderer
    golden files are drawn from it, so a correction to the shipped data never rewrites them."""
    return aseanct.load(str(FIXTURES / "sample"))


def invoke(
    *args: str, input: str | bytes | None = None, env: dict[str, str] | None = None
) -> Result:
    """Run the Typer app in-process with stdout and stderr kept apart."""
    return CliRunner().invoke(app, list(args), input=input, env=env)


def environment(**extra: str) -> dict[str, str]:
    """The current (pinned) environment plus `extra`, for subprocesses."""
    env = dict(os.environ)
    env.update(extra)
    return env


REQUIRE_TOOLS = "ASEANCT_REQUIRE_TOOLS"
"""The external programs (comma-separated, or 1 for all) whose absence fails the tests that
need them instead of skipping them: .ci/run names those the machine has or installed."""


def required(name: str) -> bool:
    """Must the machine have this program (or Python package)?"""
    value = os.environ.get(REQUIRE_TOOLS, "")
    return value == "1" or name in value.split(",")


def needs_program(name: str) -> str:
    """The path of a program a test runs (Graphviz's `dot`, `datasette` from the test extra):
    the test is skipped when it is not on PATH (or beside this Python), or fails if
    ASEANCT_REQUIRE_TOOLS=1 says the machine must have it."""
    path = shutil.which(name) or shutil.which(name, path=os.path.dirname(sys.executable))
    if path is None:
        if required(name):
            pytest.fail(f"{name} is not on PATH, and {REQUIRE_TOOLS} requires it")
        pytest.skip(f"{name} is not on PATH (install Graphviz to run this test)")
    return path


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-golden` rewrites tests/expected/ from the current renderers."""
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden files")
