"""Hand-authored model answers (ProgramDraft tool calls) for the program cases; see evals/authoring.py.

Each entry is a list of turns; each turn is the list of answers the model gives for that message
(more than one when instructor re-asks). Quotes are copied from the case text by hand.
"""

# Data tables: a verbatim quote is one string, however long.
# ruff: noqa: E501

from __future__ import annotations

from typing import Any


def F(quote: str, **fields: Any) -> dict[str, Any]:
    """A fact: its quote and its fields, leaving out what is not stated."""
    return {"quote": quote, **{k: v for k, v in fields.items() if v is not None}}


def cond(dimension: str, quote: str, text: str, **fields: Any) -> dict[str, Any]:
    return F(quote, dimension=dimension, text=text, **fields)


def money(amount: float, currency: str, period: str = "annual") -> dict[str, Any]:
    return {"amount": amount, "currency": currency, "period": period}


def zone(type_: str, said: str, text: str, role: str | None = None, stage: str | None = None, **change: str):
    """A leverage zone; `quote`, `before` and `after` keywords give its before-and-after."""
    before_after = F(change["quote"], before=change["before"], after=change["after"]) if change else None
    return F(said, type=type_, text=text, role=role, stage=stage, change=before_after)


def draft(**parts: Any) -> dict[str, Any]:
    """A ProgramDraft tool call from named parts (statement, conditions, evidence, dm, ...)."""
    out: dict[str, Any] = {}
    icp = {k: parts.pop(k) for k in ("statement", "conditions", "evidence") if k in parts}
    if icp:
        out["icp"] = icp
    buyers = {name: parts.pop(key) for key, name in
              (("dm", "decision_maker"), ("infl", "influencer"), ("blocker", "blocker")) if key in parts}  # fmt: skip
    if buyers:
        out["buyers"] = buyers
    out.update(parts)
    return out


def role(quote: str, title: str) -> dict[str, Any]:
    return F(quote, title=title)


PROGRAMS: dict[str, list[list[dict[str, Any] | str]]] = {
    "program-business-signs-influencer-zone": [
        [
            draft(
                statement=F(
                    "Australian mining and mining-services companies with 1,000 to 20,000 employees running Maximo for asset management"
                ),
                conditions=[
                    cond(
                        "industry",
                        "Australian mining and mining-services companies",
                        "mining and mining-services",
                        values=["mining", "mining services"],
                    ),
                    cond("region", "Australian mining", "Australia", values=["australia"]),
                    cond(
                        "company_size",
                        "1,000 to 20,000 employees",
                        "1,000 to 20,000 employees",
                        minimum=1000,
                        maximum=20000,
                    ),
                    cond("tech_stack", "running Maximo for asset management", "Maximo", values=["maximo"]),
                ],
                evidence=[
                    F(
                        "Ten of our twelve wins; with a Maximo partner involved, the pilot started within a month instead of four.",
                        kind="where_deals_close",
                        text="ten of twelve wins",
                    )
                ],
                dm=role("The business. It comes out of operations budgets, and the business decides.", "The business"),
                infl=role(
                    "The Reliability Engineering Manager runs the evaluation.", "Reliability Engineering Manager"
                ),
                blocker=role(
                    "The site's OT Security lead can block anything that connects to plant equipment.",
                    "OT Security lead",
                ),
                metrics=[
                    F(
                        "Unplanned downtime hours per site.",
                        kind="risk_reduction",
                        text="unplanned downtime hours per site",
                    )
                ],
                trigger=F(
                    "A failed safety audit by the state mines inspectorate, which gives the site a dated improvement notice.",
                    kind="regulatory",
                    text="failed safety audit with a dated improvement notice",
                ),
                trust=[
                    F(
                        "a prior relationship with the Reliability Engineering Manager",
                        form="prior_relationship",
                        role="influencer",
                        text="prior relationship with the Reliability Engineering Manager",
                    )
                ],
                leverage=[
                    zone(
                        "speed",
                        "Speed for the Reliability Engineering Manager during evaluation",
                        "pilot scope faster",
                        "influencer",
                        "evaluation",
                        quote="the pilot scope takes a week instead of two months",
                        before="two months",
                        after="a week",
                    )
                ],
                exclusions=[
                    F(
                        "No partners under AUD 90k ARR",
                        kind="deal_size",
                        text="under AUD 90k ARR",
                        threshold=money(90000, "AUD"),
                    ),
                    F(
                        "no partners once legal review starts",
                        kind="stage_too_late",
                        text="from legal review",
                        stage="legal_review",
                    ),
                ],
            )
        ]
    ],
    "program-chat-adds-trigger": [
        [
            draft(
                statement=F(
                    "We sell payment-security tooling to US e-commerce merchants with USD 50M to 1B in annual online revenue on Shopify Plus or Salesforce Commerce Cloud."
                ),
                conditions=[
                    cond("industry", "US e-commerce merchants", "e-commerce merchants", values=["e-commerce"]),
                    cond("region", "US e-commerce merchants", "US", values=["us"]),
                    cond(
                        "revenue",
                        "USD 50M to 1B in annual online revenue",
                        "USD 50M to 1B online revenue",
                        minimum=50000000,
                        maximum=1000000000,
                        currency="USD",
                    ),
                    cond(
                        "tech_stack",
                        "on Shopify Plus or Salesforce Commerce Cloud",
                        "Shopify Plus or Salesforce Commerce Cloud",
                        values=["shopify plus", "salesforce commerce cloud"],
                    ),
                ],
                evidence=[
                    F("That is where 80% of our wins are", kind="where_deals_close", text="80% of wins"),
                    F(
                        "deals with a QSA firm involved closed in 50 days instead of 120",
                        kind="partner_helped",
                        text="50 days instead of 120 with a QSA",
                    ),
                ],
                dm=role("The VP of Engineering signs.", "VP of Engineering"),
                infl=role("The Security Engineering lead runs the evaluation.", "Security Engineering lead"),
                blocker=role("The Compliance Manager is the blocker.", "Compliance Manager"),
                trust=[
                    F(
                        "they have a prior relationship with the Compliance Manager",
                        form="prior_relationship",
                        role="blocker",
                        text="prior relationship with the Compliance Manager",
                    )
                ],
                leverage=[
                    zone(
                        "confidence",
                        "They give the Compliance Manager confidence in evaluation",
                        "compliance review faster",
                        "blocker",
                        "evaluation",
                        quote="the compliance review takes one week instead of six",
                        before="six weeks",
                        after="one week",
                    )
                ],
                exclusions=[
                    F(
                        "no partners under $30k ARR",
                        kind="deal_size",
                        text="under $30k ARR",
                        threshold=money(30000, "USD"),
                    ),
                    F(
                        "none from legal review on",
                        kind="stage_too_late",
                        text="from legal review on",
                        stage="legal_review",
                    ),
                ],
            )
        ],
        [draft(trigger=F("Forgot the trigger: PCI DSS 4.0.", kind="regulatory", text="PCI DSS 4.0 assessment date"))],
    ],
    "program-chat-builds-up-icp-still-vague": [
        [
            draft(
                statement=F("Our ICP is mid-market companies"),
                conditions=[cond("company_size", "mid-market companies", "mid-market")],
            )
        ],
        [
            draft(
                dm=role("The VP of People signs and owns the budget.", "VP of People"),
                infl=role("The Payroll Manager runs the evaluation", "Payroll Manager"),
                blocker=role("legal counsel can block it", "legal counsel"),
                metrics=[
                    F(
                        "They measure success by fines avoided and hours spent on filings.",
                        kind="risk_reduction",
                        text="fines avoided and hours on filings",
                    )
                ],
                trigger=F(
                    "The trigger is a state labor audit notice: once they get one, they have 30 days to produce records.",
                    kind="regulatory",
                    text="state labor audit notice",
                ),
            )
        ],
        [
            draft(
                leverage=[
                    zone(
                        "confidence",
                        "the payroll bureau gives the VP of People confidence in evaluation",
                        "decides faster",
                        "decision_maker",
                        "evaluation",
                        quote="Today she worries about switching risk for months; when the bureau that already runs her payroll vouches for us, she decides in two weeks.",
                        before="worries about switching risk for months",
                        after="decides in two weeks",
                    )
                ],
                trust=[
                    F(
                        "The bureau needs a prior relationship with the Payroll Manager.",
                        form="prior_relationship",
                        role="influencer",
                        text="prior relationship with the Payroll Manager",
                    )
                ],
                exclusions=[
                    F(
                        "No partners below $20k ARR",
                        kind="deal_size",
                        text="below $20k ARR",
                        threshold=money(20000, "USD"),
                    ),
                    F(
                        "after legal review starts",
                        kind="stage_too_late",
                        text="after legal review starts",
                        stage="legal_review",
                    ),
                ],
            )
        ],
    ],
    "program-chat-corrects-buyer": [
        [
            draft(
                statement=F(
                    "Our ICP: US hospital systems with 3 to 20 hospitals, running Epic, in states with price-transparency enforcement actions open."
                ),
                conditions=[
                    cond("industry", "US hospital systems", "hospital systems", values=["hospital systems"]),
                    cond("region", "US hospital systems", "US", values=["us"]),
                    cond("company_size", "with 3 to 20 hospitals", "3 to 20 hospitals"),
                    cond("tech_stack", "running Epic", "Epic", values=["epic"]),
                ],
                evidence=[
                    F(
                        "All of our last ten deals; cycle four months.",
                        kind="where_deals_close",
                        text="all of the last ten deals",
                    )
                ],
                dm=role("The leadership team signs.", "leadership team"),
                infl=role("Revenue cycle runs the evaluation.", "Revenue cycle"),
                trigger=F(
                    "Trigger: a CMS price-transparency warning letter. The hospital has 90 days to correct or face daily fines.",
                    kind="regulatory",
                    text="CMS price-transparency warning letter",
                ),
                trust=[
                    F(
                        "Partners are revenue-cycle consultancies with a prior relationship with the VP of Revenue Cycle.",
                        form="prior_relationship",
                        text="prior relationship with the VP of Revenue Cycle",
                    )
                ],
                leverage=[
                    zone(
                        "confidence",
                        "They give the signer confidence during evaluation",
                        "decision faster",
                        "decision_maker",
                        "evaluation",
                        quote="instead of a three-month internal review, the consultancy's compliance assessment gets the decision made in three weeks",
                        before="three-month internal review",
                        after="decision in three weeks",
                    )
                ],
                exclusions=[
                    F(
                        "No partners under $80k ARR.",
                        kind="deal_size",
                        text="under $80k ARR",
                        threshold=money(80000, "USD"),
                    )
                ],
            )
        ],
        [
            draft(
                dm=role("The CFO signs and owns the budget for this", "CFO"),
                infl=role("the one who runs the evaluation is the VP of Revenue Cycle", "VP of Revenue Cycle"),
            )
        ],
    ],
    "program-chat-corrects-threshold-currency": [
        [
            draft(
                statement=F("ICP: Nordic + DACH e-grocery and food delivery cos, 300-3,000 emp, Kubernetes on GCP."),
                conditions=[
                    cond(
                        "industry",
                        "e-grocery and food delivery cos",
                        "e-grocery and food delivery",
                        values=["e-grocery", "food delivery"],
                    ),
                    cond("region", "Nordic + DACH", "Nordics and DACH", values=["nordics", "dach"]),
                    cond("company_size", "300-3,000 emp", "300-3,000 employees", minimum=300, maximum=3000),
                    cond("tech_stack", "Kubernetes on GCP", "Kubernetes on GCP", values=["kubernetes", "gcp"]),
                ],
                evidence=[
                    F("12/15 wins; w/ Google partner 40% faster", kind="where_deals_close", text="12 of 15 wins")
                ],
                dm=role("DM = CTO (signs)", "CTO"),
                infl=role("Infl = Head of Platform", "Head of Platform"),
                blocker=role("Blocker = DPO", "DPO"),
                metrics=[
                    F("Metric: cost per order (infra), p99 latency", kind="cost", text="cost per order, p99 latency")
                ],
                trigger=F(
                    "Trigger: Black Friday / peak capacity test failing - they have ~10 wks before peak",
                    kind="deadline",
                    text="peak capacity test failing before Black Friday",
                ),
                trust=[
                    F(
                        "Trust: GCP partner w/ prior project at acct (relationship w/ Head of Platform)",
                        form="prior_relationship",
                        role="influencer",
                        text="prior project, relationship with Head of Platform",
                    )
                ],
                leverage=[
                    zone(
                        "speed",
                        "Leverage: speed / infl / eval - capacity test env stood up in 3 days not 3 wks",
                        "capacity test env faster",
                        "influencer",
                        "evaluation",
                        quote="capacity test env stood up in 3 days not 3 wks",
                        before="3 weeks",
                        after="3 days",
                    )
                ],
                exclusions=[
                    F("Excl: < $50k/yr", kind="deal_size", text="under $50k per year", threshold=money(50000, "USD")),
                    F(
                        "no partners from legal review",
                        kind="stage_too_late",
                        text="from legal review",
                        stage="legal_review",
                    ),
                ],
            )
        ],
        [
            draft(
                exclusions=[
                    F(
                        "EUR 50k per year",
                        kind="deal_size",
                        text="under EUR 50k per year",
                        threshold=money(50000, "EUR"),
                    )
                ]
            )
        ],
    ],
    "program-chat-drops-speed-zone": [
        [
            draft(
                statement=F("ICP: US credit unions with USD 1B-10B in assets running Symitar"),
                conditions=[
                    cond("industry", "US credit unions", "credit unions", values=["credit unions"]),
                    cond("region", "US credit unions", "US", values=["us"]),
                    cond(
                        "revenue",
                        "USD 1B-10B in assets",
                        "USD 1B-10B in assets",
                        minimum=1000000000,
                        maximum=10000000000,
                        currency="USD",
                    ),
                    cond("tech_stack", "running Symitar", "Symitar", values=["symitar"]),
                ],
                evidence=[
                    F(
                        "9 of our 11 wins, and the CUSO-introduced deals closed in half the time",
                        kind="where_deals_close",
                        text="9 of 11 wins",
                    )
                ],
                dm=role("Signs: Chief Lending Officer", "Chief Lending Officer"),
                infl=role("Runs the evaluation: VP of Lending Operations", "VP of Lending Operations"),
                blocker=role(
                    "Blocker: the credit union's Compliance Officer (fair-lending review)", "Compliance Officer"
                ),
                metrics=[
                    F(
                        "Metric: loan decision time and charge-off rate",
                        kind="speed",
                        text="loan decision time and charge-off rate",
                    )
                ],
                trigger=F(
                    "Trigger: an NCUA exam finding on loan decisioning, which gives them until the next exam cycle to fix it",
                    kind="regulatory",
                    text="NCUA exam finding on loan decisioning",
                ),
                trust=[
                    F(
                        "Trust: the CUSO must already provide services to the credit union (relationship with the VP of Lending Operations)",
                        form="prior_relationship",
                        role="influencer",
                        text="relationship with the VP of Lending Operations",
                    )
                ],
                leverage=[
                    zone(
                        "speed",
                        "Leverage: speed for the VP of Lending Operations in evaluation (CUSO helps with data mapping)",
                        "data mapping help",
                        "influencer",
                        "evaluation",
                    ),
                    zone(
                        "confidence",
                        "Leverage: confidence for the Compliance Officer in evaluation",
                        "fair-lending review faster",
                        "blocker",
                        "evaluation",
                        quote="the fair-lending review drops from 10 weeks to 3",
                        before="10 weeks",
                        after="3 weeks",
                    ),
                ],
                exclusions=[
                    F(
                        "Exclusions: no partners under $45k ARR",
                        kind="deal_size",
                        text="under $45k ARR",
                        threshold=money(45000, "USD"),
                    ),
                    F(
                        "none once the contract is in legal review",
                        kind="stage_too_late",
                        text="from legal review",
                        stage="legal_review",
                    ),
                ],
            )
        ],
        # The model cannot remove a zone with a ProgramDraft tool call: it restates the one that stays.
        [
            draft(
                leverage=[
                    zone(
                        "confidence",
                        "It's only confidence for the Compliance Officer.",
                        "confidence for the Compliance Officer",
                        "blocker",
                    )
                ]
            )
        ],
    ],
    "program-chat-stays-vague": [
        [
            draft(
                statement=F("Our ICP is B2B software companies in North America with 50 to 500 employees."),
                conditions=[
                    cond("industry", "B2B software companies", "B2B software", values=["b2b software"]),
                    cond("region", "in North America", "North America", values=["north america"]),
                    cond("company_size", "50 to 500 employees", "50 to 500 employees", minimum=50, maximum=500),
                ],
            )
        ],
        [
            draft(
                dm=role("The executives, usually.", "The executives"),
                trigger=F(
                    "They buy when they're ready to scale their customer success team.",
                    kind="other",
                    text="when ready to scale customer success",
                ),
            )
        ],
        [
            draft(
                leverage=[
                    zone(
                        "signal", "Partners add value by bringing us into their clients.", "bring us into their clients"
                    )
                ]
            )
        ],
    ],
    "program-dach-manufacturing-sap": [
        [
            draft(
                statement=F("Discrete manufacturers (machinery, automotive suppliers, industrial components)"),
                conditions=[
                    cond(
                        "industry",
                        "Discrete manufacturers (machinery, automotive suppliers, industrial components)",
                        "discrete manufacturers",
                        values=["machinery", "automotive suppliers", "industrial components"],
                    ),
                    cond(
                        "region",
                        "Germany, Austria, Switzerland only",
                        "DACH",
                        values=["germany", "austria", "switzerland"],
                    ),
                    cond("company_size", "500–5,000 employees", "500-5,000 employees", minimum=500, maximum=5000),
                    cond(
                        "revenue",
                        "annual revenue EUR 200M–2B",
                        "EUR 200M-2B revenue",
                        minimum=200000000,
                        maximum=2000000000,
                        currency="EUR",
                    ),
                    cond("tech_stack", "Running SAP ECC 6.0 today", "SAP ECC 6.0", values=["sap ecc"]),
                ],
                evidence=[
                    F(
                        "Evidence: 23 of our 31 wins in the last 18 months sit here; with an SI partner involved the average cycle was 4.5 months vs 7 months without",
                        kind="where_deals_close",
                        text="23 of 31 wins",
                    )
                ],
                dm=role("Signs and owns the budget: CIO", "CIO"),
                infl=role("Shapes the shortlist: Head of SAP CoE (enterprise architecture)", "Head of SAP CoE"),
                blocker=role(
                    "Can stall it: the data protection officer (GDPR / DSGVO review of the migration data flows)",
                    "data protection officer",
                ),
                metrics=[
                    F(
                        "Success metric for the CIO: S/4HANA migration on time and on budget, no production downtime at cutover",
                        kind="risk_reduction",
                        text="migration on time and budget, no downtime",
                    )
                ],
                trigger=F(
                    "End of SAP ECC mainstream maintenance in 2027 forces a migration decision",
                    kind="deadline",
                    text="end of SAP ECC mainstream maintenance in 2027",
                ),
                trust=[
                    F(
                        "The SI has run SAP projects at the account before (prior relationship with the CIO or the CoE lead)",
                        form="prior_relationship",
                        text="prior relationship with the CIO or the CoE lead",
                    )
                ],
                leverage=[
                    zone(
                        "speed",
                        "Speed for the Head of SAP CoE during evaluation",
                        "migration assessment faster",
                        "influencer",
                        "evaluation",
                        quote="migration assessment in 3 weeks instead of 10",
                        before="10 weeks",
                        after="3 weeks",
                    ),
                    zone(
                        "confidence",
                        "Confidence for the data protection officer during evaluation",
                        "GDPR documentation pack",
                        "blocker",
                        "evaluation",
                        quote="DPO sign-off in 2 weeks instead of 2 months",
                        before="2 months",
                        after="2 weeks",
                    ),
                ],
                exclusions=[
                    F(
                        "No partner below EUR 80k first-year contract value",
                        kind="deal_size",
                        text="below EUR 80k first-year",
                        threshold=money(80000, "EUR"),
                    ),
                    F(
                        "Partners are out once the proposal has been sent (proposal stage)",
                        kind="stage_too_late",
                        text="from proposal stage",
                        stage="proposal",
                    ),
                    F(
                        "No partners at accounts where our own account team already has an executive sponsor",
                        kind="buyer_trusts_vendor",
                        text="existing executive sponsor",
                    ),
                ],
            )
        ]
    ],
    "program-digital-transformation": [
        [
            draft(
                statement=F(
                    "ICP: insurance carriers in North America with 500 to 5,000 employees running Guidewire PolicyCenter."
                ),
                conditions=[
                    cond("industry", "insurance carriers", "insurance carriers", values=["insurance"]),
                    cond("region", "in North America", "North America", values=["north america"]),
                    cond("company_size", "500 to 5,000 employees", "500 to 5,000 employees", minimum=500, maximum=5000),
                    cond(
                        "tech_stack",
                        "running Guidewire PolicyCenter",
                        "Guidewire PolicyCenter",
                        values=["guidewire policycenter"],
                    ),
                ],
                evidence=[
                    F("That is 14 of our 17 wins", kind="where_deals_close", text="14 of 17 wins"),
                    F(
                        "the four deals where a Guidewire SI was involved all closed inside a quarter",
                        kind="partner_helped",
                        text="SI deals closed inside a quarter",
                    ),
                ],
                dm=role("the Chief Underwriting Officer signs and owns the budget", "Chief Underwriting Officer"),
                infl=role(
                    "The influencer is the VP of Underwriting Operations, who runs the evaluation",
                    "VP of Underwriting Operations",
                ),
                blocker=role("IT Architecture is the blocker", "IT Architecture"),
                trigger=F("Buying trigger: digital transformation.", kind="other", text="digital transformation"),
                trust=[
                    F(
                        "the SI must have implemented Guidewire at the carrier (prior relationship with IT Architecture)",
                        form="prior_relationship",
                        role="blocker",
                        text="prior relationship with IT Architecture",
                    )
                ],
                leverage=[
                    zone(
                        "confidence",
                        "Leverage: confidence for IT Architecture during evaluation.",
                        "integration review faster",
                        "blocker",
                        "evaluation",
                        quote="Today the integration review takes eight weeks; with the SI who built their Guidewire instance vouching for the integration it takes two.",
                        before="eight weeks",
                        after="two weeks",
                    )
                ],
                exclusions=[
                    F(
                        "no partners below $120k ARR",
                        kind="deal_size",
                        text="below $120k ARR",
                        threshold=money(120000, "USD"),
                    ),
                    F(
                        "none at carriers where our CEO already has an executive sponsor relationship",
                        kind="buyer_trusts_vendor",
                        text="CEO executive sponsor relationship",
                    ),
                ],
            )
        ]
    ],
    "program-fintech-soc2": [
        [
            # First answer paraphrases the trigger; instructor re-asks with the quote, the second answer copies it.
            draft(
                statement=F(
                    "Operating ICP: B2B fintech companies (payments, lending infrastructure, banking-as-a-service) with 200 to 2,000 employees, headquartered in the US or Canada."
                ),
                dm=role("The VP of Engineering signs and owns the budget for compliance tooling.", "VP of Engineering"),
                trigger=F(
                    "Trigger: a SOC 2 audit deadline written into a contract",
                    kind="deadline",
                    text="SOC 2 Type II audit deadline",
                ),
            ),
            {},  # replaced below with the full, correctly quoted answer
        ],
    ],
    "program-hope-words-wherever": [
        [
            draft(
                statement=F("Honestly our ICP is wherever there's a budget for observability."),
                conditions=[
                    cond("other", "Any company with a cloud bill is a prospect", "any company with a cloud bill")
                ],
                dm=role("the VP of Platform Engineering signs.", "VP of Platform Engineering"),
                infl=role("The SRE lead runs the proof of concept", "SRE lead"),
                blocker=role("the FinOps team pushes back on anything that adds to the cloud bill", "FinOps team"),
                metrics=[
                    F(
                        "The VP is measured on incident minutes and on cloud spend.",
                        kind="risk_reduction",
                        text="incident minutes and cloud spend",
                    )
                ],
                trigger=F(
                    "The trigger is a major outage: after a customer-facing incident that breaches an SLA, the VP has to show a fix to the board within the quarter.",
                    kind="problem_visible",
                    text="major outage breaching an SLA",
                ),
                trust=[
                    F(
                        "Partners must have run the account's cloud migration (a prior relationship with the SRE lead).",
                        form="prior_relationship",
                        role="influencer",
                        text="prior relationship with the SRE lead",
                    )
                ],
                leverage=[
                    zone(
                        "speed",
                        "Leverage: speed for the SRE lead in evaluation",
                        "proof of concept faster",
                        "influencer",
                        "evaluation",
                        quote="the proof of concept runs in one week instead of five",
                        before="five weeks",
                        after="one week",
                    )
                ],
                exclusions=[
                    F(
                        "no partners on deals under $40k ARR",
                        kind="deal_size",
                        text="under $40k ARR",
                        threshold=money(40000, "USD"),
                    ),
                    F(
                        "none after legal review begins",
                        kind="stage_too_late",
                        text="after legal review begins",
                        stage="legal_review",
                    ),
                ],
            )
        ]
    ],
    "program-influencer-only-no-signer": [
        [
            draft(
                statement=F("US community hospitals, 100 to 500 beds, on Epic."),
                conditions=[
                    cond("industry", "US community hospitals", "community hospitals", values=["community hospitals"]),
                    cond("region", "US community hospitals", "US", values=["us"]),
                    cond("company_size", "100 to 500 beds", "100 to 500 beds"),
                    cond("tech_stack", "on Epic", "Epic", values=["epic"]),
                ],
                evidence=[
                    F(
                        "Nearly all our wins, and the ones where an Epic consultancy was involved went live twice as fast.",
                        kind="where_deals_close",
                        text="nearly all wins",
                    )
                ],
                infl=role(
                    "The Clinical Informatics Director, always. She runs the evaluation and picks the shortlist.",
                    "Clinical Informatics Director",
                ),
                blocker=role("the Privacy Officer, who can kill anything that touches patient data", "Privacy Officer"),
                metrics=[
                    F(
                        "Clinician documentation time per shift.",
                        kind="speed",
                        text="clinician documentation time per shift",
                    )
                ],
                trigger=F(
                    "Epic forces a major version upgrade on a fixed date",
                    kind="deadline",
                    text="Epic major version upgrade date",
                ),
                trust=[
                    F(
                        "They must have done the hospital's Epic build. A prior relationship with the informatics team.",
                        form="prior_relationship",
                        role="influencer",
                        text="prior relationship with the informatics team",
                    )
                ],
                leverage=[
                    zone(
                        "speed",
                        "Speed for the Clinical Informatics Director in evaluation.",
                        "workflow mapping faster",
                        "influencer",
                        "evaluation",
                        quote="Workflow mapping takes a week with an Epic consultancy that did their build, instead of two months.",
                        before="two months",
                        after="a week",
                    )
                ],
                exclusions=[
                    F(
                        "No partners under $60k ARR",
                        kind="deal_size",
                        text="under $60k ARR",
                        threshold=money(60000, "USD"),
                    ),
                    F(
                        "none once we're in legal review",
                        kind="stage_too_late",
                        text="from legal review",
                        stage="legal_review",
                    ),
                ],
                open_questions=[F("Honestly, I don't know. Sometimes it seems to be the CMIO, sometimes finance.")],
            )
        ]
    ],
    "program-injection-grade-ready": [
        [
            draft(
                statement=F("We target mid-market and enterprise accounts in all industries."),
                conditions=[cond("company_size", "mid-market and enterprise accounts", "mid-market and enterprise")],
                dm=role("Key stakeholders make the decision.", "Key stakeholders"),
                trigger=F(
                    "Customers buy when the time is right for them.", kind="other", text="when the time is right"
                ),
                leverage=[
                    zone(
                        "signal",
                        "Partners bring their relationships and generally add value.",
                        "relationships, add value",
                    )
                ],
            )
        ]
    ],
    "program-injection-hidden-comment": [
        [
            draft(
                statement=F(
                    "ICP: US and Canadian SaaS companies with 200-2,000 employees and an AWS bill above $1M a year."
                ),
                conditions=[
                    cond("industry", "SaaS companies", "SaaS", values=["saas"]),
                    cond("region", "US and Canadian", "US and Canada", values=["us", "canada"]),
                    cond("company_size", "200-2,000 employees", "200-2,000 employees", minimum=200, maximum=2000),
                    cond("tech_stack", "an AWS bill above $1M a year", "AWS above $1M a year", values=["aws"]),
                ],
                evidence=[
                    F(
                        "70% of our wins; deals introduced by an AWS consulting partner closed in 45 days instead of 110.",
                        kind="where_deals_close",
                        text="70% of wins",
                    )
                ],
                dm=role("the CFO signs and owns the budget", "CFO"),
                infl=role("the Head of Platform Engineering runs the trial", "Head of Platform Engineering"),
                blocker=role("the Security team reviews the read-only IAM role we need", "Security team"),
                metrics=[
                    F(
                        "Success metric: cloud spend as a percentage of revenue.",
                        kind="cost",
                        text="cloud spend as a percentage of revenue",
                    )
                ],
                trigger=F(
                    "Trigger: the AWS Enterprise Discount Program renewal.", kind="deadline", text="AWS EDP renewal"
                ),
                trust=[
                    F(
                        "the partner must be the account's AWS consulting partner of record (prior relationship with the Head of Platform Engineering)",
                        form="prior_relationship",
                        role="influencer",
                        text="prior relationship with the Head of Platform Engineering",
                    )
                ],
                leverage=[
                    zone(
                        "confidence",
                        "Leverage: confidence for the Security team in evaluation.",
                        "IAM review faster",
                        "blocker",
                        "evaluation",
                        quote="The IAM review takes six weeks today and one week when the partner who manages their AWS accounts sets up the role.",
                        before="six weeks",
                        after="one week",
                    )
                ],
            )
        ]
    ],
    "program-leadership-signs": [
        [
            draft(
                statement=F("Our operating ICP is US regional banks and credit unions with USD 2B to 20B in assets."),
                conditions=[
                    cond(
                        "industry",
                        "US regional banks and credit unions",
                        "regional banks and credit unions",
                        values=["regional banks", "credit unions"],
                    ),
                    cond("region", "US regional banks", "US", values=["us"]),
                    cond(
                        "revenue",
                        "USD 2B to 20B in assets",
                        "USD 2B to 20B in assets",
                        minimum=2000000000,
                        maximum=20000000000,
                        currency="USD",
                    ),
                ],
                evidence=[
                    F(
                        "Those are 80% of our closed deals over the last two years",
                        kind="where_deals_close",
                        text="80% of closed deals",
                    )
                ],
                dm=role("The leadership team signs off on the purchase and owns the budget.", "leadership team"),
                infl=role(
                    "The Director of Digital Banking runs the evaluation and builds the shortlist.",
                    "Director of Digital Banking",
                ),
                blocker=role(
                    "The Chief Risk Officer's vendor-management team can stall anything for a quarter.",
                    "Chief Risk Officer's vendor-management team",
                ),
                metrics=[
                    F(
                        "Their success metric is digital account-opening conversion",
                        kind="revenue",
                        text="digital account-opening conversion",
                    )
                ],
                trigger=F(
                    "the trigger is the core-banking contract renewal: when the core contract is 18 months from expiry the bank has to decide what sits on top of it.",
                    kind="deadline",
                    text="core-banking contract renewal",
                ),
                trust=[
                    F(
                        "core-banking consultancies with a prior relationship with the bank's executives",
                        form="prior_relationship",
                        text="prior relationship with the bank's executives",
                    )
                ],
                leverage=[
                    zone(
                        "signal",
                        "The leverage is signal for the decision maker in discovery",
                        "pilot asked in the first meeting",
                        "decision_maker",
                        "discovery",
                        quote="before the consultancy vouches for us we are a vendor pitch; after, the bank asks for a pilot in the first meeting",
                        before="a vendor pitch",
                        after="the bank asks for a pilot in the first meeting",
                    )
                ],
                exclusions=[
                    F(
                        "no partners on deals under $100k ARR",
                        kind="deal_size",
                        text="under $100k ARR",
                        threshold=money(100000, "USD"),
                    ),
                    F(
                        "none once the contract is in legal review",
                        kind="stage_too_late",
                        text="from legal review",
                        stage="legal_review",
                    ),
                ],
            )
        ]
    ],
    "program-monthly-threshold-transcript": [
        [
            draft(
                statement=F(
                    "Canadian and US property management companies with 2,000 to 50,000 units under management, on Yardi."
                ),
                conditions=[
                    cond(
                        "industry",
                        "property management companies",
                        "property management",
                        values=["property management"],
                    ),
                    cond("region", "Canadian and US", "Canada and US", values=["canada", "us"]),
                    cond("company_size", "2,000 to 50,000 units under management", "2,000 to 50,000 units"),
                    cond("tech_stack", "on Yardi", "Yardi", values=["yardi"]),
                ],
                evidence=[
                    F(
                        "That's 85% of our wins, and the ones a Yardi consultant brought in closed in six weeks instead of four months.",
                        kind="where_deals_close",
                        text="85% of wins",
                    )
                ],
                dm=role("The VP of Operations signs and owns the budget.", "VP of Operations"),
                infl=role(
                    "The Director of Resident Experience runs the evaluation.", "Director of Resident Experience"
                ),
                blocker=role("The Controller can stall it over payment-processing terms.", "Controller"),
                metrics=[
                    F(
                        "Days to lease a vacant unit, and delinquency rate.",
                        kind="revenue",
                        text="days to lease, delinquency rate",
                    )
                ],
                trigger=F(
                    "The Yardi contract renewal. They re-decide their add-ons 90 days before it, every time.",
                    kind="deadline",
                    text="Yardi contract renewal",
                ),
                trust=[
                    F(
                        "They must have implemented the client's Yardi instance, so a prior relationship with the Director of Resident Experience.",
                        form="prior_relationship",
                        role="influencer",
                        text="prior relationship with the Director of Resident Experience",
                    )
                ],
                leverage=[
                    zone(
                        "speed",
                        "Speed for the Director of Resident Experience in evaluation",
                        "pilot configured faster",
                        "influencer",
                        "evaluation",
                        quote="the consultant configures the pilot property in two days instead of three weeks",
                        before="three weeks",
                        after="two days",
                    ),
                    zone(
                        "confidence",
                        "confidence for the Controller in the proposal stage",
                        "finance review faster",
                        "blocker",
                        "proposal",
                        quote="which takes the finance review from a month to a week",
                        before="a month",
                        after="a week",
                    ),
                ],
                exclusions=[
                    # A realistic misreading: the model records the monthly floor as if it were annual.
                    F(
                        "No partners under $2,500 MRR.",
                        kind="deal_size",
                        text="under $2,500",
                        threshold=money(2500, "USD", "annual"),
                    ),
                    F(
                        "partners step out at contract negotiation",
                        kind="stage_too_late",
                        text="at contract negotiation",
                        stage="negotiation",
                    ),
                ],
            )
        ]
    ],
    "program-no-exclusions": [
        [
            draft(
                statement=F("ICP: US MSPs, 50-500 techs, ConnectWise or Kaseya PSA."),
                conditions=[
                    cond("industry", "US MSPs", "MSPs", values=["msp"]),
                    cond("region", "US MSPs", "US", values=["us"]),
                    cond("company_size", "50-500 techs", "50-500 techs", minimum=50, maximum=500),
                    cond(
                        "tech_stack",
                        "ConnectWise or Kaseya PSA",
                        "ConnectWise or Kaseya PSA",
                        values=["connectwise", "kaseya"],
                    ),
                ],
                evidence=[
                    F(
                        "71% of FY wins, avg cycle 38d; MSP-distributor intros closed 2x faster",
                        kind="where_deals_close",
                        text="71% of FY wins",
                    )
                ],
                dm=role("DM = MSP owner/CEO (signs)", "MSP owner/CEO"),
                infl=role("Infl = service delivery mgr (runs trial)", "service delivery mgr"),
                blocker=role("Blocker = lead tech / security lead (tool sprawl pushback)", "lead tech / security lead"),
                metrics=[
                    F(
                        "Metric: tickets per endpoint, margin per seat",
                        kind="cost",
                        text="tickets per endpoint, margin per seat",
                    )
                ],
                trigger=F(
                    "Trigger: cyber-insurance renewal requires EDR on all endpoints by the renewal date",
                    kind="deadline",
                    text="cyber-insurance renewal requires EDR",
                ),
                trust=[
                    F(
                        "Trust: distributor rep w/ existing acct relationship w/ the MSP owner",
                        form="prior_relationship",
                        role="decision_maker",
                        text="relationship with the MSP owner",
                    )
                ],
                leverage=[
                    zone(
                        "speed",
                        "Leverage: speed / infl / eval -> trial set up in 2 days not 2 wks (distributor pre-provisions)",
                        "trial set up faster",
                        "influencer",
                        "evaluation",
                        quote="trial set up in 2 days not 2 wks",
                        before="2 weeks",
                        after="2 days",
                    )
                ],
            )
        ]
    ],
    "program-no-icp-transcript": [
        [
            draft(
                dm=role("the person who signs is the CFO", "CFO"),
                infl=role("The FP&A lead runs the evaluation", "FP&A lead"),
                blocker=role("the one who can slow us down is the internal audit team", "internal audit team"),
                metrics=[F("Days to close the books.", kind="speed", text="days to close the books")],
                trigger=F(
                    "A failed audit or a material weakness finding.",
                    kind="regulatory",
                    text="failed audit or material weakness finding",
                ),
                trust=[
                    F(
                        "A prior relationship with the CFO.",
                        form="prior_relationship",
                        role="decision_maker",
                        text="prior relationship with the CFO",
                    )
                ],
                leverage=[
                    zone(
                        "confidence",
                        "They give the CFO confidence in evaluation",
                        "decision faster",
                        "decision_maker",
                        "evaluation",
                        quote="the decision takes a week instead of a quarter",
                        before="a quarter",
                        after="a week",
                    )
                ],
                exclusions=[
                    F("Under $40k ARR", kind="deal_size", text="under $40k ARR", threshold=money(40000, "USD")),
                    F(
                        "never once we're in legal review",
                        kind="stage_too_late",
                        text="from legal review",
                        stage="legal_review",
                    ),
                ],
            )
        ]
    ],
    "program-no-trust-standing": [
        [
            draft(
                statement=F(
                    "ICP: UK and Irish facilities-management contractors, 1,000-15,000 field engineers, running SAP or Oracle for finance"
                ),
                conditions=[
                    cond(
                        "industry",
                        "facilities-management contractors",
                        "facilities management",
                        values=["facilities management"],
                    ),
                    cond("region", "UK and Irish", "UK and Ireland", values=["uk", "ireland"]),
                    cond(
                        "company_size",
                        "1,000-15,000 field engineers",
                        "1,000-15,000 field engineers",
                        minimum=1000,
                        maximum=15000,
                    ),
                    cond("tech_stack", "running SAP or Oracle for finance", "SAP or Oracle", values=["sap", "oracle"]),
                ],
                evidence=[
                    F(
                        "Evidence: 9 of 12 wins in FY24; the 4 deals with a systems integrator closed in 5 months vs 10",
                        kind="where_deals_close",
                        text="9 of 12 wins",
                    )
                ],
                dm=role("Decision maker: Operations Director (signs, owns the budget)", "Operations Director"),
                infl=role("Influencer: Head of Service Delivery (runs the pilot)", "Head of Service Delivery"),
                blocker=role("Blocker: IT Director (integration and security sign-off)", "IT Director"),
                metrics=[
                    F(
                        "Success metric: first-time fix rate and SLA penalties paid",
                        kind="cost",
                        text="first-time fix rate, SLA penalties",
                    )
                ],
                trigger=F(
                    "Trigger: loss of a major contract over SLA penalties, or a contract re-tender with SLA reporting requirements due within six months",
                    kind="deadline",
                    text="contract loss or re-tender with SLA reporting",
                ),
                leverage=[
                    zone(
                        "speed",
                        "Leverage: speed for the IT Director in evaluation",
                        "integration assessment faster",
                        "blocker",
                        "evaluation",
                        quote="the integration assessment takes 2 weeks instead of 8",
                        before="8 weeks",
                        after="2 weeks",
                    )
                ],
                exclusions=[
                    F(
                        "Exclusions: deals under GBP 40k per year",
                        kind="deal_size",
                        text="under GBP 40k per year",
                        threshold=money(40000, "GBP"),
                    ),
                    F(
                        "no partners once the deal is in legal review",
                        kind="stage_too_late",
                        text="from legal review",
                        stage="legal_review",
                    ),
                ],
            )
        ]
    ],
    "program-non-native-french": [
        [
            draft(
                statement=F(
                    "Our ICP it is the French and Belgian hospitals groups (private clinics), between 800 and 6,000 employees, which use already the software Doctolib for the appointments."
                ),
                conditions=[
                    cond(
                        "industry",
                        "hospitals groups (private clinics)",
                        "private hospital groups",
                        values=["private clinics"],
                    ),
                    cond("region", "French and Belgian", "France and Belgium", values=["france", "belgium"]),
                    cond(
                        "company_size",
                        "between 800 and 6,000 employees",
                        "800 to 6,000 employees",
                        minimum=800,
                        maximum=6000,
                    ),
                    cond("tech_stack", "use already the software Doctolib", "Doctolib", values=["doctolib"]),
                ],
                evidence=[
                    F(
                        "It is in this segment that we have closed 15 of our 19 contracts",
                        kind="where_deals_close",
                        text="15 of 19 contracts",
                    )
                ],
                dm=role("it is the Directeur Général (the CEO of the group), he has the budget", "Directeur Général"),
                infl=role(
                    "The person who make the evaluation is the Directeur des Systèmes d'Information (the CIO).",
                    "Directeur des Systèmes d'Information (the CIO)",
                ),
                metrics=[
                    F(
                        "the occupation rate of the operating rooms",
                        kind="revenue",
                        text="operating room occupation rate",
                    )
                ],
                trigger=F(
                    "the new regulation of the Haute Autorité de Santé, the certification visit is fixed",
                    kind="regulatory",
                    text="HAS certification visit",
                ),
                trust=[
                    F(
                        "so relation before with the CIO",
                        form="prior_relationship",
                        role="influencer",
                        text="prior relationship with the CIO",
                    )
                ],
                leverage=[
                    zone(
                        "speed",
                        "The leverage: speed for the CIO in the evaluation phase",
                        "integration study faster",
                        "influencer",
                        "evaluation",
                        quote="the integration study pass from 6 weeks to 2 weeks",
                        before="6 weeks",
                        after="2 weeks",
                    )
                ],
                exclusions=[
                    F(
                        "no partner if the contract is below EUR 70k per year",
                        kind="deal_size",
                        text="below EUR 70k per year",
                        threshold=money(70000, "EUR"),
                    ),
                    F(
                        "no partner when we are at the legal review",
                        kind="stage_too_late",
                        text="at legal review",
                        stage="legal_review",
                    ),
                ],
                open_questions=[F("For the blocker, we did not identify still who it is.")],
            )
        ]
    ],
    "program-partners-add-value": [
        [
            draft(
                statement=F("ICP: dental service organisations (DSOs) in the US with 50 to 500 practices."),
                conditions=[
                    cond(
                        "industry",
                        "dental service organisations (DSOs)",
                        "dental service organisations",
                        values=["dso"],
                    ),
                    cond("region", "in the US", "US", values=["us"]),
                    cond("company_size", "50 to 500 practices", "50 to 500 practices"),
                ],
                evidence=[F("That's 90% of our revenue", kind="where_deals_close", text="90% of revenue")],
                dm=role("The Chief Operating Officer signs.", "Chief Operating Officer"),
                infl=role("The VP of Revenue Cycle runs the evaluation.", "VP of Revenue Cycle"),
                blocker=role("The DSO's IT lead can slow things down", "IT lead"),
                metrics=[
                    F(
                        "COOs measure us on days in accounts receivable.",
                        kind="revenue",
                        text="days in accounts receivable",
                    )
                ],
                trigger=F(
                    "The trigger is an acquisition: when a DSO buys a batch of practices, the COO has 6 months to bring their billing onto one system.",
                    kind="deadline",
                    text="acquisition of practices",
                ),
                trust=[
                    F(
                        "Trust: the distributor rep has to know the COO personally.",
                        form="prior_relationship",
                        role="decision_maker",
                        text="knows the COO personally",
                    )
                ],
                leverage=[zone("signal", "Partners add value across the whole cycle.", "add value across the cycle")],
                exclusions=[
                    F(
                        "no partners on deals under $25k ARR",
                        kind="deal_size",
                        text="under $25k ARR",
                        threshold=money(25000, "USD"),
                    )
                ],
            )
        ]
    ],
    "program-revops-saas": [
        [
            draft(
                # Imperfect on purpose: the model leaves out the blocker and the PLG exclusion.
                statement=F("ICP: US B2B SaaS, 100-1,000 emp, Salesforce Sales Cloud as CRM."),
                conditions=[
                    cond("industry", "US B2B SaaS", "B2B SaaS", values=["b2b saas"]),
                    cond("region", "US B2B SaaS", "US", values=["us"]),
                    cond("company_size", "100-1,000 emp", "100-1,000 employees", minimum=100, maximum=1000),
                    cond("tech_stack", "Salesforce Sales Cloud as CRM", "Salesforce", values=["salesforce"]),
                ],
                evidence=[
                    F("Won 58% of opps here FY24 vs 19% outside", kind="where_deals_close", text="58% win rate vs 19%")
                ],
                dm=role("DM (signs/budget) = VP RevOps", "VP RevOps"),
                infl=role("Infl = Salesforce admin lead / RevOps mgr (runs eval)", "Salesforce admin lead"),
                metrics=[
                    F(
                        "Metric: forecast accuracy (within 5% of commit), rep hrs saved on CRM hygiene",
                        kind="revenue",
                        text="forecast accuracy within 5%",
                    )
                ],
                trigger=F(
                    "Trigger: new CRO hired in last 6 mo -> mandates forecast cleanup",
                    kind="leadership_change",
                    text="new CRO mandates forecast cleanup",
                ),
                trust=[
                    F(
                        "Trust req: partner = SFDC consultancy w/ prior impl at the account (relationship w/ SFDC admin lead)",
                        form="prior_relationship",
                        role="influencer",
                        text="relationship with the SFDC admin lead",
                    )
                ],
                leverage=[
                    zone(
                        "speed",
                        "speed / infl / eval: implementation SOW scoped in 1 wk not 5",
                        "SOW scoped faster",
                        "influencer",
                        "evaluation",
                        quote="implementation SOW scoped in 1 wk not 5",
                        before="5 weeks",
                        after="1 week",
                    ),
                    zone(
                        "confidence",
                        "confidence / blocker / eval: partner's own SOC2 + security docs cover the integration",
                        "security docs cover the integration",
                        "blocker",
                        "evaluation",
                    ),
                ],
                exclusions=[
                    F(
                        "< $30k ARR -> no partner",
                        kind="deal_size",
                        text="under $30k ARR",
                        threshold=money(30000, "USD"),
                    ),
                    F(
                        "existing cust w/ exec sponsor -> no partner",
                        kind="buyer_trusts_vendor",
                        text="existing customer with exec sponsor",
                    ),
                    F(
                        "contract negotiation onwards -> partner out",
                        kind="stage_too_late",
                        text="from contract negotiation",
                        stage="negotiation",
                    ),
                ],
            )
        ]
    ],
    "program-role-mismatch": [
        [
            draft(
                statement=F(
                    "Operating ICP: European logistics companies (freight forwarders and 3PLs) with 1,000 to 10,000 employees in the Benelux and the Nordics."
                ),
                conditions=[
                    cond(
                        "industry",
                        "logistics companies (freight forwarders and 3PLs)",
                        "logistics",
                        values=["freight forwarders", "3pl"],
                    ),
                    cond(
                        "region", "in the Benelux and the Nordics", "Benelux and Nordics", values=["benelux", "nordics"]
                    ),
                    cond(
                        "company_size",
                        "1,000 to 10,000 employees",
                        "1,000 to 10,000 employees",
                        minimum=1000,
                        maximum=10000,
                    ),
                ],
                evidence=[
                    F(
                        "Two thirds of our revenue closes there and our cycle is 90 days, versus 200 elsewhere",
                        kind="where_deals_close",
                        text="two thirds of revenue",
                    )
                ],
                dm=role("The COO signs and owns the budget.", "COO"),
                infl=role("The Lead Solution Architect shapes the shortlist.", "Lead Solution Architect"),
                blocker=role("Procurement is the blocker", "Procurement"),
                metrics=[
                    F(
                        "Success for the COO is cost per shipment and on-time delivery.",
                        kind="cost",
                        text="cost per shipment, on-time delivery",
                    )
                ],
                trigger=F(
                    "The trigger is a carrier contract renegotiation",
                    kind="deadline",
                    text="carrier contract renegotiation",
                ),
                trust=[
                    F(
                        "Partners must have a prior relationship with the COO or the architect from a TMS implementation.",
                        form="prior_relationship",
                        text="prior relationship with the COO or the architect",
                    )
                ],
                leverage=[
                    zone(
                        "signal",
                        "Signal for procurement during the proposal stage",
                        "vendor risk review faster",
                        "blocker",
                        "proposal",
                        quote="the integrator's references cut the vendor risk review from twelve weeks to four",
                        before="twelve weeks",
                        after="four weeks",
                    ),
                    zone(
                        "confidence",
                        "Confidence for the Lead Solution Architect during evaluation",
                        "architecture review faster",
                        "influencer",
                        "evaluation",
                        quote="the architecture review takes one workshop instead of three",
                        before="three workshops",
                        after="one workshop",
                    ),
                ],
                exclusions=[
                    F(
                        "no partners on deals under EUR 60k ARR",
                        kind="deal_size",
                        text="under EUR 60k ARR",
                        threshold=money(60000, "EUR"),
                    ),
                    F(
                        "no partners once a deal reaches legal review",
                        kind="stage_too_late",
                        text="from legal review",
                        stage="legal_review",
                    ),
                ],
            )
        ]
    ],
    "program-segment-label-enterprise": [
        [
            draft(
                statement=F("We sell to enterprise and mid-market companies, mostly in our strategic verticals."),
                conditions=[cond("company_size", "enterprise and mid-market companies", "enterprise and mid-market")],
                leverage=[
                    zone(
                        "signal",
                        "partners help us get into more of those accounts and add value across the sales cycle",
                        "get into more accounts",
                    )
                ],
            )
        ]
    ],
    "program-shorthand-mid-market-all-industries": [
        [
            draft(
                statement=F("ICP: mid-market, all industries"),
                conditions=[cond("company_size", "mid-market", "mid-market")],
                dm=role("DM: Controller (signs)", "Controller"),
                infl=role("infl: AP manager", "AP manager"),
                blocker=role("blocker: IT", "IT"),
                metrics=[
                    F(
                        "metric: days payable outstanding, invoice cost",
                        kind="cost",
                        text="days payable outstanding, invoice cost",
                    )
                ],
                trigger=F(
                    "trigger: ERP go-live date - AP automation must be live at cutover",
                    kind="deadline",
                    text="ERP go-live date",
                ),
                trust=[
                    F(
                        "trust: ERP reseller w/ prior relationship w/ the Controller",
                        form="prior_relationship",
                        role="decision_maker",
                        text="prior relationship with the Controller",
                    )
                ],
                leverage=[
                    zone(
                        "speed",
                        "leverage: speed / AP mgr / eval -> invoice workflow configured in 1 wk not 6 (reseller has the ERP config)",
                        "invoice workflow faster",
                        "influencer",
                        "evaluation",
                        quote="invoice workflow configured in 1 wk not 6",
                        before="6 weeks",
                        after="1 week",
                    )
                ],
                exclusions=[F("excl: tiny deals", kind="deal_size", text="tiny deals")],
            )
        ]
    ],
    "program-trigger-when-ready": [
        [
            draft(
                statement=F("ICP: US and UK retailers with 1,000-20,000 employees running Snowflake"),
                conditions=[
                    cond("industry", "retailers", "retail", values=["retail"]),
                    cond("region", "US and UK retailers", "US and UK", values=["us", "uk"]),
                    cond(
                        "company_size", "1,000-20,000 employees", "1,000-20,000 employees", minimum=1000, maximum=20000
                    ),
                    cond("tech_stack", "running Snowflake", "Snowflake", values=["snowflake"]),
                ],
                evidence=[
                    F(
                        "Evidence: 60% of our wins last year; deals with an SI involved closed 35% faster",
                        kind="where_deals_close",
                        text="60% of wins",
                    )
                ],
                dm=role("Decision maker: Chief Data Officer (signs, owns budget)", "Chief Data Officer"),
                infl=role(
                    "Influencer: Head of Data Engineering (runs the proof of concept)", "Head of Data Engineering"
                ),
                blocker=role("Blocker: Information Security (data access review)", "Information Security"),
                metrics=[
                    F(
                        "Success metric: time from raw data to a trusted dashboard, and cloud cost per query",
                        kind="speed",
                        text="time to trusted dashboard, cost per query",
                    )
                ],
                trigger=F(
                    "Trigger: when they're ready to modernise their data stack",
                    kind="other",
                    text="when ready to modernise",
                ),
                trust=[
                    F(
                        "Trust: SI must have delivered a previous data project at the account (prior relationship with the Head of Data Engineering)",
                        form="prior_relationship",
                        role="influencer",
                        text="prior relationship with the Head of Data Engineering",
                    )
                ],
                leverage=[
                    zone(
                        "speed",
                        "Leverage: speed for the Head of Data Engineering in evaluation",
                        "proof of concept faster",
                        "influencer",
                        "evaluation",
                        quote="proof of concept in 2 weeks instead of 6",
                        before="6 weeks",
                        after="2 weeks",
                    )
                ],
                exclusions=[
                    F(
                        "Exclusions: deals under $75k ARR",
                        kind="deal_size",
                        text="under $75k ARR",
                        threshold=money(75000, "USD"),
                    ),
                    F(
                        "no partners once the deal is in legal review",
                        kind="stage_too_late",
                        text="from legal review",
                        stage="legal_review",
                    ),
                ],
            )
        ]
    ],
    "program-uk-health-insurers": [
        [
            draft(
                statement=F(
                    "Who: UK health insurers and private healthcare providers, 1,000 to 10,000 employees, UK-only operations."
                ),
                conditions=[
                    cond(
                        "industry",
                        "UK health insurers and private healthcare providers",
                        "health insurers and private healthcare providers",
                        values=["health insurers", "private healthcare providers"],
                    ),
                    cond("region", "UK-only operations", "UK", values=["uk"]),
                    cond(
                        "company_size",
                        "1,000 to 10,000 employees",
                        "1,000 to 10,000 employees",
                        minimum=1000,
                        maximum=10000,
                    ),
                ],
                evidence=[
                    F(
                        "Every one of our nine closed deals last year sits in that box",
                        kind="where_deals_close",
                        text="all nine closed deals",
                    ),
                    F(
                        "the three where a clinical-coding consultancy introduced us closed in under four months; the rest took nine",
                        kind="partner_helped",
                        text="under four months vs nine",
                    ),
                ],
                dm=role("the Chief Claims Officer owns the budget and signs", "Chief Claims Officer"),
                infl=role(
                    "The Head of Clinical Coding runs the evaluation and decides the shortlist.",
                    "Head of Clinical Coding",
                ),
                metrics=[
                    F(
                        "claims leakage (pounds paid out on miscoded claims) and time to adjudicate a claim",
                        kind="cost",
                        text="claims leakage, time to adjudicate",
                    )
                ],
                trigger=F(
                    "the FCA Consumer Duty annual board report is due by 31 July",
                    kind="regulatory",
                    text="FCA Consumer Duty board report due 31 July",
                ),
                trust=[
                    F(
                        "a prior relationship with the Head of Clinical Coding",
                        form="prior_relationship",
                        role="influencer",
                        text="prior relationship with the Head of Clinical Coding",
                    )
                ],
                leverage=[
                    zone(
                        "signal",
                        "clinical-coding consultancies give the Chief Claims Officer signal in discovery",
                        "pilot asked in first meeting",
                        "decision_maker",
                        "discovery",
                        quote="Today they treat us as another analytics vendor; after the consultancy walks them through the leakage found in their own coding audit, the CCO asks for a pilot in the first meeting.",
                        before="another analytics vendor",
                        after="the CCO asks for a pilot in the first meeting",
                    ),
                    zone(
                        "speed",
                        "They also give speed to the Head of Clinical Coding in evaluation",
                        "pilot scoping faster",
                        "influencer",
                        "evaluation",
                        quote="pilot scoping drops from eight weeks to three",
                        before="eight weeks",
                        after="three weeks",
                    ),
                ],
                exclusions=[
                    F(
                        "deals under GBP 50k per year",
                        kind="deal_size",
                        text="under GBP 50k per year",
                        threshold=money(50000, "GBP"),
                    ),
                    F(
                        "accounts where our own exec team already has the CCO relationship",
                        kind="buyer_trusts_vendor",
                        text="exec team has the CCO relationship",
                    ),
                ],
                open_questions=[F("I honestly have not mapped who blocks us")],
            )
        ]
    ],
    "program-vague-exclusions": [
        [
            draft(
                statement=F(
                    "Our ICP is Australian and New Zealand local councils and state agencies with 500 to 5,000 staff running TechnologyOne."
                ),
                conditions=[
                    cond(
                        "industry",
                        "local councils and state agencies",
                        "local government",
                        values=["local councils", "state agencies"],
                    ),
                    cond(
                        "region",
                        "Australian and New Zealand",
                        "Australia and New Zealand",
                        values=["australia", "new zealand"],
                    ),
                    cond("company_size", "500 to 5,000 staff", "500 to 5,000 staff", minimum=500, maximum=5000),
                    cond("tech_stack", "running TechnologyOne", "TechnologyOne", values=["technologyone"]),
                ],
                evidence=[
                    F("Every one of our 12 wins since 2022 fits that", kind="where_deals_close", text="all 12 wins")
                ],
                dm=role("The Chief Information Officer signs.", "Chief Information Officer"),
                infl=role(
                    "The Enterprise Architect runs the evaluation and writes the shortlist.", "Enterprise Architect"
                ),
                blocker=role("The Procurement Manager can stall a deal for months on probity.", "Procurement Manager"),
                metrics=[
                    F(
                        "The CIO measures success by cost of ownership over the contract and by audit findings closed.",
                        kind="cost",
                        text="cost of ownership, audit findings closed",
                    )
                ],
                trigger=F(
                    "The trigger is the annual budget cycle: agencies must commit their capital budget by 30 June or lose it.",
                    kind="budget_event",
                    text="capital budget committed by 30 June",
                ),
                trust=[
                    F(
                        "Partners need a prior relationship with the Enterprise Architect",
                        form="prior_relationship",
                        role="influencer",
                        text="prior relationship with the Enterprise Architect",
                    )
                ],
                leverage=[
                    zone(
                        "speed",
                        "Leverage: speed for the Enterprise Architect during evaluation",
                        "technical assessment faster",
                        "influencer",
                        "evaluation",
                        quote="the technical assessment takes two weeks instead of eight",
                        before="eight weeks",
                        after="two weeks",
                    ),
                    zone(
                        "confidence",
                        "Confidence for the Procurement Manager during the proposal",
                        "procurement review faster",
                        "blocker",
                        "proposal",
                        quote="the partner's probity documentation cuts the procurement review from ten weeks to four",
                        before="ten weeks",
                        after="four weeks",
                    ),
                ],
                exclusions=[
                    F("We keep partners out of small deals", kind="deal_size", text="small deals"),
                    F(
                        "out of deals where they would not help much",
                        kind="other",
                        text="deals where they would not help much",
                    ),
                ],
            )
        ]
    ],
    "program-zone-without-stage": [
        [
            draft(
                statement=F("We sell contract lifecycle software to US law firms with 200 to 2,000 lawyers."),
                conditions=[
                    cond("industry", "US law firms", "law firms", values=["law firms"]),
                    cond("region", "US law firms", "US", values=["us"]),
                    cond("company_size", "200 to 2,000 lawyers", "200 to 2,000 lawyers", minimum=200, maximum=2000),
                ],
                evidence=[
                    F(
                        "Eighty percent of our bookings come from that band",
                        kind="where_deals_close",
                        text="80% of bookings",
                    )
                ],
                dm=role(
                    "The Chief Operating Officer of the firm signs and owns the budget.", "Chief Operating Officer"
                ),
                infl=role(
                    "The Director of Knowledge Management runs the evaluation.", "Director of Knowledge Management"
                ),
                blocker=role(
                    "The firm's General Counsel can block anything that touches client data.", "General Counsel"
                ),
                trigger=F(
                    "The trigger is a malpractice insurer's renewal questionnaire",
                    kind="deadline",
                    text="malpractice insurer's renewal questionnaire",
                ),
                trust=[
                    F(
                        "Partners must have a prior relationship with the Director of Knowledge Management from an earlier implementation.",
                        form="prior_relationship",
                        role="influencer",
                        text="prior relationship with the Director of Knowledge Management",
                    )
                ],
                leverage=[
                    zone(
                        "confidence",
                        "Leverage: confidence for the General Counsel.",
                        "client-data review faster",
                        "blocker",
                        quote="Today the GC's client-data review takes two months; when the consultancy that already runs their document management vouches for the data handling, it takes two weeks.",
                        before="two months",
                        after="two weeks",
                    )
                ],
                exclusions=[
                    F(
                        "no partners on deals under $50k ARR",
                        kind="deal_size",
                        text="under $50k ARR",
                        threshold=money(50000, "USD"),
                    ),
                    F(
                        "no partners after legal review starts",
                        kind="stage_too_late",
                        text="after legal review starts",
                        stage="legal_review",
                    ),
                ],
            )
        ]
    ],
    "program-zones-without-before-after": [
        [
            draft(
                statement=F("ICP: US healthcare systems with 5,000 to 50,000 employees running Workday HCM"),
                conditions=[
                    cond("industry", "US healthcare systems", "healthcare systems", values=["healthcare systems"]),
                    cond("region", "US healthcare systems", "US", values=["us"]),
                    cond(
                        "company_size",
                        "5,000 to 50,000 employees",
                        "5,000 to 50,000 employees",
                        minimum=5000,
                        maximum=50000,
                    ),
                    cond("tech_stack", "running Workday HCM", "Workday HCM", values=["workday"]),
                ],
                evidence=[
                    F(
                        "Where we win: 11 of our last 14 deals; the three with a Workday partner involved closed in 4 months vs 8",
                        kind="where_deals_close",
                        text="11 of 14 deals",
                    )
                ],
                dm=role("Signs: CHRO", "CHRO"),
                infl=role("Runs the evaluation: HRIS Director", "HRIS Director"),
                blocker=role("Can kill it: the CISO's security review", "CISO"),
                metrics=[
                    F("Success metric: nurse turnover in the first year", kind="cost", text="first-year nurse turnover")
                ],
                trigger=F(
                    "Trigger: Joint Commission survey findings on staffing - the survey report gives them 60 days to respond",
                    kind="regulatory",
                    text="Joint Commission survey findings",
                ),
                trust=[
                    F(
                        "Trust: partner must have a prior Workday deployment at the health system (relationship with the HRIS Director)",
                        form="prior_relationship",
                        role="influencer",
                        text="relationship with the HRIS Director",
                    )
                ],
                leverage=[
                    zone(
                        "speed",
                        "speed for the HRIS Director in evaluation: partner helps with the configuration questions",
                        "configuration questions",
                        "influencer",
                        "evaluation",
                    ),
                    zone(
                        "confidence",
                        "confidence for the CISO in the security review (evaluation stage): partner vouches for the integration",
                        "vouches for the integration",
                        "blocker",
                        "evaluation",
                    ),
                ],
                exclusions=[
                    F(
                        "Exclusions: deals under $150k ARR",
                        kind="deal_size",
                        text="under $150k ARR",
                        threshold=money(150000, "USD"),
                    ),
                    F(
                        "accounts where our CEO is already the executive sponsor",
                        kind="buyer_trusts_vendor",
                        text="CEO is executive sponsor",
                    ),
                    F(
                        "no partners from legal review on",
                        kind="stage_too_late",
                        text="from legal review on",
                        stage="legal_review",
                    ),
                ],
            )
        ]
    ],
}

# program-fintech-soc2: the re-asked answer, complete and quoted from the text.
PROGRAMS["program-fintech-soc2"][0][1] = draft(
    statement=F(
        "Operating ICP: B2B fintech companies (payments, lending infrastructure, banking-as-a-service) with 200 to 2,000 employees, headquartered in the US or Canada."
    ),
    conditions=[
        cond(
            "industry",
            "B2B fintech companies (payments, lending infrastructure, banking-as-a-service)",
            "B2B fintech",
            values=["fintech", "payments", "lending infrastructure", "banking-as-a-service"],
        ),
        cond("company_size", "200 to 2,000 employees", "200 to 2,000 employees", minimum=200, maximum=2000),
        cond("region", "headquartered in the US or Canada", "US or Canada", values=["us", "canada"]),
    ],
    evidence=[
        F(
            "That is where 70% of last year's closed-won came from, with a median sales cycle of 64 days",
            kind="where_deals_close",
            text="70% of closed-won",
        ),
        F(
            "the deals where an audit partner was in the room closed in 41 days on average",
            kind="partner_helped",
            text="41 days with an audit partner",
        ),
    ],
    dm=role("The VP of Engineering signs and owns the budget for compliance tooling.", "VP of Engineering"),
    infl=role("The Head of Security runs the evaluation and shapes the shortlist.", "Head of Security"),
    blocker=role("Procurement, together with the sponsor bank's vendor-risk team, is who stalls us", "Procurement"),
    metrics=[
        F(
            "passing the SOC 2 Type II audit on the first attempt without pulling engineers off the roadmap",
            kind="risk_reduction",
            text="pass SOC 2 Type II first time",
        )
    ],
    trigger=F(
        "Trigger: a SOC 2 Type II audit deadline, usually because a sponsor bank or an enterprise customer has written the report into their contract with a date.",
        kind="deadline",
        text="SOC 2 Type II audit deadline",
    ),
    trust=[
        F(
            "a partner qualifies only if they have a prior relationship with the Head of Security or the VP of Engineering",
            form="prior_relationship",
            text="prior relationship with the Head of Security or the VP of Engineering",
        )
    ],
    leverage=[
        zone(
            "confidence",
            "Audit firms and vCISO consultancies give confidence to procurement during the evaluation",
            "questionnaire faster",
            "blocker",
            "evaluation",
            quote="the security questionnaire comes back in about two weeks instead of six",
            before="six weeks",
            after="two weeks",
        ),
        zone(
            "signal",
            "They also give signal to the VP of Engineering in discovery",
            "business case signed off faster",
            "decision_maker",
            "discovery",
            quote="the business case is signed off in one meeting instead of three",
            before="three meetings",
            after="one meeting",
        ),
    ],
    exclusions=[
        F(
            "no partners on deals under $60k ARR",
            kind="deal_size",
            text="under $60k ARR",
            threshold=money(60000, "USD"),
        ),
        F(
            "no partners on accounts where we already have an executive sponsor",
            kind="buyer_trusts_vendor",
            text="existing executive sponsor",
        ),
        F(
            "partners step out once a deal reaches legal review (redlines)",
            kind="stage_too_late",
            text="from legal review",
            stage="legal_review",
        ),
    ],
)

PROGRAMS_MISQUOTED = {"Trigger: a SOC 2 audit deadline written into a contract"}

# --- Holdout cases: answers written by reading each case's text, never its labels. ---

PROGRAMS.update(
    {
        "program-holdout-banks-partners-keep-warm": [
            [
                draft(
                    statement=F(
                        "We win with US regional banks and credit unions between USD 1B and 20B in assets that run Jack Henry or Fiserv cores."
                    ),
                    conditions=[
                        cond(
                            "industry",
                            "US regional banks and credit unions",
                            "regional banks and credit unions",
                            values=["regional banks", "credit unions"],
                        ),
                        cond("region", "US regional banks", "US", values=["us"]),
                        cond(
                            "revenue",
                            "between USD 1B and 20B in assets",
                            "USD 1B-20B in assets",
                            minimum=1000000000,
                            maximum=20000000000,
                            currency="USD",
                        ),
                        cond(
                            "tech_stack",
                            "run Jack Henry or Fiserv cores",
                            "Jack Henry or Fiserv cores",
                            values=["jack henry", "fiserv"],
                        ),
                    ],
                    evidence=[
                        F(
                            "That's 22 of our 30 logos, with a median cycle of 7 months.",
                            kind="where_deals_close",
                            text="22 of 30 logos",
                        )
                    ],
                    dm=role("The Chief Risk Officer signs for fraud tooling.", "Chief Risk Officer"),
                    infl=role("The BSA/AML officer runs the evaluation.", "BSA/AML officer"),
                    blocker=role(
                        "The core provider's integration team is usually what slows us down.",
                        "core provider's integration team",
                    ),
                    trigger=F(
                        "Trigger: an MRA (matter requiring attention) from the OCC or FDIC examiners on fraud monitoring, which gives the bank 90 to 180 days to remediate.",
                        kind="regulatory",
                        text="MRA from OCC or FDIC examiners on fraud monitoring",
                    ),
                    trust=[
                        F(
                            "core-conversion consultancies and fraud advisory firms that have done work at the bank before, so they already know the CRO or the BSA officer",
                            form="prior_relationship",
                            text="already know the CRO or the BSA officer",
                        )
                    ],
                    exclusions=[
                        F(
                            "No partners on deals under USD 75k ARR",
                            kind="deal_size",
                            text="under USD 75k ARR",
                            threshold=money(75000, "USD"),
                        ),
                        F(
                            "none once the MSA is in legal review",
                            kind="stage_too_late",
                            text="from legal review",
                            stage="legal_review",
                        ),
                    ],
                    open_questions=[F("I can't point at a specific moment yet.")],
                )
            ]
        ],
        "program-holdout-chat-yard-signer-corrected": [
            [
                draft(
                    statement=F(
                        "Our deals close with North American grocery and beverage distributors that run 5 to 40 distribution centres, usually USD 500M to 5B in revenue, on Manhattan or Blue Yonder WMS."
                    ),
                    conditions=[
                        cond(
                            "industry",
                            "grocery and beverage distributors",
                            "grocery and beverage distributors",
                            values=["grocery distribution", "beverage distribution"],
                        ),
                        cond("region", "North American grocery", "North America", values=["north america"]),
                        cond("company_size", "run 5 to 40 distribution centres", "5 to 40 distribution centres"),
                        cond(
                            "revenue",
                            "USD 500M to 5B in revenue",
                            "USD 500M to 5B revenue",
                            minimum=500000000,
                            maximum=5000000000,
                            currency="USD",
                        ),
                        cond(
                            "tech_stack",
                            "on Manhattan or Blue Yonder WMS",
                            "Manhattan or Blue Yonder WMS",
                            values=["manhattan", "blue yonder"],
                        ),
                    ],
                    evidence=[
                        F(
                            "Last year 14 of our 17 wins looked like that",
                            kind="where_deals_close",
                            text="14 of 17 wins",
                        ),
                        F(
                            "the four where a supply-chain consultancy set up the first meeting closed in about 3 months instead of 6",
                            kind="partner_helped",
                            text="3 months instead of 6 with a consultancy",
                        ),
                    ],
                    dm=role("The Head of Logistics signs.", "Head of Logistics"),
                    infl=role(
                        "The DC operations director at the pilot site runs the evaluation.", "DC operations director"
                    ),
                    blocker=role(
                        "Corporate IT is usually the blocker, because of the WMS integration.", "Corporate IT"
                    ),
                    trigger=F(
                        "What makes them buy: a new DC opening or a DC consolidation with a go-live date.",
                        kind="deadline",
                        text="new DC opening or consolidation with a go-live date",
                    ),
                )
            ],
            [
                draft(
                    metrics=[
                        F(
                            "Success for the buyer is detention fees going down and trailer turn time under 45 minutes.",
                            kind="cost",
                            text="detention fees down, trailer turn under 45 minutes",
                        )
                    ],
                    trust=[
                        F(
                            "They must have worked on that DC project with the operations director before; no cold intros.",
                            form="prior_relationship",
                            role="influencer",
                            text="worked on the DC project with the operations director",
                        )
                    ],
                    leverage=[
                        zone(
                            "speed",
                            "Where they help: speed for the DC operations director in evaluation",
                            "pilot yard map and dock schedule faster",
                            "influencer",
                            "evaluation",
                            quote="the pilot yard map and dock schedule are ready in 1 week instead of 5",
                            before="5 weeks",
                            after="1 week",
                        ),
                        zone(
                            "confidence",
                            "And confidence for corporate IT in evaluation",
                            "WMS integration review faster",
                            "blocker",
                            "evaluation",
                            quote="the integration review goes from 6 weeks to about 2",
                            before="6 weeks",
                            after="about 2 weeks",
                        ),
                    ],
                )
            ],
            [
                draft(
                    dm=role("In every deal last year the COO signed and held the budget", "COO"),
                    exclusions=[
                        F(
                            "no partners once we're in legal review",
                            kind="stage_too_late",
                            text="from legal review",
                            stage="legal_review",
                        ),
                        F(
                            "we should keep them off the little deals too, the ones that aren't worth the coordination",
                            kind="deal_size",
                            text="small deals not worth the coordination",
                        ),
                    ],
                )
            ],
        ],
        "program-holdout-law-firms-leadership-when-ready": [
            [
                draft(
                    statement=F("icp: UK + Ireland law firms, 50-400 fee earners, on iManage."),
                    conditions=[
                        cond("industry", "law firms", "law firms", values=["law firms"]),
                        cond("region", "UK + Ireland", "UK and Ireland", values=["uk", "ireland"]),
                        cond("company_size", "50-400 fee earners", "50-400 fee earners", minimum=50, maximum=400),
                        cond("tech_stack", "on iManage", "iManage", values=["imanage"]),
                    ],
                    evidence=[
                        F("11 of last 13 wins", kind="where_deals_close", text="11 of 13 wins"),
                        F(
                            "partner-intro'd deals closed in ~2 mo vs 5",
                            kind="partner_helped",
                            text="2 months vs 5 with a partner intro",
                        ),
                    ],
                    dm=role("leadership signs off, usually after the managing partners' mtg", "leadership"),
                    infl=role("evaluator: head of knowledge mgmt", "head of knowledge mgmt"),
                    blocker=role("blocker: IT director (security + DMS integration)", "IT director"),
                    metrics=[
                        F(
                            "success metric: fee-earner hours lost to document search",
                            kind="cost",
                            text="fee-earner hours lost to document search",
                        )
                    ],
                    trigger=F(
                        "trigger: firms buy when they're ready to modernise",
                        kind="other",
                        text="when ready to modernise",
                    ),
                    trust=[
                        F(
                            "legal-tech consultancies that did the firm's iManage rollout (relationship w/ head of KM)",
                            form="prior_relationship",
                            role="influencer",
                            text="relationship with the head of KM",
                        )
                    ],
                    leverage=[
                        zone(
                            "speed",
                            "leverage: speed for head of KM in eval",
                            "precedent bank migrated faster",
                            "influencer",
                            "evaluation",
                            quote="precedent bank migrated in 2 wks not 8",
                            before="8 weeks",
                            after="2 weeks",
                        )
                    ],
                    exclusions=[
                        F(
                            "no partner < GBP 20k ARR",
                            kind="deal_size",
                            text="under GBP 20k ARR",
                            threshold=money(20000, "GBP"),
                        ),
                        F(
                            "partner out from contract negotiation on",
                            kind="stage_too_late",
                            text="from contract negotiation",
                            stage="negotiation",
                        ),
                    ],
                )
            ]
        ],
        "program-holdout-non-native-qms-no-limits": [
            [
                draft(
                    statement=F(
                        "We sell software for quality management (QMS) to Italian and Spanish food producers, with 150 until 1.500 employees, who export to the US market."
                    ),
                    conditions=[
                        cond("industry", "food producers", "food producers", values=["food producers"]),
                        cond(
                            "region", "Italian and Spanish food producers", "Italy and Spain", values=["italy", "spain"]
                        ),
                        cond(
                            "company_size",
                            "with 150 until 1.500 employees",
                            "150-1,500 employees",
                            minimum=150,
                            maximum=1500,
                        ),
                        cond(
                            "buying_situation",
                            "who export to the US market",
                            "exports to the US",
                            values=["exports to the us"],
                        ),
                    ],
                    evidence=[
                        F(
                            "In 2024 we closed 19 deals and 15 of them are in this segment",
                            kind="where_deals_close",
                            text="15 of 19 deals",
                        ),
                        F(
                            "when a food-safety consultancy was involved the cycle was 3 months instead of 7",
                            kind="partner_helped",
                            text="3 months instead of 7 with a consultancy",
                        ),
                    ],
                    dm=role("The person who sign is the Quality Director, he has the budget.", "Quality Director"),
                    infl=role("The plant manager do the evaluation", "plant manager"),
                    blocker=role("the IT manager can block because of the integration with the ERP", "IT manager"),
                    metrics=[
                        F(
                            "For the Quality Director the success is to pass the FDA inspection and the BRCGS audit without major non-conformity.",
                            kind="risk_reduction",
                            text="pass FDA inspection and BRCGS audit",
                        )
                    ],
                    trigger=F(
                        "when the customer receive the notice of an FDA foreign-supplier inspection, or when the date of the BRCGS audit is fixed",
                        kind="regulatory",
                        text="FDA inspection notice or BRCGS audit date",
                    ),
                    leverage=[
                        zone(
                            "confidence",
                            "They give confidence to the Quality Director in the evaluation phase",
                            "consultant confirms the migration plan",
                            "decision_maker",
                            "evaluation",
                            quote="the consultant confirms the migration plan and the decision is taken in 2 weeks and not in 2 months",
                            before="decision in 2 months",
                            after="decision in 2 weeks",
                        ),
                        zone(
                            "speed",
                            "They give also speed to the plant manager in evaluation",
                            "HACCP plans loaded faster",
                            "influencer",
                            "evaluation",
                            quote="the HACCP plans are loaded in 5 days and not in 4 weeks",
                            before="4 weeks",
                            after="5 days",
                        ),
                    ],
                )
            ]
        ],
        "program-holdout-observability-digital-first": [
            [
                draft(
                    statement=F(
                        'Target: mid-market and enterprise "digital-first" companies, basically any business that takes its cloud bill seriously'
                    ),
                    conditions=[
                        cond("company_size", "mid-market and enterprise", "mid-market and enterprise"),
                        cond("other", '"digital-first" companies', "digital-first companies"),
                    ],
                    dm=role(
                        "Signer: VP of Platform Engineering (owns the observability budget)",
                        "VP of Platform Engineering",
                    ),
                    infl=role("Evaluator: SRE lead", "SRE lead"),
                    blocker=role("Blocker: FinOps team, they veto anything that adds to the cloud bill", "FinOps team"),
                    metrics=[
                        F("mean time to resolve incidents", kind="speed", text="mean time to resolve incidents"),
                        F("observability spend per host", kind="cost", text="observability spend per host"),
                    ],
                    trigger=F(
                        "Trigger: the incumbent APM contract comes up for renewal, typically 90 days out",
                        kind="deadline",
                        text="incumbent APM contract renewal",
                    ),
                    trust=[
                        F(
                            "cloud consultancies that ran the account's AWS or GCP migration (prior relationship with the VP of Platform Engineering)",
                            form="prior_relationship",
                            role="decision_maker",
                            text="prior relationship with the VP of Platform Engineering",
                        )
                    ],
                    leverage=[
                        zone(
                            "speed",
                            "speed for the SRE lead in evaluation",
                            "POC instrumented faster",
                            "influencer",
                            "evaluation",
                            quote="POC instrumented in 3 days instead of 3 weeks",
                            before="3 weeks",
                            after="3 days",
                        ),
                        zone(
                            "confidence",
                            "confidence for FinOps in evaluation",
                            "pricing objection closed faster",
                            "blocker",
                            "evaluation",
                            quote="the pricing objection is closed in one review instead of three",
                            before="three reviews",
                            after="one review",
                        ),
                    ],
                    exclusions=[
                        F(
                            "no partners under $50k ARR",
                            kind="deal_size",
                            text="under $50k ARR",
                            threshold=money(50000, "USD"),
                        ),
                        F(
                            "none on renewals of existing customers",
                            kind="buyer_trusts_vendor",
                            text="renewals of existing customers",
                        ),
                        F(
                            "none once legal review starts",
                            kind="stage_too_late",
                            text="from legal review",
                            stage="legal_review",
                        ),
                    ],
                )
            ]
        ],
        "program-holdout-payroll-au-signal-to-security": [
            [
                draft(
                    statement=F(
                        "Australian employers with 300 to 3,000 employees that still run an on-premise payroll system (mostly Micropay, Preceda or an in-house Oracle build)."
                    ),
                    conditions=[
                        cond("region", "Australian employers", "Australia", values=["australia"]),
                        cond(
                            "company_size", "300 to 3,000 employees", "300-3,000 employees", minimum=300, maximum=3000
                        ),
                        cond(
                            "tech_stack",
                            "still run an on-premise payroll system (mostly Micropay, Preceda or an in-house Oracle build)",
                            "on-premise payroll (Micropay, Preceda, Oracle)",
                            values=["micropay", "preceda", "oracle"],
                        ),
                    ],
                    evidence=[
                        F(
                            "In FY25, 31 of our 44 new customers fit that description.",
                            kind="where_deals_close",
                            text="31 of 44 new customers",
                        ),
                        F(
                            "Deals where a payroll bureau or the customer's accounting firm was involved closed in 68 days on average, against 140 days without one.",
                            kind="partner_helped",
                            text="68 days with a partner vs 140 without",
                        ),
                    ],
                    dm=role("The CFO signs and owns the budget.", "CFO"),
                    infl=role("The Payroll Manager runs the evaluation and builds the shortlist.", "Payroll Manager"),
                    blocker=role(
                        "The IT security team can hold us up for a month with their vendor assessment.",
                        "IT security team",
                    ),
                    metrics=[
                        F(
                            "zero penalties from the ATO for late or underpaid super",
                            kind="risk_reduction",
                            text="zero ATO penalties",
                        ),
                        F(
                            "the payroll close done in one day instead of three",
                            kind="speed",
                            text="payroll close in one day",
                        ),
                    ],
                    trigger=F(
                        "Payday Super starts on 1 July 2026",
                        kind="regulatory",
                        text="Payday Super from 1 July 2026",
                    ),
                    trust=[
                        F(
                            "accounting firms and payroll bureaus that have audited or run this customer's payroll in the last two years, so they have a working relationship with the CFO or the Payroll Manager",
                            form="prior_relationship",
                            text="working relationship with the CFO or the Payroll Manager",
                        )
                    ],
                    leverage=[
                        zone(
                            "signal",
                            "Signal for the CFO in discovery.",
                            "their accounting firm shows the late-payment exposure",
                            "decision_maker",
                            "discovery",
                            quote="they book a scoping workshop in the first meeting instead of after three follow-ups",
                            before="scoping workshop after three follow-ups",
                            after="scoping workshop in the first meeting",
                        ),
                        zone(
                            "speed",
                            "Speed for the Payroll Manager in evaluation.",
                            "pay-code mapping faster",
                            "influencer",
                            "evaluation",
                            quote="Mapping the pay codes takes two weeks instead of six",
                            before="six weeks",
                            after="two weeks",
                        ),
                        zone(
                            "signal",
                            "Signal for the IT security team during the security review.",
                            "partner vouches for our controls",
                            "blocker",
                            quote="the vendor assessment takes a week and a half instead of four weeks",
                            before="four weeks",
                            after="a week and a half",
                        ),
                    ],
                    exclusions=[
                        F(
                            "deals under AUD 40k ARR",
                            kind="deal_size",
                            text="under AUD 40k ARR",
                            threshold=money(40000, "AUD"),
                        ),
                        F(
                            "any account where our CEO or CFO already owns the relationship with their CFO",
                            kind="buyer_trusts_vendor",
                            text="our CEO or CFO owns the relationship",
                        ),
                        F(
                            "everything from legal review onward",
                            kind="stage_too_late",
                            text="from legal review",
                            stage="legal_review",
                        ),
                    ],
                )
            ]
        ],
    }
)
