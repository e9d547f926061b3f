"""pagecache is the bottom layer: it imports none of Vetted's apps, which import it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "pagecache"
# Every package of ours at the top of the repository (apps, config, bench, soak, tests), pagecache aside.
OURS = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"pagecache"}


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules.add(node.module)
    return modules


def test_our_packages_are_found():
    assert {"articles", "editorial", "references", "config"} <= OURS


def test_pagecache_imports_none_of_our_apps():
    upward = {
        f"{path.relative_to(ROOT)} imports {module}"
        for path in PACKAGE.rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in OURS
    }
    assert not upward, sorted(upward)
