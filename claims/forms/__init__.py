"""Forms, one module per page family (queue, review, articles)."""
