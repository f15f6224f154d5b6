"""How botocore's failures map onto the error family: a setting to check, or a service/network failure
that the wait tolerates and retries."""

from __future__ import annotations

import pytest
from botocore.exceptions import SSLError

from components import EndpointError, ServiceError
from components.core.client import Endpoint
from components.core.error_map import Call, classify

URL = "https://panorama.us-east-1.amazonaws.com"
ENDPOINT = Endpoint(URL, "endpoint_url")


@pytest.mark.parametrize(
    "reason",
    [
        "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)",  # https:// against plain HTTP
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)",
    ],
)
def test_a_tls_scheme_or_certificate_mismatch_is_a_setting_to_check(reason: str) -> None:
    error = classify(SSLError(endpoint_url=URL, error=reason), Call("DescribePackageImportJob", endpoint=ENDPOINT))
    assert isinstance(error, EndpointError)
    assert str(error) == (
        f"The Panorama endpoint {URL} failed the TLS handshake for DescribePackageImportJob: check endpoint_url's "
        "scheme (http:// or https://) and the server's certificate."
    )


def test_a_tls_connection_cut_mid_handshake_is_a_network_failure_the_wait_retries() -> None:
    reason = "EOF occurred in violation of protocol (_ssl.c:2427)"
    error = classify(SSLError(endpoint_url=URL, error=reason), Call("DescribePackageImportJob", endpoint=ENDPOINT))
    assert type(error) is ServiceError, error
