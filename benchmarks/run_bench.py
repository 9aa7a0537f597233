"""End-to-end benchmark: docs/s, peak memory of the whole process tree, and the ratios issue 7 asks for.

    python benchmarks/run_bench.py                 # 1 000 and 10 000 documents
    python benchmarks/run_bench.py --sizes 1000    # a quick look

For each size it builds a corpus with ``make_corpus.py`` (real samples, varied numbers and
dates), then measures, in this order: the bare extractor loop (``khplan.extract(path)`` in
one process), a cold ``khplan run`` (fresh output folder), and an unchanged re-run. Peak RSS
is sampled every 0.1 s over the ``khplan`` process and all its descendants (Prefect's
server and the workers included). Run on demand only; nothing here is part of the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from khplan.proctree import PeakMemory

HERE = Path(__file__).resolve().parent
KHPLAN = Path(sys.executable).with_name("khplan")


def timed_run(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak tree RSS (MB) of a command."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with PeakMemory(proc.pid) as memory:
        _, err = proc.communicate()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return time.perf_counter() - started, memory.peak_mb


def bare_loop(corpus: Path) -> float:
    code = (
        "import sys, time, khplan\nfrom pathlib import Path\n"
        "files = sorted(Path(sys.argv[1]).rglob('*.txt'))\nt = time.perf_counter()\n"
        "for f in files: khplan.extract(f)\nprint(time.perf_counter() - t)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(corpus)], capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "khplan-bench")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    results: dict[int, dict[str, float]] = {}
    for n in args.sizes:
        corpus = args.work / f"corpus-{n}"
        if not corpus.is_dir():
            subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(n), str(corpus)], check=True)
        out = args.work / f"out-{n}"
        shutil.rmtree(out, ignore_errors=True)
        bare = bare_loop(corpus)
        cold, cold_peak = timed_run([str(KHPLAN), "run", str(corpus), "--out", str(out), "--quiet"])
        summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
        timings = summary["timings"]
        # Each file's own reading time (in its worker): whether a document costs more in a larger run,
        # free of start-up, whose first seconds the workers share with Prefect's server starting.
        own = [r["seconds"] for r in summary["inputs"] if r.get("seconds")]
        # ... and its CPU time there: the same measure, free of whatever else had the CPU.
        cpu = [r["cpu_seconds"] for r in summary["inputs"] if r.get("cpu_seconds")]
        warm, warm_peak = timed_run([str(KHPLAN), "run", str(corpus), "--out", str(out), "--quiet"])
        extract, corpus_s = timings.get("extract", 0.0), timings.get("corpus", 0.0)
        results[n] = {
            "bare": bare,
            "cold": cold,
            "warm": warm,
            "peak": max(cold_peak, warm_peak),
            "marginal": extract + corpus_s,
            "own": sum(own) / max(len(own), 1),
            "cpu": sum(cpu) / max(len(cpu), 1),
            "corpus_per_doc": corpus_s / n,
        }
        print(
            f"{n:>6} docs: cold {cold:7.1f} s = {n / cold:6.1f} docs/s (server start included), "
            f"bare loop {bare:6.1f} s = {n / bare:6.1f} docs/s, flow/bare {cold / bare:4.2f}, "
            f"re-run {warm:5.1f} s = {warm / cold:5.1%} of cold, peak RSS (tree) {max(cold_peak, warm_peak):6.0f} MB"
        )
        print(
            f"{'':>6}       extract {extract:6.1f} s + corpus step {corpus_s:5.1f} s "
            f"= {1000 * (extract + corpus_s) / n:5.2f} ms per document; "
            f"the rest ({cold - extract - corpus_s:4.1f} s) is start-up: Python, Prefect's server, workers"
        )
        print(
            f"{'':>6}       a file's own reading time {1000 * results[n]['own']:5.2f} ms "
            f"({1000 * results[n]['cpu']:5.2f} ms CPU; mean, in its worker), "
            f"corpus step {1000 * results[n]['corpus_per_doc']:5.2f} ms per document"
        )
    if len(results) >= 2:
        small, large = min(results), max(results)
        per_small = results[small]["cold"] / small
        per_large = results[large]["cold"] / large
        marginal = (results[large]["marginal"] / large) / (results[small]["marginal"] / small)
        print(
            f"per-document time {large} vs {small}: {per_large / per_small:4.2f}x end to end, "
            f"{marginal:4.2f}x without start-up, "
            f"{results[large]['own'] / results[small]['own']:4.2f}x a file's own reading time "
            f"({results[large]['cpu'] / results[small]['cpu']:4.2f}x its CPU time), "
            f"{results[large]['corpus_per_doc'] / results[small]['corpus_per_doc']:4.2f}x the corpus step; "
            f"peak RSS {results[large]['peak']:.0f} vs {results[small]['peak']:.0f} MB "
            f"({results[large]['peak'] / results[small]['peak'] - 1:+.0%})"
        )


if __name__ == "__main__":
    main()
