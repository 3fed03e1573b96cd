"""Learn each site's own boilerplate from a corpus: count recurring lines per source, write a pack.

    learner = Learner(LearnOptions(min_docs=5, min_share=0.1))
    for record in records:
        learner.add(record)
    Path("learned.toml").write_text(render(learner.result(), learner.options))
"""

from scrubber.learn.judge import Thresholds
from scrubber.learn.learner import LearnedLine, Learner, LearnOptions, LearnResult
from scrubber.learn.pack import render

__all__ = ["LearnOptions", "LearnResult", "LearnedLine", "Learner", "Thresholds", "render"]
