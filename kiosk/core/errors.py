"""Errors the user can act on: each carries one clear sentence and never a traceback."""


class KioskError(Exception):
    """Something about the input or the environment that the user can fix.

    The message is shown as-is; it names the file, line or field at fault.
    """


class ProblemsError(KioskError):
    """Several problems found in one input, each a line of its own."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {p}" for p in problems))
