"""History entries hold keys, not words: actions become HistoryEntry.Action keys, and the
words earlier entries stored in their writer's language (ratings, field names, sentences
written into notes) become keys and values the pages translate for each reader."""

import re

from django.db import migrations, models

ACTIONS = {
    "created by split": "created_by_split",
    "verdict created": "verdict_created",
    "verdict saved": "verdict_saved",
    "source added": "source_added",
    "sent back": "sent_back",
    "correction started": "correction_started",
    "link dead": "link_dead",
    "link archived": "link_archived",
}
# The notes the services used to write as sentences, in English and Italian.
CORRECTS = re.compile(r"^(?:Correction of version|Correzione della versione) ([\d, ]+)$")
DRAFT = re.compile(r"^(?:Draft version|Versione) (\d+) (?:of a published verdict|in bozza di un verdetto pubblicato)$")
DISCARD_REASONS = {
    "Not a claim": "not_a_claim",
    "Non è un'affermazione": "not_a_claim",
    "Opinion": "opinion",
    "Opinione": "opinion",
    "Duplicate": "duplicate",
    "Duplicato": "duplicate",
    "Other": "other",
    "Altro": "other",
}


def forwards(apps, schema_editor):
    HistoryEntry = apps.get_model("claims", "HistoryEntry")
    Rating = apps.get_model("claims", "Rating")
    rating_keys = {}
    for rating in Rating.objects.all():
        rating_keys[rating.label_en] = rating.key
        rating_keys[rating.label_it] = rating.key
    for old, new in ACTIONS.items():
        HistoryEntry.objects.filter(action=old).update(action=new)
    # Only entries whose changes or notes carry words need rewriting.
    candidates = HistoryEntry.objects.filter(
        models.Q(changes__has_key="claim status")
        | models.Q(changes__has_key="rating")
        | models.Q(action__in=["link_dead", "link_archived", "published", "correction_started", "discarded"])
    )
    for entry in candidates.iterator(chunk_size=500):
        changes = dict(entry.changes or {})
        note = entry.note
        if "claim status" in changes:
            changes["claim_status"] = changes.pop("claim status")
        if isinstance(changes.get("rating"), list):
            changes["rating"] = [rating_keys.get(v, v) if isinstance(v, str) else v for v in changes["rating"]]
        if entry.action in ("link_dead", "link_archived") and "status" in changes:
            changes["http_status"] = changes.pop("status")
            note = ""  # the fetcher's technical message; the snapshot keeps it
        if entry.action == "published" and (match := CORRECTS.match(note)):
            changes["corrects"] = [None, match.group(1).strip()]
            note = ""
        if entry.action == "correction_started" and (match := DRAFT.match(note)):
            changes["version"] = [None, int(match.group(1))]
            note = ""
        if entry.action == "discarded":
            for label, key in DISCARD_REASONS.items():
                if note == label or note.startswith(label + ". ") or note == label + ".":
                    changes["discard_reason"] = [None, key]
                    note = note[len(label) + 1 :].strip()
                    break
        if changes != entry.changes or note != entry.note:
            HistoryEntry.objects.filter(pk=entry.pk).update(changes=changes, note=note)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0014_factcheck_match_text_gone"),
    ]

    operations = [
        migrations.AlterField(
            model_name='historyentry',
            name='action',
            field=models.CharField(choices=[('added', 'added the claim'), ('edited', 'edited the claim'), ('split', 'split the claim'), ('created_by_split', 'created by a split'), ('merged', 'merged claims'), ('discarded', 'discarded the claim'), ('restored', 'restored the claim'), ('assigned', 'changed the assignment'), ('status', 'changed the status'), ('verdict_created', 'started a verdict'), ('verdict_saved', 'saved the verdict'), ('source_added', 'added a source'), ('submitted', 'submitted the verdict for approval'), ('approved', 'approved the verdict'), ('sent_back', 'sent the verdict back'), ('published', 'published the verdict'), ('correction_started', 'started a correction'), ('link_dead', 'found a dead link'), ('link_archived', 'archived a link')], max_length=40, verbose_name='action'),
        ),
        # Forwards only: the old sentences are not worth rebuilding.
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
