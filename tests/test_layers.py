"""The shape of the code (issue 13): imports flow one way, modules stay small, migrations stand alone.

Read from the source with ``ast``, so every import counts: at module level, inside functions, and under
``TYPE_CHECKING``. Migrations and tests are not application code and are left out of the first two rules.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Package -> the packages it must not import. Lower layers know nothing of the ones above them:
# references is the bibliography, articles the reader's side, editorial the workflow over both.
# core and pagecache are the bottom of the stack; an entry whose package does not exist yet is passed over.
# api (the syndication API, issue 16) sits at the top beside editorial: it may read every layer below, and
# nothing imports it (config's URLs mount it).
MUST_NOT_IMPORT = {
    "references": {"articles", "editorial", "api", "ask"},
    "articles": {"editorial", "api", "ask"},
    # The question box (issue 15) sits between editorial (whose services write its passages) and articles.
    "ask": {"editorial", "api"},
    "editorial": {"api"},
    "core": {"articles", "editorial", "references", "config", "api", "ask"},
    "pagecache": {"articles", "editorial", "references", "config", "api", "ask"},
}

MAX_LINES = 400
SIZE_CHECKED = ["api", "articles", "ask", "editorial", "references", "config", "core", "pagecache", "bench", "soak"]
# The corpus generator: test-data tooling, left out of the size rule by issue 13.
# generate_corpus is one long bulk writer; settings is a flat list of declarations whose order matters (each
# feature's block adjusts MIDDLEWARE and INSTALLED_APPS declared above it), clearer whole than split.
SIZE_EXEMPT = {"editorial/management/commands/generate_corpus.py", "config/settings.py"}

# What a migration may import: the framework and the libraries whose fields it names, and the standard
# library. Application code changes after a migration is written, so a migration must not depend on it;
# references.models is the one exception (``max_year``, a field validator that migration 0002 names).
MIGRATION_MAY_IMPORT = {"django", "simple_history", "django_fsm", "references.models", *sys.stdlib_module_names}


def python_files(directory: str, *, skip: tuple[str, ...] = ("migrations", "tests")) -> Iterator[Path]:
    for path in sorted((ROOT / directory).rglob("*.py")):
        if not set(path.relative_to(ROOT).parts) & set(skip):
            yield path


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imports(path: Path) -> Iterator[tuple[int, list[str]]]:
    """``(line, names)`` for each import in ``path``: the module a statement names (relative imports made
    absolute), and for ``from m import n`` also ``m.n``, which is the module when ``n`` is one."""
    package = list(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, [alias.name]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            yield node.lineno, [module, *(f"{module}.{alias.name}".lstrip(".") for alias in node.names)]


def names_any(names: list[str], packages: set[str]) -> bool:
    return any(name == package or name.startswith(package + ".") for name in names for package in packages)


def test_imports_flow_one_way():
    violations = []
    for package, forbidden in MUST_NOT_IMPORT.items():
        if not (ROOT / package).is_dir():
            continue  # not created yet (core and pagecache arrive with issue 13)
        for path in python_files(package):
            for line, names in imports(path):
                if names_any(names, forbidden):
                    violations.append(f"{relative(path)}:{line} imports {names[0] or names[1]}")
    assert violations == [], "A lower layer imports a higher one:\n" + "\n".join(violations)


def test_no_application_module_is_over_the_line_limit():
    too_long = {}
    for directory in SIZE_CHECKED:
        if not (ROOT / directory).is_dir():
            continue
        for path in python_files(directory):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES and relative(path) not in SIZE_EXEMPT:
                too_long[relative(path)] = lines
    assert too_long == {}, f"Over {MAX_LINES} lines: split them by concern (a package re-exporting from __init__)."


def may_be_imported_by_a_migration(names: list[str]) -> bool:
    """Allowed when the module is, or when every name taken from it is a module that is (``from references
    import models``)."""
    module, *members = names
    return (
        names_any([module], MIGRATION_MAY_IMPORT)
        or bool(members)
        and all(names_any([member], MIGRATION_MAY_IMPORT) for member in members)
    )


def test_migrations_import_no_application_code():
    violations = []
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        for line, names in imports(path):
            if not may_be_imported_by_a_migration(names):
                violations.append(f"{relative(path)}:{line} imports {names[0]}")
    assert violations == [], "Freeze what the migration needs into it instead:\n" + "\n".join(violations)
