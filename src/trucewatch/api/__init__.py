"""The REST API's routes (`routes_*`), schemas and paging. The app that serves them, and the
pages beside them, is built by `trucewatch.server.app.create_app`; nothing runs at import time."""
