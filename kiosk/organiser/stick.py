"""A ready USB stick for a table host (`make stick DIR=...`): the standalone kiosk, the event's
plan and a short Dutch LEESMIJ.txt, so the stick is all a host needs on a laptop without Python.

Layout: `<stick>/kiosk/` (the bundle, run from there), `<stick>/kiosk-plan-<event>.json` (found
first by the kiosk started from that stick) and `<stick>/LEESMIJ.txt`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from kiosk.core import platforms, resources
from kiosk.core.atomic import write_atomic
from kiosk.core.errors import KioskError
from kiosk.core.i18n import set_language
from kiosk.plan.editor import PlanEditor
from kiosk.plan.model import Plan

README_NAME = "LEESMIJ.txt"


def readme_text(plan: Plan) -> str:
    """The host's instructions, in Dutch, with Windows line ends (Notepad shows them right)."""
    when = f" ({plan.event.date})" if plan.event.date else ""
    lines = [
        f"Kiosk voor de thematafels: {plan.event.title}{when}",
        "",
        "Deze stick is alles wat je nodig hebt. Er hoeft niets geïnstalleerd te worden en er is",
        "geen internet nodig.",
        "",
        "1. Steek de stick in de laptop van je tafel.",
        f"2. {platforms.start_instruction()}",
        "3. Kies 'Plan laden van een USB-stick of map'. Het plan van deze stick staat bovenaan:",
        "   kies het en klik op 'Verder'.",
        "4. Kies je tafel (het nummer op de tafelkaart) en klik op 'Verder'.",
        "5. Kies een pincode van 4 cijfers en onthoud hem: je hebt hem nodig om de kiosk af te",
        "   sluiten, een export te maken of de instellingen te wijzigen. Klik op 'Kiosk starten'.",
        "",
        "De notities blijven op de laptop (het startscherm zegt in welke map), nooit op de stick.",
        "Aan het eind van de dag: Host -> Exporteren naar USB, naar deze stick. Wacht tot er",
        "'Veilig om te verwijderen' staat en geef de stick terug aan de organisatie.",
    ]
    return "\r\n".join(lines) + "\r\n"


def check_bundle(bundle: Path) -> Path:
    """The bundle's executable (or macOS app); a clear refusal when the folder holds no bundle."""
    for name in (platforms.executable_name(), platforms.APP_NAME):
        if (bundle / name).exists():
            return bundle / name
    raise KioskError(
        f"{bundle}: no standalone kiosk here ({platforms.executable_name()} is missing); "
        "run `make bundle` first"
    )


def make_stick(target: Path, bundle: Path, plan_file: Path) -> list[Path]:
    """Put bundle, plan and LEESMIJ.txt on the stick at target; returns what was written.

    The plan is checked before anything is copied; the bundle is copied under a temporary name
    and then renamed, so a stick pulled out halfway never holds a partial `kiosk/` that looks
    whole. An older kiosk folder on the stick is replaced.
    """
    if not target.is_dir():
        raise KioskError(f"{target}: no such folder (is the stick mounted?)")
    check_bundle(bundle)
    editor = PlanEditor.open(plan_file)
    plan = editor.plan()  # refuses a plan with problems, naming the first
    final = target / platforms.BUNDLE_FOLDER
    partial = target / f".{platforms.BUNDLE_FOLDER}-copying"
    old = target / f".{platforms.BUNDLE_FOLDER}-old"
    for leftover in (partial, old):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        # Sticks are FAT or exFAT: no symbolic links, so copy what they point to.
        shutil.copytree(bundle, partial, symlinks=False)
        if final.exists():
            final.rename(old)
        partial.rename(final)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise KioskError(f"{target}: the kiosk cannot be copied here ({exc.strerror})") from None
    shutil.rmtree(old, ignore_errors=True)
    plan_path = editor.write_to_drive(target)
    readme = write_atomic(target / README_NAME, readme_text(plan).encode("utf-8"))
    if hasattr(os, "sync"):  # a host may pull the stick out right after
        os.sync()
    return [final, plan_path, readme]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.organiser.stick", description=__doc__)
    parser.add_argument("target", type=Path, help="the stick's folder (its root)")
    parser.add_argument("--bundle", type=Path, default=Path("dist") / platforms.BUNDLE_FOLDER)
    parser.add_argument("--plan", type=Path, help="the event plan (default: the demo event's)")
    args = parser.parse_args(argv)
    plan = args.plan or resources.path("demo", "plan.json")
    try:
        written = make_stick(args.target, args.bundle, plan)
    except KioskError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    set_language("en")  # a command line: English messages, as every kiosk command
    sys.exit(main())
