#!/usr/bin/env bash
# `make demo`: the gate end to end with the real Pulumi engine on the embedded emulator.
#  1. (make) venv   2. (make) Pulumi CLI   3. emulator in the background
#  4. stack `demo` creates an import job through the API and gates on it -> outputs
#  5. stack `demo-failed` tracks a job tagged emulator:outcome=FAILED -> `pulumi up` fails
#  6. stack `yaml-demo`: examples/yaml gates on the first job through the provider plugin
#  7. the emulator shuts down. Everything lives in .demo/; running it again is safe.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
REPO="$PWD"
DEMO="$PWD/.demo"
PROJECT="$DEMO/project"
mkdir -p "$DEMO/backend" "$DEMO/home" "$PROJECT"
# The project's own files, linked into .demo/project so stack config files stay out of the repo.
for item in Pulumi.yaml __main__.py components .venv; do ln -sfn "$PWD/$item" "$PROJECT/$item"; done
PY="$PWD/.venv/bin/python"
# `make demo` passes the CLI its `pulumi-cli` step found (and announced): finding it again would say it twice.
CLI_DIR="${PULUMI_CLI_DIR:-}"
[ -x "$CLI_DIR/pulumi" ] || CLI_DIR="$(bash scripts/pulumi-cli.sh --find)"

export PATH="$CLI_DIR:$PWD/.venv/bin:$PATH"
export PULUMI_HOME="$DEMO/home" PULUMI_BACKEND_URL="file://$DEMO/backend"
export PULUMI_CONFIG_PASSPHRASE="demo-passphrase-not-a-secret"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# Fake credentials: the emulator checks that requests are signed, not by whom.
export AWS_ACCESS_KEY_ID=AKIADEMODEMODEMODEMO AWS_SECRET_ACCESS_KEY=demo-secret-key AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_PANORAMA

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Starting the Panorama emulator (state in .demo/emulator-state.json)"
"$PY" -m emulator --port 0 --state "$DEMO/emulator-state.json" > "$DEMO/emulator.out" 2> "$DEMO/emulator.log" &
EMULATOR_PID=$!
trap 'kill "$EMULATOR_PID" 2>/dev/null; wait "$EMULATOR_PID" 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$DEMO/emulator.out" 2>/dev/null && break; sleep 0.1; done
ENDPOINT="$(sed -n 's/^Panorama emulator listening on //p' "$DEMO/emulator.out")"
[ -n "$ENDPOINT" ] || { echo "demo: the emulator did not start; see .demo/emulator.log" >&2; exit 1; }
echo "emulator: $ENDPOINT"
cd "$PROJECT"

stack() { # stack NAME KEY=VALUE...: select (or create) a stack and set its config
  local name="$1"; shift
  pulumi stack select --create "$name" --non-interactive >/dev/null
  for kv in "$@"; do pulumi config set --stack "$name" "${kv%%=*}" "${kv#*=}"; done
}

step "Stack 'demo': create an import job for camera-app 1.0 and gate on it"
stack demo endpointUrl="$ENDPOINT" inputBucket=demo-manifests inputKey=camera-app/package.json \
  packageName=camera-app packageVersion=1.0
pulumi up --yes --stack demo --non-interactive
step "Stack outputs other stacks consume (pulumi stack output --json)"
pulumi stack output --json --stack demo | "$PY" -c 'import json,sys; o=json.load(sys.stdin); print(json.dumps({k: o[k] for k in ("status","packageId","packageVersion","patchVersion")}, indent=2))'

step "Stack 'demo-failed': a job tagged emulator:outcome=FAILED must stop the deployment"
FAILED_JOB="$("$PY" - "$ENDPOINT" <<'PYEOF'
import sys, boto3
client = boto3.client("panorama", endpoint_url=sys.argv[1])
print(client.create_package_import_job(
    ClientToken="demo-failed-import",
    JobType="NODE_PACKAGE_VERSION",
    InputConfig={"PackageVersionInputConfig": {"S3Location": {"BucketName": "demo-manifests", "ObjectKey": "camera-app/broken.json"}}},
    OutputConfig={"PackageVersionOutputConfig": {"PackageName": "camera-app", "PackageVersion": "1.1"}},
    JobTags=[{"ResourceType": "PACKAGE", "Tags": {
        "emulator:outcome": "FAILED",
        "emulator:duration-seconds": "1",
        "emulator:status-message": "Manifest check failed: nodePackage.interfaces is empty.",
    }}],
)["JobId"])
PYEOF
)"
stack demo-failed endpointUrl="$ENDPOINT" jobId="$FAILED_JOB"
if pulumi up --yes --stack demo-failed --non-interactive > "$DEMO/failed-up.log" 2>&1; then
  cat "$DEMO/failed-up.log"; echo "demo: the gate let a FAILED job through" >&2; exit 1
fi
grep -m1 -o "Package import job .* FAILED: .*" "$DEMO/failed-up.log" | sed 's/^/gate: /'
echo "gate: pulumi up exited non-zero, as it must (full log: .demo/failed-up.log)"

step "Stack 'yaml-demo': the same gate from Pulumi YAML, through the provider plugin"
"$PY" -m components install-plugin   # into .demo/home's plugin cache, as users run `panorama-import-gate install-plugin`
mkdir -p "$DEMO/yaml"
cp "$REPO/examples/yaml/Pulumi.yaml" "$DEMO/yaml/Pulumi.yaml"
GOOD_JOB="$(pulumi stack output jobId --stack demo)"
cd "$DEMO/yaml"
stack yaml-demo endpointUrl="$ENDPOINT" jobId="$GOOD_JOB"
pulumi up --yes --stack yaml-demo --non-interactive
cd "$PROJECT"

step "Done in $(( $(date +%s) - started ))s; the emulator is shutting down"
