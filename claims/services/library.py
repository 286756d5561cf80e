"""The reference library: trusted documents editors upload for the evidence step."""

import hashlib

from django.db import transaction

from ..models import Passage, ReferenceDocument
from ..verification import search
from ..verification.documents import DocumentError, document_text, split_passages
from ..verification.normalize import normalize
from .articles import clean_source_url

__all__ = ["DocumentError", "document_add"]


def document_add(
    *, data: bytes, filename: str = "", content_type: str = "", title: str = "", source_url: str = "", uploaded_by=None
) -> tuple[ReferenceDocument, bool]:
    """Extract, split and index a document; (document, created). The same bytes twice
    give the existing document. Nothing is stored when the file is refused (DocumentError)."""
    source_url = clean_source_url(source_url)
    digest = hashlib.sha256(data).hexdigest()
    existing = ReferenceDocument.objects.filter(sha256=digest).first()
    if existing:
        return existing, False
    doc = document_text(data, filename=filename, content_type=content_type)
    passages = split_passages(doc.text, doc.language)
    if not passages:
        raise DocumentError("The document has no text to index.")
    with transaction.atomic():
        document = ReferenceDocument.objects.create(
            title=(title or doc.title or filename or "Untitled document")[:500],
            filename=filename[:300],
            content_type=doc.content_type,
            language=doc.language,
            source_url=source_url,
            sha256=digest,
            text=doc.text,
            pages=doc.pages,
            passage_count=len(passages),
            state=ReferenceDocument.State.INDEXED,
            uploaded_by=uploaded_by,
        )
        Passage.objects.bulk_create(
            [
                Passage(
                    document=document,
                    position=p.position,
                    start=p.start,
                    end=p.end,
                    text=p.text,
                    language=doc.language,
                    match_text=normalize(p.text, doc.language),
                )
                for p in passages
            ],
            batch_size=1000,
        )
    search.refresh_statistics("claims_passage")
    return document, True
