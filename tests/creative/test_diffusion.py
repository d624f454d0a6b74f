"""The diffusion scene back end, run on tiny randomly initialised pipelines saved to a temporary folder and loaded
through the users' code path (``Settings(diffusion_model_dir=...)``): product pixels kept, background painted,
seeded, and clear errors for folders that cannot be used."""

from __future__ import annotations

import json
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

import diffusers
import numpy as np
import pytest
import torch
import transformers
import typer
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from shopforge.cli.image_poster import scene_images
from shopforge.creative.diffusion import DiffusionBackground, DiffusionError, PaintParams, generation_size
from shopforge.creative.scene import RESAMPLE, compose_scene
from shopforge.settings import Settings

SIZE = (100, 84)  # not multiples of 8: the painting is made at 96×80 and resized


def tiny_tokenizer(folder: Path) -> Any:
    """A CLIP tokenizer from a vocab.json/merges.txt written here: single characters, no merges, no download."""
    folder.mkdir(parents=True)
    vocab = {"<|startoftext|>": 0, "<|endoftext|>": 1}
    for char in string.ascii_lowercase + string.digits + string.punctuation:
        vocab[char] = len(vocab)
        vocab[char + "</w>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    (folder / "merges.txt").write_text("#version: 0.2\n", encoding="utf-8")
    (folder / "tokenizer_config.json").write_text(json.dumps({"model_max_length": 77}), encoding="utf-8")
    return transformers.CLIPTokenizer.from_pretrained(folder, local_files_only=True)


def tiny_components(tmp: Path) -> dict[str, Any]:
    """SD inpainting components a few MB in size; the VAE downsamples by 8 like the real one."""
    torch.manual_seed(0)
    unet = diffusers.UNet2DConditionModel(
        block_out_channels=(32, 64),
        layers_per_block=1,
        sample_size=8,
        in_channels=9,  # noisy latents 4 + mask 1 + masked-image latents 4: an inpainting UNet
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=32,
    )
    vae = diffusers.AutoencoderKL(
        block_out_channels=(8, 8, 16, 16),
        norm_num_groups=8,
        layers_per_block=1,
        down_block_types=("DownEncoderBlock2D",) * 4,
        up_block_types=("UpDecoderBlock2D",) * 4,
        latent_channels=4,
    )
    tokenizer = tiny_tokenizer(tmp / "vocab")
    text_encoder = transformers.CLIPTextModel(
        transformers.CLIPTextConfig(
            bos_token_id=0,
            eos_token_id=1,
            pad_token_id=1,
            hidden_size=32,
            intermediate_size=37,
            num_attention_heads=4,
            num_hidden_layers=2,
            vocab_size=len(tokenizer),
        )
    )
    scheduler = diffusers.DDIMScheduler(
        beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", clip_sample=False, steps_offset=1
    )
    return {"unet": unet, "vae": vae, "text_encoder": text_encoder, "tokenizer": tokenizer, "scheduler": scheduler}


def tiny_controlnet() -> Any:
    torch.manual_seed(1)
    controlnet: Any = diffusers.ControlNetModel(  # Any: diffusers exports its classes lazily, opaque to mypy
        block_out_channels=(32, 64),
        layers_per_block=1,
        in_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        cross_attention_dim=32,
        conditioning_embedding_out_channels=(8, 8, 16, 16),  # downsamples by 8, as the VAE does
    )
    # A ControlNet starts with zeroed output convolutions (it adds nothing until trained), and default-initialised
    # condition convolutions barely tell one condition from another: give them weights so the tests can see the
    # condition reach the UNet.
    convolutions = [*controlnet.controlnet_cond_embedding.modules(), *controlnet.controlnet_down_blocks]
    for module in [*convolutions, controlnet.controlnet_mid_block]:
        if isinstance(module, torch.nn.Conv2d):
            torch.nn.init.normal_(module.weight, std=0.2)
    return controlnet


@pytest.fixture(scope="module")
def model_dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("diffusion")
    pipeline: Any = diffusers.StableDiffusionInpaintPipeline(
        **tiny_components(tmp), safety_checker=None, feature_extractor=None, requires_safety_checker=False
    )
    plain = tmp / "sd-inpaint"
    pipeline.save_pretrained(plain)
    with_controlnet = tmp / "sd-inpaint-controlnet"
    shutil.copytree(plain, with_controlnet)
    tiny_controlnet().save_pretrained(with_controlnet / "controlnet")
    return {"plain": plain, "controlnet": with_controlnet}


@pytest.fixture(scope="module")
def painter(model_dirs: dict[str, Path]) -> DiffusionBackground:
    return DiffusionBackground.from_settings(Settings(diffusion_model_dir=model_dirs["plain"]))


def synthetic_product(size: tuple[int, int] = (60, 80)) -> tuple[Image.Image, np.ndarray]:
    """A textured product on grey and its exact mask (the noise makes pixel identity meaningful)."""
    width, height = size
    rng = np.random.default_rng(3)
    pixels = np.full((height, width, 3), 128, np.uint8)
    mask_image = Image.new("L", size, 0)
    ImageDraw.Draw(mask_image).rounded_rectangle((width // 5, height // 8, width * 4 // 5, height - 4), 6, fill=255)
    mask = np.asarray(mask_image) > 0
    pixels[mask] = (np.array([170, 60, 40], np.uint8) + rng.integers(0, 60, (height, width, 3), np.uint8))[mask]
    return Image.fromarray(pixels, "RGB"), mask.astype(np.float32)


def assert_product_identical(result: Any, image: Image.Image, mask: np.ndarray) -> None:
    """Inside the fully opaque resized matte, the output equals the source cropped and resized with RESAMPLE."""
    left, top, right, bottom = result.product_box
    alpha = Image.fromarray((mask * 255).astype(np.uint8), "L")
    box = alpha.getbbox()
    size = (right - left, bottom - top)
    expected = np.asarray(image.crop(box).resize(size, RESAMPLE))
    inside = np.asarray(alpha.crop(box).resize(size, RESAMPLE)) == 255
    assert inside.sum() > 0.3 * inside.size
    region = np.asarray(result.image)[top:bottom, left:right]
    assert np.array_equal(region[inside], expected[inside])


def outside_product(result: Any) -> np.ndarray:
    """The pixels well away from the product's box (the painted background)."""
    left, top, right, bottom = result.product_box
    keep = np.ones(result.image.size[::-1], bool)
    keep[max(0, top - 4) : bottom + 4, max(0, left - 4) : right + 4] = False
    return np.asarray(result.image, np.int16)[keep]


def test_painted_scene_keeps_the_product_pixels_and_repaints_the_background(painter: DiffusionBackground) -> None:
    image, mask = synthetic_product()
    params = PaintParams(prompt="a red mug on an oak table", steps=2, seed=5)
    result = painter.paint((image, mask), SIZE, params)
    assert result.image.size == SIZE and result.image.mode == "RGB"
    assert_product_identical(result, image, mask)
    composite = compose_scene((image, mask), "studio", SIZE, seed=5)
    assert composite.product_box == result.product_box  # placed exactly as the composite scene places it
    changed = np.abs(outside_product(result) - outside_product(composite)).mean()
    assert changed > 10, changed
    assert result.provenance["backend"] == "diffusion"
    assert result.provenance["pipeline"] == "StableDiffusionInpaintPipeline"
    assert result.provenance["model_dir"] == str(painter.model_dir)
    assert result.provenance["generation_size"] == [96, 80]
    assert (result.provenance["prompt"], result.provenance["seed"], result.provenance["steps"]) == (
        "a red mug on an oak table",
        5,
        2,
    )


def test_the_same_seed_paints_the_same_background_and_another_seed_does_not(painter: DiffusionBackground) -> None:
    image, mask = synthetic_product()
    first = painter.paint((image, mask), SIZE, PaintParams(steps=2, seed=11))
    again = painter.paint((image, mask), SIZE, PaintParams(steps=2, seed=11))
    other = painter.paint((image, mask), SIZE, PaintParams(steps=2, seed=12))
    assert np.array_equal(np.asarray(first.image), np.asarray(again.image))
    assert not np.array_equal(outside_product(first), outside_product(other))
    assert_product_identical(other, image, mask)


def test_controlnet_sub_folder_conditions_the_painting_on_the_product(model_dirs: dict[str, Path]) -> None:
    painter = DiffusionBackground.from_settings(Settings(diffusion_model_dir=model_dirs["controlnet"]))
    assert painter.uses_controlnet
    image, mask = synthetic_product()
    cutout = image.convert("RGBA")
    cutout.putalpha(Image.fromarray((mask * 255).astype(np.uint8), "L"))
    edges = painter.paint(cutout, SIZE, PaintParams(steps=2, seed=3, control="edges"))
    silhouette = painter.paint(cutout, SIZE, PaintParams(steps=2, seed=3, control="mask"))
    assert edges.provenance["pipeline"] == "StableDiffusionControlNetInpaintPipeline"
    assert edges.provenance["control"] == "edges"
    assert_product_identical(edges, image, mask)
    assert_product_identical(silhouette, image, mask)
    # same seed and prompt, different condition: the condition is what changed the painting
    assert np.abs(outside_product(edges) - outside_product(silhouette)).mean() > 1
    with pytest.raises(ValueError, match="unknown control 'depth'"):
        painter.paint(cutout, SIZE, PaintParams(steps=2, control="depth"))


def test_unusable_model_folders_are_clear_errors(model_dirs: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(DiffusionError, match="SHOPFORGE_DIFFUSION_MODEL_DIR"):
        DiffusionBackground.from_settings(Settings(diffusion_model_dir=None))
    missing = tmp_path / "nowhere"
    with pytest.raises(DiffusionError, match=re.escape(f"{missing}: no such diffusion model folder")):
        DiffusionBackground.from_settings(Settings(diffusion_model_dir=missing))
    with pytest.raises(DiffusionError, match=r"no model_index\.json"):
        DiffusionBackground.from_settings(Settings(diffusion_model_dir=tmp_path))
    xl = tmp_path / "xl"
    xl.mkdir()
    (xl / "model_index.json").write_text(json.dumps({"_class_name": "StableDiffusionXLInpaintPipeline"}))
    with pytest.raises(DiffusionError, match="a StableDiffusionXLInpaintPipeline folder"):
        DiffusionBackground.from_settings(Settings(diffusion_model_dir=xl))
    broken = tmp_path / "broken"
    shutil.copytree(model_dirs["plain"], broken)
    (broken / "unet" / "diffusion_pytorch_model.safetensors").write_bytes(b"truncated")
    with pytest.raises(DiffusionError, match=re.escape(f"{broken}: cannot load the diffusion pipeline")):
        DiffusionBackground.from_settings(Settings(diffusion_model_dir=broken))


def test_missing_diffusers_is_a_clear_error(model_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "diffusers", None)  # what an environment without diffusers looks like
    with pytest.raises(DiffusionError, match=r"needs torch, diffusers and transformers.*pip install torch==2\.13\.0"):
        DiffusionBackground.from_settings(Settings(diffusion_model_dir=model_dirs["plain"]))


def test_shopforge_imports_without_torch() -> None:
    code = (
        "import sys; import shopforge.creative.diffusion, shopforge.cli.image_poster; "
        "sys.exit(int(any(m in sys.modules for m in ('torch', 'diffusers', 'transformers'))))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_generation_size_is_at_most_512_and_a_multiple_of_8() -> None:
    assert generation_size((1200, 1200)) == (512, 512)
    assert generation_size((1200, 800)) == (512, 344)
    assert generation_size((64, 64)) == (64, 64)  # never enlarged
    assert generation_size((100, 84)) == (96, 80)


def scene_cli(tmp_path: Path, *args: str) -> Any:
    image, mask = synthetic_product()
    cutout = image.convert("RGBA")
    cutout.putalpha(Image.fromarray((mask * 255).astype(np.uint8), "L"))
    cutout.save(tmp_path / "mug.png")
    app = typer.Typer()
    app.command()(scene_images)
    return CliRunner().invoke(app, [str(tmp_path / "mug.png"), "--out", str(tmp_path / "out"), *args])


def test_cli_diffusion_backend_writes_the_scene_and_its_provenance(
    model_dirs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPFORGE_DIFFUSION_MODEL_DIR", str(model_dirs["plain"]))
    result = scene_cli(tmp_path, "--backend", "diffusion", "--prompt", "on white marble", "--steps", "1", "--seed", "4")
    assert result.exit_code == 0, result.output
    assert Image.open(tmp_path / "out" / "mug.png").size == (1200, 1200)
    provenance = json.loads((tmp_path / "out" / "mug.json").read_text(encoding="utf-8"))
    assert provenance["backend"] == "diffusion"
    assert provenance["model_dir"] == str(model_dirs["plain"])
    assert (provenance["prompt"], provenance["seed"], provenance["steps"]) == ("on white marble", 4, 1)
    assert provenance["source_image"] == str(tmp_path / "mug.png")


def test_cli_bad_backend_or_model_folder_stops_before_any_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPFORGE_DIFFUSION_MODEL_DIR", str(tmp_path / "nowhere"))
    result = scene_cli(tmp_path, "--backend", "diffusion")
    assert result.exit_code != 0
    assert "no such diffusion model folder" in " ".join(result.output.split())  # rich wraps long lines
    assert not (tmp_path / "out" / "mug.png").exists()
    result = scene_cli(tmp_path, "--backend", "dall-e")
    assert result.exit_code != 0
    assert "unknown back end 'dall-e'" in " ".join(result.output.split())
