"""``shopforge image …``: the creative factory's commands."""

from __future__ import annotations

import typer

from shopforge.cli import image_cutout, image_main, image_poster

app = typer.Typer(no_args_is_help=True, help="Cut-outs, platform main images, checks, scenes and posters.")
app.command("cutout")(image_cutout.cutout)
app.command("main")(image_main.main_images)
app.command("check")(image_main.check_images)
app.command("scene")(image_poster.scene_images)
app.command("poster")(image_poster.poster)
