"""Benchmark floor: dynamic resources whose create returns at once. They pay the engine's
`pulumi-resource-pulumi-python` start-up, exactly as the gate does, and nothing else."""

import pulumi
from noop import Noop

for index in range(pulumi.Config().get_int("count") or 0):
    Noop(f"noop-{index}")
