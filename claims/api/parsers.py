"""Request bodies: JSON, refused with a 400 when it cannot be read, however it fails."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, plus: JSON nested thousands of levels deep ("[[[[...") makes
    Python's decoder raise RecursionError, which DRF does not catch (a 500). It is input we
    refuse like any other malformed body."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply.") from None
