"""Account fit: cells read by the value grammars, one definition of inside the ICP, unknown never a pass."""

from __future__ import annotations

import pytest

from coach import lexicon
from coach.alignment import aligned_csv, cell_numbers, fit_accounts, read_accounts
from coach.errors import InputError
from coach.framework import Exclusion, IcpCondition, OperatingIcp, ProgramDraft

Q = "q"


def icp(*conditions: IcpCondition, exclusions: tuple[Exclusion, ...] = ()) -> ProgramDraft:
    return ProgramDraft(icp=OperatingIcp(conditions=list(conditions)), exclusions=list(exclusions))


FINTECH = IcpCondition(quote=Q, dimension="industry", text="fintech", values=["fintech"])
BANKS = IcpCondition(quote=Q, dimension="industry", text="banks", values=["banking"])
SIZE = IcpCondition(quote=Q, dimension="company_size", text="200-2,000 employees", minimum=200, maximum=2000)
BEDS = IcpCondition(quote=Q, dimension="company_size", text="150-600 beds", minimum=150, maximum=600, values=["beds"])
NA = IcpCondition(quote=Q, dimension="region", text="US or Canada", values=["united states", "canada"])
EU_REVENUE = IcpCondition(
    quote=Q, dimension="revenue", text="EUR 25M-300M", minimum=25e6, maximum=300e6, currency="EUR"
)


def one(program: ProgramDraft, **cells: str) -> str:
    rows, _ = read_accounts("name," + ",".join(cells) + "\nAcme," + ",".join(f'"{v}"' for v in cells.values()) + "\n")
    return fit_accounts(program, rows).accounts[0].fit


@pytest.mark.parametrize(
    ("cell", "numbers"),
    [("2,150", (2150, 2150)), ("~4500", (4500, 4500)), ("2.9k", (2900, 2900)), ("300-400", (300, 400)),
     ("n/a", None), ("?", None), ("large", None)],
)  # fmt: skip
def test_a_cell_is_a_count_or_a_range_or_nothing(cell: str, numbers: tuple | None) -> None:
    assert cell_numbers(cell) == numbers


@pytest.mark.parametrize(
    ("program", "cells", "fit"),
    [
        (icp(FINTECH, SIZE, NA), {"industry": "Payments", "employees": "650", "region": "Toronto, ON"}, "in"),
        (icp(FINTECH, SIZE, NA), {"industry": "Payments", "employees": "650", "region": "London"}, "out"),
        (icp(FINTECH, SIZE, NA), {"industry": "Payments", "employees": "n/a", "region": "Texas"}, "unknown"),
        (icp(FINTECH, SIZE, NA), {"industry": "Payments", "employees": "100-300", "region": "TX"}, "unknown"),
        (icp(FINTECH, SIZE, NA), {"industry": "Payments", "employees": "300-400", "region": "Lafayette, LA"}, "in"),
        (icp(FINTECH, BANKS, SIZE), {"industry": "Regional bank", "employees": "900"}, "in"),
        (icp(BEDS), {"size": "420", "employees": "3,000"}, "in"),
        (icp(BEDS), {"employees": "300"}, "unknown"),
        (icp(EU_REVENUE), {"revenue": "GBP 50m"}, "in"),
        (icp(EU_REVENUE), {"revenue": "€ 310M"}, "out"),
        (icp(EU_REVENUE), {"revenue": "20-30M"}, "unknown"),
        (icp(NA), {"region": "North America"}, "unknown"),
    ],
    ids=["in", "region-out", "size-unknown", "range-straddles", "range-inside", "either-industry", "beds",
         "beds-not-employees", "other-currency", "over", "revenue-range", "broader-region"],
)  # fmt: skip
def test_an_account_is_in_out_or_unknown(program: ProgramDraft, cells: dict, fit: str) -> None:
    assert one(program, **cells) == fit


def test_segment_exclusions_name_industries_and_places() -> None:
    no_quebec = Exclusion(quote=Q, kind="segment", text="no accounts in Quebec")
    no_pharma = Exclusion(quote=Q, kind="segment", text="no pharmaceutical manufacturers")
    program = icp(NA, exclusions=(no_quebec, no_pharma))
    assert one(program, region="Montreal", industry="Hospital") == "out"
    assert one(program, region="Canada", industry="Hospital") == "unknown"  # Quebec may be where it is
    assert one(program, region="Ottawa, ON", industry="Pharmaceutical manufacturing") == "out"
    assert one(program, region="Ottawa, ON", industry="Machinery") == "in"


def test_the_aligned_download_keeps_every_column_as_uploaded() -> None:
    text = "Company,Sector,Staff,Owner\nA,Fintech,500,Jo\nB,Fintech,50,Al\n"
    mapping = {"Company": "name", "Sector": "industry", "Staff": "employees"}
    rows, header = read_accounts(text, mapping)
    report = fit_accounts(icp(FINTECH, SIZE), rows)
    assert (report.counts, report.aligned_share) == ({"in": 1, "out": 1, "unknown": 0}, 0.5)
    assert report.excluding == [("200-2,000 employees", 1)]
    assert aligned_csv(report, header, mapping) == "Company,Sector,Staff,Owner\nA,Fintech,500,Jo\n"


@pytest.mark.parametrize(
    ("text", "mapping", "message"),
    [
        ("name\n", {}, "The CSV has no accounts: a header and at least one row are needed."),
        ("Company,Owner\nA,Jo\n", {}, "No column names what the ICP checks; map yours with --map THEIRS=ours (ours: "
         "name, industry, employees, revenue, region, tech, size)."),
        ("a,b\n1,2\n", {"a": "industry", "b": "industry"}, "Two columns are mapped to 'industry'; keep one."),
        ("industry\nx\n", {"industry": "sector"}, "--map names 'sector'; our columns are: name, industry, employees, "
         "revenue, region, tech, size."),
        ("industry,region\nx\n", {}, "CSV line 2 has 1 fields; the header has 2."),
    ],
    ids=["no-rows", "no-known-column", "twice", "bad-map", "ragged"],
)  # fmt: skip
def test_bad_account_lists_say_what_is_wrong(text: str, mapping: dict, message: str) -> None:
    with pytest.raises(InputError) as err:
        read_accounts(text, mapping)
    assert str(err.value) == message


def test_an_icp_with_nothing_checkable_is_refused() -> None:
    rows, _ = read_accounts("industry\nFintech\n")
    with pytest.raises(InputError, match="no condition an account list can be checked against"):
        fit_accounts(ProgramDraft(), rows)


def test_the_benchmarks_account_list_reads_and_fits_whole() -> None:
    from coach.decisions import load_icp
    from coach.reading.offline import OfflineExtractor
    from evals.bench import SAMPLES, synthetic_accounts

    mapping = {"Account Name": "name", "Vertical": "industry", "Headcount": "employees", "HQ": "region", "CRM": "tech"}
    rows, _header = read_accounts(synthetic_accounts(60), mapping)
    program = load_icp((SAMPLES / "program.md").read_text(encoding="utf-8"), OfflineExtractor()).program
    report = fit_accounts(program, rows)
    assert len(report.accounts) == 60 and sum(report.counts.values()) == 60


def test_a_segment_exclusion_is_checked_on_its_whole_clause_not_its_shortened_text() -> None:
    said = (
        "we do not sell to behavioral health hospitals, and we do not take accounts in Quebec, since we have no French"
    )
    program = ProgramDraft(
        icp=OperatingIcp(conditions=[IcpCondition(quote="hospitals", dimension="industry", text="hospitals",
                                                  values=["hospital"])]),
        exclusions=[Exclusion(quote=said, kind="segment", text=said[:60])],
    )  # fmt: skip
    quebec = fit_accounts(program, [{"name": "Hôpital Saint-Laurent", "industry": "Hospital", "region": "Quebec"}])
    assert quebec.accounts[0].fit == "out"
    psych = fit_accounts(program, [{"name": "Twin Rivers", "industry": "Behavioral health hospital", "region": "Ohio"}])
    assert psych.accounts[0].fit == "out"


@pytest.mark.parametrize(
    ("notes", "fit"),
    [
        ("Account: Vogt GmbH. Went live on S/4HANA in 2023; ECC has been switched off since the go-live.", "out"),
        ("Account: Hessler AG, still on SAP ECC 6.0 in all plants.", "in"),
        ("Account: Lorenz AG. They run SAP.", "unknown"),  # the family alone: may or may not be ECC
    ],
)
def test_a_system_condition_reads_the_product_not_the_vendor(notes: str, fit: str) -> None:
    from coach.reading.offline import OfflineExtractor
    from coach.rules.fit import condition_fit

    ecc = IcpCondition(quote=Q, dimension="tech_stack", text="SAP ECC 6.0", values=["sap ecc"])
    assert condition_fit(ecc, OfflineExtractor().extract_deal(notes).facts).fit == fit


@pytest.mark.parametrize(
    ("notes", "fit"),
    [
        ("Account: Orla Ltd. CRM is HubSpot.", "out"),
        ("Account: Orla Ltd. Their data sits in Snowflake.", "unknown"),  # a warehouse says nothing of the CRM
        ("Account: Orla Ltd. Sales team lives in Salesforce; data in Snowflake.", "in"),
    ],
)
def test_only_a_system_of_the_same_kind_fails_a_system_condition(notes: str, fit: str) -> None:
    from coach.reading.offline import OfflineExtractor
    from coach.rules.fit import condition_fit

    crm = IcpCondition(quote=Q, dimension="tech_stack", text="Salesforce", values=["salesforce"])
    assert condition_fit(crm, OfflineExtractor().extract_deal(notes).facts).fit == fit


def test_dollars_named_as_us_dollars_are_money_not_a_region() -> None:
    from coach.reading.offline import OfflineExtractor

    icp = "ICP: retailers in Latin America with annual revenue in US dollars of at least US$20M."
    draft = OfflineExtractor().extract_program(icp).facts
    regions = [v for c in draft.icp.conditions if c.dimension == "region" for v in c.values]
    assert "united states" not in regions and "latam" in regions
    deal = OfflineExtractor().extract_deal("Account: Loja Sol, Recife. Revenue US$80M.").facts
    assert deal.region is not None and deal.region.value == "brazil"


@pytest.mark.parametrize(
    ("place", "fit"), [("mexico", "out"), ("canada", "in"), ("north america", "unknown"), ("united states", "in")]
)
def test_a_place_narrowed_by_another_condition_is_no_way_in(place: str, fit: str) -> None:
    from coach.framework import DealFacts, TextFact
    from coach.rules.fit import icp_fit

    title = IcpCondition(quote=Q, dimension="region", text="North America", values=["north america"])
    [region] = icp_fit([title, NA], DealFacts(region=TextFact(quote=place, value=place)))
    assert region.fit == fit, region.reason


@pytest.mark.parametrize(
    ("industry", "fit"),
    [("chemicals", "out"), ("machinery", "in"), ("manufacturing", "unknown"), ("banking", "out")],
)
def test_an_industry_narrowed_by_another_condition_means_that_line(industry: str, fit: str) -> None:
    from coach.framework import DealFacts, TextFact
    from coach.rules.fit import icp_fit

    title = IcpCondition(quote=Q, dimension="industry", text="DACH manufacturing", values=["manufacturing"])
    line = IcpCondition(quote=Q, dimension="industry", text="Discrete manufacturers", values=["discrete manufacturing"])
    [found] = icp_fit([title, line], DealFacts(industry=TextFact(quote=industry, value=industry)))
    assert found.fit == fit, found.reason


def test_an_industry_named_outright_is_in_even_beside_its_lines() -> None:
    from coach.framework import DealFacts, TextFact
    from coach.rules.fit import icp_fit

    both = IcpCondition(
        quote=Q, dimension="industry", text="manufacturing", values=["manufacturing", "discrete manufacturing"]
    )
    [found] = icp_fit([both], DealFacts(industry=TextFact(quote="manufacturing", value="manufacturing")))
    assert found.fit == "in", found.reason


@pytest.mark.parametrize(
    ("systems", "fit"),
    [
        (["sap s/4hana"], "out"),  # already on the product the assessment moves them to
        (["sap", "sap s/4hana"], "out"),  # the family named beside the product says nothing more
        (["sap", "sap ecc"], "in"),
        (["sap"], "unknown"),  # which SAP product, the notes do not say
    ],
)
def test_a_system_narrowed_by_another_condition_means_that_product(systems: list[str], fit: str) -> None:
    from coach.framework import DealFacts, TextFact
    from coach.rules.fit import icp_fit

    title = IcpCondition(quote=Q, dimension="tech_stack", text="SAP", values=["sap"])
    line = IcpCondition(quote=Q, dimension="tech_stack", text="Running SAP ECC 6.0 today", values=["sap ecc"])
    deal = DealFacts(tech=[TextFact(quote=s, value=s) for s in systems])
    [found] = icp_fit([title, line], deal)
    assert found.fit == fit, found.reason


@pytest.mark.parametrize(
    ("industry", "fit"),
    [("pet insurance", "out"), ("travel insurance", "out"), ("health insurance", "in"), ("insurance", "unknown")],
)
def test_a_line_of_insurance_is_outside_another_line(industry: str, fit: str) -> None:
    from coach.framework import DealFacts, TextFact
    from coach.rules.fit import icp_fit

    health = IcpCondition(
        quote=Q, dimension="industry", text="health insurers and private healthcare",
        values=["health insurance", "healthcare"],
    )  # fmt: skip
    [found] = icp_fit([health], DealFacts(industry=TextFact(quote=industry, value=industry)))
    assert found.fit == fit, found.reason


def test_a_wholesale_distributor_is_not_a_manufacturer() -> None:
    from coach.reading.offline import OfflineExtractor

    notes = "Westfalia Antriebshandel GmbH\nWholesale · Bielefeld · 1,600 employees\nNo own production at all."
    facts = OfflineExtractor().extract_deal(notes).facts
    assert facts.industry is not None and facts.industry.value == "wholesale"
    assert lexicon.industry_inside("wholesale", ["discrete manufacturing"]) is False
