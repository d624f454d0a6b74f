"""Creative batch jobs: cut-outs, main images, scenes, posters, detail pages and videos for an account's catalogue.

Resumable and idempotent like generation jobs (``jobs/generate.py``): a job's items (SKU × output kind) are
stored with it, and each item's asset row (provenance and check result) is saved in the same transaction as its
done mark, so a resumed job runs only the items that are not done. A failed item keeps its reason and the batch
goes on. The items of one SKU run back to back and share one cut-out, since segmentation is the slow step.
Files go to ``settings.home / "assets" / <account> / job-<id> /``, so a later job never overwrites the files an
earlier job's assets point to.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from shopforge.creative.backgrounds import BackgroundError, make_background
from shopforge.creative.layout import POSTER_SIZES
from shopforge.creative.segment.base import SegmentationError, Segmenter
from shopforge.creative.segment.registry import SEGMENTER_NAMES, get_segmenter
from shopforge.creative.video import MAX_SECONDS, MIN_SECONDS, VIDEO_SIZES
from shopforge.jobs.creative_outputs import (
    ASSET_KINDS,
    BATCH_VIDEO_SECONDS,
    BATCH_VIDEO_SIZE,
    CREATIVE_KINDS,
    Photo,
    ProductData,
    RenderSettings,
    load_photo,
    render_output,
    safe_name,
)
from shopforge.jobs.generate import JobError, Progress
from shopforge.jobs.items import (
    finish_job,
    interruptible,
    job_products,
    mark_item_done,
    mark_item_failed,
    report_progress,
    start_job,
    unfinished_job,
)
from shopforge.settings import Settings
from shopforge.store.assets import save_asset
from shopforge.store.db import Database
from shopforge.store.models import Account, Job, JobItem
from shopforge.store.products import get_product

log = logging.getLogger(__name__)
JOB_KIND = "creative"


@dataclass(frozen=True)
class CreativeParams:
    kinds: tuple[str, ...] = ("cutout", "main")
    skus: tuple[str, ...] = ()
    segmenter: str = ""  # "" = settings.segmenter when the job runs
    scene_style: str = "studio"
    poster_size: str = ""  # "" = the account platform's usual poster size
    readback: bool = True  # OCR read-back of every poster into its check result
    video_size: str = BATCH_VIDEO_SIZE
    video_seconds: float = BATCH_VIDEO_SECONDS
    video_dimensions: tuple[int, int] | None = None  # None = the size's own pixels; tests make tiny videos

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kinds": list(self.kinds), "skus": sorted(self.skus), "segmenter": self.segmenter,
            "scene_style": self.scene_style, "poster_size": self.poster_size, "readback": self.readback,
        }  # fmt: skip
        if "video" in self.kinds:  # only then: an unfinished job without videos still matches its request
            dims = list(self.video_dimensions) if self.video_dimensions else None
            data |= {"video_size": self.video_size, "video_seconds": self.video_seconds, "video_dimensions": dims}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CreativeParams:
        dims = data.get("video_dimensions")
        return cls(
            tuple(data.get("kinds", ())), tuple(data.get("skus", ())), str(data.get("segmenter", "")),
            str(data.get("scene_style", "studio")), str(data.get("poster_size", "")), bool(data.get("readback", True)),
            str(data.get("video_size", BATCH_VIDEO_SIZE)), float(data.get("video_seconds", BATCH_VIDEO_SECONDS)),
            (int(dims[0]), int(dims[1])) if dims else None,
        )  # fmt: skip

    def validate(self) -> None:
        """``JobError`` naming the first bad parameter."""
        if not self.kinds:
            raise JobError(f"no output kind given; choose from: {', '.join(CREATIVE_KINDS)}")
        unknown = [kind for kind in self.kinds if kind not in CREATIVE_KINDS]
        if unknown:
            raise JobError(f"unknown creative kind(s) {', '.join(unknown)}; choose from: {', '.join(CREATIVE_KINDS)}")
        if self.segmenter and self.segmenter not in SEGMENTER_NAMES:
            raise JobError(f"unknown segmenter {self.segmenter!r}; choose from: {', '.join(SEGMENTER_NAMES)}")
        if self.poster_size and self.poster_size not in POSTER_SIZES:
            raise JobError(f"unknown poster size {self.poster_size!r}; choose from: {', '.join(POSTER_SIZES)}")
        if "video" in self.kinds:
            self._validate_video()
        try:  # a bad style or an empty folder would fail every scene alike: refuse the job instead
            make_background(self.scene_style, (8, 8), [(200, 200, 200)])
        except BackgroundError as exc:
            raise JobError(str(exc)) from exc

    def _validate_video(self) -> None:
        if self.video_size not in VIDEO_SIZES:
            raise JobError(f"unknown video size {self.video_size!r}; choose from: {', '.join(VIDEO_SIZES)}")
        if not MIN_SECONDS <= self.video_seconds <= MAX_SECONDS:
            raise JobError(f"video length {self.video_seconds:g} s is not between {MIN_SECONDS:g} and {MAX_SECONDS:g}")
        dims = self.video_dimensions
        if dims is not None and (min(dims) < 64 or dims[0] % 2 or dims[1] % 2):
            raise JobError(f"video dimensions must be even and at least 64 px, not {dims[0]}×{dims[1]}")


def create_creative_job(session: Session, account: Account, params: CreativeParams) -> Job:
    """A new job for these products × kinds, or the account's unfinished creative job with the same parameters."""
    params.validate()
    existing = unfinished_job(session, account, JOB_KIND, params.to_dict())
    if existing is not None:
        return existing
    products = job_products(session, account, params.skus)
    job = Job(account_id=account.id, kind=JOB_KIND, params=params.to_dict(), status="pending")
    session.add(job)
    session.flush()
    kinds = list(dict.fromkeys(params.kinds))
    session.add_all(JobItem(job_id=job.id, sku=p.sku, kind=kind) for p in products for kind in kinds)
    job.total = len(products) * len(kinds)
    session.flush()
    return job


def asset_folder(settings: Settings, account_name: str, job_id: int) -> Path:
    return settings.home / "assets" / safe_name(account_name) / f"job-{job_id}"


@dataclass
class _Run:
    db: Database
    job_id: int
    account_id: int
    segmenter: Segmenter
    config: RenderSettings
    progress: Progress | None
    cancelled: threading.Event


def run_creative_job(db: Database, settings: Settings, job_id: int, progress: Progress | None = None) -> None:
    """Run every item of the job that is not done; safe to call again after a crash or Ctrl-C (it resumes)."""
    with db.session() as session:
        job, account = start_job(session, job_id, JOB_KIND)
        params = CreativeParams.from_dict(job.params)
        _requeue_failed(job)
        groups: dict[str, list[tuple[int, str]]] = {}
        for item in job.items:
            if item.status != "done":
                groups.setdefault(item.sku, []).append((item.id, item.kind))
        config = RenderSettings(
            account.platform, account.lang, asset_folder(settings, account.name, job_id), params.scene_style,
            params.poster_size, params.readback, settings.font_path, video_size=params.video_size,
            video_seconds=params.video_seconds, video_dimensions=params.video_dimensions,
        )  # fmt: skip
        counts = (job.done, job.total, job.failed)
    if progress:
        progress(*counts)
    try:
        segmenter = get_segmenter(params.segmenter or settings.segmenter, settings)
    except (ValueError, SegmentationError) as exc:  # no item can run: the job fails with the reason
        _fail_job(db, job_id, str(exc))
        raise JobError(f"job {job_id}: {exc}") from exc
    run = _Run(db, job_id, account.id, segmenter, config, progress, threading.Event())
    with interruptible(db, job_id, run.cancelled), ThreadPoolExecutor(max(1, settings.workers)) as pool:
        list(pool.map(lambda group: _run_product(run, *group), groups.items()))
    finish_job(db, job_id)


def _fail_job(db: Database, job_id: int, reason: str) -> None:
    with db.session() as session:
        job = session.get(Job, job_id)
        if job is not None:
            job.status, job.error = "failed", reason


def _requeue_failed(job: Job) -> None:
    # A resume runs failed items again (as generation does); their old failure no longer counts.
    for item in job.items:
        if item.status == "failed":
            item.status, item.error = "pending", None
    job.failed = 0


def _run_product(run: _Run, sku: str, items: list[tuple[int, str]]) -> None:
    """The items of one product, sharing its cut-out; a photo that cannot be read fails each of them alike."""
    photo: Photo | Exception | None = None
    for item_id, kind in items:
        if run.cancelled.is_set():
            return
        try:
            with run.db.session() as session:
                data = _product_data(session, run.account_id, sku)
            if photo is None:
                try:
                    photo = load_photo(data.images, run.segmenter)
                except Exception as exc:  # kept, so the product's other items fail fast with the same reason
                    photo = exc
            if isinstance(photo, Exception):
                raise photo
            output = render_output(kind, data, photo, run.config)
            provenance = output.provenance(photo, run.segmenter.name, job_id=run.job_id, kind=kind)
            _save_done(run, item_id, sku, kind, output.path, provenance, output.check)
        except Exception as exc:  # one item's failure never stops the batch
            log.warning("creative job %s item %s/%s failed: %s", run.job_id, sku, kind, exc)
            mark_item_failed(run.db, run.job_id, item_id, exc)
        report_progress(run.db, run.job_id, run.progress, run.cancelled)


def _product_data(session: Session, account_id: int, sku: str) -> ProductData:
    account = session.get(Account, account_id)
    product = get_product(session, account, sku) if account else None
    if account is None or product is None:
        raise LookupError(f"sku {sku!r} no longer exists in this account")
    return ProductData.load(session, account, product)


def _save_done(
    run: _Run, item_id: int, sku: str, kind: str, path: Path, provenance: dict[str, Any], check: dict[str, Any]
) -> None:
    with run.db.session() as session:
        account = session.get(Account, run.account_id)
        product = get_product(session, account, sku) if account else None
        if account is None or product is None:
            raise LookupError(f"sku {sku!r} was deleted while its {kind} was being rendered")
        save_asset(session, account, product, ASSET_KINDS[kind], path, provenance, check)
        mark_item_done(session, run.job_id, item_id, error=None)
