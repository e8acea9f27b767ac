"""Persistent store shared by every surface: KPI audit log, answer feedback, quiz progress.

One SQLAlchemy database (SQLite file by default, any SQLAlchemy URL by configuration). Each
concern keeps its tables in its own module; they all register on ``Base`` from ``db``.
"""
