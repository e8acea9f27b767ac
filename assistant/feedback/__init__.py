"""Answers shown to people and their feedback, kept in the shared store (feature: owns its tables)."""
