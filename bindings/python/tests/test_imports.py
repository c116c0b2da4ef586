"""The package's modules import one another one way only: no cycle, even through an import
inside a function (those are cycles too, only found later, at the first call that runs them).
Imports under ``if TYPE_CHECKING:`` never run and are left out."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, List, Set

import beeper_setup

PACKAGE = "beeper_setup"


def _runtime_nodes(tree: ast.AST) -> List[ast.AST]:
    """Every node except those under ``if TYPE_CHECKING:``."""
    out: List[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        out.append(node)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and isinstance(child.test, ast.Name) \
                    and child.test.id == "TYPE_CHECKING":
                todo.extend(child.orelse)
                continue
            todo.append(child)
    return out


def imports_of(source: str, modules: Set[str]) -> Set[str]:
    """The package's modules that ``source`` imports ("__init__" for the package itself)."""
    found: Set[str] = set()
    for node in _runtime_nodes(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level > 1 or (node.level == 0 and not (
                    node.module == PACKAGE or (node.module or "").startswith(PACKAGE + "."))):
                continue
            module = node.module or ""
            if node.level == 0:
                module = module[len(PACKAGE) + 1:]
            if module:
                found.add(module.split(".")[0])
            else:  # from . import x: a module when there is one, else a name of the package
                found.update(a.name if a.name in modules else "__init__" for a in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(PACKAGE + "."):
                    found.add(alias.name.split(".")[1])
    return found & modules


def import_graph(directory: Path) -> Dict[str, Set[str]]:
    # The modules, and each subpackage as one node (its __init__).
    files = {p.stem: p for p in directory.glob("*.py")}
    files.update({p.parent.name: p for p in directory.glob("*/__init__.py")})
    return {name: imports_of(p.read_text(encoding="utf-8"), set(files)) for name, p in
            files.items()}


def cycles(graph: Dict[str, Set[str]]) -> List[List[str]]:
    """The strongly connected groups of more than one module (or one importing itself),
    each sorted (Tarjan's algorithm)."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on_stack: Set[str] = set()
    found: List[List[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in graph[v]:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph(Path(beeper_setup.__file__).parent)
    assert {"_ffi", "_exceptions", "_response", "_client"} <= set(graph), sorted(graph)
    assert cycles(graph) == [], {m: sorted(d) for m, d in sorted(graph.items())}


def test_the_json_codec_imports_nothing_of_the_package() -> None:
    graph = import_graph(Path(beeper_setup.__file__).parent)
    assert graph["_json"] == set()


def test_a_cycle_through_an_import_in_a_function_is_found() -> None:
    modules = {"a", "b", "c"}
    graph = {
        "a": imports_of("from . import b\n", modules),
        "b": imports_of("def f():\n    from .c import x\n", modules),
        "c": imports_of("import beeper_setup.a\n", modules),
    }
    assert cycles(graph) == [["a", "b", "c"]]


def test_type_checking_imports_and_other_packages_are_not_edges() -> None:
    modules = {"a", "b"}
    source = ("TYPE_CHECKING = False\nif TYPE_CHECKING:\n    from .b import B\n"
              "from json import b\nimport b\nfrom .. import b\n")
    assert imports_of(source, modules) == set()
    assert cycles({"a": imports_of("from .b import x\n", modules),
                   "b": imports_of(source, modules)}) == []
