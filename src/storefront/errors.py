"""What the search form says back when a value cannot be used."""

from __future__ import annotations

from collections.abc import Sequence


class FormError(ValueError):
    """A search form value we cannot use; the message is shown beside the form, with the
    `field` at fault (its input's name) and the `choices` that would fix it (form field, value,
    what to call it), if any."""

    def __init__(
        self,
        message: str,
        choices: Sequence[tuple[str, str, str]] = (),
        *,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.choices = tuple(choices)
        self.field = field
