"""Running checks: one document, chunks, local and Dask executors, the dataset, the policy."""
