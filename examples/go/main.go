// The gate from Go, as an Automation API inline program (it needs the `pulumi` CLI on PATH, and no Go
// language host): `go mod tidy && go run . JOB_ID [STACK]`.
// `pulumi up` waits for the import job and fails unless it SUCCEEDED; `approved` is created only after the
// gate passed. The first `up` downloads the provider plugin that the SDK names (version and pluginDownloadURL).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	gate "github.com/panorama-import-gate/panorama-import-gate/sdk/go/panoramaimportgate"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func program(ctx *pulumi.Context) error {
	// [start gate]
	jobID := config.Require(ctx, "jobId")
	job, err := gate.NewPackageImportJob(ctx, "gate", &gate.PackageImportJobArgs{JobId: pulumi.String(jobID)})
	if err != nil {
		return err
	}
	ctx.Export("packageVersion", job.PackageVersion)
	// [end gate]
	// [start dependent]
	// Uses the gate's outputs, so Pulumi creates it only once the gate passed; it tracks the same job.
	approved, err := gate.NewPackageImportJob(ctx, "approved", &gate.PackageImportJobArgs{
		JobId:            job.JobId,
		RequireSucceeded: pulumi.Bool(false),
	})
	if err != nil {
		return err
	}
	ctx.Export("approvedJobId", approved.JobId)
	// [end dependent]
	// [start read]
	lookedUp := gate.LookupPackageImportJobOutput(ctx, gate.LookupPackageImportJobOutputArgs{JobId: pulumi.String(jobID)})
	ctx.Export("lookedUpStatus", lookedUp.Status())
	// [end read]
	ctx.Export("status", job.Status)
	ctx.Export("packageId", job.PackageId)
	return nil
}

// [start run]
func run(ctx context.Context, jobID, stackName string) error {
	stack, err := auto.UpsertStackInlineSource(ctx, stackName, "gate-go", program)
	if err != nil {
		return err
	}
	if err := stack.SetConfig(ctx, "jobId", auto.ConfigValue{Value: jobID}); err != nil {
		return err
	}
	result, err := stack.Up(ctx, optup.ProgressStreams(os.Stdout))
	if err != nil {
		// The engine already printed why (the job's one-line status message, under Diagnostics).
		return fmt.Errorf("pulumi up failed")
	}
	outputs := map[string]any{}
	for name, output := range result.Outputs {
		outputs[name] = output.Value
	}
	text, err := json.Marshal(outputs)
	if err != nil {
		return err
	}
	fmt.Println(string(text))
	return nil
}

// [end run]

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: go run . JOB_ID [STACK]")
		os.Exit(2)
	}
	stackName := "dev"
	if len(os.Args) > 2 {
		stackName = os.Args[2]
	}
	if err := run(context.Background(), os.Args[1], stackName); err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		os.Exit(1)
	}
}
