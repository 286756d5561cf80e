"""The whole pipeline on real-looking articles: what a reviewer sees as claims."""

import pytest

from claims.extraction.checkworthy import DEFAULT_THRESHOLD
from claims.extraction.errors import InputError
from claims.extraction.pipeline import extract
from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")

# Start of each factual body sentence of the seed article that must be a check-worthy claim.
SEED_CLAIMS = {
    "lead: DeepSeek's obstacles": "DeepSeek ha incontrato notevoli ostacoli nell’acquisizione dei chip AI",
    "H20 export restrictions": "Questo obiettivo ha spinto alla rapida attuazione di restrizioni all’esportazione",
    "impact on R2": "Le implicazioni di questi controlli hanno avuto un impatto negativo su DeepSeek",
    "The Information on Liang Wenfeng": "Un rapporto di The Information rileva che l’amministratore delegato Liang Wenfeng",
    "reduced inflow of accelerators": "Nonostante gli sforzi delle entità cinesi per aggirare queste restrizioni",
    "R1 and NVIDIA's market losses": "Dopo il successo del suo modello precedente, DeepSeek R1",
    "rental price": "I servizi di noleggio di chip AI di NVIDIA in Cina sono molto più economici",
    "no R2 timeline": "Secondo alcune fonti, DeepSeek non è attualmente in grado di stabilire una tempistica",
    "cause: CSPs' compute shortage": "Questa incertezza deriva dalle difficoltà dei fornitori di servizi di elaborazione",
    "H20 allocated to R1 customers": "Un numero considerevole di GPU NVIDIA H20 AI sul mercato interno sarebbe allocato",
    "army and shell companies": "In precedenti dichiarazioni, si era ipotizzato che DeepSeek avesse legami",
    "NVIDIA's missing solution": "NVIDIA non ha ancora fornito una soluzione praticabile per il mercato interno",
}
NOT_CLAIMS = [
    "Impatto dei controlli sulle esportazioni statunitensi sulla disponibilità",  # sub-heading
    "Fonte e immagini",
    "Lascia un commento",
    "Il tuo indirizzo email non sarà pubblicato",
    "I campi obbligatori sono contrassegnati",
]


@pytest.fixture(scope="module")
def seed_result():
    return extract(SEED_TEXT)


def _find(result, start):
    found = [c for c in result.claims if c.text.startswith(start)]
    assert len(found) == 1, f"{start!r}: {[c.text[:60] for c in result.claims]}"
    return found[0]


@pytest.mark.parametrize("label", list(SEED_CLAIMS))
def test_every_factual_sentence_of_the_seed_is_a_checkworthy_claim(seed_result, label):
    claim = _find(seed_result, SEED_CLAIMS[label])
    assert claim.checkworthy, (claim.text, claim.score, claim.reason)
    assert claim.score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_headings_and_page_furniture_are_not_claims(seed_result, text):
    assert not any(text in c.text for c in seed_result.claims)


def test_the_title_is_the_first_claim_as_a_headline_and_never_a_body_sentence(seed_result):
    title = "Impatto dei controlli sulle esportazioni di chip AI del presidente Trump"
    headline, *body = seed_result.claims
    assert headline.type == "headline" and headline.text == seed_result.title and headline.position == 0
    assert seed_result.cleaned_text.startswith(headline.text + "\n\n")  # once, not twice
    assert seed_result.cleaned_text.count(title) == 1
    assert not any(title in c.text for c in body)
    assert "mismatch" in headline.signals and all("mismatch" not in c.signals for c in body)


def test_the_rental_price_claim_loses_the_caption_footnote(seed_result):
    claim = _find(seed_result, SEED_CLAIMS["rental price"])
    assert claim.text.endswith("a partire da soli 6 dollari l'ora")
    assert [n["value"] for n in claim.signals["numbers"]] == [6.0]


def test_the_glued_opinion_is_its_own_sentence_and_not_a_claim(seed_result):
    opinion = _find(seed_result, "È evidente che i controlli sulle esportazioni statunitensi")
    before = _find(seed_result, SEED_CLAIMS["H20 allocated to R1 customers"])
    assert before.text.endswith("limitata disponibilità di acceleratori.")
    assert opinion.type == "opinion" or opinion.score < DEFAULT_THRESHOLD
    assert not opinion.checkworthy


def test_seed_title_language_spans_and_order(seed_result):
    assert seed_result.language == "it"
    assert seed_result.title.startswith("Impatto dei controlli sulle esportazioni di chip AI del presidente Trump")
    starts = [c.start for c in seed_result.claims]
    assert starts == sorted(starts)
    assert [c.position for c in seed_result.claims] == list(range(len(seed_result.claims)))
    for claim in seed_result.claims:
        assert seed_result.cleaned_text[claim.start : claim.end] == claim.text


def test_seed_signals_attribution_and_hedges(seed_result):
    assert "Secondo alcune fonti" in _find(seed_result, SEED_CLAIMS["no R2 timeline"]).signals["attribution"]
    assert "sarebbe" in _find(seed_result, SEED_CLAIMS["H20 allocated to R1 customers"]).signals["hedges"]
    assert "si era ipotizzato" in _find(seed_result, SEED_CLAIMS["army and shell companies"]).signals["hedges"]
    lead = _find(seed_result, SEED_CLAIMS["The Information on Liang Wenfeng"])
    assert {"The Information", "Liang Wenfeng", "DeepSeek"} <= set(lead.signals["entities"])


def _page(body_html: str) -> str:
    return f"""<!doctype html><html><head><title>Chip AI e DeepSeek | TechSite</title>
    <script>window.evil = function(){{ alert('x') }}</script><style>body {{ color: red }}</style></head><body>
    <div id="cookie-banner">Questo sito utilizza cookie. <button>Accetta</button></div>
    <nav><ul><li><a href="/">Home</a></li><li><a href="/tech">Tecnologia</a></li></ul></nav>
    <article><h1>Chip AI e DeepSeek</h1><div class="share">Condividi su Facebook · Condividi su Twitter</div>
    {body_html}
    <p>Fonte e immagini</p></article>
    <aside><h3>Articoli correlati</h3><ul><li><a href="/a">Nvidia presenta la nuova GPU per i data center</a></li></ul></aside>
    <div id="comments"><h3>Lascia un commento</h3><form><p>Il tuo indirizzo email non sarà pubblicato.</p>
    <textarea></textarea></form><div class="comment"><p>Mario: gli americani hanno rubato 3 miliardi.</p></div></div>
    <footer>© 2025 TechSite S.r.l. Tutti i diritti riservati.</footer></body></html>"""


def test_an_html_page_keeps_the_article_and_drops_the_furniture():
    paragraphs = [p for p in SEED_TEXT.split("\n\n")[2:-3]]
    body = "\n".join(f"<h2>{p}</h2>" if i == 1 else f"<p>{p}</p>" for i, p in enumerate(paragraphs))
    result = extract(_page(body))
    assert result.title == "Chip AI e DeepSeek"
    texts = " ".join(c.text for c in result.claims)
    for start in SEED_CLAIMS.values():
        assert start in texts
    for junk in (
        "Home",
        "Tecnologia",
        "cookie",
        "Condividi",
        "Nvidia presenta",
        "Mario",
        "TechSite",
        "alert",
        "color: red",
        "Fonte e immagini",
    ):
        assert junk not in result.cleaned_text, junk


def test_an_english_article():
    text = (
        "Unemployment Falls to Record Low\n\n"
        "By Jane Smith\n\n"
        "WASHINGTON (Reuters) - The U.S. unemployment rate fell to 3.4% in January, the lowest since 1969, "
        "the Labor Department said on Friday. Employers added 517,000 jobs, far more than the 185,000 "
        "economists had expected. What does it mean for the Fed? I think the economy is doing great. "
        "Sign up for our newsletter to get the latest news.\n\n"
        "Share on Twitter\n\nRead more"
    )
    result = extract(text)
    assert result.language == "en"
    assert result.title == "Unemployment Falls to Record Low"
    headline, *body = result.claims
    assert (headline.type, headline.text) == ("headline", "Unemployment Falls to Record Low")
    by_start = {c.text.split()[0]: c for c in body}
    assert body[0].text.startswith("The U.S. unemployment rate fell to 3.4% in January")
    assert body[0].checkworthy and body[0].type == "statistic"
    assert by_start["Employers"].checkworthy
    assert by_start["What"].reason == "question" and not by_start["What"].checkworthy
    assert by_start["I"].type == "opinion" and not by_start["I"].checkworthy
    assert by_start["Sign"].reason == "call to action"
    assert not any("Jane Smith" in c.text or "Share on" in c.text or "Read more" in c.text for c in result.claims)


def test_another_language_degrades_and_says_so():
    text = (
        "Le gouvernement a adopté hier soir la loi de finances pour 2025 avec 320 voix pour. "
        "Le déficit public atteindra 5,1 % du PIB selon le ministère de l'Économie."
    )
    result = extract(text)
    assert result.language == "fr"
    assert "fr" in result.language_note and "language-independent" in result.language_note
    assert len(result.claims) == 2


def test_language_can_be_forced():
    result = extract("Il governo ha approvato la legge con 300 voti.", lang="en")
    assert result.language == "en"


@pytest.mark.parametrize("text", ["", "   \n ", "Lascia un commento\n\nCondividi su Facebook"])
def test_nothing_to_extract_is_an_input_error(text):
    with pytest.raises(InputError):
        extract(text)


def test_a_headline_figure_the_body_gives_differently_is_flagged():
    result = extract(
        "# Bollette, calano del 18%\n\n"
        "## Il calo del prezzo del gas spinge giù le tariffe delle famiglie\n\n"
        "Le bollette del gas delle famiglie sono calate del 18,4% a febbraio, secondo l'Arera. "
        "La spesa media annua resta di 1.200 euro, il 3% in più del 2019.\n"
    )
    title, standfirst, *body = result.claims
    assert [title.type, standfirst.type] == ["headline", "headline"]
    assert standfirst.text == "Il calo del prezzo del gas spinge giù le tariffe delle famiglie"
    assert result.cleaned_text[standfirst.start : standfirst.end] == standfirst.text
    assert title.signals["mismatch"] == [
        {"headline": "18%", "body": "18,4%", "sentence": body[0].text},
    ]  # not the 3% of another quantity
    assert standfirst.signals["mismatch"] == []
    assert all(c.type != "headline" for c in body)


def test_a_headline_the_body_agrees_with_is_not_flagged():
    result = extract(
        "Energy bills to fall by 18% from April\n\n"
        "The regulator said energy bills will fall by 18% to £1,568 a year. Petrol rose 3.2% in March.\n"
    )
    assert result.claims[0].type == "headline" and result.claims[0].signals["mismatch"] == []


def test_a_headline_is_scored_like_any_sentence():
    result = extract(
        "Il governo taglia le tasse del 5% sui redditi più bassi\n\nIl consiglio dei ministri ha approvato ieri il decreto.\n"
    )
    headline = result.claims[0]
    assert headline.type == "headline" and headline.checkworthy and headline.score > 0.35
    question = extract(
        "Le bollette caleranno davvero?\n\nIl consiglio dei ministri ha approvato ieri il decreto.\n"
    ).claims[0]
    assert question.type == "headline" and not question.checkworthy and question.reason == "question"


def test_alt_text_is_never_a_claim_and_a_caption_only_when_it_states_something():
    result = extract(
        "# Bollette, calano del 18%\n\n"
        "Le bollette del gas delle famiglie sono calate del 18,4% a febbraio, secondo l'Arera.\n\n"
        "![Grafico: prezzo del gas in Italia 2015-2026](https://example.com/gas.png)\n\n"
        "*Le famiglie hanno pagato il gas il 18% in meno rispetto a gennaio.*\n\n"
        "![Il ministro dell'Ambiente](https://example.com/ministro.jpg)\n\n"
        "*Il ministro dell'Ambiente a Palazzo Chigi*\n\n"
        "Il calo, tuttavia, non riporta i prezzi ai livelli precedenti alla crisi.\n"
    )
    assert "Grafico" not in result.cleaned_text and "2015-2026" not in result.cleaned_text
    by_text = {c.text: c for c in result.claims}
    assert by_text["Le famiglie hanno pagato il gas il 18% in meno rispetto a gennaio."].type == "caption"
    assert not any("Palazzo Chigi" in c.text for c in result.claims)  # a label, like a heading
    assert "Il ministro dell'Ambiente a Palazzo Chigi" in result.cleaned_text
