"""Earlier fact-checks (and claims of ours) that a text repeats: what the workers' matching
step finds for a claim, asked from the command line."""

import json

from django.core.management.base import BaseCommand, CommandError

from claims.matching.find import find_matches, query_language
from claims.models import FactCheck


class Command(BaseCommand):
    help = "Print the earlier fact-checks a claim repeats, best first, with their level and the reasons."

    def add_arguments(self, parser):
        parser.add_argument("text", help="The claim")
        parser.add_argument("--lang", default="auto", help="auto (detected), it, en, ...")
        parser.add_argument("--limit", type=int, default=5)
        parser.add_argument("--format", choices=("json", "text"), default="text")

    def handle(self, *args, text, lang, limit, format, **options):
        text = " ".join(text.split())
        if not text:
            raise CommandError("the text is empty")
        if not 1 <= limit <= 100:
            raise CommandError("--limit is a number from 1 to 100")
        language = query_language(text, lang)
        # The index holds our claims too (repeated claims): asked for more, the fact-checks kept.
        proposals = [p for p in find_matches(text, language, limit=2 * limit) if p.kind == "factcheck"][:limit]
        factchecks = FactCheck.objects.in_bulk([p.object_id for p in proposals])
        matches = [
            {
                "factcheck_id": p.object_id,
                "url": factchecks[p.object_id].url,
                "claim_reviewed": factchecks[p.object_id].claim_reviewed,
                "rating": factchecks[p.object_id].rating_name,
                "score": p.score,
                "level": p.level,
                "reasons": p.reasons,
            }
            for p in proposals
            if p.object_id in factchecks
        ]
        if format == "json":
            self.stdout.write(json.dumps({"language": language, "matches": matches}, ensure_ascii=False))
            return
        self.stdout.write(f"language: {language}")
        if not matches:
            self.stdout.write("no earlier fact-check found")
        for i, m in enumerate(matches, 1):
            self.stdout.write(f"{i}. [{m['level']} {m['score']:.2f}] #{m['factcheck_id']}: {m['claim_reviewed']}")
            if m.get("url"):
                self.stdout.write(f"   {m['url']}")
            r = m["reasons"]
            bits = [f"shared words: {', '.join(r['shared_terms']) or '-'}", f"semantic {r['semantic']:.2f}"]
            if r["numbers"]["shared"]:
                bits.append(f"same numbers: {', '.join(r['numbers']['shared'])}")
            if r["guard"]:
                bits.append(r["guard"])
            self.stdout.write("   " + "; ".join(bits))
