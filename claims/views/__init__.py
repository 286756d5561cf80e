"""Thin views: check access, validate with a form, call a service, redirect.

One module per page family: queue.py, articles.py, review.py (the claim page, verdicts,
approval). Access checks are in access.py and run on every view, not only in templates.
"""
