"""Responses whose content is the same in every language say so in their headers.

LocaleMiddleware marks every response `Vary: Accept-Language` and gives it the request's
Content-Language, which is right for translated pages and wrong for published data (the
ClaimReview feed is in each review's own language, whoever asks): a shared cache would
keep one copy per browser language of the same bytes, and a reader would be told the feed
is in English. A view sets `response.language_independent = True`; this middleware, listed
before LocaleMiddleware (so it sees the response after it), takes those two headers back.
"""

from django.utils.cache import cc_delim_re


class LanguageIndependentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "language_independent", False):
            if response.has_header("Vary"):
                kept = [v for v in cc_delim_re.split(response["Vary"]) if v and v.lower() != "accept-language"]
                if kept:
                    response["Vary"] = ", ".join(kept)
                else:
                    del response["Vary"]
            if response.has_header("Content-Language"):
                del response["Content-Language"]
        return response
