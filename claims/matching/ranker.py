"""The learned ranker: training (numpy) and inference (pure numpy), stored as JSON.

Two model kinds share one JSON layout ({"kind", "features", ...}):
- "logreg": standardised features, weights, intercept: p = sigmoid(w . z + b).
- "gbdt": gradient-boosted depth-limited trees on the logistic loss (histogram splits);
  each tree is stored as flat arrays (feature, threshold, left, right, value).
Both output a log-odds score; `calibration` (Platt a, b fitted on held-out data) turns
the best candidate's score and its margin over the runner-up into the probability that
it is the same claim, and `thresholds` hold the levels chosen on held-out data.

Training is deterministic (no random sampling; ties broken by index).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40, 40)))


# ---------------------------------------------------------------- inference


class Ranker:
    def __init__(self, spec: dict):
        self.spec = spec
        self.kind = spec["kind"]
        self.features = list(spec["features"])
        if self.kind == "logreg":
            self.mean = np.asarray(spec["mean"], np.float64)
            self.scale = np.asarray(spec["scale"], np.float64)
            self.coef = np.asarray(spec["coef"], np.float64)
            self.intercept = float(spec["intercept"])
        elif self.kind == "gbdt":
            self.base = float(spec["base"])
            self.rate = float(spec["rate"])
            self.trees = [{k: np.asarray(v) for k, v in t.items()} for t in spec["trees"]]
        else:
            raise ValueError(f"unknown ranker kind {self.kind!r}")
        self.calibration = spec.get("calibration")
        self.thresholds = spec.get("thresholds", {})
        # an optional second model for queries with a known date (date features on)
        self.dated = Ranker(spec["dated"]) if spec.get("dated") else None
        # an optional model for candidates in another language than the query (no lexical features)
        self.cross = Ranker(spec["cross"]) if spec.get("cross") else None

    @classmethod
    def load(cls, path: str | Path) -> Ranker:
        return cls(json.loads(Path(path).read_text()))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.spec, indent=1))

    def check_features(self, names: list[str]) -> np.ndarray:
        """Column indices of the model's features in a matrix whose columns are `names`."""
        missing = [f for f in self.features if f not in names]
        if missing:
            raise ValueError(f"ranker needs features the matcher does not build: {missing}")
        return np.asarray([names.index(f) for f in self.features])

    def margin(self, X: np.ndarray) -> np.ndarray:
        """Log-odds that each row is a relevant (same-claim) candidate."""
        X = np.asarray(X, np.float64)
        if self.kind == "logreg":
            return ((X - self.mean) / self.scale) @ self.coef + self.intercept
        out = np.full(len(X), self.base)
        for t in self.trees:
            out += self.rate * _tree_predict(t, X)
        return out

    def same_claim_probability(self, margins: np.ndarray) -> float:
        """Calibrated probability that the best candidate is the same claim."""
        if len(margins) == 0:
            return 0.0
        top = np.sort(margins)[::-1]
        gap = top[0] - top[1] if len(top) > 1 else 10.0
        if not self.calibration:
            return float(sigmoid(top[0]))
        c = self.calibration
        return float(sigmoid(c["a_top"] * top[0] + c["a_gap"] * min(gap, 10.0) + c["b"]))


def _tree_predict(t: dict, X: np.ndarray) -> np.ndarray:
    node = np.zeros(len(X), np.int64)
    feat, thr, left, right, value = t["feature"], t["threshold"], t["left"], t["right"], t["value"]
    for _ in range(int(t["depth"])):
        f = feat[node]
        leaf = f < 0
        if leaf.all():
            break
        go_left = X[np.arange(len(X)), np.where(leaf, 0, f)] <= thr[node]
        node = np.where(leaf, node, np.where(go_left, left[node], right[node]))
    return value[node]


# ---------------------------------------------------------------- training: logistic regression


def train_logreg(
    X: np.ndarray,
    y: np.ndarray,
    features: list[str],
    l2: float = 1.0,
    weights: np.ndarray | None = None,
    iters: int = 50,
) -> dict:
    """L2-regularised logistic regression by Newton's method (deterministic)."""
    X = np.asarray(X, np.float64)
    y = np.asarray(y, np.float64)
    w_s = np.ones(len(y)) if weights is None else np.asarray(weights, np.float64)
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-9] = 1.0
    Z = np.hstack([(X - mean) / scale, np.ones((len(X), 1))])
    beta = np.zeros(Z.shape[1])
    reg = np.full(Z.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(iters):
        p = sigmoid(Z @ beta)
        grad = Z.T @ (w_s * (p - y)) + reg * beta
        hess = (Z * (w_s * p * (1 - p))[:, None]).T @ Z + np.diag(reg) + 1e-9 * np.eye(len(beta))
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return {
        "kind": "logreg",
        "features": list(features),
        "mean": mean.tolist(),
        "scale": scale.tolist(),
        "coef": beta[:-1].tolist(),
        "intercept": float(beta[-1]),
        "l2": l2,
    }


# ---------------------------------------------------------------- training: boosted trees


def _bin_edges(X: np.ndarray, n_bins: int) -> list[np.ndarray]:
    edges = []
    for j in range(X.shape[1]):
        qs = np.unique(np.quantile(X[:, j], np.linspace(0, 1, n_bins + 1)[1:-1], method="lower"))
        edges.append(qs)
    return edges


def train_gbdt(
    X: np.ndarray,
    y: np.ndarray,
    features: list[str],
    n_trees: int = 200,
    depth: int = 3,
    rate: float = 0.1,
    l2: float = 1.0,
    min_child: float = 5.0,
    n_bins: int = 32,
    groups: np.ndarray | None = None,
    objective: str = "logistic",
    weights: np.ndarray | None = None,
) -> dict:
    """Histogram gradient boosting, Newton leaves; objective 'logistic' or 'lambdarank'.

    For 'lambdarank', `groups` gives each row's query number; gradients are RankNet
    pairs (each relevant row against each non-relevant row of its query) weighted by the
    change in reciprocal rank, LambdaMART-style.
    """
    X = np.asarray(X, np.float64)
    y = np.asarray(y, np.float64)
    n, m = X.shape
    w_s = np.ones(n) if weights is None else np.asarray(weights, np.float64)
    edges = _bin_edges(X, n_bins)
    B = np.zeros((n, m), np.int16)  # bin index: number of edges strictly below the value
    for j in range(m):
        B[:, j] = np.searchsorted(edges[j], X[:, j], side="left")
    prior = float(np.clip((w_s * y).sum() / w_s.sum(), 1e-6, 1 - 1e-6))
    base = float(np.log(prior / (1 - prior))) if objective == "logistic" else 0.0
    F = np.full(n, base)
    trees = []
    group_index = None
    if objective == "lambdarank":
        order = np.argsort(groups, kind="stable")
        bounds = np.flatnonzero(np.diff(groups[order])) + 1
        group_index = np.split(order, bounds)
    for _ in range(n_trees):
        if objective == "logistic":
            p = sigmoid(F)
            g, h = w_s * (p - y), w_s * np.maximum(p * (1 - p), 1e-6)
        else:
            g, h = _lambda_gradients(F, y, group_index)
        tree = _grow(B, g, h, edges, depth, l2, min_child)
        F += rate * _tree_predict(tree, X)
        trees.append({k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in tree.items()})
    return {
        "kind": "gbdt",
        "features": list(features),
        "base": base,
        "rate": rate,
        "trees": trees,
        "params": {
            "n_trees": n_trees,
            "depth": depth,
            "rate": rate,
            "l2": l2,
            "min_child": min_child,
            "n_bins": n_bins,
            "objective": objective,
        },
    }


def _lambda_gradients(F, y, group_index):
    g = np.zeros(len(F))
    h = np.full(len(F), 1e-6)
    for idx in group_index:
        s = F[idx]
        rel = y[idx] > 0
        if not rel.any() or rel.all():
            continue
        rank = np.empty(len(idx))
        rank[np.argsort(-s, kind="stable")] = np.arange(1, len(idx) + 1)
        pos, neg = np.flatnonzero(rel), np.flatnonzero(~rel)
        sp, sn = s[pos][:, None], s[neg][None, :]
        rho = sigmoid(-(sp - sn))  # pair (pos, neg) probability of being misordered
        # |change in 1/rank| if the pair swapped places
        rp, rn = rank[pos][:, None], rank[neg][None, :]
        delta = np.abs(1.0 / rp - 1.0 / rn)
        lam = rho * delta
        hes = rho * (1 - rho) * delta
        g[idx[pos]] -= lam.sum(axis=1)
        g[idx[neg]] += lam.sum(axis=0)
        h[idx[pos]] += hes.sum(axis=1)
        h[idx[neg]] += hes.sum(axis=0)
    return g, h


def _grow(B, g, h, edges, depth, l2, min_child):
    feature, threshold, left, right, value = [-1], [0.0], [0], [0], [0.0]
    frontier = [(0, np.arange(len(g)))]
    for _level in range(depth):
        nxt = []
        for node, rows in frontier:
            best = _best_split(B[rows], g[rows], h[rows], edges, l2, min_child)
            G, H = g[rows].sum(), h[rows].sum()
            value[node] = float(-G / (H + l2))
            if best is None:
                continue
            j, b, gain = best
            go_left = B[rows, j] <= b
            li, ri = len(feature), len(feature) + 1
            feature[node], threshold[node], left[node], right[node] = j, float(edges[j][b]), li, ri
            for child_rows in (rows[go_left], rows[~go_left]):
                feature.append(-1)
                threshold.append(0.0)
                left.append(0)
                right.append(0)
                value.append(float(-g[child_rows].sum() / (h[child_rows].sum() + l2)))
            nxt += [(li, rows[go_left]), (ri, rows[~go_left])]
        frontier = nxt
    return {
        "feature": np.asarray(feature),
        "threshold": np.asarray(threshold),
        "left": np.asarray(left),
        "right": np.asarray(right),
        "value": np.asarray(value),
        "depth": depth,
    }


def _best_split(Bs, g, h, edges, l2, min_child):
    G, H = g.sum(), h.sum()
    parent = G * G / (H + l2)
    best = None
    for j in range(Bs.shape[1]):
        nb = len(edges[j]) + 1
        if nb < 2:
            continue
        gs = np.bincount(Bs[:, j], weights=g, minlength=nb)
        hs = np.bincount(Bs[:, j], weights=h, minlength=nb)
        gl, hl = np.cumsum(gs)[:-1], np.cumsum(hs)[:-1]
        gr, hr = G - gl, H - hl
        ok = (hl >= min_child * 1e-2) & (hr >= min_child * 1e-2)
        cnt = np.cumsum(np.bincount(Bs[:, j], minlength=nb))[:-1]
        ok &= (cnt >= min_child) & (len(g) - cnt >= min_child)
        if not ok.any():
            continue
        gain = np.where(ok, gl * gl / (hl + l2) + gr * gr / (hr + l2) - parent, -np.inf)
        b = int(np.argmax(gain))
        if gain[b] > 1e-9 and (best is None or gain[b] > best[2]):
            best = (j, b, float(gain[b]))
    return best


# ---------------------------------------------------------------- calibration


def fit_calibration(top: np.ndarray, gap: np.ndarray, correct: np.ndarray, l2: float = 0.1) -> dict:
    """Platt scaling of the best candidate's margin and its lead over the runner-up."""
    spec = train_logreg(np.column_stack([top, np.minimum(gap, 10.0)]), correct, ["top", "gap"], l2=l2)
    mean, scale, coef = np.asarray(spec["mean"]), np.asarray(spec["scale"]), np.asarray(spec["coef"])
    a = coef / scale
    return {"a_top": float(a[0]), "a_gap": float(a[1]), "b": float(spec["intercept"] - (a * mean).sum())}
