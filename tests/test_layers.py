"""The architectural rules of docs/architecture.md: imports point down the layers, Qt stays in ui/,
no import loop closes between modules or between components (the folders below a layer, or
below a group folder such as terminal/operations/), and the test tree mirrors the code."""

from __future__ import annotations

import ast
from pathlib import Path
from tests.support.repo import ROOT

ALLOWED = {
    "drivers": set(),
    "offline_cache": set(),
    "terminal": {"drivers", "offline_cache"},
    "ui": {"terminal"},
}
PROJECT = set(ALLOWED)
#: Folders that gather components rather than being one (docs/architecture.md, "Layers").
GROUPS = {"terminal.operations", "terminal.simulators"}
#: Test folders that are not about one package: shared test code, and whole-product checks.
TESTS_OF_THE_WHOLE = {"support", "fuzz", "bench"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for layer in ALLOWED for path in (ROOT / layer).rglob("*.py")}


def _imported_names(path: Path):
    """Every name an import statement of the module names, wherever it stands (a function-level
    or TYPE_CHECKING import is a dependency too); relative imports made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package[:len(package) - (node.level - 1)]
                base = ".".join(up + ([node.module] if node.module else []))
            for alias in node.names:
                yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base


def _our_module(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _dependencies(module: str) -> set[str]:
    """The modules of ours that importing `module` runs: each one it names, and the packages
    above those (Python runs a package's __init__ before its submodules)."""
    found = set()
    for name in _imported_names(MODULES[module]):
        target = _our_module(name)
        while target:
            if target != module and not module.startswith(target + "."):
                found.add(target)
            target = _our_module(target.rpartition(".")[0])
    return found


def _component(module: str) -> str:
    """`terminal.eligibility.client` → `terminal.eligibility`; a module at a layer's top
    (`terminal.config`) is a component of its own."""
    parts = module.split(".")
    depth = 3 if ".".join(parts[:2]) in GROUPS else 2
    if len(parts) <= depth:
        return module
    return ".".join(parts[:depth])


def _loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                loops.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return loops


GRAPH = {module: _dependencies(module) for module in MODULES}


def test_imports_follow_the_layers():
    wrong = []
    for module, path in MODULES.items():
        layer = module.split(".")[0]
        for name in _imported_names(path):
            top = name.split(".")[0]
            if top in PROJECT and top != layer and top not in ALLOWED[layer]:
                wrong.append(f"{path.relative_to(ROOT)} imports {top}")
            if top in ("PySide6", "shiboken6") and layer != "ui":
                wrong.append(f"{path.relative_to(ROOT)} imports Qt outside ui/")
    assert not wrong, "\n".join(wrong)


def _named(loops: list[list[str]]) -> str:
    return "import loops: " + "; ".join(" <-> ".join(group) for group in loops)


def test_no_module_import_loops():
    loops = _loops(GRAPH)
    assert not loops, _named(loops)


def test_no_import_loops_between_components():
    components: dict[str, set[str]] = {}
    for module, targets in GRAPH.items():
        mine = _component(module)
        components.setdefault(mine, set()).update(
            _component(t) for t in targets if _component(t) != mine)
    loops = _loops(components)
    assert not loops, _named(loops)


def test_the_loop_finder_finds_loops():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert _loops(graph) == [["a", "b", "c"]]


def _test_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_no_test_module_imports_another():
    """What tests share lives in tests/support/ (or a folder's own helper module), never in a
    test module or a conftest, so running one test file never runs another's module code."""
    wrong = []
    for path in (ROOT / "tests").rglob("*.py"):
        for name in _test_imports(path):
            last = name.rpartition(".")[2]
            if name.startswith("tests.") and (last.startswith("test_") or last == "conftest"):
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_the_test_tree_mirrors_the_packages():
    """tests/terminal/checkin/ tests terminal/checkin/, and so on: every folder of tests is a
    folder of the repository (or shared test code, or a check of the whole product)."""
    wrong = []
    for path in (ROOT / "tests").rglob("test_*.py"):
        folder = path.parent.relative_to(ROOT / "tests")
        if folder.parts and folder.parts[0] in TESTS_OF_THE_WHOLE:
            continue
        if folder.parts and not (ROOT / folder).is_dir():
            wrong.append(f"{path.relative_to(ROOT)}: no folder {folder} in the repository")
    assert not wrong, "\n".join(wrong)
