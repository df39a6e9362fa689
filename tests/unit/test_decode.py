"""decode_html: BOMs, page declarations, lying labels, unlabelled legacy bytes, garbage."""

# Samples in other scripts are the point of these tests; their look-alike letters are intended.

from __future__ import annotations

import codecs
import random

import pytest
from lxml import etree

from reviewcrawl.extract.page.decode import codec_for_label, decode_html, decode_page
from reviewcrawl.extract.page.page import load_page

KOREAN = "발레리나는 친구를 잃은 경호원의 복수극이다. 전종서의 액션은 차갑고 정확하다."
JAPANESE = "東京の小さな映画館で観た。静かな長回しが続き、最後の場面は忘れがたい。"
CHINESE = "这是一部关于复仇的电影，女主角的表演冷静而精准，动作场面设计得非常出色。"
RUSSIAN = "Фильм рассказывает о телохранителе, который мстит за погибшую подругу. Это захватывающе."
FRENCH = "Café, crème brûlée et « déjà-vu » — un film où l'été s'étire à l'infini; 5 € la place."


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("latin-1", "cp1252"),
        ("ISO-8859-1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("euc-kr", "cp949"),
        ("EUC_KR", "cp949"),
        ("ks_c_5601-1987", "cp949"),
        ("shift_jis", "cp932"),
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("windows-1251", "cp1251"),
        ("utf8", "utf-8"),
        (' "UTF-8" ', "utf-8"),
        ("no-such-charset", None),
        (None, None),
    ],
)
def test_labels_map_the_browser_way(label: str | None, codec: str | None) -> None:
    assert codec_for_label(label) == codec


def test_meta_cannot_declare_utf16() -> None:
    assert codec_for_label("utf-16", from_meta=True) == "utf-8"


def test_utf8_declared_and_valid() -> None:
    html = page(KOREAN, '<meta charset="utf-8">')
    assert decode_html(html.encode("utf-8")) == html


def test_euc_kr_declared_by_meta_charset_only() -> None:
    html = page(KOREAN, '<meta charset="euc-kr">')
    assert decode_html(html.encode("euc-kr")) == html


def test_euc_kr_declared_by_http_equiv_only() -> None:
    html = page(KOREAN, '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">')
    assert decode_html(html.encode("euc-kr")) == html


def test_euc_kr_label_reads_cp949_extensions() -> None:
    # "똠" and "펲" exist only in the cp949 superset browsers use for "euc-kr".
    html = page("똠방각하 펲", '<meta charset="euc-kr">')
    assert decode_html(html.encode("cp949")) == html


def test_meta_declaration_beats_transport_hint() -> None:
    html = page(KOREAN, '<meta charset="euc-kr">')
    assert decode_html(html.encode("euc-kr"), "iso-8859-1") == html


def test_utf8_bytes_labelled_euc_kr_read_as_utf8() -> None:
    html = page(KOREAN, '<meta charset="euc-kr">')
    assert decode_html(html.encode("utf-8")) == html


def test_utf8_bytes_with_latin1_header_read_as_utf8() -> None:
    html = page(FRENCH)
    assert decode_html(html.encode("utf-8"), "ISO-8859-1") == html


def test_cp1252_bytes_labelled_latin1() -> None:
    # Curly quotes, the euro sign and the em dash live in 0x80-0x9F, where latin-1 has only controls.
    html = page("“Quoted” — 5 € " + FRENCH, '<meta charset="iso-8859-1">')
    assert decode_html(html.encode("cp1252")) == html


def test_cp1252_from_transport_hint() -> None:
    html = page(FRENCH)
    assert decode_html(html.encode("cp1252"), "latin-1") == html


def test_cp1252_undefined_bytes_become_c1_controls() -> None:
    assert (
        decode_html(b'<meta charset="windows-1252"><p>a\x81b</p>')
        == '<meta charset="windows-1252"><p>a\x81b</p>'
    )


def test_lying_utf8_declaration_falls_back_to_transport_hint() -> None:
    html = page(RUSSIAN, '<meta charset="utf-8">')
    assert decode_html(html.encode("cp1251"), "windows-1251") == html


def test_transport_hint_used_when_page_declares_nothing() -> None:
    html = page(KOREAN)
    assert decode_html(html.encode("euc-kr"), "euc-kr") == html


@pytest.mark.parametrize(
    ("text", "codec", "label"),
    [
        (JAPANESE, "shift_jis", "shift_jis"),
        (JAPANESE, "cp932", "Shift_JIS"),
        (CHINESE, "gb18030", "gb18030"),
        (CHINESE, "gbk", "gb2312"),
        (RUSSIAN, "cp1251", "windows-1251"),
        (KOREAN, "euc-kr", "euc-kr"),
    ],
)
def test_declared_legacy_encodings(text: str, codec: str, label: str) -> None:
    html = page(text, f'<meta http-equiv="Content-Type" content="text/html; charset={label}">')
    assert decode_html(html.encode(codec)) == html


@pytest.mark.parametrize(
    ("text", "codec"),
    [(JAPANESE, "shift_jis"), (CHINESE, "gb18030"), (RUSSIAN, "cp1251"), (KOREAN, "euc-kr")],
)
def test_unlabelled_legacy_bytes_are_sniffed(text: str, codec: str) -> None:
    html = page(" ".join([text] * 4))
    assert decode_html(html.encode(codec)) == html


def test_declaration_inside_a_comment_is_ignored() -> None:
    html = page(KOREAN, '<!-- <meta charset="iso-8859-1"> --><meta charset="euc-kr">')
    assert decode_html(html.encode("euc-kr")) == html


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_marks_win(bom: bytes, codec: str) -> None:
    html = page(KOREAN, '<meta charset="euc-kr">')
    assert decode_html(bom + html.encode(codec), "iso-8859-1") == html


def test_empty_input() -> None:
    assert decode_html(b"") == ""


def test_ascii_fast_path_ignores_legacy_label() -> None:
    assert decode_html(b"<p>plain</p>", "shift_jis") == "<p>plain</p>"


def test_iso_2022_jp_is_not_mistaken_for_ascii() -> None:
    html = page(JAPANESE, '<meta charset="iso-2022-jp">')
    assert decode_html(html.encode("iso2022_jp")) == html


def test_binary_garbage_never_raises() -> None:
    generator = random.Random(20231201)
    for size in (1, 7, 512, 20_000):
        data = bytes(generator.randrange(256) for _ in range(size))
        assert isinstance(decode_html(data), str)
        assert isinstance(decode_html(data, "utf-16"), str)
        assert isinstance(decode_html(data, "nonsense"), str)


def test_mostly_utf8_with_a_stray_byte_keeps_the_utf8_text() -> None:
    html = page(KOREAN, '<meta charset="utf-8">')
    data = html.encode("utf-8").replace(b"<title>", b"<title>\xff", 1)
    assert KOREAN in decode_html(data)


def test_xml_declaration_decides_encoding_and_is_dropped() -> None:
    data = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<html><body><p>café</p></body></html>'.encode(
        "latin-1"
    )
    assert decode_html(data) == "\n<html><body><p>café</p></body></html>"


def test_xhtml_page_with_xml_declaration_parses() -> None:
    data = b'<?xml version="1.0" encoding="utf-8"?><html><body><p>caf\xc3\xa9</p></body></html>'
    page = load_page(data, "http://127.0.0.1:8711/x/")
    assert page is not None
    assert page.tree.findtext(".//p") == "café"


@pytest.mark.parametrize(
    ("text", "codec"),
    [("Это фильм о мести. ", "cp1251"), ("Café crème. ", "cp1252")],
)
def test_long_repetitive_unlabelled_text_prefers_common_codecs(text: str, codec: str) -> None:
    html = page(text * 20_000)
    assert decode_html(html.encode(codec)) == html


def test_short_unlabelled_shift_jis_is_not_read_as_korean() -> None:
    html = page("東京の小さな映画館で観た。静かな長回しが続き。")
    assert decode_html(html.encode("shift_jis")) == html


def test_utf8_page_with_a_stray_latin1_byte_stays_utf8() -> None:
    html = page(" ".join([FRENCH, KOREAN] * 3), '<meta charset="utf-8">')
    data = html.encode("utf-8").replace("l'été".encode(), "l'\xe9t\xe9".encode("latin-1"), 1)
    decoded = decode_html(data)
    assert KOREAN in decoded
    assert decoded.count("\ufffd") == 2


def test_labelled_utf8_with_curly_quotes_and_one_stray_byte_is_not_sniffed_as_mac_roman() -> None:
    paragraph = (
        "<p>It\u2019s a film that\u2019s \u201cquietly\u201d great \u2014 the lead\u2019s work is superb.</p>"
    )
    html = page(paragraph * 4 + "Caf\xe9", '<meta charset="utf-8">')
    decoded = decode_html(html.encode("utf-8").replace("Caf\xe9".encode(), b"Caf\xe9"))
    assert paragraph in decoded
    assert "Caf\ufffd" in decoded


def test_labelled_utf8_that_is_really_latin1_is_sniffed() -> None:
    prose = "Le film est tr\xe8s \xe9mouvant, et la r\xe9alisatrice a beaucoup de talent. "
    html = page(prose * 3, '<meta charset="utf-8">')
    assert decode_html(html.encode("cp1252")) == html


@pytest.mark.parametrize(
    ("html", "codec", "passed_on"),
    [
        (page(KOREAN, '<meta charset="utf-8">'), "utf-8", True),
        (page(FRENCH), "utf-8", True),
        (page("plain"), "ascii", True),
        (page(FRENCH, '<meta charset="windows-1252">'), "cp1252", False),
        (page(KOREAN, '<meta charset="euc-kr">'), "cp949", False),
        ('<?xml version="1.0" encoding="utf-8"?>' + page(FRENCH), "utf-8", False),
    ],
)
def test_bytes_reach_the_parser_as_given_only_when_they_are_the_texts_utf8(
    html: str, codec: str, passed_on: bool
) -> None:
    data = html.encode(codec)
    decoded = decode_page(data)
    assert (decoded.utf8 is data) is passed_on
    if decoded.utf8 is not None:
        assert decoded.utf8 == decoded.text.encode("utf-8")


def test_utf8_with_a_stray_byte_is_not_passed_on_as_utf8() -> None:
    html = page(" ".join([FRENCH, KOREAN] * 3), '<meta charset="utf-8">')
    data = html.encode("utf-8").replace("l'été".encode(), "l'\xe9t\xe9".encode("latin-1"), 1)
    assert decode_page(data).utf8 is None


@pytest.mark.parametrize("body", [KOREAN, FRENCH, RUSSIAN, "a\x00b", "x\r\ny"])
def test_a_page_parses_alike_from_bytes_and_from_text(body: str) -> None:
    html = page(body, '<meta charset="windows-1251">')
    from_bytes = load_page(html.encode("utf-8"))
    from_text = load_page(html)
    assert from_bytes is not None and from_text is not None
    assert etree.tostring(from_bytes.tree) == etree.tostring(from_text.tree)


def test_text_with_a_lone_surrogate_still_parses() -> None:
    parsed = load_page(page("broken \udc81 pair"))
    assert parsed is not None
    assert "broken" in (parsed.tree.findtext(".//p") or "")


def test_the_parser_keeps_no_table_of_ids() -> None:
    # nothing looks elements up by id through libxml2; the table would cost parse and free time
    parsed = load_page(page("x").replace("<p>", '<p id="lead">'))
    assert parsed is not None
    assert parsed.tree.findall(".//p[@id='lead']")
    assert parsed.tree.xpath("id('lead')") == []
