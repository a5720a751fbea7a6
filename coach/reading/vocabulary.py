"""The framework's vocabulary as the offline extractor reads it: roles, stages, triggers, trust, leverage.

Patterns are ordered most specific first; negations are tried before affirmations.
"""

from __future__ import annotations

import re


def rx(*parts: str) -> re.Pattern[str]:
    """One case-insensitive alternation of the given patterns, on word boundaries."""
    return re.compile(r"\b(?:" + "|".join(parts) + r")", re.IGNORECASE)


# Instructions aimed at the assistant inside notes: data, never commands. Such segments are skipped.
INJECTION = rx(
    r"ignore (?:all |any |the |your |previous |prior |above )+(?:instructions|rules|guidance|prompts?)",
    r"disregard (?:all |the |your |previous |prior )*(?:instructions|rules)",
    r"(?:system|assistant)\s*(?:prompt|message|override|note)?\s*:",
    r"you are (?:now )?(?:an? |the )?(?:ai|assistant|model|chatbot|language model)",
    r"(?:mark|set|output|return|respond with|answer|classify)\b[^.]{0,40}\b(?:as )?(?:GO|approved|green)\b",
    r"(?:the )?verdict (?:must|should|has to|needs to) be",
    r"(?:override|bypass|skip) (?:the |all )?(?:rules|checks|validation|validator)",
    r"do not (?:flag|report|mention)",
    r"note to (?:the )?(?:ai|assistant|bot|model|coach)",
    r"as an ai\b",
    r"pretend (?:that|you)",
)

# An explicit statement that something is not known: the segment then asserts nothing.
UNCERTAIN = rx(
    r"(?:don'?t|do not|doesn'?t|does not|didn'?t) (?:yet )?know (?:yet|whether|if|who|what|when|how|why|which)\b",
    r"not (?:yet )?(?:sure|clear|known|confirmed)",
    r"unclear",
    r"unknown",
    r"no idea",
    r"tbd\b",
    r"tbc\b",
    r"to be (?:confirmed|determined)",
    r"need to (?:find out|confirm|check|ask)",
    r"ha(?:ve|s)(?: not|n'?t) (?:yet )?(?:asked|checked|confirmed|verified)",
    r"not (?:yet )?(?:asked|checked|verified)",
    r"(?:nobody|no one)(?: there| here| on their side)? (?:has )?(?:mentioned|raised|brought up|said anything about)",
    r"(?:has|have)n'?t (?:come up|been mentioned|been raised)",
    r"(?:it |this )?(?:could|might|may) (?:sit with|be (?:the|either|one of))",
    r"it could be\b",
    r"still (?:figuring|working) out",
    r"haven'?t (?:figured|worked) out",
    r"no clue",
    r"\?\s*$",
)

# A question in a transcript or email makes the next lines its answer: "Who signs?" -> "Marcus, VP Eng."
QUESTION_TOPICS: list[tuple[str, re.Pattern[str]]] = [
    ("signer", re.compile(r"who (?:signs|owns the budget|has the budget)|who'?s (?:the (?:signer|economic buyer)|signing)|who is signing|pen to paper|who (?:actually )?signs", re.I)),
    ("trigger", re.compile(r"why now|why this (?:quarter|year)|what'?s (?:driving|forcing)|compelling event|\btrigger\b|why do they buy|what makes them (?:buy|act|move)", re.I)),
    ("leverage", re.compile(r"what (?:does|would|will|do) \w+(?: \w+)? (?:actually |really )?(?:add|bring|do\b)|role", re.I)),
    ("speaks_success_metric", re.compile(r"(?:talk|speak) (?:to|about)|without (?:us )?(?:prepping|coaching)", re.I)),
    ("referenceable_proof", re.compile(r"\bproof\b|references?\b|case stud", re.I)),
    ("category_credibility", re.compile(r"credib|known (?:for|in)|reputation", re.I)),
    ("prior_relationship", re.compile(r"do they know|relationship|know anyone|connection", re.I)),
    ("standing", re.compile(r"standing|what trust|trust do", re.I)),
    ("metric", re.compile(r"\bmeasure|success look|kpi|success metric", re.I)),
    ("blocker", re.compile(r"\bblock|who can (?:slow|stall|kill)|blocker", re.I)),
    ("icp", re.compile(r"deals (?:actually )?close|who do you sell|\bicp\b|ideal customer", re.I)),
]  # fmt: skip

# What the person says they do not know yet (a question they ask is not one of these).
OPEN_QUESTION = re.compile(UNCERTAIN.pattern.replace(r"|\?\s*$", ""), re.IGNORECASE)

# --- Roles ---------------------------------------------------------------------------------------

_DETERMINER = r"(?!(?:The|Their|Our|Its|His|Her|A|An|And|But|So|New|Now)\b)"
ROLE_TITLE = (
    r"(?<![\w-])(?:(?:S?VP|EVP|AVP|GM|Head|Director|Chief [A-Z][a-z]+ Officer|C[A-Z]O|Controller|Comptroller|Treasurer|"
    r"President|Owner|Manager|Lead|Officer|Founder|Principal|Dean|Superintendent|Commissioner)"
    r"(?:\s+(?:of\s+|for\s+|&\s+)?(?:the\s+)?[A-Z][A-Za-z&/-]*){0,4}|CFO|CEO|CTO|CIO|CISO|COO|CRO|CMO|CPO|CHRO|CDO|"
    rf"{_DETERMINER}(?:[A-Z][A-Za-z&/]+ ){{1,3}}(?:Director|Manager|Lead|Officer|Controller|Head|VP|Owner|Architect|Engineer|"
    r"Analyst|Administrator|Counsel|Specialist|Coordinator))"
)
GROUP_BUYER = (
    r"(?:the )?(?:leadership(?: team)?|key stakeholders|stakeholders|the business|executives|execs|"
    r"management|senior management|c-suite|c-level|buying committee|the committee)"
)
_ROLE_OR_GROUP = rf"(?P<title>{ROLE_TITLE}|{GROUP_BUYER})"

SIGNER_WORDS = (
    r"(?:signer|signatory|economic buyer|decision[- ]maker|budget owner|budget holder|final say|signs? off|"
    r"(?:person|one) who signs?|signing person)"
)
SIGNER = [
    re.compile(rf"{_ROLE_OR_GROUP}\s*(?:=|:|is|will be|would be|as)\s*(?:the\s+)?{SIGNER_WORDS}", re.IGNORECASE),
    re.compile(
        rf"(?:{SIGNER_WORDS}|who signs?|signing authority|signed by|\bbuyer|\bdb)\s*(?:=|:|is|will be|would be|->|-)\s*"
        rf"(?:probably\s+|likely\s+)?(?:the\s+|their\s+|our\s+|a\s+)?(?:[A-Z][\w&-]*(?: [A-Z][\w&-]*)*'s\s+)?"
        rf"(?:[A-Z][a-z]+ [A-Z][\w'-]+,\s*(?:the\s+|their\s+)?)?{_ROLE_OR_GROUP}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"{_ROLE_OR_GROUP}\s+(?:signs|sign|will sign|would sign|is who sign|must sign|owns the budget|holds the budget|"
        rf"has the budget|controls the budget|approves the spend|has final sign-?off|owns the decision|decides|decide|makes the call|signs? off)",
        re.IGNORECASE,
    ),
]
SIGNER.append(
    re.compile(
        rf"(?P<title>{ROLE_TITLE})(?:\s*\([^)]*\))?(?:,\s*(?:[A-Z][\w.'-]+\s?){{1,4}},)?"
        r"(?:(?!\bsays?\b|\bsaid\b|\bthinks?\b|\bclaims?\b)[^.;]){0,50}?\b"
        r"(?:signs|will sign|would sign|is signing|to sign|sign off|signature|budget (?:is|was) (?:his|hers|theirs)|(?:his|her|their) budget|"
        r"owns? (?:the )?budget|has (?:the )?budget|holds the budget|budget holder)\b"
    )
)
_LABEL_TAIL = r"\b[^:=\n]{0,25}?\s*(?::|=|->)\s*(?P<title>[^,;(\n]{2,60})"
ROLE_LABELS: list[tuple[str, re.Pattern[str]]] = [
    (
        "decision_maker",
        re.compile(
            r"^(?:dm|db|eb|decision[- ]maker|economic buyer|signer|signatory|buyer|budget owner|who signs?|signs)"
            + _LABEL_TAIL,
            re.I,
        ),
    ),
    (
        "influencer",
        re.compile(
            r"^(?:infl\w*|influencer|evaluator|champion|shapes the shortlist|runs (?:the )?eval\w*)" + _LABEL_TAIL, re.I
        ),
    ),
    (
        "blocker",
        re.compile(r"^(?:blocker|gatekeeper|can (?:stall|kill|block|slow)(?: it| the deal)?)" + _LABEL_TAIL, re.I),
    ),
]
_EVALUATES = r"(?:runs?|does|do|makes?|make|leads?|owns?|drives?) the (?:evaluation|eval|poc|pilot)|(?:picks?|writes?|builds?|owns?) the shortlist"
INFLUENCER = [
    re.compile(rf"(?:person|one) who (?:{_EVALUATES}) is (?:the |their )?(?P<title>[^,;(.]{{2,60}})", re.IGNORECASE),
    re.compile(rf"{_ROLE_OR_GROUP}\s+(?:{_EVALUATES})", re.IGNORECASE),
    re.compile(
        rf"(?:influencer|evaluator|champion|runs the evaluation|shapes the shortlist)s?\s*(?::|=|is|are)\s*(?:the\s+)?{_ROLE_OR_GROUP}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"{_ROLE_OR_GROUP}\s+(?:runs? the evaluation|shapes? the shortlist|is the influencer|influences|evaluates|owns the evaluation|builds the shortlist)",
        re.IGNORECASE,
    ),
]
_BLOCK_VERB = r"(?:can|could|will|often|usually|may|might|tends to)\s+(?:\w+\s+)?(?:slow|stall|kill|block|delay|veto)"
_ROLE_NOUN = r"(?:\s+(?:lead|team|manager|head|officer|director|owner|counsel|group|committee))?"
BLOCKER = [
    re.compile(
        rf"(?P<title>(?<![\w-])(?:[A-Z][\w&'-]*\s){{0,3}}[A-Z][\w&'-]*{_ROLE_NOUN}(?:'s [\w-]+(?: team)?)?),?\s+(?:who\s+)?(?:team\s+)?{_BLOCK_VERB}"
    ),
    re.compile(
        r"(?P<title>(?<![\w-])[A-Z][\w&'-]*(?: [A-Z][\w&'-]*)*) (?:is|are) (?:the|a|our) (?:main |real )?(?:blocker|gatekeeper)"
    ),
    re.compile(
        r"(?:the one|the ones|who) (?:who |that )?can (?:slow|stall|block|kill|delay)(?: us| it| things| deals)?(?: down)? (?:is|are) (?:the |their )?(?P<title>[\w -]{2,40}?)(?=[.,;]|$)",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?P<title>legal counsel|general counsel|counsel)\s+(?:can|could|will|may|might)\s+(?:\w+\s+)?(?:slow|stall|kill|block|delay|veto)",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?P<title>(?<![\w-])[A-Z][\w&'-]*(?: [A-Z][\w&'-]*)*)(?:,[^,]{0,60},)?\s+(?:is|are)\s+(?:who|the ones? who|what)\s+(?:stalls?|slows?|blocks?|kills?)"
    ),
    re.compile(
        rf"(?P<title>{ROLE_TITLE}|(?<![\w-])(?:[A-Z][\w&'-]*\s){{0,3}}[A-Z][\w&'-]*)\s+(?:team\s+)?(?:can|could|will|often|usually|may|might|tends to)\s+(?:\w+\s+)?(?:slow|stall|kill|block|delay|veto)"
    ),
    re.compile(
        r"(?:blocker|gatekeeper)s?\s*(?::|=|is|are)\s*(?:the\s+)?(?P<title>[A-Z][A-Za-z/&,' ]{1,40}?)(?=[.;,(]|\s+(?:who|can|team)|$)",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?P<title>procurement|legal|security(?: team)?|compliance|infosec|the CISO|IT security|risk(?: team)?|purchasing)\s+(?:can|could|will|often|usually|may)\s+(?:slow|stall|kill|block|delay)",
        re.IGNORECASE,
    ),
]
ROLE_KIND = [
    ("blocker", rx(r"procurement", r"legal", r"security", r"compliance", r"infosec", r"ciso", r"risk (?:team|committee)", r"purchasing", r"blocker")),
    ("influencer", rx(r"infl\b", r"architect", r"it director", r"end users?", r"evaluat\w*", r"champion", r"influencer", r"engineering",
                      r"ops team", r"admins?", r"analyst", r"technical lead", r"practitioners?")),
    ("decision_maker", rx(r"dm\b", r"cfo", r"ceo", r"coo", r"cro", r"cio", r"cto", r"vp", r"chief", r"head of", r"decision[- ]maker",
                          r"economic buyer", r"signer", r"budget owner", r"svp", r"evp", r"director of finance")),
]  # fmt: skip

# --- Deal stages ---------------------------------------------------------------------------------

STAGES: list[tuple[str, re.Pattern[str]]] = [
    ("closed", rx(r"closed[- ]?(?:won|lost)", r"signed (?:the )?(?:contract|order form|deal)", r"deal (?:is )?signed")),
    ("negotiation", rx(r"(?:contract|commercial|price|pricing|final) negotiations?", r"negotiating", r"procurement (?:stage|phase|negotiation)", r"final terms")),
    ("legal_review", rx(r"legal review", r"redlin\w*", r"in legal\b", r"with (?:their |our )?legal", r"msa (?:review|markup|in legal)", r"contract review", r"legal has the contract")),
    ("proposal", rx(r"proposal", r"pricing (?:sent|shared)", r"quote (?:sent|shared)", r"business case (?:sent|review)")),
    ("evaluation", rx(r"evaluation", r"evaluating", r"eval\b", r"poc\b", r"proof of concept", r"pilot", r"demo(?:ed|s)?\b", r"shortlist\w*", r"technical validation", r"trial", r"rfp")),
    ("discovery", rx(r"discovery", r"first call", r"intro call", r"qualification", r"qualifying", r"initial meeting", r"early conversations?")),
    ("pre_deal", rx(r"prospecting", r"pre[- ]?deal", r"not yet an opportunity", r"account planning", r"pre[- ]pipeline")),
    ("post_sale", rx(r"post[- ]sale", r"onboarding (?:now|is underway)", r"already live")),
]  # fmt: skip

# --- Triggers ------------------------------------------------------------------------------------

NEGATED_BEFORE = re.compile(r"\b(?:no|not|never|without|nor)\s+(?:\w+\s+){0,2}$", re.I)
TRIGGER_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("regulatory", rx(r"regulat\w+", r"audit", r"compliance deadline", r"soc ?2", r"iso ?27001", r"gdpr", r"dora\b", r"hipaa", r"sox\b", r"nis ?2", r"fine[sd]?\b", r"examiner")),
    ("deadline", rx(r"deadline", r"(?:maintenance|support) (?:ends?|ending)", r"renewal date", r"contract (?:lapses|renewal)", r"laps(?:e|es|ing)\b", r"fixed date", r"re-?decide", r"\d+ days before",
                    r"(?:before|by|until|due(?: on)?) (?:the )?(?:[\w-]+ ){0,5}(?:on )?\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*", r"audit date", r"renews? (?:on |in )?(?:january|february|march|april|may|june|july|august|september|october|november|december|\d)", r"end of (?:\w+ ){0,3}(?:maintenance|support|life)", r"(?:must|has to|have to|needs? to) (?:decide|sign off|comply|migrate|be live)", r"by (?:\d{1,2} )?(?:january|february|march|april|may|june|july|august|september|october|november|december)\b", r"by q[1-4]", r"go[- ]live", r"contract (?:expires|ends|runs out)", r"end[- ]of[- ]life", r"\beol\b", r"sunset\w*", r"(?:by|before) (?:q[1-4]|january|february|march|april|may|june|july|august|september|october|november|december|end of)", r"expir\w+", r"cut-?over", r"migration date")),
    ("budget_event", rx(r"budget (?:approved|allocated|freed|release\w*|cycle|event|unlocked|signed off)", r"new fiscal year", r"fiscal year", r"funding round", r"raised (?:a |their )?(?:series|round|\$)", r"use[- ]it[- ]or[- ]lose[- ]it", r"year[- ]end budget")),
    ("leadership_change", rx(r"new (?:cfo|ceo|cio|cto|ciso|coo|cro|vp|head|director|leader)", r"(?:cfo|ceo|cio|cto|ciso) (?:just )?(?:joined|started|was hired)", r"(?:cfo|ceo|cio|cto|ciso|vp) change")),
    ("leadership_mandate", rx(r"mandate", r"board (?:put|has put|asked|wants|set|requires)", r"board report", r"under pressure", r"(?:fca|regulator|sec|occ|bafin|examiners?) (?:has )?(?:asked|requires?|required|demanded)", r"forces? (?:a |an |the )?\w+", r"board (?:asked|wants|requires|pressure|directive)", r"top-down", r"ceo (?:asked|wants|demands)", r"okr")),
    ("competitive_threat", rx(r"competitor", r"competitive (?:threat|pressure)", r"losing (?:share|deals) to")),
    ("problem_visible", rx(r"breach", r"incident", r"outage", r"failed (?:an? )?(?:audit|review|launch)", r"finding", r"churn spike", r"missed (?:the |their )?(?:number|quarter|forecast)", r"escalat\w+", r"visible problem", r"pain (?:became|is now)")),
]  # fmt: skip
TRIGGER_CUE = rx(
    r"trigger",
    r"why now",
    r"forcing",
    r"act now",
    r"urgen\w+",
    r"because",
    r"driven by",
    r"acts? when",
    r"buy when",
    r"compelling event",
)

# --- Deal type, motion, existing trust -----------------------------------------------------------

DIRECT_MOTION = rx(
    r"transactional",
    r"self[- ]serve",
    r"repeatable (?:direct )?(?:motion|sale|playbook)",
    r"standard (?:direct )?(?:deal|package|motion|playbook)",
    r"inside sales (?:closes|playbook|motion)",
    r"closes? (?:direct|on its own|itself)",
    r"credit card",
    r"click[- ]through",
    r"plg\b",
    r"product[- ]led",
    r"our (?:reps|ae|aes) close (?:these|this) (?:alone|direct)",
)
VENDOR_TRUST = rx(
    r"exec(?:utive)? sponsor", r"already trusts? us", r"trusts? us already", r"(?:long|long-standing|strong|deep|existing) (?:executive )?relationship with (?:us|our)",
    r"(?:our|my) (?:ceo|cro|founder|vp|ae) (?:knows|has known|is close to|golfs with)", r"happy customer (?:for|since)",
    r"customer (?:for|since) (?:\d+|many|several) years", r"they love us", r"reference(?:able)? customer of ours", r"champions? us",
    r"know(?:s)? us well", r"trusted (?:vendor|advisor) to them",
)  # fmt: skip

# --- Leverage ------------------------------------------------------------------------------------

LEVERAGE_TYPES: list[tuple[str, re.Pattern[str]]] = [
    ("confidence", rx(r"confidence", r"comfort", r"assurance", r"de-?risk\w*", r"reduce\w* (?:the )?(?:perceived )?risk", r"compliance doc\w*", r"security (?:review|questionnaire|documentation)", r"track record", r"reference calls?", r"references?\b", r"soc ?2 (?:docs|report|evidence)", r"liabilit\w+", r"risk profile")),
    ("speed", rx(r"speed", r"faster", r"accelerat\w+", r"warm intro\w*", r"intro\w*", r"access to", r"shorten\w*", r"compress\w*", r"fast[- ]track", r"skip the queue", r"weeks? (?:off|faster)", r"get (?:us )?in front of", r"implementation capacity")),
    ("signal", rx(r"signal", r"credib\w+", r"validat\w+", r"proof", r"case stud\w+", r"benchmark\w*", r"independent (?:view|assessment|business case)", r"vouch\w*", r"third[- ]party (?:view|validation)")),
]  # fmt: skip

# --- Trust questions -----------------------------------------------------------------------------


# --- Noise ---------------------------------------------------------------------------------------

NOISE: list[tuple[str, re.Pattern[str]]] = [
    ("too_late", rx(r"too late", r"criteria (?:were|are|was|have been) (?:fixed|locked|set|agreed|final)", r"bring\w* (?:a |the )?(?:new party|partner|third party) in at (?:redlines|legal|this stage|this point)", r"suddenly (?:on the paper|in the deal)", r"criteria (?:are |is )?(?:already )?(?:locked|set|final)", r"shortlist is (?:final|locked|done)", r"after (?:the )?(?:evaluation|criteria) (?:is|are|was|were) (?:locked|done|set)")),
    ("too_early", rx(r"starting with the first (?:discovery |intro )?(?:call|meeting)", r"let them in (?:that|this|so) early", r"too early (?:for (?:a |the )?partner|to (?:bring|involve|introduce|add|loop))", r"(?:partner|they|them)\b[\w ,']{0,40}too early", r"before we (?:agreed|defined|set|had) (?:any|a|their) role", r"wants? to (?:come|join|be) (?:already )?(?:to|in|on) (?:the )?(?:next|first) (?:meeting|call)", r"before (?:any |we have |there is )?(?:trust|discovery|a first meeting)", r"wants? to (?:lead|run) the first (?:call|meeting)", r"jump in (?:before|at the start)")),
    ("no_clear_role", rx(r"no (?:clear|defined) role", r"without (?:a |any )?(?:clear|defined) role", r"nobody has (?:pinned down|defined|agreed|set) (?:a |their |any )?role", r"(?:added to|be on|join|sit in on) every (?:call|meeting)", r"role (?:is )?(?:unclear|undefined|not defined)", r"just wants? to be (?:in the room|on the call|involved)")),
    ("competing_narrative", rx(r"competing (?:narrative|pitch|story|product)", r"pitch(?:es|ing)? (?:their|its) own", r"push(?:es|ing)? (?:their|a) (?:own|competing)")),
    ("slows_decisions", rx(r"slow(?:s|ed)? (?:down )?(?:the )?(?:deal|decision|process)", r"delay(?:s|ed)? (?:the )?(?:deal|decision)")),
    ("coordination_overhead", rx(r"coordination overhead", r"extra (?:meetings|handoffs|coordination)", r"too many cooks")),
]  # fmt: skip

# --- Account facts -------------------------------------------------------------------------------

INDUSTRIES = [
    "fintech", "financial services", "banking", "bank", "credit union", "insurance", "insurtech", "healthcare", "health system",
    "hospital", "pharma", "biotech", "life sciences", "medtech", "manufacturing", "industrial", "retail", "e-commerce", "ecommerce",
    "logistics", "supply chain", "transportation", "saas", "software", "technology", "telecom", "media", "public sector",
    "government", "education", "higher education", "university", "energy", "utilities", "oil and gas", "real estate",
    "construction", "hospitality", "automotive", "legal services", "law firm", "law firms", "professional services", "nonprofit", "non-profit", "agriculture",
    "food and beverage", "consumer goods", "cpg", "gaming", "crypto", "payments", "lending", "wealth management",
    "manufacturer", "manufacturers", "machinery", "health insurer", "health insurers", "health plan", "insurer", "insurers",
]  # fmt: skip
REGIONS = [
    "north america", "united states", "usa", "us", "u.s.", "canada", "uk", "united kingdom", "ireland", "emea", "europe", "eu",
    "dach", "germany", "austria", "switzerland", "france", "benelux", "netherlands", "belgium", "nordics", "sweden", "norway",
    "denmark", "finland", "spain", "italy", "poland", "apac", "australia", "new zealand", "anz", "singapore", "japan", "india",
    "latam", "brazil", "mexico", "middle east", "uae",
]  # fmt: skip
TECH = [
    "salesforce", "hubspot", "sap", "oracle", "netsuite", "workday", "snowflake", "databricks", "aws", "azure", "gcp",
    "google cloud", "servicenow", "dynamics", "microsoft dynamics", "shopify", "zendesk", "jira", "okta", "marketo", "sage",
    "quickbooks", "xero", "epic", "cerner", "guidewire", "temenos", "mambu", "kubernetes",
]  # fmt: skip
