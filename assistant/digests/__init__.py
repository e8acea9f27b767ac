"""KPIs that come to people: followed metrics posted as scheduled digests, and alerts on crossings.

  subscriptions.py  what is followed (table kpi_subscriptions; governed channel digests in config/digests.yaml)
  follow.py         "/copc follow aht phoenix weekly", "/copc seguir ...", "following", "unfollow"
  build.py          one digest: value, target, status, change, and what stands out
  alerts.py         one alert rule: missed N days, change beyond X, value beyond a threshold
  runner.py         run everything due, exactly once (assistant.scheduling ledger), through a Poster

Every run uses ``Caller.service(kind, on_behalf_of=owner)``: the owner's rights, checked at each
run, and the KPI audit log gets one row per run (surface "digest" or "alert"). Posting is behind
the :class:`runner.Poster` protocol; the Slack implementation lives in bot/ (this package knows no Slack).
"""
