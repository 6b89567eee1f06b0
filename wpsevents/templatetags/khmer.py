"""The `digits` and `weekday_date` filters, in every template without a load (builtins)."""

from django import template

from wpsevents.khmer import local_digits, weekday_date

register = template.Library()


@register.filter(is_safe=True)
def digits(value) -> str:
    """A number, date or time in Khmer digits on Khmer pages and emails: `{{ n|digits }}`."""
    return local_digits(value)


@register.filter(name="weekday_date")
def weekday_date_filter(day) -> str:
    """A date with its weekday, in the page's language and digits: `{{ day|weekday_date }}`."""
    return weekday_date(day)
