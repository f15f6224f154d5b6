#!/usr/bin/env bash
# Anchor: checking N jobs one after another with the AWS CLI. Usage: aws_sequential.sh ENDPOINT JOB_ID...
endpoint="$1"; shift
for job in "$@"; do
  aws panorama describe-package-import-job --job-id "$job" --endpoint-url "$endpoint" --query Status --output text >/dev/null
done
