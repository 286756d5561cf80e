"""CheckThat! 2022 task 2A (English) files and the lab's ranking measures.

Evaluation only: the data is not part of the product.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

# Not shipped: the shared/ folder beside the checkout (found from this file, so any clone in
# any folder finds it), or wherever CHECKTHAT_PATH points.
DATA = Path(
    os.environ.get("CHECKTHAT_PATH")
    or Path(__file__).resolve().parents[3].parent / "shared" / "datasets" / "checkthat-2022-2a-en"
)


def load_vclaims(path: Path | str = DATA / "vclaims.jsonl") -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            row["date_parsed"] = parse_date(row.get("date") or "")
            out.append(row)
    return out


def parse_date(text: str):
    for pattern in ("%d %B %Y", "%B %d, %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def load_queries(path: Path | str) -> dict[str, str]:
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                continue
            qid, text = line.split("\t", 1)
            out[qid] = text
    return out


def load_qrels(path: Path | str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 4 and parts[3] != "0":
                out.setdefault(parts[0], set()).add(parts[2])
    return out


def split(name: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    """'train', 'dev' or 'devtest': (queries, qrels) restricted to the split's queries."""
    if name == "devtest":
        return load_queries(DATA / "devtest-queries.tsv"), load_qrels(DATA / "devtest-qrels.tsv")
    queries = load_queries(DATA / "train-dev-queries.tsv")
    qrels = load_qrels(DATA / f"{name}-qrels.tsv")
    return {q: queries[q] for q in qrels}, qrels


# ------------------------------------------------------------------ measures


def average_precision(ranked: list[str], relevant: set[str], k: int) -> float:
    """As the lab's scorer: precision at each relevant hit in the top k, over |relevant|."""
    if not relevant:
        return 0.0
    found, total = 0, 0.0
    for i, doc in enumerate(ranked[:k]):
        if doc in relevant:
            found += 1
            total += found / (i + 1)
    return total / len(relevant)


def reciprocal_rank(ranked: list[str], relevant: set[str]) -> float:
    for i, doc in enumerate(ranked):
        if doc in relevant:
            return 1.0 / (i + 1)
    return 0.0


def recall_at(ranked: list[str], relevant: set[str], k: int) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def evaluate(runs: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, float]:
    """MAP@1, MAP@5, MRR (over the whole returned list) and recall@5, mean over qrels' queries."""
    n = len(qrels)
    out = {"MAP@1": 0.0, "MAP@5": 0.0, "MRR": 0.0, "recall@5": 0.0}
    for q, rel in qrels.items():
        ranked = runs.get(q, [])
        out["MAP@1"] += average_precision(ranked, rel, 1)
        out["MAP@5"] += average_precision(ranked, rel, 5)
        out["MRR"] += reciprocal_rank(ranked, rel)
        out["recall@5"] += recall_at(ranked, rel, 5)
    return {k: round(v / n, 4) for k, v in out.items()}
