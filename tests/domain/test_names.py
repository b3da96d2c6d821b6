import pytest

from trucewatch.domain.names import normalize_name, script_of


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jabhat al-Nusra", "Jabhat an-Nusra"),
        ("Jabhat al-Nusra", "JABHAT AL-NUSRAH"),
        ("al Nusra Front", "Al-Nusrah Front"),
        ("Hay'at Tahrir al-Sham", "Hayat Tahrir al-Sham"),
        ("Hay’at Tahrir al-Sham", "Hayat Tahrir as-Sham"),
        ("Jabhat Fateh al-Sham", "Jabhat Fateh el-Sham"),
        ("Dūmā", "Duma"),
        ("Ḩamāh", "Hama"),
        ("جبهة النصرة", "جبهه النصره"),
        ("أحرار الشام", "احرار الشام"),
    ],
)
def test_spelling_variants_share_a_key(a: str, b: str) -> None:
    assert normalize_name(a) == normalize_name(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Jabhat al-Nusra", "Jaysh al-Islam"), ("Ahrar al-Sham", "Thuwwar al-Sham"), ("Iran", "Iraq")],
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert normalize_name(a) != normalize_name(b)


def test_normalisation_is_idempotent() -> None:
    for name in ["Jabhat an-Nusra", "Hay'at Tahrir al-Sham", "الدولة الإسلامية", "Dayr az-Zawr"]:
        key = normalize_name(name)
        assert normalize_name(key) == key


@pytest.mark.parametrize(
    ("name", "script"), [("Lavrov", "latn"), ("Лавров", "cyrl"), ("لافروف", "arab")]
)
def test_script_of(name: str, script: str) -> None:
    assert script_of(name) == script
