"""The lexicons: every entry reads as what it names, and the shared ICP matching uses them."""

from __future__ import annotations

import pytest

from coach import lexicon
from coach.reading.deal import stage_in, title_in
from coach.reading.program import role_of, trigger_kind
from coach.reading.segment import label_slot

REGIONS = lexicon.load("regions")
COUNTRY_PHRASES = [
    (phrase, key.replace("_", " "))
    for key, country in REGIONS["country"].items()
    for phrase in [*country["aliases"], *country["cities"]]
    if not phrase.endswith(("-region", ")"))
]


@pytest.mark.parametrize(("phrase", "country"), COUNTRY_PHRASES, ids=[p for p, _ in COUNTRY_PHRASES])
def test_every_country_alias_and_city_names_its_country(phrase: str, country: str) -> None:
    assert lexicon.place_pattern().fullmatch(phrase), phrase
    place = lexicon.place_of(phrase)
    assert place is not None and place.name == country


STATE_PHRASES = [
    (phrase, key, state["country"].replace("_", " "))
    for key, state in REGIONS["state"].items()
    for phrase in [*state["aliases"], *state["cities"]]
]


@pytest.mark.parametrize(("phrase", "state", "country"), STATE_PHRASES, ids=[p for p, _, _ in STATE_PHRASES])
def test_every_state_alias_and_city_names_its_state_within_its_country(phrase: str, state: str, country: str) -> None:
    assert lexicon.place_pattern().fullmatch(phrase), phrase
    place = lexicon.place_of(phrase)
    assert place is not None and place.name == state.removesuffix("_au").replace("_", " ")
    assert country in place.within


INDUSTRY_PHRASES = [(a, key) for key, entry in lexicon.load("industries").items() for a in entry["aliases"]]


@pytest.mark.parametrize(("phrase", "industry"), INDUSTRY_PHRASES, ids=[p for p, _ in INDUSTRY_PHRASES])
def test_every_industry_alias_names_its_industry(phrase: str, industry: str) -> None:
    assert lexicon.industry_pattern().search(f"They are a {phrase} based in Ohio.")
    assert lexicon.industry_of(phrase).name == industry.replace("_", " ")


STAGE_PHRASES = [(p, stage) for stage, phrases in lexicon.load("stages")["stages"].items() for p in phrases]


@pytest.mark.parametrize(("phrase", "stage"), STAGE_PHRASES, ids=[p for p, _ in STAGE_PHRASES])
def test_every_stage_phrase_names_its_stage(phrase: str, stage: str) -> None:
    assert stage_in(f"we are at {phrase} now") == stage


LABELS = [(label, slot) for label, slot in lexicon.labels().items()]


@pytest.mark.parametrize(("label", "slot"), LABELS, ids=[f"{s}:{label}" for label, s in LABELS])
def test_every_field_label_names_its_slot(label: str, slot: str) -> None:
    assert label_slot(label.title()) == slot


@pytest.mark.parametrize(
    ("stated", "allowed", "inside"),
    [
        ("toronto", ["US", "Canada"], True),
        ("australia", ["us", "canada"], False),
        ("sydney", ["north america"], False),
        ("graz", ["dach"], True),
        ("lyon", ["dach"], False),
        ("manchester", ["uk"], True),
        ("dublin", ["uk"], False),
        ("atlantis", ["us"], None),
        ("lima", ["south america"], True),
        ("costa rica", ["central america"], True),
        ("costa rica", ["south america"], False),
        ("central america", ["us"], False),
        ("dach", ["europe"], True),
        ("europe", ["dach"], False),
        ("south america", ["latam"], True),
    ],
)
def test_places_match_by_alias_and_region(stated: str, allowed: list[str], inside: bool | None) -> None:
    assert lexicon.place_inside(stated, allowed) is inside


@pytest.mark.parametrize(
    ("stated", "allowed", "inside"),
    [
        ("payments", ["fintech"], True),
        ("lending", ["fintech"], True),
        ("hospital", ["health insurers"], False),
        ("health insurer", ["insurance"], True),
        # Lines of insurance: inside their parent, outside each other; the parent alone is broader (unknown).
        ("general insurer", ["health insurers"], False),
        ("motor insurer", ["life insurance", "health insurance"], False),
        ("insurer", ["health insurers"], None),
        ("health plan", ["health insurers"], True),
        ("reinsurer", ["insurance"], True),
        ("insurance broker", ["banks", "insurers"], True),  # a line of insurance: inside "insurers"...
        ("home health", ["hospitals"], False),  # kinds of care provider exclude each other
        ("psychiatric hospital", ["hospitals"], False),
        ("rehabilitation hospital", ["acute-care hospital"], False),
        ("health system", ["hospitals"], True),
        ("healthcare", ["hospitals"], None),  # broader than the ICP's kind: unknown
        ("hospital", ["health insurers and private healthcare"], None),  # no alias: the phrase is not an industry
        ("hospital", ["healthcare"], True),
        ("crypto exchange", ["financial services"], True),
        ("cryptocurrency", ["fintech"], True),  # one market
        ("machinery", ["manufacturing"], True),
        ("saas", ["fintech"], False),
        ("basket weaving", ["fintech"], None),
    ],
)
def test_industries_match_by_alias_and_market(stated: str, allowed: list[str], inside: bool | None) -> None:
    assert lexicon.industry_inside(stated, allowed) is inside


TITLES = [
    ("Budget sits with the CFO.", "CFO"),
    ("Dana Ruiz, VP Revenue Cycle, owns budget and signs.", "VP Revenue Cycle"),
    ("the Dir. Patient Financial Services said yes", "Dir. Patient Financial Services"),
    ("The VP of Engineering signs", "VP of Engineering"),
    ("Finance Director signs off", "Finance Director"),
    ("our Chief Financial Officer", "Chief Financial Officer"),
    ("Head of IT approves", "Head of IT"),
    ("Sign-off sits with the General Counsel", "General Counsel"),
    ("the board decides", "the board"),
    ("SVP Finance & Operations", "SVP Finance & Operations"),
]


@pytest.mark.parametrize(("text", "title"), TITLES, ids=[t for _, t in TITLES])
def test_the_title_grammar_reads_roles(text: str, title: str) -> None:
    found = title_in(text)
    assert found is not None and found[0] == title


def test_a_department_inside_a_title_is_not_an_industry() -> None:
    from coach.reading.deal import without_titles

    text = "Dir. Patient Financial Services signs"
    assert lexicon.industry_pattern().search(text)
    assert not lexicon.industry_pattern().search(without_titles(text))


def test_rates_cover_the_framework_currencies() -> None:
    assert set(lexicon.usd_rates()) == {"USD", "EUR", "GBP", "CAD", "AUD"}


PROGRAM_LABELS = list(lexicon.labels("program").items())


@pytest.mark.parametrize(("label", "slot"), PROGRAM_LABELS, ids=[f"{s}:{label}" for label, s in PROGRAM_LABELS])
def test_every_program_label_names_its_slot(label: str, slot: str) -> None:
    assert label_slot(label.title(), "program") == slot


TRIGGERS = [(kind, phrase) for kind, words in lexicon.load("program")["triggers"].items() for phrase in words]


@pytest.mark.parametrize(("kind", "phrase"), TRIGGERS, ids=[f"{k}:{p}" for k, p in TRIGGERS])
def test_every_trigger_phrase_names_its_kind(kind: str, phrase: str) -> None:
    assert trigger_kind(f"they act after {phrase} this year") == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [("the plan must be filed by 31 March", "deadline"), ("it starts on 1 July 2026", "deadline"),
     ("when they feel ready", "other")],
)  # fmt: skip
def test_a_date_alone_makes_a_deadline(text: str, kind: str) -> None:
    assert trigger_kind(text) == kind


@pytest.mark.parametrize("word", lexicon.load("program")["new_leader"]["words"])
@pytest.mark.parametrize("title", ["managing director", "CFO", "VP of Operations", "plant manager"])
def test_a_new_leader_before_any_title_is_a_leadership_change(word: str, title: str) -> None:
    assert trigger_kind(f"deals start when an {word} {title} arrives") == "leadership_change"
    assert trigger_kind(f"deals start when the {title} asks for it") != "leadership_change"


ROLES = [(kind, phrase) for kind, words in lexicon.load("program")["roles"].items() for phrase in words]


@pytest.mark.parametrize(("kind", "phrase"), ROLES, ids=[f"{k}:{p}" for k, p in ROLES])
def test_every_role_phrase_points_to_its_buyer_role(kind: str, phrase: str) -> None:
    assert role_of(f"confidence for the {phrase} in evaluation", {}) == kind


METRICS = [(kind, phrase) for kind, words in lexicon.load("partners")["metrics"].items() for phrase in words]


@pytest.mark.parametrize(("kind", "phrase"), METRICS, ids=[f"{k}:{p}" for k, p in METRICS])
def test_every_metric_phrase_points_to_its_kind(kind: str, phrase: str) -> None:
    assert kind in lexicon.metric_kinds(f"the partner speaks to {phrase.upper()} every quarter")


@pytest.mark.parametrize("word", lexicon.load("partners")["names"]["generic"])
def test_generic_company_words_never_identify_a_partner(word: str) -> None:
    from coach.decisions import mentions
    from coach.partners.capability import PartnerProfile

    [pattern] = mentions([PartnerProfile(name=f"{word.title()} Kestrelworks")]).values()
    assert pattern.search(f"we met {word.title()} Kestrelworks")
    assert not pattern.search(f"the {word} team called")


@pytest.mark.parametrize("word", sorted(lexicon.cues("joint")))
def test_every_joint_signing_word_marks_a_second_signer(word: str) -> None:
    assert lexicon.joint_pattern().search(f"The CFO {word} anything above 500k.")
    assert not lexicon.joint_pattern().search("The CFO signs anything above 500k.")


SYSTEM_ALIASES = [(a, name) for name, aliases in lexicon.load("tech")["systems"].items() for a in aliases]


@pytest.mark.parametrize(("alias", "system"), SYSTEM_ALIASES, ids=[a for a, _ in SYSTEM_ALIASES])
def test_every_system_alias_names_its_system(alias: str, system: str) -> None:
    assert lexicon.system_of(f"They run {alias} in every plant.") == system


@pytest.mark.parametrize(
    ("stated", "allowed", "inside", "broader"),
    [
        ("SAP ECC 6.0", ["SAP ECC"], True, False),
        ("S/4HANA", ["SAP ECC 6.0"], False, False),  # another product line of the same vendor
        ("SAP S/4HANA", ["SAP"], True, False),  # a product inside the family the ICP names
        ("SAP", ["SAP ECC"], False, True),  # only the family is known: broader, never a pass
        ("Salesforce", ["HubSpot", "Salesforce"], True, False),
        ("Mainframe COBOL", ["SAP ECC"], None, False),  # not a known system: the word check decides
    ],
)
def test_systems_match_by_product_and_family(
    stated: str, allowed: list[str], inside: bool | None, broader: bool
) -> None:
    assert lexicon.tech_inside(stated, allowed) is inside
    assert lexicon.tech_broader(stated, allowed) is broader


@pytest.mark.parametrize("word", lexicon.load("tech")["retired"]["words"])
def test_every_retired_word_keeps_a_system_out_of_what_the_account_runs(word: str) -> None:
    from coach.reading.offline import OfflineExtractor

    notes = f"Account: Brandt Logistik, 900 employees.\nTheir Salesforce org was {word} in 2023.\nThey run HubSpot."
    tech = [t.value for t in OfflineExtractor().extract_deal(notes).facts.tech]
    assert "salesforce" not in tech
    assert "hubspot" in tech


@pytest.mark.parametrize("word", lexicon.load("tech")["planned"]["words"])
def test_every_planned_word_keeps_a_future_system_out_of_what_the_account_runs(word: str) -> None:
    from coach.reading.offline import OfflineExtractor

    notes = f"Account: Kessler Foerdertechnik, 1,350 employees.\nThey run proALPHA today; {word} SAP S/4HANA in 2026."
    tech = [t.value for t in OfflineExtractor().extract_deal(notes).facts.tech]
    assert "sap s/4hana" not in tech and "sap" not in tech
    assert "proalpha" in tech


REGION_WITHIN = [(r, w) for r, within in lexicon.load("regions")["region_within"].items() for w in within]


@pytest.mark.parametrize(("region", "larger"), REGION_WITHIN, ids=[f"{r}<{w}" for r, w in REGION_WITHIN])
def test_every_region_lies_within_the_regions_it_names_and_never_the_reverse(region: str, larger: str) -> None:
    assert lexicon.place_inside(region, [larger]) is True
    assert lexicon.place_inside(larger, [region]) is False


CATEGORY_MEMBERS = [(k, m) for k, members in lexicon.load("tech")["categories"].items() for m in members]


@pytest.mark.parametrize(("kind", "system"), CATEGORY_MEMBERS, ids=[f"{k}:{m}" for k, m in CATEGORY_MEMBERS])
def test_every_system_of_a_kind_is_a_known_system(kind: str, system: str) -> None:
    assert system in lexicon.load("tech")["systems"]


@pytest.mark.parametrize(
    ("stated", "allowed", "rival"),
    [
        ("HubSpot", ["salesforce"], True),
        ("Snowflake", ["salesforce"], False),
        ("Salesforce Commerce Cloud", ["shopify", "vtex"], True),
        ("Salesforce Commerce Cloud", ["salesforce"], False),
        ("Dynamics 365", ["netsuite"], True),
        ("Acme Stack", ["salesforce"], None),
    ],
)
def test_a_system_of_the_same_kind_rivals_one_the_icp_names(
    stated: str, allowed: list[str], rival: bool | None
) -> None:
    assert lexicon.tech_rival(stated, allowed) is rival


@pytest.mark.parametrize("cue", sorted(lexicon.cues("unknown")))
def test_every_unknown_cue_is_found_as_a_word_or_a_phrase(cue: str) -> None:
    from coach.reading.classifier import has_cue

    assert has_cue(f"Why now: {cue}.", "unknown")
    assert has_cue(f"{cue.upper()} - who signs", "unknown")


@pytest.mark.parametrize("said", ["They know the CFO well.", "Nobody there knows them.", "The audit is due in May."])
def test_a_plain_statement_or_denial_has_no_unknown_cue(said: str) -> None:
    from coach.reading.classifier import has_cue

    assert not has_cue(said, "unknown")


TITLE_ALIASES = [(c, v) for c, variants in lexicon.load("titles")["aliases"].items() for v in variants]


@pytest.mark.parametrize(("canonical", "variant"), TITLE_ALIASES, ids=[v for _c, v in TITLE_ALIASES])
def test_every_title_alias_means_its_canonical_form(canonical: str, variant: str) -> None:
    assert lexicon.title_key(f"Head of {variant}") == lexicon.title_key(f"Head of {canonical}")
    assert lexicon.title_key(f"Head of {variant}") != lexicon.title_key("Head of Claims")


def test_a_title_key_ignores_order_fillers_and_honorifics() -> None:
    assert lexicon.title_key("VP of Revenue Operations") == lexicon.title_key("Revenue Operations VP")
    assert lexicon.title_key("Dr. Ana Ruiz, the CFO") == lexicon.title_key("CFO ana ruiz")
    assert lexicon.title_key("VP Sales") != lexicon.title_key("VP Finance")


@pytest.mark.parametrize("word", sorted(lexicon.cues("after")))
def test_every_after_word_bars_the_stage_that_follows(word: str) -> None:
    from coach.reading.program import barred_stage

    assert barred_stage(f"No partners {word} the pilot.") == "proposal"
    assert barred_stage("No partners in the pilot.") == "evaluation"


@pytest.mark.parametrize("cue", sorted(lexicon.cues("this_deal")))
def test_every_this_deal_cue_keeps_a_clause_about_this_deal(cue: str) -> None:
    from coach.reading.deal import _elsewhere_at
    from coach.reading.segment import Clause

    assert _elsewhere_at(Clause(f"Unlike their other deals, {cue} is already in legal review.", 0)) is None
    assert _elsewhere_at(Clause("Their other client is already in legal review.", 10)) == 16
