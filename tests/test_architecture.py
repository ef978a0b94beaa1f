"""Imports only point down: skyport > storefront > graphql_api > data; skyport > jobs > data."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
FORBIDDEN: dict[str, set[str]] = {
    "data": {"skyport", "storefront", "graphql_api", "jobs", "strawberry", "starlette", "jinja2"},
    "graphql_api": {"skyport", "storefront", "jobs"},
    "storefront": {"skyport", "data", "jobs"},
    "jobs": {"skyport", "storefront", "graphql_api"},
}


def imported_roots(path: Path) -> set[str]:
    """Top-level package names a module imports (absolute imports only)."""
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def violations(package: str) -> list[str]:
    """`file: imports x` lines for every forbidden import inside `package`."""
    found = []
    for path in sorted((SRC / package).rglob("*.py")):
        for root in sorted(imported_roots(path) & FORBIDDEN[package]):
            found.append(f"{path.relative_to(SRC)} imports {root}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_point_down(package: str) -> None:
    # given the package layout, when we read every module's imports,
    # then none reaches up or sideways across the architecture
    assert violations(package) == []


def test_checker_catches_a_storefront_importing_data(tmp_path: Path) -> None:
    # given a module that imports the data layer directly from the storefront
    module = tmp_path / "bad.py"
    module.write_text("from data.db import Database\nimport jobs.worker\n")
    # then the checker sees both forbidden roots
    assert imported_roots(module) & FORBIDDEN["storefront"] == {"data", "jobs"}
