"""UK/US spelling variants of medical words.

Each pair is (British fragment, American fragment). The engine folds the
British fragment to the American one at index and search time (a mapping
char filter), and the database backend expands a query word into both forms,
so "diarrhea" finds "diarrhoea" and the other way round.
"""

import re

SPELLING_FRAGMENTS = [
    ("diarrhoe", "diarrhe"),
    ("haemorrh", "hemorrh"),
    ("haemat", "hemat"),
    ("haemo", "hemo"),
    ("haem", "hem"),
    ("anaem", "anem"),
    ("leukaem", "leukem"),
    ("ischaem", "ischem"),
    ("septicaem", "septicem"),
    ("glycaem", "glycem"),
    ("anaesth", "anesth"),
    ("oedem", "edem"),
    ("oesophag", "esophag"),
    ("oestrogen", "estrogen"),
    ("oestr", "estr"),
    ("foetal", "fetal"),
    ("foetus", "fetus"),
    ("coeliac", "celiac"),
    ("faeces", "feces"),
    ("faecal", "fecal"),
    ("dyspnoea", "dyspnea"),
    ("apnoea", "apnea"),
    ("amenorrhoea", "amenorrhea"),
    ("gonorrhoea", "gonorrhea"),
    ("paediatr", "pediatr"),
    ("orthopaed", "orthoped"),
    ("gynaecolog", "gynecolog"),
    ("caesarean", "cesarean"),
    ("tumour", "tumor"),
    ("behaviour", "behavior"),
    ("labour", "labor"),
    ("colour", "color"),
    ("humour", "humor"),
    ("odour", "odor"),
    ("favour", "favor"),
    ("centre", "center"),
    ("fibre", "fiber"),
    ("litre", "liter"),
    ("metre", "meter"),
    ("ageing", "aging"),
    ("sulph", "sulf"),
    ("mould", "mold"),
    ("manoeuvr", "maneuver"),
    ("programme", "program"),
    ("aluminium", "aluminum"),
    ("defence", "defense"),
    ("licence", "license"),
    ("practise", "practice"),
    ("hospitalis", "hospitaliz"),
    ("immunis", "immuniz"),
    ("paralys", "paralyz"),
    ("catalogue", "catalog"),
]

_UK_TO_US = sorted(SPELLING_FRAGMENTS, key=lambda pair: -len(pair[0]))
_US_TO_UK = sorted(
    ((us, uk) for uk, us in SPELLING_FRAGMENTS), key=lambda p: -len(p[0])
)


def _replace_first(word, table):
    for source, target in table:
        index = word.find(source)
        if index != -1:
            return word[:index] + target + word[index + len(source) :]
    return word


def spelling_variants(word):
    """The word and its other-spelling forms (lowercase), e.g. anemia -> anaemia."""
    word = word.lower()
    variants = {word}
    us = _replace_first(word, _UK_TO_US)
    variants.add(us)
    uk = _replace_first(us, _US_TO_UK)
    variants.add(uk)
    return sorted(variants, key=lambda v: (v != word, v))


def americanise(text):
    """Fold every British fragment in ``text`` to its American form."""
    pattern = re.compile("|".join(re.escape(uk) for uk, _ in _UK_TO_US), re.IGNORECASE)
    mapping = dict(SPELLING_FRAGMENTS)
    return pattern.sub(lambda m: mapping[m.group(0).lower()], text)
