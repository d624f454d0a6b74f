"""Console pages, one module per page (each a thin view over the services the CLI and the API use)."""
