"""Compact per-document storage: growable numpy arrays instead of Python objects.

At 100,000 fact-checks a Python list of small lists, or a dict from id strings to row
numbers, costs 70-150 bytes per document in object headers; these keep the same data in
flat numpy buffers (4-8 bytes per value) and stay cheap to append to one at a time.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np


def grow(capacity: int, need: int) -> int:
    """New capacity for a growable array: +1/8 (at least 1024), so a large index never doubles."""
    return max(need, capacity + max(1024, capacity // 8))


def ensure(arr: np.ndarray, n: int) -> np.ndarray:
    """`arr`, or a copy grown by 1/8 (zero-filled) when it is shorter than `n`."""
    if n <= len(arr):
        return arr
    out = np.zeros((grow(len(arr), n),) + arr.shape[1:], arr.dtype)
    out[: len(arr)] = arr
    return out


class Ragged:
    """Append-only list of small int32 arrays (one per document) in two flat buffers."""

    def __init__(self):
        self.data = np.zeros(1024, np.int32)
        self.offsets = np.zeros(1025, np.int32)  # row i is data[offsets[i]:offsets[i + 1]]
        self.n = 0

    def append(self, values) -> None:
        values = np.asarray(values, np.int32)
        start = int(self.offsets[self.n])
        end = start + len(values)
        self.data = ensure(self.data, end)
        self.offsets = ensure(self.offsets, self.n + 2)
        self.data[start:end] = values
        self.n += 1
        self.offsets[self.n] = end

    def __getitem__(self, i: int) -> np.ndarray:
        return self.data[self.offsets[i] : self.offsets[i + 1]]

    def trim(self) -> None:
        self.data = self.data[: max(int(self.offsets[self.n]), 1)].copy()
        self.offsets = self.offsets[: self.n + 1].copy()

    def gather(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """All values of `rows`, concatenated, and the position in `rows` each came from."""
        starts = self.offsets[rows].astype(np.int64)
        lengths = self.offsets[rows + 1] - starts
        seg = np.repeat(np.arange(len(rows)), lengths)
        if len(seg) == 0:
            return np.zeros(0, np.int32), seg
        within = np.arange(len(seg)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        return self.data[np.repeat(starts, lengths) + within], seg

    @property
    def nbytes(self) -> int:
        return int(self.data.nbytes + self.offsets.nbytes)


class IdMap:
    """Document ids (any str) <-> row numbers, without a Python object per id.

    The ids' UTF-8 bytes sit in one buffer (row -> slice), and the rows sorted by id in an
    int32 array, searched by bisection: about len(id) + 12 bytes per document, where a
    list plus a dict of strings take ~150. The last (up to 1024) ids added wait in a small
    dict and are then merged into the sorted array (or on `trim()`).
    An id added again gets a new row; `find` returns the newest row of an id (the caller
    knows which rows are deleted).
    """

    def __init__(self):
        self._blob = bytearray()
        self._ends = np.zeros(1024, np.int64)  # row i is _blob[_ends[i - 1]:_ends[i]]
        self._sorted = np.zeros(0, np.int32)  # rows sorted by (id, row)
        self._recent: dict[str, int] = {}  # id -> newest row, rows not yet in _sorted
        self.n = 0

    def __len__(self) -> int:
        return self.n

    def _key(self, row) -> bytes:
        start = self._ends[row - 1] if row else 0
        return bytes(self._blob[start : self._ends[row]])

    def __getitem__(self, row) -> str:
        return self._key(int(row)).decode("utf-8")

    def append(self, doc_id: str) -> int:
        row = self.n
        self._blob += doc_id.encode("utf-8")
        self._ends = ensure(self._ends, row + 1)
        self._ends[row] = len(self._blob)
        self.n += 1
        self._recent[doc_id] = row
        if len(self._recent) >= 1024:
            self._merge()
        return row

    def find(self, doc_id: str) -> int | None:
        """The newest row of `doc_id`, or None if it was never added."""
        row = self._recent.get(doc_id)
        if row is not None:
            return row
        key = doc_id.encode("utf-8")
        i = bisect_right(self._sorted, key, key=self._key)
        if i and self._key(self._sorted[i - 1]) == key:
            return int(self._sorted[i - 1])
        return None

    def _merge(self) -> None:
        """Insert the recent rows into the sorted array (after equal ids: they are newer)."""
        items = sorted(self._recent.items())  # str order = UTF-8 byte order
        where = [bisect_right(self._sorted, doc_id.encode("utf-8"), key=self._key) for doc_id, _ in items]
        self._sorted = np.insert(self._sorted, where, [row for _, row in items]).astype(np.int32)
        self._recent = {}

    def trim(self) -> None:
        """Merge the recent ids; drop spare capacity."""
        if self._recent:
            self._merge()
        self._ends = self._ends[: max(self.n, 1)].copy()

    @property
    def nbytes(self) -> int:
        return len(self._blob) + self._ends.nbytes + self._sorted.nbytes
