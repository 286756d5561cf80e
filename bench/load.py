"""A newsroom's busy two minutes, on loopback: 50 simulated reviewers browse the queue, open
their claims and save verdicts (with a source each) against gunicorn (2 workers,
deploy/gunicorn.conf.py) on PostgreSQL with the shared Redis cache, while two Celery workers
and one beat process a stream of new articles; midway one worker is killed with -9 (and
started again, as systemd's Restart=always would).

Then: requests per second, p50/p95/p99 latency and errors of the reviewers' requests; and
the checks that nothing was lost: every verdict a reviewer saved (a redirect after POST) is
in the database with its explanation and its source, and every article of the stream is
extracted with every check-worthy claim verified. Prints one JSON line.

Bounded: each reviewer stops at the deadline or after --max-iterations, every request has a
timeout, the drain after the load has its own deadline. Loopback only.
    .venv/bin/python bench/load.py [--seconds 120] [--reviewers 50] [--think 2 5]
Each reviewer pauses --think seconds (uniform) after a save: 2-5 s by default, a fast
reviewer; --think 0.5 1.5 offers about twice what two gunicorn workers on two cores serve
and shows the saturation.
"""

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import urlencode

import _setup

VERSION = re.compile(r'name="version" value="(\d+)" id="id_version"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Short limits so work held by the killed worker is taken over within the run: its lease is
# the task time limit + 30 s, and beat's sweep looks every few seconds.
WORKER_ENV = {
    "CELERY_TASK_SOFT_TIME_LIMIT": "15",
    "CELERY_TASK_TIME_LIMIT": "20",
    "FACTCHECK_SWEEP_SECONDS": "5",
    "FACTCHECK_STALE_SECONDS": "10",
    # Loopback only: no source is fetched from the internet.
    "FACTCHECK_ARCHIVE_SOURCES": "0",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(**extra) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": _setup.DATABASE_URL,
        "CELERY_BROKER_URL": _setup.BROKER_URL,
        "CACHE_URL": _setup.BROKER_URL,
        "CELERY_QUEUE": _setup.QUEUE,
        "DJANGO_DEBUG": "0",
        **WORKER_ENV,
        **extra,
    }


def _spawn(args, log_name, **env) -> subprocess.Popen:
    log = open(f"/tmp/bench-load-{log_name}-{os.getpid()}.log", "w")  # noqa: SIM115 - kept open for the child
    proc = subprocess.Popen(
        args, cwd=_setup.ROOT, env=_env(**env), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    proc.log_path = log.name
    return proc


def _stop(proc, sig=signal.SIGTERM):
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def _worker(name):
    return _spawn(
        [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--loglevel=WARNING", "--concurrency=1"]
        + [f"--hostname={name}@%h", "--without-gossip", "--without-mingle"],
        name,
    )


def _article_text(i: int) -> str:
    return "\n\n".join(
        [
            f"Nel {2001 + i % 20} il comune numero {i} ha speso {i + 3} milioni di euro per le strade, secondo il bilancio.",
            f"La disoccupazione nella provincia {i} è scesa al {4 + i % 5},{i % 10}% secondo l'Istat.",
            f"Il sindaco ha dichiarato che i dipendenti pubblici erano {200 + i} nel {2010 + i % 10}.",
            f"Secondo la Banca d'Italia il debito della regione {i} è salito del {i % 7 + 1}% in un anno.",
            "Che cosa ne pensano i cittadini?",
            f"Le esportazioni verso la Germania sono cresciute di {i + 2} miliardi rispetto al 2019.",
        ]
    )


def set_up(reviewers: int, claims_each: int):
    """Reviewers with sessions, and claims assigned to each (no two reviewers share one)."""
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from claims.models import Article, Claim, Verdict
    from claims.services.articles import article_submit

    # An earlier run's rows (verdicts first: their sources protect the claims' sources).
    Verdict.objects.filter(claim__article__origin__startswith="bench:load").delete()
    Article.objects.filter(origin__startswith="bench:load").delete()
    group = Group.objects.get(name="Reviewer")
    people, cookies = [], {}
    for i in range(reviewers):
        user, _ = User.objects.get_or_create(username=f"bench-load-{i}")
        user.groups.add(group)
        people.append(user)
        client = Client()
        client.force_login(user)  # the session lives in the database: gunicorn reads it
        cookies[user.pk] = client.cookies["sessionid"].value
    # One article per few reviewers, processed in-process (eager) before the run starts.
    from factcheck.celery import app

    app.conf.task_always_eager = True
    claims = []
    for i in range(reviewers * claims_each // 4 + 1):
        article = article_submit(body=_article_text(10_000 + i), origin=f"bench:load:base:{i}")
        claims += list(Claim.objects.filter(article=article, checkworthy=True).order_by("position"))
    app.conf.task_always_eager = False
    assigned = {}
    for n, user in enumerate(people):
        mine = claims[n * claims_each : (n + 1) * claims_each]
        assert len(mine) == claims_each, "not enough claims for every reviewer"
        Claim.objects.filter(pk__in=[c.pk for c in mine]).update(assignee=user)
        assigned[user.pk] = [c.pk for c in mine]
    return people, cookies, assigned


class Reviewer(threading.Thread):
    """One person: the queue, one of their claims, a verdict saved; a pause; again."""

    def __init__(self, n, port, session, claims, deadline, max_iterations, rating_pk, results, think):
        super().__init__(daemon=True)
        self.think = think
        self.n, self.port, self.session, self.claims = n, port, session, claims
        self.deadline, self.max_iterations, self.rating_pk = deadline, max_iterations, rating_pk
        self.results = results
        self.rng = random.Random(n)
        self.csrf = None

    def _request(self, method, path, body=None):
        headers = {"Cookie": f"sessionid={self.session}" + (f"; csrftoken={self.csrf}" if self.csrf else "")}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read().decode("utf-8", "replace")
            status = response.status
            for name, value in response.getheaders():
                if name.lower() == "set-cookie" and value.startswith("csrftoken="):
                    self.csrf = value.split(";", 1)[0].split("=", 1)[1]
            conn.close()
        except (OSError, http.client.HTTPException) as exc:
            status, data = 0, str(exc)
        elapsed = time.perf_counter() - started
        self.results["latencies"].append(elapsed)
        kind = "save" if method == "POST" else ("queue" if path.startswith("/queue/") else "claim")
        self.results["by_kind"].setdefault(kind, []).append(elapsed)
        ok = 200 <= status < 400
        if not ok:
            self.results["errors"].append(f"{method} {path}: {status} {data[:200]}")
        return status, data

    def run(self):
        for k in range(self.max_iterations):
            if time.monotonic() > self.deadline:
                return
            self._request("GET", "/queue/?assigned=me")
            claim = self.rng.choice(self.claims)
            status, page = self._request("GET", f"/claims/{claim}/")
            if status != 200 or time.monotonic() > self.deadline:
                continue
            version = VERSION.search(page)
            token = CSRF.search(page)
            explanation = f"bench reviewer {self.n} save {k}"
            url = f"https://example.org/bench/{self.n}/{k}"
            body = urlencode(
                {
                    "csrfmiddlewaretoken": token.group(1) if token else "",
                    "rating": self.rating_pk,
                    "confidence": 70,
                    "explanation": explanation,
                    "as_of": "2025-06-01",
                    "version": version.group(1) if version else "",
                    "seen_history": 0,
                    "action": "save",
                    "src-TOTAL_FORMS": "1",
                    "src-INITIAL_FORMS": "0",
                    "src-MIN_NUM_FORMS": "0",
                    "src-MAX_NUM_FORMS": "30",
                    "src-0-url": url,
                    "src-0-title": "Fonte",
                    "src-0-quote": "",
                    "src-0-stance": "refutes",
                }
            )
            status, _ = self._request("POST", f"/claims/{claim}/verdict/", body)
            if status == 302:  # saved: the page redirects after a successful save
                self.results["saved"][claim] = (explanation, url)
                self.results["saves"].append(claim)
            time.sleep(self.rng.uniform(*self.think))  # reading the claim, typing the verdict


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--reviewers", type=int, default=50)
    parser.add_argument("--claims-each", type=int, default=3)
    parser.add_argument("--articles", type=int, default=40, help="articles in the stream during the run")
    parser.add_argument("--max-iterations", type=int, default=500, help="per reviewer")
    parser.add_argument("--drain-seconds", type=float, default=180, help="to finish the stream's work afterwards")
    # Pause after each save (seconds, uniform): a fast reviewer; --think 0.5 1.5 is a stress test.
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 5.0), metavar=("MIN", "MAX"))
    args = parser.parse_args()

    for name, value in _env().items():
        if name in ("CACHE_URL", "DJANGO_DEBUG", *WORKER_ENV):
            os.environ[name] = value
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # this process prints one JSON line
    _setup.django_setup()
    _setup.purge_queue()
    from claims.models import Article, Claim, Rating, Verdict, VerificationRun
    from claims.services.articles import article_submit

    people, cookies, assigned = set_up(args.reviewers, args.claims_each)
    rating_pk = Rating.objects.get(key="false").pk
    port = _free_port()
    web = _spawn(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "factcheck.wsgi:application"],
        "web",
        WEB_CONCURRENCY="2",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_ACCESS_LOG="",
    )
    workers = {"w1": _worker("w1"), "w2": _worker("w2")}
    beat = _spawn(
        [sys.executable, "-m", "celery", "-A", "factcheck", "beat", "--loglevel=WARNING"]
        + [f"--schedule=/tmp/bench-load-beat-{os.getpid()}"],
        "beat",
    )
    procs = [web, beat]
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or web.poll() is not None:
                raise SystemExit(open(web.log_path).read()[-2000:])
            time.sleep(0.2)

        results = {"latencies": [], "errors": [], "saved": {}, "saves": [], "by_kind": {}}
        started = time.monotonic()
        end = started + args.seconds
        threads = [
            Reviewer(n, port, cookies[u.pk], assigned[u.pk], end, args.max_iterations, rating_pk, results, args.think)
            for n, u in enumerate(people)
        ]
        for t in threads:
            t.start()
        # The stream: new articles through the run; one worker killed with -9 halfway.
        stream, killed_at = [], None
        gap = args.seconds / max(1, args.articles)
        for i in range(args.articles):
            if time.monotonic() > end:
                break
            stream.append(article_submit(body=_article_text(i), origin=f"bench:load:stream:{i}").pk)
            if killed_at is None and time.monotonic() - started > args.seconds / 2:
                os.killpg(workers["w1"].pid, signal.SIGKILL)
                workers["w1"].wait(timeout=10)
                killed_at = round(time.monotonic() - started, 1)
                time.sleep(2)  # then it is started again (Restart=always)
                workers["w1"] = _worker("w1b")
            time.sleep(max(0.0, started + (i + 1) * gap - time.monotonic()))
        for t in threads:
            t.join(timeout=max(1.0, end - time.monotonic() + 15))
        elapsed = time.monotonic() - started

        # Drain: the stream's articles extracted and their claims verified (bounded).
        drain_end = time.monotonic() + args.drain_seconds
        while time.monotonic() < drain_end:
            pending = Article.objects.filter(pk__in=stream).exclude(state__in=["ready", "failed"]).count()
            running = VerificationRun.objects.filter(article_id__in=stream, state__in=["queued", "running"]).count()
            if not pending and not running:
                break
            time.sleep(1)
        drained = round(time.monotonic() - started - elapsed, 1)

        lost_verdicts = []
        for claim_id, (explanation, url) in results["saved"].items():
            verdict = Verdict.objects.filter(claim_id=claim_id).order_by("-number").first()
            urls = list(verdict.sources.values_list("source__url", flat=True)) if verdict else []
            if verdict is None or verdict.explanation != explanation or urls != [url]:
                lost_verdicts.append(claim_id)
        articles = Article.objects.filter(pk__in=stream)
        checkworthy = Claim.objects.filter(article__in=articles, checkworthy=True)
        latencies = sorted(results["latencies"])

        def pct(p, values=latencies):
            values = sorted(values)
            return round(1000 * values[min(len(values) - 1, int(p / 100 * len(values)))], 1) if values else None

        print(
            json.dumps(
                {
                    "benchmark": "load",
                    "reviewers": args.reviewers,
                    "think_s": list(args.think),
                    "seconds": round(elapsed, 1),
                    "requests": len(latencies),
                    "rps": round(len(latencies) / elapsed, 1),
                    "p50_ms": pct(50),
                    "p95_ms": pct(95),
                    "p99_ms": pct(99),
                    "mean_ms": round(1000 * statistics.fmean(latencies), 1) if latencies else None,
                    "p50_p95_ms_by_kind": {k: [pct(50, v), pct(95, v)] for k, v in results["by_kind"].items()},
                    "errors": len(results["errors"]),
                    "error_examples": results["errors"][:3],
                    "verdict_saves": len(results["saves"]),
                    "claims_with_saved_verdicts": len(results["saved"]),
                    "verdicts_lost": len(lost_verdicts),
                    "articles_in_stream": len(stream),
                    "articles_not_ready": articles.exclude(state="ready").count(),
                    "checkworthy_claims": checkworthy.count(),
                    "claims_not_verified": checkworthy.exclude(verification_state="verified").count(),
                    "worker_killed_at_s": killed_at,
                    "drain_s": drained,
                    "gunicorn_workers": 2,
                    "celery_workers": 2,
                }
            )
        )
    finally:
        for proc in (*workers.values(), *procs):
            _stop(proc)


if __name__ == "__main__":
    main()
