"""The layout rules of issue 10 and DESIGN.md, read from the source itself.

import-linter (run by ``make test``) checks the layers; these tests check
what it does not: no module-level import cycle anywhere in the project, few
imports hidden inside functions (each one is a cycle waiting to happen), and
modules small enough to read.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("search", "health_articles", "config")
# Data tables, not logic: allowed to be long.
DATA_TABLES = {"search/synonyms_data.py", "health_articles/demo/articles.py"}
MAX_LINES = 500
MAX_FUNCTION_LEVEL_IMPORTS = 10


def project_modules():
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts or path.name.count(".") > 1:
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _resolve(module_name, path, node):
    """The absolute module an ImportFrom refers to."""
    if node.level == 0:
        return node.module or ""
    package = module_name.split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join(package + ([node.module] if node.module else []))


def imports_of(module_name, path, modules, top_level_only=True):
    """Project modules imported by ``module_name`` (module level only)."""
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If | ast.Try | ast.With):
            stack.extend(ast.iter_child_nodes(node))
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module_name, path, node)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                if candidate in modules:
                    found.add(candidate)
                elif base in modules:
                    found.add(base)
    found.discard(module_name)
    return found


def function_level_project_imports():
    hits = []
    for name, path in project_modules().items():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom):
                    target = _resolve(name, path, inner)
                elif isinstance(inner, ast.Import):
                    target = inner.names[0].name
                else:
                    continue
                if target.split(".")[0] in PACKAGES:
                    hits.append(f"{path.relative_to(ROOT)}:{inner.lineno} {target}")
    return sorted(set(hits))


def find_cycle(graph):
    """One import cycle in ``graph`` as a list of modules, or None."""
    state = {}

    def visit(node, trail):
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return trail[trail.index(target) :] + [target]
            if target not in state:
                cycle = visit(target, trail + [target])
                if cycle:
                    return cycle
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = visit(start, [start])
            if cycle:
                return cycle
    return None


def test_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_module_level_import_cycles():
    modules = project_modules()
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    # The package whose module imports it is being imported anyway.
    for name in graph:
        graph[name] = {t for t in graph[name] if not name.startswith(t + ".")}
    assert find_cycle(graph) is None


def test_few_imports_hidden_in_functions():
    hits = function_level_project_imports()
    assert len(hits) <= MAX_FUNCTION_LEVEL_IMPORTS, "\n".join(hits)


def test_no_long_modules():
    long = []
    for path in project_modules().values():
        relative = str(path.relative_to(ROOT))
        if relative in DATA_TABLES:
            continue
        lines = len(path.read_text().splitlines())
        if lines > MAX_LINES:
            long.append(f"{relative}: {lines} lines")
    assert not long


def test_one_engine_searcher_holds_every_engine_query_body():
    """Only search/query/engine.py sends search requests to the engine."""
    senders = []
    for path in (ROOT / "search").rglob("*.py"):
        relative = str(path.relative_to(ROOT))
        if relative in ("search/query/engine.py", "search/backends/engine.py"):
            continue
        text = path.read_text()
        if "raw_search(" in text or ".es.search(" in text or ".es.count(" in text:
            senders.append(relative)
    assert not senders
