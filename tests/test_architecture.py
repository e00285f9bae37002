"""The package's architecture holds: layers import only downwards, no cycles, no module uses
another module's private names.

Layers, bottom-up (``course_utils/__init__.py`` describes them): ``validate`` and ``expect``;
``data``; ``optim``; ``nn``; ``geometry``; ``viz``; ``checks``. A module may import modules of
its own layer or lower ones. Run ``python -m pytest tests/test_architecture.py`` to check.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "course_utils"
LAYERS = ["validate", "expect", "data", "optim", "nn", "geometry", "viz", "checks"]
RANK = {"validate": 0, "expect": 0, **{name: i - 1 for i, name in enumerate(LAYERS) if i > 1}}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(("course_utils", *parts)), path


def _layer(module):
    """'course_utils.nn.network' -> 'nn'; the package itself -> None."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _imports(module, path):
    """(line, imported module, imported name or None) for every import of course_utils."""
    tree = ast.parse(path.read_text())
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.startswith("course_utils"):
                for alias in node.names:
                    yield node.lineno, source, alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("course_utils"):
                    yield node.lineno, alias.name, None


MODULES = dict(_modules())


def _target(source, name):
    """The module an import refers to: ``from course_utils.nn import network`` -> the module
    course_utils.nn.network; ``from course_utils.nn.network import forward`` -> network."""
    candidate = f"{source}.{name}" if name else source
    return candidate if candidate in MODULES else source


def _graph():
    return {
        module: {_target(src, name) for _, src, name in _imports(module, path)} - {module}
        for module, path in MODULES.items()
    }


def test_every_module_belongs_to_a_layer():
    for module in MODULES:
        layer = _layer(module)
        assert layer is None or layer in RANK, f"{module}: not in a layer of {LAYERS}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_down_the_layers(module):
    layer = _layer(module)
    if layer is None:
        return  # the package's __init__ imports nothing
    for line, source, name in _imports(module, MODULES[module]):
        target = _layer(_target(source, name))
        assert target is not None and RANK[target] <= RANK[layer], (
            f"{module} (layer {layer}) imports {source} {name or ''} (layer {target}) "
            f"on line {line}: an import back up a layer"
        )


def test_the_import_graph_has_no_cycle():
    graph, state = _graph(), {}

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                cycle = stack[stack.index(nxt) :] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])


def _private_uses(module, path):
    """Uses of a private name defined in another module of the package."""
    tree = ast.parse(path.read_text())
    found, aliases = [], {}
    for line, source, name in _imports(module, path):
        target = _target(source, name)
        if name and target == source and name.startswith("_") and not name.startswith("__"):
            if source != module:
                found.append(f"line {line}: from {source} import {name}")
        if name:
            aliases[name] = target
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            chain, value = [], node.value
            while isinstance(value, ast.Attribute):
                chain.append(value.attr)
                value = value.value
            if isinstance(value, ast.Name) and value.id in aliases:
                owner = ".".join([aliases[value.id], *reversed(chain)])
                if owner in MODULES and owner != module:
                    found.append(f"line {node.lineno}: {owner}.{node.attr}")
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_uses_another_modules_private_names(module):
    uses = _private_uses(module, MODULES[module])
    assert not uses, f"{module} uses private names of other modules: " + "; ".join(uses)
