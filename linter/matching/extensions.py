"""Token extension attributes that carry lexicon membership into spaCy's matchers.

A lexicon term can span several tokens (中途|覚醒, hair|loss).  The lexicon
annotator marks the first token of each term (``medlint_lex_b``), its other
tokens (``medlint_lex_i``) and all of them (``medlint_lex``) with the lexicon
names, so a Matcher pattern can say "one term of lexicon X here" with two
token specs instead of thousands of alternatives.
"""

from __future__ import annotations

from spacy.tokens import Token

LEX = "medlint_lex"
LEX_BEGIN = "medlint_lex_b"
LEX_INSIDE = "medlint_lex_i"
LEXICONS = "medlint_lexicons"  # doc.user_data key: the lexicons with a term in the doc


def register() -> None:
    if not Token.has_extension(LEX):
        Token.set_extension(LEX, default=())
    # The Matcher reads these two on every token it tries: a token outside every lexicon
    # holds 0 and a token of one lexicon holds its name, values spaCy's set predicates take
    # as they are (a tuple costs an abstract-class check and a new set per token and
    # pattern); a token of several lexicons holds a tuple of their names.
    for name in (LEX_BEGIN, LEX_INSIDE):
        if not Token.has_extension(name):
            Token.set_extension(name, default=0)
