"""The shape of src/trucewatch, read from its imports (ast, nothing is imported or run).

- no import cycles between modules;
- no module imports another module's private (`_name`) names;
- api/ and web/ do not import each other;
- storage/ takes ids and records, never user syntax (`source:ID`, URL prefixes);
- cli/ parses and prints: no function there takes a `Store` (a unit of work is opened and
  handed to a service or a query, never written through by the command itself);
- the services listed in THROUGH_PORTS take the small protocols of services/ports.py, not the
  whole `Store`, and `Store` has every method of every protocol with the same signature;
- the inner layers (domain, storage, extract, reference, interop) import only the layers
  INNER_LAYERS allows them, and only storage/ imports SQLAlchemy;
- bench/ does not import tests/; the helpers both use live in trucewatch.testing, which no
  product module imports.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "trucewatch"

# No exceptions left: the last cycle (extract/cues.py <-> extract/events.py) went when the
# classifier began passing its score function to the cue rules.
KNOWN_CYCLES: set[frozenset[str]] = set()
KNOWN_PRIVATE: set[tuple[str, str, str]] = set()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str) -> Iterator[tuple[str, str | None]]:
    """(module, imported name or None) for every trucewatch import in module `name`, at any
    depth (imports inside functions count: they are cycles put off, not removed)."""
    path = modules()[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "trucewatch":
                    yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "trucewatch":
                continue
            for alias in node.names:
                if f"{target}.{alias.name}" in modules():
                    yield f"{target}.{alias.name}", None
                else:
                    yield target, alias.name


@cache
def graph() -> dict[str, frozenset[str]]:
    return {
        name: frozenset(m for m, _ in _imports(name) if m in modules() and m != name)
        for name in modules()
    }


def cycles() -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    edges = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_walker_sees_the_package() -> None:
    assert "trucewatch.services.interop" in modules()
    assert "trucewatch.domain.errors" in graph()["trucewatch.services.interop"]


def test_no_import_cycles() -> None:
    assert [sorted(c) for c in cycles() if c not in KNOWN_CYCLES] == []


def test_no_private_names_imported_across_modules() -> None:
    private = [
        (name, target, imported)
        for name in modules()
        for target, imported in _imports(name)
        if imported is not None
        and imported.startswith("_")
        and not imported.startswith("__")
        and target != name
        and (name, target, imported) not in KNOWN_PRIVATE
    ]
    assert private == []


def _layer(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else ""


def test_api_and_web_do_not_import_each_other() -> None:
    crossing = [
        (name, target)
        for name, targets in graph().items()
        for target in targets
        if {_layer(name), _layer(target)} == {"api", "web"}
    ]
    assert crossing == []


# String constants that only a reader of user input needs: the `source:ID` reference and the
# URL schemes that decide a source's kind.
USER_SYNTAX = ("source:", "http://", "https://")


def test_storage_does_not_parse_user_syntax() -> None:
    found = []
    for name, path in modules().items():
        if not name.startswith("trucewatch.storage."):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.startswith(USER_SYNTAX)
            ):
                found.append((name, node.lineno, node.value))
    assert found == []


# The sentences of the shared checks (domain/checks.py): written anywhere else, a rule has been
# copied.
RULE_SENTENCES = ("is not an ISO 3166 alpha-2 code", "is in the future of the recording time")
ONE_OF_KNOWN = {
    "trucewatch.ingest.readers",
    "trucewatch.domain.provenance",
}


def _strings(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


def test_each_shared_rule_is_written_once() -> None:
    copies = [
        (name, text)
        for name, path in modules().items()
        if name != "trucewatch.domain.checks"
        for text in _strings(path)
        if any(s in text for s in RULE_SENTENCES)
        or ("expected one of" in text and name not in ONE_OF_KNOWN)
    ]
    assert copies == []


# Audit actions are members of domain.audit.AuditAction, never free strings. services/interop.py
# still builds its per-file action from the import kind (equal to AuditAction.for_import(kind));
# it sits in code the units-of-work change rewrote (issue 17), to be switched at merge.
AUDIT_STRING_KNOWN = {"trucewatch.services.interop"}


def test_audit_actions_are_enum_members() -> None:
    free = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            for kw in node.keywords:
                if kw.arg == "action" and isinstance(kw.value, ast.Constant | ast.JoinedStr):
                    if name not in AUDIT_STRING_KNOWN:
                        free.append((name, node.lineno))
    assert free == []


def _annotation_names(node: ast.AST) -> Iterator[str]:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            yield sub.id
        elif isinstance(sub, ast.Attribute):
            yield sub.attr
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            yield from (part.strip() for part in sub.value.replace("|", " ").split())


def test_cli_functions_take_no_store() -> None:
    """A CLI function that takes a Store is a use case living in the shell (the old
    `reference.run_import`); it belongs in services/."""
    found = []
    for name, path in modules().items():
        if not name.startswith("trucewatch.cli."):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
            if any(
                a.annotation is not None and "Store" in set(_annotation_names(a.annotation))
                for a in args
            ):
                found.append((name, node.name))
    assert found == []


BENCH = PACKAGE.parents[1] / "bench"


def _top_level_imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            yield node.module


def test_bench_does_not_import_the_tests() -> None:
    scripts = sorted(BENCH.glob("*.py"))
    assert scripts, f"no benchmarks found in {BENCH}"
    found = [
        (path.name, module)
        for path in scripts
        for module in _top_level_imports(path)
        if module.split(".")[0] == "tests"
    ]
    assert found == []


def test_the_product_does_not_import_the_testing_helpers() -> None:
    found = [
        (name, target)
        for name, targets in graph().items()
        if _layer(name) != "testing"
        for target in targets
        if _layer(target) == "testing"
    ]
    assert found == []


# Services that speak to storage through the small protocols of services/ports.py, never the
# whole Store (issue 21, "small, typed seams"). Add a module here when it is converted.
THROUGH_PORTS = {
    "trucewatch.services.incidents",
    "trucewatch.services.queries",
    "trucewatch.services.registry",
    "trucewatch.services.resolve",
    "trucewatch.services.review",
    "trucewatch.services.rules",
    "trucewatch.services.sources",
    "trucewatch.services.truces",
}


def test_converted_services_do_not_import_the_whole_store() -> None:
    assert THROUGH_PORTS <= set(modules())
    found = sorted(name for name in THROUGH_PORTS if "trucewatch.storage.store" in graph()[name])
    assert found == []


def _port_members(port: type) -> dict[str, object]:
    """The methods a protocol declares, its bases' included (Protocol's own machinery not)."""
    members: dict[str, object] = {}
    for base in reversed(port.__mro__):
        if base.__module__ != port.__module__:
            continue
        members.update(
            (k, v) for k, v in vars(base).items() if callable(v) and not k.startswith("_")
        )
    return members


def test_the_store_has_every_port_method_with_its_signature() -> None:
    """mypy proves it at each call site; this proves it for every port, called or not, and
    for the in-memory registry index that stands in for the Store's registry reads."""
    import inspect

    from trucewatch.services import ports
    from trucewatch.services.versions import RegistryIndex
    from trucewatch.storage.store import Store

    protocols = [
        cls
        for cls in vars(ports).values()
        if isinstance(cls, type) and cls.__module__ == ports.__name__
    ]
    assert {"LedgerStore", "SourceStore", "DocumentStore", "AuditLog"} <= {
        p.__name__ for p in protocols
    }
    implementations = [(Store, p) for p in protocols] + [(RegistryIndex, ports.RegistryReader)]
    mismatched = []
    for impl, port in implementations:
        members = _port_members(port)
        assert members, port.__name__
        for name, declared in members.items():
            actual = getattr(impl, name, None)
            if actual is None or inspect.signature(actual) != inspect.signature(declared):
                mismatched.append((impl.__name__, port.__name__, name))
    assert mismatched == []


# The inner layers and the only trucewatch layers each may import (docs/architecture.md). The
# outer ones (services, server, api, web, cli, ingest, evidence, reports) are held by the
# narrower rules above.
INNER_LAYERS = {
    "domain": set(),
    "storage": {"domain"},
    "extract": {"domain", "accel"},
    "reference": {"domain"},
    "interop": {"domain", "ingest"},
}


def test_inner_layers_import_only_what_they_may() -> None:
    found = sorted(
        (name, target)
        for name, targets in graph().items()
        if _layer(name) in INNER_LAYERS
        for target in targets
        if _layer(target) != _layer(name) and _layer(target) not in INNER_LAYERS[_layer(name)]
    )
    assert found == []


def test_only_storage_imports_sqlalchemy() -> None:
    found = sorted(
        name
        for name, path in modules().items()
        if _layer(name) != "storage" and "sqlalchemy" in set(_top_level_imports_any(path))
    )
    assert found == []


def _top_level_imports_any(path: Path) -> Iterator[str]:
    """The top-level package of every absolute import in a file, at any depth."""
    for module in _top_level_imports(path):
        yield module.split(".")[0]
