"""On-demand refreshers and quizzes generated from the knowledge base (issue 5).

- ``facts``: what the knowledge base can safely be quizzed on (confidence, acronyms, formulas...)
- ``generator``: question generators, one question about one entry (deterministic for a given seed)
- ``masking``: hiding an entry's names in the definition a question quotes
- ``selection``: which generated questions make up one quiz (variety, no repeats)
- ``topics``: reading a request ("repaso del ítem 2.3", "quiz me on KPIs") into a topic
- ``card``: the recap card shown before a quiz
- ``progress``: quizzes, answers and per-user progress in the shared store
- ``service``: ``TrainingService``, the entry point used by the answering core and the bot
- ``cli``: ``copc quiz``
"""
