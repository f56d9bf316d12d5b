"""The one exception that services raise: a machine code for tests and a French message."""


class DomainError(Exception):
    """A rule of the domain was broken; nothing was written.

    `code` is stable (tests and API clients match on it); `message` is shown to people.
    """

    def __init__(self, code: str, message: str, *, details: list[str] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"- {d}" for d in self.details)
