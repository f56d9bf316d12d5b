"""factory_boy factories for people and cohorts."""

import factory

from essor.accounts.models import User
from essor.cohorts.models import (
    Cohort,
    Enrolment,
    EnrolmentStatus,
    Membership,
    Organisation,
    OrganisationFamily,
    Region,
)

PASSWORD = "mot-de-passe-de-test-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"personne{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@exemple.fr")
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Association n° {n}")
    family = OrganisationFamily.ASSOCIATION
    region = Region.IDF
    employees = 12
    volunteers = 40


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort of an already loaded programme (pass `programme=`)."""

    class Meta:
        model = Cohort

    slug = factory.Sequence(lambda n: f"promo-{n}")
    title = factory.Sequence(lambda n: f"Promotion {n}")


def grant(user: User, cohort: Cohort, role: str) -> Membership:
    return Membership.objects.get_or_create(user=user, cohort=cohort, role=role)[0]


def enrol(
    user: User,
    cohort: Cohort,
    *,
    tutor: User | None = None,
    organisation: Organisation | None = None,
    status: str = EnrolmentStatus.ENROLLED,
) -> Enrolment:
    grant(user, cohort, "participant")
    return Enrolment.objects.create(
        cohort=cohort,
        user=user,
        tutor=tutor,
        organisation=organisation or OrganisationFactory(),
        position="Directrice",
        status=status,
    )
