"""Types shared across the schema: money and user errors."""

from __future__ import annotations

import strawberry

from data.money import decimal_amount


@strawberry.type(description="An amount of money: integer minor units plus an ISO 4217 currency.")
class Money:
    amount_minor: int = strawberry.field(description="Amount in minor units, e.g. 12990.")
    currency: str = strawberry.field(description="ISO 4217 currency code, e.g. EUR.")

    @strawberry.field(
        description='Decimal string in major units, e.g. "129.90" (as many decimals as the '
        'currency has: "12990" for JPY).'
    )
    def amount(self) -> str:
        return decimal_amount(self.amount_minor, self.currency)


@strawberry.type(description="An expected failure of a mutation, as data.")
class UserError:
    code: str = strawberry.field(
        description="Stable SCREAMING_SNAKE_CASE code, e.g. OFFER_EXPIRED, SOLD_OUT."
    )
    message: str = strawberry.field(description="Human-readable explanation.")
    field: list[str] | None = strawberry.field(
        default=None, description="Path into the input, when one field is at fault."
    )
