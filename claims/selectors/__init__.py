"""Read queries: every page, API endpoint, admin list and export reads through these.

One module per thing read:

queue       the reviewers' queue, the approvals list, the people a claim can be assigned to
claim_page  one claim with what the workers found, its verdict, history and the rating scale
articles    the articles list, one article with its claims, its progress counts
dashboard   the editors' figures
published   published verdicts (public report, ClaimReview feed) and the claim exports' rows
common      what the others share: related-row counters, the latest archive snapshot

Every list reads a constant number of queries whatever its number of rows: related rows
come with select_related / Subquery annotations, never one query per row. Big text
columns (an article's body, a document's text, a snapshot's text, match_text) are never
loaded for lists.
"""
