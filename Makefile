# panorama-import-gate. `make demo` runs the gate end to end on the embedded
# emulator; `make test` runs the test suite. Both set everything up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt constraints.txt | sha1sum | cut -c1-12)
PYTEST_ARGS ?=
# Parallel test workers (pytest-xdist). Most of the suite waits on engines and jobs rather than the CPU, so
# 4 workers on this project's 2 cores halve its time; `TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= 4
PARALLEL := $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadgroup)

.PHONY: setup test lint generate docs sdkgen sdks release rehearsal demo pulumi-cli seaweedfs emulator unit contract e2e soak bench scale clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@rm -f $(VENV)/.installed-* && touch $@
	@echo "setup: $(VENV) ready ($$($(PY) --version))"

## pulumi-cli: find or build the pinned Pulumi CLI (cached outside the repo)
pulumi-cli:
	@bash scripts/pulumi-cli.sh >/dev/null

## seaweedfs: find or build SeaweedFS's weed, the e2e tests' shared S3 state backend (cached outside the repo)
seaweedfs:
	@bash scripts/seaweedfs.sh >/dev/null

## test: the test suite; e2e tests run when a Pulumi CLI is found (E2E_REQUIRED=1 makes a missing CLI fail)
test: setup
	@PULUMI_CLI_DIR="$$(bash scripts/pulumi-cli.sh --find 2>/dev/null || true)" \
	  $(PY) -m pytest $(PARALLEL) $(PYTEST_ARGS)

unit: setup
	@$(PY) -m pytest tests/unit tests/emulator tests/gate_http $(PARALLEL) $(PYTEST_ARGS)

contract: setup
	@$(PY) -m pytest tests/contract $(PARALLEL) $(PYTEST_ARGS)

e2e: setup pulumi-cli seaweedfs
	@PULUMI_CLI_DIR="$$(bash scripts/pulumi-cli.sh --find)" E2E_REQUIRED=1 $(PY) -m pytest tests/e2e $(PARALLEL) $(PYTEST_ARGS)

## bench: P1-P8 side by side with the anchors; writes BENCHMARKS.md (about 25 minutes; BENCH_ONLY=P4,P6 runs some)
bench: setup pulumi-cli
	@$(PY) -m bench

## scale: 200 gates in 20 concurrent `pulumi up`s (Python and YAML) and a 500-job `wait` under a 10/s Describe
## quota, in both retry modes; prints the table (about 9 minutes; QUICK=1: 4 stacks of 5 gates). Not in `make test`
scale: setup pulumi-cli
	@$(PY) -m bench.scale $(if $(QUICK),--quick)

## soak: 200 concurrent waits against the emulator for 60 s (not part of `make test`)
soak: setup
	@$(PY) -m pytest tests/soak -m soak -s -q $(PYTEST_ARGS)

## generate: rewrite what the property table derives (components/dynamic/surface.py, the docs' tables,
## schema.json, sdk/{nodejs,go,python}); the SDKs need Go (the generator is built on first use)
generate: setup
	@$(PY) -m components.codegen

## docs: refresh what the docs include (snippets from examples/, the console scripts' help); see tests/docs.py
docs: setup
	@$(PY) -m tests.docs

## sdkgen: find or build the SDK generator (scripts/sdkgen, cached outside the repo)
sdkgen:
	@bash scripts/build-sdkgen.sh >/dev/null

## sdks: build the SDK artifacts users install into dist/sdks/ (npm tarball, Python wheel; Go vetted)
sdks: setup
	@PY=$(PY) bash scripts/sdks.sh build

## release: everything users install, into dist/release/ (Python distribution, plugin archive, npm package,
## Python SDK, Go module proxy folder, schema.json, CHANGELOG.md, signed SHA256SUMS); see release/build.py.
## Signs with RELEASE_GPG_KEY_FILE (an armored secret key), else with a throwaway key, and says so
release: setup pulumi-cli
	@$(PY) -m release build

## rehearsal: publish dist/release to registry software started here (verdaccio, pypiserver, a GOPROXY
## folder, an HTTP plugin mirror) and install it by name in clean environments (tests/release)
rehearsal: setup pulumi-cli
	@PULUMI_CLI_DIR="$$(bash scripts/pulumi-cli.sh --find)" $(PY) -m pytest tests/release -m release -p no:randomly -p no:xdist $(PYTEST_ARGS)

## lint: also fails when schema.json or sdk/ is stale (regenerates into a temporary folder; needs Go)
lint: setup
	@$(PY) -m tests.docs --check
	@$(PY) -m ruff check .
	@$(PY) -m ruff format --check components emulator
	@$(PY) -m mypy components emulator
	@$(PY) -m components.codegen --check

demo: setup pulumi-cli
	@PULUMI_CLI_DIR="$$(bash scripts/pulumi-cli.sh --find 2>/dev/null)" bash scripts/demo.sh

## emulator: run the local Panorama emulator in the foreground on port 4599
emulator: setup
	@$(PY) -m emulator --port 4599

clean:
	rm -rf .demo .e2e .pytest_cache .mypy_cache .ruff_cache dist/sdks dist/release
