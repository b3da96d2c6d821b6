import pytest
from hypothesis import example, given
from hypothesis import strategies as st

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


def _normalize_name_reference(name: str) -> str:
    """normalize_name before its ASCII shortcut: every step on every text."""
    from trucewatch.domain import names as n

    text = n.unicodedata.normalize("NFKC", name or "").casefold()
    text = n._ARABIC_DIACRITICS.sub("", text).translate(n._ARABIC_MAP)
    text = n._strip_latin_diacritics(text)
    for mark in n._QUOTE_MARKS:
        text = text.replace(mark, "")
    text = " ".join(text.split())
    text = n._HYPHEN_ARTICLE.sub("", text)
    text = n._NON_WORD.sub(" ", text).replace("_", " ")
    text = " ".join(text.split())
    text = n._FREE_ARTICLE.sub("", text)
    text = n._ARABIC_ARTICLE.sub("", text)
    text = n._FINAL_AH.sub("a", text)
    return " ".join(text.split())


@given(
    st.one_of(
        st.text(st.sampled_from(list("al-Nusrah 'ʼ`´’.ÉéIİ\u0627\u0644\u064e\u0629Ǆ5_"))),
        st.text(st.sampled_from(list("aehlyAEHL")), max_size=6),
        st.text(),
    )
)
@example("Hay`at Tahrir")
@example("Hay'at al-Sham")
@example("Dūmā")
@example("Nusrah")
@example("HAMAH")
@example("Yah")
@example("El")
@example("aah")
def test_normalize_name_equals_the_reference(name: str) -> None:
    assert normalize_name(name) == _normalize_name_reference(name)
