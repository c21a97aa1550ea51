"""No step may be quadratic in the size of a document.

0.1 compared every finding with every finding kept in the whole document, so a 20 MB
page cost far more than the same text split into pages.  Work is counted, not timed:
every counter the engine keeps must grow at most about linearly.
"""

from __future__ import annotations

from linter.reading.plaintext import read_text

PAGE = (
    "NMN点滴で不眠症が治ります。副作用の心配はありません。今なら半額です。\n\n"
    "Our drip cures insomnia and boosts your immune system. It is completely safe.\n\n"
    "当院は駅から徒歩5分です。Our clinic opens at ten.\n\n"
)


def _work(engine_factory, copies: int) -> dict[str, int]:
    engine = engine_factory()
    findings = engine.lint(read_text("page.txt", PAGE * copies))
    assert findings
    return {**engine.stats, "findings": len(findings)}


def test_a_four_times_larger_file_costs_at_most_about_four_times_the_work(engine_factory):
    small = _work(engine_factory, 25)
    large = _work(engine_factory, 100)
    assert small["merge_steps"] > 0 and small["sentences"] > 0
    for counter, value in small.items():
        assert large[counter] <= 4.5 * value, (counter, value, large[counter])
