"""The demo workshop, whose Khmer content the Khmer tests read."""

from tests.standards.conftest import workshop

__all__ = ["workshop"]
