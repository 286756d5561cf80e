"""Per-language thresholds of the matcher's levels -> thresholds.json.

    python -m claims.matching.model.calibrate            # writes claims/matching/model/thresholds.json
    python -m claims.matching.model.calibrate --check    # recomputes, compares within tolerance

"Same claim" is the lowest calibrated score at which precision stays >= 0.95 for every
higher score, on held-out queries of that language: some whose fact-check is in the
collection, the same ones with it removed, and claims with no fact-check at all (a
proposal that is then "same" is wrong). "Related" is the score 95% of the correct first
proposals reach, or English's when lower: "related" is the level that errs on showing,
and a small set of easy Italian pairs would otherwise set it almost at "same".

- English: CheckThat! 2022 2A dev, as train.py chose them (they are in ranker.json).
- Italian: calibration_it.json (40 hand-written fact-checks, a rewording of each, 20 claims
  with none), searched among the 14,231 CheckThat fact-checks and 5,000 Italian ones made
  from templates that share their words (the worst case for a lexical index). The ranker
  was trained on English pairs: these thresholds are what makes its scores mean the same
  thing for Italian claims. bench/data/paraphrases.json, the evaluation, is never read.
"""

import argparse
import json
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from claims.matching.features import FEATURES  # noqa: E402
from claims.matching.levels import guard  # noqa: E402
from claims.matching.model import checkthat_data as data  # noqa: E402
from claims.matching.model.train import choose_same_threshold  # noqa: E402
from claims.matching.pipeline import Matcher, MatcherConfig  # noqa: E402
from claims.matching.ranker import Ranker  # noqa: E402
from claims.matching.vectors import Embedder  # noqa: E402

HERE = Path(__file__).resolve().parent
TARGET = 0.95


def italian_background(n: int, seed: int = 11) -> list[str]:
    """Italian fact-check-like sentences sharing the common words of real ones."""
    rng = random.Random(seed)
    subjects = [
        "Il governo",
        "L'Istat",
        "La Regione Lombardia",
        "Il sindaco di Roma",
        "L'Inps",
        "Il Codacons",
        "La Banca d'Italia",
        "Il ministero della Salute",
        "Confindustria",
        "L'opposizione",
    ]
    topics = [
        "la disoccupazione",
        "il debito pubblico",
        "l'inflazione",
        "le tasse sulla casa",
        "la spesa sanitaria",
        "il prezzo della benzina",
        "gli sbarchi",
        "le emissioni",
        "il PIL",
        "le pensioni minime",
        "il costo dell'energia",
        "gli stipendi degli insegnanti",
        "i posti letto negli ospedali",
        "la produzione industriale",
        "le esportazioni di vino",
        "il turismo",
        "gli affitti",
    ]
    verbs = ["è aumentato", "è calato", "è raddoppiato", "è crollato", "è cresciuto", "è sceso"]
    places = [
        "in Italia",
        "nel Mezzogiorno",
        "in Lombardia",
        "a Milano",
        "in Sicilia",
        "in Europa",
        "nel Lazio",
        "a Napoli",
        "in Veneto",
        "a Torino",
    ]
    templates = [
        "{s} ha dichiarato che {t} {v} del {p}% nel {y} {pl}.",
        "Secondo {s2}, {t} {v} di {n} miliardi di euro {pl} tra il {y0} e il {y}.",
        "{s} sostiene che {pl} {t} sia il più alto d'Europa dal {y0}.",
        "Nel {y} {s2} ha speso {n} milioni di euro per {t} {pl}.",
    ]
    out = []
    for _ in range(n):
        s, y = rng.choice(subjects), rng.randint(1995, 2025)
        out.append(
            rng.choice(templates).format(
                s=s,
                s2=s[0].lower() + s[1:],
                t=rng.choice(topics),
                v=rng.choice(verbs),
                p=f"{rng.randint(1, 80)},{rng.randint(0, 9)}",
                y=y,
                y0=y - rng.randint(1, 15),
                n=rng.randint(2, 900),
                pl=rng.choice(places),
            )
        )
    return out


def italian_thresholds(ranker: Ranker, verbose: bool = True, related_floor: float = 1.0) -> dict:
    calibration = json.loads((HERE / "calibration_it.json").read_text(encoding="utf-8"))
    embedder = Embedder(threads=1)
    matcher = Matcher(embedder=embedder, ranker=ranker, config=MatcherConfig())
    docs = [
        {"id": d["vclaim_id"], "claim": d["vclaim"], "title": d["title"], "lang": "en"} for d in data.load_vclaims()
    ]
    docs += [
        {"id": f"bg{i}", "claim": text, "title": "", "lang": "it"} for i, text in enumerate(italian_background(5000))
    ]
    docs += [
        {"id": fc["id"], "claim": fc["claim"], "title": fc["headline"], "lang": "it"}
        for fc in calibration["factchecks"]
    ]
    matcher.add_many(docs)
    if verbose:
        print(f"indexed {len(matcher)} fact-checks", file=sys.stderr)
    rows = []  # (top probability, correct, guarded, has a true fact-check in the collection)

    def top(text, gold, exclude=None):
        found = matcher.match(text, "it", k=1, exclude=exclude, with_features=True)
        if not found:
            return
        x = np.asarray([found[0].features[f] for f in FEATURES])
        rows.append((found[0].probability, float(found[0].doc_id == gold), bool(guard(x)), exclude is None))

    for q in calibration["queries"]:
        top(q["text"], q["target"])
        top(q["text"], q["target"], exclude={q["target"]})  # the same claim with no fact-check of it
    for text in calibration["no_match"]:
        top(text, None, exclude=set())
    T = np.asarray(rows, dtype=float)
    p, correct, guarded, real = T[:, 0], T[:, 1], T[:, 2] > 0, T[:, 3] > 0
    same = choose_same_threshold(p, correct, guarded, TARGET)
    true_top = p[real & (correct > 0)]
    related = min(float(np.quantile(true_top, 0.05)) if len(true_top) else 0.5, same, related_floor)
    said = (p >= same) & ~guarded
    return {
        "same": round(same, 4),
        "related": round(related, 4),
        "calibration": {
            "queries": int(real.sum()),
            "without_their_factcheck": int((~real).sum()),
            "same_precision": round(float(correct[said].mean()) if said.any() else 0.0, 4),
            "same_recall": round(float((said & real & (correct > 0)).sum() / max(real.sum(), 1)), 4),
            "top1_correct": round(float(correct[real].mean()), 4),
        },
    }


def build(verbose: bool = True) -> dict:
    ranker = Ranker.load(HERE / "ranker.json")
    english = {k: ranker.thresholds[k] for k in ("same", "related")}
    return {
        "about": "Thresholds on the matcher's calibrated score, per query language; written by calibrate.py.",
        "languages": {
            "en": {**english, "source": "CheckThat! 2022 2A dev (train.py)"},
            "it": {
                **italian_thresholds(ranker, verbose, related_floor=english["related"]),
                "source": "calibration_it.json (calibrate.py)",
            },
            "default": {**english, "source": "as English"},
        },
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(HERE / "thresholds.json"))
    parser.add_argument("--check", action="store_true", help="recompute and compare with the shipped file")
    parser.add_argument("--tolerance", type=float, default=0.05)
    args = parser.parse_args()
    spec = build()
    if args.check:
        shipped = json.loads(Path(args.out).read_text())
        bad = [
            f"{lang} {k}: {shipped['languages'][lang][k]} -> {spec['languages'][lang][k]}"
            for lang in ("en", "it")
            for k in ("same", "related")
            if abs(shipped["languages"][lang][k] - spec["languages"][lang][k]) > args.tolerance
        ]
        print(json.dumps({"check": "ok" if not bad else "mismatch", "differences": bad}))
        sys.exit(1 if bad else 0)
    Path(args.out).write_text(json.dumps(spec, indent=1) + "\n")
    print(json.dumps(spec["languages"]))


if __name__ == "__main__":
    main()
