"""The medlint language server (pygls).

Threads: pygls's asyncio loop handles every message; one worker thread owns the
:class:`~linter.api.Linter` (it is not thread-safe) and runs every lint, so a long lint
never blocks the loop - hovers, code actions and further edits are answered meanwhile.
Each open document has a generation counter, bumped on every open/change/close: a lint
job whose generation is no longer current is skipped before it runs, and a result that
comes back after a newer edit is dropped, so the newest text always wins.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from linter import __version__
from linter.lsp import convert
from linter.lsp.positions import UTF8, UTF16, UTF32, LineIndex

log = logging.getLogger("medlint.lsp")

DEFAULT_DEBOUNCE = 0.3  # seconds after the last keystroke
DEFAULT_MAX_BYTES = 1_000_000  # bigger buffers are not linted (a message says so)
CONFIG_NAMES = (".medlint.toml", "pyproject.toml")
LANGUAGE_SUFFIX = {"markdown": ".md", "html": ".html", "plaintext": ".txt", "text": ".txt"}
WARM_UP = (("warm-up.md", "この点滴で不眠症が治ります。"),
           ("warm-up.md", "This drip cures insomnia and is completely safe."))


class _Worker:
    """One daemon thread that runs jobs in order; results come back as asyncio futures."""

    def __init__(self) -> None:
        self._jobs: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="medlint-lint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            loop, future, fn, args = self._jobs.get()
            try:
                outcome: tuple[bool, Any] = (True, fn(*args))
            except BaseException as exc:  # handed back to the loop, never lost
                outcome = (False, exc)
            loop.call_soon_threadsafe(_settle, future, outcome)

    def submit(self, fn: Callable, *args: Any) -> asyncio.Future:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._jobs.put((loop, future, fn, args))
        return future


def _settle(future: asyncio.Future, outcome: tuple[bool, Any]) -> None:
    if future.cancelled():
        return
    ok, value = outcome
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)


class Skipped(Exception):
    """A document that is not linted; the message says why (shown to the user once, or
    only logged when ``quiet``: an excluded file is excluded on purpose)."""

    def __init__(self, message: str, quiet: bool = False) -> None:
        super().__init__(message)
        self.quiet = quiet


@dataclass
class _Job:
    uri: str
    generation: int
    version: int | None
    text: str
    path: str


class MedlintServer(LanguageServer):
    """pygls server plus the state of open documents and the lint worker."""

    def __init__(self, debounce: float = DEFAULT_DEBOUNCE,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        super().__init__("medlint", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.debounce = debounce
        self.max_bytes = max_bytes
        self.doc_url_template: str | None = None
        self.overrides: dict[str, Any] = {}
        self.worker = _Worker()
        self.generation: dict[str, int] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.linted: dict[str, convert.LintedDocument] = {}
        self.language: dict[str, str] = {}
        self.told: set[str] = set()  # messages already shown (a bad config is said once)
        # owned by the worker thread only
        self._linter: Any = None
        self._config_stamps: dict[Path, int | None] = {}
        self._config_dirty = False
        self._doc_urls: dict[str, str | None] = {}

    # -- the position encoding negotiated in initialize ------------------------------------
    @property
    def encoding(self) -> str:
        value = str(getattr(self.workspace, "position_encoding", UTF16) or UTF16)
        value = value.lower()
        return value if value in (UTF8, UTF16, UTF32) else UTF16

    # -- messages --------------------------------------------------------------------------
    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def tell(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """A log line always; a visible message the first time this text is said."""
        self.log(message, kind)
        if message not in self.told:
            self.told.add(message)
            self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def publish(self, uri: str, version: int | None, diagnostics: list) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=diagnostics))

    # -- scheduling ------------------------------------------------------------------------
    def schedule(self, uri: str, delay: float) -> None:
        """Lint ``uri`` after ``delay`` seconds unless it changes again before then."""
        self.generation[uri] = self.generation.get(uri, 0) + 1
        previous = self.pending.pop(uri, None)
        if previous is not None and not previous.done():
            previous.cancel()
        self.pending[uri] = asyncio.ensure_future(self._lint_later(uri, delay))

    def forget(self, uri: str) -> None:
        self.generation[uri] = self.generation.get(uri, 0) + 1
        previous = self.pending.pop(uri, None)
        if previous is not None and not previous.done():
            previous.cancel()
        self.linted.pop(uri, None)
        self.language.pop(uri, None)

    async def _lint_later(self, uri: str, delay: float) -> None:
        generation = self.generation[uri]
        if delay > 0:
            await asyncio.sleep(delay)
        try:
            document = self.workspace.get_text_document(uri)
            text, version = document.source, document.version
        except Exception as exc:  # a document the client never opened
            self.log(f"medlint: cannot read {uri}: {exc}", types.MessageType.Error)
            return
        started = time.perf_counter()
        try:
            path = self.path_for(uri, self.language.get(uri, ""))
            self.check_buffer(uri, text)
            job = _Job(uri, generation, version, text, path)
            outcome = await self.worker.submit(self._run_job, job)
        except Skipped as exc:
            if self.generation.get(uri) == generation:
                self.linted.pop(uri, None)
                self.publish(uri, version, [])
                if exc.quiet:
                    self.log(str(exc))
                else:
                    self.tell(str(exc), types.MessageType.Warning)
            return
        except Exception as exc:  # a bug or a bad config: said, never fatal
            if self.generation.get(uri) == generation:
                self.linted.pop(uri, None)
                self.publish(uri, version, [])
                self.tell(f"medlint: {exc}", types.MessageType.Error)
            log.exception("lint failed")
            return
        if outcome is None or self.generation.get(uri) != generation:
            return  # stale: a newer edit is queued or the document was closed
        self.linted[uri] = outcome
        self.publish(uri, version, outcome.diagnostics)
        self.log(f"medlint: {len(outcome.diagnostics)} finding(s) in {uri} "
                 f"({(time.perf_counter() - started) * 1000:.0f} ms)", types.MessageType.Log)

    # -- what may be linted ----------------------------------------------------------------
    def path_for(self, uri: str, language_id: str) -> str:
        """The file path that picks the reader and the config, as on the command line."""
        from linter.reading.registry import DOCX_SUFFIXES, LINTABLE_SUFFIXES

        parsed = urlparse(uri)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path))
        else:  # untitled buffers: configured like a file at the workspace root
            root = self.workspace.root_path or str(Path.cwd())
            path = Path(root) / (Path(unquote(parsed.path)).name or "untitled")
        suffix = path.suffix.lower()
        if suffix in LINTABLE_SUFFIXES - DOCX_SUFFIXES:
            return str(path)
        if language_id in LANGUAGE_SUFFIX:
            return str(path.with_name(path.name + LANGUAGE_SUFFIX[language_id]))
        raise Skipped(f"medlint: not linting {path.name} (language '{language_id}'): medlint "
                      "lints markdown, html and plaintext documents and .md/.markdown/.mdx, "
                      ".html/.htm/.xhtml and .txt/.text files")

    def check_buffer(self, uri: str, text: str) -> None:
        size = len(text.encode("utf-8", "surrogatepass"))
        name = Path(unquote(urlparse(uri).path)).name or uri
        if size > self.max_bytes:
            raise Skipped(f"medlint: {name} is {size:,} bytes, more than the "
                          f"{self.max_bytes:,} that are linted as you type; run "
                          "'medlint check' on it instead")
        if "\x00" in text:
            raise Skipped(f"medlint: {name} looks binary (it contains NUL characters); "
                          "not linted")

    # -- the worker side (the only thread that touches the Linter) -------------------------
    def _config_changed(self, path: str) -> bool:
        """True when a config file at or above ``path`` appeared, changed or vanished since
        the Linter was built (it caches the settings of every folder it has seen)."""
        changed = self._config_dirty
        folder = Path(path).parent.resolve()
        for candidate in (folder, *folder.parents):
            for name in CONFIG_NAMES:
                self._config_stamps.setdefault(candidate / name, _stamp(candidate / name))
        for file, seen in list(self._config_stamps.items()):
            now = _stamp(file)
            if now != seen:
                self._config_stamps[file] = now
                changed = True
        return changed

    def linter(self, path: str | None = None) -> Any:
        """The server's Linter (built on first use, rebuilt after a config change)."""
        from linter.lsp.memo import editor_linter

        changed = self._config_changed(path) if path else False
        if self._linter is None or changed:
            if self._linter is not None:
                log.info("configuration changed: rebuilding the linter")
            self._config_dirty = False
            self._doc_urls.clear()
            self._linter = editor_linter(self.overrides)
        return self._linter

    def _run_job(self, job: _Job) -> convert.LintedDocument | None:
        from linter.reading.decoding import normalize_newlines
        from linter.reading.errors import InputError

        if self.generation.get(job.uri) != job.generation:
            return None  # a newer edit arrived while this job waited
        linter = self.linter(job.path)
        settings = linter.settings_for(job.path)
        if settings.is_excluded(Path(job.path)):
            raise Skipped(f"medlint: {Path(job.path).name} is excluded by "
                          f"{settings.config_file}", quiet=True)
        # The reader turns CRLF/CR into LF and drops a BOM, and its offsets count in that
        # text.  Lines and the columns within them are the same as in the editor's buffer
        # (LSP also breaks lines at CRLF and CR), so positions come from the normalised text.
        body = normalize_newlines(job.text)
        shift = 1 if body.startswith("\ufeff") else 0
        try:
            result = linter.lint_text(body[shift:], path=job.path)
        except InputError as exc:
            raise Skipped(f"medlint: {exc.message}") from exc
        if result.error:
            raise Skipped(f"medlint: {result.error}")
        lines = LineIndex(body, self.encoding)
        diagnostics = []
        for finding in result.findings:
            if shift:
                finding.offset += shift
                finding.end_offset += shift
            diagnostics.append(convert.to_diagnostic(
                finding, job.uri, lines, settings.locale, self.doc_url(linter, finding.rule_id)))
        return convert.LintedDocument(job.uri, job.version, result.findings, lines,
                                      settings.locale, diagnostics)

    def doc_url(self, linter: Any, rule_id: str) -> str | None:
        if rule_id not in self._doc_urls:
            try:
                rule = linter.rule(rule_id)
            except Exception:  # an internal finding (MEDLINT-UNUSED-SUPPRESSION) has no rule
                rule = None
            self._doc_urls[rule_id] = convert.rule_doc_url(rule, rule_id, self.doc_url_template)
        return self._doc_urls[rule_id]

    def warm_up(self) -> float:
        """Build the Linter and load the models (run in the worker after ``initialized``)."""
        started = time.perf_counter()
        root = Path(self.workspace.root_path or Path.cwd())
        linter = self.linter(str(root / "warm-up.md"))
        for name, text in WARM_UP:
            linter.lint_text(text, path=str(root / name))
        return time.perf_counter() - started

    def mark_config_dirty(self) -> None:
        """A watched config file changed: rebuild the Linter before the next lint (runs in
        the worker, so the flag is only ever touched by the thread that reads it)."""
        self._config_dirty = True


def _stamp(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def create_server(debounce: float = DEFAULT_DEBOUNCE,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> MedlintServer:
    """A server with every feature registered (``medlint lsp`` starts it on stdio)."""
    server = MedlintServer(debounce=debounce, max_bytes=max_bytes)

    @server.feature(types.INITIALIZE)
    def initialize(ls: MedlintServer, params: types.InitializeParams) -> None:
        options = params.initialization_options or {}
        if isinstance(options, dict):
            if isinstance(options.get("debounce"), (int, float)):
                ls.debounce = max(0.0, options["debounce"] / 1000)
            if isinstance(options.get("maxFileSize"), int):
                ls.max_bytes = options["maxFileSize"]
            if isinstance(options.get("ruleDocsUrl"), str):
                ls.doc_url_template = options["ruleDocsUrl"]
            if isinstance(options.get("settings"), dict):
                ls.overrides = dict(options["settings"])

    @server.feature(types.INITIALIZED)
    async def initialized(ls: MedlintServer, params: types.InitializedParams) -> None:
        # the models start loading first: a client slow to answer the registration below
        # must not delay them
        warm_up = ls.worker.submit(ls.warm_up)
        watching = ls.client_capabilities.workspace
        dynamic = (watching is not None and watching.did_change_watched_files is not None
                   and watching.did_change_watched_files.dynamic_registration)
        if dynamic:
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}")
                        for name in CONFIG_NAMES]
            try:
                await ls.client_register_capability_async(types.RegistrationParams(
                    registrations=[types.Registration(
                        id="medlint-config-files",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=types.DidChangeWatchedFilesRegistrationOptions(
                            watchers=watchers))]))
            except Exception as exc:  # the mtime check before each lint still applies
                ls.log(f"medlint: could not watch config files: {exc}")
        try:
            seconds = await warm_up
            ls.log(f"medlint {__version__}: rules and models loaded in {seconds:.1f} s")
        except Exception as exc:
            ls.tell(f"medlint: {exc}", types.MessageType.Error)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: MedlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.language[params.text_document.uri] = params.text_document.language_id
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: MedlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: MedlintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if Path(unquote(urlparse(uri).path)).name in CONFIG_NAMES:
            _config_changed(ls)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: MedlintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)
        ls.publish(params.text_document.uri, None, [])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: MedlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(Path(unquote(urlparse(c.uri).path)).name in CONFIG_NAMES
               for c in params.changes):
            _config_changed(ls)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: MedlintServer, params: types.HoverParams) -> types.Hover | None:
        linted = ls.linted.get(params.text_document.uri)
        if linted is None:
            return None
        hits = convert.findings_at(linted, params.position)
        if not hits:
            return None
        text = "\n\n---\n\n".join(
            convert.hover_markdown(linted.findings[i], linted.locale,
                                   linted.diagnostics[i].code_description.href
                                   if linted.diagnostics[i].code_description else None)
            for i in hits)
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
            range=linted.diagnostics[hits[0]].range)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: MedlintServer, params: types.CodeActionParams
                    ) -> list[types.CodeAction] | None:
        linted = ls.linted.get(params.text_document.uri)
        if linted is None:
            return None
        return convert.code_actions(linted, params.range) or None

    @server.command(convert.COPY_SUGGESTION_COMMAND)
    def copy_suggestion(ls: MedlintServer, *args: Any) -> str:
        """Show the rewrite in a message (LSP has no clipboard); it is also the result."""
        values = args[0] if len(args) == 1 and isinstance(args[0], list) else list(args)
        suggestion = str(values[0]) if values else ""
        rule = str(values[1]) if len(values) > 1 else ""
        ls.window_show_message(types.ShowMessageParams(
            type=types.MessageType.Info, message=f"{rule}: {suggestion}" if rule else suggestion))
        return suggestion

    return server


def _config_changed(ls: MedlintServer) -> None:
    """Rebuild the Linter (in its thread) and re-lint every open document."""
    ls.worker.submit(ls.mark_config_dirty)
    for uri in list(ls.language):
        ls.schedule(uri, 0)
