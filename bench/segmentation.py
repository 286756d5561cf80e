"""Sentence segmentation throughput: ours against sentencex (Rust), on the same text, same run.

Text: the seed article repeated to about 1 MB. Prints one JSON line. MB are megabytes of UTF-8;
times are the median of 5 runs, ours and sentencex taking turns so that both see the same load.
`ratio` is our speed over sentencex's. `linear_1mb_over_100kb` is our time on the whole text over
our time on a tenth of it (about 10 when the work is linear; the tenth is timed 10 times a run so
that timer noise does not dominate).

    .venv/bin/python bench/segmentation.py
"""

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sentencex  # noqa: E402

from claims.extraction.segment import split_sentences  # noqa: E402

RUNS = 5


def seconds(fn, text, repeat=1):
    t0 = time.perf_counter()
    for _ in range(repeat):
        fn(text)
    return (time.perf_counter() - t0) / repeat


def ours(text):
    return split_sentences(text, "it")


def theirs(text):
    return list(sentencex.segment("it", text))


def main():
    seed = (ROOT / "seeds" / "000_82384b93ff9f2906.txt").read_text(encoding="utf-8")
    text = (seed + "\n\n") * 240
    tenth = (seed + "\n\n") * 24
    mb = len(text.encode("utf-8")) / 1e6

    ours(text), theirs(text)  # warm up
    runs = {"ours": [], "theirs": [], "ours_alone": [], "tenth": []}
    for _ in range(RUNS):
        runs["ours"].append(seconds(ours, text))
        runs["theirs"].append(seconds(theirs, text))
    for _ in range(RUNS):  # linearity: ours only, so that sentencex's work does not skew it
        runs["ours_alone"].append(seconds(ours, text))
        runs["tenth"].append(seconds(ours, tenth, repeat=10))
    t_ours, t_theirs, t_alone, t_tenth = (statistics.median(v) for v in runs.values())

    print(
        json.dumps(
            {
                "bench": "segmentation",
                "mb": round(mb, 3),
                "ours_mb_s": round(mb / t_ours, 1),
                "sentencex_mb_s": round(mb / t_theirs, 1),
                "ratio": round(t_theirs / t_ours, 2),
                "ours_sentences": len(ours(text)),
                "sentencex_sentences": sum(1 for s in theirs(text) if s.strip()),
                "linear_1mb_over_100kb": round(t_alone / t_tenth, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
