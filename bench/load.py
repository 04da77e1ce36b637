"""Load generator: locust (as a library, headless) in its own process.

Run as `python -m bench.load SPEC.json OUT.json` by `bench.http`; kept out of the
main bench process because locust monkey-patches the standard library with gevent.

SPEC: host, path, headers, payloads (file of JSON bodies, one a line), users, and
either `requests` (closed loop: that many, as fast as the service answers),
`duration_s` (closed loop for that long) or `rate` + `duration_s` (open loop: a
request every users/rate seconds per user, whatever the service's pace).
OUT: requests, failures (with a few samples), wall_s, latencies_ms (client-side,
from sending to the last byte of the response).
"""
from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from itertools import cycle  # noqa: E402

import gevent  # noqa: E402
from locust import FastHttpUser, constant, constant_pacing, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402


def run(spec: dict) -> dict:
    with open(spec["payloads"], "rb") as lines:
        payloads = [line.rstrip(b"\n") for line in lines if line.strip()]
    total = spec.get("requests")
    bodies = iter(payloads * (total // len(payloads) + 1)) if total else cycle(payloads)
    limit = total or float("inf")
    users, rate = spec["users"], spec.get("rate")
    # Open loop: users start 1/rate s apart and each sends every users/rate s, so requests
    # arrive evenly at `rate`; only those sent after the last user started are measured.
    ramp_s = users / rate if rate else 0.0
    state = {"sent": 0, "done": 0, "last": None}
    latencies_ms: list[float] = []
    failures: list[str] = []
    headers = {"Content-Type": "application/json", **spec.get("headers", {})}

    class Client(FastHttpUser):
        host = spec["host"]
        wait_time = constant_pacing(users / rate) if rate else constant(0)

        @task
        def post(self):
            if state["sent"] >= limit:
                gevent.sleep(0.05)
                return
            state["sent"] += 1
            sent = time.perf_counter()
            with self.client.post(spec["path"], data=next(bodies), headers=headers, catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"{response.status_code}")
                    failures.append(f"{response.status_code}: {(response.text or '')[:200]}")
            if sent >= window_start:
                state["done"] += 1
                state["last"] = time.perf_counter()
                latencies_ms.append((state["last"] - sent) * 1000)

    env = Environment(user_classes=[Client], events=events)
    runner = env.create_local_runner()
    started = time.perf_counter()
    window_start = started + ramp_s
    runner.start(users, spawn_rate=rate or users)
    deadline = window_start + spec.get("duration_s", float("inf"))
    while state["done"] < limit and time.perf_counter() < deadline:
        gevent.sleep(0.02)
    runner.quit()
    wall = (state["last"] or window_start) - window_start
    return {"requests": state["done"], "failures": len(failures), "failure_samples": failures[:5], "wall_s": wall, "latencies_ms": latencies_ms}


if __name__ == "__main__":
    spec_path, out_path = sys.argv[1:3]
    with open(spec_path) as f:
        result = run(json.load(f))
    with open(out_path, "w") as f:
        json.dump(result, f)
