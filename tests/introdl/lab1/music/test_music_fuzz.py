"""Random and truncated ABC never crashes extraction, checking or rendering."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from introdl.lab1.music.render import RenderError, render_tune
from introdl.lab1.music.tunes import check_tune, extract_tunes

ABC_ALPHABET = "XTMLKQ:|[]()ABCDEFGabcdefgz,'/23468^_=-{}!\"%<>.~ \n"
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _exercise(text: str) -> None:
    for tune in extract_tunes(text) or [text]:
        check = check_tune(tune)
        assert check.valid or check.reason
        if check.valid:
            try:
                rendered = render_tune(check)
                assert rendered.mp3[0] == 0xFF and rendered.mp3[1] & 0xE0 == 0xE0  # an MPEG frame header
            except RenderError:
                pass


@SETTINGS
@given(st.text(alphabet=ABC_ALPHABET, max_size=200))
def test_random_abc_characters(text):
    _exercise(text)


@SETTINGS
@given(st.text(max_size=80))
def test_random_unicode(text):
    _exercise(text)


@SETTINGS
@given(st.data())
def test_truncated_and_mutated_real_tunes(songs, data):
    tune = data.draw(st.sampled_from(songs[:200]))
    cut = data.draw(st.integers(0, len(tune)))
    text = tune[:cut]
    if data.draw(st.booleans()):
        position = data.draw(st.integers(0, len(text)))
        text = text[:position] + data.draw(st.text(alphabet=ABC_ALPHABET, max_size=5)) + text[position:]
    _exercise(text)
