"""API tokens: looked up by their hash (claims/models/tokens.py), and a limit on wrong ones.

DRF's throttles run after authentication, so a request with a wrong token is refused (401)
before any throttle counts it: guessing tokens would be free. Here wrong tokens are counted
per client address; past FACTCHECK_API_BAD_TOKEN_LIMIT within LOGIN_LOCKOUT_MINUTES, every
token request from that address is answered 429 until the window ends, right token or not.
"""

from django.conf import settings
from django.core.cache import cache
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled

from ..auth import client_ip
from ..services.tokens import api_token_user


class HashedTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        if not request.META.get("HTTP_AUTHORIZATION", "").startswith(self.keyword):
            return None  # no token offered: another authentication class may apply
        key = f"api-bad-tokens:{client_ip(request)}"
        window = int(settings.AXES_COOLOFF_TIME.total_seconds())
        if (cache.get(key) or 0) >= settings.FACTCHECK_API_BAD_TOKEN_LIMIT:
            raise Throttled(wait=window, detail="Too many wrong API tokens from this address; try again later.")
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            if not cache.add(key, 1, window):
                try:
                    cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.add(key, 1, window)
            raise

    def authenticate_credentials(self, key):
        user = api_token_user(key)
        if user is None:
            raise AuthenticationFailed("Invalid token.")
        return (user, None)
