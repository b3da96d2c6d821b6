"""Name normalisation for matching actor names across spellings and scripts.

Two spellings of one name should normalise to the same key: "Jabhat al-Nusra", "Jabhat
an-Nusra" and "JABHAT AL-NUSRAH" all become "jabhat nusra". The rules, in order:

1. Unicode NFKC, then case folding.
2. Arabic: drop short vowels and tatweel, unify alef forms, ta marbuta -> ha, alef maqsura -> ya,
   drop the definite article "ال" at the start of a word.
3. Latin: strip diacritics (ḥ -> h, é -> e); apostrophes and ayn/hamza marks vanish ("Hay'at" ->
   "hayat"); hyphens, dots and other punctuation become spaces.
4. The Arabic article in transliteration vanishes: "al-", "el-" and the sun-letter forms ("an-",
   "ash-", "ad-", ...) when hyphenated or glued by an apostrophe, and a free-standing "al"/"el".
5. A word-final "ah" after a consonant becomes "a" ("Nusrah" -> "nusra", "Hamah" -> "hama").

The key is for matching only; the registry always keeps the name as written.
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_MAP = str.maketrans(
    {
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0622": "\u0627",  # آ
        "\u0671": "\u0627",  # ٱ
        "\u0629": "\u0647",  # ة -> ه
        "\u0649": "\u064a",  # ى -> ي
        "\u0624": "\u0648",  # ؤ -> و
        "\u0626": "\u064a",  # ئ -> ي
    }
)
_QUOTE_MARKS = "'\u2018\u2019\u02bc\u02bb\u02be\u02bf`\u00b4"
_SUN_ARTICLES = "al|el|il|ul|an|ad|adh|ar|as|ash|at|ath|az|ay|ed|en|er|es|esh|et|ez|ul|al"
_HYPHEN_ARTICLE = re.compile(rf"(?:(?<=\s)|^)(?:{_SUN_ARTICLES})[-\u2010\u2011](?=\w)")
_FREE_ARTICLE = re.compile(r"(?:(?<=\s)|^)(?:al|el)(?=\s|$)")
_ARABIC_ARTICLE = re.compile(r"(?:(?<=\s)|^)\u0627\u0644(?=\w\w)")
_FINAL_AH = re.compile(r"(?<=[b-df-hj-np-tv-z])ah\b")
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxyz")  # the lookbehind's class
_NON_WORD = re.compile(r"[^\w]+")


def _strip_latin_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept = []
    for ch in decomposed:
        if unicodedata.combining(ch) and not ("\u0600" <= ch <= "\u06ff"):
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


def normalize_name(name: str) -> str:
    """Return the matching key of a name (see the module docstring for the rules)."""
    if name and name.isascii() and name.isalpha():
        # One word of ASCII letters, the usual case: only rules 1, 4 (a free-standing article)
        # and 5 can apply; the same result as the steps below, without their dozen passes.
        word = name.lower()
        if word in ("al", "el"):
            return ""
        if word.endswith("ah") and len(word) > 2 and word[-3] in _CONSONANTS:
            return word[:-2] + "a"
        return word
    text = unicodedata.normalize("NFKC", name or "").casefold()
    if text.isascii():
        # Nothing Arabic, no combining marks, and only two of the quote marks can be there:
        # the same result without a Python-level pass over every character (most words of
        # English news are ASCII, and the extraction normalises every new word it meets).
        text = text.replace("'", "").replace("`", "")
    else:
        text = _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_MAP)
        text = _strip_latin_diacritics(text)
        for mark in _QUOTE_MARKS:
            text = text.replace(mark, "")
    text = " ".join(text.split())
    text = _HYPHEN_ARTICLE.sub("", text)
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    text = " ".join(text.split())
    text = _FREE_ARTICLE.sub("", text)
    text = _ARABIC_ARTICLE.sub("", text)
    text = _FINAL_AH.sub("a", text)
    return " ".join(text.split())


def script_of(name: str) -> str:
    """A coarse script tag for an alias: arab, cyrl or latn (ISO 15924 style)."""
    for ch in name:
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f":
            return "arab"
        if "\u0400" <= ch <= "\u04ff":
            return "cyrl"
    return "latn"
