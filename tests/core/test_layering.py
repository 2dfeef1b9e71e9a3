"""Dependencies point down (core, audit, programmes, students, mobilities, then the apps
that look at stays), and an app's tasks call its services, never the other way round.

Read from the source, imports inside functions included: an import moved into a function
to dodge a circle is still the circle.
"""

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent.parent / "wegwijzer"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {
        module_name(path): path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts
    }


def run_time_nodes(tree: ast.AST):
    """Every node, except those under `if TYPE_CHECKING:` (read by mypy, never run)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            continue
        yield node
        yield from run_time_nodes(node)


@cache
def imports_of(name: str) -> frozenset[str]:
    """The wegwijzer modules a module imports, anywhere in it."""
    found: set[str] = set()
    for node in run_time_nodes(ast.parse(modules()[name].read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return frozenset(module for module in found if module in modules())


def reaches(start: str, goal: str) -> bool:
    seen, waiting = set(), [start]
    while waiting:
        name = waiting.pop()
        if name == goal:
            return True
        if name not in seen:
            seen.add(name)
            waiting.extend(imports_of(name))
    return False


def test_programmes_imports_nothing_of_mobilities():
    programmes = [name for name in modules() if name.startswith("wegwijzer.programmes")]

    imported = {name: sorted(imports_of(name)) for name in programmes}

    assert programmes
    assert {
        name: [module for module in found if module.startswith("wegwijzer.mobilities")]
        for name, found in imported.items()
        if any(module.startswith("wegwijzer.mobilities") for module in found)
    } == {}


APPS_WITH_TASKS = sorted(
    path.parent.name
    for path in PACKAGE.glob("*/tasks.py")
    if (path.parent / "services.py").exists()
)


@pytest.mark.parametrize("app", APPS_WITH_TASKS)
def test_services_never_reach_their_own_tasks(app):
    services, tasks = f"wegwijzer.{app}.services", f"wegwijzer.{app}.tasks"

    assert not reaches(services, tasks), f"{services} imports {tasks}: enqueue by path instead"


def test_the_layering_check_sees_an_import_inside_a_function():
    # The services of care reach care.queries, imported at the top; the check reads
    # function bodies as well (a circle dodged there is still a circle).
    assert reaches("wegwijzer.care.services", "wegwijzer.care.queries")
    assert reaches("wegwijzer.care.tasks", "wegwijzer.care.services")


# Modules that read the database for a page: a template tag is handed what they read.
READERS = ("services", "queries", "panel", "policy", "totals", "attention")


def test_template_tags_import_nothing_that_reads_the_database():
    tag_modules = [name for name in modules() if ".templatetags." in name]

    reading = {
        name: sorted(module for module in imports_of(name) if module.endswith(READERS))
        for name in tag_modules
    }

    assert tag_modules
    assert {name: found for name, found in reading.items() if found} == {}
