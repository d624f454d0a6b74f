"""``opencv``: a weight-free fallback segmenter (no model file needed).

GrabCut from a frame-inset rectangle, with the frame strip freed where its colour differs from the border colours
(objects touching the edge), run at a reduced size for speed. Saliency (opencv-contrib spectral residual) ×
border-colour distance × centre prior is the fallback when GrabCut cannot run; as GrabCut seeds it scored lower
on the bench (0.59-0.64 mean IoU against 0.67 for the rectangle). Good on product shots on plain backgrounds;
weak on busy scenes.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

WORK_SIDE = 320  # GrabCut is O(pixels × iterations): work at U²-Net's resolution, upsample the result
GRABCUT_ITERATIONS = 8  # bench: 8 beat 4 by +0.01 IoU
INSET = 0.05  # the rectangle's margin, as a share of each side


def _border_distance(lab: np.ndarray) -> np.ndarray:
    """Per-pixel Lab distance to the nearest of a few border colours, scaled to [0,1]."""
    strip = max(2, min(lab.shape[:2]) // 40)
    border = np.concatenate([lab[:strip].reshape(-1, 3), lab[-strip:].reshape(-1, 3),
                             lab[:, :strip].reshape(-1, 3), lab[:, -strip:].reshape(-1, 3)]).astype(np.float32)
    # k-means on the border: a background may be two-toned (wall + table), one mean colour would miss both.
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 10, 1.0)
    k = min(3, len(border))
    _, _, centres = cv2.kmeans(border, k, None, criteria, 2, cv2.KMEANS_PP_CENTERS)  # type: ignore[call-overload]
    flat = lab.reshape(-1, 1, 3).astype(np.float32)
    distance = np.sqrt(((flat - centres[None]) ** 2).sum(-1)).min(1).reshape(lab.shape[:2])
    return np.clip(distance / max(float(np.percentile(distance, 99)), 1e-3), 0, 1)


def _saliency(bgr: np.ndarray) -> np.ndarray:
    detector = cv2.saliency.StaticSaliencySpectralResidual_create()  # type: ignore[attr-defined]
    ok, sal = detector.computeSaliency(bgr)
    if not ok:
        return np.ones(bgr.shape[:2], np.float32)
    sal = cv2.GaussianBlur(sal.astype(np.float32), (0, 0), 3)
    return sal / max(float(sal.max()), 1e-6)


def _centre_prior(height: int, width: int) -> np.ndarray:
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    d2 = ((ys / height - 0.5) / 0.35) ** 2 + ((xs / width - 0.5) / 0.35) ** 2
    return np.exp(-d2 / 2).astype(np.float32)


def coarse_score(rgb: np.ndarray) -> np.ndarray:
    """Foreground likelihood in [0,1] before GrabCut."""
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    lab = cv2.cvtColor(bgr, cv2.COLOR_BGR2LAB)
    border = _border_distance(lab)
    # Saliency and the centre prior only re-weight: the border-colour distance carries most of the signal on
    # product photos, so it enters with full weight and the others softened by a square root.
    score = border * np.sqrt(0.3 + 0.7 * _saliency(bgr)) * np.sqrt(_centre_prior(*rgb.shape[:2]))
    return score / max(float(score.max()), 1e-6)


def _grabcut(rgb: np.ndarray) -> np.ndarray:
    """GrabCut from a frame-inset rectangle. The frame strip is sure background except where its colour is far from
    the border colours (an object touching the frame edge), which is only probably background there."""
    height, width = rgb.shape[:2]
    seeds = np.full((height, width), cv2.GC_BGD, np.uint8)
    dy, dx = max(1, round(height * INSET)), max(1, round(width * INSET))
    seeds[dy : height - dy, dx : width - dx] = cv2.GC_PR_FGD
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB)
    seeds[(seeds == cv2.GC_BGD) & (_border_distance(lab) >= 0.5)] = cv2.GC_PR_BGD
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    try:
        cv2.grabCut(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), seeds, None, bgd, fgd,  # type: ignore[call-overload]
                    GRABCUT_ITERATIONS, cv2.GC_INIT_WITH_MASK)
    except cv2.error:  # degenerate input (e.g. a 1-px-high strip): the saliency score alone
        return (coarse_score(rgb) >= 0.5).astype(np.float32)
    return np.isin(seeds, (cv2.GC_FGD, cv2.GC_PR_FGD)).astype(np.float32)


class OpenCVSegmenter:
    name = "opencv"

    def mask(self, image: Image.Image) -> np.ndarray:
        rgb = np.asarray(image.convert("RGB"))
        height, width = rgb.shape[:2]
        scale = min(1.0, WORK_SIDE / max(height, width))
        small = cv2.resize(rgb, (max(1, round(width * scale)), max(1, round(height * scale))),
                           interpolation=cv2.INTER_AREA) if scale < 1 else rgb
        hard = _grabcut(small)
        # A little blur before upsampling gives the matting step a soft band instead of a staircase.
        soft = cv2.GaussianBlur(hard, (0, 0), 1.0)
        return np.clip(cv2.resize(soft, (width, height), interpolation=cv2.INTER_LINEAR), 0, 1).astype(np.float32)
