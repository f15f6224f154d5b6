#!/usr/bin/env bash
# Anchor: the shell loop users write around the AWS CLI. Usage: aws_loop.sh JOB_ID ENDPOINT
until [ "$(aws panorama describe-package-import-job --job-id "$1" --endpoint-url "$2" --query Status --output text)" = SUCCEEDED ]; do
  sleep 5
done
