"""Knowledge feature: the YAML knowledge base (``kb``), search (``search``), release phrases and
item numbers (``releases``), out-of-scope detection (``scope``) and cited answers (``responder``)."""
