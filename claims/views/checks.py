"""The automated checks of a claim in words: whether they ran and what they found, never a
verdict. "Verified" in green read as "true" to fact-checkers; the pages say "Checks done:
2 matches, 0 evidence" instead."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Claim

V = Claim.Verification


class ChecksSummary:
    """Words for the checks of many claims: the state names are translated once a page."""

    def __init__(self):
        self.labels = {k: str(v) for k, v in V.choices}
        self.pattern = _("%(state)s: %(matches)s, %(evidence)s")

    def __call__(self, state: str, n_matches: int | None = None, n_evidence: int | None = None) -> str:
        """ "Checks done: 2 matches, 0 evidence" when the checks ran and the counts are known,
        else the state's name ("Checks running", "No automated checks"...)."""
        label = self.labels.get(state, state)
        if state != V.VERIFIED or n_matches is None or n_evidence is None:
            return label
        return self.pattern % {
            "state": label,
            "matches": ngettext("%(n)d match", "%(n)d matches", n_matches) % {"n": n_matches},
            "evidence": ngettext("%(n)d evidence passage", "%(n)d evidence passages", n_evidence) % {"n": n_evidence},
        }


def checks_summary(state: str, n_matches: int | None = None, n_evidence: int | None = None) -> str:
    return ChecksSummary()(state, n_matches, n_evidence)
