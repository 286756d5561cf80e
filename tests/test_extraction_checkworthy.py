"""Check-worthiness scores: ranking a reviewer would notice, robustness, and train/runtime parity.

Runs without Django: `pytest -p no:django tests/test_extraction_checkworthy.py`.
"""

import json
import math
import os
import time
from pathlib import Path

import pytest

from claims.extraction import checkworthy
from claims.extraction.checkworthy import DEFAULT_THRESHOLD, score_sentence, score_sentences

SEED_ARTICLE = Path(__file__).resolve().parents[1] / "seeds" / "000_82384b93ff9f2906.txt"

ENGLISH_FACTS = [
    "Unemployment fell to 3.5% in September, the lowest level since 1969.",
    "The Senate passed the bill by 52 votes to 48 on Tuesday.",
    "We have created 23 million new jobs since 1993.",
    "According to the Census Bureau, median household income rose by $1,200 last year.",
]
ENGLISH_NOT_CLAIMS = [
    "I think it is a disgrace.",
    "What will happen to the economy now?",
    "Subscribe to our newsletter",
    "Leave a comment",
    "We must do better for our children.",
    "Thank you very much.",
]
ITALIAN_FACTS = [
    "Secondo l'Istat, a settembre l'inflazione è salita al 3,5% rispetto al 2,9% di agosto.",
    "Il governo ha stanziato 1,5 miliardi di euro per la sanità nel 2024.",
    "La Camera ha approvato la legge con 230 voti favorevoli e 150 contrari.",
    "Il tasso di disoccupazione è sceso al 7,8% nel secondo trimestre, il livello più basso dal 2008.",
    # From the seed article.
    "Questo obiettivo ha spinto alla rapida attuazione di restrizioni all’esportazione per alcuni "
    "dei prodotti NVIDIA più richiesti, tra cui l’acceleratore di intelligenza artificiale H20.",
    "Secondo alcune fonti, DeepSeek non è attualmente in grado di stabilire una tempistica "
    "precisa per il lancio del modello R2 in Cina.",
]
ITALIAN_NOT_CLAIMS = [
    "Penso che sia una vergogna.",
    "Cosa succederà adesso a DeepSeek?",
    "Iscriviti alla nostra newsletter",
    "Lascia un commento",
    "Condividi questo articolo su Facebook",
    "Speriamo che le cose migliorino presto.",
    "Secondo me dovremmo fare di più per i giovani.",
    "Fonte e immagini",
]


def _sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


# --- what a reviewer sees ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, facts, others",
    [("en", ENGLISH_FACTS, ENGLISH_NOT_CLAIMS), ("it", ITALIAN_FACTS, ITALIAN_NOT_CLAIMS)],
)
def test_factual_sentences_outrank_opinions_questions_and_calls_to_action(lang, facts, others):
    fact_scores = score_sentences(facts, lang)
    other_scores = score_sentences(others, lang)
    assert min(fact_scores) > max(other_scores), (fact_scores, other_scores)
    assert min(fact_scores) > DEFAULT_THRESHOLD
    assert max(other_scores) < DEFAULT_THRESHOLD


def test_the_seed_articles_factual_body_outranks_its_comment_form():
    body = ITALIAN_FACTS[-2:]
    comment_form = ["Lascia un commento", "Il tuo indirizzo email non sarà pubblicato."]
    article = SEED_ARTICLE.read_text(encoding="utf-8")
    assert all(sentence in article for sentence in body + comment_form)
    assert min(score_sentences(body, "it")) > 0.6
    assert max(score_sentences(comment_form, "it")) < 0.1


def test_an_unknown_language_is_scored_with_the_cross_lingual_model():
    facts = ["Le chômage a baissé de 2,5 % en 2023 selon l'INSEE."]
    others = ["Abonnez-vous à notre newsletter"]
    assert score_sentences(facts, "fr")[0] > score_sentences(others, "fr")[0]
    assert checkworthy.scorer_for("fr") is checkworthy.scorer_for("de")
    assert checkworthy.scorer_for("it") is not checkworthy.scorer_for("en")


def test_scores_are_probabilities_between_0_and_1():
    odd = ["", " ", "?", "!!!", "100%", "$$$ € £", "’", "«»", "a " * 500, "1 " * 500, "\x00\ufeff"]
    for lang in ("en", "it", "xx"):
        for score in score_sentences(ENGLISH_FACTS + ITALIAN_NOT_CLAIMS + odd, lang):
            assert 0.0 <= score <= 1.0


def test_scoring_is_deterministic_and_independent_of_the_batch():
    sentences = ENGLISH_FACTS + ENGLISH_NOT_CLAIMS
    first = score_sentences(sentences, "en")
    again = score_sentences(list(reversed(sentences)), "en")[::-1]
    alone = [score_sentence(s, "en") for s in sentences]
    fresh = checkworthy.Scorer(checkworthy.load_model("en"), "en").scores(sentences)
    assert first == again == alone == fresh


def test_the_empty_string_scores_low_and_does_not_crash():
    for lang in ("en", "it", "xx"):
        assert score_sentence("", lang) < DEFAULT_THRESHOLD
        assert score_sentence("   \n\t ", lang) < DEFAULT_THRESHOLD
    assert score_sentences([], "it") == []


def test_a_100_kb_sentence_does_not_crash_and_stays_fast():
    prose = ITALIAN_FACTS[0] + " "
    long_sentence = (prose * (100_000 // len(prose) + 1))[:100_000]
    blob = "x" * 100_000  # one "token" with no spaces at all
    start = time.perf_counter()
    scores = score_sentences([long_sentence, blob], "it") + score_sentences([long_sentence], "en")
    assert time.perf_counter() - start < 1.0
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_many_sentences_score_within_a_few_microseconds_each():
    # The budget is 6 us per sentence; the bound here is loose because CI machines are shared.
    sentences = ITALIAN_FACTS * 800
    scorer = checkworthy.scorer_for("it")
    scorer.scores(sentences)
    start = time.process_time()
    scorer.scores(sentences)
    per_sentence = (time.process_time() - start) / len(sentences)
    assert per_sentence < 30e-6


# --- the shipped files ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind, limit", [("en", 500_000), ("xling", 20_000)])
def test_the_shipped_models_are_small_json_files(kind, limit):
    path = checkworthy.MODEL_FILES[kind]
    assert path.stat().st_size < limit
    model = json.loads(path.read_text(encoding="utf-8"))
    assert model["format"] == "checkworthy-logreg/1"
    assert model["kind"] == kind
    assert model["ngrams"] is (kind == "en")
    assert all(len(v) == 2 and isinstance(v[1], int) for v in model["features"].values())


def test_the_cross_lingual_model_only_knows_language_independent_features():
    names = checkworthy.load_model("xling")["features"]
    assert not [n for n in names if n.startswith(("w:", "b:"))]


def test_every_lexicon_class_has_an_english_and_an_italian_side():
    for table in (checkworthy.LEXICON, checkworthy.FIRST_WORD_LEXICON):
        for cls, (english, italian) in table.items():
            assert english.split() and italian.split(), cls
            assert english == english.lower() and italian == italian.lower(), cls


@pytest.mark.parametrize(
    "word, lang, expected",
    [
        ("aumentato", "it", {"CHANGE", "PAST_FORM"}),
        ("increased", "en", {"CHANGE", "PAST_FORM"}),
        ("dichiarò", "it", {"PAST_FORM"}),
        ("faranno", "it", {"FUTURE"}),
        ("facciamo", "it", {"FIRST_PERSON_PLUR"}),
        ("mercato", "it", set()),  # a noun, though it ends like a participle
        ("però", "it", set()),
        ("US", "en", {"ACRONYM"}),  # not the pronoun "us"
        ("dell’AI", "it", {"ARTICLE", "ACRONYM"}),
        ("3,5%", "it", {"PERCENT", "NUMBER"}),
        ("$300", "en", {"MONEY", "NUMBER"}),
        ("2024.", "it", {"YEAR"}),
    ],
)
def test_tokens_reach_their_classes_through_lexicon_and_inflection_rules(word, lang, expected):
    assert set(checkworthy.token_classes(word, checkworthy.lexicon_for(lang))) == expected


# --- training and runtime agree ------------------------------------------------------------------

PARITY_SENTENCES = (
    ENGLISH_FACTS
    + ENGLISH_NOT_CLAIMS
    + ITALIAN_FACTS
    + ITALIAN_NOT_CLAIMS
    + [
        "",
        "He voted against it -- twice.",
        "«Non è vero», ha detto il ministro.",
        "Why? Because 40 percent of them are unemployed!",
    ]
)


@pytest.mark.parametrize("kind, lang", [("en", "en"), ("xling", "en"), ("xling", "it"), ("xling", "xx")])
def test_the_fast_scorer_adds_up_exactly_the_named_features(kind, lang):
    model = checkworthy.load_model(kind)
    fast = checkworthy.Scorer(model, lang).scores(PARITY_SENTENCES)
    for sentence, score in zip(PARITY_SENTENCES, fast):
        features = checkworthy.sentence_features(sentence, lang, model["ngrams"])
        assert score == pytest.approx(_sigmoid(checkworthy.reference_logit(features, model)), abs=1e-12)


TINY_TEXTS = [
    ("Taxes rose by 40 percent in 1990.", 1),
    ("The deficit grew to $300 billion last year.", 1),
    ("He voted against the bill twice in 2004.", 1),
    ("Unemployment fell to 5 percent in March.", 1),
    ("Senator Smith said the program cost $2 million.", 1),
    ("We created 23 million new jobs.", 1),
    ("I think we can do better.", 0),
    ("What are you going to do about it?", 0),
    ("Let me tell you something.", 0),
    ("We must be strong and we should be proud.", 0),
    ("Thank you very much.", 0),
    ("I believe in the American people.", 0),
]


@pytest.mark.parametrize("kind", ["en", "xling"])
def test_a_retrained_model_scores_like_scikit_learn(kind):
    pytest.importorskip("sklearn")
    from claims.extraction.model import train

    texts = [t for t, _ in TINY_TEXTS] * 2  # min_df=2 keeps every n-gram
    labels = [y for _, y in TINY_TEXTS] * 2
    trained = train.fit(texts, labels, kind, prune_bigrams_below=0.0)
    model = json.loads(train.dumps(trained.model))
    probe = PARITY_SENTENCES + [t for t, _ in TINY_TEXTS]
    runtime = checkworthy.Scorer(model, "en").scores(probe)
    expected = trained.sklearn_proba(probe)
    assert max(abs(a - b) for a, b in zip(runtime, expected)) < 1e-6
    assert train.dumps(train.fit(texts, labels, kind, prune_bigrams_below=0.0).model) == train.dumps(trained.model)


def test_the_dataset_is_found_beside_the_checkout_or_through_the_variable(monkeypatch):
    pytest.importorskip("sklearn")
    from claims.extraction.model import train

    root = Path(__file__).resolve().parents[1]
    beside = root.parent / "shared" / "datasets" / "claimbuster-3xncs" / "3xNCS.json"
    monkeypatch.delenv("CLAIMBUSTER_PATH", raising=False)
    assert Path(train.data_path(None)) == beside
    monkeypatch.setenv("CLAIMBUSTER_PATH", "/elsewhere/3xNCS.json")
    assert train.data_path(None) == "/elsewhere/3xNCS.json"
    assert train.data_path("given.json") == "given.json"


def test_the_shipped_models_are_what_train_py_builds_from_the_dataset():
    """A fresh retrain scores and ranks the dataset's sentences as the shipped models do.

    Not the raw weights: lbfgs is reproducible only up to floating point across CPUs and BLAS
    builds (one weight is 0.00230477 in the shipped file and came out 0.00230858 on another machine), which moves
    scores by about 1e-5. A changed lexicon, feature or training setting moves them by 0.02 to
    0.3 and fails here (C=1 instead of 3: 0.32, min_df=3: 0.23, no bigram pruning: 0.07). The
    bigram closest to the pruning threshold is 5e-4 from it, over ten times that drift.
    """
    pytest.importorskip("sklearn")
    from scipy.stats import spearmanr
    from sklearn.metrics import roc_auc_score

    from claims.extraction.model import train

    path = train.data_path(None)
    if not os.path.isfile(path):
        pytest.skip(
            f"ClaimBuster dataset not found at {path}: set CLAIMBUSTER_PATH to 3xNCS.json, or put "
            "it in ../shared/datasets/claimbuster-3xncs/ beside the repository"
        )
    texts, labels = train.load_dataset(path)
    for kind in ("en", "xling"):
        # The files as shipped (not load_model's per-process copy), and the retrain through its
        # JSON text, so both are scored exactly as the runtime scorer reads a model.
        shipped = json.loads(checkworthy.MODEL_FILES[kind].read_text(encoding="utf-8"))
        rebuilt = json.loads(train.dumps(train.fit(texts, labels, kind).model))
        old = checkworthy.Scorer(shipped, "en").scores(texts)
        new = checkworthy.Scorer(rebuilt, "en").scores(texts)
        assert max(abs(a - b) for a, b in zip(old, new)) < 1e-3, kind
        assert spearmanr(old, new).statistic > 0.999, kind
        # The same ROC-AUC to 3 decimals (a difference, so a value near a rounding edge is no failure).
        assert abs(roc_auc_score(labels, old) - roc_auc_score(labels, new)) < 5e-4, kind


# --- policy and legal facts ----------------------------------------------------------------------

POLICY = Path(__file__).resolve().parent / "data" / "checkworthy_policy" / "sentences.tsv"


def _policy_rows(held_out: bool):
    rows = [line.split("\t") for line in POLICY.read_text(encoding="utf-8").splitlines() if line[:1] not in ("#", "")]
    return [
        (lang, label == "1", sentence) for lang, label, source, sentence in rows if (source == "heldout") == held_out
    ]


def _checkworthy(rows):
    from claims.extraction.pipeline import assess

    return [not reason for (lang, _, sentence) in rows for _, _, _, reason in assess([sentence], lang)]


@pytest.mark.parametrize(
    "sentence, lang",
    [
        ("The ban applies to every device sold online.", "en"),
        ("Il divieto si applica a tutti i dispositivi venduti online.", "it"),
        ("La direttiva non si applica alle piccole imprese.", "it"),
        ("The new rules came into force on Monday.", "en"),
    ],
)
def test_a_rule_stated_is_checkworthy_though_its_words_carry_little_signal(sentence, lang):
    from claims.extraction.pipeline import assess

    assert score_sentence(sentence, lang) < DEFAULT_THRESHOLD  # the model alone misses it
    score, _, _, reason = assess([sentence], lang)[0]
    assert reason == "" and score >= checkworthy.POLICY_FLOOR


def test_every_policy_sentence_of_the_evaluation_lands_on_its_side():
    rows = _policy_rows(held_out=False)
    assert len(rows) >= 60 and {lang for lang, _, _ in rows} == {"it", "en"}
    wrong = [sentence for (_, label, sentence), found in zip(rows, _checkworthy(rows)) if found != label]
    assert wrong == []


def test_held_out_policy_sentences_mostly_land_on_their_side_and_no_non_claim_is_lifted():
    rows = _policy_rows(held_out=True)
    found = _checkworthy(rows)
    facts = [cw for (_, label, _), cw in zip(rows, found) if label]
    assert not any(cw for (_, label, _), cw in zip(rows, found) if not label)
    assert sum(facts) / len(facts) >= 0.7


def test_asking_for_a_rule_is_not_stating_one():
    from claims.extraction.pipeline import assess

    for sentence, lang in (
        ("We need a law that applies to everyone, not just the poor.", "en"),
        ("Serve una legge che valga per tutti, non solo per i più poveri.", "it"),
    ):
        assert assess([sentence], lang)[0][3] != ""


def test_the_lift_keeps_the_order_among_policy_facts():
    lifted = checkworthy.lift_policy_facts([0.05, 0.2, 0.9, 0.1], [True, True, True, False])
    assert lifted[0] < lifted[1] < lifted[2] and lifted[3] == 0.1
    assert min(lifted[:3]) >= checkworthy.POLICY_FLOOR > DEFAULT_THRESHOLD
