"""The headless command line (README, "Commands"): exit 0 done, 1 refused, 2 usage."""

from __future__ import annotations

import argparse
import gc
import logging
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.clock import utcnow
from kiosk.core.errors import KioskError
from kiosk.core.i18n import language, set_language
from kiosk.core.paths import default_archive, default_table_db
from kiosk.core.version import version_line

if TYPE_CHECKING:
    from kiosk.storage.server import ArchiveTarget
    from kiosk.storage.store import Store
from kiosk.storage.failures import cause, storage_error

log = logging.getLogger("kiosk.cli")

Handler = Callable[[argparse.Namespace], int | None]


def db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help=f"the table store (default: {default_table_db()})",
    )


def table_db(args: argparse.Namespace) -> Path:
    return args.db or default_table_db()


def archive_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--archive",
        default=None,
        metavar="A",
        help="the organiser's archive: a file or a postgresql://user@host/database URL "
        f"(default: {default_archive()})",
    )


def archive_path(args: argparse.Namespace) -> ArchiveTarget:
    """The archive named by --archive; for a server that asks a password, with the password."""
    return ready_archive(args.archive or default_archive())


def ready_archive(given: str | Path) -> ArchiveTarget:
    """A file path as is; a server URL with a password in memory when the server asks one that
    neither the URL, PGPASSWORD nor ~/.pgpass gives (asked on the terminal, never stored)."""
    from kiosk.storage.server import DatabaseUrl, PasswordNeeded, archive_target, check_connection

    target = archive_target(given)
    if not isinstance(target, DatabaseUrl):
        return target
    try:
        check_connection(target)
    except PasswordNeeded:
        import getpass

        if not sys.stdin.isatty():
            raise KioskError(
                f"{target}: the server asks a password; set PGPASSWORD, put it in ~/.pgpass "
                "or run this in a terminal"
            ) from None
        target = target.with_password(getpass.getpass(f"Password for {target}: "))
        check_connection(target)
    return target


def open_archive(args: argparse.Namespace, create: bool = True) -> Store:
    from kiosk.storage.store import open_store

    return open_store(archive_path(args), create=create)


# -- plan ---------------------------------------------------------------------------------------


def cmd_plan_check(args: argparse.Namespace) -> int:
    from kiosk.plan.model import load_plan

    plan = load_plan(args.plan)
    print(f"{args.plan}: ok: {plan.summary()}")
    return 0


# -- table --------------------------------------------------------------------------------------


def cmd_table_setup(args: argparse.Namespace) -> int:
    from kiosk.plan.model import load_plan
    from kiosk.table.setup import set_up_table

    plan = load_plan(args.plan)
    db = table_db(args)
    with storage_errors(db, STORE):
        at = set_up_table(db, plan, args.table)
    assert at is not None  # only keep_existing leaves a store alone
    theme = plan.theme(plan.table(at.table_number).theme)  # type: ignore[union-attr]
    print(f"{db}: table {at.table_number} of {plan.event.title}: {theme.title}")
    return 0


# -- notes --------------------------------------------------------------------------------------


def cmd_notes_import(args: argparse.Namespace) -> int:
    from kiosk.storage.queries import event_plan, require_station
    from kiosk.storage.store import open_store
    from kiosk.table.notes_csv import import_notes, read_notes_csv

    db = table_db(args)
    with storage_errors(db, STORE), open_store(db, create=False) as store:
        with store.begin() as session:
            at = require_station(session, db)
            plan = event_plan(session, at.event_id)
        found = read_notes_csv(args.csv, plan)
        with store.begin() as session:
            count = import_notes(session, at, found.rows, utcnow())
    print(f"{args.csv}: {count} notes imported into table {at.table_number} ({found.dialect()})")
    return 0


# -- keys ---------------------------------------------------------------------------------------


def cmd_keys_new(args: argparse.Namespace) -> int:
    from kiosk.exchange.keyfiles import ask_passphrase, create_key_files

    private, public, text = create_key_files(args.out, ask_passphrase(confirm=True))
    print(f"private key (keep it on this computer, passphrase-protected): {private}")
    print(f"public key: {public}")
    print(f'put this line in the plan: "organiser_key": "{text}"')
    return 0


# -- exchange -----------------------------------------------------------------------------------


def ask_host_pin() -> str:
    """From KIOSK_HOST_PIN, else asked on the terminal."""
    import getpass
    import os

    given = os.environ.get("KIOSK_HOST_PIN")
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise KioskError("host PIN: set KIOSK_HOST_PIN or run this in a terminal")
    return getpass.getpass("Host PIN: ")


def cmd_wipe(args: argparse.Namespace) -> int:
    from kiosk.table.wall import TableWall

    db = table_db(args)
    if not db.is_file():
        raise KioskError(f"{db}: no such store")
    with storage_errors(db, STORE):
        wall = TableWall.open(db)
    if wall is None:
        raise KioskError(f"{db}: no table set up; nothing to wipe")
    try:
        if wall.has_pin:
            verdict = wall.check_pin(ask_host_pin())
            if verdict.locked:
                raise KioskError(f"host PIN: wrong; try again in {verdict.wait:.0f} seconds")
            if not verdict.ok:
                raise KioskError("host PIN: wrong")
        table = wall.station.table_number
        with storage_errors(db, STORE):
            wall.wipe(args.receipt)
    finally:
        wall.close()
    print(f"{db}: table {table} wiped; no notes remain on this laptop")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from kiosk.exchange.export import export_table
    from kiosk.storage.store import open_store

    db = table_db(args)
    with storage_errors(db, STORE), open_store(db, create=False) as store:
        result = export_table(store, args.to)
    print(result.path)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from kiosk.exchange.merge import find_exports, merge_file

    key = None
    if args.key is not None:
        from kiosk.exchange.keyfiles import ask_passphrase, open_key_file

        key = open_key_file(args.key, ask_passphrase(confirm=False))
    refused = 0
    from kiosk.storage.store import open_store

    archive = archive_path(args)
    with storage_errors(archive, ARCHIVE), open_store(archive) as store:
        for item in find_exports(args.paths):
            # One line per file as soon as it is done, so a long merge shows its progress.
            result = (
                item
                if not isinstance(item, Path)
                else merge_file(
                    store,
                    item,
                    key=key,
                    allow_unsealed=args.allow_unsealed,
                    accept_laptop=args.accept_laptop,
                )
            )
            if result.accepted:
                print(result.line(), flush=True)
            else:
                refused += 1
                print(result.line(), file=sys.stderr, flush=True)
    return 1 if refused else 0


def cmd_csv(args: argparse.Namespace) -> int:
    from kiosk.exchange.csv_out import write_csv, write_xlsx
    from kiosk.storage.store import open_store

    write = write_xlsx if args.format == "xlsx" else write_csv
    archive = archive_path(args)
    with storage_errors(archive, ARCHIVE), open_store(archive, create=False) as store:
        count = write(store, args.out, since=args.since, events=args.event)
    print(f"{args.out}: {count} notes")
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    from kiosk.storage.archive import event_summaries

    with open_archive(args, create=False) as store, store.begin() as session:
        found = event_summaries(session)
    if not found:
        print(f"{store.path}: no events yet")
    for event in found:
        print(event.line())
    return 0


def cmd_archive_copy(args: argparse.Namespace) -> int:
    from kiosk.storage.archive import copy_archive
    from kiosk.storage.store import open_store

    source_target = ready_archive(args.source)
    target_target = ready_archive(args.target)
    if str(source_target) == str(target_target):
        raise KioskError(f"{args.target}: is the archive to copy from; name another")
    with (
        open_store(source_target, create=False) as source,
        open_store(target_target) as target,
    ):
        counts = copy_archive(source, target)
    print(f"copied {source.path} into {target.path}")
    for line in counts.lines():
        print(line)
    return 0


def iso_date(text: str) -> str:
    """A YYYY-MM-DD date, for argparse (exit 2 with its message when it is not one)."""
    from datetime import date

    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


# -- printed output -----------------------------------------------------------------------------


def print_options(parser: argparse.ArgumentParser) -> None:
    archive_option(parser)
    parser.add_argument(
        "--event", default=None, metavar="ID", help="the event to print (if the archive holds more)"
    )
    parser.add_argument(
        "--lang",
        choices=("nl", "en"),
        default=None,
        help="language of the labels (default: the plan's, which is nl unless it says en)",
    )


def cmd_report(args: argparse.Namespace) -> int:
    if args.format == "docx":
        from kiosk.report.word import write_summary_docx as write
    else:
        from kiosk.report.summary import write_summary as write

    print(write(archive_path(args), args.out, args.event, args.lang, by=args.by, short=args.short))
    return 0


def cmd_handouts(args: argparse.Namespace) -> int:
    from kiosk.report.handouts import write_handouts

    for path in write_handouts(archive_path(args), args.out, args.event, args.lang):
        print(path)
    return 0


def cmd_cards(args: argparse.Namespace) -> int:
    from kiosk.report.cards import write_cards

    print(write_cards(args.plan, args.out, args.lang))
    return 0


# -- the table kiosk ----------------------------------------------------------------------------


def cmd_kiosk(args: argparse.Namespace) -> int:
    # Launch allocates a great deal and frees almost nothing, so the cyclic garbage collector
    # only slows it down: it is off until the first frame is on screen (see kiosk.ui.app).
    gc.disable()
    try:
        from kiosk.ui.app import run_kiosk  # imports Qt: only the kiosk itself pays for it

        db = table_db(args)
        if args.demo:
            from kiosk.table.demo import demo_db, prepare_demo

            db = args.db or demo_db()
            prepare_demo(db)
        return run_kiosk(db, windowed=args.windowed)
    finally:
        gc.enable()


# -- organiser ----------------------------------------------------------------------------------


def cmd_organiser(args: argparse.Namespace) -> int:
    from kiosk.organiser.archive_choice import remembered
    from kiosk.storage.server import archive_target
    from kiosk.ui.app import run_organiser  # imports Qt: only the console pays for it

    # The archive chosen in the console last time, unless --archive says otherwise; a password
    # the server asks for is asked in a dialog there.
    given = archive_target(args.archive) if args.archive else None
    return run_organiser(given or remembered() or default_archive())


# -- parser -------------------------------------------------------------------------------------


def kiosk_options(parser: argparse.ArgumentParser) -> None:
    """`kiosk [--db DB] [--windowed] [--demo]`: the table kiosk itself."""
    db_option(parser)
    parser.add_argument(
        "--windowed", action="store_true", help="run the table kiosk in a window, not full screen"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="try the kiosk on table 1 of the demo event (its own store; host PIN 1234)",
    )
    parser.set_defaults(handler=cmd_kiosk)


def launch_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The kiosk's own options, read without building every command's parser (launch time
    counts); None for anything else: a command, --help, --version or a mistake, which the full
    parser then reads (and explains)."""
    if not argv:
        # How a table laptop starts the kiosk (its desktop shortcut, `make run`): no parser at
        # all. Making one also looks up argparse's message translations (importing `locale`).
        return argparse.Namespace(db=None, windowed=False, demo=False, handler=cmd_kiosk)
    parser = argparse.ArgumentParser(prog="kiosk", add_help=False, exit_on_error=False)
    kiosk_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return None if rest else args


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Theme-table sessions: round timer, sticky-note wall, USB exchange, reports.",
    )
    parser.add_argument("--version", action="version", version=version_line())
    kiosk_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    plan = commands.add_parser("plan", help="event plans").add_subparsers(
        dest="plan_command", metavar="ACTION", required=True
    )
    check = plan.add_parser("check", help="validate a plan file")
    check.add_argument("plan", type=Path, metavar="PLAN.json")
    check.set_defaults(handler=cmd_plan_check)

    table = commands.add_parser("table", help="the table this laptop serves").add_subparsers(
        dest="table_command", metavar="ACTION", required=True
    )
    setup = table.add_parser("setup", help="set up the store for one table of a plan")
    db_option(setup)
    setup.add_argument("--plan", type=Path, required=True, metavar="PLAN.json")
    setup.add_argument("--table", type=int, required=True, metavar="N")
    setup.set_defaults(handler=cmd_table_setup)

    notes = commands.add_parser("notes", help="notes of this table").add_subparsers(
        dest="notes_command", metavar="ACTION", required=True
    )
    imp = notes.add_parser("import", help="import notes from CSV (all or nothing)")
    db_option(imp)
    imp.add_argument("csv", type=Path, metavar="NOTES.csv")
    imp.set_defaults(handler=cmd_notes_import)

    keys = commands.add_parser("keys", help="the organiser's key pair").add_subparsers(
        dest="keys_command", metavar="ACTION", required=True
    )
    new_key = keys.add_parser("new", help="make a key pair; exports get sealed for it")
    new_key.add_argument("--out", type=Path, required=True, metavar="DIR")
    new_key.set_defaults(handler=cmd_keys_new)

    export = commands.add_parser("export", help="write this table's notes to a USB stick")
    db_option(export)
    export.add_argument("--to", type=Path, required=True, metavar="DIR", help="the stick's folder")
    export.set_defaults(handler=cmd_export)

    wipe = commands.add_parser(
        "wipe", help="remove this table's notes for good, with the organiser's receipt"
    )
    db_option(wipe)
    wipe.add_argument("--receipt", type=Path, required=True, metavar="FILE.receipt")
    wipe.set_defaults(handler=cmd_wipe)

    merge = commands.add_parser("merge", help="merge exports into the organiser's archive")
    archive_option(merge)
    merge.add_argument(
        "paths", type=Path, nargs="+", metavar="PATH", help="export files or folders holding them"
    )
    merge.add_argument(
        "--key",
        type=Path,
        metavar="KEYFILE",
        help="the organiser's key file, to open sealed exports (passphrase asked, or from "
        "KIOSK_KEY_PASSPHRASE)",
    )
    merge.add_argument(
        "--allow-unsealed",
        action="store_true",
        help="also accept unsealed exports of an event that has an organiser key",
    )
    merge.add_argument(
        "--accept-laptop",
        action="store_true",
        help="accept exports signed by a laptop the archive does not know yet for its table "
        "(a second or replaced laptop); without it they are refused",
    )
    merge.set_defaults(handler=cmd_merge)

    csv_cmd = commands.add_parser("csv", help="the archive's notes as CSV for a spreadsheet")
    archive_option(csv_cmd)
    csv_cmd.add_argument("--out", type=Path, required=True, metavar="FILE.csv")
    csv_cmd.add_argument(
        "--since",
        type=iso_date,
        default=None,
        metavar="DATE",
        help="only events held on or after DATE (YYYY-MM-DD)",
    )
    csv_cmd.add_argument(
        "--event",
        action="append",
        default=None,
        metavar="ID",
        help="only this event (give it more than once for several; `kiosk events` lists them)",
    )
    csv_cmd.add_argument(
        "--format",
        choices=("csv", "xlsx"),
        default="csv",
        help="xlsx: a spreadsheet where every cell is text, exactly as typed (default: csv)",
    )
    csv_cmd.set_defaults(handler=cmd_csv)

    events_cmd = commands.add_parser(
        "events", help="the events in an archive, with their dates, tables and note counts"
    )
    archive_option(events_cmd)
    events_cmd.set_defaults(handler=cmd_events)

    archive = commands.add_parser("archive", help="the archive itself").add_subparsers(
        dest="archive_command", metavar="ACTION", required=True
    )
    copy = archive.add_parser(
        "copy", help="copy an archive, file <-> postgresql:// (repeating it adds nothing)"
    )
    copy.add_argument("source", metavar="FROM", help="an archive file or postgresql:// URL")
    copy.add_argument("target", metavar="TO", help="an archive file or postgresql:// URL")
    copy.set_defaults(handler=cmd_archive_copy)

    report = commands.add_parser("report", help="print the summary PDF of an event")
    print_options(report)
    report.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    report.add_argument(
        "--format",
        choices=("pdf", "docx"),
        default="pdf",
        help="docx: the same summary as a Word document, to edit into a newsletter",
    )
    report.add_argument(
        "--short",
        action="store_true",
        help="the short version: introduction, syntheses, starred remarks and closing",
    )
    report.add_argument(
        "--by",
        choices=("theme", "table"),
        default="theme",
        help="a section per theme (its tables merged; the default) or per table",
    )
    report.set_defaults(handler=cmd_report)

    handouts = commands.add_parser("handouts", help="print a handout PDF per theme")
    print_options(handouts)
    handouts.add_argument("--out", type=Path, required=True, metavar="DIR")
    handouts.set_defaults(handler=cmd_handouts)

    cards = commands.add_parser("cards", help="print a card per table from a plan")
    cards.add_argument("--plan", type=Path, required=True, metavar="PLAN.json")
    cards.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    cards.add_argument(
        "--lang", choices=("nl", "en"), default=None, help="language (default: the plan's)"
    )
    cards.set_defaults(handler=cmd_cards)

    organiser = commands.add_parser("organiser", help="the organiser console (a window)")
    archive_option(organiser)
    organiser.set_defaults(handler=cmd_organiser)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = launch_args(argv) or build_parser().parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        build_parser().print_usage(sys.stderr)
        return 2
    if handler in (cmd_kiosk, cmd_organiser):
        from kiosk.core.platforms import hide_console_when_double_clicked

        hide_console_when_double_clicked()
        # The kiosk and the console choose their own language (Dutch unless told otherwise).
        return run(handler, args)
    # Organisers' scripts and tests read these messages: English, whatever the UI speaks. The
    # language is restored after, for a caller in the same process (the demo, a console).
    previous = language()
    set_language("en")
    try:
        return run(handler, args)
    finally:
        # Never raises: an unreadable catalogue falls back to English (kiosk.core.i18n).
        set_language(previous)


STORE = "the table's store"
ARCHIVE = "the archive"


@contextmanager
def storage_errors(path: Path, what: str) -> Iterator[None]:
    """Turn a failure of the store's disk (full, I/O error, locked) into one sentence."""
    try:
        yield
    except KioskError:
        raise
    except (OSError, sqlite3.Error) as exc:
        raise storage_error(path, exc, what) from None
    except Exception as exc:
        if _is_storage_failure(exc):
            raise storage_error(path, exc, what) from None
        raise


def _is_storage_failure(exc: BaseException) -> bool:
    """SQLAlchemy's wrapper of a database error that is the disk's or a lock's, not a bug."""
    from sqlalchemy.exc import OperationalError

    return isinstance(exc, OperationalError)


def run(handler: Handler, args: argparse.Namespace) -> int:
    """A command's exit code: 1 with one sentence for a user error, the log for a bug."""
    try:
        return handler(args) or 0
    except KioskError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kiosk: interrupted", file=sys.stderr)
        return 130
    except (OSError, sqlite3.Error) as exc:
        # A file or disk failure that no command turned into a sentence of its own.
        print(f"kiosk: {cause(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: the log gets the traceback, the user one line
        from kiosk.core.logs import setup_logging

        if _is_storage_failure(exc):
            print(f"kiosk: {cause(exc)}", file=sys.stderr)
            return 1
        log_file = setup_logging()
        log.exception("unexpected error in %s", " ".join(sys.argv))
        where = f"; details in {log_file}" if log_file else ""
        print(f"kiosk: unexpected error ({type(exc).__name__}: {exc}){where}", file=sys.stderr)
        return 1
