"""node(id): any object by its global id, and only by the one id it was issued."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.utils.await_maybe import await_maybe

from graphql_api.common.ids import issued_global_id
from graphql_api.context import Context
from graphql_api.errors import ApiError


def node_type(info: strawberry.Info[Context, None], type_name: str) -> type[relay.Node] | None:
    """The schema's object type of that name if it is a node (not the `Node` interface)."""
    definition = info.schema.get_type_by_name(type_name)
    if not isinstance(definition, StrawberryObjectDefinition) or definition.is_interface:
        return None
    origin = definition.origin
    return origin if isinstance(origin, type) and issubclass(origin, relay.Node) else None


@strawberry.type
class NodeQuery:
    # our own resolver rather than `relay.node()`: Strawberry's decodes the id before any of our
    # code sees it, so it cannot refuse an id spelt otherwise than we issued it
    @strawberry.field(description="Any object by its global ID.")
    async def node(
        self,
        info: strawberry.Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="The ID of the object.")],
    ) -> relay.Node | None:
        # (the messages do not repeat the id: it may be anything, of any length)
        global_id = issued_global_id(id)
        if global_id is None:
            raise ApiError("This is not an id we issued.", code="INVALID_ID", field="id")
        found = node_type(info, global_id.type_name)
        if found is None:
            message = "This id names no kind of object we serve."
            raise ApiError(message, code="INVALID_ID", field="id")
        return await await_maybe(found.resolve_node(global_id.node_id, info=info))
