"""An HTTP proxy on 127.0.0.1 that forwards every request to a real engine and
records what was sent: method, path, query parameters, headers and body.

Point the project's ``ELASTICSEARCH_URL`` at :attr:`RecordingProxy.url` and
everything it sends (the Python client's calls and the ``GET /`` detection,
which uses urllib) passes through here unchanged.
"""

from __future__ import annotations

import http.client
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
}


@dataclass
class Recorded:
    method: str
    path: str
    params: dict
    headers: dict
    body: bytes
    status: int

    def json_bodies(self):
        """The body as JSON documents: one, or one per line (bulk, NDJSON)."""
        if not self.body:
            return []
        text = self.body.decode("utf-8")
        try:
            return [json.loads(text)]
        except ValueError:
            return [json.loads(line) for line in text.splitlines() if line.strip()]

    def __str__(self):
        query = "&".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.method} {self.path}{'?' + query if query else ''}"


class RecordingProxy:
    def __init__(self, upstream: str) -> None:
        target = urlsplit(upstream)
        self.upstream_host = target.hostname
        self.upstream_port = target.port or 9200
        self.requests: list[Recorded] = []
        self.recording = True
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP
                }
                upstream = http.client.HTTPConnection(
                    proxy.upstream_host, proxy.upstream_port, timeout=120
                )
                try:
                    upstream.request(self.command, self.path, body or None, headers)
                    answer = upstream.getresponse()
                    payload = answer.read()
                finally:
                    upstream.close()
                parts = urlsplit(self.path)
                with proxy._lock:
                    if proxy.recording:
                        proxy.requests.append(
                            Recorded(
                                method=self.command,
                                path=parts.path,
                                params=dict(
                                    parse_qsl(parts.query, keep_blank_values=True)
                                ),
                                headers={k.lower(): v for k, v in headers.items()},
                                body=body,
                                status=answer.status,
                            )
                        )
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in HOP_BY_HOP | {"content-length"}:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> RecordingProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
