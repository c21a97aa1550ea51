"""The ``medlint serve`` command (registered lazily by ``linter.cli.LAZY_COMMANDS``).

Only click is imported at module level: Starlette and uvicorn load when the
command runs, so ``medlint check`` never pays for them.
"""

from __future__ import annotations

import click

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; the default keeps the page on this machine.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--max-upload-mb", type=click.FloatRange(min=0.1), default=10.0,
              show_default=True, help="Largest upload or pasted text accepted.")
@click.option("--profile", type=click.Choice(["clinic", "supplement", "cosmetic", "quasi-drug",
                                              "drug"]),
              help="Profile selected when the page opens.")
def serve(host: str, port: int, max_upload_mb: float, profile: str | None) -> None:
    """Serve a local page for reviewers: paste or upload a draft (.docx, .pdf, .html, .md,
    .txt), see each finding highlighted, download the reviewed .docx, HTML or JSON.

    Nothing is stored: each draft lives only for the request that checks it, and the
    page needs no network."""
    import uvicorn

    from linter.serve.app import create_app

    if host not in LOOPBACK:
        click.echo(f"medlint: warning: binding {host}: anyone who can reach this address can "
                   "submit drafts", err=True)
    app = create_app(max_upload_bytes=int(max_upload_mb * 1024 * 1024),
                     default_profile=profile)
    click.echo(f"medlint serve: http://{host}:{port}/  (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
