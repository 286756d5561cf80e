"""Extraction throughput: the whole pipeline against plain segmentation.

Text: the seed article repeated to about 1 MB (and 100 KB for the linearity check).
Baseline: sentencex (Rust), the fastest segmenter we considered, on the same text in
the same run. Prints one JSON line. Median of --runs runs each.

Times are CPU time of this process (time.process_time): both sides run single-threaded in
this process, and on a shared machine wall-clock time measures the neighbours (the same
1 MB took 0.17 to 0.29 s by the clock and 0.125 s of CPU each time). The pipeline and
sentencex runs alternate, so a slower stretch of the machine weighs on both.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.pipeline import extract  # noqa: E402
from claims.extraction.segment import split_sentences  # noqa: E402

SEED = ROOT / "seeds" / "000_82384b93ff9f2906.txt"


def repeated(text: str, size: int) -> str:
    # The page's comment form ends the article: the pipeline drops everything after a
    # "Lascia un commento" found past the first third of the text. Repeating it would
    # make the pipeline skip most of the input, so each copy stops before it (the
    # title lines, sub-heading and "Fonte e immagini" stay and are cleaned every time).
    unit = text.split("Lascia un commento")[0].strip() + "\n\n"
    n = max(1, round(size / len(unit.encode("utf-8"))))
    return unit * n


def cpu_seconds(fn) -> float:
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def median_seconds(fn, runs: int) -> float:
    return statistics.median(cpu_seconds(fn) for _ in range(runs))


def alternating_medians(first, second, runs: int) -> tuple[float, float]:
    """Median CPU seconds of each function, their runs interleaved."""
    a, b = [], []
    for _ in range(runs):
        a.append(cpu_seconds(first))
        b.append(cpu_seconds(second))
    return statistics.median(a), statistics.median(b)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mb", type=float, default=1.0)
    args = parser.parse_args()

    import sentencex

    seed = SEED.read_text(encoding="utf-8")
    big = repeated(seed, int(args.mb * 1_000_000))
    small = repeated(seed, int(args.mb * 100_000))
    mb_big = len(big.encode("utf-8")) / 1e6
    mb_small = len(small.encode("utf-8")) / 1e6

    extract(small)  # warm-up: language model load, regex compilation, weights
    list(sentencex.segment("it", small))

    result = extract(big)
    t_pipeline, t_sentencex = alternating_medians(
        lambda: extract(big), lambda: list(sentencex.segment("it", big)), args.runs
    )
    t_pipeline_small = median_seconds(lambda: extract(small), args.runs)
    t_ours = median_seconds(lambda: split_sentences(big, "it"), args.runs)

    pipeline_mb_s = mb_big / t_pipeline
    print(
        json.dumps(
            {
                "bench": "extraction_throughput",
                "mb": round(mb_big, 3),
                "runs": args.runs,
                "timer": "process CPU time",
                "pipeline_mb_s": round(pipeline_mb_s, 2),
                "sentencex_mb_s": round(mb_big / t_sentencex, 2),
                "ratio_vs_sentencex": round(pipeline_mb_s / (mb_big / t_sentencex), 3),
                "our_segmenter_mb_s": round(mb_big / t_ours, 2),
                "ratio_vs_our_segmenter": round(pipeline_mb_s / (mb_big / t_ours), 3),
                "claims": len(result.claims),
                "checkworthy": result.checkworthy_count,
                "seconds_1mb": round(t_pipeline, 4),
                "seconds_100kb": round(t_pipeline_small, 4),
                # 1.0 is perfectly linear: time per byte is the same at 100 KB and 1 MB.
                "linearity_time_per_byte_1mb_over_100kb": round(
                    (t_pipeline / mb_big) / (t_pipeline_small / mb_small), 3
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
