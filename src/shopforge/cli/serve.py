"""``shopforge serve``: run the REST API (OpenAPI docs at /docs) and the merchant web console (/console)."""

from __future__ import annotations

import typer

from shopforge.cli.context import get_context


def serve(ctx: typer.Context, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the REST API (/docs) and the web console (/console) with uvicorn; jobs run in a background thread."""
    import uvicorn

    from shopforge.api.app import create_app

    uvicorn.run(create_app(get_context(ctx).settings), host=host, port=port)
