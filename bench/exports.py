"""Exports stream: peak Python memory while writing every claim as CSV and JSON, for
10,000 and for all (~100,000) claims of the bench database. Flat memory means the peak
does not grow with the number of rows. Prints one JSON line.

Uses the data of bench/pages.py (run it first, or this builds it)."""

import json
import time
import tracemalloc

import _setup


def measure(rows_iter, writer) -> tuple[float, int, int]:
    tracemalloc.start()
    started = time.perf_counter()
    size = 0
    for chunk in writer(rows_iter):
        size += len(chunk)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak, size


def main():
    _setup.django_setup()
    import pages  # noqa: E402  (same folder)

    pages.build_data(100_000, 500)
    from claims.models import Claim
    from claims.publishing.exports import claims_for_export, csv_stream, json_stream

    total = Claim.objects.count()
    small_ids = Claim.objects.order_by("pk").values_list("pk", flat=True)[10_000 - 1]
    out = {"bench": "exports", "claims": total}
    for fmt, writer in (("csv", csv_stream), ("json", json_stream)):
        s_small, peak_small, _ = measure(claims_for_export(Claim.objects.filter(pk__lte=small_ids)), writer)
        s_all, peak_all, size = measure(claims_for_export(Claim.objects.all()), writer)
        out[fmt] = {
            "rows_per_s": round(total / s_all),
            "mb": round(size / 1e6, 1),
            "peak_mb_10k": round(peak_small / 1e6, 1),
            "peak_mb_all": round(peak_all / 1e6, 1),
            "peak_ratio_all_over_10k": round(peak_all / peak_small, 2),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
