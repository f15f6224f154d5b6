module example.com/gate-go

go 1.26.6

require (
	github.com/panorama-import-gate/panorama-import-gate/sdk/go v0.4.0
	github.com/pulumi/pulumi/sdk/v3 v3.274.1
)
