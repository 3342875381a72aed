"""Priority by law (Law 15/2023 on medical examination and treatment, Art 3(2)): emergencies,
children under 6, pregnant women, people with severe disabilities, people aged 75 and over, and
people with revolutionary merit are seen first. Age comes from the chip's birth date; the others
are declared by the patient at the kiosk and confirmed by staff or accepted by clinic policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PriorityReason(StrEnum):
    """Why a patient is seen first (the code the HIS and the screens get)."""

    EMERGENCY = "emergency"
    CHILD_UNDER_6 = "child_under_6"
    PREGNANT = "pregnant"
    SEVERE_DISABILITY = "severe_disability"
    AGED_75_PLUS = "aged_75_plus"
    REVOLUTIONARY_MERIT = "revolutionary_merit"

    @property
    def from_age(self) -> bool:
        return self in (PriorityReason.CHILD_UNDER_6, PriorityReason.AGED_75_PLUS)


#: What the patient may declare on the kiosk, in the order the screen lists them.
DECLARABLE = (PriorityReason.PREGNANT, PriorityReason.SEVERE_DISABILITY,
              PriorityReason.REVOLUTIONARY_MERIT, PriorityReason.EMERGENCY)


class PriorityBasis(StrEnum):
    AGE = "age"                # from the chip's birth date: needs nobody's confirmation
    DECLARED = "declared"      # the patient said so at the kiosk


class PriorityStatus(StrEnum):
    GRANTED = "granted"        # age-based, confirmed by staff, or accepted by clinic policy
    UNCONFIRMED = "unconfirmed"  # declared, waiting for a receptionist
    REFUSED = "refused"        # declared, and the receptionist did not confirm it


@dataclass(frozen=True)
class Priority:
    """A priority claim and where it stands; `staff` and `note` when a receptionist decided."""

    reason: PriorityReason
    basis: PriorityBasis
    status: PriorityStatus
    staff: str = ""
    note: str = ""

    @property
    def granted(self) -> bool:
        return self.status is PriorityStatus.GRANTED


def age_on(birth_date: date | int, today: date) -> int:
    """Whole years of age on `today`. A card that gives the year alone counts from 1 January of
    that year (the usual reading of a year-only birth date)."""
    born = date(birth_date, 1, 1) if isinstance(birth_date, int) else birth_date
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def age_priority(birth_date: date | int, today: date) -> Priority | None:
    """Priority by age alone: under 6, or 75 and over; None otherwise."""
    age = age_on(birth_date, today)
    if age < 6:
        return Priority(PriorityReason.CHILD_UNDER_6, PriorityBasis.AGE, PriorityStatus.GRANTED)
    if age >= 75:
        return Priority(PriorityReason.AGED_75_PLUS, PriorityBasis.AGE, PriorityStatus.GRANTED)
    return None


def priority_of(birth_date: date | int, today: date, declared: PriorityReason | None, *,
                accept_declared: bool, by_age: bool = True) -> Priority | None:
    """The priority a check-in gets: by age when it applies (nobody needs to confirm it), else
    the declared one, granted at once when clinic policy accepts declarations."""
    aged = age_priority(birth_date, today) if by_age else None
    if aged is not None or declared is None:
        return aged
    if declared.from_age:
        return None  # an age the chip does not bear out is not a priority
    status = PriorityStatus.GRANTED if accept_declared else PriorityStatus.UNCONFIRMED
    return Priority(declared, PriorityBasis.DECLARED, status)
