"""Every GraphQL example the README and the docs show is valid against the schema we serve, so
a reader who pastes one into GraphiQL gets an answer, not a validation error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphql import parse, validate
from graphql_api.schema import schema

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXAMPLE = re.compile(r"```graphql\n(.*?)```", re.DOTALL)

EXAMPLES = [
    pytest.param(text, id=f"{page.relative_to(ROOT)}#{number}")
    for page in PAGES
    for number, text in enumerate(EXAMPLE.findall(page.read_text()), start=1)
]


def test_the_docs_show_examples() -> None:
    # the README and the API guide both show queries (so the check below checks something)
    pages = {str(param.id).split("#")[0] for param in EXAMPLES}
    assert {"README.md", "docs/api.md"} <= pages


@pytest.mark.parametrize("text", EXAMPLES)
def test_a_graphql_example_in_the_docs_is_valid(text: str) -> None:
    # given an example as the docs print it, when it is validated against our schema
    errors = validate(schema._schema, parse(text))
    # then it has no error
    assert [error.message for error in errors] == []
