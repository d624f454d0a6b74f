"""The one seam through which every text model is obtained.

Built-in backends register here exactly like plugins do. A third-party package adds a backend with an entry
point in group ``shopforge.models``, the entry point's name being the backend name and its object a factory
``(Settings) -> TextModel`` (a class taking ``settings`` works)::

    [project.entry-points."shopforge.models"]
    mybackend = "my_pkg.models:MyModel"

Instances are cached per (name, settings) for the life of the process, because providers are expensive to
build (the embedded model maps ~240 MB of weights) and the writer asks for one per item.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from typing import cast

from shopforge.models.base import TextModel
from shopforge.settings import Settings

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "shopforge.models"
TextModelFactory = Callable[[Settings], TextModel]

_lock = threading.RLock()
# a factory, or an import path "module:attr" / entry point resolved on first use, so that asking for one
# backend never imports the others (llama.cpp, httpx) nor fails because an unrelated one is missing
_factories: dict[str, TextModelFactory | str | EntryPoint] = {}
_instances: dict[tuple[str, str], TextModel] = {}
_entry_points_loaded = False


def register_text_model(name: str, factory: TextModelFactory) -> None:
    """Register (or replace) the factory for backend ``name``; cached instances of it are dropped."""
    if not name:
        raise ValueError("a text model needs a non-empty name")
    with _lock:
        _factories[name] = factory
        _forget_instances(name)


def available_text_models() -> list[str]:
    with _lock:
        _load_entry_points()
        return sorted(_factories)


def get_text_model(name: str, settings: Settings) -> TextModel:
    """The text model ``name`` configured by ``settings``, built once per (name, settings) per process."""
    key = (name, settings.model_dump_json())
    with _lock:
        _load_entry_points()
        if key in _instances:
            return _instances[key]
        if name not in _factories:
            raise ValueError(
                f"unknown text model backend {name!r}; available: {', '.join(sorted(_factories))}"
            )
        factory = _resolve(name)
        # built under the lock on purpose: two threads asking at once must not load the weights twice
        model = factory(settings)
        _instances[key] = model
        return model


def clear_text_model_instances() -> None:
    """Forget cached instances (tests that change settings in place, or a reload)."""
    with _lock:
        _instances.clear()


def _forget_instances(name: str) -> None:
    for key in [key for key in _instances if key[0] == name]:
        del _instances[key]


def _resolve(name: str) -> TextModelFactory:
    target = _factories[name]
    if callable(target) and not isinstance(target, EntryPoint):
        return target
    try:
        loaded = target.load() if isinstance(target, EntryPoint) else _import_path(target)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"text model backend {name!r} is registered but cannot be imported: {exc}") from exc
    if not callable(loaded):
        raise ValueError(f"text model backend {name!r} resolves to {loaded!r}, which is not callable")
    factory = cast(TextModelFactory, loaded)
    _factories[name] = factory
    return factory


def _import_path(path: str) -> object:
    module_name, _, attr = path.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def _load_entry_points() -> None:
    """Add plugin backends once; names already registered (built-ins, explicit calls) win."""
    global _entry_points_loaded
    if _entry_points_loaded:
        return
    _entry_points_loaded = True
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in _factories:
            log.warning("ignoring entry point %s=%s: backend already registered", ep.name, ep.value)
            continue
        _factories[ep.name] = ep


def _embedded(settings: Settings) -> TextModel:
    from shopforge.models.embedded import EmbeddedModel

    return EmbeddedModel(settings)


def _openai(settings: Settings) -> TextModel:
    from shopforge.models.openai_compat import OpenAICompatibleModel

    return OpenAICompatibleModel.from_settings(settings)


def _fake(settings: Settings) -> TextModel:
    from shopforge.models.fake import ScriptedModel

    return ScriptedModel()


register_text_model("embedded", _embedded)
register_text_model("openai", _openai)
register_text_model("fake", _fake)
_factories["template"] = "shopforge.copywriting.template:TemplateModel"
