"""``medlint lsp``: start the language server on standard input/output.

Only click is imported at module level: pygls and lsprotocol load when the command runs.
"""

from __future__ import annotations

import click


@click.command("lsp")
@click.option("--stdio", is_flag=True, default=True, hidden=False,
              help="Speak LSP over standard input/output (the default and only transport; "
                   "accepted because many editors pass it).")
@click.option("--debounce", type=click.IntRange(0, 10_000), default=300, show_default=True,
              metavar="MS", help="Lint this many milliseconds after the last change.")
@click.option("--max-file-size", type=click.IntRange(1), default=1_000_000, show_default=True,
              metavar="BYTES", help="Buffers larger than this are not linted (a message says so).")
@click.option("--log-file", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the server's own debug log here (it never goes to stdout).")
def lsp(stdio: bool, debounce: int, max_file_size: int, log_file: str | None) -> None:
    """Language server: diagnostics, hovers and quick fixes in your editor as you type.

    Editors start it as `medlint lsp` and talk to it over stdin/stdout; see README
    "Editor integration (LSP)" for VS Code, Neovim and Emacs.
    """
    import logging
    import sys

    from linter.lsp.server import create_server

    if log_file:
        logging.basicConfig(filename=log_file, level=logging.DEBUG)
    # stdout carries the protocol: anything else printed there (a library's print, a stray
    # warning) would corrupt it, so it goes to stderr from here on.
    channel = sys.stdout.buffer
    sys.stdout = sys.stderr
    server = create_server(debounce=debounce / 1000, max_bytes=max_file_size)
    server.start_io(sys.stdin.buffer, channel)
