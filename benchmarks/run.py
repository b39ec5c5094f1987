"""aseanct's performance targets, measured side by side with their baselines in one run.

    python benchmarks/run.py            # every target; exits 1 if any is missed
    python benchmarks/run.py --only startup,batch --rounds 0.5

It installs the checkout as a wheel (not editable) into a fresh virtual environment under
benchmarks/.work/, generates the inputs there, checks that each command and its baseline
print the same thing where they should, then times them in interleaved rounds: every round
runs the command and its baseline in a new random order, and the figure reported is the
median of the per-round ratios (command / baseline), with the median times beside it.
No timing assertion lives in the test suite: this is where performance is judged.

Targets (from the project's performance issue):
    startup   expand SOMTC                        vs python -c pass (same venv)      <= 2.0x
    typer     tree AMMTC                          vs a minimal one-command Typer app <= 1.3x
              show ASEAN-ACT --format json        vs the same                        <= 1.3x
    show      show - -f jsonl, 1,000 ids          vs one cold show -f jsonl          <= 3.0x
    scale     expand SOMTC, +10,000 records       vs the same on the shipped data    <= 1.3x
    export    export sqlite, +10,000 records      vs validate (loading them)         <= 3.0x
    site      site DIR                            vs a cold list                     <= 5.0x
              site DIR, +10,000 records           (absolute) < 10 s; its search index < 2 MB
    large     show, search, parties at +100,000   vs the same on the shipped data    <= 1.5x
    firstrun  the first run at +100,000 records   (absolute) <= 30 s, <= 400 MB peak
              validate at +100,000 records        (absolute) <= 600 MB peak
    batch     expand - over 1,000,000 terms       vs awk, a TSV of the same answers  <= 0.8x
    annotate  annotate - over 50 MB of prose      vs perl: a hash and an alternation <= 1.0x
    longline  annotate - on one 200 MB line       vs the same 200 MB in lines        <= 2.0x
              annotate - on 1 GB, ulimit -v 400 MB vs 20 runs on 50 MB each          <= 1.2x
              (linear time in flat memory; the outputs are checked before timing)
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
VENV = WORK / "venv"
BIN = VENV / "bin"

MEMORY_KIB = 400_000
"""`ulimit -v` for the 1 GB run: annotate must stream it in flat memory or fail."""

MINIMAL_TYPER_APP = '''"""A minimal one-command Typer app: the baseline for aseanct's commands."""
import typer

app = typer.Typer()


@app.command()
def main(name: str) -> None:
    print(name)
'''

# awk doing what `aseanct expand -` does: print each term's answer (the TSV holds aseanct's
# own rendering, so stdout is byte-identical), and report each distinct unknown term once.
AWK = (
    'NR==FNR{gsub(/\\\\n/, "\\n", $2); m[$1]=$2; next}'
    "{if ($1 in m) print m[$1];"
    ' else if (!($1 in seen)) {seen[$1]=1; print "error: unknown term " $1 > "/dev/stderr"}}'
)
PERL = (
    "BEGIN{open(my $f, '<', $ENV{DICT}) or die; while (<$f>) {chomp; my ($k, $v) = split /\\t/;"
    " $h{$k} = $v} $re = join '|', map {quotemeta} sort {length($b) <=> length($a)} keys %h}"
    " s/\\b($re)\\b/$h{$1} ($1)/g"
)


@dataclass
class Case:
    """A command timed against its baseline."""

    name: str
    command: list[str]
    baseline: list[str]
    target: float | None
    """None: measured for the record, judged against nothing."""
    rounds: int
    stdin: Path | None = None
    env: dict[str, str] | None = None
    baseline_env: dict[str, str] | None = None
    warmups: int = 2
    baseline_stdin: Path | None = None
    """The baseline's stdin, when it is not the command's."""


def sh(*args: str | Path, env: dict[str, str] | None = None) -> None:
    """Run a setup step quietly; show its output only if it fails."""
    done = subprocess.run([str(a) for a in args], capture_output=True, env=env, check=False)
    if done.returncode:
        sys.stderr.write(done.stdout.decode() + done.stderr.decode())
        raise SystemExit(f"setup step failed: {' '.join(str(a) for a in args)}")


def prepare(fresh: bool) -> dict[str, str]:
    """The venv with aseanct installed from the checkout, the baseline app, and a clean env."""
    if fresh and VENV.exists():
        shutil.rmtree(VENV)
    if not VENV.exists():
        sh(sys.executable, "-m", "venv", VENV)
        sh(BIN / "pip", "install", "--quiet", str(ROOT))
    else:
        sh(BIN / "pip", "install", "--quiet", "--force-reinstall", "--no-deps", str(ROOT))
    site = next((VENV / "lib").glob("python*/site-packages"))
    (site / "minimal_typer_app.py").write_text(MINIMAL_TYPER_APP)
    # The baseline gets exactly the wrapper pip writes for a console script.
    wrapper = (
        (BIN / "aseanct")
        .read_text()
        .replace("from aseanct.__main__ import main", "from minimal_typer_app import app as main")
    )
    (BIN / "minimal-typer").write_text(wrapper)
    (BIN / "minimal-typer").chmod(0o755)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ASEANCT_", "NO_COLOR", "FORCE_COLOR"))
    }
    env["ASEANCT_CACHE_DIR"] = str(WORK / "cache")
    env["LC_ALL"] = "C.UTF-8"
    return env


def generate_inputs(env: dict[str, str]) -> None:
    """10,000 extra records, 1,000,000 terms with awk's dictionary, 50 MB of prose with perl's."""
    sources = [ROOT / "tests" / "synthetic.py", *(ROOT / "data").glob("*.yaml")]
    newest = max(path.stat().st_mtime for path in sources)
    for name, count in (("data10k", 10_000), ("data100k", 100_000)):
        extra = WORK / name / "extra.yaml"
        if not extra.exists() or extra.stat().st_mtime < newest:
            # older than its generator or the shipped data it copies: stale
            shutil.rmtree(WORK / name, ignore_errors=True)
            sh(
                BIN / "python",
                "-c",
                f"import sys; sys.path.insert(0, {str(ROOT / 'tests')!r}); "
                f"from synthetic import generate; from pathlib import Path; "
                f"generate(Path({str(WORK / name)!r}), {count})",
                env=env,
            )
    script = f"""
import random
from aseanct.store import Store
from aseanct.lean.batch import render_text
index = Store().resolver()
acronyms = index.acronym_tables()[0]
forms = sorted(acronyms)
rng = random.Random(7)
unknown = ["FOO", "BAR", "NGO", "XYZ", "QQQ"]
with open({str(WORK / "terms.txt")!r}, "w") as out:
    for _ in range(1_000_000):
        out.write((rng.choice(forms) if rng.random() < 0.9 else rng.choice(unknown)) + "\\n")
with open({str(WORK / "answers.tsv")!r}, "w") as out:
    for form in forms:
        text = render_text(index.resolve(form), styled=False).rstrip("\\n")
        out.write(form + "\\t" + text.replace("\\n", "\\\\n") + "\\n")
ids = sorted({{entry[0] for entries in acronyms.values() for entry in entries}})
with open({str(WORK / "ids1000.txt")!r}, "w") as out:
    for _ in range(1_000):
        out.write(rng.choice(ids) + "\\n")
with open({str(WORK / "names.tsv")!r}, "w") as out:
    for form, entries in acronyms.items():
        if len({{e[0] for e in entries}}) == 1:
            out.write(form + "\\t" + entries[0][4] + "\\n")
words = ("the of and to in a is that for on with as by at from this be are or an was it "
         "has have not which their its will also between").split()
caps = ["NGO", "UN", "COVID-19", "USA", "EU"]
size = 0
lines = []
while size < 52_000_000:
    line = []
    for i in range(rng.randint(8, 16)):
        r = rng.random()
        pool = forms if r < 0.02 else caps if r < 0.03 else words
        word = rng.choice(pool)
        line.append(word[0].upper() + word[1:] if i == 0 else word)
    text = " ".join(line) + ".\\n"
    lines.append(text)
    size += len(text)
with open({str(WORK / "prose.txt")!r}, "w") as out:
    out.write("".join(lines))
"""
    if not (WORK / "prose.txt").exists() or not (WORK / "ids1000.txt").exists():
        sh(BIN / "python", "-c", script, env=env)


def generate_long_lines() -> None:
    """200 MB of prose in lines, and the same bytes as one line (line breaks made spaces)."""
    lines, line = WORK / "lines200.txt", WORK / "line200.txt"
    if line.exists() and lines.exists():
        return
    prose = (WORK / "prose.txt").read_bytes()
    with open(lines, "wb") as in_lines, open(line, "wb") as one_line:
        written = 0
        while written < 200_000_000:
            in_lines.write(prose)
            one_line.write(prose.replace(b"\n", b" "))
            written += len(prose)


def shell(script: str, env: dict[str, str]) -> str:
    """The stdout of a bash script (with pipefail), stripped; '' if it fails."""
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {script}"], capture_output=True, env=env, check=False
    )
    return done.stdout.decode().strip() if done.returncode == 0 else ""


def long_lines_agree(env: dict[str, str]) -> bool:
    """One 200 MB line is annotated as the same bytes in lines are; 1 GB under ulimit -v is
    annotated whole (every byte comes out), so timing them means something."""
    aseanct = f"'{BIN / 'aseanct'}'"
    one = shell(f"{aseanct} annotate - < '{WORK / 'line200.txt'}' | md5sum", env)
    lines = shell(f"{aseanct} annotate - < '{WORK / 'lines200.txt'}' | tr '\\n' ' ' | md5sum", env)
    print(f"  one 200 MB line annotated as the same bytes in lines: {bool(one) and one == lines}")
    prose = f"'{WORK / 'prose.txt'}'"
    size = shell(f"{aseanct} annotate - < {prose} | wc -c", env)
    whole = shell(
        f"cat {' '.join([prose] * 20)} | (ulimit -v {MEMORY_KIB}; {aseanct} annotate -) | wc -c",
        env,
    )
    # First uses are spelt out once: the other 19 copies pass through unchanged.
    grown = 19 * (WORK / "prose.txt").stat().st_size
    complete = bool(size) and whole == str(int(size) + grown)
    print(f"  1 GB annotated whole under ulimit -v {MEMORY_KIB} KiB: {complete}")
    return bool(one) and one == lines and complete


def digest(argv: list[str], env: dict[str, str], stdin: Path | None) -> str:
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as handle:
        done = subprocess.run(argv, stdin=handle, capture_output=True, env=env, check=False)
    return hashlib.md5(done.stdout).hexdigest()


def timed(argv: list[str], env: dict[str, str], stdin: Path | None) -> float:
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as handle:
        start = time.perf_counter()
        subprocess.run(
            argv,
            stdin=handle,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            check=False,
        )
        return time.perf_counter() - start


def measure(case: Case, env: dict[str, str]) -> tuple[float, float, float]:
    """(median command seconds, median baseline seconds, median per-round ratio)."""
    command_env = case.env or env
    baseline_env = case.baseline_env or env
    baseline_stdin = case.baseline_stdin or case.stdin
    for _ in range(case.warmups):  # warm caches and the page cache
        timed(case.command, command_env, case.stdin)
        timed(case.baseline, baseline_env, baseline_stdin)
    ours, theirs, ratios = [], [], []
    for _ in range(case.rounds):
        pair = [
            ("ours", case.command, command_env, case.stdin),
            ("theirs", case.baseline, baseline_env, baseline_stdin),
        ]
        random.shuffle(pair)
        got = {who: timed(argv, e, stdin) for who, argv, e, stdin in pair}
        ours.append(got["ours"])
        theirs.append(got["theirs"])
        ratios.append(got["ours"] / got["theirs"])
    return statistics.median(ours), statistics.median(theirs), statistics.median(ratios)


def cases(env: dict[str, str], scale: float) -> dict[str, list[Case]]:
    aseanct = str(BIN / "aseanct")
    big = {**env, "ASEANCT_DATA_DIR": str(WORK / "data10k")}
    huge = {**env, "ASEANCT_DATA_DIR": str(WORK / "data100k")}

    def n(rounds: int) -> int:
        return max(3, round(rounds * scale))

    gigabyte = " ".join(f"'{WORK / 'prose.txt'}'" for _ in range(20))
    return {
        "startup": [
            Case(
                "expand SOMTC vs python -c pass",
                [aseanct, "expand", "SOMTC"],
                [str(BIN / "python"), "-c", "pass"],
                2.0,
                n(60),
            )
        ],
        "typer": [
            Case(
                "tree AMMTC vs minimal Typer app",
                [aseanct, "tree", "AMMTC"],
                [str(BIN / "minimal-typer"), "hello"],
                1.3,
                n(30),
            ),
            Case(
                "show ASEAN-ACT -f json vs minimal Typer app",
                [aseanct, "show", "ASEAN-ACT", "--format", "json"],
                [str(BIN / "minimal-typer"), "hello"],
                1.3,
                n(30),
            ),
        ],
        "show": [
            Case(
                "show - -f jsonl (1,000 ids) vs one cold show",
                [aseanct, "show", "-", "--format", "jsonl"],
                [aseanct, "show", "ASEAN-ACT", "--format", "jsonl"],
                3.0,
                n(15),
                stdin=WORK / "ids1000.txt",
            )
        ],
        "scale": [
            Case(
                "expand SOMTC, +10,000 records vs shipped",
                [aseanct, "expand", "SOMTC"],
                [aseanct, "expand", "SOMTC"],
                1.3,
                n(60),
                env=big,
            )
        ],
        "export": [
            Case(
                "export sqlite (+10,000 records) vs validate",
                [
                    aseanct,
                    "export",
                    "sqlite",
                    str(WORK / "export10k.db"),
                    "--force",
                    "--metadata",
                    "",
                    "--no-cache",
                ],
                [aseanct, "validate", str(WORK / "data10k")],
                3.0,
                n(7),
                env=big,
                baseline_env=big,
            )
        ],
        "site": [
            Case(
                "site (shipped data) vs a cold list",
                [aseanct, "site", str(WORK / "site")],
                [aseanct, "list"],
                5.0,
                n(9),
            )
        ],
        "large": [
            Case(
                f"{' '.join(argv)}, +100,000 records vs shipped",
                [aseanct, *argv],
                [aseanct, *argv],
                1.5,
                n(15),
                env=huge,
            )
            for argv in (["show", "somtc"], ["search", "trafficking"], ["parties", "ACTIP"])
        ],
        "firstrun": [],  # absolute targets: first_run()
        "batch": [
            Case(
                "expand - (1,000,000 terms) vs awk",
                [aseanct, "expand", "-"],
                ["awk", "-F\t", AWK, str(WORK / "answers.tsv"), "-"],
                0.8,
                n(9),
                stdin=WORK / "terms.txt",
            ),
        ],
        "annotate": [
            Case(
                "annotate - (50 MB) vs perl",
                [aseanct, "annotate", "-"],
                ["perl", "-pe", PERL],
                1.0,
                n(5),
                stdin=WORK / "prose.txt",
                baseline_env={**env, "DICT": str(WORK / "names.tsv")},
            )
        ],
        "longline": [
            Case(
                "annotate - (one 200 MB line) vs the same in lines",
                [aseanct, "annotate", "-"],
                [aseanct, "annotate", "-"],
                2.0,
                n(3),
                stdin=WORK / "line200.txt",
                baseline_stdin=WORK / "lines200.txt",
                warmups=1,
            ),
            Case(
                "annotate - (1 GB, ulimit -v 400 MB) vs 20x 50 MB",
                ["bash", "-c", f"ulimit -v {MEMORY_KIB}; cat {gigabyte} | '{aseanct}' annotate -"],
                [
                    "bash",
                    "-c",
                    f"for i in $(seq 20); do '{aseanct}' annotate - < '{WORK / 'prose.txt'}'; done",
                ],
                1.2,
                n(3),
                warmups=0,
            ),
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated groups: startup,typer,show,scale,large,firstrun,export,site,batch,"
        "annotate,longline",
    )
    parser.add_argument("--rounds", type=float, default=1.0, help="scale the number of rounds")
    parser.add_argument("--fresh", action="store_true", help="rebuild the virtual environment")
    options = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    env = prepare(options.fresh)
    generate_inputs(env)
    groups = cases(env, options.rounds)
    wanted = [g for g in groups if not options.only or g in options.only.split(",")]
    print(
        f"aseanct benchmarks, {datetime.date.today().isoformat()}: {platform.platform()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    # Outputs that must agree before timing means anything.
    big = {**env, "ASEANCT_DATA_DIR": str(WORK / "data10k")}
    if "batch" in wanted:
        same = all(
            digest(c.command, c.env or env, c.stdin) == digest(c.baseline, env, c.stdin)
            for c in groups["batch"]
        )
        print(f"  batch output identical to awk's: {same}")
        if not same:
            return 1
    if "longline" in wanted:
        generate_long_lines()
        if not long_lines_agree(env):
            return 1
    if "scale" in wanted:
        same = digest([str(BIN / "aseanct"), "expand", "SOMTC"], big, None) == digest(
            [str(BIN / "aseanct"), "expand", "SOMTC"], env, None
        )
        print(f"  10,000-record answer identical to the shipped one: {same}")
    failed = 0
    for group in wanted:
        for case in groups[group]:
            ours, theirs, ratio = measure(case, env)
            ok = case.target is None or ratio <= case.target
            failed += not ok
            judged = "no target" if case.target is None else f"target <= {case.target:.1f}x"
            verdict = "" if case.target is None else "ok" if ok else "MISSED"
            print(
                f"  {case.name:<48} {ours * 1000:8.1f} ms vs {theirs * 1000:8.1f} ms  "
                f"= {ratio:4.2f}x  ({judged}, {case.rounds} rounds)  {verdict}".rstrip()
            )
    if "site" in wanted:
        failed += not site_at_scale(big)
    if "firstrun" in wanted:
        failed += not first_run(env)
    return 1 if failed else 0


PEAK = """
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
"""Run a command; print its seconds and its peak resident memory (KiB)."""


def peak(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """A command's wall time (s) and peak memory (MB), measured by a small parent process."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *argv], env=env, capture_output=True, text=True, check=True
    )
    seconds, kib = done.stdout.split()
    return float(seconds), int(kib) / 1024


def first_run(env: dict[str, str]) -> bool:
    """The first run at +100,000 records (the store built from nothing: the median of three,
    each with an empty cache) and validate at that size, against absolute targets."""
    huge = {**env, "ASEANCT_DATA_DIR": str(WORK / "data100k")}
    runs = []
    for _ in range(3):
        shutil.rmtree(WORK / "cache-first", ignore_errors=True)
        cold = {**huge, "ASEANCT_CACHE_DIR": str(WORK / "cache-first")}
        runs.append(peak([str(BIN / "aseanct"), "show", "somtc"], cold))
    seconds, megabytes = sorted(runs)[1]
    first_ok = seconds <= 30 and megabytes <= 400
    _, validate_mb = peak([str(BIN / "aseanct"), "validate", str(WORK / "data100k")], huge)
    validate_ok = validate_mb <= 600
    print(
        f"  {'first run (show somtc), +100,000 records':<48} {seconds * 1000:8.1f} ms, "
        f"{megabytes:.0f} MB peak (targets <= 30 s, <= 400 MB)  {'ok' if first_ok else 'MISSED'}"
    )
    print(
        f"  {'validate, +100,000 records':<48} {validate_mb:.0f} MB peak (target <= 600 MB)  "
        f"{'ok' if validate_ok else 'MISSED'}"
    )
    return first_ok and validate_ok


def site_at_scale(env: dict[str, str]) -> bool:
    """The site for 10,000 extra records: seconds (median of three builds, the first after a
    warm-up; each replaces the last) and the size of its search index, against absolute
    targets (the issue's: under 10 s on these machines, index under 2 MB)."""
    target = WORK / "site10k"
    argv = [str(BIN / "aseanct"), "site", str(target)]
    timed(argv, env, None)
    seconds = statistics.median(timed(argv, env, None) for _ in range(3))
    size = (target / "assets" / "search-index.js").stat().st_size
    pages = sum(1 for _ in (target / "r").glob("*.html"))
    ok = seconds < 10.0 and size < 2_000_000
    print(
        f"  {'site (+10,000 records, ' + format(pages, ',') + ' record pages)':<48} "
        f"{seconds * 1000:8.1f} ms (target < 10 s); search index {size / 1e6:.2f} MB "
        f"(target < 2 MB)  {'ok' if ok else 'MISSED'}"
    )
    return ok


if __name__ == "__main__":
    sys.exit(main())
