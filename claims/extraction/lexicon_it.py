"""Italian phrase tables for signals.py.

Entry syntax (compiled by phrases.py into one trie-shaped regular expression):
  "ha dichiarato"           literal, lower case; a space matches any run of whitespace, '
                            matches ' and ’; a sentence's first letter is lowered before the
                            scan, so "Secondo alcune fonti" meets "secondo"
  ("secondo", r"\\s+...")    literal followed by a regex tail (non-capturing groups only)
  "=may"                    literal kept as written ("May" the month is not the verb "may";
                            "=I think" meets "I" in mid-sentence)
A phrase must end at a word boundary (or right after an apostrophe, for elisions like "all'").
Phrases that only set the claim type (opinion, prediction, comparison, causal) are not
reported, so they may be written as their most telling words.
"""

# Articles and articulated prepositions, for tails that must swallow "alla", "agli", "dell'" ...
A_ART = r"(?:all['’]\s*|alla|alle|allo|agli|ai|al|ad|a)"
DA_ART = r"(?:dall['’]\s*|dalla|dalle|dallo|dagli|dai|dal|da)"
DI_ART = r"(?:dell['’]\s*|della|delle|dello|degli|dei|del|d['’]\s*|di)"
CAP = r"[A-ZÀ-ÖØ-Þ][\w&-]*"
# A proper-name source: "Reuters", "The Information", "New York Times", "Banca d'Italia".
CAPSEQ = rf"{CAP}(?:\s+(?:(?:of|the|de|di|del|della|dell['’]|d['’])\s*)?{CAP}){{0,4}}"

_ART = r"(?:il|lo|la|i|gli|le|un|uno|una|l['’]|un['’])"
_ADJ = (
    r"(?:recente|recenti|nuovo|nuova|nuovi|nuove|ultimo|ultima|ultimi|ultime|alcuni|alcune"
    r"|molti|molte|diversi|diverse|numerosi|numerose|vari|varie|precedenti)"
)
# Source nouns that make "secondo ..." an attribution; "secondo trimestre" (second quarter) is not.
_SRC_NOUN = (
    r"(?:fonti|fonte|esperti|esperto|analisti|analista|stime|dati|rapporto|report"
    r"|studio|studi|ricerca|indagine|inchiesta|sondaggio|sondaggi|media|stampa|giornale"
    r"|quotidiano|agenzia|ministero|ministro|ministra|governo|polizia|procura|inquirenti"
    r"|investigatori|autorità|portavoce|presidente|premier|sindaco|documento|documenti"
    r"|comunicato|nota|dichiarazioni|testimoni|osservatori|economisti|scienziati|medici"
    r"|ricercatori|previsioni|calcoli"
    r"|indiscrezioni|voci|sindacati|azienda|società)"
)
SRC = rf"(?:{_ART}\s*)?(?:{_ADJ}\s+)?(?:{_SRC_NOUN}(?:\s+{CAPSEQ})?|{CAPSEQ})"
# After a phrase that is an attribution whatever follows ("stando a", "a detta di"), the
# source is only reported, not checked: a name or any one word. The long source list is then
# compiled once, for "secondo", instead of once per phrase.
ANY_SRC = rf"(?:{_ART}\s*)?(?:{_ADJ}\s+)?(?:{CAPSEQ}|[^\W\d_]+)"

_REPORTED = (
    r"(?:riportato|riferito|evidenziato|rivelato|annunciato|dichiarato|spiegato"
    r"|sottolineato|scritto|confermato|segnalato)"
)
# Past participles of verbs of saying, after "ha", "hanno", "aveva" ... ("avrebbe detto" also
# yields the hedge "avrebbe" from the conditional rule in phrases.py).
_SAID = (
    r"(?:dichiarato|detto|affermato|spiegato|sottolineato|aggiunto|annunciato|confermato"
    r"|riferito|precisato|ribadito|sostenuto|scritto|ammesso|negato|denunciato|espresso"
    r"|osservato|commentato|raccontato|riportato|rivelato|assicurato|evidenziato|avvertito"
    r"|reso\s+noto|fatto\s+sapere|rilevato|indicato|segnalato|accusato|smentito|replicato)"
)
_SAID_TAIL = rf"\s+{_SAID}"

ATTRIBUTION = [
    # "secondo" needs a source after it: "secondo trimestre" is an ordinal.
    (
        "secondo",
        rf"\s+(?:quanto\s+(?:riportato|riferito|emerso|appreso|risulta|dichiarato|scritto"
        rf"|annunciato|si\s+apprende)(?:\s+{DA_ART}\s*{ANY_SRC})?|{SRC})",
    ),
    # One tail for all the auxiliaries: a copy per auxiliary made the scan twice as large.
    ("ha", rf"(?:nno)?{_SAID_TAIL}"),
    ("av", rf"(?:eva(?:no)?|rebbe(?:ro)?|rà){_SAID_TAIL}"),
    ("è stato", r"\s+(?:dichiarato|detto|annunciato|riferito|riportato)"),
    "dichiara",
    "dichiarano",
    "afferma",
    "affermano",
    "spiega",
    "spiegano",
    "sostiene",
    "sostengono",
    "riferisce",
    "riferiscono",
    "riporta",
    "riportano",
    "rileva",
    "rilevano",
    "annuncia",
    "conferma",
    "sottolinea",
    "scrive",
    "scrivono",
    "racconta",
    "rivela",
    "rivelano",
    "denuncia",
    "accusa",
    "accusano",
    "avverte",
    "ammette",
    "aggiunge",
    "smentisce",
    "smentiscono",
    "assicura",
    "assicurano",
    "ribadisce",
    "osserva",
    "evidenzia",
    ("fonti vicine", rf"\s+{A_ART}(?:\s*{ANY_SRC})?"),
    ("fonti", r"\s+(?:interne|ufficiali|anonime|governative|diplomatiche|investigative|informate)"),
    ("stando", rf"\s+{A_ART}(?:\s*(?:quanto\s+\w+|{ANY_SRC}))?"),
    ("come", rf"\s+{_REPORTED}(?:\s+{DA_ART}\s*{ANY_SRC})?"),
    ("a detta", rf"\s+{DI_ART}(?:\s*{ANY_SRC})?"),
    (
        "in",
        r"\s+(?:precedenti\s+dichiarazioni|una\s+(?:dichiarazione|nota|intervista|lettera)"
        r"|un\s+comunicato|un['’]\s*intervista)",
    ),
    # "Un rapporto di The Information rileva": the report, its source and the verb, as one phrase.
    (
        "un",
        rf"\s+(?:(?:recente|nuovo)\s+)?(?:rapporto|report|articolo|studio|documento|comunicato"
        rf"|sondaggio)\s+(?:{DI_ART}|pubblicato\s+da|diffuso\s+da)\s*{CAPSEQ}"
        rf"(?:\s+(?:rileva|riporta|afferma|sostiene|rivela|indica|evidenzia|spiega|scrive))?",
    ),
    (
        "una",
        rf"\s+(?:(?:recente|nuova)\s+)?(?:ricerca|indagine|inchiesta|analisi|nota)\s+"
        rf"(?:{DI_ART}|pubblicata\s+da|diffusa\s+da)\s*{CAPSEQ}",
    ),
    ("a quanto", r"\s+(?:risulta|riferisce|riportato|si\s+apprende)"),
    ("si apprende", ""),
]

# Conditionals (-rebbe/-rebbero) are found by a suffix rule in phrases.py, not listed here.
HEDGES = [
    (
        "si",
        r"\s+(?:era\s+|è\s+|e['’]\s*)?ipotizzat[oaie]|\s+ipotizza(?:va|no|vano)?"
        r"|\s+(?:dice|vocifera|mormora|sospetta|presume|ritiene|stima|pensa|teme)",
    ),
    "è stato ipotizzato",
    "ipotizzato",
    "ipotesi",
    "pare",
    "a quanto pare",
    "parrebbe",
    "sembra",
    "sembrano",
    "sembrava",
    "sembravano",
    "presunto",
    "presunta",
    "presunti",
    "presunte",
    "presumibilmente",
    "probabilmente",
    "probabile",
    "probabili",
    "possibile",
    "possibilmente",
    "eventualmente",
    "apparentemente",
    "forse",
    "circa",
    "all'incirca",
    "più o meno",
    "approssimativamente",
    ("quasi", r"(?=\s+[$€£]?\d)"),
    ("intorno", rf"\s+{A_ART}(?=\s*[$€£]?\d)"),
    "secondo indiscrezioni",
    "indiscrezioni",
    "rumors",
    (
        "non",
        r"\s+(?:ancora\s+|è\s+stat[oa]\s+|sono\s+stat[ie]\s+)?"
        r"(?:confermat[oaie]|verificat[oaie])",
    ),
]

OPINION = [
    "secondo me",
    "secondo noi",
    "penso che",
    "pensiamo che",
    "credo che",
    "crediamo che",
    "ritengo che",
    "riteniamo che",
    "a mio avviso",
    "a mio parere",
    "a mio giudizio",
    "a nostro avviso",
    "a nostro parere",
    (
        "è",
        r"\s+(?:evidente|chiaro|ovvio|innegabile|indubbio|lampante|palese)\s+che"
        r"|\s+(?:una\s+vergogna|vergognoso|inaccettabile|assurdo|scandaloso|ridicolo"
        r"|uno\s+scandalo|una\s+follia|intollerabile)",
    ),
    "chiaramente",
    "ovviamente",
    "indubbiamente",
    "senza dubbio",
    ("non c'è", r"\s+(?:alcun\s+)?dubbio\s+che"),
    ("non ci sono", r"\s+dubbi\s+che"),
]

# Evaluative words: an opinion when they carry the sentence (no numbers, no attribution).
EVALUATIVE = [
    ("miop", "[ei]"),
    ("irresponsabil", "[ei]"),
    ("ingiust", "[oaie]"),
    ("indegn", "[oaie]"),
    ("insensat", "[oaie]"),
    ("deplorevol", "[ei]"),
    ("vergognos", "[oaie]"),
    ("scandalos", "[oaie]"),
    ("ridicol", "[oaie]"),
    ("assurd", "[oaie]"),
    ("pessim", "[oaie]"),
    ("ottim", "[oaie]"),
    ("splendid", "[oaie]"),
    ("fantastic", "[oa]|he|i"),
    ("terribil", "[ei]"),
    ("orribil", "[ei]"),
    ("disastros", "[oaie]"),
    ("meraviglios", "[oaie]"),
    ("inaccettabil", "[ei]"),
    ("incompetent", "[ei]"),
    ("stupid", "[oaie]"),
    ("vergogna", ""),
    ("scandalo", ""),
    ("follia", ""),
    ("deludent", "[ei]"),
    ("inutil", "[ei]"),
    ("eccellent", "[ei]"),
    ("straordinari", "[oae]|"),
    ("purtroppo", ""),
    ("bellissim", "[oaie]"),
    ("grandios", "[oaie]"),
    ("patetic", "[oa]|i|he"),
]

PREDICTION = [
    "prevede",
    "prevedono",
    "si prevede",
    "si prevedono",
    "previsto",
    "prevista",
    "previsti",
    "previste",
    "previsioni",
    "è destinato a",
    "è destinata a",
    "sono destinati a",
    "il prossimo anno",
    "l'anno prossimo",
    "nei prossimi",
    "nelle prossime",
    "prossime settimane",
    "prossimi giorni",
    ("si", r"\s+(?:aspetta|aspettano|attende|attendono)(?!\w)"),
    ("è", r"\s+attes[oa]\s+(?:per|a|entro|nel|nella|tra|fra)(?!\w)"),
    ("sono", r"\s+attes[ie]\s+(?:per|a|entro|nel|nella|tra|fra)(?!\w)"),
    ("conta", r"\s+di\s+[^\W\d_]+(?:are|ere|ire)(?!\w)"),
    ("contano", r"\s+di\s+[^\W\d_]+(?:are|ere|ire)(?!\w)"),
    ("spera", r"\s+di\s+[^\W\d_]+(?:are|ere|ire)(?!\w)"),
    ("sperano", r"\s+di\s+[^\W\d_]+(?:are|ere|ire)(?!\w)"),
    "nel prossimo",
    "nella prossima",
    "in futuro",
    ("entro", r"\s+(?:il|la|i|le)\s+prossim[oaie]"),
    ("il mese", r"\s+prossimo"),
    ("la settimana", r"\s+prossima"),
    "prossimo mese",
    "prossima settimana",
    "prossimi mesi",
    "prossimi anni",
    "ha in programma di",
    "hanno in programma di",
    ("punta", r"\s+a\s+[^\W\d_]+(?:are|ere|ire)(?!\w)"),
    ("puntano", r"\s+a\s+[^\W\d_]+(?:are|ere|ire)(?!\w)"),
    ("intende", r"\s+[^\W\d_]+(?:are|ere|ire)(?!\w)"),
    ("intendono", r"\s+[^\W\d_]+(?:are|ere|ire)(?!\w)"),
    ("vuole", r"\s+[^\W\d_]+(?:are|ere|ire)(?!\w)"),
    ("vogliono", r"\s+[^\W\d_]+(?:are|ere|ire)(?!\w)"),
]
# "entro il 2030" is a prediction only when the year is not past: checked in phrases.py.
PREDICTION_YEAR = [
    ("entro", r"\s+(?:il\s+|la\s+fine\s+del\s+|fine\s+)?\d{4}(?!\d)"),
]

COMPARISON = [
    ("rispetto", rf"\s+{A_ART}"),
    "più di",
    "meno di",
    "più del",
    "meno del",
    "più della",
    "meno della",
    "più dei",
    "meno dei",
    "più delle",
    "meno delle",
    "più degli",
    "meno degli",
    "più dell'",
    "meno dell'",
    # "più X di", "meno X che" and "più economici rispetto"; a bare "più" ("non più") is not.
    ("più", rf"\s+[^\W\d_]+\s+(?:{DI_ART}|che|rispetto)"),
    ("meno", rf"\s+[^\W\d_]+\s+(?:{DI_ART}|che|rispetto)"),
    "il doppio",
    "il triplo",
    "la metà",
    "il più",
    "la più",
    "i più",
    "le più",
    "il meno",
    "la meno",
    "il maggiore",
    "la maggiore",
    "il minore",
    "la minore",
    ("superiore", rf"\s+{A_ART}"),
    ("superiori", rf"\s+{A_ART}"),
    ("inferiori", rf"\s+{A_ART}"),
    ("maggiori", rf"\s+{DI_ART}"),
    ("minori", rf"\s+{DI_ART}"),
    ("maggior", r"\s+(?:numero|parte|quota)"),
    ("minor", r"\s+(?:numero|parte|quota)"),
    # "più in fretta che", "più velocemente di": an adverb of two words at most.
    ("più", rf"\s+[^\W\d_]+\s+[^\W\d_]+\s+(?:{DI_ART}|che)"),
    "nessun altro",
    "nessun'altra",
    "nessun'altro",
    ("inferiore", rf"\s+{A_ART}"),
    ("maggiore", rf"\s+{DI_ART}"),
    ("minore", rf"\s+{DI_ART}"),
    ("in confronto", rf"\s+{A_ART}"),
    ("confrontato", r"\s+con"),
    "raddoppiato",
    "raddoppiata",
    "triplicato",
    "dimezzato",
    "dimezzata",
    "volte più",
    "volte meno",
    # Overtaking and beating: "Napoli ha superato Roma", "le esportazioni hanno superato quelle".
    ("superato", r"\s+(?:quell[oaie]|[A-ZÀ-ÖØ-Þ]\w*)"),
    ("superata", r"\s+(?:quell[oaie]|[A-ZÀ-ÖØ-Þ]\w*)"),
    ("superati", r"\s+(?:quell[oaie]|[A-ZÀ-ÖØ-Þ]\w*)"),
    ("superate", r"\s+(?:quell[oaie]|[A-ZÀ-ÖØ-Þ]\w*)"),
    ("sorpassato", r"\s+(?:quell[oaie]|[A-ZÀ-ÖØ-Þ]\w*)"),
    ("meglio", rf"\s+(?:{DI_ART}|che)"),
    ("peggio", rf"\s+(?:{DI_ART}|che)"),
    # Against a baseline: "ai livelli precedenti alla crisi", "livelli pre-pandemia".
    ("livelli", r"\s+(?:precedenti|pre-|di\s+prima|pre\s)"),
    "livello più alto",
    "livello più basso",
    "record storico",
    "minimo storico",
    "massimo storico",
]

_CAUSE_ADVERB = r"(?:soprattutto|principalmente|anche|in\s+parte|solo|proprio|[^\W\d_]+mente)"
_CHANGE_VERB = (
    r"(?:salire|crescere|scendere|aumentare|calare|lievitare|crollare|perdere|chiudere|saltare|esplodere"
    r"|impennare|schizzare|risalire|diminuire|ridurre|cadere|precipitare|volare|slittare|fallire)"
)

CAUSAL = [
    ("a causa", rf"\s+{DI_ART}"),
    ("per via", rf"\s+{DI_ART}"),
    ("per effetto", rf"\s+{DI_ART}"),
    ("a seguito", rf"\s+{DI_ART}"),
    ("in seguito", rf"\s+{A_ART}"),
    ("grazie", rf"\s+{A_ART}"),
    ("deriva", rf"\s+{DA_ART}"),
    ("derivano", rf"\s+{DA_ART}"),
    # "è dovuto soprattutto all'aumento": an adverb may come between.
    ("dovuto", rf"\s+(?:{_CAUSE_ADVERB}\s+)?{A_ART}"),
    ("dovuta", rf"\s+(?:{_CAUSE_ADVERB}\s+)?{A_ART}"),
    ("dovuti", rf"\s+(?:{_CAUSE_ADVERB}\s+)?{A_ART}"),
    ("dovute", rf"\s+(?:{_CAUSE_ADVERB}\s+)?{A_ART}"),
    # "ha spinto molte imprese a ridurre", "spinge i prezzi": to push is to cause.
    "spinto",
    "spinge",
    "spingono",
    # Causative "fare": "ha fatto crescere la disoccupazione", "far risalire le quotazioni".
    ("fatto", rf"\s+{_CHANGE_VERB}"),
    ("fa", rf"\s+{_CHANGE_VERB}"),
    ("fanno", rf"\s+{_CHANGE_VERB}"),
    ("far", rf"\s+{_CHANGE_VERB}"),
    ("nato", rf"\s+{DA_ART}"),
    ("nata", rf"\s+{DA_ART}"),
    ("nati", rf"\s+{DA_ART}"),
    ("nate", rf"\s+{DA_ART}"),
    ("impatto", r"\s+(?:[^\W\d_]+\s+)?(?:su|sul|sulla|sui|sulle|sugli|sull['’])"),
    ("effetto", r"\s+(?:[^\W\d_]+\s+)?(?:su|sul|sulla|sui|sulle|sugli|sull['’])"),
    ("effetti", r"\s+(?:[^\W\d_]+\s+)?(?:su|sul|sulla|sui|sulle|sugli|sull['’])"),
    ("portato", rf"\s+{A_ART}"),
    ("contribuito", rf"\s+{A_ART}"),
    "causando",
    "costretto",
    "costretta",
    "costretti",
    "costrette",
    "costringe",
    "costringono",
    ("favorito", rf"\s+{DA_ART}"),
    ("favorita", rf"\s+{DA_ART}"),
    ("favoriti", rf"\s+{DA_ART}"),
    ("favorite", rf"\s+{DA_ART}"),
    ("legato", rf"\s+{A_ART}"),
    ("legata", rf"\s+{A_ART}"),
    ("legati", rf"\s+{A_ART}"),
    ("legate", rf"\s+{A_ART}"),
    ("dipende", rf"\s+{DA_ART}"),
    ("dipendono", rf"\s+{DA_ART}"),
    ("per colpa", rf"\s+{DI_ART}"),
    ("è colpa", rf"\s+{DI_ART}"),
    "causato",
    "causata",
    "causati",
    "causate",
    "provocato",
    "provocata",
    "provocati",
    "provocate",
    "provocando",
    "provoca",
    "provocano",
    "perché",
    "poiché",
    "giacché",
    "dato che",
    "visto che",
    "dal momento che",
    "di conseguenza",
    "pertanto",
    "conseguenza",
    "determinato da",
    "innescato",
]

# Policy facts (phrases.RULE_NOUN, RULE_VERB): a rule, and what it does, when it applies or
# whom it covers. "Il divieto si applica dal 1° gennaio", "La norma riguarda le imprese".
RULE_NOUNS = (
    """legge leggi decreto decreti decreto-legge dpcm norma norme regola regole regolamento
    regolamenti divieto divieti direttiva direttive trattato misura misure riforma provvedimento
    provvedimenti esenzione esenzioni bonus tassa tasse imposta imposte obbligo obblighi limite
    limiti tetto sanzione sanzioni multa multe emendamento disposizione disposizioni ordinanza
    ordinanze circolare sussidio agevolazione agevolazioni detrazione detrazioni incentivo incentivi
    blocco contributo assegno sentenza""".split()
    + [
        # After an elided article the noun is glued to it: "L'esenzione vale per ...".
        f"{article}{noun}"
        for article in ("l'", "un'")
        for noun in "esenzione imposta ordinanza obbligo emendamento agevolazione incentivo assegno".split()
    ]
)
RULE_VERBS = [
    *"""si applica|si applicano|si applicherà|si applicheranno|vale|valgono|varrà|varranno|riguarda
    |riguardano|riguarderà|riguarderanno|obbliga|obbligano|obbligherà|vieta|vietano|vieterà|prevede
    |prevedono|stabilisce|stabiliscono|dispone|impone|impongono|imporrà|esenta|esentano|esclude
    |escludono|estende|estendono|estenderà|in vigore|scatta|scattano|scatterà|scatteranno|decorre
    |spetta|spettano|spetterà|ha diritto|hanno diritto|avranno diritto|sono esclusi|sono escluse
    |sono esentati|sono esenti|introduce|introducono|abolisce|aboliscono|consente|consentono
    |permette|permettono|copre|coprono|coprirà|devono|dovranno|rischia|rischiano""".replace("\n", "")
    .replace("    ", "")
    .split("|"),
]
# The writer or someone asking for a rule, not a rule stated.
ADVOCACY = [
    "noi",
    "io",
    "dobbiamo",
    "vogliamo",
    "chiediamo",
    "serve",
    "servono",
    "servirebbe",
    "servirebbero",
    "bisogna",
    "bisognerebbe",
    "occorre",
    "occorrerebbe",
    "dovrebbe",
    "dovrebbero",
]
_SMALL_NUMBER = r"(?:due|tre|quattro|cinque|sei|sette|otto|nove|dieci|venti|cento|mille|\d+)(?!\w)"
# Proportions written in words: "un italiano su quattro", "due famiglie su tre".
RATIO = [
    ("un", rf"\s+[^\W\d_]+\s+su\s+{_SMALL_NUMBER}"),
    ("una", rf"\s+[^\W\d_]+\s+su\s+{_SMALL_NUMBER}"),
    ("uno", rf"\s+su\s+{_SMALL_NUMBER}"),
    ("due", rf"\s+(?:[^\W\d_]+\s+)?su\s+{_SMALL_NUMBER}"),
    ("tre", rf"\s+(?:[^\W\d_]+\s+)?su\s+{_SMALL_NUMBER}"),
    ("un terzo", rf"\s+{DI_ART}"),
    ("un quarto", rf"\s+{DI_ART}"),
    ("due terzi", rf"\s+{DI_ART}"),
    ("tre quarti", rf"\s+{DI_ART}"),
]

# Matched so that a shorter phrase inside them is not ("non più" is "no longer", not a comparison).
IGNORED = [
    "non più",
    "di più",
    "sempre più",
    "mai più",
    "più volte",
    "a causa sua",
]

# Capitalised words that are not names on their own (sentence starters, function words).
STOPWORDS = {
    "Il",
    "Lo",
    "La",
    "I",
    "Gli",
    "Le",
    "L",
    "Un",
    "Uno",
    "Una",
    "Di",
    "Del",
    "Della",
    "Dello",
    "Dei",
    "Degli",
    "Delle",
    "Da",
    "Dal",
    "Dalla",
    "Dai",
    "Dagli",
    "Dalle",
    "In",
    "Nel",
    "Nella",
    "Nei",
    "Negli",
    "Nelle",
    "Su",
    "Sul",
    "Sulla",
    "Sui",
    "Sugli",
    "Sulle",
    "Con",
    "Per",
    "Tra",
    "Fra",
    "A",
    "Al",
    "Alla",
    "Ai",
    "Agli",
    "Alle",
    "E",
    "Ed",
    "O",
    "Ma",
    "Però",
    "Anche",
    "Questo",
    "Questa",
    "Questi",
    "Queste",
    "Quello",
    "Quella",
    "Quelli",
    "Quelle",
    "Secondo",
    "Tuttavia",
    "Inoltre",
    "Infatti",
    "Quindi",
    "Dunque",
    "Pertanto",
    "Nonostante",
    "Malgrado",
    "Dopo",
    "Prima",
    "Durante",
    "Mentre",
    "Quando",
    "Se",
    "Come",
    "Perché",
    "Poiché",
    "Già",
    "Ancora",
    "Oggi",
    "Ieri",
    "Domani",
    "Fin",
    "Fino",
    "Ecco",
    "Non",
    "Né",
    "Ci",
    "Si",
    "Ne",
    "Lui",
    "Lei",
    "Loro",
    "Noi",
    "Voi",
    "Io",
    "Tu",
    "Chi",
    "Che",
    "Cosa",
    "Dove",
    "Ogni",
    "Tutti",
    "Tutte",
    "Tutto",
    "Alcuni",
    "Alcune",
    "Molti",
    "Molte",
    "Altri",
    "Altre",
    "Nessuno",
    "Intanto",
    "Invece",
    "Oltre",
    "Circa",
    "Sempre",
    "Mai",
    "Poi",
    "Così",
    "Pure",
    "Sia",
    "Fonte",
    "Fonti",
    "Lascia",
    "Leggi",
    "Anzi",
    "Eppure",
    "Ovvero",
    "Ossia",
    "Cioè",
    "Attualmente",
    "Recentemente",
    "Inizialmente",
    "Finalmente",
    "Probabilmente",
    "Forse",
    "Stando",
    "Entro",
    "Verso",
    "Contro",
    "Senza",
    "Sotto",
    "Sopra",
    "Presso",
    "Ciò",
}

MONTHS = {
    "gennaio": 1,
    "febbraio": 2,
    "marzo": 3,
    "aprile": 4,
    "maggio": 5,
    "giugno": 6,
    "luglio": 7,
    "agosto": 8,
    "settembre": 9,
    "ottobre": 10,
    "novembre": 11,
    "dicembre": 12,
}
DAYS = {"Lunedì", "Martedì", "Mercoledì", "Giovedì", "Venerdì", "Sabato", "Domenica"}

# Lower-case words a number labels rather than counts: "la linea 4", "fase 2", "l'articolo 18".
NUMBER_LABELS = {
    "linea",
    "fase",
    "capitolo",
    "articolo",
    "comma",
    "pagina",
    "tabella",
    "figura",
    "punto",
    "gruppo",
    "girone",
    "classe",
    "livello",
    "versione",
    "numero",
    "stagione",
    "episodio",
    "puntata",
    "volume",
    "binario",
    "gate",
    "terminal",
    "lotto",
    "tappa",
}

# Names that take a number: "Radio 24", "Canale 5", "Rai 3", "Industria 4.0" (see lexicon_en).
NUMBERED_NAMES = {"Canale", "Rete", "Rai", "Tg", "TG", "Sky", "Industria", "Radio", "Formula"}

# Heads of institutional names: only after these does "di/della/d'" stay inside a name
# ("Banca d'Italia", "Presidente della Repubblica") rather than join two ("DeepSeek della Cina").
HEAD_NOUNS = {
    "Banca",
    "Presidente",
    "Presidenza",
    "Ministero",
    "Ministro",
    "Ministra",
    "Corriere",
    "Camera",
    "Consiglio",
    "Repubblica",
    "Università",
    "Istituto",
    "Agenzia",
    "Commissione",
    "Corte",
    "Tribunale",
    "Procura",
    "Fondazione",
    "Museo",
    "Autorità",
    "Cassa",
    "Senato",
    "Palazzo",
    "Gazzetta",
    "Guardia",
    "Polizia",
    "Comune",
    "Regione",
    "Provincia",
    "Federazione",
    "Associazione",
    "Unione",
    "Sindaco",
    "Governatore",
    "Giro",
    "Coppa",
    "Lega",
    "Festa",
    "Costa",
    "Uniti",
    "Stato",
    "Stati",
    "Segretario",
    "Segreteria",
    "Direttore",
    "Dipartimento",
    "Ufficio",
    "Ordine",
    "Teatro",
    "Capo",
    "Vigili",
    "Carabinieri",
    "Sole",
    "Isola",
    "Golfo",
    "Mar",
    "Lago",
    "Monte",
    "Valle",
    "Piazza",
    "Via",
    "Conferenza",
    "Osservatorio",
    "Centro",
    "Scuola",
    "Politecnico",
    "Ospedale",
    "Arma",
    "Parco",
    "Parlamento",
    "Partito",
}
