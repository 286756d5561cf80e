"""Turning approved verdicts into what the newsroom publishes and others consume:
the public report page's data, schema.org ClaimReview JSON-LD, and exports."""
