"""Reviewer pages under load, on PostgreSQL with 100,000 claims.

Pages: the queue (first page, default filters; and a filtered, later page) and the page
of an article with 500 claims. Served by gunicorn (2 workers) on loopback, as in
production. For each page: median and p95 time per request with one client at a time,
both reloaded (what a reviewer reloading gets: the page cache answers while nothing
changed) and rendered (a unique parameter per request: the cost when data just changed);
then requests per second of reloads under a concurrent load from a second process (wrk if
installed, else a bounded Python load process), as a ratio to the trivial view (/health)
and to the trivial logged-in view (/session) served the same way in the same run.
Prints one JSON line.
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from http.client import HTTPConnection

import _setup


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_data(claims: int, big_article_claims: int):
    """Idempotent: articles of 50 claims up to `claims`, plus one article of 500 claims."""
    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from claims.models import Article, Claim

    reviewers = []
    for i in range(5):
        user, _ = User.objects.get_or_create(username=f"bench-reviewer-{i}")
        user.groups.add(Group.objects.get(name="Reviewer"))
        reviewers.append(user)
    if Claim.objects.filter(article__origin="bench:pages").count() != claims + big_article_claims:
        Article.objects.filter(origin="bench:pages").delete()
        rng = random.Random(1)
        seed = (_setup.ROOT / "seeds" / "000_82384b93ff9f2906.txt").read_text()
        sentences = [s.strip() + "." for s in seed.replace("\n", " ").split(". ") if len(s) > 40]
        statuses = ["new"] * 6 + ["in_review", "submitted", "approved", "discarded"]
        now = timezone.now()

        def article_with(n, title):
            body = " ".join(sentences[i % len(sentences)] for i in range(n))
            article = Article.objects.create(
                title=title,
                body=body,
                body_sha256="0" * 64,
                cleaned_text=body,
                origin="bench:pages",
                state="ready",
                language="it",
            )
            rows, pos = [], 0
            for i in range(n):
                text = sentences[i % len(sentences)]
                rows.append(
                    Claim(
                        article=article,
                        text=text,
                        start=pos,
                        end=pos + len(text),
                        position=i,
                        language="it",
                        score=round(rng.random(), 4),
                        checkworthy=rng.random() < 0.8,
                        claim_type="other",
                        status=rng.choice(statuses),
                        assignee=rng.choice(reviewers + [None, None]),
                        verification_state=rng.choice(["verified", "verified", "pending", "none"]),
                        created_at=now - timezone.timedelta(minutes=rng.randint(0, 60 * 24 * 90)),
                    )
                )
                pos += len(text) + 1
            return rows

        batch = []
        for a in range(claims // 50):
            batch += article_with(50, f"Articolo di prova {a}")
            if len(batch) >= 10_000:
                Claim.objects.bulk_create(batch)
                batch = []
        batch += article_with(big_article_claims, "Articolo con 500 affermazioni")
        Claim.objects.bulk_create(batch)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE claims_claim")
            cursor.execute("ANALYZE claims_article")
    big = Article.objects.get(origin="bench:pages", title="Articolo con 500 affermazioni")
    return reviewers[0], big


def session_cookie(user) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The backend a login records: the last one (the first only refuses locked-out logins).
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    # A browser also holds a CSRF cookie from its first page; the pages' cache is keyed by it.
    from django.middleware.csrf import _get_new_csrf_string

    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={_get_new_csrf_string()}"


def timed_requests(port, path, cookie, n, fresh=False) -> list[float]:
    """Sequential requests; fresh=True adds a unique parameter so each one is rendered
    (not served from the page cache) — the cost of a page whose data just changed."""
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for i in range(n):
        url = f"{path}{'&' if '?' in path else '?'}bench={time.time_ns()}{i}" if fresh else path
        started = time.perf_counter()
        conn.request("GET", url, headers={"Cookie": cookie, "Host": "localhost"})
        response = conn.getresponse()
        body = response.read()
        times.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}: {body[:300]!r}")
    conn.close()
    return times


def load(port, path, cookie, seconds, connections) -> float:
    """Requests per second from a second process: wrk, or a bounded Python fallback."""
    url = f"http://127.0.0.1:{port}{path}"
    if shutil.which("wrk"):
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "-H",
                f"Cookie: {cookie}",
                "-H",
                "Host: localhost",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 30,
        ).stdout
        for line in out.splitlines():
            if line.startswith("Requests/sec:"):
                return float(line.split()[1])
        raise RuntimeError(out)
    code = (
        "import sys,time,threading;from http.client import HTTPConnection\n"
        f"port,path,cookie,sec,c={port},{path!r},{cookie!r},{seconds},{connections}\n"
        "n=[0];end=time.time()+sec\n"
        "def w():\n"
        " h=HTTPConnection('127.0.0.1',port,timeout=30)\n"
        " while time.time()<end:\n"
        "  h.request('GET',path,headers={'Cookie':cookie,'Host':'localhost'});h.getresponse().read();n[0]+=1\n"
        "ts=[threading.Thread(target=w) for _ in range(c)];[t.start() for t in ts];[t.join() for t in ts]\n"
        "print(n[0]/sec)\n"
    )
    return float(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=seconds + 60
        ).stdout.strip()
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100, help="sequential requests per page for the latency")
    parser.add_argument("--seconds", type=int, default=5, help="duration of each load run")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    _setup.django_setup()
    reviewer, big = build_data(args.claims, 500)
    cookie = session_cookie(reviewer)
    from claims.models import Claim

    total_claims = Claim.objects.count()
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _setup.DATABASE_URL,
        "CELERY_BROKER_URL": _setup.BROKER_URL,
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_DEBUG": "0",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "factcheck.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=_setup.ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        pages = {
            "queue": "/queue/",
            "queue_filtered_page_20": "/queue/?status=new&sort=age&min_score=0.2&page=20",
            "article_500_claims": f"/articles/{big.pk}/",
        }
        results = {}
        for name, path in {"health": "/health", "session": "/session", **pages}.items():
            timed_requests(port, path, cookie, 5)  # warm-up
            times = sorted(timed_requests(port, path, cookie, args.requests))
            results[name] = {
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[int(0.95 * len(times)) - 1], 1),
            }
            if name in pages:
                rendered = sorted(timed_requests(port, path, cookie, args.requests, fresh=True))
                results[name].update(
                    rendered_median_ms=round(statistics.median(rendered), 1),
                    rendered_p95_ms=round(rendered[int(0.95 * len(rendered)) - 1], 1),
                )
        baseline = load(port, "/health", cookie, args.seconds, args.connections)
        results["health"]["rps"] = round(baseline, 1)
        # The same trivial response behind the login every reviewer page has (session, user).
        logged_in = load(port, "/session", cookie, args.seconds, args.connections)
        results["session"]["rps"] = round(logged_in, 1)
        for name, path in pages.items():
            rps = load(port, path, cookie, args.seconds, args.connections)
            results[name].update(
                rps=round(rps, 1),
                ratio_to_trivial=round(rps / baseline, 3),
                ratio_to_trivial_logged_in=round(rps / logged_in, 3),
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    print(
        json.dumps(
            {
                "bench": "pages",
                "claims": total_claims,
                "gunicorn_workers": 2,
                "load_tool": "wrk" if shutil.which("wrk") else "python",
                "connections": args.connections,
                "targets": {"p95_ms": 100, "ratio": 0.3},
                "pages": results,
            }
        )
    )


if __name__ == "__main__":
    main()
