"""Google Fact Check Tools API (claims:search): published fact-checks of a similar claim.

Off unless GOOGLE_FACTCHECK_API_KEY is set. The key travels in the query string, as
the API requires, so the request URL is never logged and every error message is
scrubbed of it.

The answer, as the API sends it (fields may be missing; an empty result is `{}`):

    {
      "claims": [
        {
          "text": "…the claim as the fact-checker worded it…",
          "claimant": "…who said it…",
          "claimDate": "2024-03-01T00:00:00Z",
          "claimReview": [
            {
              "publisher": {"name": "Pagella Politica", "site": "pagellapolitica.it"},
              "url": "https://…", "title": "…", "reviewDate": "2024-03-04T00:00:00Z",
              "textualRating": "Falso", "languageCode": "it"
            }
          ]
        }
      ],
      "nextPageToken": "…"
    }
"""

import logging
import re
import time
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings

from .base import ConnectorError, http_url, one_line, request_json, truncate_words

log = logging.getLogger(__name__)

SERVICE = "Google Fact Check"

# The API matches on keywords; a whole paragraph only dilutes the match, and a long
# query string risks a 414 from Google's front end.
MAX_QUERY_CHARS = 500
MAX_PAGE_SIZE = 50

# languageCode is BCP-47 ("it", "en", "pt-BR"); anything else is left out rather
# than sent, because the API answers an unknown code with a 400.
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")


def enabled() -> bool:
    return bool(settings.GOOGLE_FACTCHECK_API_KEY)


def search_claims(text: str, language: str = "", *, max_results: int = 10) -> list[dict]:
    """Fact-check reviews of claims similar to `text`, one item per review.

    Raises ConnectorError; `transient` says whether to retry later.
    """
    key = settings.GOOGLE_FACTCHECK_API_KEY
    if not key:
        raise ConnectorError(f"{SERVICE}: not configured (set GOOGLE_FACTCHECK_API_KEY)", transient=False)
    query = truncate_words(one_line(text, 10 * MAX_QUERY_CHARS), MAX_QUERY_CHARS)
    if not query:
        return []
    params = {"query": query}
    language = (language or "").strip()
    if _LANGUAGE.match(language):
        params["languageCode"] = language
    params["pageSize"] = str(max(1, min(int(max_results), MAX_PAGE_SIZE)))
    params["key"] = key

    started = time.monotonic()
    answer = request_json(
        SERVICE,
        _with_query(settings.GOOGLE_FACTCHECK_API_URL, params),
        timeout=settings.CONNECTOR_TIMEOUT,
        secrets=(key,),
    )
    items = _normalise(answer)
    log.info(
        "%s: %d reviews for a %d-character query in %.2fs", SERVICE, len(items), len(query), time.monotonic() - started
    )
    return items


def _with_query(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, urlencode(params)) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _normalise(answer) -> list[dict]:
    if not isinstance(answer, dict):
        raise ConnectorError(f"{SERVICE}: the answer is not a JSON object", transient=False)
    claims = answer.get("claims", [])  # absent when nothing matched
    if not isinstance(claims, list):
        raise ConnectorError(f"{SERVICE}: 'claims' is not a list", transient=False)
    items = []
    for claim in claims:
        if not isinstance(claim, dict):
            continue
        reviews = claim.get("claimReview")
        if not isinstance(reviews, list):
            continue
        for review in reviews:
            if not isinstance(review, dict):
                continue
            publisher = review.get("publisher")
            publisher = publisher if isinstance(publisher, dict) else {}
            items.append(
                {
                    "claim_text": one_line(claim.get("text"), 2000),
                    "claimant": one_line(claim.get("claimant"), 300),
                    "claim_date": one_line(claim.get("claimDate"), 40),
                    "publisher": one_line(publisher.get("name"), 300),
                    "publisher_site": one_line(publisher.get("site"), 300),
                    "review_url": http_url(review.get("url")),
                    "review_title": one_line(review.get("title"), 500),
                    "rating": one_line(review.get("textualRating"), 300),
                    "language": one_line(review.get("languageCode"), 20),
                    "review_date": one_line(review.get("reviewDate"), 40),
                }
            )
    return items
