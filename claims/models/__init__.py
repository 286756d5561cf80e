from .articles import Article, Claim
from .library import EvidenceMatch, Passage, ReferenceDocument
from .matching import ClaimRepeat, MatchEntry, MatchMark
from .people import SavedView, WorkSeen
from .review import HistoryEntry, Rating, Verdict, VerdictSource
from .tokens import ApiToken
from .verification import ClaimMatch, FactCheck, Level, Snapshot, Source, VerificationRun

__all__ = [
    "ApiToken",
    "Article",
    "Claim",
    "ClaimMatch",
    "ClaimRepeat",
    "Level",
    "MatchEntry",
    "MatchMark",
    "EvidenceMatch",
    "FactCheck",
    "HistoryEntry",
    "Passage",
    "Rating",
    "ReferenceDocument",
    "SavedView",
    "Snapshot",
    "Source",
    "Verdict",
    "VerdictSource",
    "VerificationRun",
    "WorkSeen",
]
