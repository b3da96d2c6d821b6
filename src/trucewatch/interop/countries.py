"""Country names and ISO 3166 codes for the countries our formats meet most.

ACLED gives `iso` as the ISO 3166-1 *numeric* code and the country's English name; we store
alpha-2. The table covers the conflict regions ACLED, UCDP and PA-X cover most densely, not the
whole standard: a country missing here keeps its name and code in the stored row and gets no
alpha-2 code (never a guessed one).
"""

from __future__ import annotations

from trucewatch.domain.names import normalize_name

# alpha-2: (numeric, English name as ACLED/UCDP write it)
COUNTRIES: dict[str, tuple[int, str]] = {
    "AE": (784, "United Arab Emirates"),
    "AF": (4, "Afghanistan"),
    "AM": (51, "Armenia"),
    "AZ": (31, "Azerbaijan"),
    "BF": (854, "Burkina Faso"),
    "BH": (48, "Bahrain"),
    "CD": (180, "Democratic Republic of Congo"),
    "CF": (140, "Central African Republic"),
    "CM": (120, "Cameroon"),
    "CN": (156, "China"),
    "CO": (170, "Colombia"),
    "CY": (196, "Cyprus"),
    "DE": (276, "Germany"),
    "DZ": (12, "Algeria"),
    "EG": (818, "Egypt"),
    "ET": (231, "Ethiopia"),
    "FR": (250, "France"),
    "GB": (826, "United Kingdom"),
    "GE": (268, "Georgia"),
    "IL": (376, "Israel"),
    "IN": (356, "India"),
    "IQ": (368, "Iraq"),
    "IR": (364, "Iran"),
    "JO": (400, "Jordan"),
    "KE": (404, "Kenya"),
    "KW": (414, "Kuwait"),
    "LB": (422, "Lebanon"),
    "LY": (434, "Libya"),
    "MA": (504, "Morocco"),
    "ML": (466, "Mali"),
    "MM": (104, "Myanmar"),
    "MZ": (508, "Mozambique"),
    "NE": (562, "Niger"),
    "NG": (566, "Nigeria"),
    "OM": (512, "Oman"),
    "PH": (608, "Philippines"),
    "PK": (586, "Pakistan"),
    "PS": (275, "Palestine"),
    "QA": (634, "Qatar"),
    "RU": (643, "Russia"),
    "SA": (682, "Saudi Arabia"),
    "SD": (729, "Sudan"),
    "SO": (706, "Somalia"),
    "SS": (728, "South Sudan"),
    "SY": (760, "Syria"),
    "TD": (148, "Chad"),
    "TN": (788, "Tunisia"),
    "TR": (792, "Turkey"),
    "UA": (804, "Ukraine"),
    "US": (840, "United States"),
    "YE": (887, "Yemen"),
}

_BY_NUMERIC = {num: a2 for a2, (num, _name) in COUNTRIES.items()}
_BY_NAME = {normalize_name(name): a2 for a2, (_num, name) in COUNTRIES.items()}
_BY_NAME.update(
    {
        normalize_name(n): a2
        for n, a2 in (
            ("Syrian Arab Republic", "SY"),
            ("Russian Federation", "RU"),
            ("United States of America", "US"),
            ("USA", "US"),
            ("Türkiye", "TR"),
            ("Iran (Islamic Republic of)", "IR"),
            ("DR Congo (Zaire)", "CD"),
            ("Yemen (North Yemen)", "YE"),
            ("Russia (Soviet Union)", "RU"),
        )
    }
)


def alpha2(*, numeric: str | int | None = None, name: str | None = None) -> str | None:
    """Alpha-2 for an ACLED `iso` number or a country name; None when the table lacks it."""
    if numeric not in (None, ""):
        try:
            code = _BY_NUMERIC.get(int(str(numeric).strip()))
        except ValueError:
            code = None
        if code:
            return code
    if name:
        return _BY_NAME.get(normalize_name(name))
    return None


def numeric(code: str | None) -> int | None:
    return COUNTRIES[code][0] if code in COUNTRIES else None


def name(code: str | None) -> str | None:
    return COUNTRIES[code][1] if code in COUNTRIES else None
