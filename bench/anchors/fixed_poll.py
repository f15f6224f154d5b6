"""Anchor: naive fixed 5-second polling (the AWS CDK custom-resource isComplete default)."""

import sys
import time

import boto3

client = boto3.client("panorama", endpoint_url=sys.argv[2])
while client.describe_package_import_job(JobId=sys.argv[1])["Status"] == "PENDING":
    time.sleep(5)
