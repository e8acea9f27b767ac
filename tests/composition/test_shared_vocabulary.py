"""One knowledge-base vocabulary per process: the retriever, the knowledge responder and the KPI
lexicon read the same object (building it costs ~80 ms; a KPI question must not build a second)."""


def test_features_share_one_vocabulary(assistant):
    vocabulary = assistant.knowledge.phrases.vocabulary
    assert assistant.retriever.phrases is assistant.knowledge.phrases
    assert assistant.kpi.understanding.lexicon.vocabulary is vocabulary
