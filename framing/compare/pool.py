"""Worker processes for comparing a streamed folder (:mod:`framing.compare.folder`).

Both passes over a folder are independent per piece: pass 1 summarises each part,
pass 2 clusters each event's claims. :func:`fork_pool` starts the workers and
:func:`in_order` feeds them, a few pieces per worker at a time, so what waits to be
sent never piles up (pass 2 may be reading claims from disk bucket by bucket).

Examples
--------
>>> pool = fork_pool(1)          # one worker: no pool, the caller's process does it
>>> list(in_order(pool, pow, [(2, 3), (3, 2)]))
[8, 9]
"""
from __future__ import annotations

import os
from collections import deque

__all__ = ["fork_pool", "in_order"]


def fork_pool(workers: int):
    """A pool of ``workers`` forked processes (0: one per core), or None for one.

    Call it before reading anything: the workers are forked at once, while this
    process holds no tables and no reader threads, and inherit what is imported.
    """
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from ..stream import quiet_worker

    if workers == 0:
        workers = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                   else os.cpu_count() or 1)
    if workers <= 1:
        return None
    pool = ProcessPoolExecutor(workers, mp_context=get_context("fork"),
                               initializer=quiet_worker)
    pool.submit(os.getpid).result()   # a fork pool starts all its workers on first use
    return pool


def in_order(pool, fn, jobs):
    """``fn(*job)`` for each job, yielded in the order of ``jobs``.

    In ``pool`` with at most four jobs per worker in flight, or here if ``pool`` is
    None.
    """
    if pool is None:
        yield from (fn(*job) for job in jobs)
        return
    limit = 4 * max(getattr(pool, "_max_workers", 1), 1)
    pending: deque = deque()
    for job in jobs:
        pending.append(pool.submit(fn, *job))
        if len(pending) >= limit:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
