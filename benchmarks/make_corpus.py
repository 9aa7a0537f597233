"""Build a benchmark corpus of N plain-text documents from the real samples.

Each document is a real sample (samples/seeds and, when present beside the clone,
../shared/eval/dev/docs) with its numbers and dates varied, so that no two files are
the same bytes (caches cannot cheat) while every file stays a realistic plan.

    python benchmarks/make_corpus.py 10000 /tmp/bench-10k
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = [REPO / "samples" / "seeds", REPO.parent / "shared" / "eval" / "dev" / "docs"]


def real_texts() -> list[tuple[str, str]]:
    texts = []
    for folder in SOURCES:
        if folder.is_dir():
            texts += [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]
    if not texts:
        raise SystemExit("no sample texts found under samples/seeds")
    return texts


def vary(text: str, rng: random.Random) -> str:
    """Other numbers and dates, same shapes: 155/KH-UBND -> 8421/KH-UBND, ngày 02 -> ngày 17."""
    text = re.sub(r"(?<![\d/])\d{1,4}(?=/(?:\d{4}/)?[A-ZĐ])", lambda m: str(rng.randint(1, 9999)), text)
    text = re.sub(r"(ngày )\d{1,2}", lambda m: m.group(1) + f"{rng.randint(1, 28):02d}", text)
    return re.sub(r"(?<![\d.])(\d{1,3})\.000(?![\d.])", lambda m: f"{rng.randint(1, 999)}.000", text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("count", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    texts = real_texts()
    args.out.mkdir(parents=True, exist_ok=True)
    for i in range(args.count):
        stem, text = texts[i % len(texts)]
        sub = args.out / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:06d}_{stem[:20]}.txt").write_text(vary(text, rng), encoding="utf-8")
    print(f"{args.count} documents from {len(texts)} real texts -> {args.out}")


if __name__ == "__main__":
    main()
