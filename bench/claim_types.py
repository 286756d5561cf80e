"""Claim types against hand labels: per-type precision and recall, macro-F1. Prints one JSON line.

    .venv/bin/python bench/claim_types.py [--errors]

The sentences are tests/data/claim_types/sentences.tsv (Italian and English news sentences,
labelled by hand; README.md there gives the sources and the labelling rules). Each is typed
by claims.extraction.signals.analyse_many with its language's rules, as the pipeline does.
--errors also prints every sentence typed wrong, to stderr. "held_out" is the part written
after the typing rules were tuned and never used to tune them (source "heldout").
"""

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.signals import CLAIM_TYPES, analyse_many  # noqa: E402

DATA = ROOT / "tests" / "data" / "claim_types" / "sentences.tsv"


def load(path: Path = DATA) -> list[tuple[str, str, str, str]]:
    """(lang, type, source, sentence) rows, in file order."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, kind, source, sentence = line.split("\t")
            rows.append((lang, kind, source, sentence))
    return rows


def predict(rows) -> list[str]:
    predicted = [""] * len(rows)
    for lang in sorted({row[0] for row in rows}):
        indexes = [i for i, row in enumerate(rows) if row[0] == lang]
        for i, (_, kind) in zip(indexes, analyse_many([rows[i][3] for i in indexes], lang)):
            predicted[i] = kind
    return predicted


def scores(gold: list[str], predicted: list[str]) -> dict:
    """Per-type precision, recall, F1 and support; macro-F1 over the types present in `gold`."""
    pairs = Counter(zip(gold, predicted))
    per_type = {}
    for kind in CLAIM_TYPES:
        support = sum(1 for g in gold if g == kind)
        if not support:
            continue
        hits = pairs[(kind, kind)]
        guessed = sum(1 for p in predicted if p == kind)
        precision = hits / guessed if guessed else 0.0
        recall = hits / support
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_type[kind] = {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
            "n": support,
        }
    return {
        "sentences": len(gold),
        "accuracy": round(sum(1 for g, p in zip(gold, predicted) if g == p) / len(gold), 3),
        "macro_f1": round(sum(t["f1"] for t in per_type.values()) / len(per_type), 3),
        "per_type": per_type,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print the sentences typed wrong to stderr")
    args = parser.parse_args()
    rows = load()
    predicted = predict(rows)
    gold = [row[1] for row in rows]
    result = {"bench": "claim_types", **scores(gold, predicted)}
    subsets = {
        "it": lambda row: row[0] == "it",
        "en": lambda row: row[0] == "en",
        # Written after the rules were tuned and never used to tune them: what unseen text gets.
        "held_out": lambda row: row[2] == "heldout",
    }
    for name, wanted in subsets.items():
        mine = [i for i, row in enumerate(rows) if wanted(row)]
        part = scores([gold[i] for i in mine], [predicted[i] for i in mine])
        result[name] = {key: part[key] for key in ("sentences", "accuracy", "macro_f1")}
        if name == "held_out":
            result[name]["per_type"] = part["per_type"]
    if args.errors:
        for row, guess in zip(rows, predicted):
            if guess != row[1]:
                print(f"{row[0]} {row[1]:>10} -> {guess:<10} {row[3]}", file=sys.stderr)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
