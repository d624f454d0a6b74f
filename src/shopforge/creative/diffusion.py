"""Diffusion scenes: a Stable Diffusion inpainting pipeline paints the background around the product, then the
product's own pixels are pasted back on top, unchanged.

The pipeline is loaded from a local diffusers folder (``SHOPFORGE_DIFFUSION_MODEL_DIR``, as written by
``save_pretrained``: ``model_index.json``, ``unet/``, ``vae/``, ``text_encoder/``, ``tokenizer/``, ``scheduler/``).
Nothing is fetched from a model hub: every load is ``local_files_only``. When the folder also holds a
``controlnet/`` sub-folder (a ``ControlNetModel``), a ControlNet inpainting pipeline is used instead, conditioned on
the product's edges (``control="edges"``) or its silhouette (``control="mask"``), so that the painted surroundings
follow the product's outline.

``DiffusionBackground.paint`` reads top to bottom:

1. place the product exactly as the composite scene does (``compose_scene``: same fit, same ``RESAMPLE``); that
   composite is the starting image (it only shows through when ``strength`` < 1);
2. the repaint mask is everything outside the product's matte;
3. paint at a generation size (long side ≤ 512 px, multiples of 8: what SD 1.x/2.x are trained for and what a CPU
   can afford), then resize the painting to the output size;
4. paste the resized product with its matte, so wherever the matte is fully opaque the output equals the resized
   source pixel for pixel.

torch, diffusers and transformers are imported only when a pipeline is loaded: the rest of ShopForge runs without
them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from types import ModuleType
from typing import Any

import cv2
import numpy as np
from PIL import Image

from shopforge.creative.scene import RESAMPLE, Product, ProductInput, compose_scene
from shopforge.settings import Settings

GENERATION_SIDE = 512
INSTALL_HINT = "pip install torch==2.13.0 diffusers==0.42.1 transformers==5.24.0"
# Folders written by these pipelines hold the components an SD 1.x/2.x inpainting pipeline needs (a plain
# text-to-image UNet with 4 input channels is inpainted by latent blending, as diffusers does).
SUPPORTED_PIPELINES = {
    "StableDiffusionInpaintPipeline",
    "StableDiffusionPipeline",
    "StableDiffusionControlNetInpaintPipeline",
    "StableDiffusionControlNetPipeline",
}
CONTROLS = ("edges", "mask")
NEGATIVE_PROMPT = "text, watermark, logo, letters, people, hands, blurry, distorted, low quality"
STYLE_PROMPTS = {
    "studio": "product photography on a seamless paper studio backdrop, soft diffused light, gentle floor shadow",
    "gradient": "product photography on a smooth gradient backdrop, soft studio light",
    "texture": "product photography on a natural linen tablecloth, soft window light",
    "noise": "product photography on fine matte paper, soft studio light",
    "palette": "product photography in a bright minimal interior, harmonious colours, soft light",
}
DEFAULT_PROMPT = "product photography in a bright, tidy lifestyle setting, soft natural light, shallow depth of field"


class DiffusionError(RuntimeError):
    """The diffusion back end cannot run: not configured, not installed, or an unusable model folder."""


@dataclass(frozen=True)
class PaintParams:
    """How to paint one scene. ``strength`` 1.0 repaints the background from noise; lower keeps the composite."""

    prompt: str | None = None  # None: a prompt for ``style`` (see ``default_prompt``)
    negative_prompt: str = NEGATIVE_PROMPT
    style: str = "studio"  # the composite style of the starting image
    steps: int = 25
    guidance_scale: float = 7.5
    strength: float = 1.0
    seed: int = 0
    fill: float = 0.72  # share of the frame the product may take, as in the composite scene
    control: str = "edges"  # ControlNet condition: "edges" (Canny of the product) or "mask" (its silhouette)
    control_scale: float = 1.0
    generation_side: int = GENERATION_SIDE


@dataclass
class PaintedScene:
    image: Image.Image
    product_box: tuple[int, int, int, int]
    product: Product  # the resized product that was pasted (its opaque pixels are in ``image`` unchanged)
    provenance: dict[str, Any] = field(default_factory=dict)


def default_prompt(style: str) -> str:
    return STYLE_PROMPTS.get(style, DEFAULT_PROMPT)


class DiffusionBackground:
    """A loaded inpainting pipeline (optionally with a ControlNet) that paints scene backgrounds."""

    def __init__(self, pipeline: Any, model_dir: Path, *, controlnet_dir: Path | None = None) -> None:
        self.pipeline = pipeline
        self.model_dir = model_dir
        self.controlnet_dir = controlnet_dir

    @classmethod
    def from_settings(cls, settings: Settings) -> DiffusionBackground:
        """Load the pipeline in ``settings.diffusion_model_dir``; a ``controlnet/`` sub-folder adds a ControlNet."""
        model_dir = check_model_dir(settings.diffusion_model_dir)
        controlnet_dir = model_dir / "controlnet"
        if not (controlnet_dir / "config.json").is_file():
            return cls(load_pipeline(model_dir), model_dir)
        return cls(load_pipeline(model_dir, controlnet_dir), model_dir, controlnet_dir=controlnet_dir)

    @property
    def uses_controlnet(self) -> bool:
        return self.controlnet_dir is not None

    def paint(self, source: ProductInput, size: tuple[int, int], params: PaintParams | None = None) -> PaintedScene:
        """The product on a painted background of ``size``; inside its opaque matte the pixels are the source's."""
        params = params or PaintParams()
        if params.control not in CONTROLS:
            raise ValueError(f"unknown control {params.control!r}; known: {', '.join(CONTROLS)}")
        # 1. the product placed (and resized, with RESAMPLE) exactly as the composite scene places it
        start = compose_scene(source, params.style, size, fill=params.fill, seed=params.seed)
        placed, box = start.product, start.product_box
        # 2. repaint everything but the product
        mask = repaint_mask(placed, box, size)
        # 3. paint at the generation size, then bring the painting to the output size
        gen_size = generation_size(size, params.generation_side)
        condition = control_image(placed, box, size, gen_size, params.control) if self.uses_controlnet else None
        painted = self._run(start.image.resize(gen_size, RESAMPLE), mask.resize(gen_size, RESAMPLE), condition, params)
        canvas = painted.convert("RGB")
        if canvas.size != size:
            canvas = canvas.resize(size, RESAMPLE)
        # 4. the product's own pixels last, through its matte
        canvas.paste(placed.rgb, box[:2], placed.alpha)
        return PaintedScene(canvas, box, placed, self._provenance(params, size, gen_size))

    def _run(
        self, image: Image.Image, mask: Image.Image, condition: Image.Image | None, params: PaintParams
    ) -> Image.Image:
        import torch

        width, height = image.size
        extra: dict[str, Any] = {}
        if condition is not None:
            extra = {"control_image": condition, "controlnet_conditioning_scale": params.control_scale}
        result = self.pipeline(
            prompt=params.prompt or default_prompt(params.style),
            negative_prompt=params.negative_prompt,
            image=image,
            mask_image=mask,
            height=height,
            width=width,
            strength=params.strength,
            num_inference_steps=params.steps,
            guidance_scale=params.guidance_scale,
            # a CPU generator: the same seed paints the same background on every machine without a GPU
            generator=torch.Generator("cpu").manual_seed(params.seed),
            output_type="pil",
            **extra,
        )
        painted: Image.Image = result.images[0]
        return painted

    def _provenance(self, params: PaintParams, size: tuple[int, int], gen_size: tuple[int, int]) -> dict[str, Any]:
        return {
            "backend": "diffusion",
            "pipeline": type(self.pipeline).__name__,
            "model_dir": str(self.model_dir),
            "controlnet_dir": str(self.controlnet_dir) if self.controlnet_dir else None,
            "control": params.control if self.uses_controlnet else None,
            "prompt": params.prompt or default_prompt(params.style),
            "negative_prompt": params.negative_prompt,
            "style": params.style,
            "seed": params.seed,
            "steps": params.steps,
            "guidance_scale": params.guidance_scale,
            "strength": params.strength,
            "size": list(size),
            "generation_size": list(gen_size),
        }


def repaint_mask(placed: Product, box: tuple[int, int, int, int], size: tuple[int, int]) -> Image.Image:
    """An ``L`` mask of ``size``: 255 (repaint) everywhere except under the product's matte."""
    mask = Image.new("L", size, 255)
    keep = Image.fromarray(255 - np.asarray(placed.alpha), "L")
    mask.paste(keep, box[:2])
    return mask


def control_image(
    placed: Product, box: tuple[int, int, int, int], size: tuple[int, int], gen_size: tuple[int, int], kind: str
) -> Image.Image:
    """The ControlNet condition at ``gen_size``: the product's Canny edges, or its white silhouette, on black."""
    layer = Image.new("RGB", size, (0, 0, 0))
    if kind == "mask":
        layer.paste((255, 255, 255), box, placed.alpha)
        return layer.resize(gen_size, RESAMPLE)
    # edges are found at the size the ControlNet sees, so their width is one painted pixel, as in its training data
    layer.paste(placed.rgb, box[:2], placed.alpha)
    grey = cv2.cvtColor(np.asarray(layer.resize(gen_size, RESAMPLE)), cv2.COLOR_RGB2GRAY)
    edges = cv2.Canny(grey, 100, 200)
    return Image.fromarray(edges, "L").convert("RGB")


def generation_size(size: tuple[int, int], longest: int = GENERATION_SIDE) -> tuple[int, int]:
    """``size`` scaled down (never up) to a long side of at most ``longest``, each side a multiple of 8."""
    scale = min(1.0, longest / max(size))
    return max(8, round(size[0] * scale / 8) * 8), max(8, round(size[1] * scale / 8) * 8)


def check_model_dir(model_dir: Path | None) -> Path:
    """The configured folder if it looks like a diffusers Stable Diffusion pipeline; else a ``DiffusionError``."""
    if model_dir is None:
        raise DiffusionError(
            "no diffusion model configured: set SHOPFORGE_DIFFUSION_MODEL_DIR to a local diffusers Stable Diffusion "
            "inpainting folder (as written by save_pretrained)"
        )
    if not model_dir.is_dir():
        raise DiffusionError(f"{model_dir}: no such diffusion model folder")
    index = model_dir / "model_index.json"
    if not index.is_file():
        raise DiffusionError(f"{model_dir}: not a diffusers pipeline folder (no model_index.json)")
    try:
        class_name = json.loads(index.read_text(encoding="utf-8")).get("_class_name")
    except (ValueError, AttributeError, OSError) as exc:
        raise DiffusionError(f"{index}: unreadable pipeline index ({exc})") from exc
    if class_name not in SUPPORTED_PIPELINES:
        raise DiffusionError(
            f"{model_dir}: a {class_name} folder; the diffusion back end needs a Stable Diffusion 1.x/2.x "
            f"pipeline ({', '.join(sorted(SUPPORTED_PIPELINES))})"
        )
    return model_dir


def load_pipeline(model_dir: Path, controlnet_dir: Path | None = None) -> Any:
    """The inpainting pipeline in ``model_dir`` (with the ControlNet in ``controlnet_dir``), on the CPU, float32."""
    torch, diffusers = _import_diffusers()
    options: dict[str, Any] = {
        "local_files_only": True,
        "dtype": torch.float32,  # fp16 weights are upcast: half precision is slow or unsupported on CPUs
        # accelerate only speeds up loading; without it diffusers warns unless told to load the plain way
        "low_cpu_mem_usage": find_spec("accelerate") is not None,
    }
    try:
        with _quiet_loading():
            if controlnet_dir is None:
                pipeline = diffusers.StableDiffusionInpaintPipeline.from_pretrained(model_dir, **options)
            else:
                controlnet = diffusers.ControlNetModel.from_pretrained(controlnet_dir, **options)
                pipeline = diffusers.StableDiffusionControlNetInpaintPipeline.from_pretrained(
                    model_dir, controlnet=controlnet, **options
                )
    except Exception as exc:  # any failure here means the folder is unusable: say which and why
        raise DiffusionError(f"{model_dir}: cannot load the diffusion pipeline ({type(exc).__name__}: {exc})") from exc
    pipeline.set_progress_bar_config(disable=True)
    return pipeline.to("cpu")


@contextmanager
def _quiet_loading() -> Iterator[None]:
    """Loading draws progress bars and warns that CLIP's image processor (which this pipeline never uses) lacks
    torchvision: noise on every run of a CLI. Both libraries' own switches are restored afterwards."""
    from diffusers.utils import logging as diffusers_logging
    from transformers.utils import logging as transformers_logging

    libraries = (diffusers_logging, transformers_logging)
    saved = [(lib, lib.get_verbosity(), lib.is_progress_bar_enabled()) for lib in libraries]
    for lib, _, _ in saved:
        lib.set_verbosity(lib.ERROR)
        lib.disable_progress_bar()
    try:
        yield
    finally:
        for lib, verbosity, bars in saved:
            lib.set_verbosity(verbosity)
            if bars:
                lib.enable_progress_bar()


def _import_diffusers() -> tuple[ModuleType, ModuleType]:
    # Never reach a hub: offline mode is read when huggingface_hub is first imported, so it is set before that
    # (and every load also passes local_files_only).
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import diffusers
        import torch
        import transformers  # noqa: F401  (the text encoder and tokenizer come from it)
    except ImportError as exc:
        message = f"the diffusion back end needs torch, diffusers and transformers ({exc}): {INSTALL_HINT}"
        raise DiffusionError(message) from exc
    return torch, diffusers
