"""The emulator exercised over real HTTP: boto3 and raw http.client against `python -m emulator` processes."""
