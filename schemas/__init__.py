"""Marshmallow schemas: the one source of the API's shapes and of its OpenAPI document."""
