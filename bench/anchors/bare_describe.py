"""Anchor: the floor for any Python tool - import boto3 and describe once."""

import sys

import boto3

boto3.client("panorama", endpoint_url=sys.argv[2]).describe_package_import_job(JobId=sys.argv[1])
