"""A tiny OpenAI-compatible ``/v1/chat/completions`` server for the vision-model tests."""

from __future__ import annotations

import http.server
import json
import threading
from dataclasses import dataclass, field


@dataclass
class FakeVlm:
    """Answers every request with ``reply`` (``{n}`` = 1-based request number), or HTTP 500 for
    the request numbers in ``fail``. Records each request body in ``requests``."""

    reply: str = "```markdown\n# Fake model page {n}\n\nTranscribed by the fake model.\n```"
    fail: set[int] = field(default_factory=set)
    requests: list[dict] = field(default_factory=list)
    port: int = 0
    _httpd: http.server.ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> FakeVlm:
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                with fake._lock:
                    fake.requests.append(
                        {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
                    )
                    n = len(fake.requests)
                if self.path != "/v1/chat/completions":
                    return self._send(404, {"error": {"message": "not found"}})
                if n in fake.fail:
                    return self._send(500, {"error": {"message": f"fake failure {n}"}})
                self._send(
                    200,
                    {
                        "id": f"chatcmpl-{n}",
                        "object": "chat.completion",
                        "created": 0,
                        "model": body.get("model"),
                        "choices": [
                            {
                                "index": 0,
                                "finish_reason": "stop",
                                "message": {"role": "assistant", "content": fake.reply.format(n=n)},
                            }
                        ],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    },
                )

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._httpd.server_port
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def parts(self, i: int) -> tuple[str, str]:
        """(prompt text, image_url) of request ``i`` (0-based)."""
        content = self.requests[i]["body"]["messages"][-1]["content"]
        text = "".join(c["text"] for c in content if c["type"] == "text")
        url = next(c["image_url"]["url"] for c in content if c["type"] == "image_url")
        return text, url
