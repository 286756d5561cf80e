"""schema.org ClaimReview, in and out.

record.py  ClaimReviewRecord: the one model of a review, whoever wrote it
read.py    feeds, JSON(-LD), JSON Lines and HTML pages of other fact-checkers -> records
write.py   a record -> JSON-LD (our published verdicts, and records read from others)
"""
