"""The few words the reports themselves use, in Japanese and English."""

from __future__ import annotations

LABELS = {
    "en": {
        "suggestion": "suggestion",
        "basis": "basis",
        "missing": "missing",
        "paragraph": "paragraph",
        "summary": "Found {findings} finding{s} ({error} error, {warning} warning, {info} info) "
                   "in {files_with_findings} of {files_checked} file{fs} checked.",
        "clean": "No findings in {files_checked} file{fs} checked.",
        "input_errors": "{input_errors} file{es} could not be read.",
        "baseline": "{baseline_hidden} known finding(s) hidden by the baseline.",
    },
    "ja": {
        "suggestion": "言い換え",
        "basis": "根拠",
        "missing": "不足",
        "paragraph": "段落",
        "summary": "{findings} 件の指摘（エラー {error}、警告 {warning}、情報 {info}）"
                   "／確認した {files_checked} ファイル中 {files_with_findings} ファイル",
        "clean": "指摘はありません（確認した {files_checked} ファイル）。",
        "input_errors": "{input_errors} ファイルを読めませんでした。",
        "baseline": "ベースライン登録済みの {baseline_hidden} 件は表示していません。",
    },
}


def label(key: str, locale: str) -> str:
    return LABELS.get(locale, LABELS["en"])[key]
