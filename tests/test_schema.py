"""The committed schema.graphql matches the code, and the public contract's shapes are kept."""

from __future__ import annotations

from pathlib import Path

from graphql import GraphQLInputObjectType, GraphQLObjectType, GraphQLSchema, build_schema
from graphql_api.export import sdl
from graphql_api.schema import schema

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "docs" / "api-contract.graphql"
SHARED_CONTRACT = ROOT.parent / "shared" / "api-contract.graphql"


def test_committed_schema_is_current() -> None:
    # given the schema exported from the code, then it equals the committed file
    committed = (ROOT / "schema.graphql").read_text()
    assert committed == sdl(), "schema.graphql is stale: run `make schema` and commit it"


def contract_drift(contract: GraphQLSchema, ours: GraphQLSchema) -> list[str]:
    """Every way our schema departs from the contract, for the types and fields we serve."""
    drift: list[str] = []
    for name, wanted in contract.type_map.items():
        have = ours.type_map.get(name)
        if name.startswith("__") or have is None:
            continue
        if not isinstance(wanted, GraphQLObjectType | GraphQLInputObjectType):
            continue
        if type(have) is not type(wanted):
            drift.append(
                f"{name} is a {type(have).__name__}, contract says {type(wanted).__name__}"
            )
            continue
        assert isinstance(have, GraphQLObjectType | GraphQLInputObjectType)
        for field_name, field in wanted.fields.items():
            mine = have.fields.get(field_name)
            if mine is None:
                if name not in {"Query", "Mutation"}:
                    drift.append(f"{name}.{field_name} is missing")
                continue
            if str(mine.type) != str(field.type):
                drift.append(f"{name}.{field_name}: {mine.type} != contract {field.type}")
            for arg_name, arg in getattr(field, "args", {}).items():
                my_arg = mine.args.get(arg_name)  # type: ignore[union-attr]
                if my_arg is None or str(my_arg.type) != str(arg.type):
                    drift.append(f"{name}.{field_name}({arg_name}) differs from the contract")
    return drift


def test_schema_keeps_the_contract_shapes() -> None:
    # given the public contract, when compared with our schema type by type,
    # then every type we serve has the contract's fields, types and arguments
    contract = build_schema(CONTRACT.read_text())
    assert contract_drift(contract, schema._schema) == []


def test_contract_copy_matches_shared_when_present() -> None:
    # given the team's contract beside the repo (absent on a user's fresh clone),
    # then our committed copy is the same text
    if SHARED_CONTRACT.exists():
        assert CONTRACT.read_text() == SHARED_CONTRACT.read_text()
    assert "type Query" in CONTRACT.read_text()
