"""The `copc` command line: a surface over the composition layer (``assistant.composition``).

``main`` builds the Typer app; each command group lives in its own module and registers itself.
"""
