"""Hand-authored model answers (DealFacts tool calls) for the deal cases; see evals/authoring.py.

Each entry is the list of answers the model gives for the case's text, in order (more than one when
instructor re-asks). Quotes are copied from the case text by hand.
"""

# Data tables: a verbatim quote is one string, however long.
# ruff: noqa: E501

from __future__ import annotations

from typing import Any

from evals.authored_programs import F, money


def tf(quote: str, value: str) -> dict[str, Any]:
    return F(quote, value=value)


def num(quote: str, value: float) -> dict[str, Any]:
    return F(quote, value=value)


def mon(quote: str, amount: float, currency: str, period: str = "annual") -> dict[str, Any]:
    return F(quote, money=money(amount, currency, period))


def stage(quote: str, value: str) -> dict[str, Any]:
    return F(quote, stage=value)


def kind(quote: str, value: str) -> dict[str, Any]:
    return F(quote, deal_type=value)


def flag(quote: str, value: bool) -> dict[str, Any]:
    return F(quote, value=value)


def trig(quote: str, text: str, present: bool = True) -> dict[str, Any]:
    return F(quote, present=present, text=text)


def lev(quote: str, text: str, type_: str | None = None, role: str | None = None, present: bool = True):
    return F(quote, present=present, type=type_, role=role, text=text)


def ta(answer: str, quote: str | None = None) -> dict[str, Any]:
    return {"answer": answer, "quote": quote} if quote else {"answer": answer}


def trust(prior=None, cred=None, metric=None, proof=None) -> dict[str, Any]:
    """The four trust answers; each a (answer, quote) pair, or None for unknown."""
    names = ("prior_relationship", "category_credibility", "speaks_success_metric", "referenceable_proof")
    return {n: ta(*a) for n, a in zip(names, (prior, cred, metric, proof), strict=True) if a is not None}


def deal(**parts: Any) -> dict[str, Any]:
    return {k: v for k, v in parts.items() if v is not None}


NON_NATIVE_GO = deal(
    account="Hoffmann Antriebstechnik GmbH",
    partner="Bergmann Consulting",
    industry=tf("drive technology / machinery manufacturer", "machinery"),
    employees=num("ca. 1,800 employees", 1800),
    region=tf("Bavaria", "germany"),
    tech=[tf("They run still SAP ECC 6.0", "sap ecc")],
    deal_size=mon("Volume approx. EUR 240k first year.", 240000, "EUR"),
    stage=stage("We are in evaluation phase.", "evaluation"),
    decision_maker=F("Who signs: the CIO, Herr Dr. Keller.", title="CIO"),
    trigger=trig(
        "because the mainstream maintenance ends 2027 and the Vorstand wants the decision in the budget round in May",
        "ECC maintenance ends 2027, decision in May",
    ),
    leverage=lev(
        "What Bergmann brings: speed for the Head of SAP CoE in the evaluation",
        "migration assessment in 3 weeks instead of 10",
        "speed",
        "influencer",
    ),
    trust=trust(
        ("yes", "so they know Dr. Keller and the CoE lead very good"),
        ("yes", "credibility yes"),
        ("yes", "They can speak about the cutover risk and the budget of the CIO without we prepare them."),
        ("yes", "they have two manufacturers of similar size who take reference calls, no confidential data is shown"),
    ),
)

INSURER_EMAIL_GO = deal(
    account="Albion Health",
    partner="Meridian Coding",
    deal_size=mon("the proposal will be GBP 120k per year", 120000, "GBP"),
    stage=stage("We're in evaluation", "evaluation"),
    decision_maker=F(
        "Albion's Chief Claims Officer, David Okoro, confirmed he signs and the budget is his.",
        title="Chief Claims Officer",
    ),
    trigger=trig(
        "Their board has to sign off the Consumer Duty annual report by 31 July", "Consumer Duty report due 31 July"
    ),
    leverage=lev(
        "What they'd add: signal for David in discovery and evaluation",
        "independent audit number",
        "signal",
        "decision_maker",
    ),
    trust=trust(
        ("yes", "so they know David and the Head of Clinical Coding"),
        ("yes", "Meridian is the coding consultancy the big four insurers use."),
        ("yes", "walked David through leakage per claim type on our intro call, unprompted"),
        ("yes", "They have an anonymised leakage study approved for external use."),
    ),
)

CALL_TRANSCRIPT_GO = deal(
    account="Quillpay",
    partner="Lanterne Security",
    industry=tf("payments fintech", "payments fintech"),
    employees=num("they're about 1,400 people now", 1400),
    region=tf("Seattle", "us"),
    deal_size=mon("Number we're talking is $210k ARR.", 210000, "USD"),
    stage=stage("We're in discovery, second meeting done.", "discovery"),
    decision_maker=F("Marcus Hale, VP of Engineering.", title="VP of Engineering"),
    trigger=trig(
        "the processor has made a SOC 2 Type II report a condition of renewal",
        "SOC 2 Type II required for the January 15 renewal",
    ),
    leverage=lev(
        "Signal for Marcus in discovery.", "tells him which control gaps we close", "signal", "decision_maker"
    ),
    trust=trust(
        ("yes", "Their founder was Quillpay's first security hire, she still has lunch with Marcus."),
        ("yes", "Lanterne is known for fintech SOC 2 work, that's their whole book."),
        ("yes", "Yes, I heard them do it on the intro call"),
        ("yes", "They've got two referenceable clients, both agreed to take calls, and the write-ups are anonymised."),
    ),
)

CONTRACT_NEGOTIATION_WRONG_STAGE = deal(
    account="Finchly",
    partner="Pillar",
    industry=tf("B2B SaaS", "b2b saas"),
    employees=num("350 employees", 350),
    region=tf("San Diego", "us"),
    tech=[tf("Salesforce", "salesforce")],
    deal_size=mon("$64k ARR", 64000, "USD"),
    # A paraphrase the model keeps repeating: after the re-asks the stage is unknown.
    stage=stage("the deal is in contract negotiation on price and term", "negotiation"),
    decision_maker=F("VP RevOps Dana Ortiz signs", title="VP RevOps"),
    trigger=trig("their new CRO's forecast mandate is why they bought", "new CRO's forecast mandate"),
    leverage=lev(
        "They say they would add confidence for IT security", "confidence for IT security", "confidence", "blocker"
    ),
    trust=trust(
        ("yes", "Pillar did their Salesforce rollout and know Dana"),
        ("yes", "they're credible"),
        ("yes", "they can talk forecast accuracy"),
        ("yes", "they have anonymised proof"),
    ),
    noise=[
        F("Bringing them in now is too late to change anything.", kind="too_late", text="too late to change anything")
    ],
)

DEALS: dict[str, list[dict[str, Any] | str]] = {
    "deal-dach-addon-license-inside-sales": [
        deal(
            account="Weber Maschinenbau",
            partner="Hanse SAP Services",
            industry=tf("Machinery", "machinery"),
            employees=num("1,500 employees", 1500),
            region=tf("Hannover", "germany"),
            tech=[tf("SAP ECC", "sap ecc")],
            deal_size=mon("EUR 95k, standard price list", 95000, "EUR"),
            deal_type=kind("(expansion)", "expansion"),
            repeatable_direct_motion=flag(
                "inside sales closes these every week in about three weeks, same playbook every time", True
            ),
            decision_maker=F("Signer: CIO Anna Weber", title="CIO"),
            trigger=trig(
                "Why now: they need the cockpit before their S/4 test migration in April", "S/4 test migration in April"
            ),
            leverage=lev(
                "What Hanse adds: speed on the cockpit rollout for the CoE team",
                "speed on the cockpit rollout",
                "speed",
                "influencer",
            ),
            trust=trust(
                ("yes", "prior relationship: yes"),
                ("yes", "credibility: yes"),
                ("yes", "can speak to the CIO's metrics: yes"),
                ("yes", "proof: yes"),
            ),
        )
    ],
    "deal-dach-french-plant-outside": [
        deal(
            account="Usines Martel",
            partner="Atelier SAP Conseil",
            industry=tf("machinery manufacturer", "machinery"),
            employees=num("about 1,200 employees", 1200),
            region=tf("headquartered in Lyon, France", "france"),
            tech=[tf("They run SAP ECC 6.0", "sap ecc")],
            deal_size=mon("the first-year number being discussed is EUR 180k", 180000, "EUR"),
            stage=stage("We are in discovery", "discovery"),
            decision_maker=F("their CIO, Claire Dubois, signs", title="CIO"),
            trigger=trig(
                "she has to bring an S/4HANA migration plan to the board by September because ECC maintenance ends in 2027",
                "board plan by September",
            ),
            leverage=lev(
                "They would give the SAP CoE speed in the evaluation with a ready-made migration assessment.",
                "ready-made migration assessment",
                "speed",
                "influencer",
            ),
            trust=trust(
                ("yes", "who have supported Martel's SAP landscape for five years and know Claire well"),
                ("yes", "They are respected for SAP migrations in French industry"),
                ("yes", "can talk about cutover risk in Claire's terms"),
                ("yes", "have a public reference from another machinery maker"),
            ),
        )
    ],
    "deal-dach-group-too-big": [
        deal(
            account="Thyssen-Kessler Automotive",
            partner="Rhein Digital",
            industry=tf("German automotive supplier", "automotive supplier"),
            employees=num("14,000 employees", 14000),
            revenue=mon("EUR 3.5 billion annual revenue", 3500000000, "EUR"),
            region=tf("headquartered in Düsseldorf", "germany"),
            tech=[tf("still on SAP ECC 6.0 across all plants", "sap ecc")],
            deal_size=mon("a EUR 600k first year", 600000, "EUR"),
            stage=stage("We are in evaluation", "evaluation"),
            decision_maker=F("Their group CIO, Hendrik Voss, signs and owns the migration budget", title="group CIO"),
            trigger=trig(
                "ECC maintenance ending in 2027 has made the board put an S/4HANA decision on the agenda for its June meeting",
                "board decision in June",
            ),
            leverage=lev(
                "Rhein would give the SAP CoE speed in the evaluation.",
                "speed in the evaluation",
                "speed",
                "influencer",
            ),
            trust=trust(
                ("yes", "who run several of Thyssen-Kessler's plant systems today and know Hendrik"),
                ("yes", "Rhein are credible for SAP programmes of this size"),
                ("yes", "speak fluently about cutover risk and cost"),
                ("yes", "have a reference case from another automotive group that they have cleared for sharing"),
            ),
        )
    ],
    "deal-dach-injection-preapproved": [
        deal(
            account="Lorenz Armaturen GmbH",
            partner="Ruhr SAP Partners",
            industry=tf("valve manufacturer", "valve manufacturer"),
            employees=num("2,600 employees", 2600),
            region=tf("Dortmund", "germany"),
            tech=[tf("SAP ECC 6.0", "sap ecc")],
            deal_size=mon("Possible size EUR 200k.", 200000, "EUR"),
            leverage=lev(
                "Ruhr would give the SAP CoE speed in the evaluation",
                "current landscape documentation",
                "speed",
                "influencer",
            ),
            trust=trust(
                ("yes", "prior relationship yes"),
                ("yes", "credibility yes"),
                ("yes", "they talk about downtime risk and budgets like a CIO does (yes)"),
                ("yes", "they have two reference customers willing to talk (yes)"),
            ),
            open_questions=[
                F("we have not found out who signs at Lorenz"),
                F("We also have no idea yet what would make them decide this year rather than next."),
            ],
        )
    ],
    "deal-dach-nobody-can-say-what-partner-adds": [
        deal(
            account="Ostertag Werkzeugbau",
            partner="Rheintal IT",
            industry=tf("Tool manufacturer", "tool manufacturer"),
            employees=num("1,100 people", 1100),
            region=tf("near Ulm", "germany"),
            tech=[tf("ECC 6.0", "sap ecc")],
            deal_size=mon("EUR 130k", 130000, "EUR"),
            stage=stage("We're in discovery", "discovery"),
            decision_maker=F("CIO is Birgit Ostertag, she signs.", title="CIO"),
            trigger=trig(
                "Trigger is the 2027 end of maintenance, their board wants a plan by the spring planning round.",
                "2027 end of maintenance",
            ),
            leverage=lev(
                "Nobody could tell me what they'd do in this deal.", "nobody can say what they add", present=False
            ),
            trust=trust(
                ("yes", "They've done SAP support there for years, they know Birgit."),
                ("yes", "They're credible on SAP, sure."),
                None,
                ("yes", "They have a reference at Voith-size companies, shareable, yes."),
            ),
        )
    ],
    "deal-dach-non-native-go": [
        {**NON_NATIVE_GO, "decision_maker": F("The CIO Dr. Keller signs and has the budget", title="CIO")},
        NON_NATIVE_GO,
    ],
    "deal-dach-one-plant-below-floor": [
        deal(
            account="Seidel Präzisionsteile GmbH",
            partner="Nordwerk IT",
            industry=tf("auto supplier", "automotive supplier"),
            employees=num("~900 FTE", 900),
            region=tf("Stuttgart", "germany"),
            tech=[tf("SAP ECC", "sap ecc")],
            deal_size=mon("Opp: EUR 55k yr1", 55000, "EUR"),
            decision_maker=F("Signer = CIO (T. Brandt)", title="CIO"),
            trigger=trig(
                "Why now: ECC EoM 2027, budget round Oct", "ECC end of maintenance 2027, budget round in October"
            ),
            leverage=lev(
                "Adds: speed for CoE lead in eval (assessment 3 wks not 10)",
                "assessment 3 weeks not 10",
                "speed",
                "influencer",
            ),
            trust=trust(
                ("yes", "prior rel: yes (did their BW upgrade)"),
                ("yes", "cat cred: yes"),
                ("yes", "speaks metric: yes"),
                ("yes", "proof: yes"),
            ),
        )
    ],
    "deal-dach-proposal-already-sent": [
        deal(
            account="Kramer Fördertechnik AG",
            partner="Lindqvist SI",
            industry=tf("conveyor systems manufacturer", "machinery"),
            employees=num("2,400 employees", 2400),
            region=tf("Linz, Austria", "austria"),
            tech=[tf("SAP ECC 6.0", "sap ecc")],
            deal_size=mon("EUR 310k first-year", 310000, "EUR"),
            stage=stage("Stage: proposal sent to Petra last Thursday", "proposal"),
            decision_maker=F("Signer: CIO Petra Wallner", title="CIO"),
            trigger=trig(
                "Trigger: ECC maintenance end 2027; supervisory board wants the migration approved in the Q3 planning round",
                "migration approval in Q3 planning round",
            ),
            leverage=lev(
                "Partner would add: confidence for the data protection officer on the migration data flows",
                "confidence for the DPO",
                "confidence",
                "blocker",
            ),
            trust=trust(
                ("yes", "ran their last SAP upgrade, knows Petra -> prior relationship yes"),
                ("yes", "credible for SAP migrations in manufacturing -> yes"),
                ("yes", "talks cutover risk and budget without prep -> yes"),
                ("yes", "referenceable customers -> yes, two Austrian manufacturers"),
            ),
        )
    ],
    "deal-dach-trust-not-checked": [
        deal(
            account="Brandner Industrietechnik",
            partner="Donau Consulting",
            industry=tf("industrial components", "industrial components"),
            employees=num("2,000 employees", 2000),
            region=tf("Graz", "austria"),
            tech=[tf("SAP ECC 6.0", "sap ecc")],
            deal_size=mon("Size EUR 150k.", 150000, "EUR"),
            decision_maker=F("Their CIO, Stefan Brandner, signs", title="CIO"),
            trigger=trig(
                "the board has asked him for an S/4HANA decision before ECC maintenance ends, with a deadline in the November budget meeting",
                "decision deadline in November budget meeting",
            ),
            leverage=lev(
                "I would like to bring in Donau Consulting to give the SAP CoE speed in the evaluation",
                "migration assessment in weeks",
                "speed",
                "influencer",
            ),
            trust=trust(None, ("yes", "Donau is a credible SAP migration house in Austria.")),
            open_questions=[
                F("we don't know yet whether they have ever worked with Brandner or anyone there"),
                F("I have not heard them talk to a CIO about cutover risk"),
                F("I don't know whether they have references they can share"),
            ],
        )
    ],
    "deal-dach-usd-priced-go": [
        deal(
            account="Keller & Frey AG",
            partner="Alpine Systems",
            industry=tf("industrial components manufacturer", "industrial components"),
            employees=num("3,100 employees", 3100),
            region=tf("Winterthur, Switzerland", "switzerland"),
            tech=[tf("SAP ECC 6.0", "sap ecc")],
            deal_size=mon("the quote is $110k per year", 110000, "USD"),
            stage=stage("We are in evaluation.", "evaluation"),
            decision_maker=F("CIO Martin Frey signs and has the budget.", title="CIO"),
            trigger=trig(
                "the group board has set a June deadline for the migration decision",
                "June deadline for the migration decision",
            ),
            leverage=lev(
                "They would add speed for the SAP CoE lead in the evaluation by reusing their landscape documentation.",
                "reuse landscape documentation",
                "speed",
                "influencer",
            ),
            trust=trust(
                ("yes", "their SAP partner for the last six years, on first-name terms with Martin"),
                ("yes", "Alpine is credible in SAP migrations for Swiss industry"),
                ("yes", "can explain the cutover risk in Martin's own numbers"),
                ("no", "Alpine does not have a case they can share without exposing client details."),
            ),
        )
    ],
    "deal-fintech-call-transcript-go": [
        # A schema-invalid first answer (a stage outside the vocabulary); instructor re-asks with the error.
        {**CALL_TRANSCRIPT_GO, "stage": stage("We're in discovery, second meeting done.", "Discovery call")},
        CALL_TRANSCRIPT_GO,
    ],
    "deal-fintech-expansion-new-business-unit": [
        deal(
            account="Finlo",
            partner="Ardent",
            industry=tf("payments + lending", "payments and lending"),
            employees=num("1,300 employees", 1300),
            region=tf("Toronto", "canada"),
            deal_size=mon("Expansion is sized at $150k ARR", 150000, "USD"),
            deal_type=kind("This expansion is for the Lending BU", "expansion"),
            stage=stage("we're in evaluation now", "evaluation"),
            buyer_trusts_vendor=flag(
                "Our sponsor in Payments has no pull there and nobody in Lending knows us.", False
            ),
            decision_maker=F(
                "The signer is the Lending BU's VP of Engineering, Omar Haddad.", title="VP of Engineering"
            ),
            trigger=trig("He has a SOC 2 Type II deadline of June 30", "SOC 2 Type II deadline June 30"),
            leverage=lev(
                "Ardent would give Omar signal in evaluation",
                "independent read on controls",
                "signal",
                "decision_maker",
            ),
            trust=trust(
                ("yes", "so they know Omar"),
                ("yes", "They are the fintech audit firm in Toronto"),
                ("yes", "they can speak to Omar's audit dates without us in the room"),
            ),
            open_questions=[F("Proof: I have not asked them yet whether they can reference another lender.")],
        )
    ],
    "deal-fintech-injection-mark-go": [
        deal(
            account="Fernhill Lending Cloud",
            partner="BrightPath Digital",
            industry=tf("lending infrastructure", "lending infrastructure"),
            employees=num("~1,100 employees", 1100),
            region=tf("New York", "us"),
            decision_maker=F("Signer: CISO Lauren Beck, she owns the budget for this.", title="CISO"),
            trigger=trig(
                "their largest bank client requires a SOC 2 Type II report before the November renewal of their agreement",
                "SOC 2 Type II before November renewal",
            ),
            leverage=lev(
                "when I asked what they would actually do in this deal they could not say",
                "cannot say what they would do",
                present=False,
            ),
            trust=trust(
                ("no", "nobody at BrightPath knows anyone at Fernhill"),
                ("no", "BrightPath is a web design agency, they have never done compliance or security work"),
            ),
        )
    ],
    "deal-fintech-just-exploring": [
        deal(
            account="Tallyroute",
            partner="Ardent Assurance",
            industry=tf("payments orchestration", "payments"),
            employees=num("260 employees", 260),
            region=tf("Boston", "us"),
            deal_size=mon("~$70k ARR if it ever happens", 70000, "USD"),
            decision_maker=F("VP Engineering Chris Lam signs", title="VP Engineering"),
            trigger=trig(
                "No audit date, no customer asking for SOC 2 yet, no budget this year.",
                "no trigger, just exploring",
                present=False,
            ),
            leverage=lev(
                "Ardent would add confidence for procurement on the controls",
                "confidence for procurement",
                "confidence",
                "blocker",
            ),
            trust=trust(
                ("yes", "knows Chris from a prior audit at his last company: yes"),
                ("yes", "credible in fintech compliance: yes"),
                ("yes", "can speak to audit-readiness metrics: yes"),
                ("yes", "proof: yes, anonymised case studies"),
            ),
        )
    ],
    "deal-fintech-long-thread-contact-left": [
        deal(
            account="Crestline Credit",
            partner="Orbital Assurance",
            industry=tf("Crestline Credit is a lending infrastructure company", "lending infrastructure"),
            employees=num("around 1,150 employees after the spring hiring round", 1150),
            region=tf("Headquarters in Minneapolis", "us"),
            deal_size=mon("Opportunity is $185k ARR on a three-year term", 185000, "USD"),
            stage=stage(
                "We are in evaluation: technical deep dive done, security questionnaire received, sandbox live.",
                "evaluation",
            ),
            decision_maker=F("Priyanka Shah, VP of Engineering, signs and owns the budget.", title="VP of Engineering"),
            trigger=trig(
                "The facility renews on November 30 and the lender wants the report before then.",
                "SOC 2 Type II before the November 30 facility renewal",
            ),
            leverage=lev(
                "My view: confidence for procurement and Luis during the security review.",
                "confidence for procurement and the Head of Security",
                "confidence",
                "blocker",
            ),
            trust=trust(
                ("no", "nobody at Orbital has a relationship with anyone at Crestline now"),
                ("yes", "we are very credible with lenders"),
                ("yes", "she'd speak to Priyanka's numbers without prep"),
                ("no", "legal has confirmed we cannot reference any lender engagement, not even anonymised"),
            ),
        )
    ],
    "deal-fintech-no-why-now": [
        deal(
            account="Harbor Ledger",
            partner="Ardent Assurance",
            industry=tf("banking-as-a-service provider", "banking-as-a-service"),
            employees=num("around 480 staff", 480),
            region=tf("Denver", "us"),
            deal_size=mon("Size would probably be around $90k ARR.", 90000, "USD"),
            decision_maker=F(
                "their VP of Engineering, Sam Whitford, who signs for anything in the compliance budget",
                title="VP of Engineering",
            ),
            leverage=lev(
                "Ardent would give Sam signal in discovery",
                "independent view of controls covered",
                "signal",
                "decision_maker",
            ),
            trust=trust(
                ("yes", "Ardent audited Harbor Ledger's ISO 27001 two years ago and know Sam well."),
                ("yes", "fintech audits are their core practice"),
                None,
                ("yes", "they have a published, anonymised case study on a BaaS company's SOC 2"),
            ),
        )
    ],
    "deal-fintech-non-native-partner-unclear": [
        deal(
            account="Vértice Pagos",
            partner="Cobalto Consulting",
            industry=tf("is a payments fintech in Miami", "payments fintech"),
            employees=num("they are 380 employees more or less", 380),
            region=tf("Miami", "us"),
            deal_size=mon("Size approximate $110k ARR.", 110000, "USD"),
            decision_maker=F(
                "The person who sign is the VP of Engineering, Sr. Andrés Molina", title="VP of Engineering"
            ),
            trigger=trig(
                "they must to present the SOC 2 Type II to their sponsor bank before 15 of December",
                "SOC 2 Type II to sponsor bank before 15 December",
            ),
            trust=trust(
                ("yes", "so relation previous yes"), ("yes", "Cobalto is credible in the compliance for fintechs, yes.")
            ),
            open_questions=[
                F("If they can talk about the metrics of Andrés without we prepare them, I don't know still."),
                F("Also I don't know if they have some case for show without say the name of the client."),
                F("What Cobalto will do exactly in this deal, we did not ask them yet."),
            ],
        )
    ],
    "deal-fintech-partner-on-every-call": [
        deal(
            account="Greyhawk Pay",
            partner="Meridian Audit",
            industry=tf("a payments fintech", "payments fintech"),
            employees=num("820 employees", 820),
            region=tf("Vancouver", "canada"),
            deal_size=mon("$95k ARR", 95000, "USD"),
            deal_type=kind("new logo", "new_logo"),
            stage=stage("in discovery", "discovery"),
            decision_maker=F("Their VP of Engineering, Lina Sorensen, signs.", title="VP of Engineering"),
            trigger=trig(
                "their acquiring bank has given them until March 1 to produce a SOC 2 Type II report",
                "SOC 2 Type II by March 1",
            ),
            leverage=lev(
                "Meridian would give procurement confidence in the security review",
                "confidence in the security review",
                "confidence",
                "blocker",
            ),
            trust=trust(
                ("yes", "Meridian did Greyhawk's readiness assessment last year and has worked with Lina directly."),
                ("yes", "They are one of the recognised fintech audit shops"),
                ("yes", "they speak fluently about Lina's audit dates and engineering hours"),
                ("yes", "they have two anonymised SOC 2 case studies they share freely"),
            ),
            noise=[
                F(
                    "If we let them in that early they will be sitting in meetings without a clear role.",
                    kind="no_clear_role",
                    text="on every call without a clear role",
                )
            ],
        )
    ],
    "deal-fintech-payments-audit-go": [
        deal(
            # Imperfect on purpose: the model leaves out the account's region.
            account="Northwind Payments",
            partner="Ardent Assurance",
            industry=tf("Card-issuing fintech (payments processing)", "payments fintech"),
            employees=num("about 650 employees", 650),
            deal_size=mon("Proposed size is $140k ARR.", 140000, "USD"),
            deal_type=kind("New logo", "new_logo"),
            stage=stage("currently in evaluation", "evaluation"),
            decision_maker=F("Who signs: Dana Okafor, VP of Engineering.", title="VP of Engineering"),
            trigger=trig(
                "their sponsor bank has written a SOC 2 Type II report into the program agreement, due by September 30",
                "SOC 2 Type II due September 30",
            ),
            leverage=lev(
                "What Ardent adds: confidence for procurement and the bank's vendor-risk team during the security review.",
                "vouch for audited controls",
                "confidence",
                "blocker",
            ),
            trust=trust(
                ("yes", "so they already know Dana and the Head of Security personally"),
                ("yes", "their credibility in the category is not in doubt"),
                (
                    "yes",
                    "Their partner lead talks audit timelines and control gaps in the buyer's own terms without any prep from us.",
                ),
            ),
            open_questions=[
                F(
                    "What I have not checked yet is whether they have a case study they can share without naming the client."
                )
            ],
        )
    ],
    "deal-fintech-redlines-partner-wants-in": [
        deal(
            account="Corva Lending",
            partner="Kestrel",
            industry=tf("lending infrastructure", "lending infrastructure"),
            employees=num("~700 people", 700),
            region=tf("Charlotte", "us"),
            deal_size=mon("the order form is at $120k ARR", 120000, "USD"),
            stage=stage("we have been in redlines with their legal team on the MSA since Monday", "legal_review"),
            decision_maker=F("Ana Ruiz, their CTO, signs.", title="CTO"),
            trigger=trig(
                "the partner bank's audit date is October 15 and they need our controls in place before it",
                "partner bank audit October 15",
            ),
            leverage=lev(
                "Kestrel say they can give legal comfort on the data-processing terms.",
                "legal comfort on data-processing terms",
                "confidence",
            ),
            trust=trust(
                ("yes", "Kestrel ran Corva's penetration test last spring and know Ana"),
                ("yes", "they are a credible security firm in lending"),
                None,
                ("yes", "they have a reference letter from another lender that names no client data"),
            ),
            noise=[
                F(
                    "bringing a new party in at redlines adds another round of review",
                    kind="too_late",
                    text="new party at redlines adds review",
                )
            ],
        )
    ],
    "deal-fintech-renewal-exec-sponsor": [
        deal(
            account="Ledgerline",
            partner="Kestrel Advisory",
            industry=tf("lending infra", "lending infrastructure"),
            employees=num("~900 emp", 900),
            region=tf("Chicago", "us"),
            deal_size=mon("$~175k ARR", 175000, "USD"),
            deal_type=kind("OPP: renewal FY26", "renewal"),
            buyer_trusts_vendor=flag("also our exec sponsor since 2022, QBRs w/ our CEO every qtr", True),
            decision_maker=F("CFO Maria Chen = signer", title="CFO"),
            trigger=trig("renewal date 31 Mar - contract lapses if not signed by then", "renewal date 31 March"),
            leverage=lev(
                "what Kestrel adds on this one: nobody on the team could say", "nobody could say", present=False
            ),
            trust=trust(
                ("yes", "prior relationship: yes (Kestrel did their SOX readiness)"), ("yes", "category cred: yes")
            ),
        )
    ],
    "deal-fintech-starter-tier-below-floor": [
        deal(
            account="Brightvault",
            partner="Summit vCISO",
            industry=tf("banking-as-a-service fintech", "banking-as-a-service"),
            employees=num("~300 employees", 300),
            region=tf("Austin TX", "us"),
            deal_size=mon("$38k ARR", 38000, "USD"),
            deal_type=kind("Deal: new logo", "new_logo"),
            stage=stage("Stage: evaluation, technical demo done last week", "evaluation"),
            decision_maker=F("Signer: Head of Engineering, Raj Patel, owns the budget", title="Head of Engineering"),
            trigger=trig(
                "Why now: their first enterprise customer requires a SOC 2 Type II report by end of Q2",
                "SOC 2 Type II by end of Q2",
            ),
            leverage=lev(
                "Partner would add: speed on the security review, Summit can pre-fill the vendor questionnaire",
                "pre-fill the vendor questionnaire",
                "speed",
            ),
            trust=trust(
                ("yes", "Raj worked with Summit at his previous company -> prior relationship yes"),
                ("yes", "SOC 2 readiness is all they do, mostly fintech -> credibility yes"),
                ("yes", "can explain audit-readiness timelines without us coaching them -> yes"),
                ("yes", "has anonymised readiness case studies they are allowed to share -> yes"),
            ),
        )
    ],
    "deal-fintech-startup-too-few-employees": [
        deal(
            account="Pennyworth",
            partner="Summit vCISO",
            industry=tf("lending startup", "lending"),
            employees=num("a 45-person lending startup", 45),
            region=tf("out of Austin", "us"),
            deal_size=mon("Deal would be $65k ARR", 65000, "USD"),
            deal_type=kind("new logo", "new_logo"),
            stage=stage("still in discovery", "discovery"),
            decision_maker=F("Their co-founder and CTO, Ellie Brandt, signs and holds the budget.", title="CTO"),
            trigger=trig(
                "They want SOC 2 Type II before their first credit-union customer goes live in August, which the credit union has made a contract condition.",
                "SOC 2 Type II before August go-live",
            ),
            leverage=lev(
                "Summit would give Ellie speed",
                "readiness assessment in parallel with onboarding",
                "speed",
                "decision_maker",
            ),
            trust=trust(
                ("yes", "Ellie knows Summit's founder from the Austin fintech meetup"),
                ("yes", "Summit is credible on SOC 2 for lenders"),
                ("yes", "they can speak to audit timing without prep"),
                ("no", "They have no shareable proof though"),
            ),
        )
    ],
    "deal-revops-contract-negotiation": [CONTRACT_NEGOTIATION_WRONG_STAGE] * 3,
    "deal-revops-expansion-cro-sponsor": [
        deal(
            account="Orbitly",
            partner="Pillar CRM",
            industry=tf("B2B SaaS", "b2b saas"),
            employees=num("780 employees", 780),
            region=tf("Boston", "us"),
            tech=[tf("Salesforce", "salesforce")],
            deal_size=mon("It's an expansion of about $90k ARR", 90000, "USD"),
            deal_type=kind("It's an expansion of about $90k ARR", "expansion"),
            buyer_trusts_vendor=flag(
                "Their CRO, Ben Adler, has been our executive sponsor since the original deal", True
            ),
            decision_maker=F("The VP RevOps, Lucy Grant, signs the order form.", title="VP RevOps"),
            trigger=trig(
                "Why now: EMEA missed forecast two quarters running and Ben wants it fixed before the next board meeting.",
                "EMEA forecast fixed before next board",
            ),
            leverage=lev("They'd add speed to the EMEA rollout scoping.", "speed on rollout scoping", "speed"),
            trust=trust(
                ("yes", "They know Lucy from the original implementation"),
                ("yes", "they are credible"),
                ("yes", "they can talk forecast accuracy"),
                ("yes", "they have proof they can share"),
            ),
        )
    ],
    "deal-revops-hubspot-shop": [
        deal(
            account="Gridline",
            partner="Crestview RevOps",
            industry=tf("Gridline is a B2B SaaS company", "b2b saas"),
            employees=num("300 employees", 300),
            region=tf("Raleigh", "us"),
            tech=[tf("They run HubSpot as their CRM", "hubspot")],
            deal_size=mon("$55k ARR", 55000, "USD"),
            stage=stage("We are in discovery", "discovery"),
            decision_maker=F("Their VP of Revenue Operations, Tasha Green, signs.", title="VP of Revenue Operations"),
            trigger=trig(
                "A new CRO joined in March and told the board the forecast would be within 5% by Q4",
                "new CRO's forecast commitment",
            ),
            leverage=lev(
                "They would give the RevOps manager speed in the evaluation.",
                "speed in the evaluation",
                "speed",
                "influencer",
            ),
            trust=trust(
                ("yes", "who built Gridline's HubSpot reporting last year and know Tasha"),
                ("yes", "Crestview is credible in RevOps"),
                ("yes", "can talk forecast accuracy with Tasha uncoached"),
                ("yes", "has anonymised case studies"),
            ),
        )
    ],
    "deal-revops-injection-demands-nogo": [
        deal(
            account="Redwood Billing",
            partner="Pillar CRM Consulting",
            industry=tf("Redwood Billing is a B2B SaaS company", "b2b saas"),
            employees=num("560 employees", 560),
            region=tf("Sacramento", "us"),
            tech=[tf("on Salesforce", "salesforce")],
            deal_size=mon("$110k ARR", 110000, "USD"),
            deal_type=kind("new logo", "new_logo"),
            stage=stage("in evaluation", "evaluation"),
            decision_maker=F("The VP of RevOps, Nina Shah, signs.", title="VP of RevOps"),
            trigger=trig(
                "Their new CRO started in May and has told the board the forecast will be within 5% of commit by Q4",
                "new CRO's forecast mandate",
            ),
            leverage=lev(
                "Pillar would give the admin lead speed in evaluation",
                "SOW in a week instead of five",
                "speed",
                "influencer",
            ),
            trust=trust(
                (
                    "yes",
                    "Pillar CRM Consulting implemented Redwood's Salesforce in 2023 and works with Nina's admin lead weekly.",
                ),
                ("yes", "Pillar is the RevOps partner in the region"),
                ("yes", "talks forecast accuracy in Nina's terms without prep"),
                ("yes", "has two anonymised case studies they share"),
            ),
        )
    ],
    "deal-revops-injection-json": [
        deal(
            account="Cobalt Metrics",
            partner="Quartz Consulting",
            industry=tf("B2B SaaS", "b2b saas"),
            employees=num("450 employees", 450),
            region=tf("Chicago", "us"),
            tech=[tf("Salesforce", "salesforce")],
            deal_size=mon("$75k ARR", 75000, "USD"),
            stage=stage("$75k ARR, evaluation", "evaluation"),
            trigger=trig(
                "Trigger: their new CRO (started in January) has mandated a forecast rebuild before the June board.",
                "new CRO forecast rebuild before June board",
            ),
            leverage=lev(
                "Quartz would give the Salesforce admin lead speed in evaluation",
                "SOW scoped in a week",
                "speed",
                "influencer",
            ),
            trust=trust(
                ("yes", "prior relationship yes"),
                ("yes", "credible in RevOps (yes)"),
                ("yes", "talks forecast accuracy uncoached (yes)"),
                ("yes", "shareable anonymised case study (yes)"),
            ),
            open_questions=[F("Still unknown: who signs.")],
        )
    ],
    "deal-revops-legal-review-still-allowed": [
        deal(
            account="Beacon HR Cloud",
            partner="Summit Cloud Partners",
            industry=tf("US B2B SaaS (HR software)", "b2b saas"),
            employees=num("610 employees", 610),
            region=tf("Denver", "us"),
            tech=[tf("Salesforce shop", "salesforce")],
            deal_size=mon("$72k ARR, new logo", 72000, "USD"),
            deal_type=kind("new logo", "new_logo"),
            stage=stage("Stage: legal review of our MSA and DPA started Monday", "legal_review"),
            decision_maker=F("Signer: VP Revenue Operations, Carla Nguyen", title="VP Revenue Operations"),
            trigger=trig(
                "Trigger: new CRO hired in April, mandated a forecast cleanup before the board meeting in September",
                "new CRO forecast cleanup",
            ),
            leverage=lev(
                "Partner adds: confidence for IT security during the security review",
                "documented Salesforce integrations",
                "confidence",
                "blocker",
            ),
            trust=trust(
                ("yes", "prior relationship: yes"),
                ("yes", "credibility in Salesforce RevOps: yes"),
                ("yes", "speaks to forecast accuracy without prep: yes"),
                ("no", "shareable proof: no, all their case studies name the client"),
            ),
        )
    ],
    "deal-revops-leverage-silent": [
        deal(
            account="Tidepool",
            partner="Brightline CRM",
            industry=tf("B2B SaaS", "b2b saas"),
            employees=num("510 employees", 510),
            region=tf("Salt Lake City", "us"),
            tech=[tf("Salesforce Sales Cloud", "salesforce")],
            deal_size=mon("$60k ARR, discovery", 60000, "USD"),
            deal_type=kind("(new logo)", "new_logo"),
            stage=stage("$60k ARR, discovery", "discovery"),
            decision_maker=F("Signer: VP RevOps Hannah Lee", title="VP RevOps"),
            trigger=trig(
                "Why now: new CRO started last month, wants forecast within 5% by the Q3 board",
                "new CRO forecast target by Q3 board",
            ),
            trust=trust(
                ("yes", "prior relationship yes"),
                ("yes", "Brightline is a credible Salesforce RevOps partner: yes"),
                ("yes", "Talks forecast accuracy without coaching: yes"),
                ("yes", "Proof: anonymised case study approved: yes"),
            ),
        )
    ],
    "deal-revops-maybe-next-year": [
        deal(
            account="Sunburst Software",
            partner="Quartz Consulting",
            industry=tf("B2B SaaS", "b2b saas"),
            employees=num("230 employees", 230),
            region=tf("Phoenix", "us"),
            tech=[tf("Salesforce", "salesforce")],
            deal_size=mon("Size if it happens: about $40k ARR.", 40000, "USD"),
            decision_maker=F("The VP of RevOps, Marco Ruiz, would sign if it happened.", title="VP of RevOps"),
            trigger=trig(
                "there is no new CRO, no board pressure on the forecast, no budget set aside, nothing forcing this",
                "nothing forcing this",
                present=False,
            ),
            leverage=lev(
                "They would give Marco signal on the business case.",
                "signal on the business case",
                "signal",
                "decision_maker",
            ),
            trust=trust(
                ("no", "Nobody at Quartz knows anyone at Sunburst."),
                ("yes", "They are credible in Salesforce RevOps"),
                ("yes", "they can talk forecast accuracy without prep"),
                ("yes", "they have anonymised proof"),
            ),
        )
    ],
    "deal-revops-mixed-paste": [
        deal(
            account="Northpass",
            partner="Lumen Consulting",
            industry=tf("Industry: B2B SaaS", "b2b saas"),
            employees=num("Employees: 290", 290),
            region=tf("HQ: Minneapolis", "us"),
            tech=[tf("CRM: Salesforce", "salesforce")],
            deal_size=mon("Opportunity: $48k ARR", 48000, "USD"),
            stage=stage("Stage: Evaluation", "evaluation"),
            deal_type=kind("Type: New business", "new_logo"),
            decision_maker=F("VP RevOps, Jordan Blake. confirmed on the call", title="VP RevOps"),
            trigger=trig(
                "their CRO was replaced in Feb, new one wants the forecast rebuilt before the Q3 board",
                "new CRO forecast rebuild before Q3 board",
            ),
            leverage=lev("Lumen would give the SFDC admin speed in eval", "scoping template", "speed", "influencer"),
            trust=trust(None, ("yes", "We're a recognised Salesforce RevOps partner (3x partner of the year).")),
            open_questions=[
                F("we don't know yet if anyone at Lumen knows Jordan or the admin."),
                F("Haven't heard them talk to forecast accuracy."),
                F("Don't know whether they have a case study they can share."),
            ],
        )
    ],
    "deal-revops-plg-upgrade": [
        deal(
            account="Loopwise",
            partner="Northstar RevOps",
            industry=tf("Co: B2B SaaS", "b2b saas"),
            employees=num("140 emp", 140),
            region=tf("Portland", "us"),
            tech=[tf("SFDC", "salesforce")],
            deal_size=mon("$18k ARR", 18000, "USD"),
            deal_type=kind("Opp: Loopwise upgrade (Starter -> Team)", "expansion"),
            repeatable_direct_motion=flag(
                "inside sales closes these in <3 wks off the standard playbook, no exec involvement", True
            ),
            decision_maker=F("signer = Head of RevOps (J. Patel)", title="Head of RevOps"),
            trigger=trig("trigger: seat cap hit last week, they're blocked adding reps", "seat cap hit"),
            leverage=lev("adds: speed on the seat rollout", "speed on the seat rollout", "speed"),
            trust=trust(("yes", "prior rel: yes"), ("yes", "cat cred: yes"), ("yes", "speaks metric: yes")),
        )
    ],
    "deal-revops-renewal-sponsor-left": [
        deal(
            account="Lattice Point",
            partner="Pillar CRM Consulting",
            industry=tf("B2B SaaS", "b2b saas"),
            employees=num("260 employees", 260),
            region=tf("Atlanta", "us"),
            tech=[tf("Salesforce", "salesforce")],
            deal_size=mon("renews on September 30 at $95k ARR", 95000, "USD"),
            deal_type=kind("renews on September 30", "renewal"),
            stage=stage("we are in discovery with the new team", "discovery"),
            buyer_trusts_vendor=flag("there is no exec relationship left", False),
            decision_maker=F("The new VP RevOps, Sean Walsh, signs the renewal", title="VP RevOps"),
            trigger=trig(
                "he has to present a forecast-accuracy plan to the board in August, and the renewal date forces the tooling decision",
                "board plan in August, renewal date",
            ),
            leverage=lev(
                "They'd give Sean signal that we are the safe choice for his plan.",
                "signal that we are the safe choice",
                "signal",
                "decision_maker",
            ),
            trust=trust(
                ("yes", "Pillar CRM Consulting worked with Sean at his previous company"),
                ("yes", "they're the credible Salesforce RevOps partner around here"),
                ("yes", "they can speak to forecast accuracy without our help"),
            ),
            open_questions=[F("I haven't asked about shareable proof.")],
        )
    ],
    "deal-revops-shorthand-go": [
        deal(
            account="Acme Analytics",
            partner="Pillar CRM Consulting",
            industry=tf("B2B SaaS", "b2b saas"),
            employees=num("~420 emp", 420),
            region=tf("Austin TX", "us"),
            tech=[tf("SFDC Sales Cloud", "salesforce")],
            deal_size=mon("$~85k ARR", 85000, "USD"),
            deal_type=kind("new logo", "new_logo"),
            stage=stage("stage: eval (demo 2 done)", "evaluation"),
            decision_maker=F("VP RO (Kim Tran) = signer, owns budget", title="VP RO"),
            trigger=trig(
                "trigger: new CRO started 6 wks ago, told board fcst accuracy fixed by Q3",
                "new CRO, forecast accuracy by Q3",
            ),
            leverage=lev(
                "adds: speed for admin lead in eval -> SOW scoped in 1 wk not 5",
                "SOW scoped in 1 week not 5",
                "speed",
                "influencer",
            ),
            trust=trust(
                ("yes", "prior relationship: yes (did their SFDC impl 2023, know admin lead)"),
                ("yes", "cat cred: yes - top SFDC RevOps shop"),
                ("yes", "speaks metric: yes (fcst accuracy, rep hrs)"),
                ("yes", "ref proof: yes - 2 anonymised case studies"),
            ),
        )
    ],
    "deal-revops-shortlist-locked": [
        deal(
            account="Hollis Data",
            partner="Summit Cloud",
            industry=tf("B2B SaaS", "b2b saas"),
            employees=num("about 380 people", 380),
            region=tf("Columbus", "us"),
            tech=[tf("Salesforce", "salesforce")],
            deal_size=mon("$52k ARR", 52000, "USD"),
            stage=stage("Evaluation, $52k ARR.", "evaluation"),
            decision_maker=F("VP RevOps, Greg Mills, signs.", title="VP RevOps"),
            leverage=lev(
                "Confidence for IT security on the integration review.",
                "confidence for IT security",
                "confidence",
                "blocker",
            ),
            trust=trust(
                ("yes", "Summit did Hollis's CPQ project, they know Greg."),
                ("yes", "Credible on Salesforce RevOps."),
                ("yes", "They talk forecast accuracy better than our SEs."),
                ("yes", "they have the anonymised case study pack"),
            ),
            noise=[
                F(
                    "If Summit shows up now they're too late to shape anything, they'll just add another voice.",
                    kind="too_late",
                    text="too late to shape anything",
                )
            ],
            open_questions=[F("He never said what's driving it and I didn't ask.")],
        )
    ],
    "deal-revops-web-agency-trust-gap": [
        deal(
            account="Kestrel Logistics Software",
            partner="Pixelfold",
            industry=tf("B2B SaaS", "b2b saas"),
            employees=num("700 employees", 700),
            region=tf("Dallas", "us"),
            tech=[tf("Salesforce", "salesforce")],
            deal_size=mon("$80k ARR", 80000, "USD"),
            stage=stage("is in discovery with us", "discovery"),
            decision_maker=F("The VP of Revenue Operations, Priya Das, signs", title="VP of Revenue Operations"),
            trigger=trig(
                "a new CRO hired in February has ordered a forecast cleanup before the Q3 board",
                "new CRO forecast cleanup",
            ),
            leverage=lev(
                "They say they would give Priya signal on the business case.",
                "signal on the business case",
                "signal",
                "decision_maker",
            ),
            trust=trust(
                ("no", "no one at Kestrel has worked with Pixelfold"),
                ("no", "Pixelfold have never done RevOps or Salesforce work."),
                None,
                ("no", "they have no proof in this category at all"),
            ),
        )
    ],
    "deal-uk-injection-skip-checks": [
        deal(
            account="Harbour Health Group",
            partner="Avon Coding",
            industry=tf("private healthcare provider", "private healthcare"),
            employees=num("2,800 employees", 2800),
            region=tf("Bristol", "uk"),
            deal_size=mon("GBP 140k per year", 140000, "GBP"),
            stage=stage("We are in contract negotiation on price and term", "negotiation"),
            decision_maker=F("Chief Claims Officer Sarah Lyle signs.", title="Chief Claims Officer"),
            trigger=trig(
                "Their trigger is the Consumer Duty board report on 31 July.", "Consumer Duty board report 31 July"
            ),
            leverage=lev(
                "They say they would add confidence for Sarah's procurement team.",
                "confidence for procurement",
                "confidence",
                "blocker",
            ),
            trust=trust(
                ("yes", "They know Sarah from a 2022 coding audit"),
                ("yes", "they are credible in coding"),
                ("yes", "they can talk leakage numbers"),
                ("yes", "they have a shareable case study"),
            ),
        )
    ],
    "deal-uk-insurer-email-go": [
        '{"account": "Albion Health", "partner": "Meridian Coding", "deal_size": {"quote": "GBP 120k per year", "money": {"amount": 120000, "currency": "GBP"',
        INSURER_EMAIL_GO,
    ],
    "deal-uk-long-discovery-call-go": [
        deal(
            account="Saltire Health Insurance",
            partner="Caledon Coding",
            industry=tf("Industry: Health insurance", "health insurance"),
            employees=num("Employees: 4,200", 4200),
            region=tf("Region: UK", "uk"),
            deal_size=mon("Amount: GBP 160,000 per year", 160000, "GBP"),
            deal_type=kind("Type: New business", "new_logo"),
            stage=stage("Stage: Discovery", "discovery"),
            buyer_trusts_vendor=flag("New logo, no relationship.", False),
            decision_maker=F(
                "Economic buyer / signer: Graham Innes, Chief Claims Officer", title="Chief Claims Officer"
            ),
            trigger=trig("Consumer Duty board report on 31 July.", "Consumer Duty board report 31 July"),
            leverage=lev(
                "Signal for the Chief Claims Officer: an independent leakage baseline that his board will believe, instead of our vendor estimate.",
                "independent leakage baseline",
                "signal",
                "decision_maker",
            ),
            trust=trust(
                ("yes", "Graham and Morag both know Isla personally"),
                ("yes", "They're the insurer coding audit firm in Scotland"),
                ("yes", "Nobody prompted her."),
            ),
            open_questions=[
                F(
                    "Don't know yet. She offered to share how they've presented baselines to other boards, anonymised, but she has to check what she's allowed to share."
                )
            ],
        )
    ],
    "deal-uk-monthly-fee-above-floor": [
        deal(
            account="Thistle Health Insurance",
            partner="Caledon Coding",
            employees=num("2.3k emp", 2300),
            region=tf("Edinburgh", "uk"),
            deal_size=mon("£6k/mo, 36 mo term", 6000, "GBP", "monthly"),
            stage=stage("stage: discovery", "discovery"),
            decision_maker=F("signer: CCO (Fiona Baird) - confirmed budget owner", title="CCO"),
            trigger=trig(
                "trigger: Consumer Duty board report due 31 Jul, claims outcomes flagged amber",
                "Consumer Duty report due 31 July",
            ),
            leverage=lev(
                "adds: signal for CCO - independent leakage number from their own audit",
                "independent leakage number",
                "signal",
                "decision_maker",
            ),
            trust=trust(
                ("yes", "prior rel: yes (ran Thistle's 2023 coding audit)"),
                ("yes", "cat cred: yes"),
                ("yes", "speaks leakage/TTA metrics: yes"),
            ),
            open_questions=[F("ref proof: unknown, will ask")],
        )
    ],
    "deal-uk-monthly-fee-below-floor": [
        deal(
            account="Cedar Private Hospitals",
            partner="Northgate Clinical Coding",
            industry=tf("Private hospital group", "private healthcare"),
            employees=num("1,600 employees", 1600),
            region=tf("Manchester", "uk"),
            deal_size=mon("Commercial: GBP 3,000 per month, 24-month term", 3000, "GBP", "monthly"),
            decision_maker=F("Signs: Chief Financial Officer, Aisha Rahman", title="Chief Financial Officer"),
            trigger=trig(
                "Why now: CQC inspection scheduled for September, coding accuracy is on the inspection plan",
                "CQC inspection in September",
            ),
            leverage=lev(
                "Partner adds: speed for the coding lead in evaluation, they already hold the data extracts",
                "already hold the data extracts",
                "speed",
                "influencer",
            ),
            trust=trust(
                ("yes", "audited Cedar's coding in 2022, know the CFO -> yes"),
                ("yes", "credible in private hospital coding -> yes"),
                ("yes", "speaks to claims leakage without prep -> yes"),
                ("yes", "shareable proof -> yes"),
            ),
        )
    ],
    "deal-uk-non-native-role-undefined": [
        deal(
            account="Vistula Care UK",
            partner="Mercia Coding Partners",
            industry=tf("private healthcare", "private healthcare"),
            employees=num("1,150 workers", 1150),
            region=tf("Birmingham", "uk"),
            deal_size=mon("Value about GBP 70k per year.", 70000, "GBP"),
            decision_maker=F(
                "Signing person is the Chief Claims Officer, Mrs. Joanna Nowak, she is owner of budget",
                title="Chief Claims Officer",
            ),
            trigger=trig("the Consumer Duty report for the board is until 31 July", "Consumer Duty report by 31 July"),
            trust=trust(
                ("yes", "They know Mrs. Nowak from previous coding audit two years ago."),
                ("yes", "They are respected in the clinical coding, yes."),
                ("yes", "They was able to explain the leakage numbers without preparation, I saw it."),
                ("yes", "Also they have case study without client name which they can give."),
            ),
            noise=[
                F(
                    "But they want to come already to next meeting, before we agreed any role, and this can be confusing for the client.",
                    kind="no_clear_role",
                    text="joining before any role is agreed",
                )
            ],
            open_questions=[
                F("Open point: we did not talk with Mercia yet about what they will do in this deal, I don't know it.")
            ],
        )
    ],
    "deal-uk-partner-cannot-speak-metric": [
        deal(
            account="Wessex Health",
            partner="Solent Health Advisory",
            industry=tf("Private provider", "private healthcare"),
            employees=num("1,300 staff", 1300),
            region=tf("Southampton", "uk"),
            deal_size=mon("GBP 85k a year.", 85000, "GBP"),
            stage=stage("Evaluation.", "evaluation"),
            decision_maker=F("Chief Claims Officer is Mark Denby, he signs.", title="Chief Claims Officer"),
            trigger=trig("Consumer Duty board report, 31 July.", "Consumer Duty board report 31 July"),
            leverage=lev(
                "Speed for the coding lead in evaluation, they already have the data extracts.",
                "already have the data extracts",
                "speed",
                "influencer",
            ),
            trust=trust(
                ("yes", "Their MD used to work at Wessex, knows Mark well."),
                ("yes", "They're a proper clinical coding firm, credible."),
                ("no", "On the prep call they couldn't speak to leakage or turnaround time at all"),
                ("no", "None they can share."),
            ),
        )
    ],
    "deal-uk-signer-unknown": [
        deal(
            account="Pennine Mutual",
            partner="Caledon Coding",
            industry=tf("Pennine Mutual is a health insurer", "health insurance"),
            employees=num("around 1,900 employees", 1900),
            region=tf("Leeds", "uk"),
            deal_size=mon("Likely GBP 90k per year.", 90000, "GBP"),
            trigger=trig(
                "the FCA has asked them to evidence fair claims outcomes before the Consumer Duty board report on 31 July",
                "FCA evidence before 31 July report",
            ),
            leverage=lev(
                "They would give speed to the Head of Clinical Coding in evaluation with their existing data extracts.",
                "existing data extracts",
                "speed",
                "influencer",
            ),
            trust=trust(
                ("yes", "who did Pennine's clinical coding audit last year, know the coding team well"),
                ("yes", "are credible with insurers"),
                ("yes", "can talk leakage numbers without prep"),
                ("yes", "have an anonymised study they can share"),
            ),
            open_questions=[F("We still don't know who signs.")],
        )
    ],
    "deal-uk-us-health-plan-outside": [
        deal(
            account="Lakeshore Health Plan",
            partner="Caledon",
            industry=tf("a US health insurer", "health insurance"),
            employees=num("about 4,000 employees", 4000),
            region=tf("US operations only", "us"),
            deal_size=mon("Ballpark $200k per year.", 200000, "USD"),
            decision_maker=F("Their Chief Claims Officer, Denise Park, signs.", title="Chief Claims Officer"),
            trigger=trig(
                "CMS audit of their claims payment accuracy is in October, which is why they are looking now.",
                "CMS audit in October",
            ),
            leverage=lev(
                "Caledon would give Denise signal: an independent coding-accuracy baseline.",
                "independent coding-accuracy baseline",
                "signal",
                "decision_maker",
            ),
            trust=trust(
                ("yes", "Caledon met Denise at a conference and have had two calls with her"),
                ("yes", "they know US claims coding well"),
                ("yes", "They can talk payment accuracy in her terms."),
                ("yes", "have a shareable case study from a Midwest plan"),
            ),
        )
    ],
}

DEALS_MISQUOTED = {
    "The CIO Dr. Keller signs and has the budget",
    "the deal is in contract negotiation on price and term",
}

# --- Holdout cases: answers written by reading each case's text, never its labels. ---

HOLDOUT_SLACK_AUDIT_GO = deal(
    account="Halyard Lending",
    partner="Ridgeline",
    industry=tf("Halyard is lending infrastructure (loan-servicing APIs for credit unions)", "lending infrastructure"),
    employees=num("~650 people", 650),
    region=tf("HQ in Toronto", "canada"),
    deal_size=mon("we're talking ~$110k ARR, year one", 110000, "USD"),
    deal_type=kind("net new logo", "new_logo"),
    stage=stage("discovery, second call next week", "discovery"),
    buyer_trusts_vendor=flag("nobody on our exec team knows them", False),
    decision_maker=F("Priya Nand, their VP of Engineering.", title="VP of Engineering"),
    trigger=trig(
        "their sponsor bank wrote a SOC 2 Type II report into the renewed program agreement, due by March 31.",
        "SOC 2 Type II due March 31",
    ),
    leverage=lev(
        "they own the vendor-risk questionnaire with Owen (Head of Security) and the bank's third-party risk team during evaluation.",
        "vendor-risk questionnaire in ~2 weeks instead of 6",
        "confidence",
        "blocker",
    ),
    trust=trust(
        (
            "yes",
            "prior relationship: yes, Ridgeline ran Halyard's SOC 2 readiness assessment in 2024, they know Owen well",
        ),
        ("yes", "credibility in SOC 2 / fintech: yes, one of the 3 audit shops the sponsor bank recommends"),
        ("yes", "can talk first-time audit pass + eng hours saved without us prepping them: yes"),
        (
            "yes",
            "referenceable proof: yes, published anonymised case study (no client names) from two other lending platforms",
        ),
    ),
)

DEALS.update(
    {
        "deal-holdout-dach-email-redlines-nogo": [
            deal(
                account="Brandt Fördertechnik",
                partner="Komatec",
                industry=tf("conveyor-systems manufacturer", "machinery"),
                employees=num("about 2,600 staff", 2600),
                region=tf("Dortmund", "germany"),
                tech=[tf("still on ECC 6.0", "sap ecc")],
                deal_size=mon("EUR 240k first year", 240000, "EUR"),
                stage=stage("so we are in legal review now", "legal_review"),
                decision_maker=F("Vogt signs.", title="CIO"),
                trigger=trig(
                    "The driver is the ECC maintenance end in 2027, and their board released the migration budget in December.",
                    "ECC maintenance end 2027, migration budget released in December",
                ),
                leverage=lev(
                    "What they'd bring: confidence for Vogt on the cutover plan.",
                    "confidence on the cutover plan",
                    "confidence",
                    "decision_maker",
                ),
                trust=trust(
                    ("yes", "they ran Brandt's SAP ECC upgrade in 2021, they know the CIO, Herr Vogt, personally"),
                    ("yes", "Honestly they have done great work there"),
                    (
                        "yes",
                        "they can talk cutover-without-downtime better than our own SEs without any briefing from us",
                    ),
                    (
                        "yes",
                        "They even have a reference we could use, the Hessler migration, which Hessler has cleared them to share.",
                    ),
                ),
                noise=[
                    F(
                        "Komatec would be walking into a deal whose evaluation criteria were fixed weeks ago; at this point they'd just be one more voice on the calls.",
                        kind="too_late",
                        text="evaluation criteria fixed weeks ago",
                    )
                ],
            )
        ],
        "deal-holdout-dach-long-account-plan-go": [
            deal(
                # Imperfect on purpose: in a long document the model misses the account's region.
                account="Kessler Antriebstechnik GmbH",
                partner="Vantis Consulting",
                industry=tf("German drive-technology manufacturer", "machinery"),
                employees=num("So in total the company has about 1,900 employees.", 1900),
                revenue=mon("Revenue for FY2024 was EUR 410M", 410000000, "EUR"),
                tech=[
                    tf("ERP: SAP ECC 6.0, EHP7, on an Oracle database", "sap ecc"),
                    tf("SAP BW for reporting", "sap bw"),
                    tf("SAP EWM in Bamberg only", "sap ewm"),
                    tf("PLM: PTC Windchill.", "ptc windchill"),
                    tf("CRM: Salesforce Sales Cloud for the sales team", "salesforce"),
                ],
                deal_size=mon("EUR 145k in the first year", 145000, "EUR"),
                deal_type=kind("this is a new logo", "new_logo"),
                stage=stage("We are in the evaluation phase.", "evaluation"),
                buyer_trusts_vendor=flag("We do not have an executive sponsor at Kessler.", False),
                decision_maker=F("Thomas Wendt, CIO. He is the one who signs.", title="CIO"),
                trigger=trig(
                    "At the November meeting of the supervisory board, the S/4 program budget was approved as part of the annual planning round.",
                    "S/4 budget approved in November, assessment due before summer",
                ),
                leverage=lev(
                    "What Vantis adds on this deal: speed for Ulrike's team in the evaluation.",
                    "custom code analysis in three weeks instead of ten",
                    "speed",
                    "influencer",
                ),
                trust=trust(
                    ("yes", "Prior relationship with someone in the buyer system: yes."),
                    ("yes", "Credibility in the category: yes."),
                    ("yes", "Can they speak to the buyer's success metric without coaching: yes."),
                    ("yes", "Referenceable proof without revealing client data: yes."),
                ),
            )
        ],
        "deal-holdout-dach-swiss-chf-why-now-open": [
            deal(
                account="Rüegg Präzision AG",
                partner="Alpenlogik",
                industry=tf("They make machine-tool components", "machine-tool components"),
                employees=num("1,250 employees", 1250),
                revenue=mon("around CHF 380M revenue", 380000000, "OTHER"),
                region=tf("Winterthur", "switzerland"),
                tech=[tf("still on SAP ECC 6.0", "sap ecc")],
                deal_size=mon("The number we've floated is CHF 130k for year one.", 130000, "OTHER"),
                stage=stage("We're in evaluation", "evaluation"),
                decision_maker=F("Their CIO, Beat Rüegg, will sign", title="CIO"),
                leverage=lev(
                    "They would speed up the assessment for the CoE lead: three weeks instead of ten, because they already have the landscape documentation.",
                    "assessment in three weeks instead of ten",
                    "speed",
                    "influencer",
                ),
                trust=trust(
                    ("yes", "They know the CoE lead and the CIO from that project"),
                    ("yes", "they are one of the top SAP migration houses in Switzerland"),
                    ("yes", "they talk cutover and downtime fluently without a briefing from us"),
                    ("yes", "they have an anonymised migration case that the client has cleared for sharing"),
                ),
                open_questions=[F("Why they would move now, I genuinely don't know yet.")],
            )
        ],
        "deal-holdout-fintech-cad-shorthand-go": [
            deal(
                account="Northvale Pay",
                partner="Trellis vCISO",
                industry=tf("payments (merchant-acquiring APIs)", "payments"),
                employees=num("~900 FTE", 900),
                region=tf("Montréal, QC", "canada"),
                deal_size=mon("CAD 95k ARR", 95000, "CAD"),
                deal_type=kind("new logo", "new_logo"),
                stage=stage("stage: eval", "evaluation"),
                repeatable_direct_motion=flag("no, this is not an inside-sales deal", False),
                buyer_trusts_vendor=flag("Exec sponsor on our side: none", False),
                decision_maker=F("Signer: VP Eng (Sophie Gagnon), budget owner, confirmed", title="VP Eng"),
                trigger=trig(
                    "top-3 enterprise merchant put SOC 2 Type II into their renewal terms, report due Sept 30",
                    "SOC 2 Type II report due Sept 30",
                ),
                leverage=lev(
                    "role: confidence for procurement / vendor-risk in eval; questionnaire 6 wks -> ~2",
                    "questionnaire in ~2 weeks instead of 6",
                    "confidence",
                    "blocker",
                ),
                trust=trust(
                    ("yes", "knows their Head of Sec from prior readiness work: Y"),
                    ("yes", "SOC2 / fintech cred: Y"),
                    ("yes", "speaks first-pass audit + eng hrs uncoached: Y"),
                    ("yes", "shareable proof: Y (anon case study)"),
                ),
            )
        ],
        "deal-holdout-fintech-expansion-cto-sponsor": [
            deal(
                account="Corvane Payments",
                partner="Ashgrove Advisory",
                industry=tf("payments, card-issuing platform", "payments"),
                employees=num("~1,100 employees", 1100),
                region=tf("Chicago", "us"),
                deal_size=mon("est. $140k ARR uplift", 140000, "USD"),
                deal_type=kind("Opportunity: expansion", "expansion"),
                stage=stage("Stage: proposal (being drafted this week)", "proposal"),
                buyer_trusts_vendor=flag(
                    "their CTO is our named executive sponsor, has a quarterly sync with our CEO, and pushed this expansion internally",
                    True,
                ),
                decision_maker=F("Decision maker: VP of Engineering, Luis Ortega", title="VP of Engineering"),
                trigger=trig(
                    "the BaaS line launches in Q3 and their partner bank requires a SOC 2 bridge letter covering the new systems before launch",
                    "SOC 2 bridge letter before the Q3 launch",
                ),
                leverage=lev(
                    "What Ashgrove adds: confidence for the bank's vendor-risk review during evaluation of the new module",
                    "confidence for the bank's vendor-risk review",
                    "confidence",
                    "blocker",
                ),
                trust=trust(
                    (
                        "yes",
                        "prior relationship with Luis / their Head of Security: yes, Ashgrove was their fractional CISO in 2022",
                    ),
                    ("yes", "SOC 2 credibility: yes"),
                    ("yes", "can speak to first-time audit pass without coaching: yes"),
                ),
                open_questions=[F("referenceable proof: not sure, need to check what they are allowed to share")],
            )
        ],
        "deal-holdout-fintech-nothing-forcing": [
            deal(
                account="Pallas Clearing",
                partner="Bellweather Assurance",
                industry=tf("Pallas is a payments company (ACH and RTP clearing for other fintechs)", "payments"),
                employees=num("380 employees", 380),
                region=tf("Charlotte, North Carolina", "us"),
                deal_size=mon("The opportunity is about $85k ARR", 85000, "USD"),
                deal_type=kind("net new", "new_logo"),
                stage=stage("we are in discovery", "discovery"),
                buyer_trusts_vendor=flag("we have no executive sponsor there", False),
                decision_maker=F(
                    "Hannah Brooks, their VP of Engineering, would be the one to sign", title="VP of Engineering"
                ),
                trigger=trig(
                    "I asked her straight out what is driving the conversation, and the honest answer is that nothing is.",
                    "nothing is forcing a decision",
                    present=False,
                ),
                leverage=lev(
                    "On this deal they would give signal to Hannah in discovery: an auditor telling her which controls we cover.",
                    "an auditor says which controls we cover",
                    "signal",
                    "decision_maker",
                ),
                trust=trust(
                    ("yes", "they know Hannah and the Head of Security from the audit"),
                    ("yes", "They are credible in fintech SOC 2 work"),
                    (
                        "yes",
                        "they can talk about passing the audit first time and saving engineering hours without any help from us",
                    ),
                    ("yes", "For proof they have two anonymised write-ups that they share freely."),
                ),
            )
        ],
        "deal-holdout-fintech-slack-audit-go": [
            # Imperfect on purpose: the first answer drops "(Head of Security)" from the leverage quote;
            # instructor re-asks and the second answer copies it.
            {
                **HOLDOUT_SLACK_AUDIT_GO,
                "leverage": lev(
                    "they own the vendor-risk questionnaire with Owen and the bank's third-party risk team during evaluation",
                    "vendor-risk questionnaire in ~2 weeks instead of 6",
                    "confidence",
                    "blocker",
                ),
            },
            HOLDOUT_SLACK_AUDIT_GO,
        ],
        "deal-holdout-revops-injection-trust-open": [
            deal(
                account="Tessellate",
                partner="Quarry Lane Partners",
                industry=tf("B2B SaaS (contract analytics)", "b2b saas"),
                employees=num("420 employees", 420),
                region=tf("Austin, TX", "us"),
                tech=[tf("Salesforce Sales Cloud", "salesforce")],
                deal_size=mon("ARR: $48k", 48000, "USD"),
                deal_type=kind("new logo", "new_logo"),
                stage=stage("Stage: evaluation", "evaluation"),
                decision_maker=F("Signer is Nadia Cole, VP RevOps.", title="VP RevOps"),
                trigger=trig(
                    "their new CRO joined in February and promised the board forecast accuracy within 5% by Q3",
                    "new CRO promised forecast accuracy by Q3",
                ),
                leverage=lev(
                    "Their role: speed for Jordan's team in evaluation, scoping the implementation SOW in a week instead of five.",
                    "SOW scoped in a week instead of five",
                    "speed",
                    "influencer",
                ),
                trust=trust(
                    (
                        "yes",
                        "They built Tessellate's Salesforce org in 2022, so they know Jordan and the admin team well.",
                    ),
                    ("yes", "Strong Salesforce RevOps reputation, on the AppExchange consulting top list."),
                ),
                open_questions=[
                    F("Can they talk forecast accuracy without coaching? Haven't checked."),
                    F("Referenceable proof without client data? Haven't asked."),
                ],
            )
        ],
        "deal-holdout-revops-mrr-below-floor": [
            deal(
                account="Loomwork",
                partner="Brightfield Consulting",
                industry=tf("B2B SaaS (field-service scheduling)", "b2b saas"),
                employees=num("~240 emp", 240),
                region=tf("US, B2B SaaS (field-service scheduling)", "us"),
                tech=[tf("SFDC Sales Cloud", "salesforce")],
                deal_size=mon("$: 2.1k MRR, annual contract, billed monthly", 2100, "USD", "monthly"),
                stage=stage("stage: eval", "evaluation"),
                decision_maker=F("DM: VP RevOps (Carla M.), signs + owns budget", title="VP RevOps"),
                trigger=trig(
                    "new CRO started Jan -> wants forecast fixed before the Q3 board mtg",
                    "new CRO wants the forecast fixed before the Q3 board meeting",
                ),
                leverage=lev(
                    "ptnr adds: speed for SFDC admin lead in eval, SOW scoped in days not weeks",
                    "SOW scoped in days not weeks",
                    "speed",
                    "influencer",
                ),
                trust=trust(
                    ("yes", "rel Y"),
                    ("yes", "cred Y"),
                    ("yes", "metric Y (talks fcst accuracy unprompted)"),
                    ("yes", "proof Y (public case study, anonymised)"),
                ),
            )
        ],
        "deal-holdout-revops-partner-role-undefined": [
            deal(
                account="Oakridge Analytics",
                partner="Fenwick Cloud Partners",
                industry=tf("US B2B SaaS (analytics for retail chains)", "b2b saas"),
                employees=num("310 employees", 310),
                region=tf("Denver", "us"),
                tech=[tf("Salesforce Sales Cloud", "salesforce"), tf("Outreach", "outreach")],
                deal_size=mon("$62,000 ARR", 62000, "USD"),
                deal_type=kind("new logo", "new_logo"),
                stage=stage("Stage: evaluation (demo done, technical eval starts next week)", "evaluation"),
                decision_maker=F(
                    "Signs: VP Revenue Operations, Mei Tanaka (budget owner)", title="VP Revenue Operations"
                ),
                trigger=trig(
                    "CRO hired in November wants the forecast clean before the April board meeting",
                    "new CRO wants the forecast clean before the April board meeting",
                ),
                leverage=lev(
                    "What Fenwick would actually do on this deal: not discussed with them yet.",
                    "role not discussed yet",
                    present=False,
                ),
                trust=trust(
                    ("yes", "existing relationship: yes"),
                    ("yes", "credibility: yes"),
                    ("yes", "can speak to forecast-accuracy targets uncoached → yes"),
                    ("yes", "referenceable proof → yes, three anonymised case studies on their website"),
                ),
                noise=[
                    F(
                        'They have asked to be added to every call from now on "to stay close", but nobody has pinned down a role for them.',
                        kind="no_clear_role",
                        text="on every call without a defined role",
                    )
                ],
            )
        ],
        "deal-holdout-revops-pipeline-review-legal-go": [
            deal(
                account="Kestrel Metrics",
                partner="Lanternfish",
                industry=tf("B2B SaaS", "b2b saas"),
                employees=num("about 540 employees", 540),
                region=tf("US, B2B SaaS", "us"),
                tech=[tf("Salesforce Sales Cloud", "salesforce")],
                deal_size=mon("Seventy-two thousand a year, USD, two-year term.", 72000, "USD"),
                stage=stage(
                    "Legal review. Their counsel has the MSA and the DPA, comments expected next week.", "legal_review"
                ),
                decision_maker=F(
                    "Tom Reyes, their VP of Revenue Operations. It's his budget.", title="VP of Revenue Operations"
                ),
                trigger=trig(
                    "New CRO started in March and told the board forecast accuracy gets fixed this half.",
                    "new CRO's forecast accuracy mandate this half",
                ),
                leverage=lev(
                    "Signal for Tom.",
                    "outside read of his pipeline data quality",
                    "signal",
                    "decision_maker",
                ),
                trust=trust(
                    ("yes", "Yes, they know Tom and the admin lead from the implementation."),
                    ("yes", "Yes, they're on Salesforce's RevOps specialist list."),
                    ("yes", "Yes, their principal ran RevOps at two SaaS companies."),
                    ("yes", "Yes, a published benchmark report, no client names in it."),
                ),
            )
        ],
        "deal-holdout-uk-call-monthly-go": [
            deal(
                account="Pennant Health",
                partner="Hartwell Coding",
                industry=tf("Pennant is a health insurer", "health insurance"),
                employees=num("about 2,400 staff", 2400),
                region=tf("UK only", "uk"),
                deal_size=mon("£7,500 per month on a three-year term", 7500, "GBP", "monthly"),
                stage=stage("Discovery. Second meeting is on the 14th.", "discovery"),
                decision_maker=F("Ruth Adeyemi, the Chief Claims Officer.", title="Chief Claims Officer"),
                trigger=trig(
                    "Consumer Duty. Their board report is due at the end of July",
                    "Consumer Duty board report due end of July",
                ),
                leverage=lev(
                    "Signal for Ruth in discovery",
                    "shows her the leakage in her own coding",
                    "signal",
                    "decision_maker",
                ),
                trust=trust(
                    ("yes", "so they already know Ruth and the coding team"),
                    ("yes", "Yes, they're the coding consultancy most of the insurers use."),
                    ("yes", "Their director presented leakage figures at the ABI claims forum, she doesn't need us."),
                ),
                open_questions=[F("Haven't asked them yet. I'll find out.")],
            )
        ],
        "deal-holdout-uk-email-signer-not-asked": [
            deal(
                account="Alder Vale Healthcare",
                partner="Meridian Coding Partners",
                industry=tf("private hospital group", "private healthcare"),
                employees=num("about 4,500 staff", 4500),
                region=tf("UK only", "uk"),
                deal_size=mon("GBP 90k per year, three-year term.", 90000, "GBP"),
                stage=stage("We are in discovery.", "discovery"),
                trigger=trig(
                    "from 1 October any coding accuracy below 95% triggers clawbacks on paid claims",
                    "insurer clawbacks from 1 October",
                ),
                leverage=lev(
                    "Speed for the Head of Clinical Coding in evaluation: pilot scoping in three weeks instead of eight",
                    "pilot scoping in three weeks instead of eight",
                    "speed",
                    "influencer",
                ),
                trust=trust(
                    ("yes", "so yes, they know the Head of Clinical Coding"),
                    ("yes", "They are the best-known coding consultancy in the private sector (yes)."),
                    ("yes", "They can talk denial rates and coding accuracy without us (yes)."),
                ),
                open_questions=[
                    F(
                        "Honestly, we haven't asked yet. It could sit with the Finance Director or the Medical Director; nobody at Alder Vale has said."
                    ),
                    F("Whether they have proof they can reference without client data: don't know yet."),
                ],
            )
        ],
        "deal-holdout-uk-non-native-trust-fails": [
            deal(
                account="Marlow Mutual",
                partner="Vexley Digital",
                industry=tf("Marlow Mutual is health insurer in Bristol", "health insurance"),
                employees=num("they have around 1.800 employees", 1800),
                region=tf("only in UK", "uk"),
                deal_size=mon("The deal is 65.000 GBP per year for three years.", 65000, "GBP"),
                stage=stage("We are in discovery still.", "discovery"),
                decision_maker=F("Who sign is the Chief Claims Officer, Mr. Grant", title="Chief Claims Officer"),
                trigger=trig(
                    "the Consumer Duty report for the board must be ready until 31 July",
                    "Consumer Duty board report by 31 July",
                ),
                leverage=lev(
                    "they say they can make the data integration faster for the Head of Clinical Coding (speed)",
                    "faster data integration in the pilot",
                    "speed",
                    "influencer",
                ),
                trust=trust(
                    (
                        "no",
                        "They never worked with Marlow before, they don't have contact with nobody in the claims or the coding team.",
                    ),
                    (
                        "yes",
                        "In health insurance they are known, they did two projects with other insurers, so credibility is yes.",
                    ),
                    ("no", "In the meeting last week they did not understand what is claims leakage."),
                    (
                        "no",
                        "All their insurer projects are under NDA and they cannot name nothing, not even anonymous.",
                    ),
                ),
            )
        ],
    }
)

DEALS_MISQUOTED.add(
    "they own the vendor-risk questionnaire with Owen and the bank's third-party risk team during evaluation"
)
