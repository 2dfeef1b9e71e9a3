from django import forms


class DateInput(forms.DateInput):
    """The browser's own date picker, with the ISO value it expects."""

    input_type = "date"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)  # type: ignore[arg-type]
