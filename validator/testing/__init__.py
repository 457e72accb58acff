"""Synthetic reports for tests and benchmarks."""
