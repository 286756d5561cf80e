"""The admin console, one module per family of models. Importing them registers them.

articles      Article, Claim (with its verdicts, sources, runs, matches, evidence and history)
review        Verdict (+ its sources), Rating, HistoryEntry
verification  VerificationRun, Source (+ snapshots), Snapshot, FactCheck
library       ReferenceDocument (upload), Passage
actions       the actions on claims and articles, calling the services of the reviewer pages
"""

from . import articles, library, review, verification  # noqa: F401
