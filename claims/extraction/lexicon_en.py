"""English phrase tables for signals.py (entry syntax: see lexicon_it.py)."""

from .lexicon_it import CAPSEQ

_ART = r"(?:the|a|an)"
_ADJ = r"(?:recent|new|latest|several|some|anonymous|multiple|two|three|many|unnamed|senior)"
_SRC_NOUN = (r"(?:sources|source|experts|expert|analysts|analyst|estimates|data|report|reports"
             r"|study|studies|research|survey|poll|officials|official|police|prosecutors"
             r"|investigators|authorities|spokesperson|spokesman|spokeswoman|documents|statement"
             r"|government|ministry|figures|people\s+familiar\s+with\s+the\s+matter|insiders"
             r"|economists|scientists|researchers|filings|records|media\s+reports)")
SRC = rf"(?:{_ART}\s+)?(?:{_ADJ}\s+)?(?:{_SRC_NOUN}(?:\s+(?:from|at|of|by)\s+{CAPSEQ})?|{CAPSEQ})"
ANY_SRC = rf"(?:{_ART}\s+)?(?:{CAPSEQ}|[^\W\d_]+)"  # see lexicon_it.ANY_SRC

ATTRIBUTION = [
    ("according to", rf"(?:\s+{SRC})?"),
    ("as reported", rf"\s+(?:by|in)(?:\s+{ANY_SRC})?"),
    ("said", r"(?:\s+in\s+a\s+statement)?"), "says", "told", "reported", "reportedly",
    "claimed", ("claims", r"\s+that"), "stated", "announced", "confirmed", "added", "noted",
    "explained", "wrote", "warned", "argued", "insisted", "denied", "admitted", "revealed",
    "tweeted", "in a statement", "in an interview",
    ("sources", rf"\s+(?:say|said|told|close\s+to(?:\s+{CAPSEQ})?)"),
    "experts say", "analysts say", "officials say", "critics say", "officials said",
    "analysts said", "experts said", "people familiar with the matter",
    ("a report", rf"\s+(?:by|from|in)\s+{CAPSEQ}"),
    ("a spokesperson", rf"\s+for\s+{CAPSEQ}"), ("a spokesman", rf"\s+for\s+{CAPSEQ}"),
    ("a spokeswoman", rf"\s+for\s+{CAPSEQ}"),
]

HEDGES = [
    "reportedly", "allegedly", "alleged", "=may", "might", "could", "would",
    "appears to", "appear to", "appeared to", "seems", "seem to", "seemed", "apparently",
    "reported to be", "it is believed", "is believed to", "are believed to", "believed to be",
    "thought to be", "is said to", "are said to", "rumoured", "rumored", "rumours", "rumors",
    "unconfirmed", "purportedly", "supposedly", "possibly", "perhaps", "probably", "likely",
    "is likely to", "are likely to", "suggests", "it is unclear", "it's unclear", "presumably",
    "an estimated",
    # Approximations count as hedges only before a quantity ("about 500", not "talk about").
    ("about", r"(?=\s+(?:[$€£]\s?)?\d|\s+(?:a\s+)?(?:half|third|quarter|dozen))"),
    ("around", r"(?=\s+(?:[$€£]\s?)?\d)"), ("roughly", r"(?=\s+(?:[$€£]\s?)?\d|\s+(?:a\s+)?half)"),
    ("nearly", r"(?=\s+(?:[$€£]\s?)?\d|\s+(?:a\s+)?half|\s+(?:one|two|three)\b)"),
    ("almost", r"(?=\s+(?:[$€£]\s?)?\d|\s+(?:a\s+)?half)"),
    "approximately", "some estimates", "more or less",
]

OPINION = [
    # "I" is a capital anywhere; the lower-case forms meet a lowered sentence opening.
    "=I think", "=I believe", "=I feel",
    "i think", "i believe", "i feel", "we believe", "we think", "in my opinion", "in my view",
    "in our view", "in our opinion", "clearly", "obviously", "needless to say", "frankly",
    "undoubtedly", "without a doubt",
    ("it is", r"\s+(?:obvious|clear|evident|undeniable|plain)\s+that"
              r"|\s+a\s+(?:disgrace|shame|scandal)"),
    ("it's", r"\s+(?:obvious|clear|evident|undeniable|plain)(?:\s+that)?"
             r"|\s+a\s+(?:disgrace|shame|scandal)"),
    "should be ashamed",
]

EVALUATIVE = [
    "terrible", "awful", "horrible", "ridiculous", "absurd", "disgraceful", "shameful",
    "outrageous", "wonderful", "fantastic", "amazing", "excellent", "pathetic", "disastrous",
    "brilliant", "stupid", "incompetent", "unacceptable", "disgusting", "appalling",
    "embarrassing", "disgrace", "scandalous", "unfortunately", "sadly", "magnificent",
    "useless", "dreadful", "superb",
]

PREDICTION = [
    "will", "won't", "shall", "ll", "is expected to", "are expected to", "was expected to",
    "expected to", "is set to", "are set to", "is projected to", "are projected to",
    "is forecast to", "are forecast to", "is poised to", "are poised to", "is likely to",
    "are likely to", "next year", "next month", "next week", "in the coming", "in the future",
    "forecast", "forecasts", "projected", "predicts", "predicted", "is due to", "are due to",
    ("going to", r"\s+(?!the\b|a\b|an\b|his\b|her\b|their\b|my\b|our\b|your\b|its\b)\w+"),
]
PREDICTION_YEAR = [
    ("by", r"\s+(?:the\s+end\s+of\s+)?\d{4}(?!\d)"),
]

COMPARISON = [
    "than", "compared to", "compared with", "in comparison", "relative to", "versus", "vs",
    "twice as", "half as", "as much as", "as many as", "times more", "times less",
    "times as", "doubled", "tripled", "halved", "outnumber", "outnumbered", "outpaced",
    "the largest", "the biggest", "the highest", "the lowest", "the smallest", "the most",
    "the least", "the fastest", "the slowest", "the best", "the worst", "the richest",
    "the poorest", "the oldest", "the cheapest", "the strongest", "the weakest",
    "the greatest", "the longest", "the shortest", "the largest-ever", "record high",
    "record low", "exceeds", "exceeded", "surpassed", "overtook",
]

CAUSAL = [
    "because", "because of", "due to", "caused", "causes", "causing", "cause of", "led to",
    "leads to", "leading to", "lead to", "as a result", "result of", "resulted in",
    "resulting in", "owing to", "thanks to", "therefore", "hence", "consequently",
    "triggered", "driven by", "blamed on", "blamed for", "attributed to", "contributed to",
    "stems from", "stemmed from", "fueled by", "fuelled by", "in response to",
]

IGNORED = [
    "rather than", "other than", "more often than not", "no sooner than", "the most part",
    "at the most", "at most", "the will", "free will", "ill will",
]

STOPWORDS = {
    "The", "A", "An", "In", "On", "At", "Of", "For", "By", "With", "From", "To", "Into", "As",
    "And", "Or", "But", "Nor", "So", "Yet", "If", "When", "While", "Since", "After", "Before",
    "During", "Although", "Though", "Because", "However", "Moreover", "Meanwhile", "Therefore",
    "Thus", "Also", "Still", "This", "That", "These", "Those", "It", "Its", "It's", "He", "She",
    "They", "We", "You", "I", "His", "Her", "Their", "Our", "My", "Your", "There", "Here",
    "What", "Which", "Who", "Whom", "Whose", "Why", "How", "Where", "Some", "Many", "Most",
    "All", "Any", "Each", "Every", "Several", "Such", "Other", "Another", "No", "Not", "Yes",
    "According", "Despite", "Instead", "Indeed", "Last", "Next", "Earlier", "Later", "Now",
    "Today", "Yesterday", "Tomorrow", "Then", "Only", "Even", "Just", "Nevertheless",
    "Furthermore", "Additionally", "Overall", "Currently", "Recently", "Finally", "Perhaps",
    "Reportedly", "Allegedly", "Clearly", "Obviously", "Unfortunately", "Sources", "Source",
    "Analysts", "Experts", "Officials", "Critics", "Under", "Over", "Between", "Among",
    "Against", "Without", "Within", "Through", "About", "Around", "Nearly", "Almost",
}

MONTHS = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
    "August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
    "Oct": 10, "Nov": 11, "Dec": 12,
}
DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

HEAD_NOUNS = {
    "University", "Bank", "Department", "Ministry", "Minister", "Secretary", "Institute",
    "Agency", "Commission", "Court", "Foundation", "Museum", "Authority", "Board", "Bureau",
    "Office", "Council", "House", "Chamber", "Prince", "Princess", "Duke", "Duchess", "King",
    "Queen", "Republic", "Kingdom", "States", "Gulf", "Isle", "City", "Port", "Strait", "Sea",
    "Bay", "Cape", "Statue", "Church", "Centre", "Center", "Centers", "Centres", "School",
    "College", "Academy", "Association", "Federation", "Union", "League", "Society", "Party",
    "Governor", "President", "Mayor", "Director", "Head", "Chief", "Leader", "Speaker",
    "Chair", "Chairman", "Order", "Division", "Journal", "Times", "Daily", "Library", "Hall",
    "Lake", "Mount", "Gate", "Fund", "Organization", "Organisation", "Parliament", "Senate",
}
