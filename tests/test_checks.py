"""`validate` refuses a chronology that cannot be, on a mutated copy of the shipped data.

Each case edits one statement of a copy of data/ and expects exactly one new problem, located
as FILE:LINE: path: message. The unmutated copy must validate (it is the shipped data)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from aseanct import datadir as store
from aseanct.errors import DataError
from aseanct.loader import read_data_dir

MUTATIONS = [
    pytest.param(
        "bodies.yaml",
        "      - id: timor-leste\n        since: 2025-10-26\n",
        "      - id: timor-leste\n        since: 2999-10-26\n",
        "bodies.yaml:{line}: bodies[{n}].members[{n}].since: 2999-10-26 is in the future "
        "(today is {today}); mark it `planned: true` if it is a plan",
        id="a member-since date in the future",
    ),
    pytest.param(
        "programmes.yaml",
        '      date: "2028"\n      planned: true\n',
        '      date: "2028"\n',
        "programmes.yaml:{line}: programmes[{n}].end_date.date: 2028 is in the future "
        "(today is {today}); mark it `planned: true` if it is a plan",
        id="a future end not marked as planned",
    ),
    pytest.param(
        "events.yaml",
        "      - {id: acwc, relation: prepares, sources: [cil-nus-53268]}",
        "      - {id: acwc, relation: concerns, sources: [cil-nus-53268]}",
        "events.yaml:{line}: events[{n}].related[0]: the event (2009-10-22) is dated before "
        "'acwc' was set up (2010-04-07); link it as `prepares` if it led to the setting up",
        id="an event dated before the body it concerns was set up",
    ),
    pytest.param(
        "programmes.yaml",
        '{name: Phase 1, start_date: "2019"',
        '{name: Phase 1, start_date: "2016"',
        "programmes.yaml:{line}: programmes[{n}].phases[0].start_date: the phase starts (2016) "
        "before the programme (2018)",
        id="a phase outside its programme's span",
    ),
    pytest.param(
        "programmes.yaml",
        "    start_date:\n      date: 2006-08\n",
        "    start_date:\n      date: 2002-08\n",
        "programmes.yaml:{line}: programmes[{n}].predecessor: it starts (2002-08) before "
        "'arcppt', which it follows, starts (2003)",
        id="a successor that starts before its predecessor",
    ),
    pytest.param(
        "programmes.yaml",
        '    end_date:\n      date: "2012"\n',
        '    end_date:\n      date: "2016"\n',
        "programmes.yaml:{line}: programmes[{n}].predecessor: 'artip', which it follows, ends "
        "(2016) more than a year after it starts (2013-08); say why in a note on this link",
        id="a predecessor that ends long after its successor starts, without a note",
    ),
    pytest.param(
        "sources.yaml",
        "    url: https://www.aaptip.org/\n",
        "    url: https://tomorrow.paperai.life/https://www.aaptip.org/\n",
        "sources.yaml:{line}: sources[{n}].url: paperai.life holds copies: give the original "
        "publisher's address as url and the copy you read as via",
        id="a source whose own url is a mirror",
    ),
    pytest.param(
        "terms.yaml",
        "        in_force:\n          date: '2017-03-08'\n          sources:\n"
        "            - xaydungdang-vn-ph-2018\n",
        "        in_force:\n          date: '2017-02-01'\n          sources:\n"
        "            - xaydungdang-vn-ph-2018\n",
        "terms.yaml:{line}: terms[{n}].parties[{n}].in_force: entry into force 2017-02-01 "
        "contradicts the instrument's rule (the instrument's own entry into force, after the "
        "state's deposit: 2017-03-08); correct one, or say why in a note on in_force",
        id="an entry into force that breaks the instrument's rule",
    ),
    pytest.param(
        "posts.yaml",
        "      - name: Caroline Millar\n        start_date:\n          date: 2003-07\n",
        "      - name: Caroline Millar\n        start_date:\n          date: 2001-07\n",
        "posts.yaml:{line}: posts[{n}].holders[0].start_date: the term starts (2001-07) before the "
        "post was created (2002-04)",
        id="a holder's term before the post was created",
    ),
    pytest.param(
        "laws.yaml",
        "    enacted:\n      date: '2023-08-10'\n",
        "    enacted:\n      date: '2007-08-10'\n",
        "laws.yaml:{line}: laws[{n}].amends[0]: it amends 'id-perpres-69-2008' (2008) but was "
        "made before it (2007-08-10)",
        id="an amendment made before the law it amends",
    ),
]


@pytest.fixture(scope="module")
def valid_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped data, read once to show that it is valid as it stands."""
    copy = tmp_path_factory.mktemp("valid") / "data"
    shutil.copytree(store.packaged_data_dir(), copy)
    read_data_dir(str(copy))
    return copy


@pytest.fixture
def data_copy(tmp_path: Path, valid_data: Path) -> Path:
    """A copy of that valid copy, for one test to break."""
    copy = tmp_path / "data"
    shutil.copytree(valid_data, copy)
    return copy


def line_of(path: Path, text: str) -> int:
    """The line where `text` starts in the file (1-based)."""
    content = path.read_text(encoding="utf-8")
    assert content.count(text) >= 1, text
    return content[: content.index(text)].count("\n") + 1


@pytest.mark.parametrize(("file", "before", "after", "expected"), MUTATIONS)
def test_validate_refuses_an_impossible_chronology(
    data_copy: Path, file: str, before: str, after: str, expected: str
) -> None:
    import datetime

    path = data_copy / file
    text = path.read_text(encoding="utf-8")
    assert text.count(before) == 1, before
    path.write_text(text.replace(before, after), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_data_dir(str(data_copy))
    problems = [str(p).replace(str(data_copy) + "/", "") for p in caught.value.problems]
    today = datetime.date.today().isoformat()
    pattern = (
        re.escape(expected)
        .replace(re.escape("{line}"), r"\d+")
        .replace(re.escape("{n}"), r"\d+")
        .replace(re.escape("{today}"), today)
    )
    matching = [p for p in problems if re.fullmatch(pattern, p)]
    assert len(matching) == 1, problems
    found = matching[0]
    # The line named holds the field the path names (the key, or the list item).
    line = int(found.split(":")[1])
    field = found.split(": ", 2)[1].rsplit(".", 1)[-1]
    written = path.read_text(encoding="utf-8").splitlines()[line - 1]
    key = field.split("[")[0]
    assert (f"{key}:" in written) if not field.endswith("]") else written.lstrip().startswith("-")
    # A successor that starts too early also overlaps its predecessor; otherwise one problem.
    assert len(problems) == (2 if "which it follows, starts" in expected else 1), problems


def test_a_planned_date_in_the_future_is_accepted(tmp_path: Path) -> None:
    directory = tmp_path / "d"
    directory.mkdir()
    (directory / "data.yaml").write_text(
        "sources:\n"
        "  - {id: s, name: S, kind: k, publisher: P, url: https://example.org, "
        "accessed: 2026-01-01}\n"
        "programmes:\n"
        "  - id: p\n    name: P\n    kind: k\n    sources: [s]\n"
        "    start_date: {date: '2020', sources: [s]}\n"
        "    end_date: {date: '2999', planned: true, sources: [s]}\n",
        encoding="utf-8",
    )
    assert [r["id"] for r in read_data_dir(str(directory))] == ["s", "p"]


def test_an_event_that_prepares_a_body_may_come_before_it(tmp_path: Path) -> None:
    directory = tmp_path / "d"
    directory.mkdir()
    (directory / "data.yaml").write_text(
        "sources:\n"
        "  - {id: s, name: S, kind: k, publisher: P, url: https://example.org, "
        "accessed: 2026-01-01}\n"
        "bodies:\n"
        "  - {id: b, name: B, kind: k, sources: [s], established: {date: '2010', sources: [s]}}\n"
        "events:\n"
        "  - {id: e, name: E, kind: k, date: '2009', sources: [s],"
        " related: [{id: b, relation: prepares, sources: [s]}]}\n",
        encoding="utf-8",
    )
    assert len(read_data_dir(str(directory))) == 3
