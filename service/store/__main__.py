"""`python -m service.store upgrade`: apply the database migrations (needed for PostgreSQL)."""
from __future__ import annotations

import argparse
import sys

from service.config import Settings
from service.store import Store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.store", description=__doc__)
    parser.add_argument("command", choices=["upgrade"], help="upgrade: alembic upgrade head on DATABASE_URL")
    parser.parse_args(argv)
    store = Store(Settings.from_env().database_url)
    store.upgrade()
    print(f"database at head: {store.engine.url.render_as_string(hide_password=True)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
