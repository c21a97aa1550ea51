"""``medlint serve`` in a real browser: headless Chromium (Debian's chromium and chromium-driver,
installed by .ci/run) driven by Selenium."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import docx
import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None or DRIVER is None,
                       reason="Chromium and chromedriver are not installed (Debian packages "
                              "chromium and chromium-driver; .ci/run installs them)"),
]

DOCS = Path(__file__).resolve().parent.parent / "docs"
JA = ("当院のNMN点滴で不眠症が治ります。\n"
      "副作用は一切ありません。たった1回で効果を実感できます。")
EN = "Our clinic's drip cures insomnia.\nThe treatment is completely safe and works overnight."


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    import uvicorn

    from linter.serve.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120  # a bound for giving up, wide for a loaded machine
    while not instance.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("chromium-profile")
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run",
                     "--disable-default-apps", "--window-size=1400,1000",
                     f"--user-data-dir={profile}"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
    })
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(120)
    driver.downloads = downloads
    yield driver
    driver.quit()


def _submit(browser, server, text: str = "", upload: Path | None = None,
            profile: str = "clinic"):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/")
    area = browser.find_element(By.ID, "text")
    area.clear()
    if text:
        area.send_keys(text)
    if upload is not None:
        browser.find_element(By.ID, "file").send_keys(str(upload))
    Select(browser.find_element(By.ID, "profile")).select_by_value(profile)
    browser.find_element(By.ID, "check").click()
    WebDriverWait(browser, 120).until(
        lambda d: d.find_elements(By.ID, "summary") or d.find_elements(By.ID, "error"))
    assert not browser.find_elements(By.ID, "error")
    return [m.text for m in browser.find_elements(By.CSS_SELECTOR, "mark.hl")]


def test_japanese_and_english_drafts_are_highlighted(browser, server):
    from selenium.webdriver.common.by import By

    ja_marks = _submit(browser, server, JA)
    assert "不眠症が治り" in ja_marks and "副作用は一切ありません" in ja_marks
    cards = browser.find_elements(By.CSS_SELECTOR, ".card")
    assert len(cards) >= 2 and all(c.find_element(By.CSS_SELECTOR, ".basis").text
                                   for c in cards)
    if os.environ.get("MEDLINT_UPDATE_SCREENSHOTS"):
        browser.save_screenshot(str(DOCS / "serve-japanese.png"))
    en_marks = _submit(browser, server, EN)
    assert "cures insomnia" in en_marks


def test_docx_upload_highlights_and_downloads_the_reviewed_copy(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    draft = docx.Document()
    draft.add_paragraph("新商品のご案内")
    draft.add_paragraph("このサプリでがんが治ります。")
    draft.add_paragraph("This supplement cures diabetes.")
    path = tmp_path / "flyer.docx"
    draft.save(path)
    found = _submit(browser, server, upload=path)
    assert "がんが治り" in found and "cures diabetes" in found
    screenshot = tmp_path / "serve.png"
    browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000
    if os.environ.get("MEDLINT_UPDATE_SCREENSHOTS"):
        shutil.copy(screenshot, DOCS / "serve-docx.png")
    browser.find_element(By.CSS_SELECTOR, 'a[data-kind="docx"]').click()
    target = browser.downloads / "flyer.reviewed.docx"
    deadline = time.monotonic() + 120  # a bound for giving up, wide for a loaded machine
    while not target.exists():
        assert time.monotonic() < deadline, f"no download in {list(browser.downloads.iterdir())}"
        time.sleep(0.1)
    time.sleep(0.3)  # let Chromium finish renaming the partial file
    comments = docx.Document(target).comments
    assert any(c.text.startswith("[JA-DISEASE-TREAT]") for c in comments)
    assert any(c.text.startswith("[EN-DISEASE-TREAT]") for c in comments)
