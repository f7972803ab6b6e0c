"""Seeded synthetic scenes for Lecture 3's segmentation and detection chapters.

A scene is a small greyscale image (``size`` x ``size`` pixels, values in [0, 1]) with a few
bright shapes (squares, discs, triangles) on a noisy background. Each scene comes with what a
vision model should recover from it:

- a **mask**: the class of every pixel (0 background, 1 square, 2 disc, 3 triangle);
- the **boxes**: for every shape, its tight bounding box ``(x, y, w, h)`` in pixels, COCO's
  convention (x, y: the top-left corner's column and row; w, h: width and height), read from
  the mask, so a box and the pixels it frames always agree;
- the **labels**: each box's class.

Shapes never overlap (their boxes, widened by one pixel, are kept apart), so every pixel has
one class and every box frames exactly one shape. Nothing is downloaded; the same arguments
give the same scenes::

    from introdl.lecture03.scenes import make_scenes

    scenes = make_scenes(200, size=32, objects=(1, 3), seed=0)   # for segmentation
    scenes.images.shape, scenes.masks.shape                      # (200, 32, 32) twice
    one = make_scenes(200, size=32, objects=1, seed=1)           # one shape each: detection
    one.boxes[:, 0] / one.size                                   # (200, 4) normalised boxes

The arrays have no channel axis: a Keras model wants ``images[..., None]`` (NHWC), a PyTorch
model ``images[:, None]`` (NCHW). Every bad argument is refused with a one-line ``ValueError``.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

__all__ = ["CLASS_NAMES", "SHAPES", "Scenes", "make_scenes", "shape_mask"]

CLASS_NAMES = ("background", "square", "disc", "triangle")
SHAPES = CLASS_NAMES[1:]  # the classes a shape can have; a label is its index in CLASS_NAMES
MAX_OBJECTS = 6
PLACEMENT_TRIES = 50  # random positions tried for one shape before the scene is drawn again
SCENE_TRIES = 20  # scenes drawn again before the arguments are declared too crowded


@dataclass(frozen=True)
class Scenes:
    """``count`` scenes: images, per-pixel class masks, and boxes with their labels.

    ``images`` float32 (n, size, size) in [0, 1]; ``masks`` int64 (n, size, size), values
    indexing ``CLASS_NAMES``; ``boxes`` float32 (n, k, 4) as (x, y, w, h) in pixels and
    ``labels`` int64 (n, k), with k the most shapes a scene may hold: a scene with fewer shapes
    pads its rows with label 0 (background) and a box of zeros.
    """

    images: np.ndarray
    masks: np.ndarray
    boxes: np.ndarray
    labels: np.ndarray

    @property
    def size(self) -> int:
        """The side of every image, in pixels."""
        return int(self.images.shape[1])

    def __len__(self) -> int:
        return len(self.images)

    def __repr__(self) -> str:
        shapes = int((self.labels > 0).sum())
        return f"Scenes({len(self)} scenes of {self.size}x{self.size} pixels, {shapes} shapes)"


def _whole(value, name: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number, got {value!r}.")
    if value < low or (high is not None and value > high):
        bounds = f"at least {low}" if high is None else f"between {low} and {high}"
        raise ValueError(f"{name} must be {bounds}, got {value}.")
    return int(value)


def _range(value, name: str, low: int, high: int) -> tuple[int, int]:
    """A whole number n as (n, n), or a pair (lo, hi) with low <= lo <= hi <= high."""
    pair = (value, value) if not isinstance(value, (tuple, list)) else tuple(value)
    if len(pair) != 2:
        raise ValueError(f"{name} must be a whole number or a pair (smallest, largest), got {value!r}.")
    lo, hi = (_whole(v, name, low, high) for v in pair)
    if lo > hi:
        raise ValueError(f"{name} must be (smallest, largest) with smallest <= largest, got {value!r}.")
    return lo, hi


def shape_mask(shape: str, size: int, top: int, left: int, extent: int) -> np.ndarray:
    """A boolean (size, size) mask of one shape whose square frame, ``extent`` pixels wide,
    starts at row ``top`` and column ``left``.

    A square fills the frame; a disc is inscribed in it; a triangle stands on the frame's
    bottom side with its apex at the top centre. Pixels count by their centres.
    """
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {list(SHAPES)}, got {shape!r}.")
    rows, cols = np.mgrid[0:size, 0:size] + 0.5  # pixel centres
    y = (rows - top) / extent  # 0 at the frame's top edge, 1 at its bottom edge
    x = (cols - left) / extent
    inside = (x >= 0) & (x <= 1) & (y >= 0) & (y <= 1)
    if shape == "square":
        return inside
    if shape == "disc":
        return (x - 0.5) ** 2 + (y - 0.5) ** 2 <= 0.25
    return inside & (np.abs(x - 0.5) <= y / 2)  # triangle: half-width grows from 0 at the apex to 1/2


def _box_of(mask: np.ndarray) -> tuple[int, int, int, int]:
    """The tight (x, y, w, h) box of a boolean mask's pixels."""
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    return int(cols[0]), int(rows[0]), int(cols[-1] - cols[0] + 1), int(rows[-1] - rows[0] + 1)


def make_scenes(count: int, *, size: int = 32, objects=(1, 3), extent=(8, 14), noise: float = 0.1,
                seed: int = 0) -> Scenes:
    """``count`` scenes of ``size`` x ``size`` pixels, each with ``objects`` shapes (a whole
    number, or a range (fewest, most)) of ``extent`` pixels across (a number or a range).

    Per scene: a background level drawn from [0, 0.3] plus Gaussian noise of standard
    deviation ``noise`` on every pixel; each shape gets a brightness drawn from [0.6, 1], so
    a class can be told by its outline only, not by its grey level. Shapes, positions and
    sizes are drawn uniformly. Raises ``ValueError`` for a bad argument, or when the shapes do
    not fit without touching (too many or too large for the image).
    """
    count = _whole(count, "count", 1)
    size = _whole(size, "size", 8, 256)
    fewest, most = _range(objects, "objects", 1, MAX_OBJECTS)
    smallest, largest = _range(extent, "extent", 3, size)
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or not 0 <= noise <= 1:
        raise ValueError(f"noise must be a number between 0 and 1, got {noise!r}.")
    seed = _whole(seed, "seed", 0)

    rng = np.random.default_rng(seed)
    images = np.empty((count, size, size), np.float32)
    masks = np.zeros((count, size, size), np.int64)
    boxes = np.zeros((count, most, 4), np.float32)
    labels = np.zeros((count, most), np.int64)
    for n in range(count):
        for _ in range(SCENE_TRIES):  # shapes placed badly early can leave no room: draw the scene again
            scene = _draw_scene(rng, size, int(rng.integers(fewest, most + 1)), (smallest, largest), noise)
            if scene is not None:
                break
        else:
            raise ValueError(f"could not place {most} shapes of up to {largest} pixels apart in a "
                             f"{size}x{size} image; ask for fewer or smaller shapes, or a larger size.")
        images[n], masks[n], placed = scene
        for k, (box, label) in enumerate(placed):
            boxes[n, k], labels[n, k] = box, label
    return Scenes(images, masks, boxes, labels)


def _draw_scene(rng, size: int, shapes: int, extent: tuple[int, int], noise: float):
    """One scene (image, mask, [(box, label)]), or None when a shape found no free place."""
    image = rng.uniform(0.0, 0.3) + rng.normal(0.0, noise, (size, size))
    mask_of_classes = np.zeros((size, size), np.int64)
    taken = np.zeros((size, size), bool)  # pixels within one pixel of a placed shape's box
    placed = []
    for _ in range(shapes):
        label = int(rng.integers(1, len(CLASS_NAMES)))
        for _ in range(PLACEMENT_TRIES):
            extent_k = int(rng.integers(extent[0], extent[1] + 1))
            top, left = rng.integers(0, size - extent_k + 1, size=2)
            mask = shape_mask(CLASS_NAMES[label], size, int(top), int(left), extent_k)
            x, y, w, h = _box_of(mask)
            if not taken[max(y - 1, 0):y + h + 1, max(x - 1, 0):x + w + 1].any():
                break
        else:
            return None
        taken[max(y - 1, 0):y + h + 1, max(x - 1, 0):x + w + 1] = True
        image[mask] = rng.uniform(0.6, 1.0) + rng.normal(0.0, noise, int(mask.sum()))
        mask_of_classes[mask] = label
        placed.append(((x, y, w, h), label))
    return np.clip(image, 0.0, 1.0), mask_of_classes, placed
