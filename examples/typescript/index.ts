// The gate from TypeScript, as an Automation API inline program (it needs the `pulumi` CLI on PATH, and no
// Node.js language host): `npm install && npx tsc && node bin/index.js JOB_ID [STACK]`.
// `pulumi up` waits for the import job and fails unless it SUCCEEDED; `approved` is created only after the
// gate passed. The first `up` downloads the provider plugin that the SDK names (version and pluginDownloadURL).
import * as pulumi from "@pulumi/pulumi";
import { CommandError, LocalWorkspace } from "@pulumi/pulumi/automation";
// [start gate]
import { PackageImportJob, getPackageImportJobOutput } from "@panorama-import-gate/pulumi";

const program = async () => {
    const config = new pulumi.Config();
    const gate = new PackageImportJob("gate", { jobId: config.require("jobId") });
    // [end gate]
    // [start dependent]
    // Uses the gate's outputs, so Pulumi creates it only once the gate passed; it tracks the same job.
    const approved = new PackageImportJob("approved", { jobId: gate.jobId, requireSucceeded: false });
    // [end dependent]
    // [start read]
    const lookedUp = getPackageImportJobOutput({ jobId: config.require("jobId") });
    // [end read]
    return {
        packageVersion: gate.packageVersion,
        status: gate.status,
        packageId: gate.packageId,
        approvedJobId: approved.jobId,
        lookedUpStatus: lookedUp.status,
    };
};

// [start run]
async function main(jobId: string, stackName: string): Promise<void> {
    const stack = await LocalWorkspace.createOrSelectStack({ stackName, projectName: "gate-typescript", program });
    await stack.setConfig("jobId", { value: jobId });
    try {
        const result = await stack.up({ onOutput: (text) => process.stdout.write(text) });
        const outputs = Object.fromEntries(Object.entries(result.outputs).map(([name, o]) => [name, o.value]));
        console.log(JSON.stringify(outputs));
    } catch (err) {
        if (!(err instanceof CommandError)) throw err;
        // The engine already printed why (the job's one-line status message, under Diagnostics).
        process.exitCode = 1;
    }
}
// [end run]

const [jobId, stackName = "dev"] = process.argv.slice(2);
if (!jobId) {
    console.error("usage: node bin/index.js JOB_ID [STACK]");
    process.exit(2);
}
main(jobId, stackName).catch((err: unknown) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
});
