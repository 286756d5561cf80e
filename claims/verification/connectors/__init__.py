"""Optional external services, each off until its environment variables are set.

  base.py              ConnectorError (shared) and the JSON request through fetch.py
  google_factcheck.py  Google Fact Check Tools claims:search (GOOGLE_FACTCHECK_API_KEY)
  llm.py               an OpenAI-compatible chat endpoint (LLM_API_URL, LLM_MODEL)

Workers call `enabled()` first and treat ConnectorError as "no help from this service
now": `transient` says whether a retry later may succeed.
"""

from .base import ConnectorError

__all__ = ["ConnectorError"]
