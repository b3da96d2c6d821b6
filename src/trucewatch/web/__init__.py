"""Server-rendered dashboard pages: view -> typed context -> Jinja2 template.

The pages call the same services as the API and respect the same roles; static assets are
vendored under `static/vendor/` so the dashboard works with no internet.
"""
