"""Text -> actors, quotes, places, dates and events. Pure: no database access here."""
