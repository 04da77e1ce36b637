"""A real WordPress (Debian's package, on MariaDB) with the plugin in deploy/wordpress/, posting to the service.

Posts are published, updated, saved as drafts and trashed through WordPress's own
REST API (an application password, as an editor's tool would use); the plugin's
webhooks reach the service under real gunicorn, a real queue worker extracts them,
and the stored results are read back over HTTP. Everything runs in a temp dir on
free ports or sockets. Without php, mariadb and wordpress installed the test skips,
except in CI (`CI=true`), where it fails instead (`.ci/run` installs them).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from cms_deliveries import SECRETS
from worker_processes import ROOT, free_port, start_worker, stop, wait_for, worker_env

pytestmark = pytest.mark.slow

WORDPRESS = Path("/usr/share/wordpress")
PLUGIN = ROOT / "deploy" / "wordpress" / "quote-service-webhooks.php"
GUNICORN = Path(sys.executable).with_name("gunicorn")
INSTALL = """<?php
define('WP_INSTALLING', true);
require __DIR__ . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
wp_install('Newsroom', 'editor', 'editor@example.org', false, '', wp_generate_password());
[$password] = WP_Application_Passwords::create_new_application_password(1, array('name' => 'tests'));
echo $password;
"""
# Run in the site with wp-load: publish a post (its delivery may fail), or run the plugin's scheduled
# retries as WP-Cron runs a due event (`do_action_ref_array` with the event's args).
CLI = """<?php
require __DIR__ . '/wp-load.php';
if ($argv[1] === 'publish') {
    echo wp_insert_post(array('post_title' => 'Retry', 'post_status' => 'publish',
        'post_content' => '<p>\u201cWe will try again,\u201d said Ann Park, the harbour master.</p>'));
} else {
    foreach (_get_cron_array() as $hooks) {
        foreach ($hooks['quote_service_retry'] ?? array() as $event) {
            do_action_ref_array('quote_service_retry', $event['args']);
        }
    }
}
"""


def unavailable(reason: str):
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


def run(command: list[str], **kwargs) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)
    assert result.returncode == 0, f"{command[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def mariadb(tmp_path_factory):
    """A private MariaDB server on a unix socket (no port to collide with)."""
    for binary in ("mariadbd", "mariadb-install-db", "mariadb"):
        if not shutil.which(binary):
            unavailable(f"{binary} is not installed")
    root = tmp_path_factory.mktemp("mariadb")
    as_root = ["--user=root"] if os.geteuid() == 0 else []
    run(["mariadb-install-db", "--no-defaults", f"--datadir={root}/data", "--auth-root-authentication-method=normal",
         "--skip-test-db", *as_root])
    socket = root / "server.sock"
    log = root / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(["mariadbd", "--no-defaults", f"--datadir={root}/data", f"--socket={socket}",
                                   "--skip-networking", "--skip-log-bin", "--innodb-buffer-pool-size=16M", *as_root],
                                  stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for(socket.exists, 60, "MariaDB to listen", log)
        run(["mariadb", "--no-defaults", f"--socket={socket}", "-uroot", "-e", "CREATE DATABASE wordpress"])
        yield socket
    finally:
        stop(server)


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """The service under gunicorn, and a queue worker, sharing one data directory."""
    root = tmp_path_factory.mktemp("service")
    port = free_port()
    env = {"QUOTES_DATA_DIR": str(root / "data"), "QUOTES_WEBHOOK_SECRET_WORDPRESS": SECRETS["wordpress"]}
    log = root / "service.log"
    with log.open("ab") as output:
        web = subprocess.Popen([str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "service:create_app()"], cwd=ROOT,
                               env=worker_env({**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "1"}),
                               stdout=output, stderr=subprocess.STDOUT)
    worker = start_worker(env, log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: web.poll() is None and ready(f"{base}/readyz"), 90, "gunicorn to be ready", log)
        yield base, log
    finally:
        stop(worker)
        stop(web)


def ready(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.ConnectionError:
        return False


@pytest.fixture(scope="module")
def wordpress(mariadb, service, tmp_path_factory):
    """Debian's WordPress, installed fresh, with the plugin as a must-use plugin, served by `php -S`."""
    if not (WORDPRESS / "wp-settings.php").exists() or not shutil.which("php"):
        unavailable("WordPress (Debian's wordpress package) and php are not installed")
    site = tmp_path_factory.mktemp("wordpress") / "site"
    try:
        subprocess.run(["cp", "-al", str(WORDPRESS), str(site)], check=True, capture_output=True)
    except subprocess.CalledProcessError:  # another filesystem: copy instead of linking
        shutil.copytree(WORDPRESS, site, symlinks=True)
    port = free_port()
    base, _ = service
    (site / "wp-config.php").unlink()
    (site / "wp-config.php").write_text(f"""<?php
define('DB_NAME', 'wordpress'); define('DB_USER', 'root'); define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:{mariadb}');
define('WP_HOME', 'http://127.0.0.1:{port}'); define('WP_SITEURL', 'http://127.0.0.1:{port}');
define('WP_CONTENT_DIR', __DIR__ . '/wp-content'); define('WP_ENVIRONMENT_TYPE', 'local');
define('DISABLE_WP_CRON', true); define('AUTOMATIC_UPDATER_DISABLED', true);
define('QUOTE_SERVICE_WEBHOOK_URL', getenv('QUOTE_SERVICE_URL') ?: '{base}/v1/webhooks/wordpress');
define('QUOTE_SERVICE_WEBHOOK_SECRET', '{SECRETS["wordpress"]}');
$table_prefix = 'wp_';
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
""")
    (site / "wp-content" / "mu-plugins").mkdir()
    shutil.copy(PLUGIN, site / "wp-content" / "mu-plugins" / PLUGIN.name)
    (site / "install.php").write_text(INSTALL)
    (site / "cli.php").write_text(CLI)
    password = run(["php", "install.php"], cwd=site, env={**os.environ, "HTTP_HOST": f"127.0.0.1:{port}"}).strip()
    log = site.parent / "php.log"
    with log.open("wb") as output:
        server = subprocess.Popen(["php", "-S", f"127.0.0.1:{port}", "-t", str(site)], cwd=site,
                                  stdout=output, stderr=subprocess.STDOUT)
    api = f"http://127.0.0.1:{port}/?rest_route=/wp/v2/posts"
    try:
        wait_for(lambda: ready(f"http://127.0.0.1:{port}/?rest_route=/"), 60, "WordPress to answer", log)
        session = requests.Session()
        session.auth = ("editor", password)
        yield session, api, log, site
    finally:
        stop(server)


def stored(base: str, post_id: int):
    response = requests.get(f"{base}/v1/articles/wordpress/{post_id}/quotes", timeout=10)
    return response.json() if response.status_code == 200 else None


def test_posts_published_through_wordpress_are_extracted_and_stored(wordpress, service):
    session, api, wp_log, _ = wordpress
    base, service_log = service
    content = ("<!-- wp:paragraph --><p>The council met on Tuesday.</p><!-- /wp:paragraph -->"
               "<!-- wp:paragraph --><p>\u201cWe will rebuild the bridge before winter,\u201d said Mayor Jane Smith."
               "</p><!-- /wp:paragraph -->")
    created = session.post(api, json={"title": "Bridge", "content": content, "status": "publish"}, timeout=60)
    assert created.status_code == 201, created.text
    post_id = created.json()["id"]
    body = wait_for(lambda: stored(base, post_id), 120, "the published post to be stored", service_log)
    [quote] = body["quotes"]
    assert quote["speaker"] == "Jane Smith" and body["text"][quote["start"]:quote["end"]] == quote["text"]
    assert body["revision"] == created.json()["modified_gmt"]

    draft = session.post(api, json={"title": "Plans", "content": content, "status": "draft"}, timeout=60)
    assert draft.status_code == 201, draft.text

    update = "<p>\u201cThe bridge opens in May,\u201d said Tom Lee, the city engineer.</p>"
    updated = session.post(f"{api}/{post_id}", json={"content": update}, timeout=60)
    assert updated.status_code == 200, updated.text
    body = wait_for(lambda: (b := stored(base, post_id)) and b["quotes"][0]["speaker"] == "Tom Lee" and b, 120,
                    "the update to be stored", service_log)
    assert body["quotes"][0]["role"] == "city engineer"

    trashed = session.delete(f"{api}/{post_id}", timeout=60)
    assert trashed.status_code == 200 and trashed.json()["status"] == "trash", trashed.text
    wait_for(lambda: stored(base, post_id) is None, 120, "the trashed post's result to be removed", service_log)
    assert stored(base, draft.json()["id"]) is None
    assert "quote-service-webhooks" not in wp_log.read_text()  # no delivery failed or was retried


def test_a_delivery_that_fails_is_retried_by_wp_cron(wordpress, service):
    *_, site = wordpress
    base, service_log = service
    down = {**os.environ, "QUOTE_SERVICE_URL": f"http://127.0.0.1:{free_port()}/v1/webhooks/wordpress"}
    published = subprocess.run(["php", "cli.php", "publish"], cwd=site, env=down, capture_output=True, text=True,
                               timeout=60)
    post_id = int(published.stdout)
    assert "attempt 1 of msg_" in published.stderr and "retrying" in published.stderr
    assert stored(base, post_id) is None
    run(["php", "cli.php", "retry"], cwd=site)
    body = wait_for(lambda: stored(base, post_id), 120, "the retried delivery to be stored", service_log)
    assert body["quotes"][0]["speaker"] == "Ann Park"
