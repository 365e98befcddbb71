"""The three apps stay in layers: civic knows neither the portal nor the agenda, the agenda
does not know the portal, and no module of the three imports, by any chain, a module that
imports it back. Every import counts, those inside functions too: an import moved into a
function only hides a cycle."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("portal", "civic", "agenda")


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {
    module_name(path): path
    for app in APPS
    for path in sorted((ROOT / app).rglob("*.py"))
    if "migrations" not in path.parts
}


def imported_names(name, path):
    """Dotted names imported anywhere in the module, relative imports made absolute."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def project_module(dotted):
    """The module of the three apps that `dotted` names (or lies in), else None."""
    while dotted and dotted not in MODULES:
        dotted = dotted.rpartition(".")[0]
    return dotted or None


def import_graph():
    graph = {}
    for name, path in MODULES.items():
        targets = {project_module(dotted) for dotted in imported_names(name, path)} - {None, name}
        # Importing a.b.c runs a/__init__ and a/b/__init__ first.
        for target in list(targets):
            parent = target.rpartition(".")[0]
            while parent:
                if parent in MODULES and not name.startswith(parent + "."):
                    targets.add(parent)
                parent = parent.rpartition(".")[0]
        graph[name] = targets
    return graph


def cycles(graph):
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def imports_of(app, forbidden):
    return [
        f"{name} imports {dotted}"
        for name, path in MODULES.items()
        if name.split(".")[0] == app
        for dotted in imported_names(name, path)
        if dotted.split(".")[0] in forbidden
    ]


def test_civic_imports_neither_the_portal_nor_the_agenda():
    assert imports_of("civic", {"portal", "agenda"}) == []


def test_the_agenda_does_not_import_the_portal():
    assert imports_of("agenda", {"portal"}) == []


def test_no_module_of_the_three_apps_imports_itself_back_through_others():
    assert cycles(import_graph()) == []


def test_the_cycle_check_sees_a_cycle_held_by_an_import_inside_a_function():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
