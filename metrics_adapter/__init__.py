"""Live KPI values for teams and agents: governed catalog, real sources, access control.

Public entry points: ``metrics_adapter.service.KpiService`` (used by the answering core and the
CLI) and ``assistant.people.directory.load_directory`` (also used by the bot and the quiz part).
"""
