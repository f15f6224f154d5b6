"""Anchor: what boto3 itself would give - a botocore WaiterModel waiter (fixed delay)."""

import sys

import boto3
from botocore.waiter import WaiterModel, create_waiter_with_client

MODEL = WaiterModel(
    {
        "version": 2,
        "waiters": {
            "PackageImportJobDone": {
                "operation": "DescribePackageImportJob",
                "delay": 5,
                "maxAttempts": 360,
                "acceptors": [
                    {"state": "success", "matcher": "path", "argument": "Status", "expected": "SUCCEEDED"},
                    {"state": "failure", "matcher": "path", "argument": "Status", "expected": "FAILED"},
                ],
            }
        },
    }
)
client = boto3.client("panorama", endpoint_url=sys.argv[2])
create_waiter_with_client("PackageImportJobDone", MODEL, client).wait(JobId=sys.argv[1])
