"""Text -> actors, quotes, places, dates and events. Pure: no database access here."""

from trucewatch import accel as _accel

# The stages' compiled copies, when built from these very sources (see trucewatch.accel).
_accel.activate(__path__)
