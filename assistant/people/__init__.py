"""The people directory: who a Slack user is (role, teams, language). Feature, used by KPIs,
training and the Slack surface; built once per process by the composition layer."""
