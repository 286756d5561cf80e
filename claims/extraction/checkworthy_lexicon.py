"""Word classes for the check-worthiness scorer, in English (to train) and Italian (to score).

See checkworthy.py for how they become features.
"""

# --------------------------------------------------------------------------------------------
# Lexicons: class -> (English words, Italian words). Both sides must cover the same meaning,
# because the weights learnt from the English column are applied to the Italian one.
# Words are lowercase; apostrophes split a token into parts first ("don't" -> don, t;
# "dell'AI" -> dell, ai), which is why bare "t", "ve", "ll", "l", "dell" appear here.
# --------------------------------------------------------------------------------------------
LEXICON: dict[str, tuple[str, str]] = {
    "FIRST_PERSON_SING": (
        "i me my mine myself",
        "io me mi mio mia miei mie ho",  # "ho" = I have: Italian drops the pronoun
    ),
    "FIRST_PERSON_PLUR": (
        "we us our ours ourselves",
        # Not "ci"/"vi": in news prose they are mostly the locative "there" (c'è, ci sono).
        "noi nostro nostra nostri nostre abbiamo siamo",
    ),
    "SECOND_PERSON": (
        "you your yours yourself yourselves",
        "tu te ti tuo tua tuoi tue voi vostro vostra vostri vostre hai avete siete",
    ),
    "THIRD_PERSON": (
        "he him his she her hers they them their theirs himself herself themselves",
        "lui lei egli ella esso essa essi esse loro suo sua suoi sue",
    ),
    # Obligation ("we must") is advocacy; possibility ("it can", "non può più") often states
    # a fact, so the two modal kinds get separate weights.
    "OBLIGATION": (
        "should must ought need needs",
        "deve devono devo devi dobbiamo dovete dovrebbe dovrebbero dovremmo dovrei dovresti "
        "dovreste bisogna occorre serve servono",
    ),
    "POSSIBILITY": (
        "can cannot could would might may d",
        # Only potere: the plain conditional ("sarebbe allocato") is how Italian news reports
        # an unconfirmed fact, not a hypothetical like English "would".
        "può puo possono posso puoi possiamo potete potrebbe potrebbero potremmo potrei potresti",
    ),
    "FUTURE": (
        "will shall ll gonna",
        "sarà saranno sarò saremo avrò farò potrò dovrò vorrò",  # and -rà, -ranno
    ),
    "OPINION_VERB": (
        "think thinks thought believe believes believed feel feels felt hope hopes hoped "
        "want wants wanted wish guess suppose doubt agree disagree",
        "penso pensa pensi pensiamo pensate pensano pensavo pensava credo crede credi crediamo "
        "credete credono credevo credeva ritengo ritiene riteniamo ritengono spero spera "
        "speriamo sperano speravo voglio vuole vogliamo volete vogliono volevo voleva vorrei "
        "auguro dubito concordo",
    ),
    "EVALUATIVE": (
        "great good bad terrible wonderful wrong better worse best worst horrible awful "
        "disaster disgrace shame shameful incredible fantastic excellent tremendous ridiculous "
        "outrageous amazing beautiful fair unfair",
        "ottimo ottima ottimi ottime buono buona buoni buone buon cattivo cattiva cattivi "
        "cattive terribile terribili straordinario straordinaria straordinari straordinarie "
        "sbagliato sbagliata sbagliati sbagliate migliore migliori peggiore peggiori "
        "pessimo pessima pessimi pessime orribile orribili disastro disastroso disastrosa "
        "vergogna vergognoso vergognosa incredibile incredibili fantastico fantastica "
        "fantastici fantastiche eccellente eccellenti ridicolo ridicola ridicoli "
        "scandaloso scandalosa meraviglioso meravigliosa bello bella belli belle bel "
        "giusto giusta ingiusto ingiusta",
    ),
    "STANCE": (
        "clearly obviously evident evidently certainly surely probably perhaps maybe frankly "
        "honestly really absolutely totally seems seem seemed apparently",
        "chiaramente ovviamente evidente evidenti evidentemente certamente sicuramente "
        "probabilmente forse francamente onestamente davvero assolutamente totalmente sembra "
        "sembrano sembrava apparentemente",
    ),
    "REPORT": (
        # Not "states": in debates it is mostly "the United States".
        "said says told reported reports report according announced announces stated "
        "claimed confirmed revealed showed shows found estimated estimates noted source "
        "sources study survey",
        "secondo dichiarato dichiarata dichiara dichiarano annunciato annunciata annuncia "
        "annunciano riferito riferisce riferiscono rileva rilevato riporta riportato riportano "
        "affermato afferma affermano confermato conferma confermano rivelato rivela mostra "
        "mostrato mostrano detto dice dicono stimato stima stime indicato evidenziato fonte "
        "fonti rapporto studio indagine sondaggio",
    ),
    "PAST_AUX": (
        "has have had was were been ve",
        "ha hanno aveva avevano avevo avevamo ebbe ebbero era erano ero eravamo fu furono stato stata stati state",
    ),
    "PAST_FORM": (
        # Irregular pasts; the regular ones come from the -ed / -ato ... rules below.
        "made took gave went came got saw knew left began became brought built bought paid "
        "sent spent won lost fell rose grew cut put set held led met ran sold wrote written "
        "taken given gone done seen known become begun found kept",
        "fatto fatta fatti fatte scritto scritta messo messa messi preso presa presi visto "
        "vista visti rimasto rimasta chiesto chiesta risposto aperto aperta chiuso chiusa "
        "deciso decisa spinto spinta vinto vinta raggiunto raggiunta espresso espressa nato "
        "nata morto morta perso persa persi ridotto ridotta ridotti disse dissero fece fecero "
        "venne vennero nacque morì andò",
    ),
    "COPULA": (
        "is are am m re",
        "è sono siamo siete",
    ),
    "QUANTITY_WORD": (
        "million millions billion billions trillion trillions thousand thousands hundred "
        "hundreds percent cent dozen dozens half double twice bn mn",
        "milione milioni miliardo miliardi mila mille migliaia centinaia cento percento "
        "dozzina dozzine metà doppio doppia mln mld",
    ),
    "MONEY_WORD": (
        "dollar dollars bucks cents euro euros pound pounds",
        "dollaro dollari euro centesimi sterlina sterline",
    ),
    "NUMBER_WORD": (
        # Not one/uno (pronoun, article) nor six/sei ("sei" is also "you are").
        "two three four five seven eight nine ten eleven twelve fifteen twenty thirty forty "
        "fifty sixty seventy eighty ninety",
        "due tre quattro cinque sette otto nove dieci undici dodici quindici venti trenta "
        "quaranta cinquanta sessanta settanta ottanta novanta",
    ),
    "COMPARATIVE": (
        "more less than fewer most least larger smaller higher lower bigger greater compared",
        "più piu meno rispetto maggiore maggiori minore minori superiore superiori inferiore inferiori",
    ),
    # Explicit cause and effect ("caused", "led to", "stems from"), not the generic "because"
    # of argument: in the training debates these sentences are check-worthy 60% of the time
    # against 25% overall, and news states causes the same way.
    "CAUSAL": (
        "caused causes causing resulted resulting stems stemmed stemming consequence "
        "consequences owing attributable blamed triggered",
        "causato causata causati causate causando causa provocato provocata provocati "
        "provocando deriva derivano derivato derivata derivante conseguenza conseguenze "
        "dovuto dovuta dovuti dovute attribuito attribuita innescato innescata",
    ),
    "CHANGE": (
        "rise rose risen rising cut cuts drop dropped drops fell fall fallen grew grow grown "
        "growth raised lowered gained lost loss",  # plus the stems in PREFIX_RULES
        "calo cali calato calata calati cala calano crollo crollato crollata salito salita "
        "saliti sceso scesa scesi perso persa persi perdita perdite guadagnato ridotto ridotta "
        "ridotti ridotte",
    ),
    # Topics a debate's check-worthy sentences keep returning to, which news shares.
    "ECONOMY": (
        "tax taxes budget deficit deficits debt spending spend unemployment unemployed "
        "inflation income incomes cost costs price prices rate rates wage wages salary "
        "salaries economy economic jobs job employment revenue revenues trade export exports "
        "import imports oil energy gdp",
        "tasse tassa imposte imposta fisco fiscale bilancio deficit debito debiti spesa spese "
        "spendere disoccupazione disoccupati inflazione reddito redditi costo costi prezzo "
        "prezzi tasso tassi salario salari stipendio stipendi economia economico economica "
        "economici lavoro occupazione entrate commercio esportazione esportazioni importazione "
        "importazioni export import petrolio energia pil",
    ),
    "POLICY": (
        "law laws bill bills vote voted votes voting congress senate legislation program "
        "programs government federal administration policy policies treaty reform",
        # Not "leggi": as a first word it is "read" (Leggi anche ...).
        "legge voto voti votato votata votazione parlamento senato camera legislazione "
        "normativa decreto decreti programma programmi governo governi federale "
        "amministrazione politica politiche trattato riforma",
    ),
    "NEGATION": (
        "not no never nothing none neither nor nobody t",
        "non no mai nessuno nessuna niente nulla né",
    ),
    "TIME_WORD": (
        # Not "last" (last word, at last) nor Italian "fa" (also "does").
        "yesterday ago recently today year years decade decades week weeks month months",
        "ieri recentemente oggi anno anni decennio decenni settimana settimane mese mesi scorso scorsa scorsi scorse",
    ),
    "MONTH": (
        # Not "march"/"may": in English they are mostly a verb and a modal.
        "january february april june july august september october november december",
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    ),
    "ARTICLE": (
        "the a an",
        "il lo la i gli le un uno una l del dello della dei degli delle dell al allo alla ai "
        "agli alle all dal dallo dalla dai dagli dalle dall nel nello nella nei negli nelle "
        "nell sul sullo sulla sui sugli sulle sull",
    ),
    "FILLER": (
        "uh um oh okay ok yes yeah thank thanks applause",
        "beh eh ehm ok okay sì grazie ringrazio ringraziamo ecco insomma",
    ),
}

# Only meaningful as the first word of a sentence, where they mark a question, a call to action
# or spoken-style linking; elsewhere "who", "che", "quando" mostly join clauses.
FIRST_WORD_LEXICON: dict[str, tuple[str, str]] = {
    "QUESTION": (
        "what why how who where when which whether",
        # Not "come": first in a news sentence it is mostly "as" (Come riporta l'Istat ...).
        "cosa che chi perché perchè dove quando quale quali quanto quanta quanti quante",
    ),
    "IMPERATIVE": (
        "let lets look listen imagine consider remember sign subscribe join read click share "
        "leave follow visit download discover check watch contact try buy register tell see "
        "find get go",
        "iscriviti iscrivetevi leggi leggete clicca cliccate condividi condividete lascia "
        "lasciate seguici segui seguite visita visitate scarica scaricate scopri scoprite "
        "guarda guardate vai andate registrati abbonati abbonatevi contattaci contatta prova "
        "provate acquista compra immagina immaginate considera considerate ricorda ricordate "
        "ascolta ascoltate dimmi diteci partecipa unisciti accedi trova cerca",
    ),
    "LINK": (
        "and but so because or well now",
        "e ed ma quindi perciò però oppure o beh allora ora",
    ),
}

# Words not listed above fall through to these rules: Italian inflects, and English marks its
# past with -ed. Every matching rule adds its class ("aumentato": CHANGE and PAST_FORM).
PREFIX_RULES: dict[str, tuple[tuple[tuple[str, ...], str, int], ...]] = {
    "en": ((("increas", "decreas", "declin", "doubl", "tripl", "reduc"), "CHANGE", 5),),
    "it": (
        (
            (
                "aument",
                "cresc",
                "diminu",
                "raddoppi",
                "triplic",
                "dimezz",
                "ridott",
                "riduz",
                "ridurr",
                "riduc",
                "tagli",
            ),
            "CHANGE",
            6,
        ),
    ),
}
SUFFIX_RULES: dict[str, tuple[tuple[tuple[str, ...], str, int], ...]] = {
    "en": ((("ed",), "PAST_FORM", 5),),
    "it": (
        (("iamo",), "FIRST_PERSON_PLUR", 6),  # facciamo, dobbiamo, vogliamo
        (("rà", "ranno"), "FUTURE", 4),  # sarà, avrà, potrà, faranno
        # Participles, imperfect and passato remoto: what English writes with -ed. Not -iva:
        # there it is mostly an adjective (positiva, iniziativa).
        (
            (
                "ato",
                "ata",
                "ati",
                "ate",
                "ito",
                "ita",
                "iti",
                "ite",
                "uto",
                "uta",
                "uti",
                "ute",
                "ava",
                "avano",
                "eva",
                "evano",
                "arono",
                "erono",
                "irono",
            ),
            "PAST_FORM",
            5,
        ),
        (("ò",), "PAST_FORM", 4),  # annunciò, dichiarò
    ),
}
# Common words that only look inflected: nouns and adjectives in -ato/-ito/-uto, "però".
RULE_EXCEPTIONS = frozenset(
    # English
    "indeed speed proceed succeed exceed greed breed hatred sacred naked wicked hundred "
    # Italian
    "mercato mercati risultato risultati senato candidato candidata candidati deputato "
    "deputata deputati sindacato sindacati reato reati avvocato avvocati magistrato "
    "magistrati soldato soldati impiegato impiegati alleato alleati mandato privato privata "
    "privati private delicato data date dati partito partiti sito siti credito crediti "
    "debito debiti minuto minuti istituto istituti contenuto contenuti statuto rifiuto "
    "rifiuti tributo ambito merito invito limite vita partita partite uscita uscite entrata "
    "entrate giornata giornate estate salute tiranno però perciò ciò".split()
)
