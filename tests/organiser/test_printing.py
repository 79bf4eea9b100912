"""The print job: every document written whole, in order, and a cancel that stops within a page."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.jobs import Cancelled, JobControl
from kiosk.organiser.printing import PrintOrder, print_job
from kiosk.report.data import read_archive
from kiosk.report.summary import summary_pdf
from tests.builders import demo_archive


@pytest.fixture
def archive(tmp_path: Path, demo_plan, clock) -> Path:
    store, _ids = demo_archive(tmp_path / "archive.sqlite", demo_plan, clock)
    store.close()
    return tmp_path / "archive.sqlite"


def test_the_job_writes_summary_handouts_and_csv(archive, tmp_path, demo_plan):
    seen = []
    order = PrintOrder(archive, demo_plan.event_id, tmp_path / "uit", language="en")
    written = print_job(order)(JobControl(seen.append))
    names = [p.relative_to(tmp_path / "uit").as_posix() for p in written]
    assert names[0] == f"summary-{demo_plan.event_id}.pdf"
    assert [n.split("/")[0] for n in names[1:6]] == ["handouts"] * 5
    assert names[6] == f"notes-{demo_plan.event_id}.csv"
    assert all(p.stat().st_size > 0 for p in written)
    assert [p.done for p in seen] == [0, 0, 1, 2, 3, 4, 5, 6, 7]
    assert seen[-1].total == 7


def test_the_summary_build_hears_of_each_page_and_stops_when_told(archive, demo_plan):
    event = read_archive(archive, demo_plan.event_id)
    pages: list[int] = []
    summary_pdf(event, on_page=pages.append)
    assert pages == list(range(1, len(pages) + 1)) and len(pages) >= 2
    control = JobControl()

    def cancel_after_first(page: int) -> None:
        control.cancel()
        control.check()

    with pytest.raises(Cancelled):
        summary_pdf(event, on_page=cancel_after_first)


def test_a_cancelled_job_leaves_no_file(archive, tmp_path, demo_plan):
    order = PrintOrder(archive, demo_plan.event_id, tmp_path / "uit")

    def cancel_in_the_handouts(progress) -> None:
        if progress.message.startswith("Hand-out"):
            control.cancel()

    control = JobControl(cancel_in_the_handouts)
    with pytest.raises(Cancelled):
        print_job(order)(control)
    assert [p.name for p in (tmp_path / "uit").iterdir()] == [
        f"samenvatting-{demo_plan.event_id}.pdf"
    ]
