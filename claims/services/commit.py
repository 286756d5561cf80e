"""Running work after the current transaction commits."""

from django.db import transaction


def after_commit(func, *args, **kwargs) -> None:
    """Call func(*args, **kwargs) once the transaction commits (at once outside one).

    A message sent before COMMIT reaches a worker that cannot see the rows yet, so every
    task is sent from here. robust: a broker that is down must not turn committed work
    into an error for the user; it is logged, and the periodic sweeps send it later.
    The arguments are bound now, not read from the caller's variables later.
    """

    def call():
        func(*args, **kwargs)

    # Django names the callback when it logs a failure; a functools.partial has no
    # __qualname__ and would make that logging itself crash.
    call.__qualname__ = call.__name__ = f"after_commit({getattr(func, '__qualname__', func)!s})"
    transaction.on_commit(call, robust=True)
