"""Boilerplate removal on blocks: what a news page carries that is not the article.

Main-content extractors miss these lines on pasted text (and justext even keeps them
on pages), so a rule-based line filter runs on every format. Patterns are anchored
to whole lines and limited to short lines: a real sentence that happens to start
with "Leggi" or "Share" is longer than the CMS label it resembles.
"""

import re
import unicodedata

from .blocks import CAPTION, HEADING, PARAGRAPH, Block

# Longest line the label patterns below may remove; longer lines are prose.
_MAX_LABEL = 220

_SOCIAL = (
    r"(facebook|twitter|x|linkedin|whatsapp|telegram|threads|bluesky|email|e-mail|pinterest|reddit|print|stampa|tweet)"
)
_CAP = r"(?-i:[A-ZÀ-Ý])"  # a capital letter even though the patterns are case-insensitive
_NAME = _CAP + r"[\w'’.-]+"

_MONTHS = (
    r"(gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"gen|feb|mar|apr|mag|giu|lug|ago|set|ott|nov|dic|jan|jun|jul|aug|sep|sept|oct|dec)\.?"
)
_WEEKDAYS = (
    r"(lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|lun|mer|gio|ven|sab|dom|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?"
)
# A time of day as stamps print it: "18:42", "18.42", "6:42 p.m. ET", "ore 09:12", "14:05 GMT".
_TIME = (
    r"((alle|at|ore|h)\s+)?\d{1,2}[:.]\d{2}(\s*(am|pm|a\.m\.|p\.m\.))?"
    r"(\s*(cet|cest|utc|gmt|bst|et|edt|est|ct|cdt|cst|pt|pdt|pst))?"
)
# A date, optionally with a time: what CMS datelines and "Pubblicato il …" lines hold.
_DATE = (
    rf"({_WEEKDAYS},?\s+)?(\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}|{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|"
    rf"\d{{4}}-\d{{2}}-\d{{2}})([\s,–—-]+{_TIME})?"
)
# Relative stamps: "2 hours ago", "35 minuti fa", "yesterday".
_AGO = (
    r"((\d+|an?|one|un|una)\s+(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|"
    r"secondi|minuti|min|ore|ora|giorni|giorno|settimane|settimana|mesi|mese)\s+(ago|fa)|yesterday|today|ieri|oggi)"
)
# Reading and listening times: "5 min read", "Lettura 2 min", "Tempo di lettura: 4 minuti".
_DURATION = (
    r"((tempo di lettura|reading time|lettura|read|ascolto|listen)\s*:?\s*)?\d+\s*(min|mins|minutes|minuti|')"
    r"(\s+(read|di lettura|listen|di ascolto))?"
)
# A dateline or update stamp: "Posted March 3, 2026", "Updated 6:42 p.m. ET", "Aggiornato alle 19:10",
# "Published 2 hours ago", "First published on Mon 2 Mar 2026 18.42 GMT".
_STAMP = (
    r"((first |last |ultimo |ultima )?(pubblicato|aggiornato|aggiornamento|modificato|published|updated|"
    r"modified|posted|edited)(\s+(il|on|at|alle|ore))?\s*:?\s*)?"
    rf"({_DATE}|{_TIME}|{_AGO})"
)

_BOILERPLATE = [
    # Sources and image credits (it / en)
    r"fonte e immagini",
    r"fonti? e foto",
    r"(fonte|fonti|source|sources|via)\s*:.{0,120}",
    r"(foto|immagini?|immagine di copertina|crediti fotografici|credito fotografico|photo|photos|photograph|"
    r"photographs|image|images|picture|credits?|photo credits?|image credits?|image source|cover image|"
    r"in copertina)\s*(:|©|-|–)\s*.{0,120}",
    rf"(foto|photo|image|picture)\s+(di|by)\s+{_NAME}(\s+{_NAME}){{0,3}}(\s*[/|,]\s*.{{0,40}})?",
    r"\(?(foto|photo)\s+(ansa|ap|afp|reuters|getty images|lapresse|imagoeconomica|epa|shutterstock)\)?.{0,60}",
    r"©.{0,150}",
    r"(copyright\s+(©\s*)?\d{4}|copyright\s+©|\(c\)\s*\d{4}).{0,150}",
    # Comment forms (WordPress and friends)
    r"lascia un commento",
    r"lascia una risposta",
    r"scrivi un commento",
    r"(\d+\s+)?commenti?(\s*\(\d+\))?",
    r"leave a (reply|comment)",
    r"(\d+\s+)?comments?(\s*\(\d+\))?",
    r"add a comment",
    r"join the (conversation|discussion)",
    r"il tuo indirizzo (e-?mail|di posta elettronica) non sar[àa] pubblicato.*",
    r"i campi obbligatori sono contrassegnati.*",
    r"your email address will not be published.*",
    r"required fields are marked.*",
    r"salva il mio nome.*",
    r"save my name.*",
    r"(nome|email|e-mail|sito web|commento|name|website|comment)\s*\*?",
    r"(pubblica|invia|posta) (il )?commento",
    r"post comment",
    r"(rispondi|reply|annulla risposta|cancel reply)",
    # Navigation, sharing, newsletters, related content
    r"leggi (anche|pure|di più|l'articolo completo|tutto)\b.{0,150}",
    r"continua a leggere\b.{0,100}",
    r"read (more|also|next|the full (story|article))\b.{0,150}",
    r"(articoli|notizie|post) correlat[ie]\b.{0,60}",
    r"(ti )?potrebbe (anche )?interessar(e|ti)\s*:?",
    r"related(\s+(articles|posts|stories|news|content|coverage))?(\s*:.{0,120})?",
    r"you (may|might) also (like|be interested in)\b.{0,60}",
    r"more (stories |articles |news )?from(\s+\S+){1,4}",
    rf"(condividi|condividere|share)(\s+(su|on|via|by|per|this|this article|this story|questo articolo|l'articolo|the article))?"
    rf"(\s*:?\s*{_SOCIAL}([\s,/|·]+{_SOCIAL})*)?",
    rf"{_SOCIAL}([\s,/|·]+{_SOCIAL})*",
    r"(iscriviti|abbonati|registrati)( (alla|alla nostra|a|al))? (newsletter|canale)\b.{0,120}",
    r"sign up( for)? (our|the|to our) newsletter\b.{0,120}",
    r"subscribe(\s+(now|today|here))?(\s+to\s+(our|the)\s+(newsletter|channel|podcast)\b.{0,80})?",
    r"(seguici|segui\s.{1,60}?)\s(su|on)\s.{0,80}",
    r"follow us( on .{0,80})?",
    r"(tag|tags|argomenti|topics|categorie|categories|filed under)\s*:.{0,150}",
    r"(pubblicità|advertisement|sponsored|annuncio|contenuto sponsorizzato|sponsored content)",
    r"(tempo di lettura|reading time|lettura)\s*:?\s*\d+\s*(min|minuti|minutes)\.?",
    r"(torna su|back to top|vai al contenuto|skip to (main )?content|menu|home|cerca|search)",
    # Cookie banners
    r"(questo sito|this (web)?site|we) (usa|utilizza|uses|use) (i )?cookie.*",
    r"(accetta|accept|rifiuta|reject|decline)( (tutti|tutto|all))?( (i )?cookies?)?",
    r"(gestisci|manage) (le )?(preferenze|preferences|cookies?)",
    r"(cookie|privacy) (policy|settings|impostazioni)",
    r"(informativa sulla privacy|termini (e condizioni|di servizio)|terms of (use|service))",
    # Images: a Markdown image left in pasted text, credit lines
    r"!\[[^\]]*\]\([^)]*\)",
    r"(illustration|illustrazione|elaborazione|infografica|infographic|graphic|grafica)\s+(by|di|su dati|:)\s*.{0,100}",
    # E-mail newsletters: why you get them, who forwarded them
    r"(you are|you're|you were) receiving this\b.{0,160}|you (received|got|are getting) this (e-?mail|message|newsletter)\b.{0,160}",
    r"(ricevi|stai ricevendo|hai ricevuto) questa (e-?mail|mail|newsletter|comunicazione)\b.{0,160}",
    r"(was this|this (e-?mail|newsletter) was|got this) forwarded( to you)?\??.{0,80}",
    r"ti (hanno|è stata|e' stata) inoltrat[ao]( questa (newsletter|e-?mail|mail))?\??.{0,80}",
]

# Labels that are always short (datelines, reading times, newsletter and advertising labels):
# tried only on lines of at most _MAX_SHORT characters, so that headings and captions, which
# are longer, do not pay for them.
_MAX_SHORT = 80
_SHORT_LABELS = [
    # Datelines, update stamps, reading times
    _STAMP,
    _DURATION,
    r"\(?(foto d'archivio|foto di repertorio|immagine di repertorio|file photo|archive photo|stock photo)\)?",
    # E-mail newsletters: header and footer lines
    r"(forward|inoltra)\s+(this|questa)\s+(e-?mail|newsletter|message|messaggio)(\s+(to a friend|a un amico))?",
    r"view\s+(this\s+)?(e-?mail\s+|newsletter\s+|message\s+)?(in|on)\s+(your\s+|a\s+)?(web\s+)?browser|view (it )?online",
    r"visualizza\s+(questa\s+|la\s+)?(e-?mail\s+|newsletter\s+|mail\s+)?(nel|sul)\s+(tuo\s+)?browser"
    r"|visualizza (la versione )?online|apri nel browser",
    r"unsubscribe( here| now| from (this|these|our)\b.{0,40})?|disiscriviti( qui)?|cancellati( qui)?"
    r"|(annulla|cancella) (l'|la )?(tua )?iscrizione",
    r"(manage|update|change|edit) (your )?(e-?mail |subscription |newsletter )?(preferences|settings|subscriptions?)",
    r"(gestisci|modifica|aggiorna) (le )?(tue )?(preferenze|impostazioni|iscrizion[ei])( (e-?mail|newsletter))?",
    # Advertising
    r"(story|article) continues below( advertisement)?|(skip|close) (advertisement|ad)|scroll (down )?to continue( reading)?",
    r"continue reading (below|after the (ad|advertisement))|continua a leggere dopo (la pubblicità|l'annuncio)"
    r"|l'articolo continua (sotto|dopo la pubblicità)",
    r"annuncio pubblicitario|sponsorizzato|paid (content|post|partnership)|partner content|contenuto (a pagamento|promozionale)",
    # Sharing, listening
    r"(copy|copia) (the |il )?link|link (copied|copiato)",
    r"(invia|send|share|condividi) (per|via|by|tramite) e-?mail",
    r"(listen to|ascolta) (this |the |l'|questo )?(article|story|articolo|notizia)",
]

# Bylines: "di Mario Rossi", "By John Smith | Reuters", "A cura di Anna Bianchi, inviata a Kiev".
# Checked only on lines without a final full stop, because "Di Maio ha detto …" or
# "By Monday, the bill had passed." are sentences.
_BYLINE_RE = re.compile(
    rf"^(di|by|a cura di|written by|posted by|scritto da)\s+{_NAME}(\s+{_NAME}){{0,3}}"
    rf"(\s*(,|e|and|&)\s*{_NAME}(\s+{_NAME}){{0,3}})*(\s*[,|–—/-]\s*[^.!?]{{0,60}})?\s*$",
    re.I,
)

_BOILERPLATE_RE = re.compile(r"^(?:" + "|".join(_BOILERPLATE) + r")[\s.:!*©]*$", re.I)
_SHORT_RE = re.compile(r"^(?:" + "|".join(_SHORT_LABELS) + r")[\s.:!*©]*$", re.I)
# "… Tutti i diritti riservati", "Riproduzione riservata ©": searched for at the end of the line
# apart from the patterns above, which all match at its start: a leading ".{0,120}" made every
# line that is not furniture cost the engine 120 tries.
_RESERVED_RE = re.compile(
    r"(?:tutti i diritti riservati|riproduzione riservata|all rights reserved)\.?[\s.:!*©]*$", re.I
)
# Furniture labels run together on one line: "Share on Twitter | Share on Facebook",
# "Posted March 3, 2026 | Updated 6:42 p.m. ET", "Condividi: Facebook · X · WhatsApp".
_LABEL_SEPARATOR = re.compile(r"\s+[|·•]\s+")

# A paragraph-opening dateline: "ROMA –", "(ANSA) - ROMA, 12 MAR -", "WASHINGTON (Reuters) -".
_DATELINE_PREFIX = re.compile(
    r"^(\((ANSA|AGI|Adnkronos|Reuters|AP|AFP|Askanews|LaPresse)\)\s*[-–—]\s*)?"
    r"[A-ZÀ-Ý][A-ZÀ-Ý' .]{2,30}(\s*\((Reuters|AP|AFP|ANSA|AGI)\))?(,\s*\d{1,2}\s+[A-Za-z]{3,9}\.?(\s+\d{4})?)?\s*[-–—]\s+"
    r"(?=[A-ZÀ-Ý\"“«])"
)

# Where a comment section starts: everything after it is readers, not the article.
_COMMENTS_START = re.compile(
    r"^(lascia un commento|lascia una risposta|scrivi un commento|\d+\s+commenti|commenti(\s*\(\d+\))?|"
    r"leave a (reply|comment)|\d+\s+comments|comments(\s*\(\d+\))?|add a comment|join the (conversation|discussion))"
    r"[\s.:!]*$",
    re.I,
)

# Words that take a number after them: "a quota 12", "pari a 3", "Top 10", "fase 2" are
# not footnote markers, "… 6 dollari l'ora 1" is.
_NUMBER_TAKERS = frozenset(
    """a di da in su per tra fra il lo la i gli le un uno una quota pari oltre circa sono è era erano
    n nr num numero pag pagina art articolo capitolo cap fase livello versione turno parte stagione
    episodio gruppo serie tabella figura fig punto comma girone classe grado
    to of at by on for the an about nearly over under than are is was were top number no page chapter
    figure table level phase step round part season episode version group class grade act""".split()
)
_TRAILING_MARKER = re.compile(r"^(?P<keep>.*\S)\s+(?P<mark>\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}|\[\d{1,3}\])$", re.S)
_TERMINAL = tuple('.!?…:;"”»’)')


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    return re.sub(r"[\W_]+", " ", text).strip()


def is_boilerplate(line: str) -> bool:
    line = line.strip()
    if not line:
        return True
    if len(line) > _MAX_LABEL:
        return False
    if _is_label(line) or (not line.endswith(".") and _BYLINE_RE.match(line)):
        return True
    reserved = _RESERVED_RE.search(line)
    if reserved and reserved.start() <= 120:
        return True
    if "|" in line or "·" in line or "•" in line:
        parts = _LABEL_SEPARATOR.split(line)
        return len(parts) > 1 and all(part and _is_label(part) for part in parts)
    return False


def _is_label(text: str) -> bool:
    return bool(_BOILERPLATE_RE.match(text) or (len(text) <= _MAX_SHORT and _SHORT_RE.match(text)))


def strip_footnote_marker(line: str) -> str:
    """Drop a footnote number left at the end of an image caption: '… 6 dollari l'ora 1'."""
    if line.endswith(_TERMINAL):
        return line
    match = _TRAILING_MARKER.match(line)
    if not match:
        return line
    keep = match.group("keep")
    words = keep.split()
    if len(words) < 6:
        return line  # short labels such as "Capitolo 3" keep their number
    last = words[-1].lower().replace("’", "'").split("'")[-1].strip(".,")
    if last in _NUMBER_TAKERS or not last.isalpha():
        return line
    return keep


def _split_lines(block: Block) -> list[Block]:
    """A plain-text paragraph keeps hard-wrapped lines together but gives a line that
    stands alone (a title, a caption, a label) a block of its own."""
    if block.kind != PARAGRAPH or "\n" not in block.text:
        return [block]
    out, current = [], []
    for line in block.text.split("\n"):
        wraps = current and not current[-1].rstrip().endswith(_TERMINAL) and line[:1].islower()
        if current and not wraps:
            out.append(_part(block, "\n".join(current)))
            current = []
        current.append(line)
    if current:
        out.append(_part(block, "\n".join(current)))
    return out


def _part(block: Block, text: str) -> Block:
    """A piece of a block, with the block's links whose anchor text it holds."""
    return Block(block.kind, text, [link for link in block.links if link[0] in text])


def _same_title(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return False
    # A page <title> often adds " | Site name": a heading that is a prefix of it is the same title.
    return a == b or (len(b) >= 20 and a.startswith(b)) or (len(a) >= 20 and b.startswith(a))


def looks_like_title_line(text: str) -> bool:
    # Length first: most blocks are paragraphs, and the other tests read (or copy) all of them.
    return len(text) <= 300 and "\n" not in text and not text.rstrip().endswith((".", ":", ";", "…"))


def clean_blocks(blocks: list[Block], *, title: str = "") -> tuple[str, list[Block]]:
    """(title, blocks) with boilerplate, the repeated title and caption markers removed.

    With no title given, a first line that reads like a title becomes the title.
    """
    title, kept, _ = clean_article(blocks, title=title)
    return title, kept


def clean_article(blocks: list[Block], *, title: str = "") -> tuple[str, list[Block], str]:
    """clean_blocks(), and the title as the text itself writes it ("" when the text does not
    hold it: a title given by the caller and not repeated at the top)."""
    lines: list[Block] = []
    for block in blocks:
        lines.extend(_split_lines(block))

    # Comment section: cut from its first marker on, unless the marker sits in the
    # first part of the text (then it is more likely a heading of the article itself).
    total = sum(len(b.text) for b in lines) or 1
    seen = 0
    for i, block in enumerate(lines):
        if seen > 0.3 * total and _COMMENTS_START.match(block.text.strip()):
            lines = lines[:i]
            break
        seen += len(block.text)

    kept: list[Block] = []
    for block in lines:
        text_lines = [ln for ln in block.text.split("\n") if not is_boilerplate(ln)]
        if not text_lines:
            continue
        text = "\n".join(text_lines).strip()
        if block.kind != HEADING:
            text = strip_footnote_marker(text)
            text = _DATELINE_PREFIX.sub("", text, count=1)
        if text:
            kind = CAPTION if block.kind == CAPTION else block.kind
            kept.append(Block(kind, text, block.links))

    title = title.strip()
    written = ""
    if not title and kept and kept[0].kind in (HEADING, PARAGRAPH) and looks_like_title_line(kept[0].text):
        title = written = kept.pop(0).text
    # The title repeated at the top (CMS templates print it as page title and as heading).
    while title and kept and _same_title(kept[0].text, title):
        repeated = kept.pop(0).text
        if "\n" not in repeated:
            if not written or len(repeated) < len(written):
                written = repeated
            if len(repeated) < len(title):
                title = repeated  # the heading without the page title's " | Site name"
    return title, kept, written
