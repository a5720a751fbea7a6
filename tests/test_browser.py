"""The app in a real browser: Debian chromium, driven by Playwright, against `streamlit run app.py`."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout}s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port, with its own empty workspace and no model."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"COACH_MODEL", "COACH_REPLAY", "DATABASE_URL"}}
    env.update(COACH_DATA_DIR=str(tmp_path_factory.mktemp("browser-data")), LITELLM_LOCAL_MODEL_COST_MAP="True")
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port)]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.address", "127.0.0.1"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1500})  # type: ignore[attr-defined]
    context.set_default_timeout(90_000)  # a loaded 2-core CI machine: the first turn builds the knowledge index
    yield context.new_page()
    context.close()


def test_a_full_chat_turn(server: str, page: object) -> None:
    from playwright.sync_api import expect

    page.goto(server)  # type: ignore[attr-defined]
    expect(page.get_by_text("First question:")).to_be_visible(timeout=90_000)  # type: ignore[attr-defined]
    chat = page.get_by_test_id("stChatInputTextArea")  # type: ignore[attr-defined]
    chat.fill(
        "We sell to fintech companies with 200-2,000 employees in North America. The CFO signs the deal. "
        "What is a buying trigger?"
    )
    chat.press("Enter")
    expect(page.get_by_text("I updated the draft:")).to_be_visible(timeout=90_000)  # type: ignore[attr-defined]
    reply = page.get_by_test_id("stChatMessage").last  # type: ignore[attr-defined]
    expect(reply.get_by_text("Next question:")).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")  # type: ignore[attr-defined]
    expect(sidebar.get_by_text("Buyer map", exact=True)).to_be_visible()
    expect(sidebar.get_by_text("Extractor: offline (built-in rules, no model)")).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-turn.png"), full_page=True)  # type: ignore[attr-defined]


def test_a_reload_shows_the_conversation_again(server: str, page: object) -> None:
    from playwright.sync_api import expect

    send_chat(server, page, "Partners are not allowed on renewals under $20k.")
    # The page may already show an earlier test's turns (one server, one workspace): wait for the reply to *this*
    # message, the assistant turn right after it, before reloading.
    messages = page.get_by_test_id("stChatMessage")  # type: ignore[attr-defined]
    expect(messages.last).to_contain_text("added the exclusion: Partners are not allowed on renewals", timeout=90_000)
    wait_idle(page)
    page.reload()  # type: ignore[attr-defined]
    expect(page.get_by_text("conversation were restored")).to_be_visible(timeout=90_000)  # type: ignore[attr-defined]
    expect(page.get_by_text("Partners are not allowed on renewals under $20k.", exact=True)).to_be_visible()  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reloaded.png"), full_page=True)  # type: ignore[attr-defined]


QUILLPAY = (
    "Account: Quillpay, a payments fintech in Seattle with 1,400 employees. $210k ARR, in discovery.\n"
    "Marcus Hale, VP of Engineering, signs: it's his budget.\n"
    "Why now: the card processor made a SOC 2 Type II report a condition of the January 15 renewal.\n"
    "Partner: Lanterne Security. Prior relationship: yes. Category credibility: yes.\n"
)


def send_chat(server: str, page: object, message: str) -> None:
    """Open the Coach page and send one chat message."""
    from playwright.sync_api import expect

    page.goto(server)  # type: ignore[attr-defined]
    chat = page.get_by_test_id("stChatInputTextArea")  # type: ignore[attr-defined]
    expect(chat).to_be_visible(timeout=90_000)
    chat.fill(message)
    chat.press("Enter")


def decide_in_browser(server: str, page: object, notes: str) -> None:
    """Open the Go / no-go page, paste the notes, judge them by the deal rules alone."""
    from playwright.sync_api import expect

    page.goto(f"{server}/verdict")  # type: ignore[attr-defined]
    box = page.get_by_label("Account notes")  # type: ignore[attr-defined]
    expect(box).to_be_visible(timeout=90_000)
    box.fill(notes)
    page.get_by_text("No ICP (deal rules only)").click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Decide").click()  # type: ignore[attr-defined]


def test_a_go_no_go(server: str, page: object) -> None:
    from playwright.sync_api import expect

    decide_in_browser(server, page, QUILLPAY + "The partner has no proof it can reference.\n")
    card = page.get_by_role("heading", name=re.compile(r"^(GO|NO GO|NEEDS INFO)$"))  # type: ignore[attr-defined]
    expect(card).to_be_visible(timeout=90_000)
    expect(page.get_by_text("The four trust questions")).to_be_visible()  # type: ignore[attr-defined]
    expect(page.locator("mark").first).to_be_visible()  # type: ignore[attr-defined]
    expect(page.get_by_test_id("stTable")).to_be_visible(timeout=90_000)  # type: ignore[attr-defined]
    card.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "go-no-go.png"), full_page=True)  # type: ignore[attr-defined]


def wait_idle(page: object) -> None:
    """Wait until Streamlit has finished rerunning the page (its status widget is gone)."""
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=90_000)  # type: ignore[attr-defined]


def pick_option(page: object, box: object, option: str) -> None:
    """Choose an option of a Streamlit selectbox (a react-aria combobox): open it by keyboard, click the option.

    The page reruns after each choice and may replace the list while it is open: wait, and try again.
    """
    from playwright.sync_api import expect

    combobox = box.get_by_role("combobox")  # type: ignore[attr-defined]
    wanted = page.get_by_role("option", name=option, exact=True)  # type: ignore[attr-defined]
    for _ in range(5):
        wait_idle(page)
        combobox.click()
        page.keyboard.press("ArrowDown")  # type: ignore[attr-defined]
        try:
            wanted.click(timeout=10_000)
            # On a loaded machine the rerun can redraw the box with its old value before the choice lands.
            expect(combobox).to_have_value(option, timeout=15_000)
            break
        except AssertionError:  # the choice was lost in a rerun: choose again
            continue
        except Exception:  # playwright's TimeoutError: the list closed or was replaced; open it again
            page.keyboard.press("Escape")  # type: ignore[attr-defined]
    expect(combobox).to_have_value(option)
    wait_idle(page)


def test_correcting_a_trust_answer_changes_the_verdict(server: str, page: object) -> None:
    from playwright.sync_api import expect

    extra = "They can talk audit readiness in Marcus's terms without coaching. Referenceable proof: yes.\n"
    decide_in_browser(server, page, QUILLPAY + extra + "Lanterne adds signal for Marcus in discovery.\n")
    expect(page.get_by_role("heading", name="GO", exact=True)).to_be_visible(timeout=90_000)  # type: ignore[attr-defined]
    for question in ("prior relationship with anyone", "credibility in the category"):
        box = page.get_by_test_id("stSelectbox").filter(has_text=question)  # type: ignore[attr-defined]
        pick_option(page, box, "no")
    expect(page.get_by_role("heading", name="NO GO", exact=True)).to_be_visible(timeout=90_000)  # type: ignore[attr-defined]
    expect(page.get_by_text("This verdict rests on your corrections")).to_be_visible()  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "corrected.png"), full_page=True)  # type: ignore[attr-defined]


LANTERNE_MAP = (
    "name,motions,industries,regions,relationships,proof,metrics\n"
    "Lanterne Security,co-sell,fintech,US,Quillpay / VP of Engineering Marcus Hale / 2024 / strong,"
    "SOC 2 at Coinlane / named,audit findings\n"
)


def test_a_partner_map_is_imported_and_the_joint_call_brief_downloads(
    server: str, page: object, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    upload = tmp_path / "partner-map.csv"
    upload.write_text(LANTERNE_MAP, encoding="utf-8")
    page.goto(f"{server}/partner_map")  # type: ignore[attr-defined]
    expect(page.get_by_text("Import partners from a CSV")).to_be_visible(timeout=90_000)  # type: ignore[attr-defined]
    page.locator("input[type=file]").first.set_input_files(str(upload))  # type: ignore[attr-defined]
    page.get_by_role("button", name="Import", exact=True).click()  # type: ignore[attr-defined]
    expect(page.get_by_text(re.compile(r"Imported: 1 added|0 added, 1 updated"))).to_be_visible(timeout=90_000)  # type: ignore[attr-defined]
    extra = "They can talk audit readiness in Marcus's terms without coaching. Referenceable proof: yes.\n"
    decide_in_browser(server, page, QUILLPAY + extra + "Lanterne adds signal for Marcus in discovery.\n")
    expect(page.get_by_role("heading", name="GO", exact=True)).to_be_visible(timeout=90_000)  # type: ignore[attr-defined]
    page.get_by_role("button", name=re.compile(r"^Rank the partner map")).click()  # type: ignore[attr-defined]
    expect(page.get_by_text("Best-placed partner:")).to_be_visible(timeout=90_000)  # type: ignore[attr-defined]
    with page.expect_download() as download:  # type: ignore[attr-defined]
        page.get_by_role("button", name="Download the joint-call brief (Markdown)").click()  # type: ignore[attr-defined]
    brief = Path(download.value.path()).read_text(encoding="utf-8")
    assert brief.startswith("# Joint-call brief: Quillpay with Lanterne Security\n")
    assert "## After the call: what to log in the CRM" in brief


ACCOUNTS = (
    "Account Name,Vertical,Headcount,HQ,CRM\n"
    'Northwind Payments,Card-issuing fintech,650,"Toronto, ON",Salesforce\n'
    'Quillpay,Payments,"1,400","Seattle, WA",HubSpot\n'
    "Beacon Finance,Fintech,800,London,Salesforce\n"
)


def test_an_account_list_is_uploaded_and_the_aligned_accounts_download(
    server: str, page: object, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    upload = tmp_path / "accounts.csv"
    upload.write_text(ACCOUNTS, encoding="utf-8")
    page.goto(f"{server}/alignment")  # type: ignore[attr-defined]
    expect(page.get_by_text("Check an account list against the ICP")).to_be_visible(timeout=90_000)  # type: ignore[attr-defined]
    page.locator("input[type=file]").first.set_input_files(str(upload))  # type: ignore[attr-defined]
    against = page.get_by_role("radiogroup", name="Against")  # type: ignore[attr-defined]
    expect(against).to_be_visible(timeout=90_000)  # the upload's rerun shows the column picker and this choice
    against.get_by_text("Paste an ICP").click()
    icp = "We sell to fintech companies with 200-2,000 employees in the US or Canada. The CFO signs."
    box = page.get_by_label("ICP (a description, or a draft exported as JSON)", exact=True)  # type: ignore[attr-defined]
    box.fill(icp)
    box.press("Control+Enter")  # commit the text before the button reruns the page
    page.get_by_role("button", name="Check the accounts").click()  # type: ignore[attr-defined]
    with page.expect_download() as download:  # type: ignore[attr-defined]
        page.get_by_role("button", name="Download the 2 aligned accounts (CSV)").click()  # type: ignore[attr-defined]
    rows = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert rows[0] == "Account Name,Vertical,Headcount,HQ,CRM"
    assert [r.split(",")[0] for r in rows[1:]] == ["Northwind Payments", "Quillpay"]


HOSTILE = (
    'Account: Quillpay ![pixel](http://198.51.100.7/pixel.png) <img src="http://198.51.100.7/img.gif">\n'
    "Marcus Hale, VP of Engineering, signs: [see the deck](http://198.51.100.7/deck) <script>fetch('http://198.51.100.7/x')</script>\n"
    'Why now: the SOC 2 renewal. Partner: Lanterne Security <a href="https://198.51.100.7/a">site</a>.\n'
)


def test_hostile_notes_make_the_browser_request_nothing_outside_loopback(server: str, page: object) -> None:
    """Untrusted text is rendered as text: an image, a link or a script in the notes fetches nothing."""
    from urllib.parse import urlparse

    from playwright.sync_api import expect

    outside: list[str] = []

    def watch(request: object) -> None:
        url = request.url  # type: ignore[attr-defined]
        if urlparse(url).scheme in ("http", "https", "ws", "wss") and urlparse(url).hostname not in (
            "127.0.0.1",
            "localhost",
        ):
            outside.append(url)

    page.on("request", watch)  # type: ignore[attr-defined]
    decide_in_browser(server, page, HOSTILE)
    card = page.get_by_role("heading", name=re.compile(r"^(GO|NO GO|NEEDS INFO)$"))  # type: ignore[attr-defined]
    expect(card).to_be_visible(timeout=90_000)
    expect(page.get_by_text("The notes, with the evidence marked")).to_be_visible()  # type: ignore[attr-defined]
    wait_idle(page)
    assert page.locator("img[src*='198.51.100.7'], a[href*='198.51.100.7']").count() == 0  # type: ignore[attr-defined]
    send_chat(server, page, HOSTILE.replace("\n", " "))
    messages = page.get_by_test_id("stChatMessage")  # type: ignore[attr-defined]
    expect(messages.filter(has_text="Lanterne Security").first).to_be_visible(timeout=90_000)
    wait_idle(page)
    fetching = page.locator("img[src*='198.51.100.7'], a[href*='198.51.100.7']")  # type: ignore[attr-defined]
    assert fetching.count() == 0, [fetching.nth(i).evaluate("e => e.parentElement.outerHTML") for i in range(2)]
    assert outside == []


def test_a_playbook_is_uploaded_then_answers_and_is_removed(server: str, page: object, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    upload = tmp_path / "emea-renewals.md"
    upload.write_text(
        "# EMEA renewals\n\n## Partners on renewals\n\nIn EMEA, resellers never join renewals under EUR 15k.\n",
        encoding="utf-8",
    )
    page.goto(f"{server}/knowledge")  # type: ignore[attr-defined]
    expect(page.get_by_text("Team playbooks")).to_be_visible(timeout=90_000)  # type: ignore[attr-defined]
    page.locator("input[type=file]").first.set_input_files(str(upload))  # type: ignore[attr-defined]
    expect(page.get_by_text("emea-renewals.md", exact=True)).to_be_visible(timeout=90_000)  # type: ignore[attr-defined]
    page.wait_for_timeout(1000)  # type: ignore[attr-defined]  # the upload reaches the server before the form submits
    page.get_by_role("button", name="Add to the knowledge").click()  # type: ignore[attr-defined]
    expect(page.get_by_text("Added emea-renewals.md (1 section). Ask away.")).to_be_visible(timeout=90_000)  # type: ignore[attr-defined]
    box = page.get_by_label("Ask the framework", exact=True)  # type: ignore[attr-defined]
    box.fill("Do resellers join small EMEA renewals?")
    box.press("Enter")
    expect(page.get_by_text("resellers never join renewals under EUR 15k").first).to_be_visible(timeout=90_000)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Remove").first.click()  # type: ignore[attr-defined]
    expect(page.get_by_text("No playbooks yet.")).to_be_visible(timeout=90_000)  # type: ignore[attr-defined]
