import os

import pytest

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres:postgres@localhost:5432/orbit_test")


@pytest.fixture
def settings(monkeypatch):
    monkeypatch.setenv("WAREHOUSE_URL", TEST_DATABASE_URL)
    monkeypatch.setenv("REDIS_URL", "redis://localhost:6379/15")
    from pipeline.settings import load

    return load()


@pytest.fixture
def admin_user():
    return {"username": "admin", "password": "test-only-password"}
