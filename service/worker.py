"""`python -m service.worker`: the huey consumer that extracts queued articles and sends callbacks.

Start as many as you like beside the web processes; each loads the spaCy pipeline
once, migrates a SQLite database, requeues jobs a dead worker left behind, then
consumes until SIGTERM (the running job finishes first) or SIGINT (stops at once;
the interrupted job is swept back onto the queue when its lease runs out).
"""
from __future__ import annotations

import logging
import sys

from . import load_extractor
from .config import Settings
from .tasks import Queue


def main() -> int:
    settings = Settings.from_env()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    queue = Queue(settings, extractor=load_extractor(settings))
    queue.requeue_orphans()
    consumer = queue.huey.create_consumer(
        workers=max(1, settings.worker_threads),
        worker_type="thread",
        initial_delay=0.05,
        backoff=1.5,
        max_delay=1.0,
        graceful_signal="TERM",
    )
    consumer.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
