"""Synthetic data directories: the shipped data plus N generated bodies (tests and benchmarks)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

WORDS = [
    "regional",
    "senior",
    "officials",
    "working",
    "group",
    "committee",
    "council",
    "forum",
    "meeting",
    "network",
    "task",
    "force",
    "mechanism",
    "unit",
    "board",
    "panel",
]


def acronym_of(number: int) -> str:
    """A unique all-caps acronym for generated record `number` (letters only)."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return "X" + letters


def generate(directory: Path, count: int, *, seed: int = 42, with_shipped: bool = True) -> Path:
    """Write a data directory of the shipped YAML plus `count` generated bodies in extra.yaml."""
    from aseanct import datadir as store

    directory.mkdir(parents=True, exist_ok=True)
    if with_shipped:
        for file in Path(store.packaged_data_dir()).glob("*.yaml"):
            shutil.copy(file, directory / file.name)
    rng = random.Random(seed)
    lines = [
        "# Generated: synthetic bodies for scale tests and benchmarks.",
        "sources:",
        "  - id: synthetic-source",
        "    name: Synthetic source",
        "    kind: generated",
        "    publisher: aseanct tests",
        "    url: https://example.org/synthetic",
        "    accessed: 2026-01-01",
        "bodies:",
    ]
    for number in range(count):
        name = " ".join(rng.choice(WORDS) for _ in range(4)).title()
        lines += [
            f"  - id: syn-{number:05d}",
            f"    acronyms: [{acronym_of(number)}]",
            f"    name: {name} {number}",
            "    kind: generated body",
            f"    description: A generated body number {number} for testing how aseanct scales.",
            "    sources: [synthetic-source]",
        ]
        if number >= 10:
            parent = f"syn-{rng.randrange(0, number // 2):05d}"
            lines.append(
                f"    parent: {{id: {parent}, relation: subsidiary-of, sources: [synthetic-source]}}"
            )
    (directory / "extra.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory
