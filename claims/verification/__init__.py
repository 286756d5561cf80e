"""What a worker does for one claim, one module per step; each result is stored and shown.

fetch.py        the one SSRF-safe HTTP fetcher (every user-supplied URL goes through it)
normalize.py    text normalisation for evidence search (and linking identical claims)
documents.py    reference-library documents -> text -> passages
evidence.py     top passages for a claim, with rank and highlighted snippet
archive.py      source snapshots (status, final URL, title, text, SHA-256)
connectors/     optional external services, off unless configured

Earlier fact-checks and repeated claims are found by claims/matching/.
"""
