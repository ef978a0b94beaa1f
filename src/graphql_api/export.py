"""Print the schema SDL (`python -m graphql_api.export > schema.graphql`)."""

from __future__ import annotations

from graphql_api.schema import schema


def sdl() -> str:
    """The schema as committed in `schema.graphql`."""
    return schema.as_str() + "\n"


if __name__ == "__main__":
    print(sdl(), end="")
