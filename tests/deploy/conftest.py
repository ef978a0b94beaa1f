"""deploy/nginx.conf served by Debian's nginx, in front of a stub of the web replicas."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or (
    "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None
)


class _Upstream(BaseHTTPRequestHandler):
    """Answers every request 200 with JSON naming the path and the X-Forwarded-For it got."""

    protocol_version = "HTTP/1.1"  # nginx keeps its upstream connections alive
    disable_nagle_algorithm = True  # else each answer waits ~40 ms for a delayed ACK

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        forwarded = self.headers.get("x-forwarded-for", "")
        body = f'{{"data":{{"path":"{self.path}","forwardedFor":"{forwarded}"}}}}'.encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_OPTIONS = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def upstream_port() -> Iterator[int]:
    """A stub of the web replicas on a free local port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()
    thread.join()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _render(workdir: Path, *, port: int, upstream_port: int) -> Path:
    """deploy/nginx.conf pointed at the stub and a free port, in a main config that keeps every
    file nginx writes under `workdir` (so it runs as any user, without touching /etc/nginx)."""
    server = CONF.read_text()
    for old, new in (
        ("server web:8000;", f"server 127.0.0.1:{upstream_port};"),
        ("listen 80;", f"listen 127.0.0.1:{port};"),
    ):
        assert server.count(old) == 1, f"deploy/nginx.conf no longer has one `{old}`"
        server = server.replace(old, new)
    (workdir / "skyport.conf").write_text(server)
    main = workdir / "nginx.conf"
    temp_paths = "\n".join(
        f"    {kind}_temp_path {workdir}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # One process as the current user: no worker user to switch to, even as root.
    main.write_text(
        f"pid {workdir}/nginx.pid;\n"
        f"error_log {workdir}/error.log warn;\n"
        "daemon off;\n"
        "master_process off;\n"
        "events {}\n"
        "http {\n"
        "    access_log off;\n"
        f"{temp_paths}\n"
        f"    include {workdir}/skyport.conf;\n"
        "}\n"
    )
    return main


@pytest.fixture
def edge(tmp_path: Path, upstream_port: int) -> Iterator[str]:
    """nginx serving deploy/nginx.conf on a free port (a fresh one per test: fresh buckets)."""
    if NGINX is None:
        pytest.fail(
            "nginx is not installed: install Debian's package (apt-get install nginx); "
            "CI (.ci/run) installs it"
        )
    port = _free_port()
    config = _render(tmp_path, port=port, upstream_port=upstream_port)
    command = [NGINX, "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(config)]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, f"nginx -t refused the config:\n{checked.stderr}"
    with (tmp_path / "output.log").open("wb") as output:
        nginx = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_listening(port, nginx, tmp_path)
        yield f"http://127.0.0.1:{port}"
    finally:
        nginx.terminate()
        try:
            nginx.wait(timeout=5)
        except subprocess.TimeoutExpired:
            nginx.kill()
            nginx.wait()


def _wait_until_listening(port: int, nginx: subprocess.Popen[bytes], workdir: Path) -> None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if nginx.poll() is not None:
            log = (workdir / "error.log").read_text() + (workdir / "output.log").read_text()
            pytest.fail(f"nginx exited ({nginx.returncode}):\n{log}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.02)
    pytest.fail("nginx did not listen within 5 s")


def edge_client(base_url: str, *, address: str = "127.0.0.1") -> httpx.Client:
    """A client of the edge at `base_url`, calling from `address`."""
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(base_url=base_url, transport=transport, trust_env=False, timeout=5)
