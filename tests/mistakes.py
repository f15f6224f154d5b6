"""Mistyped connection settings, as each front end spells them, and the one line each must answer.

Used by the CLI tests (tests/gate_http/test_connection_mistakes.py) and the engine tests
(tests/e2e/test_connection_mistakes.py). ``{endpoint}``, ``{emulator}`` and ``{other}`` are filled
in by the tests: the URL in use, the emulator's and another HTTP server's.
"""

from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

ENDPOINT_RULE = "must be an http:// or https:// URL with a host name, such as http://127.0.0.1:4599; check it."
REGION_RULE = "must be an AWS region name such as us-east-1; check it."
ATTEMPTS_RULE = "must be a whole number >= 1; check it."
MODE_RULE = "must be legacy, standard, adaptive; check it."


def not_panorama(how: str, setting: str) -> str:
    """An endpoint that answers, but not Panorama's API: the line names the URL as typed and the setting."""
    return (
        f"The Panorama endpoint {{endpoint}} answered DescribePackageImportJob {how}, so it does not serve "
        f"Panorama's API: check {setting}."
    )


#: Each front end's name for the endpoint setting: the CLI's option, Python's and the plugin's input.
SETTINGS = {"cli": "--endpoint-url", "python": "endpoint_url", "plugin": "endpointUrl"}
HTML_404 = {name: not_panorama("with HTTP 404 and no AWS error", setting) for name, setting in SETTINGS.items()}
UNKNOWN_OPERATION = {
    name: not_panorama("with HTTP 404 UnknownOperationException", setting) for name, setting in SETTINGS.items()
}
HTML_200 = {name: not_panorama("without a Panorama response", setting) for name, setting in SETTINGS.items()}
TLS = {
    name: (
        "The Panorama endpoint {endpoint} failed the TLS handshake for DescribePackageImportJob: check "
        f"{setting}'s scheme (http:// or https://) and the server's certificate."
    )
    for name, setting in SETTINGS.items()
}


def no_region(key: str) -> str:
    return (
        f"No AWS region is configured: set {key} (`pulumi config set {key} us-east-1`), "
        "the resource's region input, or AWS_REGION."
    )


@dataclass(frozen=True)
class Mistake:
    """One mistake: the endpoint/region settings as given, and what each front end answers."""

    name: str
    endpoint: str | None = None
    """The endpoint setting (None: the emulator's URL). ``{emulator}`` and the URLs of `other_servers` are
    filled in; with ``env``, "" leaves the setting to the environment."""
    no_endpoint: bool = False
    """No endpoint anywhere: a mistake refused before any call (nothing may reach AWS)."""
    region: str | None = "us-east-1"
    """The region setting (None: no region anywhere)."""
    env: dict[str, str] = field(default_factory=dict)
    """Environment of the process that calls AWS."""
    cli: tuple[int, str] = (3, "")
    """The CLI's exit code and its one `error:` line."""
    python: str = ""
    """The dynamic resource's one line at `pulumi preview` (track mode); empty when not tried through Pulumi."""
    plugin: str = ""
    """The plugin's one line; empty when this front end cannot make the mistake."""


MISTAKES = [
    Mistake(
        "endpoint-not-a-url", endpoint="notaurl",
        cli=(3, f"argument --endpoint-url/-e: Invalid --endpoint-url 'notaurl': {ENDPOINT_RULE} (see --help)"),
        python=f"Invalid endpoint_url 'notaurl': {ENDPOINT_RULE}",
        plugin=f"Invalid endpointUrl 'notaurl': {ENDPOINT_RULE}",
    ),
    Mistake(
        "endpoint-empty-on-the-command-line", endpoint="",
        cli=(3, f"argument --endpoint-url/-e: Invalid --endpoint-url '': {ENDPOINT_RULE} (see --help)"),
    ),
    Mistake(
        "endpoint-variable-not-a-url", endpoint="", env={"AWS_ENDPOINT_URL_PANORAMA": "notaurl"},
        cli=(3, f"Invalid AWS_ENDPOINT_URL_PANORAMA 'notaurl': {ENDPOINT_RULE}"),
        python=f"Invalid AWS_ENDPOINT_URL_PANORAMA 'notaurl': {ENDPOINT_RULE}",
        plugin=f"Invalid AWS_ENDPOINT_URL_PANORAMA 'notaurl': {ENDPOINT_RULE}",
    ),
    Mistake(
        "endpoint-ftp-scheme", endpoint="ftp://127.0.0.1/",
        cli=(3, f"argument --endpoint-url/-e: Invalid --endpoint-url 'ftp://127.0.0.1/': {ENDPOINT_RULE} (see --help)"),
        python=f"Invalid endpoint_url 'ftp://127.0.0.1/': {ENDPOINT_RULE}",
        plugin=f"Invalid endpointUrl 'ftp://127.0.0.1/': {ENDPOINT_RULE}",
    ),
    Mistake(
        "max-attempts-variable-not-a-number", env={"AWS_MAX_ATTEMPTS": "abc"},
        cli=(3, f"Invalid AWS_MAX_ATTEMPTS 'abc': {ATTEMPTS_RULE}"),
        python=f"Invalid AWS_MAX_ATTEMPTS 'abc': {ATTEMPTS_RULE}",
        plugin=f"Invalid AWS_MAX_ATTEMPTS 'abc': {ATTEMPTS_RULE}",
    ),
    Mistake(
        "retry-mode-variable-unknown", env={"AWS_RETRY_MODE": "bogus"},
        cli=(3, f"Invalid AWS_RETRY_MODE 'bogus': {MODE_RULE}"),
        python=f"Invalid AWS_RETRY_MODE 'bogus': {MODE_RULE}",
        plugin=f"Invalid AWS_RETRY_MODE 'bogus': {MODE_RULE}",
    ),
    Mistake(
        "region-with-spaces", region="us west 2",
        cli=(3, f"argument --region/-r: Invalid --region 'us west 2': {REGION_RULE} (see --help)"),
        python=f"Invalid aws:region 'us west 2': {REGION_RULE}",
        plugin=f"Invalid panorama-import-gate:region 'us west 2': {REGION_RULE}",
    ),
    Mistake(
        "no-region-anywhere", region=None,
        cli=(3, "No AWS region is configured: pass --region or set AWS_REGION."),
        python=no_region("aws:region"),
        plugin=no_region("panorama-import-gate:region"),
    ),
    Mistake(
        "region-named-like-no-aws-partition", no_endpoint=True, region="us-east1",
        cli=(3, f"argument --region/-r: Invalid --region 'us-east1': {REGION_RULE} (see --help)"),
    ),
    # Through Pulumi (with an endpoint set, the emulator takes any region name): tests/unit/test_lifecycle.py.
    Mistake(
        "endpoint-is-another-http-server", endpoint="{other}",
        cli=(3, HTML_404["cli"]), python=HTML_404["python"], plugin=HTML_404["plugin"],
    ),
    Mistake(
        "endpoint-with-a-stray-path", endpoint="{emulator}/foo",
        cli=(3, UNKNOWN_OPERATION["cli"]), python=UNKNOWN_OPERATION["python"], plugin=UNKNOWN_OPERATION["plugin"],
    ),
    Mistake(
        "endpoint-variable-with-a-stray-path", endpoint="", env={"AWS_ENDPOINT_URL_PANORAMA": "{emulator}/foo"},
        cli=(3, not_panorama("with HTTP 404 UnknownOperationException", "AWS_ENDPOINT_URL_PANORAMA")),
        python=not_panorama("with HTTP 404 UnknownOperationException", "AWS_ENDPOINT_URL_PANORAMA"),
        plugin=not_panorama("with HTTP 404 UnknownOperationException", "AWS_ENDPOINT_URL_PANORAMA"),
    ),
    Mistake(
        "endpoint-answers-200-to-everything", endpoint="{other200}",
        cli=(3, HTML_200["cli"]), python=HTML_200["python"], plugin=HTML_200["plugin"],
    ),
    Mistake(
        "https-against-a-plain-http-endpoint", endpoint="{emulator_https}",
        cli=(3, TLS["cli"]), python=TLS["python"], plugin=TLS["plugin"],
    ),
]  # fmt: skip


def assert_one_clear_line(output: str, line: str) -> None:
    """The oracle: the expected sentence is there, whole on one line; no traceback; no advice to retry."""
    assert any(line in text for text in output.splitlines()), f"missing {line!r} in:\n{output}"
    assert "Traceback" not in output and 'File "' not in output, output
    advice = output.lower().replace("aws_retry_mode", "")  # the variable's name is not advice
    assert "retry" not in advice and "try again" not in advice and "<html" not in advice, output


@contextlib.contextmanager
def another_http_server(status: int = 404) -> Iterator[str]:
    """An HTTP server that is not Panorama: it answers every request with an HTML page and ``status``
    (404, or 200 like a catch-all web server); yields its URL."""

    class Html(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            body = b"<!DOCTYPE html><html><body>Welcome</body></html>"
            self.send_response(status)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Html)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def other_servers() -> Iterator[dict[str, str]]:
    """The URLs `Mistake.endpoint` may name: ``{other}`` (an HTML 404) and ``{other200}`` (an HTML 200)."""
    with another_http_server(404) as other, another_http_server(200) as other200:
        yield {"other": other, "other200": other200}
