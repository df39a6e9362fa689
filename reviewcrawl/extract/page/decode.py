"""Stage: decode. Bytes to text, trusting the page's own declarations first.

Order of evidence: a byte-order mark; the page's ``<meta>`` charset; the transport (HTTP header) hint; a
statistical sniff for unlabelled bytes; UTF-8 with replacement characters. Labels are mapped the way browsers
map them (WHATWG Encoding Standard), so "iso-8859-1" reads as windows-1252 and "euc-kr" as its cp949 superset.
Labels lie often enough that a label is only taken when the bytes decode cleanly under it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

# How far the <meta> prescan looks; browsers stop at 1024 bytes, pages in the wild drift further.
PRESCAN_BYTES = 4096

# UTF-8 with stray bytes: at least this many good multibyte characters, and this many per bad byte.
MIN_UTF8_EVIDENCE = 8
STRAY_BYTE_RATIO = 50
LABELLED_STRAY_RATIO = 5

# Sniffed candidates whose "chaos" scores differ by less than this are treated as a tie ...
SNIFF_TIE = 0.02
# ... unless one reads as a language clearly better (charset-normalizer's "coherence").
COHERENCE_TIE = 0.15
FAVOURITE_TIE = 0.05
# Codecs the sniffer may rank first although web pages almost never use them (Mac and DOS code pages, EBCDIC);
# they only win when nothing else reads the bytes as well.
_RARE_ON_WEB = (
    "mac-",
    "cp037",
    "cp273",
    "cp424",
    "cp437",
    "cp500",
    "cp720",
    "cp737",
    "cp775",
    "cp85",  # cp850 to cp858
    "cp86",  # cp860 to cp869
    "cp1006",
    "cp1026",
    "cp1125",
    "cp1140",
    "utf-7",
    "hz",
    "ptcp154",
    "kz1048",
    "johab",
    "hp-roman8",
)

# Single-byte codecs that read the same bytes equally cleanly are settled by how common they are on the web:
# windows-1252 over windows-1250 and ISO 8859 variants, windows-1251 over KOI8-R and Mac Cyrillic.
_TIE_FAVOURITES = ("utf-8", "cp1252", "cp1251")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # checked before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Label -> Python codec, where the browser's reading differs from Python's or Python lacks the alias.
_WHATWG_LABELS: dict[str, str] = {
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "ansi_x3.4-1968": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "cp819": "cp1252",
    "ibm819": "cp1252",
    "windows-1252": "cp1252",
    "x-cp1252": "cp1252",
    "iso-8859-9": "cp1254",
    "iso8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "euc-kr": "cp949",
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601-1989": "cp949",
    "ksc5601": "cp949",
    "korean": "cp949",
    "windows-949": "cp949",
    "uhc": "cp949",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "ms932": "cp932",
    "windows-31j": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "chinese": "gb18030",
    "csgb2312": "gb18030",
    "big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "unicode-1-1-utf-8": "utf-8",
    "utf8": "utf-8",
    "x-user-defined": "cp1252",
}

# Encodings whose bytes are all 7-bit, so ASCII-only input is not a reason to skip them.
_SEVEN_BIT = frozenset({"iso2022_jp", "iso2022_kr", "utf_7", "hz"})

_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_META_TAG = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_CHARSET_ATTR = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE)
_XML_DECL_TEXT = re.compile(r"^\s*<\?xml\b[^>]*\?>")
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:\-]+)""", re.IGNORECASE)


def _replace_c1(error: UnicodeError) -> tuple[str, int]:
    # windows-1252 leaves five bytes undefined; browsers read them as the C1 control of the same value.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.start + 1].decode("latin-1"), error.start + 1


codecs.register_error("reviewcrawl-c1", _replace_c1)


@dataclass(frozen=True)
class DecodedPage:
    url: str | None
    text: str
    utf8: bytes | None = None  # the text as UTF-8 when the input bytes were exactly that (spares an encode)


def decode_page(data: str | bytes, url: str | None = None, hint: str | None = None) -> DecodedPage:
    """A page as text: bytes decoded (``hint`` is the transport's charset), text taken as it is."""
    if not isinstance(data, bytes):
        return DecodedPage(url, data)
    text, utf8 = _decode_html(bytes(data), hint)
    return DecodedPage(url, text, utf8)


def decode_html(data: bytes, hint: str | None = None) -> str:
    """Decode an HTML document; never raises, binary input comes back as some string.

    An XML declaration is dropped from the result: its encoding no longer applies to the decoded text, and
    lxml refuses Unicode input that carries one.
    """
    return _decode_html(bytes(data), hint)[0]


def _decode_html(data: bytes, hint: str | None) -> tuple[str, bytes | None]:
    """The text, and ``data`` itself when it is exactly the text's UTF-8."""
    text, read_as_utf8 = _decode(data, hint)
    text, dropped = _XML_DECL_TEXT.subn("", text, count=1)
    return text, data if read_as_utf8 and not dropped else None


def _decode(data: bytes, hint: str | None) -> tuple[str, bool]:
    """The text, and whether it is ``data`` read as strict UTF-8."""
    if not data:
        return "", True
    bom = _bom(data)
    if bom is not None:
        codec, size = bom
        return data[size:].decode(codec, errors="replace"), False
    declared = codec_for_label(_declared_label(data[:PRESCAN_BYTES]), from_meta=True)
    transport = codec_for_label(hint)
    labelled = [codec for codec in (declared, transport) if codec is not None]
    if data.isascii() and not any(_stateful_7bit(codec) for codec in labelled):
        return data.decode("ascii"), True
    for codec in labelled:
        decoded = _decode_labelled(data, codec)
        if decoded is not None:
            return decoded
    return _decode_unlabelled(data, labelled)


def codec_for_label(label: str | None, from_meta: bool = False) -> str | None:
    """Python codec name for a charset label read the browser's way; None for unknown labels."""
    if not label:
        return None
    key = label.strip().strip("\"'").strip().lower()
    codec = _WHATWG_LABELS.get(key, key)
    try:
        name = codecs.lookup(codec).name
    except (LookupError, ValueError):  # unknown labels, and labels with a NUL in them
        return None
    # A page cannot declare itself UTF-16 in markup it could only have read as ASCII-compatible bytes.
    if from_meta and name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return _WHATWG_LABELS.get(name, name)


def _bom(data: bytes) -> tuple[str, int] | None:
    for mark, codec in _BOMS:
        if data.startswith(mark):
            return codec, len(mark)
    return None


def _declared_label(head: bytes) -> str | None:
    xml = _XML_DECL.match(head)
    if xml:
        return xml.group(1).decode("ascii")
    head = _COMMENT.sub(b"", head)
    for tag in _META_TAG.finditer(head):
        found = _CHARSET_ATTR.search(tag.group(0))
        if found:
            return found.group(1).decode("ascii")
    return None


def _stateful_7bit(codec: str) -> bool:
    return codecs.lookup(codec).name.replace("-", "_") in _SEVEN_BIT


def _decode_labelled(data: bytes, codec: str) -> tuple[str, bool] | None:
    """The text under a label (and whether it is strict UTF-8), or None when the label is evidently wrong."""
    if codec != "utf-8":
        as_utf8 = _strict(data, "utf-8")
        # Multibyte UTF-8 is vanishingly unlikely to be valid by accident, so it outranks a legacy label.
        if as_utf8 is not None and not data.isascii():
            return as_utf8, True
        if codec.startswith(("utf-16", "utf-32")) and b"\x00" not in data:
            return None
    text = _strict(data, codec)
    return (text, codec == "utf-8") if text is not None else None


def _decode_unlabelled(data: bytes, tried: list[str]) -> tuple[str, bool]:
    as_utf8 = _strict(data, "utf-8")
    if as_utf8 is not None:
        return as_utf8, True
    return _decode_damaged(data, tried), False


def _decode_damaged(data: bytes, tried: list[str]) -> str:
    """Bytes that are not clean UTF-8 and that no label read cleanly."""
    as_utf8 = _mostly_utf8(data, labelled="utf-8" in tried)
    if as_utf8 is not None:
        return as_utf8
    if data.isascii() and b"\x1b$" in data:
        as_jis = _strict(data, "iso2022_jp")
        if as_jis is not None:
            return as_jis
    sniffed = _sniff(data)
    if sniffed is not None:
        text = _strict(data, sniffed)
        if text is not None:
            return text
    candidates = [*tried, *([sniffed] if sniffed else []), "utf-8"]
    return min((_lenient(data, codec) for codec in candidates), key=lambda text: text.count("\ufffd"))


def _mostly_utf8(data: bytes, labelled: bool) -> str | None:
    """UTF-8 with a few stray bytes (a pasted legacy character, a cut-off sequence) is still UTF-8.

    A page labelled UTF-8 needs less evidence than an unlabelled one.
    """
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd")
    multibyte = sum(1 for char in text if char > "\x7f") - damaged
    evidence, ratio = (1, LABELLED_STRAY_RATIO) if labelled else (MIN_UTF8_EVIDENCE, STRAY_BYTE_RATIO)
    if multibyte >= evidence and damaged * ratio <= multibyte:
        return text
    return None


def _strict(data: bytes, codec: str) -> str | None:
    errors = "reviewcrawl-c1" if codec == "cp1252" else "strict"
    try:
        return data.decode(codec, errors=errors)
    except (UnicodeDecodeError, LookupError):
        return None


def _lenient(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _reads_as_extension_hangul(data: bytes) -> bool:
    """Shift_JIS read as cp949 turns into rare Hangul outside KS X 1001, which Korean text hardly uses."""
    text = data.decode("cp949", errors="ignore")
    syllables = [char for char in text if "\uac00" <= char <= "\ud7a3"]
    if not syllables:
        return False
    extension = sum(1 for char in syllables if not _in_ks_x_1001(char))
    return extension * 3 > len(syllables)


def _in_ks_x_1001(char: str) -> bool:
    # Python's euc_kr spells other syllables as 8-byte jamo sequences; KS X 1001 ones are 2 bytes.
    try:
        return len(char.encode("euc_kr")) == 2
    except UnicodeEncodeError:
        return False


def _plausible_codecs(matches: list[Any], chaos_tie: float) -> list[str]:
    """Codecs of the sniffer's matches that read the bytes about as cleanly and coherently as the best."""
    least_chaos = min(match.chaos for match in matches)
    clean = [match for match in matches if match.chaos <= least_chaos + chaos_tie]
    best_coherence = max(match.coherence for match in clean)
    codecs_found = [
        codec_for_label(match.encoding)
        for match in clean
        if match.coherence >= best_coherence - COHERENCE_TIE
    ]
    return [codec for codec in codecs_found if codec is not None]


SPARSE_HIGH_BYTES = 0.2


def _mostly_ascii(data: bytes) -> bool:
    high = sum(1 for byte in data if byte >= 0x80)
    return high <= SPARSE_HIGH_BYTES * max(len(data), 1)


def _cp1252_fits_as_well(data: bytes, matches: list[Any]) -> bool:
    least_chaos = min(match.chaos for match in matches)
    if any(codec_for_label(m.encoding) == "cp1252" and m.chaos <= least_chaos for m in matches):
        return True
    no_language = max(match.coherence for match in matches) == 0.0
    return no_language and _strict(data, "cp1252") is not None


def _sniff(data: bytes) -> str | None:
    """The sniffer's pick, preferring encodings the web uses when its top guesses are equally plausible."""
    try:
        from charset_normalizer import from_bytes

        matches = list(from_bytes(data))
    # The sniffer is a third-party heuristic; any failure just means "no opinion".
    except Exception:
        return None
    if not matches:
        return None
    if _mostly_ascii(data) and _cp1252_fits_as_well(data, matches):
        # A few accented letters in ASCII text tell single-byte Latin codecs apart by noise only: go with
        # the web's commonest one when it reads the bytes as cleanly. (Other scripts have dense high bytes.)
        return "cp1252"
    known = _plausible_codecs(matches, SNIFF_TIE)
    if len(known) > 1 and "cp949" in known and _reads_as_extension_hangul(data):
        known.remove("cp949")
    # The web's commonest codecs get a slightly wider tie than the rest.
    favoured = _plausible_codecs(matches, FAVOURITE_TIE)
    for favourite in _TIE_FAVOURITES:
        if favourite in known or favourite in favoured:
            return favourite
    common = [codec for codec in known if not codec.startswith(_RARE_ON_WEB)]
    if not common and _strict(data, "cp1252") is not None:
        # Only rare code pages fit: a few accented letters in windows-1252 text look just as much like a DOS
        # code page to the sniffer, and windows-1252 is far likelier on the web.
        return "cp1252"
    ranked = common or known
    return ranked[0] if ranked else None
