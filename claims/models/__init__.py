from .articles import Article, Claim
from .library import EvidenceMatch, Passage, ReferenceDocument
from .review import HistoryEntry, Rating, Verdict, VerdictSource
from .tokens import ApiToken
from .verification import ClaimMatch, FactCheck, Snapshot, Source, VerificationRun

__all__ = [
    "ApiToken",
    "Article",
    "Claim",
    "ClaimMatch",
    "EvidenceMatch",
    "FactCheck",
    "HistoryEntry",
    "Passage",
    "Rating",
    "ReferenceDocument",
    "Snapshot",
    "Source",
    "Verdict",
    "VerdictSource",
    "VerificationRun",
]
