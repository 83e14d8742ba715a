"""The vocabulary's spelling correction (search/vocabulary.py), no database:
the closest known word by edits, a swap of two letters counting as one."""

import pytest

from search.vocabulary import correct_word, edit_distance, slips


@pytest.mark.parametrize(
    "a, b, edits",
    [
        ("codp", "copd", 1),  # two letters swapped
        ("codp", "cord", 2),
        ("acni", "acne", 1),
        ("acni", "acid", 2),
        ("kitten", "sitting", 3),
        ("", "", 0),
        ("ab", "", 2),
        ("", "abc", 3),
        ("gout", "gout", 0),
    ],
)
def test_edit_distance(a, b, edits):
    assert edit_distance(a, b) == edits
    assert edit_distance(b, a) == edits


def test_fewest_edits_win_over_the_more_common_word():
    # "cord" and "acid" tie with the typed words on difflib's ratio (0.75)
    # and are far more common; they are two edits away, the meant words one.
    vocab = {"cord": 500, "cope": 200, "copd": 3, "acid": 400, "acne": 2}
    assert correct_word("codp", vocab) == "copd"
    assert correct_word("acni", vocab) == "acne"


def test_ties_on_edits_go_to_the_more_common_word():
    vocab = {"heart": 50, "hearth": 1, "hurt": 5}
    assert correct_word("haert", vocab) == "heart"


def test_known_and_short_words_are_left_alone():
    vocab = {"gout": 5, "gut": 1}
    assert correct_word("gout", vocab) is None
    assert correct_word("gut", vocab) is None  # below the typo length
    assert correct_word("zzqxv", vocab) is None  # nothing close


@pytest.mark.parametrize(
    "typed, corrected, searched",
    [
        ("skxin cancer", "skin cancer", True),  # one letter too many
        ("codp", "copd", True),  # two letters swapped
        ("charly hors", "charley horse", True),
        ("constiupation", "constipation", True),
        ("dehydrashun", "dehydration", False),  # three edits: offered only
        ("hematuria", "hematoma", False),  # an unknown clinical word
        ("tinea capitis", "tinea cavities", False),  # two edits in seven letters
        ("smelly breath", "smell breath", False),  # another form of the word
        ("skin cancer", "skin cancer", False),  # nothing changed
    ],
)
def test_only_slips_of_typing_are_searched_beside_the_words(typed, corrected, searched):
    assert slips(typed, corrected) is searched


def test_a_known_other_spelling_is_not_a_slip():
    vocab = {"fiber": 40, "fire": 90, "mold": 5, "moud": 1}
    assert correct_word("fibre", vocab) is None
    assert correct_word("mould", vocab) is None


def test_equal_edits_go_to_the_more_common_word_and_never_to_filler():
    # "tiena" is one swap from tinea and one deletion from tina; difflib's
    # ratio prefers tina, the counts prefer the topic.
    vocab = {"tinea": 14, "tina": 5, "that": 900, "throat": 40}
    assert correct_word("tiena", vocab) == "tinea"
    # "that" is one edit from "thrat" and far more common: filler never wins.
    assert correct_word("thrat", vocab) == "throat"


def test_a_limit_stops_the_count_early_with_the_same_verdict():
    for a, b in [
        ("codp", "copd"),
        ("kitten", "sitting"),
        ("chest", "chests"),
        ("", "abc"),
    ]:
        for limit in (0, 1, 2, 3):
            full = edit_distance(a, b)
            bounded = edit_distance(a, b, limit)
            assert (bounded <= limit) == (full <= limit)
            assert bounded == full if full <= limit else bounded == limit + 1
