"""The merchant web console: server-rendered pages (Jinja2 + HTMX) served by the API's FastAPI app.

``mount_console(app, settings)`` adds the pages under ``/console``. Every page is a thin view over the same
services the CLI and the REST API call (catalogue import, generation jobs, review, export), always through the
account-scoped repositories: another shop's ids answer 404.
"""

from shopforge.web.console import CONSOLE_PREFIX, mount_console

__all__ = ["CONSOLE_PREFIX", "mount_console"]
