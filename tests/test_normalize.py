"""Normalising at the door: idempotent, same length, offsets kept."""
from hypothesis import given
from hypothesis import strategies as st

from extract.normalize import clean, fold, for_matching, squash

VIETNAMESE = st.text(alphabet=st.sampled_from(list("aăâeêioôơuưyAĂÂĐEÊIOÔƠUƯYàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵđÐ Uỷ hoà qu/-.,\n0123456789")),
                     max_size=200)


@given(VIETNAMESE)
def test_clean_is_idempotent(text):
    assert clean(clean(text)) == clean(text)


@given(VIETNAMESE)
def test_views_keep_length(text):
    t = clean(text)
    assert len(for_matching(t)) == len(t) == len(fold(t))


@given(VIETNAMESE)
def test_for_matching_is_idempotent(text):
    t = clean(text)
    assert for_matching(for_matching(t)) == for_matching(t)


def test_tone_placements_meet():
    assert for_matching("Uỷ ban nhân dân") == for_matching("Ủy ban nhân dân")
    assert for_matching("hoà bình") == for_matching("hòa bình")
    assert fold("UỶ BAN") == fold("Ủy ban") == "uy ban"


def test_quy_keeps_its_tone():
    assert for_matching("quý") == "quý"


def test_eth_becomes_d_with_stroke():
    assert for_matching("NÐ-CP") == "NĐ-CP"


def test_squash_is_a_comparison_key():
    assert squash("Sở Thông tin & Truyền thông,  tỉnh Quảng Ninh") == "so thong tin truyen thong tinh quang ninh"


def test_clean_composes_and_unifies_newlines():
    assert clean("Quye\u0302\u0301t đi\u0323nh\r\nsố\ufeff") == "Quyết định\nsố"
