"""``shopforge image cutout IMAGE... --out DIR``: DIR/<stem>.png, RGBA, same size as the input, alpha = matte.

A bad image is reported on stderr as ``<path>: reason`` and the batch goes on; exit 0 when at least one cut-out
was written, 1 otherwise.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from shopforge.creative.cutout import cutout as make_cutout
from shopforge.creative.io import ImageInputError, load_image
from shopforge.creative.segment.base import SegmentationError, Segmenter
from shopforge.creative.segment.registry import get_segmenter
from shopforge.settings import Settings

PROGRESS_FROM = 3  # a bar for one or two images is noise


def _process(path: Path, out: Path, segmenter: Segmenter) -> Path:
    if not path.is_file():  # load_image would call it "corrupt", which sends the user looking in the wrong place
        raise ImageInputError(f"{path}: no such file")
    image = load_image(path)
    result = make_cutout(image, segmenter)
    target = out / f"{path.stem}.png"
    result.save(target, format="PNG")
    return target


def _run(images: list[Path], out: Path, segmenter: Segmenter, console: Console) -> int:
    written = 0
    progress = Progress(TextColumn("cut-out"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=console, disable=len(images) < PROGRESS_FROM, transient=True)
    with progress:
        task = progress.add_task("cutout", total=len(images))
        for path in images:
            try:
                _process(path, out, segmenter)
                written += 1
            except ImageInputError as exc:
                message = str(exc)  # already "<path>: reason"
                console.print(message if message.startswith(str(path)) else f"{path}: {message}",
                              markup=False, highlight=False, soft_wrap=True)
            except (SegmentationError, OSError, ValueError, MemoryError) as exc:
                console.print(f"{path}: {exc}", markup=False, highlight=False, soft_wrap=True)
            progress.advance(task)
    return written


def cutout(
    images: list[Path] = typer.Argument(..., help="Product photos (JPEG, PNG, WebP, …)."),
    out: Path = typer.Option(..., "--out", help="Output folder for <stem>.png cut-outs."),
    backend: str = typer.Option("", "--backend", help="u2net (default), u2netp, opencv or onnx."),
) -> None:
    """Cut the product out of each photo: a transparent PNG of the same size, alpha = the product matte."""
    console = Console(stderr=True)
    settings = Settings()
    try:
        segmenter = get_segmenter(backend or settings.segmenter, settings)
    except (ValueError, SegmentationError) as exc:
        console.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        console.print(f"{out}: cannot create the output folder ({exc})", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    written = _run(images, out, segmenter, console)
    raise typer.Exit(0 if written else 1)
