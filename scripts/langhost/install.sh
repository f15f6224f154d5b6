#!/usr/bin/env bash
# Install the fallback Python language host into BIN. Usage: install.sh BIN
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
install -m 0755 "$here/pulumi-language-python" "$1/pulumi-language-python"
install -m 0644 "$here/langhost.py" "$1/langhost.py"
echo fallback > "$1/LANGHOST"
