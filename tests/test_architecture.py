"""The package follows the flow of data: each module imports only its own layer or earlier
ones, and no import circle exists anywhere (docs/architecture.rst)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "govaccts"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("govaccts._frozen", "govaccts.errors"),
    ("govaccts.io.encodings", "govaccts.io.delimited", "govaccts.io.fields",
     "govaccts.io.vocabulary"),
    ("govaccts.catalogs",),
    ("govaccts.amounts",),
    ("govaccts.ledger",),
    ("govaccts.reports",),
    ("govaccts.io",),
    ("govaccts.checks",),
    ("govaccts.cli", "govaccts.testing", "govaccts.__main__", "govaccts"),
)
"""Layers, earliest first; a module belongs to the layer of its longest matching prefix."""

MAX_LINES = 450


def module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def rank(module: str) -> int:
    best = (-1, -1)
    for i, layer in enumerate(LAYERS):
        for prefix in layer:
            if module == prefix or module.startswith(prefix + "."):
                best = max(best, (len(prefix), i))
    assert best[1] >= 0, f"{module} is in no layer"
    return best[1]


def imports(path: Path) -> list[tuple[int, str, bool]]:
    """(line, imported module, at module level) of every govaccts import outside
    ``if TYPE_CHECKING:`` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[int, str, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom) and child.module and \
                    child.module.startswith("govaccts") and child.level == 0:
                out.append((child.lineno, child.module, top))
            elif isinstance(child, ast.Import):
                out.extend((child.lineno, a.name, top) for a in child.names
                           if a.name.startswith("govaccts"))
            nested = isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            visit(child, top and not nested)
    visit(tree, True)
    return out


MODULES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_follow_the_layers(path: Path) -> None:
    me = module_name(path)
    wrong = [(line, mod) for line, mod, _ in imports(path) if rank(mod) > rank(me)]
    assert not wrong, f"{me} (layer {rank(me)}) imports later layers: {wrong}"


def test_no_import_circle_at_module_level() -> None:
    graph: dict[str, set[str]] = {}
    names = {module_name(p) for p in MODULES}
    for p in MODULES:
        me = module_name(p)
        deps = set()
        for _, mod, top in imports(p):
            if not top:
                continue
            while mod not in names and "." in mod:
                mod = mod.rsplit(".", 1)[0]
            if mod != me and mod in names and not me.startswith(mod + "."):
                deps.add(mod)  # a package importing its own submodules is not a circle
        graph[me] = deps
    state: dict[str, int] = {}

    def dfs(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if dep.startswith(node + "."):
                continue
            if state.get(dep) == 1:
                raise AssertionError("import circle: " + " → ".join([*path, node, dep]))
            if dep not in state:
                dfs(dep, [*path, node])
        state[node] = 2
    for n in sorted(graph):
        if n not in state:
            dfs(n, [])


def test_layers_cover_every_module() -> None:
    for p in MODULES:
        rank(module_name(p))


def test_every_public_name_is_importable() -> None:
    import govaccts

    assert len(govaccts.__all__) == len(set(govaccts.__all__))
    assert [n for n in govaccts.__all__ if not hasattr(govaccts, n)] == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_is_over_450_lines(path: Path) -> None:
    if module_name(path) == "govaccts":
        pytest.skip("the package's __init__ is data: the public names and where they live")
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{module_name(path)} has {n} lines: split it by what it holds"
