"""Text cleaning before extraction: line endings, and page boilerplate at the end of an article.

Scraped articles often end with a comment form or a share bar ("Leave a Reply", "Your email
address will not be published. Required fields are marked *"). Those lines are not the article
and would otherwise become sentences, actors and places.

The boilerplate rule: scan the last paragraphs of the text (at most `TAIL_PARAGRAPHS`); from the
first paragraph that opens with one of the known footer phrases in `FOOTER_OPENERS`, as a line
or sentence of its own (the phrase followed by a line end or by ".", ":", "!", "*"), everything
to the end is cut. A footer phrase in the middle of an article is left alone, because only the
tail is scanned and the paragraph must start with it.
"""

from __future__ import annotations

import re

TAIL_PARAGRAPHS = 6
FOOTER_OPENERS = (
    "leave a reply",
    "leave a comment",
    "post a comment",
    "your email address will not be published",
    "required fields are marked",
    "share this:",
    "share this article",
    "related posts",
    "you may also like",
    "subscribe to our newsletter",
    "click here to subscribe",
    "comments are closed",
)
_PARA_SPLIT = re.compile(r"\n\s*\n")
_FOOTER = re.compile(
    "(?:" + "|".join(re.escape(p) for p in FOOTER_OPENERS) + r")\s*(?:[.:!*]|\n|$)",
    re.IGNORECASE,
)


def clean_text(text: str) -> str:
    """Normalise line endings, cut trailing page boilerplate, strip outer whitespace."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    bounds = [0] + [m.end() for m in _PARA_SPLIT.finditer(text)]
    for start in bounds[-TAIL_PARAGRAPHS:]:
        if _FOOTER.match(text, start):
            text = text[:start]
            break
    return text.strip()


_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: runs of lines separated by blank lines.

    The spans of `_PARAGRAPH.finditer(text)` that hold more than whitespace, found line by line
    from the line breaks (`str.find`) instead of by the regex engine stepping through every
    character: a paragraph starts at a non-empty line and takes in each next line unless that
    line is empty, or holds only whitespace and a line break follows it (the `(?!\\s*\\n)`).
    """
    out = []
    start = -1  # where the open paragraph starts (-1: none open)
    end = pos = 0  # where it ends; where the current line starts
    find = text.find
    while True:
        nl = find("\n", pos)
        line_end = len(text) if nl < 0 else nl
        if line_end == pos:  # an empty line closes the paragraph
            if start >= 0 and not text[start:end].isspace():
                out.append((start, end))
            start = -1
        elif start >= 0 and not (nl >= 0 and text[pos:line_end].isspace()):
            end = line_end  # the paragraph goes on
        else:
            if start >= 0 and not text[start:end].isspace():
                out.append((start, end))
            start, end = pos, line_end
        if nl < 0:
            break
        pos = nl + 1
    if start >= 0 and not text[start:end].isspace():
        out.append((start, end))
    return out


_BLANK_LINE = re.compile(r"\s*\n")


def guess_title(text: str) -> tuple[str, tuple[int, int]] | None:
    """A first paragraph of one short line with no final full stop is taken as the headline.

    The first paragraph (`_PARAGRAPH` at 0) is one line when that line is the text or is
    followed by a blank line (`_BLANK_LINE`) or by a final line break; otherwise it has a line
    break and is no headline. Telling that from the first line break, rather than matching the
    whole paragraph, keeps a one-paragraph article from being scanned (and split into words)
    to its end.
    """
    end = text.find("\n")
    if end >= 0 and end + 1 < len(text) and not _BLANK_LINE.match(text, end + 1):
        return None  # the paragraph goes on to the next line
    line = text if end < 0 else text[:end]
    # At most 16 words: splitting off 16 leaves a 17th piece only when there are more.
    if not line or not 1 <= len(line.split(None, 16)) <= 16 or line.rstrip()[-1:] in '.:;,"”':
        return None
    return line.strip(), (0, len(line.rstrip()))
