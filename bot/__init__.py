"""The Slack surface of COPC Assistant: wires Slack (Bolt) to the same answering core as the CLI.

Nothing here decides what to answer; it decides where and how an answer is shown.
"""
