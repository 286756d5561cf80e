"""The shipped matcher model is what its scripts build from the data: rebuilt here from
CheckThat! 2022 2A and compared by what it does (ranking quality and calibrated levels on
the dev split, within a tolerance that holds across machines and BLAS builds), never by raw
coefficients. Skips, saying why, where the data is not beside the checkout."""

import json
from pathlib import Path

import pytest

from claims.matching.model import checkthat_data

MODEL = Path(__file__).resolve().parent.parent / "claims" / "matching" / "model"


def _data_or_skip():
    if not (checkthat_data.DATA / "vclaims.jsonl").is_file():
        pytest.skip(
            f"CheckThat! 2022 2A data not found at {checkthat_data.DATA}: set CHECKTHAT_PATH, or put it in "
            "../shared/datasets/checkthat-2022-2a-en/ beside the repository"
        )


def test_the_shipped_ranker_is_what_train_py_builds_from_the_data():
    _data_or_skip()
    from claims.matching.model import train

    shipped = json.loads((MODEL / "ranker.json").read_text())
    rebuilt = train.build(verbose=False, only_default=True)
    for key in ("MAP@1", "MAP@5", "MRR", "recall@5"):
        assert abs(rebuilt["metrics_dev"][key] - shipped["metrics_dev"][key]) <= 0.01, key
    assert abs(rebuilt["thresholds"]["same"] - shipped["thresholds"]["same"]) <= 0.05
    assert rebuilt["metrics_dev"]["same_precision_dev"] >= 0.95  # the level's promise, on held-out data
    assert rebuilt["features"] == shipped["features"]


def test_the_thresholds_file_names_every_language_it_was_calibrated_on():
    thresholds = json.loads((MODEL / "thresholds.json").read_text())["languages"]
    assert {"en", "it", "default"} <= set(thresholds)
    for language in ("en", "it"):
        assert 0 < thresholds[language]["related"] <= thresholds[language]["same"] < 1
    assert thresholds["it"]["calibration"]["same_precision"] >= 0.95
