"""Workers say they are alive: every few seconds each worker writes the time and the queues
it consumes into the broker's Redis; /readyz reads them (claims/selectors/health.py).

A thread in the worker's main process, started when the worker is ready and stopped (its
entry removed) when it shuts down. A worker killed with -9 leaves its last beat, which
ages out: readers count only beats younger than HEARTBEAT_MAX_AGE.
"""

import logging
import socket
import threading
import time

from django.conf import settings

log = logging.getLogger(__name__)

INTERVAL = 5
HEARTBEAT_MAX_AGE = 30


def keys() -> tuple[str, str]:
    """(sorted set hostname -> time of the last beat, hash hostname -> comma-separated queues)."""
    prefix = settings.CELERY_TASK_DEFAULT_QUEUE
    return f"{prefix}:worker-beats", f"{prefix}:worker-queues"


def redis_client():
    import redis

    return redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2, socket_connect_timeout=2)


class Heartbeat:
    def __init__(self, hostname: str, queues: list[str]):
        self.hostname = hostname or socket.gethostname()
        self.queues = ",".join(sorted(queues))
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, name="factcheck-heartbeat", daemon=True)

    def beat(self, client) -> None:
        beats, queues = keys()
        pipe = client.pipeline()
        pipe.zadd(beats, {self.hostname: time.time()})
        pipe.hset(queues, self.hostname, self.queues)
        pipe.execute()

    def run(self) -> None:
        client = redis_client()
        while not self.stop.is_set():
            try:
                self.beat(client)
            except Exception:  # a broker hiccup must not kill the thread; the next beat retries
                log.warning("worker heartbeat failed", exc_info=True)
            self.stop.wait(INTERVAL)
        try:
            beats, queues = keys()
            client.zrem(beats, self.hostname)
            client.hdel(queues, self.hostname)
        except Exception:
            log.warning("could not remove the worker heartbeat", exc_info=True)


_current: Heartbeat | None = None


def start(sender=None, **kwargs) -> None:
    """celery.signals.worker_ready handler."""
    global _current
    if not settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        return
    consumer = getattr(sender, "consumer", None) or sender
    try:
        queues = [q.name for q in consumer.task_consumer.queues]
    except AttributeError:
        queues = []
    _current = Heartbeat(getattr(sender, "hostname", "") or "", queues)
    _current.thread.start()


def stop(sender=None, **kwargs) -> None:
    """celery.signals.worker_shutdown handler."""
    if _current is not None:
        _current.stop.set()
        _current.thread.join(timeout=5)
