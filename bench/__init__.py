"""The benchmark of issue 9 (bench/run.py); not part of the application or of `make test`."""
