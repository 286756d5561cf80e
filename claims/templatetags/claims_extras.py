import json

from django import template
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe

from ..display import show_text

register = template.Library()


@register.filter
def shown(text) -> str:
    """Text people wrote, with invisible formatting characters neutralised and marked
    (claims/display.py): a claim never displays differently from its text."""
    return show_text("" if text is None else str(text))


@register.filter
def ld_json(data) -> str:
    """A <script type="application/ld+json"> block.

    Django's json_script writes type="application/json", which search engines do not read
    as JSON-LD. The escaping is the same as json_script's: <, > and & become \\u003C etc.,
    so no value (a claim quoting "</script>") can end the block early; the JSON is then safe
    to emit as it is.
    """
    payload = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308 (escaped above)
