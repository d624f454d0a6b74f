"""Matte refinement: a coarse segmentation → soft, clean edges without a halo of the old background.

1. A trimap from the coarse mask (erode → sure foreground, dilate → sure background, the rest is unknown).
2. In the unknown band only, a guided filter (He et al.) with the photo as guide snaps the coarse matte, which
   U²-Net predicts at 320×320 and we upsample, to the real edges of the object.
3. Colour decontamination of edge pixels: solve I = αF + (1-α)B for F with B estimated from the nearby
   background, so that semi-transparent pixels no longer carry the old background's colour.
Fully-inside pixels (sure foreground) are never modified: alpha stays 1 and their RGB stays the source.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

FAST_FILTER_PIXELS = 1_000_000  # the guided filter's coefficients are computed on at most about this many pixels


@dataclass(frozen=True)
class MattingParams:
    band: float = 0.006  # half-width of the unknown band, as a fraction of the image diagonal
    radius: float = 0.004  # guided-filter radius, fraction of the diagonal (wider blurred edges: bench)
    eps: float = 1e-3  # guided-filter regularisation (image in [0,1]); smaller follows colour edges harder
    threshold: float = 0.5


def image_scale(shape: tuple[int, ...]) -> float:
    """A length for relative sizes: the diagonal of a 4:3 image of the same area. Unlike the real diagonal it
    stays small for a 20000×20 strip, where a diagonal-sized kernel would swallow the whole image."""
    return 1.44 * float(np.sqrt(float(shape[0]) * float(shape[1])))


def _px(fraction: float, shape: tuple[int, ...], minimum: int = 1) -> int:
    return max(minimum, round(fraction * image_scale(shape)))


def grow(mask: np.ndarray, px: float) -> np.ndarray:
    """Dilation by a disc of radius ``px`` via a distance transform: O(pixels) whatever the radius, where
    cv2.dilate with an elliptic kernel costs O(pixels × radius²) on a 12-MP photo."""
    inside = mask.astype(bool)
    if inside.all() or not inside.any():  # nothing to grow into, or nothing to grow from
        return inside
    outside = (~inside).astype(np.uint8)
    return cv2.distanceTransform(outside, cv2.DIST_L2, 3) <= px


def shrink(mask: np.ndarray, px: float) -> np.ndarray:
    """Erosion by a disc of radius ``px`` (the complement of growing the complement)."""
    return ~grow(~mask.astype(bool), px)


def trimap(coarse: np.ndarray, band_px: int, threshold: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """(sure_foreground, unknown) boolean masks; everything else is sure background."""
    binary = coarse >= threshold
    sure_fg = shrink(binary, band_px)
    return sure_fg, grow(binary, band_px) & ~sure_fg


def _bbox(mask: np.ndarray, pad: int) -> tuple[slice, slice]:
    ys, xs = np.nonzero(mask)
    height, width = mask.shape
    return (slice(max(0, int(ys.min()) - pad), min(height, int(ys.max()) + pad + 1)),
            slice(max(0, int(xs.min()) - pad), min(width, int(xs.max()) + pad + 1)))


def guided_refine(rgb: np.ndarray, coarse: np.ndarray, params: MattingParams = MattingParams()) -> np.ndarray:
    """Refined float32 alpha in [0,1]: 1 in the sure foreground, 0 in the sure background, filtered in between."""
    sure_fg, unknown = trimap(coarse, _px(params.band, coarse.shape, 2), params.threshold)
    alpha = sure_fg.astype(np.float32)
    if not unknown.any():
        return alpha
    radius = _px(params.radius, coarse.shape, 2)
    # Filter only the band's bounding box (plus the filter's reach): on a 12-MP photo that is several times less.
    box = _bbox(unknown, 2 * radius)
    guide = rgb[box].astype(np.float32) / 255.0
    src = np.ascontiguousarray(coarse[box], dtype=np.float32)
    filtered = guided_filter(guide, src, radius, params.eps)
    band = unknown[box]
    alpha[box][band] = np.clip(filtered[band], 0.0, 1.0)
    return alpha


def guided_filter(guide: np.ndarray, src: np.ndarray, radius: int, eps: float) -> np.ndarray:
    """He et al.'s colour guided filter, exactly OpenCV's (``cv2.ximgproc.guidedFilter``, whose eps is on the
    0-255 scale even for a [0,1] guide) up to FAST_FILTER_PIXELS; above that the fast guided filter (He & Sun
    2015): the smooth linear coefficients are computed on a copy subsampled to about FAST_FILTER_PIXELS and
    applied to the full-resolution guide (1.2 s → 0.25 s of CPU on a 12-MP photo)."""
    height, width = src.shape
    step = int(np.ceil(np.sqrt(height * width / FAST_FILTER_PIXELS)))
    if step <= 1 or radius < 2 * step:  # small image, or a radius that subsampling would wipe out
        return np.asarray(cv2.ximgproc.guidedFilter(guide, src, radius, eps, dDepth=-1), np.float32)
    small = (max(1, width // step), max(1, height // step))
    mean_a, mean_b = _guided_coefficients(cv2.resize(guide, small, interpolation=cv2.INTER_AREA),
                                          cv2.resize(src, small, interpolation=cv2.INTER_AREA),
                                          max(1, round(radius / step)), eps * 255.0**2)
    a = cv2.resize(mean_a, (width, height), interpolation=cv2.INTER_LINEAR)
    out = cv2.resize(mean_b, (width, height), interpolation=cv2.INTER_LINEAR)
    for channel in range(3):
        out += a[..., channel] * guide[..., channel]
    return out


def _guided_coefficients(guide: np.ndarray, src: np.ndarray, radius: int, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """Box means of the per-window linear coefficients (a: HxWx3, b: HxW) with src ≈ a·guide + b."""
    def box(x: np.ndarray) -> np.ndarray:
        return np.asarray(cv2.boxFilter(x, -1, (2 * radius + 1, 2 * radius + 1), borderType=cv2.BORDER_REFLECT))

    mean_i, mean_p = box(guide), box(src)
    cov = [box(guide[..., c] * src) - mean_i[..., c] * mean_p for c in range(3)]

    def var(i: int, j: int) -> np.ndarray:
        return box(guide[..., i] * guide[..., j]) - mean_i[..., i] * mean_i[..., j] + (eps if i == j else 0.0)

    # (Σ + εI)⁻¹ · cov with the symmetric 3×3 inverse written out: np.linalg.solve on a million tiny systems
    # costs 0.25 s, the cofactors a few milliseconds
    rr, rg, rb, gg, gb, bb = var(0, 0), var(0, 1), var(0, 2), var(1, 1), var(1, 2), var(2, 2)
    inv_rr, inv_rg, inv_rb = gg * bb - gb * gb, gb * rb - rg * bb, rg * gb - gg * rb
    inv_gg, inv_gb, inv_bb = rr * bb - rb * rb, rb * rg - rr * gb, rr * gg - rg * rg
    det = rr * inv_rr + rg * inv_rg + rb * inv_rb
    a = np.stack([inv_rr * cov[0] + inv_rg * cov[1] + inv_rb * cov[2],
                  inv_rg * cov[0] + inv_gg * cov[1] + inv_gb * cov[2],
                  inv_rb * cov[0] + inv_gb * cov[1] + inv_bb * cov[2]], axis=-1) / det[..., None]
    b = mean_p - (a * mean_i).sum(axis=-1)
    return box(a.astype(np.float32)), box(b.astype(np.float32))


def _masked_blur(image: np.ndarray, weight: np.ndarray, ksize: int) -> tuple[np.ndarray, np.ndarray]:
    """Normalised convolution: a local mean of ``image`` over the pixels where ``weight`` is set, and where
    any such pixel was near enough to give one."""
    w = weight.astype(np.float32)
    num = cv2.blur(image * w[..., None], (ksize, ksize))
    den = cv2.blur(w, (ksize, ksize))[..., None]
    return np.asarray(num / np.maximum(den, 1e-6), dtype=np.float32), den[..., 0] > 1e-3


def decontaminate(rgb: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Foreground colours for edge pixels (0 < α < 1); other pixels are returned unchanged (uint8 HxWx3)."""
    edge = (alpha > 0.0) & (alpha < 1.0)
    if not edge.any():
        return rgb.copy()
    # The local background/foreground colours are wide box means, hence smooth: estimate them on a copy at about
    # 600 px and sample at the edge pixels, instead of full-resolution float images (5 s → 0.3 s at 12 MP).
    step = max(1, round(image_scale(alpha.shape) / 600))
    small_size = (max(1, alpha.shape[1] // step), max(1, alpha.shape[0] // step))
    small_rgb = cv2.resize(rgb, small_size, interpolation=cv2.INTER_AREA).astype(np.float32)
    small_alpha = cv2.resize(alpha.astype(np.float32), small_size, interpolation=cv2.INTER_AREA)
    ksize = _px(0.05, small_alpha.shape, 21) | 1  # wide enough to reach past the whole soft band
    background, has_bg = _masked_blur(small_rgb, small_alpha <= 0.02, ksize)
    foreground, has_fg = _masked_blur(small_rgb, small_alpha >= 0.98, ksize)
    ys, xs = np.nonzero(edge)
    sy = np.minimum(ys // step, small_size[1] - 1)
    sx = np.minimum(xs // step, small_size[0] - 1)
    image = rgb[ys, xs].astype(np.float32)
    a = alpha[ys, xs].astype(np.float32)[:, None]
    # Solving for F is unstable at low alpha (division by α); blend the solution with the nearby sure-foreground
    # colour, trusting the solve in proportion to α.
    solved = np.clip((image - (1.0 - a) * background[sy, sx]) / np.maximum(a, 0.05), 0, 255)
    estimate = np.where(has_fg[sy, sx][:, None], a * solved + (1.0 - a) * foreground[sy, sx], solved)
    estimate = np.where(has_bg[sy, sx][:, None], estimate, image)  # no background nearby: nothing to remove
    out = rgb.copy()
    out[ys, xs] = np.round(estimate).astype(np.uint8)
    return out


def refine(rgb: np.ndarray, coarse: np.ndarray, params: MattingParams = MattingParams()) -> np.ndarray:
    """Public entry: coarse float matte → refined float32 alpha, same shape."""
    if coarse.shape != rgb.shape[:2]:
        raise ValueError(f"matte shape {coarse.shape} does not match image {rgb.shape[:2]}")
    return guided_refine(rgb, coarse, params)
