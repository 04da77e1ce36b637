"""`python deploy/probe.py /readyz`: exit 0 when gunicorn on 127.0.0.1:$PORT answers the path 200.

For probes that must run inside the container: the image's HEALTHCHECK, and Kubernetes,
where gunicorn listens on loopback only behind the pod's nginx.
"""
from __future__ import annotations

import os
import sys
import urllib.request


def main(path: str) -> int:
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}{path}"
    try:
        with urllib.request.urlopen(url, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except OSError:
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
