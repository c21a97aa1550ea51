"""What a run produced, per file, and the numbers every format summarises."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from linter.findings.model import Finding, Suppressed
from linter.rules.model import severity_rank


@dataclass
class LintResult:
    """What linting one file or text produced (``linter.lint_text`` returns one)."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # one-line input error; the file was not linted
    location_unit: str = "line"
    fail_on: str = "error"  # from the settings that applied to this file
    baseline_hidden: int = 0  # findings hidden because the baseline records them
    suppressed: list[Suppressed] = field(default_factory=list)  # accepted, with reasons
    accepted: list[Finding] = field(default_factory=list)  # permitted/registered wording

    def fails(self) -> bool:
        """Does a finding reach the ``fail-on`` severity?"""
        threshold = severity_rank(self.fail_on)
        return any(severity_rank(f.severity) >= threshold for f in self.findings)


FileResult = LintResult  # the name reporters have used


@dataclass
class RunResult:
    """Every file of one run, in input order."""

    files: list[LintResult]
    baseline_hidden: int = 0

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]

    @property
    def input_errors(self) -> list[LintResult]:
        return [r for r in self.files if r.error]

    def exit_code(self) -> int:
        if self.input_errors:
            return 2
        return 1 if any(file.fails() for file in self.files) else 0

    def summary(self) -> dict[str, Any]:
        findings = self.findings
        severities = Counter(f.severity for f in findings)
        return {
            "files": len(self.files),
            "files_checked": len(self.files) - len(self.input_errors),
            "files_with_findings": sum(1 for r in self.files if r.findings),
            "findings": len(findings),
            "error": severities.get("error", 0),
            "warning": severities.get("warning", 0),
            "info": severities.get("info", 0),
            "by_category": dict(sorted(Counter(f.category for f in findings).items())),
            "input_errors": len(self.input_errors),
            "baseline_hidden": self.baseline_hidden,
            "exit_code": self.exit_code(),
        }
