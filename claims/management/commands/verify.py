"""Re-queue automated verification: of an article, a claim, or whatever is stuck."""

from django.core.management.base import BaseCommand, CommandError

from claims.models import Article, Claim
from claims.services import verification


class Command(BaseCommand):
    help = "Queue verification again for an article's or a claim's check-worthy claims, or re-send stale runs."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--article", type=int, help="Article id: verify all its check-worthy claims again")
        group.add_argument("--claim", type=int, help="Claim id: verify this claim again")
        group.add_argument(
            "--stale",
            action="store_true",
            help="Re-send runs queued or running for too long (what the periodic sweep does)",
        )

    def handle(self, *args, article, claim, stale, **options):
        if stale:
            ids = verification.runs_requeue_stale()
            self.stdout.write(f"Re-sent {len(ids)} stale run(s).")
            return
        if article is not None and not Article.objects.filter(pk=article).exists():
            raise CommandError(f"no article with id {article}")
        if claim is not None and not Claim.objects.filter(pk=claim).exists():
            raise CommandError(f"no claim with id {claim}")
        ids = verification.runs_requeue(article_id=article, claim_id=claim)
        self.stdout.write(f"Queued {len(ids)} verification run(s).")
