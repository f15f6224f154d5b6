"""A downstream stack that consumes the gate's outputs through a stack reference.

`require_output` fails this stack's update when the gate stack never passed (it
then has no outputs); `get_output` would quietly export nothing instead.
"""

import pulumi

gate = pulumi.StackReference(pulumi.Config().require("gateStack"))
pulumi.export("approvedPackageVersion", gate.require_output("packageVersion"))
pulumi.export("approvedPackageId", gate.require_output("packageId"))
