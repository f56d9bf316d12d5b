"""The answering form, built from the questionnaire's questions.

Not a Django Form: each kind has its own markup (a scale is a radio group 1–5 with its
end labels in a fieldset, a multiple choice a group of checkboxes), so the template gets
plain field descriptions with what was typed and the error, and the service checks.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import Question, QuestionKind


@dataclass
class Option:
    value: str
    label: str
    checked: bool


@dataclass
class Field:
    question: Question
    name: str
    kind: str
    options: list[Option] = field(default_factory=list)
    text: str = ""
    error: str = ""

    @property
    def describedby(self) -> str:
        """Ids of the help text and the error, for aria-describedby."""
        ids = []
        if self.question.help_text:
            ids.append(f"{self.name}-help")
        if self.error:
            ids.append(f"{self.name}-error")
        return " ".join(ids)

    @property
    def grouped(self) -> bool:
        """Radio and checkbox groups go in a fieldset with a legend."""
        return self.kind != QuestionKind.TEXT


def field_name(question: Question) -> str:
    return f"q-{question.pk}"


def read_post(questions: list[Question], post) -> dict[int, object]:
    """{question id: value} from the submitted form (a list for multiple choices)."""
    data: dict[int, object] = {}
    for question in questions:
        name = field_name(question)
        if question.kind == QuestionKind.MULTIPLE:
            data[question.pk] = post.getlist(name)
        else:
            data[question.pk] = post.get(name, "")
    return data


def build_fields(
    questions: list[Question], data: dict | None = None, errors: dict | None = None
) -> list[Field]:
    data = data or {}
    errors = errors or {}
    fields = []
    for question in questions:
        value = data.get(question.pk)
        if question.kind == QuestionKind.MULTIPLE:
            chosen = {str(v) for v in (value or [])}
        else:
            chosen = {str(value)} if value not in (None, "") else set()
        options = []
        if question.kind == QuestionKind.SCALE:
            for number in range(1, 6):
                label = str(number)
                if number == 1 and question.scale_low:
                    label = _("%(n)s — %(label)s") % {"n": number, "label": question.scale_low}
                if number == 5 and question.scale_high:
                    label = _("%(n)s — %(label)s") % {"n": number, "label": question.scale_high}
                options.append(Option(str(number), label, str(number) in chosen))
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            for index, label in enumerate(question.choices):
                options.append(Option(str(index), str(label), str(index) in chosen))
        fields.append(
            Field(
                question=question,
                name=field_name(question),
                kind=question.kind,
                options=options,
                text=str(value or "") if question.kind == QuestionKind.TEXT else "",
                error=errors.get(question.pk, ""),
            )
        )
    return fields
