"""Starts a fake upstream and a real `flourish serve` for the conformance suite."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
BINARY = Path(os.environ.get("FLOURISH_BIN", ROOT / ".build" / "debug" / "flourish"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up within {timeout}s")


def catalog_without_breakers(directory):
    """The built-in catalog with circuit breakers that never open: the suites that trigger upstream failures
    on purpose test error translation, and a breaker opened by one test would change the next test's answer.
    test_fallbacks.py tests the breaker with its own catalog."""
    catalog = json.loads((ROOT / "Sources/FlourishRouting/Resources/catalog.json").read_text())
    catalog["routing_policy"]["circuit_breaker"]["failures_to_open"] = 1_000_000
    path = Path(directory) / "catalog.json"
    path.write_text(json.dumps(catalog))
    return str(path)


class Gateway:
    """One running gateway with its own data directory."""

    def __init__(self, upstream_url, extra_env=None):
        if not BINARY.exists():
            raise RuntimeError(f"{BINARY} is missing: run `swift build` first or set FLOURISH_BIN")
        self.port = free_port()
        self.data_dir = tempfile.mkdtemp(prefix="flourish-conformance-")
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")},
            "FLOURISH_PORT": str(self.port),
            "FLOURISH_DATA_DIR": self.data_dir,
            "OPENAI_BASE_URL": upstream_url,
            "OPENAI_API_KEY": "sk-conformance",
            "OPEN_SOURCE_BASE_URL": upstream_url,
            "FLOURISH_LOG_LEVEL": "warning",
            "FLOURISH_MODELS": catalog_without_breakers(self.data_dir),
            **(extra_env or {}),
        }
        self.process = subprocess.Popen([str(BINARY), "serve"], env=self.env)
        self.url = f"http://127.0.0.1:{self.port}"
        wait_for(self.url + "/healthz")

    def cli(self, *args):
        result = subprocess.run([str(BINARY), *args], env=self.env, capture_output=True, text=True, check=True)
        return result.stdout

    def create_client(self, name="conformance"):
        return json.loads(self.cli("clients", "create", "--name", name, "--json"))

    def token(self, credentials):
        response = httpx.post(
            self.url + "/oauth2/token", data={"grant_type": "client_credentials", "scope": "api/access"},
            auth=(credentials["client_id"], credentials["client_secret"]))
        response.raise_for_status()
        return response.json()["access_token"]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def upstream():
    port = free_port()
    process = subprocess.Popen([sys.executable, str(Path(__file__).parent / "fake_upstream.py"), str(port)])
    url = f"http://127.0.0.1:{port}/v1"
    wait_for(url + "/_received")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def gateway(upstream):
    gateway = Gateway(upstream)
    yield gateway
    gateway.stop()
    assert gateway.process.returncode == 0, "flourish serve did not shut down cleanly on SIGTERM"


@pytest.fixture(scope="session")
def credentials(gateway):
    return gateway.create_client()


@pytest.fixture(scope="session")
def token(gateway, credentials):
    return gateway.token(credentials)


@pytest.fixture()
def last_upstream_request(upstream):
    return lambda: httpx.get(upstream + "/_received").json()
