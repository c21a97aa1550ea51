"""JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure DevOps).

One test suite per file and one failing test case per finding (a clean file is one
passing test case, an unreadable file one test case in error), so a CI dashboard
counts problems the way it counts failed tests.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from linter.reporting.results import RunResult

if TYPE_CHECKING:
    from linter.reporting.emitters import ReportContext


def render_junit(result: RunResult) -> str:
    suites = ET.Element("testsuites", name="medlint", tests="0", failures="0", errors="0")
    total = failures = errors = 0
    for file in result.files:
        suite = ET.SubElement(suites, "testsuite", name=file.path)
        cases = 0
        if file.error:
            case = ET.SubElement(suite, "testcase", name="read", classname=file.path)
            ET.SubElement(case, "error", message=file.error, type="input-error")
            cases, errors = 1, errors + 1
            suite.set("errors", "1")
        elif not file.findings:
            ET.SubElement(suite, "testcase", name="no findings", classname=file.path)
            cases = 1
        for f in file.findings:
            unit = "paragraph" if f.location_unit == "paragraph" else "line"
            case = ET.SubElement(suite, "testcase", classname=file.path,
                                 name=f"{f.rule_id} {unit} {f.line} column {f.column}")
            failure = ET.SubElement(case, "failure", message=f.message, type=f.severity)
            failure.text = (f"{f.path}:{f.line}:{f.column}: {f.rule_id} [{f.category}] "
                            f"{f.message}\n{f.sentence}\nsuggestion: {f.suggestion}")
            cases += 1
            failures += 1
        suite.set("tests", str(cases))
        suite.set("failures", str(len(file.findings)))
        total += cases
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", str(errors))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") \
        + "\n"


def emit(result: RunResult, context: ReportContext) -> str:
    """The emitter protocol (``linter.reporting.emitters``)."""
    return render_junit(result)
