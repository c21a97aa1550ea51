"""End-to-end: `python -m linter lsp` as a subprocess, driven by pytest-lsp's client.

One server per module (models load once, ~3 s); every test opens its own documents in its
own folder of the workspace, so tests do not see each other's diagnostics or configs.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Union

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

REPO = Path(__file__).resolve().parent.parent
WORKSPACE = Path(tempfile.mkdtemp(prefix="medlint-lsp-test-")).resolve()
ENV = {**os.environ, "PYTHONPATH": str(REPO)}
SERVER = [sys.executable, "-m", "linter", "lsp"]

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]


def _capabilities(encodings: list[str] | None = None) -> types.ClientCapabilities:
    capabilities = pytest_lsp.client_capabilities("visual-studio-code")
    if encodings is not None:
        capabilities.general = types.GeneralClientCapabilities(position_encodings=encodings)
    return capabilities


async def _start(client: LanguageClient, encodings: list[str] | None = None,
                 options: dict | None = None) -> None:
    WORKSPACE.mkdir(parents=True, exist_ok=True)
    result = await client.initialize_session(types.InitializeParams(
        capabilities=_capabilities(encodings), initialization_options=options,
        root_uri=WORKSPACE.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=WORKSPACE.as_uri(), name="ws")],
    ))
    client.initialize_result = result  # type: ignore[attr-defined]


def _make_client() -> LanguageClient:
    """pytest-lsp's client, plus what an editor does with client/registerCapability."""
    client = pytest_lsp.make_test_lsp_client()
    client.registrations = []  # type: ignore[attr-defined]
    converter = client.protocol._converter

    def code_action_or_command(value: Any, _: Any) -> types.CodeAction | types.Command:
        # lsprotocol's own hook reads any object with a "command" key as a bare Command,
        # which drops a CodeAction's kind and diagnostics; the spec tells them apart by
        # the type of "command" (a string only in a bare Command)
        bare = isinstance(value.get("command"), str)
        return converter.structure(value, types.Command if bare else types.CodeAction)

    # the key must be typing.Union: that is what lsprotocol registered
    converter.register_structure_hook(Union[types.Command, types.CodeAction],  # noqa: UP007
                                      code_action_or_command)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    return client


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(
    server_command=SERVER, server_env=ENV, client_factory=_make_client))
async def client(lsp_client: LanguageClient):
    await _start(lsp_client)
    yield
    await lsp_client.shutdown_session()


@pytest.fixture(scope="module", autouse=True)
def _remove_workspace():
    yield
    shutil.rmtree(WORKSPACE, ignore_errors=True)


# -- helpers ------------------------------------------------------------------------------
def _folder(name: str) -> Path:
    folder = WORKSPACE / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open(client: LanguageClient, path: Path, text: str, language: str = "markdown",
          version: int = 1) -> str:
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=version,
                                             text=text)))
    return uri


def _replace(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


# Waits return as soon as the event arrives; the bound only says when to give up, and is wide
# because the server's first lint loads GiNZA while the other test worker runs (30 s was missed
# on a loaded 2-core machine).
WAIT = 120.0


async def _diagnostics(client: LanguageClient, uri: str, timeout: float = WAIT) -> list:
    """The next diagnostics published for ``uri`` (the helpers pop the old ones first)."""
    deadline = time.monotonic() + timeout
    while uri not in client.diagnostics:
        if time.monotonic() > deadline:
            raise AssertionError(f"no diagnostics for {uri} within {timeout} s")
        await asyncio.sleep(0.05)
    return list(client.diagnostics[uri])


async def _message(client: LanguageClient, needle: str, timeout: float = WAIT) -> str:
    deadline = time.monotonic() + timeout
    while True:
        said = [m.message for m in [*client.messages, *client.log_messages]]
        hits = [m for m in said if needle in m]
        if hits:
            return hits[-1]
        if time.monotonic() > deadline:
            raise AssertionError(f"no message containing {needle!r}; got {said[-5:]}")
        await asyncio.sleep(0.05)


def _slice(text: str, rng: types.Range, encoding: str = "utf-16") -> str:
    """The text an editor underlines for ``rng`` (columns in ``encoding`` units)."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        line = lines[position.line]
        if encoding == "utf-32":
            column = position.character
        else:
            unit = "utf-16-le" if encoding == "utf-16" else "utf-8"
            width = 2 if encoding == "utf-16" else 1
            raw = line.encode(unit)[: position.character * width]
            column = len(raw.decode(unit))
        return sum(len(x) + 1 for x in lines[: position.line]) + column

    return text[offset(rng.start):offset(rng.end)]


_LINTER = None


def _expected(text: str, path: Path) -> list[tuple[str, str]]:
    """(rule id, matched words) from the library API in this process: what the server's
    diagnostics must show."""
    global _LINTER
    from linter import Linter

    if _LINTER is None:
        _LINTER = Linter(discover_config=True)
    return [(f.rule_id, f.matched) for f in _LINTER.lint_text(text, path=str(path)).findings]


def _assert_same_as_api(text: str, path: Path, diagnostics: list,
                        encoding: str = "utf-16") -> None:
    shown = [(d.code, _slice(text, d.range, encoding)) for d in diagnostics]
    assert shown == _expected(text, path)


def _by_code(diagnostics: list, code: str) -> types.Diagnostic:
    matches = [d for d in diagnostics if d.code == code]
    assert matches, f"no {code} in {[d.code for d in diagnostics]}"
    return matches[0]


# -- 1. diagnostics on open and change -----------------------------------------------------
JA_TEXT = "# 院長より\n\nNMN点滴で不眠症が治ります。\n"
EN_TEXT = "Our vitamin drip relieves migraines.\n"


async def test_japanese_document_gets_diagnostics_on_open(client: LanguageClient):
    path = _folder("ja") / "page.md"
    uri = _open(client, path, JA_TEXT)
    diagnostics = await _diagnostics(client, uri)
    _assert_same_as_api(JA_TEXT, path, diagnostics)
    found = _by_code(diagnostics, "JA-DISEASE-TREAT")
    assert found.source == "medlint"
    assert found.severity == types.DiagnosticSeverity.Error
    assert found.range.start.line == 2
    assert "\n言い換え: " in found.message
    href = found.code_description.href
    assert href.startswith("https://github.com/medlint/medlint/blob/main/rules/ja/")
    line = int(href.rsplit("#L", 1)[1])
    rule_file = REPO / "rules" / href.split("/rules/", 1)[1].split("#")[0]
    assert "JA-DISEASE-TREAT" in rule_file.read_text(encoding="utf-8").splitlines()[line - 1]


async def test_english_plaintext_document_gets_diagnostics_on_open(client: LanguageClient):
    path = _folder("en") / "notes.txt"
    uri = _open(client, path, EN_TEXT, language="plaintext")
    diagnostics = await _diagnostics(client, uri)
    _assert_same_as_api(EN_TEXT, path, diagnostics)
    found = _by_code(diagnostics, "EN-DISEASE-TREAT")
    assert _slice(EN_TEXT, found.range) == "relieves migraines"
    assert found.severity == types.DiagnosticSeverity.Error
    assert "\nsuggestion: " in found.message


async def test_change_updates_diagnostics_and_close_clears(client: LanguageClient):
    path = _folder("change") / "draft.md"
    uri = _open(client, path, "当院は駅から徒歩5分です。\n")
    assert await _diagnostics(client, uri) == []
    changed = "当院は駅から徒歩5分です。\nぐっすり眠れる点滴です。\n"
    _replace(client, uri, changed, 2)
    diagnostics = await _diagnostics(client, uri)
    assert [d.code for d in diagnostics] == ["JA-BODY-SLEEP"]
    _assert_same_as_api(changed, path, diagnostics)
    # an incremental edit: rewrite the claim in place
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=1, character=0),
                              end=types.Position(line=1, character=7)),
            text="夜間も受けられる")]))
    assert await _diagnostics(client, uri) == []
    _replace(client, uri, "NMN点滴で不眠症が治ります。\n", 4)
    assert await _diagnostics(client, uri)
    client.diagnostics.pop(uri, None)
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert await _diagnostics(client, uri) == []


async def test_rapid_changes_publish_once_for_the_newest_text(client: LanguageClient):
    path = _folder("rapid") / "draft.md"
    uri = _open(client, path, "こんにちは。\n")
    await _diagnostics(client, uri)
    texts = ["ぐっすり眠れ", "ぐっすり眠れる点滴", "免疫力を高める点滴です。",
             "NMN点滴で不眠症が治ります。"]
    before = len(client.log_messages)
    for version, text in enumerate(texts, start=2):
        _replace(client, uri, text + "\n", version)
        await asyncio.sleep(0.02)  # faster than the 300 ms debounce
    diagnostics = await _diagnostics(client, uri)
    _assert_same_as_api(texts[-1] + "\n", path, diagnostics)
    assert "JA-DISEASE-TREAT" in [d.code for d in diagnostics]
    await asyncio.sleep(0.5)
    published = [m for m in client.log_messages[before:] if uri in m.message]
    assert len(published) == 1, [m.message for m in published]


async def test_document_rule_lists_missing_items_as_related_information(
        client: LanguageClient):
    text = "# 自費メニュー\n\nビタミン点滴はじめました。疲れがすっきり取れます。\n"
    uri = _open(client, _folder("disclosure") / "menu.md", text)
    diagnostics = await _diagnostics(client, uri)
    rule = _by_code(diagnostics, "JA-DISCLOSURE-LIMITED-RELEASE")
    assert rule.related_information
    assert all(r.message.startswith("不足: ") for r in rule.related_information)
    assert len(rule.related_information) >= 3
    assert all(r.location.uri == uri for r in rule.related_information)


# -- 2. positions --------------------------------------------------------------------------
EMOJI_TEXT = "🌙✨😴 夜も🛌ぐっすり眠れる点滴です。\n"


async def test_emoji_before_the_claim_keeps_the_range_on_the_words(client: LanguageClient):
    path = _folder("emoji") / "sns.md"
    uri = _open(client, path, EMOJI_TEXT)
    diagnostics = await _diagnostics(client, uri)
    _assert_same_as_api(EMOJI_TEXT, path, diagnostics)
    found = _by_code(diagnostics, "JA-BODY-SLEEP")
    assert _slice(EMOJI_TEXT, found.range).startswith("ぐっすり")
    # three astral characters (two UTF-16 units each) before the claim; ✨ is in the BMP
    assert found.range.start.character == EMOJI_TEXT.index("ぐっすり") + 3


async def test_crlf_line_breaks_and_a_bom_keep_ranges_on_the_words(client: LanguageClient):
    text = "\ufeff# 案内\r\n\r\n当院の点滴で\r\nぐっすり眠れるようになります。\r\n"
    path = _folder("crlf") / "page.md"
    uri = _open(client, path, text)
    diagnostics = await _diagnostics(client, uri)
    found = _by_code(diagnostics, "JA-BODY-SLEEP")
    assert found.range.start == types.Position(line=3, character=0)
    lines = text.split("\r\n")
    start, end = found.range.start, found.range.end
    assert end.line == 3
    assert lines[3][start.character:end.character] == dict(
        _expected(text.lstrip("\ufeff").replace("\r\n", "\n"), path))["JA-BODY-SLEEP"]


async def test_config_files_are_watched_when_the_client_can(client: LanguageClient):
    registered = {r.method: r for r in client.registrations}
    watch = registered[types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    globs = {w["globPattern"] if isinstance(w, dict) else w.glob_pattern
             for w in (watch.register_options["watchers"]
                       if isinstance(watch.register_options, dict)
                       else watch.register_options.watchers)}
    assert globs == {"**/.medlint.toml", "**/pyproject.toml"}


# -- 3. hover and code actions -------------------------------------------------------------
async def test_hover_shows_message_rewrite_and_legal_basis(client: LanguageClient):
    uri = _open(client, _folder("hover") / "page.md", JA_TEXT)
    found = _by_code(await _diagnostics(client, uri), "JA-DISEASE-TREAT")
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=found.range.start.line,
                                character=found.range.start.character + 1)))
    assert hover is not None and hover.contents.kind == types.MarkupKind.Markdown
    value = hover.contents.value
    assert "`JA-DISEASE-TREAT`" in value
    assert found.message.split("\n")[0] in value
    assert "**言い換え:**" in value and "**根拠:**" in value
    assert "医薬品医療機器等法" in value or "薬機法" in value
    assert "](http" in value  # a reference with a link
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=0, character=1)))
    assert nothing is None


async def test_suppression_code_action_inserts_a_comment_that_silences_the_rule(
        client: LanguageClient):
    text = "# 案内\n\n  ぐっすり眠れる点滴です。\n"
    uri = _open(client, _folder("actions") / "page.md", text)
    found = _by_code(await _diagnostics(client, uri), "JA-BODY-SLEEP")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=found.range,
        context=types.CodeActionContext(diagnostics=[found])))
    suppress = [a for a in actions if a.edit is not None and "JA-BODY-SLEEP" in a.title]
    assert len(suppress) == 1
    assert suppress[0].kind == types.CodeActionKind.QuickFix
    (edit,) = suppress[0].edit.changes[uri]
    assert edit.range.start == edit.range.end == types.Position(line=2, character=0)
    assert edit.new_text == "  <!-- medlint-disable-next-line JA-BODY-SLEEP -- reason -->\n"
    lines = text.split("\n")
    lines.insert(2, edit.new_text.rstrip("\n"))
    _replace(client, uri, "\n".join(lines), 2)
    assert [d.code for d in await _diagnostics(client, uri)] == []

    copy = [a for a in actions if a.command is not None]
    assert len(copy) == 1
    assert copy[0].command.command == "medlint.copySuggestion"
    suggestion = copy[0].command.arguments[0]
    assert suggestion and suggestion in found.message
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=copy[0].command.command, arguments=copy[0].command.arguments))
    assert result == suggestion
    assert suggestion in await _message(client, "JA-BODY-SLEEP: ")


# -- 4. configuration ----------------------------------------------------------------------
async def test_config_change_is_picked_up(client: LanguageClient):
    folder = _folder("configured")
    config = folder / ".medlint.toml"
    config.write_text('locale = "en"\n', encoding="utf-8")
    uri = _open(client, folder / "sub" / "page.md", JA_TEXT)
    found = _by_code(await _diagnostics(client, uri), "JA-DISEASE-TREAT")
    assert found.message.isascii() is False or "\nsuggestion: " in found.message
    assert "\nsuggestion: " in found.message  # locale = "en": English messages
    english = found.message

    # the editor says the file changed (workspace/didChangeWatchedFiles)
    config.write_text('locale = "ja"\n', encoding="utf-8")
    client.diagnostics.pop(uri, None)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))
    found = _by_code(await _diagnostics(client, uri), "JA-DISEASE-TREAT")
    assert "\n言い換え: " in found.message and found.message != english

    # no notification at all: the config's mtime is checked before each lint
    time.sleep(0.01)
    config.write_text('ignore = ["disease-claim"]\nlocale = "ja"\n', encoding="utf-8")
    os.utime(config, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    _replace(client, uri, JA_TEXT + "\n", 2)
    assert "JA-DISEASE-TREAT" not in [d.code for d in await _diagnostics(client, uri)]


async def test_profile_and_per_file_ignores_apply_as_in_the_cli(client: LanguageClient):
    folder = _folder("profiled")
    (folder / "pyproject.toml").write_text(
        '[tool.medlint]\nprofile = "supplement"\nexclude = ["drafts/**"]\n\n'
        '[tool.medlint.per-file-ignores]\n"blog/**" = ["testimonial"]\n', encoding="utf-8")
    from linter import Linter

    text = "「飲んでから便秘が治りました」（40代女性）\n今なら半額です。\n"
    expected = Linter(discover_config=True).lint_text(text, path=str(folder / "blog" / "a.md"))
    uri = _open(client, folder / "blog" / "a.md", text)
    codes = sorted(d.code for d in await _diagnostics(client, uri))
    assert codes == sorted(f.rule_id for f in expected.findings)
    assert not any(code.startswith("JA-TESTIMONIAL") for code in codes)
    excluded = _open(client, folder / "drafts" / "b.md", text)
    assert await _diagnostics(client, excluded) == []
    assert "b.md is excluded by" in await _message(client, "b.md is excluded")
    assert not any("b.md" in m.message for m in client.messages)  # logged, not shown


async def test_broken_config_is_reported_and_the_server_goes_on(client: LanguageClient):
    folder = _folder("broken")
    (folder / ".medlint.toml").write_text('select = ["JA-NO-SUCH-RULE"]\n', encoding="utf-8")
    uri = _open(client, folder / "page.md", JA_TEXT)
    assert await _diagnostics(client, uri) == []
    assert "JA-NO-SUCH-RULE" in await _message(client, "JA-NO-SUCH-RULE")
    good = _open(client, _folder("after-broken") / "page.md", JA_TEXT)
    assert await _diagnostics(client, good)


# -- bad input -----------------------------------------------------------------------------
async def _still_answers(client: LanguageClient) -> None:
    uri = _open(client, _folder("alive") / f"page-{time.monotonic_ns()}.md", JA_TEXT)
    found = _by_code(await _diagnostics(client, uri), "JA-DISEASE-TREAT")
    hover = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=found.range.start)), 10)
    assert hover is not None


@pytest.mark.parametrize(("name", "text", "language", "said"), [
    ("huge.md", "NMN点滴で不眠症が治ります。\n" * 200_000, "markdown", "bytes, more than"),
    ("blob.txt", "\x00\x01\x02NMN点滴で不眠症が治ります。\x00" * 1000, "plaintext", "binary"),
    ("script.py", "# NMN点滴で不眠症が治ります。\n", "python", "not linting script.py"),
])
async def test_bad_input_is_a_message_and_no_diagnostics(client: LanguageClient, name: str,
                                                         text: str, language: str, said: str):
    uri = _open(client, _folder("bad") / name, text, language=language)
    assert await _diagnostics(client, uri) == []
    assert name in await _message(client, said)
    await _still_answers(client)


# -- 5. a lint never blocks the message loop ----------------------------------------------
async def test_a_long_lint_does_not_block_hover(client: LanguageClient):
    ready = _open(client, _folder("block") / "small.md", JA_TEXT)
    found = _by_code(await _diagnostics(client, ready), "JA-DISEASE-TREAT")
    # every sentence different, so that nothing is remembered from an earlier lint
    dense = "".join(f"{n}号院の点滴でぐっすり眠れて、免疫力を高める最先端の治療です。"
                    f"{n}回目でも副作用の心配がありません。\n" for n in range(200))
    big = _open(client, _folder("block") / "dense.md", dense)
    await asyncio.sleep(0.2)  # the dense lint is running in the worker now
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=ready), position=found.range.start))
    assert hover is not None
    assert big not in client.diagnostics, "the hover waited for the lint"
    assert await _diagnostics(client, big)


# -- 2. a negotiated position encoding (its own server) -----------------------------------
async def test_utf8_positions_and_initialization_options():
    """UTF-8 end to end (UTF-32 is the same code path; tests/test_lsp_units.py covers it),
    in a session that also sets the initializationOptions the README lists."""
    encoding = "utf-8"
    config = ClientServerConfig(server_command=[*SERVER, "--debounce", "0"], server_env=ENV,
                                client_factory=_make_client)
    lsp_client = await config.start()
    try:
        await _start(lsp_client, encodings=[encoding, "utf-16"], options={
            "settings": {"locale": "en"}, "ruleDocsUrl": "https://wiki.example/{rule_id}",
            "debounce": 50, "maxFileSize": 2000})
        assert lsp_client.initialize_result.capabilities.position_encoding == encoding
        path = _folder(f"enc-{encoding}") / "sns.md"
        uri = _open(lsp_client, path, EMOJI_TEXT)
        diagnostics = await _diagnostics(lsp_client, uri)
        _assert_same_as_api(EMOJI_TEXT, path, diagnostics, encoding)
        found = _by_code(diagnostics, "JA-BODY-SLEEP")
        prefix = EMOJI_TEXT[:EMOJI_TEXT.index("ぐっすり")]
        assert found.range.start.character == len(prefix.encode("utf-8"))
        assert "\nsuggestion: " in found.message  # settings: locale = "en"
        assert found.code_description.href == "https://wiki.example/JA-BODY-SLEEP"
        big = _open(lsp_client, path.with_name("big.md"), "あ" * 700)  # 2,100 bytes
        assert await _diagnostics(lsp_client, big) == []
        assert "2,100 bytes, more than the 2,000" in await _message(lsp_client, "big.md")
    finally:
        await lsp_client.shutdown_session()
        await lsp_client.stop()
