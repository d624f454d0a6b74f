"""Text models and embedders behind small protocols, obtained through one registry."""

from shopforge.models.base import Completion, CompletionRequest, Embedder, ModelError, TextModel
from shopforge.models.registry import available_text_models, get_text_model, register_text_model

__all__ = [
    "Completion",
    "CompletionRequest",
    "Embedder",
    "ModelError",
    "TextModel",
    "available_text_models",
    "get_text_model",
    "register_text_model",
]
