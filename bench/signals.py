"""Speed of claims.extraction.signals.analyse_many, in microseconds per sentence.

Italian: the seed article's sentences; English: the news paragraph below (22 words a sentence,
a number in half of them). Each is repeated to about 5,000 sentences and timed several times in
CPU time of this process; the best round is reported, because the machine is shared and the
slower rounds measure the neighbours. A busy process on the other core (sharing the processor's
cache) still makes every round about 30% slower: compare runs on a quiet machine.

    .venv/bin/python bench/signals.py [--rounds N]

Prints one JSON line: {"bench": "signals", "sentences": .., "us_per_sentence_it": ..,
"us_per_sentence_en": ..}
"""

import argparse
import json
import pathlib
import re
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.signals import analyse_many  # noqa: E402

SEED = ROOT / "seeds" / "000_82384b93ff9f2906.txt"
TARGET = 5000

ENGLISH = (
    "Chinese AI start-up DeepSeek is reportedly struggling to launch its R2 model because "
    "US export controls have cut its access to NVIDIA's H20 accelerators. "
    "According to The Information, chief executive Liang Wenfeng is not satisfied with the "
    "model's performance, and cloud providers in China may not have enough chips to serve it. "
    "NVIDIA said on March 3, 2025 that the restrictions would cost the company about $5.5bn "
    "in the first quarter, roughly 12% of its expected revenue. "
    "Renting an H20 server in China costs as little as $6 an hour, less than half the price "
    "charged by cloud providers in the United States. "
    "Analysts at Bernstein expect Chinese demand for AI chips to grow by 30 percent next year, "
    "while Huawei's Ascend 910C is likely to take a larger share of the market. "
    "The Commerce Department announced in April that licences will be required for exports "
    "of the H20, a chip designed specifically to comply with earlier rules. "
    "Some 23 million Americans use chatbots every week, a survey by the Pew Research Center "
    "found, up from 15 million a year ago. "
    "I think the export controls are clearly working, a senior official told reporters in "
    "Washington. "
    "Shares of NVIDIA fell 6.9% on Wednesday after the company disclosed the charge, wiping "
    "out more than $150 billion of market value. "
    "DeepSeek did not respond to a request for comment."
)


def italian_sentences():
    text = SEED.read_text(encoding="utf-8")
    sentences = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            # The seed glues "acceleratori.È": split there too, as the segmenter does.
            sentences.extend(re.split(r"(?<=[.!?])\s*(?=[A-ZÀ-Ý])", line))
    return [s for s in sentences if s]


def english_sentences():
    return re.split(r"(?<=[.!?])\s+(?=[A-Z])", ENGLISH)


def per_sentence_us(sentences, lang, rounds):
    batch = (sentences * (TARGET // len(sentences) + 1))[:TARGET]
    analyse_many(batch[:100], lang)  # warm the phrase memo, as a running worker would be
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        analyse_many(batch, lang)
        best = min(best, time.process_time() - started)
    return len(batch), best / len(batch) * 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    count_it, us_it = per_sentence_us(italian_sentences(), "it", args.rounds)
    count_en, us_en = per_sentence_us(english_sentences(), "en", args.rounds)
    print(
        json.dumps(
            {
                "bench": "signals",
                "sentences": count_it + count_en,
                "us_per_sentence_it": round(us_it, 2),
                "us_per_sentence_en": round(us_en, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
