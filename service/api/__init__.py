"""HTTP resources, one module per resource; each registers its blueprint here."""
from __future__ import annotations

from .health import blp as health_blp
from .jobs import blp as jobs_blp
from .quotes import blp as quotes_blp
from .stats import blp as stats_blp
from .webhooks import blp as webhooks_blp

BLUEPRINTS = [health_blp, quotes_blp, webhooks_blp, jobs_blp, stats_blp]
