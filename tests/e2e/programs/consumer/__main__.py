"""A downstream stack that consumes the gate's outputs through a stack reference."""

import pulumi

gate = pulumi.StackReference(pulumi.Config().require("gateStack"))
pulumi.export("approvedPackageVersion", gate.get_output("packageVersion"))
pulumi.export("approvedPackageId", gate.get_output("packageId"))
