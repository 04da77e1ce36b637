"""Quote attribution service: the Flask app factory."""
from __future__ import annotations

import sys

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import Settings
from .pipeline import Extractor, ModelNotFound, load_nlp

__version__ = "0.1.0"


def create_app(settings: Settings | None = None, *, extractor: Extractor | None = None) -> Flask:
    """Build the app; loads the spaCy pipeline unless an `extractor` is given (tests share one)."""
    from swagger_ui_bundle import swagger_ui_path

    from . import jsonbody, limits, observability, security, web
    from .api import BLUEPRINTS
    from .errors import Api, register_error_handlers
    from .tasks import Queue

    settings = settings or Settings.from_env()
    app = Flask(__name__)
    if settings.proxy_hops:  # behind nginx (deploy/proxy.py): the client's address is in X-Forwarded-For
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxy_hops, x_proto=settings.proxy_hops)
    app.config.update(
        QUOTES=settings,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        API_TITLE="Quote attribution",
        API_VERSION=__version__,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="/docs/assets/",
    )
    limits.init_app(app)
    security.init_app(app)
    jsonbody.init_app(app)
    app.json.sort_keys = False
    if extractor is None:
        extractor = load_extractor(settings)
    app.extensions["extractor"] = extractor
    app.extensions["queue"] = Queue(settings, extractor=extractor)  # built on first use
    observability.init_app(app)

    api = Api(app, spec_kwargs={"extra_plugins": [security.AccessControlDocs(settings)]})
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    app.register_blueprint(web.blp)  # a page, not an API resource: kept out of the OpenAPI document
    register_error_handlers(app, api)

    @app.route("/docs/assets/<path:filename>")
    def swagger_assets(filename: str):
        from flask import send_from_directory

        return send_from_directory(swagger_ui_path, filename)

    return app


def load_extractor(settings: Settings) -> Extractor:
    """Load the configured pipeline, or stop start-up with one clear line."""
    from .names import first_names_for

    try:
        return Extractor(load_nlp(settings.spacy_model, chunk_chars=settings.chunk_chars), first_names_for(settings))
    except ModelNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(3) from None
