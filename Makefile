# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: install run run-prod test eval bench soak clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m service.names  # the first-name index, written once per machine
	touch $(STAMP)

install: $(STAMP)

# Local use: gunicorn straight on HOST:PORT (no proxy; do not expose it). The queue worker
# runs beside it; Ctrl-C (or gunicorn exiting) stops both.
run: $(STAMP)
	$(BIN)/python -m service.worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c deploy/gunicorn.conf.py 'service:create_app()'

# What to expose: nginx (deploy/nginx/quotes.conf) on HOST:PORT in front of gunicorn on a
# private socket, so slow clients never hold a worker (deploy/proxy.py); needs Debian's nginx.
run-prod: $(STAMP)
	$(BIN)/python -m service.worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python deploy/proxy.py

test: $(STAMP)
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/python -m service eval

# Throughput, latency and memory against the spaCy floor (artifacts/bench-*.json); QUICK=1 for a short check.
bench: $(STAMP)
	$(BIN)/python -m bench $(if $(QUICK),--quick)

# Five minutes of real gunicorn at saturation, valid and hostile requests mixed (artifacts/soak.json).
soak: $(STAMP)
	$(BIN)/python -m bench.soak --minutes $(or $(MINUTES),5)

clean:
	rm -rf $(VENV) build *.egg-info
