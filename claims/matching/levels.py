""" "Same claim" / "related" levels for a ranked list, with the number/entity guard.

The best candidate is "same" when the ranker's calibrated probability reaches the
`same` threshold (chosen on held-out data for precision >= 0.95) and no guard fires.
A guard is a contradiction the embeddings cannot see:
- numbers: both texts state a quantity of the same kind (money, percent, or a count of
  the same thing) with no value in common ("6 million people" vs "60 million people");
  years alone do not count, fact-checkers add dates the post lacks;
- names: the query names people/places/brands and the fact-check names others, none of
  the query's (no query entity found anywhere in the fact-check, no fact-check entity in
  the query); not applied across languages, where stems of names differ.
When the cross-lingual model scored a top candidate in another language than the query,
that model's calibration and thresholds judge it.
A guarded candidate is at most "related: numbers differ" / "related: names differ".
Other candidates are "related" when their own probability reaches `related`.
"""

from __future__ import annotations

import numpy as np

from .features import FEATURES
from .ranker import sigmoid

DEFAULT_THRESHOLDS = {"same": 0.9, "related": 0.3}
_COL = {name: i for i, name in enumerate(FEATURES)}


def guard(x: np.ndarray) -> str:
    """The contradiction that forbids "same" for a feature row, or ''."""
    if x[_COL["qty_conflict"]] > 0:
        return "numbers differ"
    if (
        x[_COL["has_ent_q"]] > 0
        and x[_COL["has_ent_d"]] > 0
        and x[_COL["cross_lingual"]] == 0
        and x[_COL["ent_q"]] == 0
        and x[_COL["ent_d"]] == 0
    ):
        return "names differ"
    return ""


def assign_levels(matches, margins: np.ndarray, X_top: np.ndarray, ranker, cross_model: bool = False) -> None:
    """Set probability and level on `matches` (best first; X_top their feature rows).

    cross_model: the margins of cross-lingual candidates came from the ranker's
    cross-lingual model, so a cross-lingual best candidate is judged by its calibration.
    """
    if not matches:
        return
    if cross_model and ranker is not None and ranker.cross is not None and X_top[0][_COL["cross_lingual"]] > 0:
        ranker = ranker.cross
    thresholds = dict(DEFAULT_THRESHOLDS)
    if ranker is not None:
        thresholds.update(ranker.thresholds)
    guards = [guard(X_top[i]) for i in range(len(matches))]
    # A runner-up whose numbers or names contradict the claim is known not to be it: it is no
    # competition for the best one ("costs 5 euro an hour" does not make "two euros an hour,
    # reworded" less likely to be "costs 2 euro an hour").
    # (`margins`: every candidate's, in any order; the best len(matches) are `matches`.)
    if not guards[0] and any(guards[1:]):
        ranked = np.sort(np.asarray(margins))[::-1]
        shown = len(matches)
        keep = [0] + [i for i in range(1, shown) if not guards[i]] + list(range(shown, len(ranked)))
        margins = ranked[keep]
    p_best = ranker.same_claim_probability(margins) if ranker is not None else float(sigmoid(matches[0].score))
    for i, m in enumerate(matches):
        p = p_best if i == 0 else float(min(sigmoid(m.score), p_best))
        m.probability = round(p, 4)
        m.guard = why = guards[i]
        if i == 0 and p >= thresholds["same"] and not why:
            m.level = "same"
        elif p >= thresholds["related"] or (i == 0 and p >= thresholds["same"]):
            m.level = f"related: {why}" if why else "related"
        else:
            m.level = ""
