"""`make bench`: the benchmark suite, side by side with what users would otherwise use."""
