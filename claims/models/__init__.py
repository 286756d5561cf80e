from .articles import Article, Claim
from .library import EvidenceMatch, Passage, ReferenceDocument
from .verification import ClaimMatch, FactCheck, Snapshot, Source, VerificationRun

__all__ = [
    "Article", "Claim", "ClaimMatch", "EvidenceMatch", "FactCheck", "Passage", "ReferenceDocument", "Snapshot",
    "Source", "VerificationRun",
]
