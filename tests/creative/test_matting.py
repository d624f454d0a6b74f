"""Matting: trimap bands, guided refinement keeps the sure regions, decontamination removes the old background."""

from __future__ import annotations

import cv2
import numpy as np

from shopforge.creative import matting


def _disc(size: int = 120, radius: int = 35) -> np.ndarray:
    yy, xx = np.mgrid[0:size, 0:size]
    return (((yy - size / 2) ** 2 + (xx - size / 2) ** 2) <= radius**2).astype(np.float32)


def test_trimap_band_surrounds_the_edge() -> None:
    coarse = _disc()
    sure_fg, unknown = matting.trimap(coarse, band_px=4)
    assert sure_fg[60, 60] and not unknown[60, 60]
    assert unknown[60, 60 + 35] and not sure_fg[60, 60 + 35]  # the edge itself is unknown
    assert not (sure_fg | unknown)[0, 0]  # far away: sure background
    assert not (sure_fg & unknown).any()


def test_refine_keeps_inside_opaque_outside_clear_and_follows_the_photo_edge() -> None:
    truth = _disc()
    rgb = np.where(truth[..., None] > 0, [200, 30, 30], [30, 160, 40]).astype(np.uint8)
    coarse = cv2.GaussianBlur(cv2.resize(cv2.resize(truth, (30, 30)), (120, 120)), (0, 0), 2)  # low-res, blurry
    alpha = matting.refine(rgb, coarse, matting.MattingParams(band=0.04, radius=0.02, eps=1e-4))
    assert alpha.shape == truth.shape and alpha.dtype == np.float32
    assert alpha[60, 60] == 1.0 and alpha[0, 0] == 0.0
    error_refined = np.abs((alpha >= 0.5).astype(np.float32) - truth).sum()
    error_coarse = np.abs((coarse >= 0.5).astype(np.float32) - truth).sum()
    assert error_refined <= error_coarse


def test_decontaminate_removes_the_background_tint_on_soft_edges() -> None:
    truth = _disc()
    alpha = cv2.GaussianBlur(truth, (0, 0), 2.0)
    red, green = np.array([220, 20, 20], np.float32), np.array([20, 200, 20], np.float32)
    composite = (alpha[..., None] * red + (1 - alpha[..., None]) * green).round().astype(np.uint8)
    cleaned = matting.decontaminate(composite, alpha)
    edge = (alpha > 0.2) & (alpha < 0.8)
    assert edge.any()
    assert cleaned[edge][:, 1].mean() < 0.5 * composite[edge][:, 1].mean()  # far less green in the edge
    inside = alpha >= 1.0
    assert np.array_equal(cleaned[inside], composite[inside])  # fully-inside pixels untouched
    outside = alpha <= 0.0
    assert np.array_equal(cleaned[outside], composite[outside])


def _photo_and_coarse(height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """A shaded ellipse on a two-tone wall, and a coarse matte for it (low-res, blurred, like U²-Net's)."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    truth = (((yy - height / 2) / (0.3 * height)) ** 2 + ((xx - width / 2) / (0.25 * width)) ** 2 <= 1).astype(
        np.float32
    )
    wall = np.where(xx[..., None] < width / 3, [40, 60, 90], [200, 190, 170]).astype(np.float32)
    rgb = np.where(truth[..., None] > 0, [180, 40, 30] * (0.6 + 0.4 * yy[..., None] / height), wall)
    coarse = cv2.resize(cv2.resize(truth, (80, 80), interpolation=cv2.INTER_AREA), (width, height))
    return np.clip(rgb, 0, 255).astype(np.uint8), cv2.GaussianBlur(coarse, (0, 0), 3)


def test_guided_filter_is_opencvs_below_the_fast_threshold_and_close_to_it_above() -> None:
    rgb, coarse = _photo_and_coarse(300, 400)
    guide = (rgb / 255).astype(np.float32)
    exact = cv2.ximgproc.guidedFilter(guide, coarse, 6, 1e-3)
    assert np.array_equal(matting.guided_filter(guide, coarse, 6, 1e-3), exact)
    rgb, coarse = _photo_and_coarse(1500, 2000)  # 3 MP: coefficients on a 2×-subsampled copy
    guide = (rgb / 255).astype(np.float32)
    exact = cv2.ximgproc.guidedFilter(guide, coarse, 12, 1e-3)
    fast = matting.guided_filter(guide, coarse, 12, 1e-3)
    assert fast.shape == exact.shape and fast.dtype == np.float32
    soft = (coarse > 0.02) & (coarse < 0.98)  # where filtering changes anything
    assert np.abs(fast - exact)[soft].mean() < 0.02  # ignoring OpenCV's 255² eps scale would give ~0.08
    assert ((fast >= 0.5) != (exact >= 0.5)).mean() < 0.0002
