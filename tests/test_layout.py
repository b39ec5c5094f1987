"""The package's shape: its import graph has no circle (each module imports, at module level,
only modules below it; imports inside functions and for type checking are not counted), the
start-up path never reaches up, no module passes 400 lines and no function's cyclomatic
complexity passes 20."""

from __future__ import annotations

import ast
from pathlib import Path

import aseanct

PACKAGE = Path(aseanct.__file__).resolve().parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(tree: ast.Module, name: str, is_package: bool) -> set[str]:
    """The aseanct modules a module imports at module level (not under TYPE_CHECKING)."""
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for inner in ast.walk(node) if not isinstance(node, ast.FunctionDef | ast.ClassDef) else ():
            if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
                break
            if isinstance(inner, ast.Import):
                found |= {a.name for a in inner.names if a.name.startswith("aseanct")}
            elif isinstance(inner, ast.ImportFrom):
                base = inner.module or ""
                if inner.level:
                    package = name if is_package else name.rsplit(".", 1)[0]
                    for _ in range(inner.level - 1):
                        package = package.rsplit(".", 1)[0]
                    base = f"{package}.{base}" if base else package
                if base.startswith("aseanct"):
                    found.add(base)
                    found |= {f"{base}.{a.name}" for a in inner.names}
    return found


def graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p): p for p in paths}
    edges = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = imported(tree, name, path.name == "__init__.py")
        edges[name] = {t for t in targets if t in modules and t != name}
    return edges


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Each import circle found by a depth-first walk, as the modules on it."""
    found, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                found.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def test_no_module_imports_itself_back() -> None:
    edges = graph()
    assert sum(map(len, edges.values())) > 150  # the walk sees the imports
    assert circles(edges) == []


def test_the_lean_path_never_reaches_up() -> None:
    """aseanct.lean (the start-up path) imports, even inside a function, only itself, the
    errors and the store: never the model, the renderers or the command line."""
    allowed = ("aseanct.lean", "aseanct.errors", "aseanct.store", "aseanct.version")
    for path in sorted((PACKAGE / "lean").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("aseanct"):
                assert (node.module or "").startswith(allowed), (path.name, node.module)


def test_the_walk_finds_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_no_module_passes_400_lines() -> None:
    sizes = {
        p.relative_to(PACKAGE).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }
    assert {name: size for name, size in sizes.items() if size > 400} == {}


def test_no_function_is_more_complex_than_20() -> None:
    """Cyclomatic complexity as radon measures it (the project's bound: 20)."""
    from radon.complexity import cc_visit

    found = {
        f"{path.relative_to(PACKAGE).as_posix()}:{block.fullname}": block.complexity
        for path in PACKAGE.rglob("*.py")
        for block in cc_visit(path.read_text(encoding="utf-8"))
        if block.complexity > 20
    }
    assert found == {}
