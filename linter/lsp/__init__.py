"""``medlint lsp``: a language server so writers see problems as they type.

Everything here runs the one pipeline of :class:`linter.api.Linter`; this package only turns
its findings into LSP diagnostics, hovers and code actions.  Nothing heavy is imported at
package import time (``medlint check`` never pays for pygls).
"""
