"""Offline evaluation of the composed assistant (`copc eval`): golden set, baselines, reports."""
