"""The deterministic validator: framework models in, findings out.

Pure: no I/O, no LLM, no database. A broken rule is a value (a finding), never an exception.
"""

from coach.rules.catalog import RULES_VERSION, SOURCES
from coach.rules.deal import decide_deal
from coach.rules.program import check_program, grade_program, next_question, operator_sentence
from coach.rules.readiness import check_readiness

__all__ = [
    "RULES_VERSION",
    "SOURCES",
    "check_program",
    "check_readiness",
    "decide_deal",
    "grade_program",
    "next_question",
    "operator_sentence",
]
