"""Inputs built from graphql-core's coerced values equal Strawberry's own conversion."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from graphql.execution.values import get_argument_values, get_variable_values
from hypothesis import given
from hypothesis import strategies as st
from strawberry.relay import GlobalID
from strawberry.types.arguments import InputContext, convert_arguments

from graphql import parse
from graphql_api.common.inputs import built_from_coerced
from graphql_api.schema import schema
from graphql_api.search.inputs import FlightSearchInput

DOCUMENT = parse(
    "query S($input: FlightSearchInput!) { searchFlights(input: $input) { totalCount } }"
)
OPERATION: Any = DOCUMENT.definitions[0]
FIELD = schema._schema.query_type.fields["searchFlights"]  # type: ignore[union-attr]

maybe = st.none() | st.just("absent")
slices = st.fixed_dictionaries(
    {
        "origin": st.sampled_from(["LHR", "jfk", " SYD "]),
        "destination": st.text(max_size=4),
        "departureDate": st.dates().map(lambda d: d.isoformat()),
    }
)
filters = st.fixed_dictionaries(
    {},
    optional={
        "maxStops": st.none() | st.integers(-1, 3),
        "airlines": st.none() | st.lists(st.sampled_from(["XA", "XF", ""]), max_size=3),
        "maxPriceMinor": st.none() | st.integers(0, 10**6),
        "departAfter": st.none() | st.just("07:30"),
        "departBefore": st.none() | st.just("21:00"),
    },
)
inputs = st.fixed_dictionaries(
    {"slices": st.lists(slices, max_size=5)},
    optional={
        "passengers": st.fixed_dictionaries(
            {}, optional={k: st.integers(0, 9) for k in ("adults", "children", "infants")}
        ),
        "cabin": st.sampled_from(["ECONOMY", "PREMIUM_ECONOMY", "BUSINESS", "FIRST"]),
        "maxConnections": st.integers(-1, 3),
        "filter": st.none() | filters,
        "sort": st.sampled_from(["PRICE", "DURATION", "DEPARTURE"]),
        "groupFareBrands": st.booleans(),
    },
)


def convert(variables: dict[str, Any]) -> dict[str, Any]:
    coerced = get_variable_values(schema._schema, OPERATION.variable_definitions, variables)
    assert not isinstance(coerced, list), coerced
    args = get_argument_values(FIELD, OPERATION.selection_set.selections[0], coerced)
    definition = FIELD.extensions["strawberry-definition"]
    return convert_arguments(
        args,
        definition.arguments,
        scalar_registry=schema.schema_converter.scalar_registry,
        config=schema.config,
    )


@given(search=inputs)
def test_the_search_input_is_built_as_strawberry_builds_it(search: dict[str, Any]) -> None:
    # given any search input graphql-core accepts, built by the table
    built = convert({"input": search})
    # when Strawberry's own conversion builds it
    definition = FlightSearchInput.__strawberry_definition__  # type: ignore[attr-defined]
    hook, definition.from_input = definition.from_input, None
    try:
        generic = convert({"input": search})
    finally:
        definition.from_input = hook
    # then both are equal, down to the nested inputs and copied lists
    assert built == generic
    assert isinstance(built["input"], FlightSearchInput)
    rules = built["input"].filter
    if rules is not None and rules.airlines is not None:
        assert rules.airlines == search["filter"]["airlines"]


@built_from_coerced
@strawberry.input
class ByNode:
    node: GlobalID


def test_a_type_it_cannot_build_is_refused() -> None:
    # given an input with a field the table does not know how to build (a relay GlobalID)
    context = InputContext(
        info=None,
        config=schema.config,
        scalar_registry=schema.schema_converter.scalar_registry,
        path=(),
    )
    definition = ByNode.__strawberry_definition__  # type: ignore[attr-defined]
    # then building it is refused, rather than built differently from Strawberry
    with pytest.raises(TypeError, match="not built from coerced values"):
        definition.from_input(ByNode, {"node": "QTox"}, context)
