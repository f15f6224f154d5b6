// The TypeScript driver of tests/e2e/test_sdks.py (the contract is in ../README.md): an Automation API
// inline program that uses the generated Node.js SDK `@panorama-import-gate/pulumi` from its tarball.
//
//   node bin/driver.js up|cancel|reference
//
// Prints the engine's output lines as they arrive, then one line `RESULT {json}`; exits 0 once that
// line is printed (the outcome is in the JSON, not in the exit code).

import * as readline from "node:readline";

import * as pulumi from "@pulumi/pulumi";
import { CommandError, LocalWorkspace, OutputMap, PulumiCommand, PulumiFn } from "@pulumi/pulumi/automation";
import { PackageImportJob, getPackageImportJobOutput } from "@panorama-import-gate/pulumi";

type Scenario = "up" | "cancel" | "reference" | "fanout";
const SCENARIOS: readonly Scenario[] = ["up", "cancel", "reference", "fanout"];

interface Report {
    ok: boolean;
    outputs: Record<string, unknown>;
    error: string | null;
    seconds: number;
    cancel_seconds: number | null;
}

function env(name: string): string {
    const value = process.env[name];
    if (!value) {
        throw new Error(`the TypeScript driver needs the environment variable ${name}`);
    }
    return value;
}

/** `gate`, the dependent `approved`, and the lookups by jobId and (when given) by package. */
const gateProgram: PulumiFn = async () => {
    const jobId = env("GATE_JOB_ID");
    const endpointUrl = env("GATE_ENDPOINT");
    const gate = new PackageImportJob("gate", { jobId, endpointUrl, pollMaxDelaySeconds: 1 });
    const approved = new PackageImportJob("approved", { jobId: gate.jobId, endpointUrl, requireSucceeded: false });
    const byId = getPackageImportJobOutput({ jobId, endpointUrl });
    // Typed: `packageVersion` is Output<string>, and so is the lifted `byId.status`.
    const packageVersion: pulumi.Output<string> = gate.packageVersion;
    const byIdStatus: pulumi.Output<string> = byId.status;
    const exports: Record<string, pulumi.Output<unknown>> = {
        jobId: gate.jobId,
        status: gate.status,
        packageVersion,
        patchVersion: gate.patchVersion,
        approvedJobId: approved.jobId,
        byIdStatus,
        // What the values are at run time, as JavaScript sees them.
        kinds: pulumi.all([packageVersion, byIdStatus]).apply(([version, status]) => [typeof version, typeof status]),
    };
    const packageName = process.env["GATE_PACKAGE_NAME"];
    if (packageName) {
        const byPackage = getPackageImportJobOutput({
            packageName,
            packageVersion: env("GATE_PACKAGE_VERSION"),
            endpointUrl,
        });
        exports["byPackageJobId"] = byPackage.jobId;
    }
    return exports;
};

/** One gate per job of GATE_JOB_IDS (the benchmark's stacks of 1 and 50 gates). */
const fanoutProgram: PulumiFn = async () => {
    const endpointUrl = env("GATE_ENDPOINT");
    const gates = env("GATE_JOB_IDS")
        .split(",")
        .map((jobId, index) => new PackageImportJob(`gate-${index}`, { jobId, endpointUrl }));
    return { count: gates.length };
};

/** Reads the producer stack's outputs through a StackReference. */
const referenceProgram: PulumiFn = async () => {
    const upstream = new pulumi.StackReference(env("GATE_REFERENCE"));
    return {
        approvedPackageVersion: upstream.requireOutput("packageVersion"),
        approvedPackageId: upstream.requireOutput("packageId"),
    };
};

/** Splits the CLI's output chunks into lines and prints each complete line at once. */
class LinePrinter {
    private pending = "";

    readonly write = (chunk: string): void => {
        const text = this.pending + chunk;
        const end = text.lastIndexOf("\n");
        if (end < 0) {
            this.pending = text;
            return;
        }
        this.pending = text.slice(end + 1);
        process.stdout.write(text.slice(0, end + 1));
    };

    flush(): void {
        if (this.pending) {
            process.stdout.write(this.pending + "\n");
            this.pending = "";
        }
    }
}

function seconds(since: number, until: number = performance.now()): number {
    return Math.round(until - since) / 1000;
}

function values(outputs: OutputMap): Record<string, unknown> {
    return Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.value]));
}

async function main(): Promise<void> {
    const scenario = process.argv[2] as Scenario | undefined;
    if (scenario === undefined || !SCENARIOS.includes(scenario)) {
        throw new Error(`usage: driver.js ${SCENARIOS.join("|")} (got ${JSON.stringify(scenario)})`);
    }
    const pulumiCommand = await PulumiCommand.get({ root: env("PULUMI_CLI_ROOT") });
    const stack = await LocalWorkspace.createOrSelectStack(
        {
            stackName: env("GATE_STACK"),
            projectName: env("GATE_PROJECT"),
            program: { reference: referenceProgram, fanout: fanoutProgram, up: gateProgram, cancel: gateProgram }[scenario],
        },
        { pulumiCommand },
    );

    const stdout = new LinePrinter();
    const stderr = new LinePrinter();
    const controller = new AbortController();
    let cancelledAt: number | null = null;
    let lines: readline.Interface | null = null;
    if (scenario === "cancel") {
        // Listen only now: an abort before `up` starts would never reach the CLI.
        lines = readline.createInterface({ input: process.stdin, terminal: false });
        lines.on("line", (line) => {
            if (line.trim() === "cancel" && cancelledAt === null) {
                cancelledAt = performance.now();
                controller.abort();
            }
        });
    }

    const report: Report = { ok: false, outputs: {}, error: null, seconds: 0, cancel_seconds: null };
    const started = performance.now();
    try {
        const result = await stack.up({ onOutput: stdout.write, onError: stderr.write, signal: controller.signal });
        report.ok = true;
        report.outputs = values(result.outputs);
    } catch (err) {
        if (!(err instanceof CommandError)) {
            throw err;
        }
        report.error = err.message;
    } finally {
        const ended = performance.now();
        report.seconds = seconds(started, ended);
        if (cancelledAt !== null) {
            report.cancel_seconds = seconds(cancelledAt, ended);
        }
        stdout.flush();
        stderr.flush();
        lines?.close();
        process.stdin.destroy();
    }
    await new Promise<void>((resolve) => process.stdout.write(`RESULT ${JSON.stringify(report)}\n`, () => resolve()));
}

main().then(
    () => process.exit(0),
    (err: unknown) => {
        process.stderr.write(`the TypeScript driver failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
    },
);
