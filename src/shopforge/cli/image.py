"""``shopforge image …``: the creative factory's commands."""

from __future__ import annotations

import typer

from shopforge.cli import image_batch, image_cutout, image_detail, image_enhance, image_main, image_poster, image_video

app = typer.Typer(
    no_args_is_help=True,
    help="Cut-outs, main images, checks, scenes, posters, detail pages, videos, enhancement and batch jobs.",
)
app.command("cutout")(image_cutout.cutout)
app.command("main")(image_main.main_images)
app.command("check")(image_main.check_images)
app.command("scene")(image_poster.scene_images)
app.command("poster")(image_poster.poster)
app.command("detail")(image_detail.detail)
app.command("enhance")(image_enhance.enhance_images)
app.command("video")(image_video.video)
app.command("batch")(image_batch.batch)
