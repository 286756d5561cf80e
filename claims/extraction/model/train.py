"""Rebuild the shipped check-worthiness models from the ClaimBuster 3xNCS sentences.

    .venv/bin/python -m claims.extraction.model.train [--data PATH]

PATH defaults to $CLAIMBUSTER_PATH, then to the shared dataset copy. Needs scikit-learn (a
development dependency); the runtime scorer does not. Same input, same bytes out: lbfgs on a
sparse matrix is deterministic and the weights are rounded before they are written.

Features come from `checkworthy.sentence_features` and are weighted with `checkworthy.idf`,
the functions the runtime scorer uses, so the benchmark measures what ships.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from claims.extraction import checkworthy

# The shared datasets sit next to the repository; the app never needs them at run time.
DEFAULT_DATA = str(
    Path(__file__).resolve().parents[3].parent / "shared" / "datasets" / "claimbuster-3xncs" / "3xNCS.json"
)
FORMAT = "checkworthy-logreg/1"

# Chosen by 5-fold cross-validation (bench/checkworthy_claimbuster.py); C made no difference
# between 1 and 10. min_df=2 drops words and bigrams seen in one sentence only. Pruning keeps
# the English file under 500 KB: a bigram with |coefficient * idf| < 1.5 moves a median
# sentence's logit (norm about 24) by less than 0.07, and cross-validated AUC did not change.
SETTINGS = {
    "en": {"ngrams": True, "C": 3.0, "min_df": 2, "prune_bigrams_below": 1.5},
    "xling": {"ngrams": False, "C": 3.0, "min_df": 1, "prune_bigrams_below": 0.0},
}


def data_path(cli_value: str | None) -> str:
    return cli_value or os.environ.get("CLAIMBUSTER_PATH") or DEFAULT_DATA


def load_dataset(path: str) -> tuple[list[str], np.ndarray]:
    """Texts and labels (1 = check-worthy factual sentence), in file order."""
    with open(path, encoding="utf-8") as f:
        rows = json.load(f)
    texts = [row["text"] for row in rows]
    labels = np.array([int(row["label"]) for row in rows], dtype=np.int8)
    return texts, labels


def duplicate_groups(texts: list[str]) -> np.ndarray:
    """One group id per distinct text, so a sentence listed twice never sits on both sides."""
    seen: dict[str, int] = {}
    return np.array([seen.setdefault(t, len(seen)) for t in texts])


@dataclass
class Trained:
    """A fitted model: the runtime JSON (`model`) and the scikit-learn objects behind it."""

    model: dict
    vectorizer: CountVectorizer
    classifier: LogisticRegression
    idf: np.ndarray
    in_norm: np.ndarray

    def sklearn_proba(self, texts: list[str]) -> np.ndarray:
        """scikit-learn's probabilities (before pruning), to hold the runtime scorer to."""
        weighted = _weigh(self.vectorizer.transform(texts), self.idf, self.in_norm)
        return self.classifier.predict_proba(weighted)[:, 1]


def _weigh(counts: sp.csr_matrix, idf: np.ndarray, in_norm: np.ndarray) -> sp.csr_matrix:
    # count * idf / norm: see the weighting note in checkworthy.py.
    counts = counts.astype(np.float64)
    norm2 = np.asarray(counts @ np.where(in_norm, idf * idf, 0.0)).ravel()
    norm2[norm2 == 0] = 1.0
    return (sp.diags(1.0 / np.sqrt(norm2)) @ counts @ sp.diags(idf)).tocsr()


def _round(x: float) -> float:
    # Six significant digits: invisible in scores, and the file stays small and stable.
    return float(f"{x:.6g}")


def fit(texts: list[str], labels, kind: str, **overrides) -> Trained:
    """Train one model ("en" or "xling") on all of texts."""
    settings = {**SETTINGS[kind], **overrides}
    ngrams = settings["ngrams"]

    def analyzer(text: str) -> list[str]:
        # The training text is English: the English lexicon feeds both models.
        return checkworthy.sentence_features(text, "en", ngrams)

    vectorizer = CountVectorizer(analyzer=analyzer, lowercase=False, min_df=settings["min_df"])
    counts = vectorizer.fit_transform(texts).tocsr()
    names = [str(name) for name in vectorizer.get_feature_names_out()]
    n_documents = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.array([checkworthy.idf(int(d), n_documents) for d in df])
    in_norm = np.array([checkworthy.in_norm(name) for name in names], dtype=bool)
    classifier = LogisticRegression(C=settings["C"], max_iter=10_000, tol=1e-8)
    # One BLAS thread: lbfgs makes thousands of tiny BLAS calls, and on this 2-core machine
    # thread hand-offs made the fit 20x slower. It also keeps the result free of core count.
    with threadpool_limits(limits=1):
        classifier.fit(_weigh(counts, idf, in_norm), np.asarray(labels))

    features = {}
    for name, coef, d, weight, normed in zip(names, classifier.coef_[0], df, idf, in_norm):
        # Bigrams are outside the norm, so dropping one changes nothing but its own term.
        if not normed and abs(coef * weight) < settings["prune_bigrams_below"]:
            continue
        features[name] = [_round(coef), int(d)]
    model = {
        "format": FORMAT,
        "kind": kind,
        "ngrams": ngrams,
        "n_documents": n_documents,
        "bias": _round(classifier.intercept_[0]),
        "settings": {k: v for k, v in settings.items() if k != "ngrams"},
        "trained_on": "ClaimBuster 3xNCS check-worthiness sentences (see ATTRIBUTION.md)",
        "features": dict(sorted(features.items())),
    }
    return Trained(model, vectorizer, classifier, idf, in_norm)


def dumps(model: dict) -> str:
    """The model as JSON text: one feature per line, so a retrain shows up as a readable diff."""
    head = {k: v for k, v in model.items() if k != "features"}
    features = ",\n".join(
        f"{json.dumps(name, ensure_ascii=False)}: {json.dumps(value)}"
        for name, value in sorted(model["features"].items())
    )
    # The header object without its closing brace, then "features" as its last key.
    opening = json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1]
    return f'{opening}, "features": {{\n{features}\n}}}}\n'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help=f"3xNCS.json (default: $CLAIMBUSTER_PATH or {DEFAULT_DATA})")
    args = parser.parse_args(argv)
    path = data_path(args.data)
    if not Path(path).is_file():
        print(f"dataset not found: {path}", file=sys.stderr)
        return 2
    texts, labels = load_dataset(path)
    for kind, target in checkworthy.MODEL_FILES.items():
        trained = fit(texts, labels, kind)
        text = dumps(trained.model)
        target.write_text(text, encoding="utf-8")
        print(f"{target}: {len(trained.model['features'])} features, {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
