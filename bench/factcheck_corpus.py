"""Synthetic earlier fact-checks for the matching benchmark: varied Italian and English
claims built from templates, with the numbers, names and common words real ones share
(the worst case for a search index is many rows sharing words, not random strings)."""

import random

SUBJECTS_IT = [
    "Il governo",
    "Il ministro dell'Economia",
    "La Commissione europea",
    "L'Istat",
    "La Banca d'Italia",
    "Il sindaco di Roma",
    "La Regione Lombardia",
    "Il presidente del Consiglio",
    "L'Inps",
    "Confindustria",
    "Il ministero della Salute",
    "La Corte dei conti",
    "L'opposizione",
    "Il Codacons",
    "L'Eurostat",
]
SUBJECTS_EN = [
    "The government",
    "The Treasury",
    "The European Commission",
    "The Office for National Statistics",
    "The Federal Reserve",
    "The mayor of London",
    "The governor of Texas",
    "The prime minister",
    "The Pentagon",
    "The World Health Organization",
    "The IMF",
    "The opposition leader",
    "NVIDIA",
    "The Census Bureau",
    "The Labor Department",
]
TOPICS_IT = [
    "la disoccupazione",
    "il debito pubblico",
    "l'inflazione",
    "le tasse sulla casa",
    "la spesa sanitaria",
    "il prezzo della benzina",
    "gli sbarchi di migranti",
    "le emissioni di CO2",
    "il PIL",
    "le pensioni minime",
    "il costo dell'energia",
    "gli stipendi degli insegnanti",
    "i posti letto negli ospedali",
    "la produzione industriale",
    "le esportazioni di vino",
    "il numero di laureati",
    "i furti in casa",
]
TOPICS_EN = [
    "unemployment",
    "the national debt",
    "inflation",
    "property taxes",
    "health spending",
    "petrol prices",
    "migrant arrivals",
    "CO2 emissions",
    "GDP",
    "the minimum pension",
    "energy bills",
    "teacher salaries",
    "hospital beds",
    "industrial output",
    "wine exports",
    "the number of graduates",
    "burglaries",
]
VERBS_IT = ["è aumentato", "è diminuito", "è raddoppiato", "è crollato", "è cresciuto", "è sceso", "è salito"]
VERBS_EN = ["rose", "fell", "doubled", "collapsed", "grew", "dropped", "increased"]
PLACES_IT = ["in Italia", "nel Mezzogiorno", "in Lombardia", "a Milano", "in Sicilia", "in Europa", "nel Lazio"]
PLACES_EN = ["in Britain", "in the US", "in Texas", "in London", "in Europe", "in California", "in Scotland"]

TEMPLATES_IT = [
    "{s} ha dichiarato che {t} {v} del {p}% nel {y} {pl}.",
    "Secondo {s2}, {t} {v} di {n} miliardi di euro {pl} tra il {y0} e il {y}.",
    "{t} {v} {pl}: nel {y} si contavano {k} casi in più rispetto al {y0}, afferma {s2}.",
    "{s} sostiene che {pl} {t} sia il più alto d'Europa dal {y0}.",
    "Nel {y} {s2} ha speso {n} milioni di euro per {t} {pl}, il doppio rispetto al {y0}.",
]
TEMPLATES_EN = [
    "{s} said {t} {v} by {p}% in {y} {pl}.",
    "According to {s2}, {t} {v} by ${n} billion {pl} between {y0} and {y}.",
    "{t} {v} {pl}: there were {k} more cases in {y} than in {y0}, {s2} claims.",
    "{s} claims that {t} {pl} is the highest in Europe since {y0}.",
    "In {y} {s2} spent ${n} million on {t} {pl}, twice as much as in {y0}.",
]
RATINGS_IT = ["Vero", "C'eri quasi", "Nì", "Pinocchio andante", "Panzana pazzesca", "Falso"]
RATINGS_EN = ["True", "Mostly true", "Half true", "Mostly false", "False", "Pants on fire"]


def _fill(rng: random.Random, lang: str) -> str:
    it = lang == "it"
    template = rng.choice(TEMPLATES_IT if it else TEMPLATES_EN)
    subject = rng.choice(SUBJECTS_IT if it else SUBJECTS_EN)
    y = rng.randint(1995, 2025)
    return template.format(
        s=subject,
        s2=subject[0].lower() + subject[1:],
        t=rng.choice(TOPICS_IT if it else TOPICS_EN),
        v=rng.choice(VERBS_IT if it else VERBS_EN),
        p=f"{rng.randint(1, 80)}{',' if it else '.'}{rng.randint(0, 9)}",
        y=y,
        y0=y - rng.randint(1, 15),
        n=rng.randint(2, 900),
        k=rng.randint(100, 99000),
        pl=rng.choice(PLACES_IT if it else PLACES_EN),
    )


def factchecks(n: int, seed: int = 7):
    """Yield (claim_reviewed, language, rating) for n synthetic fact-checks."""
    rng = random.Random(seed)
    for i in range(n):
        lang = "it" if i % 2 == 0 else "en"
        ratings = RATINGS_IT if lang == "it" else RATINGS_EN
        yield _fill(rng, lang), lang, rng.choice(ratings)


def reword(text: str, lang: str) -> str:
    """A second wording of a stored claim: word order, accents, apostrophes and number style change."""
    out = text.replace("’", "'").replace("'", "’")
    if lang == "it":
        out = out.replace("è aumentato", "e' cresciuto").replace("dichiarato che", "detto che")
        out = out.replace(",", ".", 1) if "%" in out else out
        if ": " in out:
            a, b = out.rstrip(".").split(": ", 1)
            out = f"{b[0].upper()}{b[1:]}, e quindi {a[0].lower()}{a[1:]}."
        out = out.replace(" miliardi di euro", " mld di euro")
    else:
        out = out.replace(" said ", " stated that ").replace("rose", "increased")
        if ": " in out:
            a, b = out.rstrip(".").split(": ", 1)
            out = f"{b[0].upper()}{b[1:]}; so {a[0].lower()}{a[1:]}."
        out = out.replace(" billion", "bn")
    return out
