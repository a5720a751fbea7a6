"""Does the framework cover a question? The not-covered gate of `coach ask` (issue 3), pure and without I/O.

Two ways a question falls outside the framework, each measured by evals/retrieval_eval.py:

- It names a partner-program topic the framework never addresses: money (commissions, margins, MDF), contract
  clauses, tax and billing, people's pay, tool setup, event logistics, fundraising. Such questions share plenty of
  words with the framework (partner, reseller, deal), so word overlap alone answers them. The table below names those
  topics; it was written from what a partner program runs on, not from eval questions. A person's playbook that
  names a topic covers it (`topics_in`): their discount policy answers a question about discounts.
- It shares too few of its words with the knowledge at all (sourdough, laptops): `Index.coverage`, computed over the
  question's content words (`content_token`), below `retrieval.MIN_COVERAGE`.

An earlier gate counted words the knowledge never uses; on chat-style questions it refused in-scope ones for slang,
typos and contractions ("muddy the water", "redlines", "they're"), 16 of 36 on a fresh dev set.
"""

from __future__ import annotations

import re

# Partner-program topics outside the framework, one entry per topic: the key names it, the value is the phrases
# (regex alternatives, matched as whole words on the lower-cased question). A phrase is here only if the framework
# never uses it with that meaning: "budget" (the decision maker's), "contract" (clean contracts for the blocker),
# "logo" (a logo wall) and "investors" (who push for more partners) are framework words and stay out.
OUT_OF_SCOPE_TOPICS: dict[str, str] = {
    "partner payouts": r"commissions?|payouts?|spiffs?|rebates?|clawbacks?|fees?",
    "pricing and margins": r"margins?|discount\w*|pric(e|es|ing)|price ?lists?",
    "marketing funds": r"mdf|market development funds?|co-?op (funds?|dollars|budgets?)|"
    r"co-?marketing (funds?|budgets?|dollars|money)",
    "contract clauses": r"msas?|indemni\w*|liability caps?|clauses?|termination|notice periods?",
    "tax and billing": r"vat|sales tax|tax(es)?|withholding|invoic\w*|payment terms|billing",
    "people's pay": r"salar(y|ies)|bonus(es)?|compensat\w*|comp plans?|ote|on-target earnings",
    "hiring logistics": r"job (descriptions?|postings?|ads?)|interview (rounds?|questions|process)",
    "tool setup": r"sso|saml|single sign-?on|api( keys?)?|webhooks?|zapier|sync(ing)? (\w+ )?(between|to|from)",
    "training logistics": r"exams?|curriculum",
    "event logistics": r"venues?|catering|booths?|swag",
    "brand rules": r"brand guidelines|trademarks?|(logo|brand) (colou?rs?|designs?|files?|usage)|colou?rs?|fonts?",
    "employment policy": r"vacation (days|policy|allowance)|pto|parental leave|employment law|labou?r law",
    "fundraising": r"seed rounds?|safe notes?|valuations?|fundrais\w*",
}
_TOPICS = [(topic, re.compile(rf"\b(?:{phrases})\b")) for topic, phrases in OUT_OF_SCOPE_TOPICS.items()]

# Bits of chat that carry no topic: contraction tails left by splitting on the apostrophe, and fillers.
_CHAT_NOISE_TEXT = (
    "re ve ll don doesn didn hasn haven isn aren wasn weren couldn shouldn wouldn hadn ain im ive dont cant "
    "pls plz af lol tbh btw imo fyi hey hi thanks thx ok okay"
)
CHAT_NOISE = frozenset(_CHAT_NOISE_TEXT.split())


def sentences(text: str) -> list[str]:
    """A text's sentences and lines, stripped; chat-style lower-case sentences split too."""
    return [part.strip() for part in re.split(r"(?<=[.!?])\s+|\n+", text) if part.strip()]


def topics_in(text: str) -> set[str]:
    """The out-of-scope partner-program topics a text names."""
    lowered = text.lower().replace("\u2019", "'")
    return {topic for topic, pattern in _TOPICS if pattern.search(lowered)}


# A clause that opens with one of these words asks something ("before I hire, how do I check ...").
_ASKING = re.compile(
    r"(^|[,;:\-]\s*)(how|what|whats|what's|when|where|which|who|why|should|shall|can|could|do|does|did|is|are|will|"
    r"would|any|give|tell|help)\b"
)


def asking_part(question: str) -> str:
    """The sentences that ask, without the context told before them; the whole question when they say too little.

    "Board approved two partner managers and extra MDF. Before I hire, how do I check we are ready to scale?" asks
    about readiness, not marketing funds; "We pay resellers a commission. How much should it be?" needs its context.
    """
    parts = sentences(question)
    asking = [s for s in parts if s.endswith("?") or _ASKING.search(s.lower())]
    if not asking or len(asking) == len(parts):
        return question
    words = [w for w in re.findall(r"[a-z0-9]+", " ".join(asking).lower()) if content_token(w)]
    return " ".join(asking) if len(words) >= 4 else question


def uncovered_topic(question: str, covered: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The first topic the question asks about that neither the framework nor a loaded playbook covers, or None."""
    named = topics_in(asking_part(question)) - covered
    return next((topic for topic in OUT_OF_SCOPE_TOPICS if topic in named), None)


def content_token(token: str) -> bool:
    """Whether a question token says what the question is about (not a number, a fragment or chat filler)."""
    return len(token) > 2 and token not in CHAT_NOISE and not any(ch.isdigit() for ch in token)
