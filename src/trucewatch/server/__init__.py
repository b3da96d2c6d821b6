"""The web server both interfaces share: the app factory and the services wiring (`app`,
`deps`), sessions and sign-in throttling (`sessions`, `limits`), admission and the answer cache
(`admission`, `cache`, `front`), security headers (`headers`) and one error type with one map
from error codes to HTTP statuses (`errors`). `trucewatch.api` (the REST routes) and
`trucewatch.web` (the pages) depend on this package and never on each other."""
