"""Reference documents: the text editors uploaded, split into passages evidence search can quote."""

import io
import time
import zlib

import pytest

from claims.verification.documents import DocumentError, document_text, split_passages

IT_REPORT = (
    "Nel 2023 la spesa delle famiglie per l'energia è cresciuta del 12,4% rispetto all'anno precedente, "
    "secondo l'Istat. L'aumento più forte si è avuto nel Mezzogiorno, dove la spesa media mensile ha superato "
    "i 180 euro. Il Dott. Rossi, responsabile dell'indagine, ha spiegato che il dato comprende gas ed elettricità."
)
EN_REPORT = (
    "In 2023 household spending on energy rose by 12.4% compared with the previous year, according to the "
    "Office for National Statistics. The sharpest increase was in the North East, where the average monthly bill "
    "passed £180. Dr. Smith, who led the survey, said the figure includes gas and electricity."
)


# --- a real PDF, written by hand ----------------------------------------------------------------


def _pdf_string(text: str) -> bytes:
    return b"(" + text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(pages: list[list[str]], *, title: str = "", compress: bool = True) -> bytes:
    """A valid PDF 1.4: one Helvetica text line per string (WinAnsi, so Italian accents work),
    an xref table with exact offsets, and an optional /Title in the Info dictionary."""
    objects: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    pages_id = 2 + 2 * len(pages)  # font, then a content stream and a page per page, then the tree
    for lines in pages:
        ops = b"BT /F1 11 Tf 14 TL 72 760 Td\n" + b"".join(_pdf_string(line) + b" Tj T*\n" for line in lines) + b"ET"
        data, extra = (zlib.compress(ops), b" /Filter /FlateDecode") if compress else (ops, b"")
        objects.append(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), extra, data))
        objects.append(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 1 0 R >> >> "
            b"/Contents %d 0 R >>" % (pages_id, len(objects))
        )
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(len(pages)))
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)))
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    objects.append(b"<< /Title %s >>" % _pdf_string(title))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, len(objects) - 1, len(objects), xref)
    )
    return out.getvalue()


def encrypt(pdf: bytes, user_password: str, owner_password: str = "owner") -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password, owner_password, algorithm="RC4-128")  # RC4 needs no extra package
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


REPORT_PAGES = [
    [
        "Relazione sull'energia 2023",
        "",
        "La disponibilità di infor-",
        "mazione statistica sulla spesa delle famiglie è cresciuta nel",
        "2023, secondo i dati diffusi dall'Istat a marzo.",
        "Le città più colpite sono Milano e Roma.",
        "Istat — Relazione 2023",
        "1",
    ],
    [
        "Istat — Relazione 2023",
        "La spesa pubblica per i sussidi è aumentata del 3,4 per cento rispetto",
        "all'anno precedente e la tendenza prosegue anche nel primo trimestre",
        "del 2024. Il ministero ha confermato la stima.",
        "2",
    ],
    [
        "Istat — Relazione 2023",
        "Le famiglie con un reddito inferiore ai 15.000 euro hanno speso il",
        "9 per cento del reddito in bollette, contro il 4 per cento della media",
        "nazionale.",
        "Pagina 3 di 3",
    ],
]


def test_a_pdf_gives_its_text_in_paragraphs():
    doc = document_text(make_pdf(REPORT_PAGES, title="Microsoft Word - relazione_v3.docx"), filename="relazione.pdf")
    assert (doc.content_type, doc.pages, doc.language) == ("application/pdf", 3, "it")
    assert doc.title == "Relazione sull'energia 2023"  # the Word file name in /Title is no title
    assert doc.text.split("\n\n") == [
        "Relazione sull'energia 2023",
        "La disponibilità di informazione statistica sulla spesa delle famiglie è cresciuta nel 2023, "
        "secondo i dati diffusi dall'Istat a marzo.",
        "Le città più colpite sono Milano e Roma.",
        "La spesa pubblica per i sussidi è aumentata del 3,4 per cento rispetto all'anno precedente e la "
        "tendenza prosegue anche nel primo trimestre del 2024. Il ministero ha confermato la stima.",
        "Le famiglie con un reddito inferiore ai 15.000 euro hanno speso il 9 per cento del reddito in bollette, "
        "contro il 4 per cento della media nazionale.",
    ]  # page numbers and the running header are gone


def test_a_pdf_title_comes_from_its_metadata():
    doc = document_text(make_pdf([["Energy report", EN_REPORT[:80]]], title="ONS energy bulletin", compress=False))
    assert doc.title == "ONS energy bulletin"


def test_a_paragraph_running_over_a_page_break_is_joined():
    pages = [
        ["The survey covered 12,000 households in England and Wales and it found that"],
        ["spending on energy rose by 12.4% in 2023."],
    ]
    assert document_text(make_pdf(pages)).text == (
        "The survey covered 12,000 households in England and Wales and it found that "
        "spending on energy rose by 12.4% in 2023."
    )


def test_an_owner_password_only_pdf_opens_like_in_any_viewer():
    doc = document_text(encrypt(make_pdf(REPORT_PAGES), user_password=""))
    assert "informazione statistica" in doc.text


# --- text, Markdown, HTML ------------------------------------------------------------------------


def test_plain_text_hard_wrapped_at_72_columns_is_unwrapped():
    text = (
        "RELAZIONE ANNUALE\n\n"
        "Nel 2023 la spesa delle famiglie per l'energia è cresciuta del 12,4%\n"
        "rispetto all'anno precedente, secondo l'Istat. L'aumento più forte si è\n"
        "avuto nel Mezzogiorno, dove la spesa media mensile ha superato i 180\n"
        "euro. Il dato comprende gas ed elettricità e una stima dei consumi di\n"
        "legna da ardere nelle zone rurali.\n"
        "Il secondo paragrafo segue senza riga vuota ed è altrettanto lungo da\n"
        "occupare almeno due righe di testo.\n"
    )
    doc = document_text(text.encode("utf-8"), filename="relazione.txt")
    assert (doc.content_type, doc.title, doc.language, doc.pages) == ("text/plain", "RELAZIONE ANNUALE", "it", None)
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[1].startswith("Nel 2023 la spesa delle famiglie per l'energia è cresciuta del 12,4% rispetto")
    assert paragraphs[1].endswith("legna da ardere nelle zone rurali.")
    assert paragraphs[2] == (
        "Il secondo paragrafo segue senza riga vuota ed è altrettanto lungo da occupare almeno due righe di testo."
    )


def test_plain_text_with_a_paragraph_per_line_keeps_them_apart():
    doc = document_text(f"{IT_REPORT}\n{IT_REPORT}\n".encode("cp1252"))
    assert doc.text == f"{IT_REPORT}\n\n{IT_REPORT}"


def test_hyphenated_line_breaks_are_joined():
    text = (
        "La disponibilità di infor-\nmazione statistica sulla spesa delle fami-\n"
        "glie è cresciuta nel 2023 secondo l'Istat e l'Eurostat che hanno\npubblicato i dati."
    )
    doc = document_text(text.encode())
    assert doc.text == (
        "La disponibilità di informazione statistica sulla spesa delle famiglie è cresciuta nel "
        "2023 secondo l'Istat e l'Eurostat che hanno pubblicato i dati."
    )


def test_markdown_keeps_headings_and_lists():
    text = (
        "# Energy prices 2023\n\nIntro paragraph that is\nwrapped in the source file.\n\n"
        "The main findings:\n\n- bills rose by 12.4%\n- the North East was hit hardest\n\n"
        "```\ncode is not prose\n```\n\n## Method\n\nWe asked [12,000 households](https://ons.gov.uk/x).\n"
    )
    doc = document_text(text.encode(), filename="energy.md")
    assert (doc.content_type, doc.title, doc.language) == ("text/markdown", "Energy prices 2023", "en")
    assert doc.text.split("\n\n") == [
        "Energy prices 2023",
        "Intro paragraph that is wrapped in the source file.",
        "The main findings:",
        "bills rose by 12.4%\nthe North East was hit hardest",
        "Method",
        "We asked 12,000 households.",
    ]


def test_html_gives_the_main_content_without_the_page_furniture():
    page = f"""<!doctype html><html lang="en"><head><title>Energy bulletin | ONS</title></head><body>
      <nav><a href="/">Home</a> <a href="/about">About us</a></nav>
      <article><h1>Energy bulletin</h1><p>{EN_REPORT}</p><p>{EN_REPORT.replace("2023", "2024")}</p>
      <p>Source: ONS, Living Costs and Food Survey.</p></article>
      <footer>Cookie settings · Privacy · © ONS</footer></body></html>"""
    doc = document_text(page.encode(), content_type="text/html; charset=utf-8")
    assert doc.content_type == "text/html" and doc.language == "en"
    assert doc.title.startswith("Energy bulletin")
    assert EN_REPORT in doc.text
    assert "Source: ONS, Living Costs and Food Survey." in doc.text  # not boilerplate in a reference document
    assert "Cookie" not in doc.text and "About us" not in doc.text


def test_english_text_is_recognised():
    doc = document_text(f"{EN_REPORT}\n\n{EN_REPORT}".encode(), filename="ons.txt")
    assert (doc.language, doc.title) == ("en", "ons")


# --- refusals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data,kwargs,fragment",
    [
        (b"", {}, "empty"),
        (b" \n\t\r\n ", {}, "empty"),
        (b"x" * 101, {"max_bytes": 100}, "too large"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), {}, "PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), {"filename": "relazione.docx"}, "Office document"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", {}, "JPEG"),
        (bytes(range(256)) * 20, {}, "binary"),
        (b"Just text.", {"filename": "relazione.pdf"}, "not one"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", {}, "damaged"),
        (b"%PDF-1.4\n" + bytes(range(256)) * 50, {}, "damaged"),
    ],
)
def test_unusable_files_are_refused_in_one_line(data, kwargs, fragment):
    with pytest.raises(DocumentError) as exc:
        document_text(data, **kwargs)
    assert fragment in str(exc.value)
    assert "\n" not in str(exc.value)


def test_an_encrypted_pdf_is_refused():
    with pytest.raises(DocumentError, match="encrypted PDF") as exc:
        document_text(encrypt(make_pdf(REPORT_PAGES), user_password="segreta"))
    assert "\n" not in str(exc.value)


def test_a_truncated_pdf_is_refused_or_read_but_never_crashes():
    pdf = make_pdf(REPORT_PAGES)
    for cut in (len(pdf) // 4, len(pdf) // 2, len(pdf) - 40):
        try:
            doc = document_text(pdf[:cut])
        except DocumentError as exc:
            assert "\n" not in str(exc)
        else:
            assert doc.content_type == "application/pdf"


def test_a_pdf_without_text_is_refused():
    with pytest.raises(DocumentError, match="no text layer"):
        document_text(make_pdf([[], []]))


def test_page_and_character_caps(monkeypatch):
    from claims.verification import documents

    monkeypatch.setattr(documents, "MAX_PDF_PAGES", 2)
    with pytest.raises(DocumentError, match="3 pages; the limit is 2"):
        document_text(make_pdf(REPORT_PAGES))
    monkeypatch.setattr(documents, "MAX_PDF_PAGES", 2000)
    monkeypatch.setattr(documents, "MAX_PDF_CHARS", 200)
    with pytest.raises(DocumentError, match="more than 200 characters"):
        document_text(make_pdf(REPORT_PAGES))


# --- passages ------------------------------------------------------------------------------------


def assert_spans(text, passages):
    assert [p.position for p in passages] == list(range(len(passages)))
    for passage in passages:
        assert text[passage.start : passage.end] == passage.text
        assert passage.text == passage.text.strip()
    assert all(a.end <= b.start for a, b in zip(passages, passages[1:]))


@pytest.mark.parametrize("report,lang", [(IT_REPORT, "it"), (EN_REPORT, "en")])
def test_passages_pack_whole_sentences_of_one_paragraph(report, lang):
    text = f"{report} {report} {report}\n\n{report}"
    passages = split_passages(text, lang, target_chars=600, max_chars=1200)
    assert_spans(text, passages)
    assert len(passages) == 3  # ~900 characters of the first paragraph in two, the second alone
    first, second, third = passages
    assert first.text.startswith(report[:40]) and first.text.endswith(".")
    assert "\n\n" not in first.text and "\n\n" not in second.text
    assert third.text == report
    # Abbreviations do not end a sentence, so no passage starts with "Rossi," / "Smith,".
    assert not any(p.text.startswith(("Rossi", "Smith")) for p in passages)


def test_passages_stay_near_the_target_and_under_the_maximum():
    text = "\n\n".join(" ".join([IT_REPORT] * n) for n in (1, 2, 5, 11))
    passages = split_passages(text, "it", target_chars=600, max_chars=1200)
    assert_spans(text, passages)
    assert all(len(p.text) <= 1200 for p in passages)
    assert all(250 <= len(p.text) <= 900 for p in passages), [len(p.text) for p in passages]


def test_a_sentence_longer_than_the_maximum_is_cut_at_spaces():
    sentence = "La relazione elenca " + ", ".join(f"la voce numero {i} del bilancio" for i in range(200)) + "."
    passages = split_passages(sentence, "it", target_chars=600, max_chars=1200)
    assert_spans(sentence, passages)
    assert len(passages) > 1 and all(len(p.text) <= 1200 for p in passages)
    assert " ".join(p.text for p in passages) == sentence
    assert all(p.text[0].isalnum() or p.text[0] == "," for p in passages)


def test_text_without_spaces_is_cut_anyway():
    text = "x" * 3000
    passages = split_passages(text, "en", target_chars=600, max_chars=1200)
    assert "".join(p.text for p in passages) == text and all(len(p.text) <= 1200 for p in passages)


def test_a_heading_stays_with_the_passage_that_follows():
    text = f"Energy prices\n\n1. Method\n\n{EN_REPORT}\n\n{EN_REPORT}\n\nNotes"
    passages = split_passages(text, "en")
    assert_spans(text, passages)
    assert [p.text for p in passages] == [f"Energy prices\n\n1. Method\n\n{EN_REPORT}", EN_REPORT, "Notes"]


def test_a_long_table_of_contents_does_not_make_one_huge_passage():
    toc = "\n\n".join(f"Capitolo {i} — Le spese delle famiglie per regione e per tipo di consumo" for i in range(60))
    text = f"{toc}\n\n{IT_REPORT}"
    passages = split_passages(text, "it")
    assert_spans(text, passages)
    assert all(len(p.text) <= 1200 for p in passages)
    assert passages[-1].text.endswith(IT_REPORT)


def test_a_document_splits_into_passages_end_to_end():
    doc = document_text(make_pdf(REPORT_PAGES))
    passages = split_passages(doc.text, doc.language)
    assert_spans(doc.text, passages)
    assert passages[0].text.startswith("Relazione sull'energia 2023\n\nLa disponibilità di informazione")


def test_empty_text_has_no_passages():
    assert split_passages("", "it") == [] and split_passages(" \n\n \n", "en") == []


def test_a_2_mb_document_splits_well_under_a_second():
    paragraph = " ".join([IT_REPORT, EN_REPORT] * 3)
    text = "\n\n".join([paragraph] * (2_000_000 // len(paragraph) + 1))
    started = time.perf_counter()
    passages = split_passages(text, "it")
    elapsed = time.perf_counter() - started
    assert len(text) >= 2_000_000 and len(passages) > 3000
    assert elapsed < 0.5, f"{elapsed:.2f}s"
    assert passages[-1].end == len(text)


def test_a_pdf_that_takes_too_long_is_refused(monkeypatch):
    from claims.verification import documents

    monkeypatch.setattr(documents, "PDF_SECONDS", -1.0)  # the budget is spent before the first operator
    with pytest.raises(DocumentError, match="took too long"):
        document_text(make_pdf(REPORT_PAGES))


def test_a_page_too_complex_to_read_is_skipped(monkeypatch):
    from claims.verification import documents

    pages = [["A short cover page."], ["Body text " * 30]]
    monkeypatch.setattr(documents, "MAX_PAGE_CONTENT_BYTES", 200)
    assert document_text(make_pdf(pages, compress=False)).text == "A short cover page."
    with pytest.raises(DocumentError, match="drawings too complex"):
        document_text(make_pdf(pages[1:], compress=False))
