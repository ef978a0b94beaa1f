"""The HTMX storefront: pages and forms rendered from the public GraphQL schema."""
