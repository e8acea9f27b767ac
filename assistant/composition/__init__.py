"""Composition: builds settings, store, people directory and feature services once per process,
and routes each question to the feature that claims it. Surfaces (CLI, Slack) only call this.
"""
