// The Go driver of tests/e2e/test_sdks.py (the contract is in ../README.md): an Automation API
// inline program that uses the generated Go SDK (sdk/go, through a replace) with the real CLI.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"time"

	gatesdk "github.com/panorama-import-gate/panorama-import-gate/sdk/go/panoramaimportgate"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// report is the driver's RESULT line.
type report struct {
	OK            bool           `json:"ok"`
	Outputs       map[string]any `json:"outputs"`
	Error         *string        `json:"error"`
	Seconds       float64        `json:"seconds"`
	CancelSeconds *float64       `json:"cancel_seconds"`
}

func gateProgram(ctx *pulumi.Context) error {
	endpoint := os.Getenv("GATE_ENDPOINT")
	jobID := os.Getenv("GATE_JOB_ID")
	gate, err := gatesdk.NewPackageImportJob(ctx, "gate", &gatesdk.PackageImportJobArgs{
		JobId:               pulumi.String(jobID),
		EndpointUrl:         pulumi.String(endpoint),
		PollMaxDelaySeconds: pulumi.Float64(1),
	})
	if err != nil {
		return err
	}
	approved, err := gatesdk.NewPackageImportJob(ctx, "approved", &gatesdk.PackageImportJobArgs{
		JobId:            gate.JobId,
		EndpointUrl:      pulumi.String(endpoint),
		RequireSucceeded: pulumi.Bool(false),
	})
	if err != nil {
		return err
	}
	byID := gatesdk.LookupPackageImportJobOutput(ctx, gatesdk.LookupPackageImportJobOutputArgs{
		JobId:       pulumi.String(jobID),
		EndpointUrl: pulumi.String(endpoint),
	})
	ctx.Export("jobId", gate.JobId)
	ctx.Export("status", gate.Status)
	ctx.Export("packageVersion", gate.PackageVersion)
	ctx.Export("patchVersion", gate.PatchVersion)
	ctx.Export("approvedJobId", approved.JobId)
	ctx.Export("byIdStatus", byID.Status())
	ctx.Export("kinds", pulumi.All(gate.PackageVersion, byID.Status()).ApplyT(func(values []any) []string {
		kinds := make([]string, len(values))
		for i, v := range values {
			kinds[i] = fmt.Sprintf("%T", v)
		}
		return kinds
	}).(pulumi.StringArrayOutput))
	if name := os.Getenv("GATE_PACKAGE_NAME"); name != "" {
		byPackage := gatesdk.LookupPackageImportJobOutput(ctx, gatesdk.LookupPackageImportJobOutputArgs{
			PackageName:    pulumi.String(name),
			PackageVersion: pulumi.String(os.Getenv("GATE_PACKAGE_VERSION")),
			EndpointUrl:    pulumi.String(endpoint),
		})
		ctx.Export("byPackageJobId", byPackage.JobId())
	}
	return nil
}

// fanoutProgram makes one gate per job of GATE_JOB_IDS (the benchmark's stacks of 1 and 50 gates).
func fanoutProgram(ctx *pulumi.Context) error {
	endpoint := os.Getenv("GATE_ENDPOINT")
	jobIDs := strings.Split(os.Getenv("GATE_JOB_IDS"), ",")
	for index, jobID := range jobIDs {
		_, err := gatesdk.NewPackageImportJob(ctx, fmt.Sprintf("gate-%d", index), &gatesdk.PackageImportJobArgs{
			JobId:       pulumi.String(jobID),
			EndpointUrl: pulumi.String(endpoint),
		})
		if err != nil {
			return err
		}
	}
	ctx.Export("count", pulumi.Int(len(jobIDs)))
	return nil
}

func referenceProgram(ctx *pulumi.Context) error {
	upstream, err := pulumi.NewStackReference(ctx, os.Getenv("GATE_REFERENCE"), nil)
	if err != nil {
		return err
	}
	// Go has no requireOutput: GetStringOutput is its equivalent (it fails when the output is missing).
	ctx.Export("approvedPackageVersion", upstream.GetStringOutput(pulumi.String("packageVersion")))
	ctx.Export("approvedPackageId", upstream.GetStringOutput(pulumi.String("packageId")))
	return nil
}

// lineWriter forwards whole lines to out as they complete, so that the CLI's stdout and stderr,
// which arrive in arbitrary chunks, never interleave within a line.
type lineWriter struct {
	mu  *sync.Mutex
	out io.Writer
	buf []byte
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	if i := bytes.LastIndexByte(w.buf, '\n'); i >= 0 {
		w.mu.Lock()
		_, err := w.out.Write(w.buf[:i+1])
		w.mu.Unlock()
		w.buf = append(w.buf[:0], w.buf[i+1:]...)
		if err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// Flush writes what is left of an unterminated last line.
func (w *lineWriter) Flush() {
	if len(w.buf) > 0 {
		w.mu.Lock()
		fmt.Fprintf(w.out, "%s\n", w.buf)
		w.mu.Unlock()
		w.buf = w.buf[:0]
	}
}

// cancelOnStdin cancels when a line `cancel` arrives on stdin, and returns when it did.
func cancelOnStdin(cancel context.CancelFunc) func() (time.Time, bool) {
	var (
		mu        sync.Mutex
		cancelled time.Time
	)
	go func() {
		lines := bufio.NewScanner(os.Stdin)
		for lines.Scan() {
			if lines.Text() == "cancel" {
				mu.Lock()
				cancelled = time.Now()
				mu.Unlock()
				cancel()
				return
			}
		}
	}()
	return func() (time.Time, bool) {
		mu.Lock()
		defer mu.Unlock()
		return cancelled, !cancelled.IsZero()
	}
}

func seconds(d time.Duration) float64 {
	return math.Round(d.Seconds()*1000) / 1000
}

func run(scenario string) (*report, error) {
	program := gateProgram
	switch scenario {
	case "up", "cancel":
	case "reference":
		program = referenceProgram
	case "fanout":
		program = fanoutProgram
	default:
		return nil, fmt.Errorf("the Go driver runs `up`, `cancel`, `reference` and `fanout`, not %q", scenario)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelledAt := func() (time.Time, bool) { return time.Time{}, false }
	if scenario == "cancel" {
		cancelledAt = cancelOnStdin(cancel)
	}

	// The version check stays on: the CLI built here is stamped with its version, as releases are
	// (PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true turns it off).
	cli, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: os.Getenv("PULUMI_CLI_ROOT")})
	if err != nil {
		return nil, err
	}
	stack, err := auto.UpsertStackInlineSource(
		context.Background(), os.Getenv("GATE_STACK"), os.Getenv("GATE_PROJECT"), program, auto.Pulumi(cli),
	)
	if err != nil {
		return nil, err
	}

	var mu sync.Mutex
	stdout := &lineWriter{mu: &mu, out: os.Stdout}
	stderr := &lineWriter{mu: &mu, out: os.Stdout}
	started := time.Now()
	up, err := stack.Up(ctx, optup.ProgressStreams(stdout), optup.ErrorProgressStreams(stderr))
	returned := time.Now()
	stdout.Flush()
	stderr.Flush()

	result := &report{Outputs: map[string]any{}, Seconds: seconds(returned.Sub(started))}
	if at, ok := cancelledAt(); ok {
		delay := seconds(returned.Sub(at))
		result.CancelSeconds = &delay
	}
	if err != nil {
		text := err.Error()
		result.Error = &text
		return result, nil
	}
	result.OK = true
	for name, output := range up.Outputs {
		result.Outputs[name] = output.Value
	}
	return result, nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: driver up|cancel|reference")
		os.Exit(2)
	}
	result, err := run(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	line, err := json.Marshal(result)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	fmt.Printf("RESULT %s\n", line)
}
