"""django-simple-history's `history` attribute, its manager class made once, not on each use.

simple-history's descriptor makes a new manager class (`Manager.from_queryset`, which inspects
every method of the queryset class) each time `history` is read, and reads it on every save to
write the history record: a twentieth of the instructions of a registration.
"""

import functools

from simple_history.manager import HistoryDescriptor


class KeptManagerClassDescriptor(HistoryDescriptor):
    """simple-history's descriptor, giving the same manager from a class made once."""

    @functools.cached_property
    def _manager_class(self):
        return self.manager_class.from_queryset(self.queryset_class)

    def __get__(self, instance, owner):
        return self._manager_class(self.model, instance)


def keep_history_manager_class(model) -> None:
    """Give `model.history` a manager class made once (see the module's docstring)."""
    plain = model.__dict__["history"]
    model.history = KeptManagerClassDescriptor(
        plain.model, manager=plain.manager_class, queryset=plain.queryset_class
    )
