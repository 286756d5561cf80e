"""claims.extraction.signals: the numbers, entities, attribution, hedges and quotes of a claim,
and its type, in Italian and English. Plain Python: run with `pytest -p no:django`."""

import gc
import json
import time

import pytest

from claims.extraction.entities import find_entities
from claims.extraction.numbers import find_numbers
from claims.extraction.signals import CLAIM_TYPES, analyse, analyse_many

KEYS = ["numbers", "entities", "attribution", "hedges", "quotes"]


def signals(sentence, lang):
    return analyse(sentence, lang)[0]


def claim_type(sentence, lang):
    return analyse(sentence, lang)[1]


def numbers(sentence, lang):
    found = signals(sentence, lang)["numbers"]
    return [(n["text"], n["value"], n["unit"], n["kind"]) for n in found]


# --- the seed article ---------------------------------------------------------------------

SEED_SOURCES = (
    "Secondo alcune fonti, DeepSeek non è attualmente in grado di stabilire una "
    "tempistica precisa per il lancio del modello R2 in Cina."
)
SEED_H20 = (
    "Un numero considerevole di GPU NVIDIA H20 AI sul mercato interno sarebbe allocato "
    "a clienti che utilizzano il modello R1, complicando ulteriormente la potenziale "
    "implementazione di R2 a causa della limitata disponibilità di acceleratori."
)
SEED_HYPOTHESIS = (
    "In precedenti dichiarazioni, si era ipotizzato che DeepSeek avesse legami "
    "con l’esercito cinese e stesse tentando di acquisire chip di intelligenza "
    "artificiale tramite “società fantasma” in tutta l’Asia."
)
SEED_RENTAL = (
    "I servizi di noleggio di chip AI di NVIDIA in Cina sono molto più economici "
    "rispetto agli Stati Uniti, a partire da soli 6 dollari l'ora"
)
SEED_EVIDENT = (
    "È evidente che i controlli sulle esportazioni statunitensi stanno di fatto "
    "limitando la capacità di crescita dell’IA della Cina."
)
SEED_UNCERTAINTY = (
    "Questa incertezza deriva dalle difficoltà dei fornitori di servizi di "
    "elaborazione (CSP) nazionali nell’acquisire risorse di elaborazione "
    "sufficienti a supportare il nuovo modello."
)
SEED_REPORT = (
    "Un rapporto di The Information rileva che l’amministratore delegato Liang "
    "Wenfeng ha espresso insoddisfazione per le attuali capacità del modello di "
    "linguaggio di grandi dimensioni (LLM) di DeepSeek."
)


def test_seed_some_sources_is_an_attributed_claim():
    found, kind = analyse(SEED_SOURCES, "it")
    assert found["attribution"] == ["Secondo alcune fonti"]
    assert found["entities"] == ["DeepSeek", "R2", "Cina"]
    assert found["numbers"] == []
    assert kind == "quote"


def test_seed_conditional_is_a_hedge_and_codes_are_entities_not_numbers():
    found = signals(SEED_H20, "it")
    assert found["hedges"] == ["sarebbe"]
    assert found["entities"][:4] == ["GPU", "NVIDIA", "H20", "AI"]
    assert "R1" in found["entities"] and "R2" in found["entities"]
    assert found["numbers"] == []


def test_seed_hypothesis_is_hedged_and_attributed():
    found = signals(SEED_HYPOTHESIS, "it")
    assert found["hedges"] == ["si era ipotizzato"]
    assert found["attribution"] == ["In precedenti dichiarazioni"]
    assert found["quotes"] == ["società fantasma"]
    assert found["entities"] == ["DeepSeek", "Asia"]


def test_seed_rental_price_is_a_statistic_in_dollars_per_hour():
    found, kind = analyse(SEED_RENTAL, "it")
    assert numbers(SEED_RENTAL, "it") == [("6 dollari l'ora", 6.0, "USD/hour", "money")]
    assert found["entities"] == ["AI", "NVIDIA", "Cina", "Stati Uniti"]
    assert kind == "statistic"


def test_seed_evident_is_an_opinion():
    found, kind = analyse(SEED_EVIDENT, "it")
    assert kind == "opinion"
    assert found["entities"] == ["IA", "Cina"]


def test_seed_uncertainty_deriving_from_difficulties_is_causal():
    found, kind = analyse(SEED_UNCERTAINTY, "it")
    assert kind == "causal"
    assert found["entities"] == ["CSP"]


def test_seed_report_of_the_information_is_one_attribution_phrase():
    found = signals(SEED_REPORT, "it")
    assert found["attribution"] == ["Un rapporto di The Information rileva", "ha espresso"]
    assert found["entities"][:2] == ["The Information", "Liang Wenfeng"]


def test_seed_article_runs_whole():
    with open("seeds/000_82384b93ff9f2906.txt", encoding="utf-8") as seed:
        lines = [line.strip() for line in seed if line.strip()]
    results = analyse_many(lines, "it")
    assert len(results) == len(lines)
    assert all(kind in CLAIM_TYPES for _, kind in results)


# --- shape of the result -------------------------------------------------------------------


def test_signals_have_exactly_the_five_lists_and_serialise_to_json():
    found, kind = analyse(SEED_RENTAL, "it")
    assert list(found) == KEYS
    assert all(isinstance(found[key], list) for key in KEYS)
    assert kind in CLAIM_TYPES
    assert json.loads(json.dumps(found)) == found
    assert set(found["numbers"][0]) == {"text", "value", "unit", "kind"}


def test_claim_types_are_the_published_tuple():
    assert CLAIM_TYPES == ("statistic", "quote", "causal", "comparison", "prediction", "opinion", "other")


def test_lists_have_no_duplicates_and_keep_order_of_appearance():
    found = signals(
        "NVIDIA e Huawei: NVIDIA vende, Huawei compra; sarebbe, forse, sarebbe forse il 5% e poi il 5% e l'8%.", "it"
    )
    assert found["entities"] == ["NVIDIA", "Huawei"]
    assert found["hedges"] == ["sarebbe", "forse"]
    assert [n["text"] for n in found["numbers"]] == ["5%", "8%"]


def test_hedges_keep_order_across_conditionals_and_phrases():
    found = signals("Forse il governo avrebbe già deciso, ma pare che costerebbe troppo.", "it")
    assert found["hedges"] == ["Forse", "avrebbe", "pare", "costerebbe"]


def test_analyse_many_matches_analyse_one_by_one():
    sentences = [
        SEED_SOURCES,
        SEED_H20,
        SEED_RENTAL,
        "",
        "According to Reuters, 5% fell.",
        "Secondo l'Istat il Pil cresce dell’1,2% entro il 2030.",
    ]
    for lang in ("it", "en", "fr"):
        assert analyse_many(sentences, lang) == [analyse(s, lang) for s in sentences]


def test_analyse_many_leaves_the_garbage_collector_as_it_found_it():
    assert gc.isenabled()
    analyse_many([SEED_SOURCES] * 3, "it")
    assert gc.isenabled()
    gc.disable()
    try:
        analyse_many([SEED_SOURCES], "it")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_analyse_many_reenables_the_collector_when_a_sentence_is_not_text():
    with pytest.raises(TypeError):
        analyse_many([SEED_SOURCES, None], "it")
    assert gc.isenabled()


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, lang, expected",
    [
        ("Un investimento da 1.5 miliardi di euro.", "it", ("1.5 miliardi di euro", 1.5e9, "EUR", "money")),
        ("L'inflazione è al 3,5%.", "it", ("3,5%", 3.5, "%", "percent")),
        ("Costa 2.300,50 euro.", "it", ("2.300,50 euro", 2300.5, "EUR", "money")),
        ("Il titolo sale del +4,2% oggi.", "it", ("+4,2%", 4.2, "%", "percent")),
        ("Le vendite scendono del -3% a marzo.", "it", ("-3%", -3.0, "%", "percent")),
        ("Un accordo da $1.5bn firmato ieri.", "en", ("$1.5bn", 1.5e9, "USD", "money")),
        ("About 5,000 people attended.", "en", ("5,000", 5000.0, "", "count")),
        ("Some 23 million Americans use chatbots.", "en", ("23 million", 23e6, "", "count")),
        ("Prices rose by a 15- percent margin.", "en", ("15- percent", 15.0, "%", "percent")),
        ("Il voto è fissato per il 3 marzo 2024.", "it", ("3 marzo 2024", "2024-03-03", "", "date")),
        ("The vote is on March 3, 2024 in Ohio.", "en", ("March 3, 2024", "2024-03-03", "", "date")),
        ("Dal 1° gennaio cambia tutto.", "it", ("1° gennaio", "--01-01", "", "date")),
        ("It happened on 3rd of March, 2024.", "en", ("3rd of March, 2024", "2024-03-03", "", "date")),
        ("Nel marzo 2024 la crisi.", "it", ("marzo 2024", "2024-03", "", "date")),
        ("Nel 2024 la crisi.", "it", ("2024", 2024.0, "", "year")),
        ("Il salario minimo è di 10 mila euro.", "it", ("10 mila euro", 1e4, "EUR", "money")),
        ("Il Pil cala di 5 punti percentuali.", "it", ("5 punti percentuali", 5.0, "pp", "percent")),
        ("La crescita è del 2 per cento.", "it", ("2 per cento", 2.0, "%", "percent")),
        ("Lavorano 1.500 persone.", "it", ("1.500", 1500.0, "", "count")),
        ("Growth was 1.500 times faster.", "en", ("1.500 times", 1.5, "times", "quantity")),
        ("Shares fell 6.9% on Wednesday.", "en", ("6.9%", 6.9, "%", "percent")),
        ("It costs $6 an hour.", "en", ("$6 an hour", 6.0, "USD/hour", "money")),
        ("A 5 million dollars a year contract.", "en", ("5 million dollars a year", 5e6, "USD/year", "money")),
        ("Il debito vale 1.000.000 di euro.", "it", ("1.000.000 di euro", 1e6, "EUR", "money")),
        ("The 21st century began.", "en", ("21st", 21.0, "", "ordinal")),
        ("It was 25°C in Rome.", "en", ("25°C", 25.0, "°C", "quantity")),
        ("Chips made at 7nm.", "en", ("7nm", 7.0, "nm", "quantity")),
        ("Un impianto da 100 MW.", "it", ("100 MW", 100.0, "MW", "quantity")),
        ("Una centrale da 2,5 GWh.", "it", ("2,5 GWh", 2.5, "GWh", "quantity")),
        ("A $50k bonus.", "en", ("$50k", 5e4, "USD", "money")),
        ("A €3m fine.", "en", ("€3m", 3e6, "EUR", "money")),
        ("A US$ 5 million loan.", "en", ("US$ 5 million", 5e6, "USD", "money")),
        ("Il prezzo è di 3 euro al chilo.", "it", ("3 euro al chilo", 3.0, "EUR/kg", "money")),
        ("Un aumento dell’8% annuo.", "it", ("8%", 8.0, "%", "percent")),
        ("Sono 300 gli sfollati.", "it", ("300", 300.0, "", "count")),
        ("Il 1,1 miliardi stanziati.", "it", ("1,1 miliardi", 1.1e9, "", "count")),
    ],
)
def test_it_reads_each_number_format(sentence, lang, expected):
    assert numbers(sentence, lang)[0] == expected


@pytest.mark.parametrize(
    "sentence, lang, value",
    [
        ("03/04/2024", "it", "2024-04-03"),  # day first
        ("03/04/2024", "en", "2024-03-04"),  # month first
        ("2024-03-03", "en", "2024-03-03"),
        ("25/12/24", "it", "2024-12-25"),
    ],
)
def test_it_reads_numeric_dates_by_convention(sentence, lang, value):
    assert find_numbers(sentence, lang) == [{"text": sentence, "value": value, "unit": "", "kind": "date"}]


@pytest.mark.parametrize(
    "raw, lang, value",
    [
        ("1.500", "it", 1500.0),
        ("1.500", "en", 1.5),
        ("1.500", "fr", 1500.0),
        ("5,000", "en", 5000.0),
        ("5,000", "it", 5.0),
        ("3,5", "en", 3.5),
        ("3.5", "it", 3.5),
        ("2,300.50", "en", 2300.5),
        ("2.300,50", "en", 2300.5),
        ("1,000,000", "it", 1e6),
        ("1\u00a0000", "fr", 1000.0),
        ("1\u202f000", "it", 1000.0),
    ],
)
def test_decimal_conventions_follow_the_language(raw, lang, value):
    assert find_numbers(f"vale {raw} in tutto", lang)[0]["value"] == value


@pytest.mark.parametrize(
    "sentence",
    [
        "Le GPU H20 di NVIDIA e il modello R2.",
        "Il modello R1 e il GPT-4 di OpenAI.",
        "Dopo il COVID-19 l'F-35 e l'A380 volano meno.",
        "Reti 5G e schermi 4K, stampa 3D.",
        "The new Boeing 737 and Windows 11.",
    ],
)
def test_product_and_model_codes_are_not_numbers(sentence):
    assert signals(sentence, "it")["numbers"] == []
    assert signals(sentence, "en")["numbers"] == []


def test_product_codes_are_entities():
    found = signals("GPU NVIDIA H20 e modelli R2, GPT-4, COVID-19, F-35, A380.", "it")
    assert {"H20", "R2", "GPT-4", "COVID-19", "F-35", "A380"} <= set(found["entities"])


def test_a_range_of_years_is_two_years_not_a_negative_number():
    assert numbers("Nel periodo 2023-2024 il dato.", "it") == [
        ("2023", 2023.0, "", "year"),
        ("2024", 2024.0, "", "year"),
    ]


def test_a_dash_between_words_is_not_a_sign():
    assert numbers("Prezzi - 5% in un anno.", "it") == [("5%", 5.0, "%", "percent")]


def test_may_the_verb_is_not_a_month_and_may_the_month_is_not_a_hedge():
    assert numbers("These 2 may differ.", "en") == [("2", 2.0, "", "count")]
    assert signals("He talked about the plan in May 2024.", "en")["hedges"] == []
    assert numbers("He talked about the plan in May 2024.", "en") == [("May 2024", "2024-05", "", "date")]


def test_numbers_after_brackets_quotes_and_elisions_are_found():
    assert [n[0] for n in numbers("(3,5%) e «5 euro», l’8% e “12 anni”.", "it")] == ["3,5%", "5 euro", "8%", "12 anni"]


def test_find_numbers_alone_searches_the_sentence():
    assert [n["text"] for n in find_numbers("H20, US$6 e 7%", "it")] == ["US$6", "7%"]


# --- entities ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, lang, expected",
    [
        ("La Banca d'Italia e la Banca d’Italia concordano.", "it", ["Banca d'Italia", "Banca d’Italia"]),
        ("Lo ha detto il Presidente della Repubblica ieri.", "it", ["Presidente della Repubblica"]),
        ("It was a study by the University of Texas.", "en", ["University of Texas"]),
        ("It was in the New York Times today.", "en", ["New York Times"]),
        ("Gli Stati Uniti e la Cina trattano.", "it", ["Stati Uniti", "Cina"]),
        ("I dati dell'Istat e dell’Eurostat.", "it", ["Istat", "Eurostat"]),
        ("Un rapporto di The Information rileva.", "it", ["The Information"]),
        ("L’amministratore delegato Liang Wenfeng parla.", "it", ["Liang Wenfeng"]),
        ("Il caso di DeepSeek della Cina.", "it", ["DeepSeek", "Cina"]),
        ("Il viaggio negli Stati Uniti d'America.", "it", ["Stati Uniti d'America"]),
        ("Sources close to the U.S. Treasury spoke.", "en", ["U.S.", "Treasury"]),
    ],
)
def test_entities_join_names_across_connectors_and_apostrophes(sentence, lang, expected):
    assert signals(sentence, lang)["entities"] == expected
    assert find_entities(sentence) == expected


@pytest.mark.parametrize(
    "sentence, lang",
    [
        ("Il governo ha deciso.", "it"),
        ("La decisione è presa.", "it"),
        ("Questo obiettivo è chiaro.", "it"),
        ("Secondo me è giusto.", "it"),
        ("The decision was taken.", "en"),
        ("In the end it worked.", "en"),
        ("However, nothing changed.", "en"),
        ("Tuttavia, niente cambia.", "it"),
        ("L’acceleratore è fermo.", "it"),
        ("Impatto dei controlli sulle esportazioni.", "it"),
        ("Renting an office costs more.", "en"),
        ("Lunedì e Martedì piove.", "it"),
        ("March and April were wet.", "en"),
        ("Pare che piova.", "it"),
        ("Penso che piova.", "it"),
        ("Cresce l’inflazione.", "it"),
    ],
)
def test_common_capitalised_openers_months_and_days_are_not_entities(sentence, lang):
    assert signals(sentence, lang)["entities"] == []


def test_a_name_opening_the_sentence_is_kept():
    assert signals("Huawei ha detto di no.", "it")["entities"] == ["Huawei"]
    assert signals("DeepSeek ha incontrato ostacoli.", "it")["entities"] == ["DeepSeek"]
    assert signals("The European Union agreed.", "en")["entities"] == ["European Union"]
    assert signals("Secondo Reuters, la Cina cresce.", "it")["entities"] == ["Reuters", "Cina"]


def test_names_swallowed_by_an_attribution_are_still_entities():
    found = signals("Secondo l'Istat, il Pil cresce; secondo Reuters, no.", "it")
    assert found["entities"] == ["Istat", "Pil", "Reuters"]
    assert found["attribution"] == ["Secondo l'Istat", "secondo Reuters"]


# --- attribution ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Secondo alcune fonti, il progetto è fermo.", ["Secondo alcune fonti"]),
        ("Il progetto, secondo il New York Times, è fermo.", ["secondo il New York Times"]),
        ("Il ministro ha dichiarato che è finita.", ["ha dichiarato"]),
        ("Il ministro ha detto che è finita.", ["ha detto"]),
        ("Il ministro ha affermato che è finita.", ["ha affermato"]),
        ("I ministri hanno spiegato che è finita.", ["hanno spiegato"]),
        ("L'agenzia riferisce che è finita.", ["riferisce"]),
        ("Il quotidiano riporta che è finita.", ["riporta"]),
        ("L'indagine rileva che è finita.", ["rileva"]),
        ("Fonti vicine al governo dicono di no.", ["Fonti vicine al governo"]),
        ("Stando alle stime, è finita.", ["Stando alle stime"]),
        ("Come riportato da Reuters, è finita.", ["Come riportato da Reuters"]),
        ("A detta degli esperti è finita.", ["A detta degli esperti"]),
        ("In precedenti dichiarazioni aveva negato.", ["In precedenti dichiarazioni", "aveva negato"]),
        ("Il capo ha espresso dubbi.", ["ha espresso"]),
        ("Secondo quanto riportato dal Corriere, è finita.", ["Secondo quanto riportato dal Corriere"]),
    ],
)
def test_italian_attribution_phrases(sentence, expected):
    assert signals(sentence, "it")["attribution"] == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("According to Reuters, the deal is off.", ["According to Reuters"]),
        ("The deal is off, the minister said.", ["said"]),
        ("The minister says the deal is off.", ["says"]),
        ("She told reporters the deal is off.", ["told"]),
        ("The BBC reported that the deal is off.", ["reported"]),
        ("The deal is reportedly off.", ["reportedly"]),
        ("Sources say the deal is off.", ["Sources say"]),
        ("A report by Bloomberg found the deal is off.", ["A report by Bloomberg"]),
        ("He claimed the deal is off.", ["claimed"]),
        ("The company stated that the deal is off.", ["stated"]),
        ("The company announced the deal is off.", ["announced"]),
    ],
)
def test_english_attribution_phrases(sentence, expected):
    assert signals(sentence, "en")["attribution"] == expected


def test_secondo_as_an_ordinal_is_not_an_attribution():
    assert signals("Il secondo trimestre è stato positivo.", "it")["attribution"] == []


def test_typographic_and_ascii_apostrophes_read_alike():
    ascii_found = signals("Secondo l'Istat, all'incirca l'8% dell'Italia.", "it")
    curly_found = signals("Secondo l’Istat, all’incirca l’8% dell’Italia.", "it")
    assert ascii_found["hedges"] == ["all'incirca"]
    assert curly_found["hedges"] == ["all’incirca"]
    assert [n["value"] for n in ascii_found["numbers"]] == [n["value"] for n in curly_found["numbers"]] == [8.0]
    assert ascii_found["entities"] == curly_found["entities"] == ["Istat", "Italia"]


# --- hedges --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Il piano sarebbe pronto.", ["sarebbe"]),
        ("I piani sarebbero pronti.", ["sarebbero"]),
        ("Il ministro avrebbe firmato.", ["avrebbe"]),
        ("I ministri avrebbero firmato.", ["avrebbero"]),
        ("Il piano potrebbe fallire.", ["potrebbe"]),
        ("Il piano costerebbe troppo.", ["costerebbe"]),
        ("Si era ipotizzato un accordo.", ["Si era ipotizzato"]),
        ("Si ipotizza un accordo.", ["Si ipotizza"]),
        ("Pare che sia finita.", ["Pare"]),
        ("Sembra che sia finita.", ["Sembra"]),
        ("Sembrerebbe finita.", ["Sembrerebbe"]),
        ("Il presunto colpevole e la presunta vittima.", ["presunto", "presunta"]),
        ("È presumibilmente finita, probabilmente ieri, forse.", ["presumibilmente", "probabilmente", "forse"]),
        ("Sono circa mille.", ["circa"]),
        ("Secondo indiscrezioni è finita.", ["Secondo indiscrezioni"]),
        ("La notizia non confermata circola.", ["non confermata"]),
    ],
)
def test_italian_hedges(sentence, expected):
    assert signals(sentence, "it")["hedges"] == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The deal was reportedly signed.", ["reportedly"]),
        ("He allegedly signed the alleged deal.", ["allegedly", "alleged"]),
        ("The deal may fail.", ["may"]),
        ("The deal might fail.", ["might"]),
        ("The deal could fail.", ["could"]),
        ("The deal appears to fail.", ["appears to"]),
        ("The deal seems dead.", ["seems"]),
        ("The deal is reported to be dead.", ["reported to be"]),
        ("It is believed the deal is dead.", ["It is believed"]),
        ("The rumoured deal is unconfirmed.", ["rumoured", "unconfirmed"]),
        ("About 500 people and roughly 12% came, nearly half.", ["About", "roughly", "nearly"]),
    ],
)
def test_english_hedges(sentence, expected):
    assert signals(sentence, "en")["hedges"] == expected


def test_about_is_an_approximation_only_before_a_quantity():
    assert signals("They talked about the plan.", "en")["hedges"] == []


def test_reportedly_is_both_attribution_and_hedge():
    found = signals("The deal was reportedly signed.", "en")
    assert found["attribution"] == found["hedges"] == ["reportedly"]


# --- quotes --------------------------------------------------------------------------------


def test_quotes_in_all_three_styles():
    found = signals('«Non ci sono soldi», disse; “Basta così” e "Mai più".', "it")
    assert found["quotes"] == ["Non ci sono soldi", "Basta così", "Mai più"]


def test_an_unclosed_quotation_mark_quotes_nothing():
    assert signals("Disse «non ci sono soldi e se ne andò.", "it")["quotes"] == []


# --- claim types ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, lang, expected",
    [
        ("Secondo me il governo sbaglia.", "it", "opinion"),
        ("Penso che sia una follia.", "it", "opinion"),
        ("È una vergogna.", "it", "opinion"),
        ("A mio avviso la legge è sbagliata.", "it", "opinion"),
        ("I think the plan is wrong.", "en", "opinion"),
        ("Sales, I think, will rise.", "en", "opinion"),
        ("In my opinion the plan is wrong.", "en", "opinion"),
        ("This is ridiculous.", "en", "opinion"),
        ("It's clear that the plan failed.", "en", "opinion"),
        ("Il governo approverà la riforma.", "it", "prediction"),
        ("Si prevede che i prezzi saliranno.", "it", "prediction"),
        ("Il governo dovrebbe approvare la legge in autunno.", "it", "prediction"),
        ("La riforma sarà approvata entro il 2099.", "it", "prediction"),
        ("The economy will grow next year.", "en", "prediction"),
        ("Prices are expected to rise.", "en", "prediction"),
        ("The plant is set to close by 2099.", "en", "prediction"),
        ("La disoccupazione è al 7,5%.", "it", "statistic"),
        ("Unemployment fell to 3.5% in May.", "en", "statistic"),
        ("Il debito vale 2.300 miliardi di euro.", "it", "statistic"),
        ("L'Italia è più grande della Grecia.", "it", "comparison"),
        ("I prezzi sono alti rispetto al passato.", "it", "comparison"),
        ("China is bigger than Japan.", "en", "comparison"),
        ("It is the largest lake in Europe.", "en", "comparison"),
        ("Il treno è in ritardo a causa della neve.", "it", "causal"),
        ("La crisi deriva dal calo delle vendite.", "it", "causal"),
        ("The flight was cancelled because of the storm.", "en", "causal"),
        ("The drought led to higher prices.", "en", "causal"),
        ("Il ministro ha dichiarato che la misura è necessaria.", "it", "quote"),
        ("«Non ci sono soldi per tutti», ha detto il sindaco.", "it", "quote"),
        ("The minister said the policy was necessary.", "en", "quote"),
        ('"We will not back down on this" was the reply.', "en", "quote"),
        ("La riunione si è svolta a Roma.", "it", "other"),
        ("The meeting took place in London.", "en", "other"),
    ],
)
def test_claim_type_of_each_kind_in_both_languages(sentence, lang, expected):
    assert claim_type(sentence, lang) == expected


def test_a_number_makes_a_statistic_even_when_attributed_or_compared():
    assert claim_type("Secondo l'Istat il Pil è cresciuto dello 0,4%.", "it") == "statistic"
    assert claim_type("Sales were 5% higher than last year.", "en") == "statistic"


def test_an_explicit_opinion_wins_over_a_number():
    assert claim_type("È evidente che il 40% degli italiani ha ragione.", "it") == "opinion"


def test_evaluative_words_with_attribution_are_a_quote_not_an_opinion():
    assert claim_type("The plan is ridiculous, the minister said.", "en") == "quote"


def test_scare_quotes_around_a_name_do_not_make_a_quote():
    assert claim_type("Il modello “R2” arriva a Pechino.", "it") == "other"


def test_a_year_or_a_date_alone_is_not_a_statistic():
    assert claim_type("Nel 2024 il governo è caduto.", "it") == "other"
    assert claim_type("The law passed on March 3, 2024.", "en") == "other"


def test_a_deadline_in_the_past_is_not_a_prediction():
    assert claim_type("The plant closed by 2010.", "en") == "other"


def test_other_languages_use_both_lexicons():
    found, kind = analyse("Secondo Reuters the deal reportedly failed.", "de")
    assert found["attribution"] == ["Secondo Reuters", "reportedly"]
    assert kind == "quote"


# --- robustness ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "",
        " ",
        "\t",
        ".",
        "«",
        "“",
        '"',
        "$",
        "€ $ £ ¥",
        "+",
        "-",
        "l'",
        "dell’",
        "È",
        "İstanbul 5%",
        "😀 DeepSeek 🚀 costa 5€ 😀",
        "الأسعار ارتفعت 5%",
        "Ünïcödé Çàsé ẞtraße 3,5%",
        "e\u0301 combining marks 5 km",
        "zero\u200bwidth\u200djoin 7%",
        "\u202eRTL override 2024",
        "9" * 1000,
        "1." * 500,
        "1,2,3,4,5",
        "(((((",
        "«»«»«»",
        "secondo",
        "ha",
        "the",
        "May",
    ],
)
def test_odd_input_never_raises(sentence):
    for lang in ("it", "en", ""):
        found, kind = analyse(sentence, lang)
        assert list(found) == KEYS and kind in CLAIM_TYPES
        json.dumps(found)


def test_a_length_changing_capital_keeps_indexes_right():
    found = signals("İstanbul ha il 5% in più, secondo Reuters.", "it")
    assert [n["text"] for n in found["numbers"]] == ["5%"]
    assert found["attribution"] == ["secondo Reuters"]


@pytest.mark.parametrize(
    "unit",
    [
        "Secondo alcune fonti, NVIDIA H20 costa 6 dollari l'ora, «forse» il 3,5% in più. ",
        "Banca d'Italia della Presidente della Repubblica di Stati Uniti ",
        "Ab Cd Ef Gh ",
        "sarebbe sarebbe sarà ",
        '“«"(',
        "1.2,3 4.5,6 ",
    ],
)
def test_a_100_kb_sentence_is_analysed_in_reasonable_time(unit):
    sentence = unit * (100_000 // len(unit) + 1)
    started = time.perf_counter()
    for lang in ("it", "en"):
        found, kind = analyse(sentence, lang)
        assert kind in CLAIM_TYPES
        for key in KEYS:
            values = [json.dumps(v, sort_keys=True) for v in found[key]]
            assert len(values) == len(set(values))
    assert time.perf_counter() - started < 5
