"""Cleaning: page furniture goes, prose that resembles it stays."""

import pytest

from claims.extraction.blocks import HEADING, Block, text_to_blocks
from claims.extraction.clean import clean_blocks, is_boilerplate, strip_footnote_marker
from claims.extraction.markdown import markdown_to_blocks

BOILERPLATE = [
    "Fonte e immagini",
    "Lascia un commento",
    "Il tuo indirizzo email non sarà pubblicato. I campi obbligatori sono contrassegnati *",
    "Leggi anche: come funziona il nuovo bonus",
    "Condividi su Facebook",
    "Share on Twitter",
    "Read more",
    "Sign up for our newsletter",
    "Iscriviti alla nostra newsletter per ricevere le notizie",
    "By John Smith",
    "Di Mario Rossi",
    "di Mario Rossi - 12 marzo 2024",
    "By Jane Doe | Reuters",
    "12 marzo 2024",
    "March 3, 2024 at 10:15 am",
    "Foto: ANSA",
    "Photo: Reuters/John Doe",
    "© 2024 Reuters",
    "Foto di Mario Rossi",
    "Copyright 2024 Gruppo Editoriale",
    "Tutti i diritti riservati",
    "Pubblicato il 12/03/2024 alle 10:15",
    "Fonte: Reuters",
    "Facebook Twitter WhatsApp",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Questo sito utilizza cookie tecnici e di profilazione.",
    "Accetta tutti",
    "Tempo di lettura: 4 minuti",
    "Your email address will not be published. Required fields are marked *",
    "Related articles",
    "Leave a Reply",
    "Posted March 3, 2026 | Updated 6:42 p.m. ET",
    "Pubblicato il 3 marzo 2026 alle 18:42 | Aggiornato alle 19:10",
    "Published 2 hours ago",
    "Aggiornato 35 minuti fa",
    "First published on Mon 2 Mar 2026 18.42 GMT",
    "Share on Twitter | Share on Facebook",
    "Condividi: Facebook · X · WhatsApp",
    "![Chart: UK household energy bills 2015-2026](https://example.com/chart.png)",
    "You are receiving this because you signed up for The Morning Briefing.",
    "Ricevi questa email perché sei iscritto alla newsletter del mattino.",
    "Unsubscribe | Manage preferences",
    "Inoltra questa email",
    "Story continues below advertisement",
]

PROSE = [
    "Secondo l'Istat il PIL è cresciuto.",
    "Di fronte a questa crisi, il governo ha agito.",
    "By 2030 the share will double.",
    "Share prices fell by 5% on Monday.",
    "Reading the report, one finds errors.",
    "Subscribers grew by 10% in 2024.",
    "Related companies reported losses.",
    "More from the budget went to defence.",
    "Di Maio ha detto che la legge passerà.",
    "By Monday, the bill had passed.",
    "Updated figures show unemployment at 5%.",
    "Foto di gruppo per i leader del G7 a Roma.",
    "Copyright law changed in 2019.",
    "Email is the main channel for 40% of firms.",
    "Fonte di preoccupazione è il debito pubblico, salito al 135% del PIL.",
    "Sponsored by the Treasury, the scheme has helped 38,000 first-time buyers.",
    "Pubblicato in Gazzetta Ufficiale, il decreto entra in vigore domani.",
    "Unsubscribe rates rose by 4% last year.",
    "Advertising spending rose by 12% last year.",
    "Published figures show 2 hours of waiting on average.",
    "Aggiornato il piano, il governo prevede 3 miliardi in più.",
]


@pytest.mark.parametrize("line", BOILERPLATE)
def test_page_furniture_is_boilerplate(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", PROSE)
def test_prose_that_resembles_furniture_is_kept(line):
    assert not is_boilerplate(line)


def test_the_seed_article_loses_its_title_repeat_credits_and_comment_form(seed_text):
    title, blocks = clean_blocks(text_to_blocks(seed_text))
    assert title.startswith("Impatto dei controlli sulle esportazioni di chip AI del presidente Trump")
    texts = [b.text for b in blocks]
    assert not any(t == title for t in texts)
    assert not any("Fonte e immagini" in t or "Lascia un commento" in t or "indirizzo email" in t for t in texts)
    assert texts[0].startswith("DeepSeek ha incontrato notevoli ostacoli")
    assert (
        "I servizi di noleggio di chip AI di NVIDIA in Cina sono molto più economici rispetto agli Stati Uniti, "
        "a partire da soli 6 dollari l'ora" in texts
    )


@pytest.mark.parametrize(
    "line,expected",
    [
        (
            "I servizi di noleggio costano molto meno, a partire da soli 6 dollari l'ora 1",
            "I servizi di noleggio costano molto meno, a partire da soli 6 dollari l'ora",
        ),
        (
            "Il premier Meloni stringe la mano al presidente francese a Parigi ²",
            "Il premier Meloni stringe la mano al presidente francese a Parigi",
        ),
        ("Capitolo 3", "Capitolo 3"),
        ("I dipendenti dell'azienda sono saliti a quota 12", "I dipendenti dell'azienda sono saliti a quota 12"),
        (
            "Le migliori dieci città europee per qualità della vita: la Top 10",
            "Le migliori dieci città europee per qualità della vita: la Top 10",
        ),
        ("Il tasso è salito al 4,5 per cento nel 2024.", "Il tasso è salito al 4,5 per cento nel 2024."),
    ],
)
def test_footnote_markers_at_the_end_of_captions_go(line, expected):
    assert strip_footnote_marker(line) == expected


def test_comment_section_at_the_end_is_cut():
    text = (
        "Il governo ha approvato la manovra da 30 miliardi di euro.\n\n" * 5
        + "Lascia un commento\n\nMario ha scritto: sono tutti ladri, il PIL è crollato del 50%."
    )
    _, blocks = clean_blocks(text_to_blocks(text), title="Manovra")
    assert all("Mario" not in b.text for b in blocks)
    assert len(blocks) == 5


def test_html_page_title_with_site_name_matches_the_heading():
    blocks = [Block(HEADING, "Il PIL cresce dello 0,7%"), Block("paragraph", "L'Istat ha diffuso i dati ieri.")]
    title, kept = clean_blocks(blocks, title="Il PIL cresce dello 0,7% | Il Giornale")
    assert title == "Il PIL cresce dello 0,7%"
    assert [b.text for b in kept] == ["L'Istat ha diffuso i dati ieri."]


def test_markdown_headings_links_and_emphasis():
    blocks, links = markdown_to_blocks(
        "# Titolo\n\nIl **PIL** è cresciuto dello *0,7%* secondo [l'Istat](https://www.istat.it/comunicato).\n\n"
        "## Sottotitolo\n\n- primo punto della lista\n- secondo punto\n\n```\ncodice()\n```\n\n> Una citazione.\n"
    )
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Titolo"),
        ("paragraph", "Il PIL è cresciuto dello 0,7% secondo l'Istat."),
        ("heading", "Sottotitolo"),
        ("list", "primo punto della lista"),
        ("list", "secondo punto"),
        ("quote", "Una citazione."),
    ]
    assert links == ["https://www.istat.it/comunicato"]


def test_markdown_image_alt_text_is_dropped_and_the_caption_under_it_marked():
    blocks, _ = markdown_to_blocks(
        "Le bollette sono calate del 18,4% a febbraio.\n\n"
        "![Grafico: prezzo del gas 2015-2026](https://example.com/gas.png)\n\n"
        "*Le famiglie hanno pagato il gas il 18% in meno rispetto a gennaio.*\n\n"
        "*Un paragrafo in corsivo lontano dalle immagini.*\n"
    )
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "Le bollette sono calate del 18,4% a febbraio."),
        ("caption", "Le famiglie hanno pagato il gas il 18% in meno rispetto a gennaio."),
        ("paragraph", "Un paragrafo in corsivo lontano dalle immagini."),
    ]
