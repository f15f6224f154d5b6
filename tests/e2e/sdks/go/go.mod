// The Go driver of tests/e2e/test_sdks.py. build_go.py copies this folder, points the replace below
// at the repository's sdk/go by absolute path, and completes the requirements with `go mod tidy`.
module github.com/panorama-import-gate/panorama-import-gate/tests/e2e/sdks/go

go 1.26

require (
	github.com/panorama-import-gate/panorama-import-gate/sdk/go v0.0.0
	github.com/pulumi/pulumi/sdk/v3 v3.274.1
)

replace github.com/panorama-import-gate/panorama-import-gate/sdk/go => ../../../../sdk/go
