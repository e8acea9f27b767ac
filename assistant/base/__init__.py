"""The shared base every other layer builds on: typed answers, settings, text and language helpers,
the message catalog, the Jinja environment, YAML reading and the store's ``Base``.

Imports nothing from the rest of the project (enforced by import-linter, see pyproject.toml).
"""
