"""The API's views, one module per resource: articles, claims, verdicts (with ratings)."""
