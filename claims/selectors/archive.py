"""What became of a source's archiving, in words: an archived copy exists (and may be linked),
or the link is dead, the address was refused, the fetch failed, or nothing was fetched yet.

Pages link an "archived copy" only when a fetch kept one; otherwise they say what happened.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# claims.verification.fetch.FetchError.code -> what a reader is told.
PROBLEMS = {
    "blocked_address": _("refused: the address is not public"),
    "blocked_scheme": _("refused: only http and https addresses are fetched"),
    "bad_url": _("refused: the address is not valid"),
    "too_large": _("not kept: the page is too large"),
    "bad_content_type": _("not kept: not a web page or a document"),
    "timeout": _("no answer in time"),
    "too_many_redirects": _("too many redirects"),
    "dns": _("the site's name does not resolve"),
    "tls": _("the secure connection failed"),
    "connection": _("the connection failed"),
    "protocol": _("the answer could not be read"),
}
REFUSED = ("blocked_address", "blocked_scheme", "bad_url")


@dataclass(frozen=True)
class ArchiveState:
    kind: str  # archived | dead | refused | failed | pending | off
    label: str
    snapshot_id: int | None = None

    @property
    def has_copy(self) -> bool:
        return self.kind == "archived"


def archive_state(
    *,
    snapshot_id: int | None,
    status_code: int | None = None,
    error_code: str = "",
    error: str = "",
    sha256: str = "",
) -> ArchiveState:
    """The state of a source from its latest fetch (snapshot_id None: never fetched)."""
    if snapshot_id is None:
        if not settings.FACTCHECK_ARCHIVE_SOURCES:
            return ArchiveState("off", gettext("not archived: archiving is off"))
        return ArchiveState("pending", gettext("not fetched yet"))
    if error_code in REFUSED:
        return ArchiveState("refused", str(PROBLEMS[error_code]), snapshot_id)
    if error or error_code or status_code is None:
        return ArchiveState("failed", str(PROBLEMS.get(error_code, _("the fetch failed"))), snapshot_id)
    if status_code >= 400:
        return ArchiveState("dead", gettext("dead link (HTTP %(status)s)") % {"status": status_code}, snapshot_id)
    if not sha256:
        return ArchiveState("failed", gettext("the fetch failed"), snapshot_id)
    return ArchiveState("archived", gettext("archived copy"), snapshot_id)


def snapshot_state(snapshot) -> ArchiveState:
    if snapshot is None:
        return archive_state(snapshot_id=None)
    return archive_state(
        snapshot_id=snapshot.pk,
        status_code=snapshot.status_code,
        error_code=snapshot.error_code,
        error=snapshot.error,
        sha256=snapshot.sha256,
    )
