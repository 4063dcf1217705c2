"""Checkpoint selection: rank a run's checkpoints by how target-like their samples look."""
