"""The organiser's print job, step by step: the summary (PDF and/or an editable Word copy; per
theme or per table; full or short), a handout per theme, the notes as CSV and/or spreadsheet.

Each document is built in memory, then written atomically (temp, fsync, rename). Cancel is
checked between documents and after every page of a PDF being built, so it stops within a page
and never leaves half a file under a final name; documents finished before the cancel stay whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.core.atomic import write_atomic
from kiosk.core.i18n import translator
from kiosk.core.jobs import Job, JobControl
from kiosk.exchange.csv_out import write_csv, write_xlsx
from kiosk.report.data import read_archive
from kiosk.report.handouts import handout_names, handout_pdf
from kiosk.report.summary import summary_pdf
from kiosk.report.word import summary_docx
from kiosk.storage.store import open_store


@dataclass(frozen=True)
class PrintOrder:
    archive: Path
    event_id: str
    folder: Path
    language: str = "nl"
    summary: bool = True
    handouts: bool = True
    csv: bool = True
    # The summary as an editable Word document; the notes as an .xlsx spreadsheet.
    word: bool = False
    xlsx: bool = False
    # The summary's sections: "theme" (its tables merged) or "table"; the short version or not.
    by: str = "theme"
    short: bool = False


def file_names(order: PrintOrder) -> tuple[str, str, str]:
    """Summary PDF, handouts folder and CSV names, in the language of the print.

    A per-table or short summary says so in its name, so it sits beside the full one."""
    _ = translator(order.language)
    summary = _("summary") + f"-{order.event_id}"
    if order.by == "table":
        summary += "-" + _("per-table")
    if order.short:
        summary += "-" + _("short")
    return (summary + ".pdf", _("handouts"), _("notes") + f"-{order.event_id}.csv")


def print_job(order: PrintOrder) -> Job:
    def run(control: JobControl) -> list[Path]:
        _ = translator(order.language)
        summary_name, handouts_dir, csv_name = file_names(order)
        control.step(0, 1, _("Reading the archive…"))
        event = read_archive(order.archive, order.event_id)
        total = (
            int(order.summary)
            + int(order.word)
            + (len(event.themes) if order.handouts else 0)
            + int(order.csv)
            + int(order.xlsx)
        )
        done = 0
        written: list[Path] = []
        order.folder.mkdir(parents=True, exist_ok=True)
        if order.summary:
            control.step(done, total, _("Summary…"))
            data = summary_pdf(
                event,
                order.language,
                on_page=lambda page: control.check(),
                by=order.by,
                short=order.short,
            )
            control.check()
            written.append(write_atomic(order.folder / summary_name, data))
            done += 1
        if order.word:
            control.step(done, total, _("Summary for Word…"))
            data = summary_docx(event, order.language, by=order.by, short=order.short)
            control.check()
            word_name = summary_name.removesuffix(".pdf") + ".docx"
            written.append(write_atomic(order.folder / word_name, data))
            done += 1
        if order.handouts:
            folder = order.folder / handouts_dir
            names = handout_names(event)
            for number, (theme, name) in enumerate(zip(event.themes, names, strict=True), 1):
                control.step(done, total, _("Handout: {theme}").format(theme=theme.title))
                data = handout_pdf(
                    event, number, theme, order.language, on_page=lambda page: control.check()
                )
                control.check()
                folder.mkdir(exist_ok=True)
                written.append(write_atomic(folder / name, data))
                done += 1
        if order.csv:
            control.step(done, total, _("Notes as CSV…"))
            with open_store(order.archive, create=False) as store:
                write_csv(store, order.folder / csv_name)
            written.append(order.folder / csv_name)
            done += 1
        if order.xlsx:
            control.step(done, total, _("Notes as a spreadsheet…"))
            xlsx_name = csv_name.removesuffix(".csv") + ".xlsx"
            with open_store(order.archive, create=False) as store:
                write_xlsx(store, order.folder / xlsx_name)
            written.append(order.folder / xlsx_name)
            done += 1
        control.step(done, total, _("Done."))
        return written

    return run
