"""A small language guesser for pages that do not declare their language.

Writing systems settle most languages outright (Hangul is Korean, kana is Japanese); for Latin-script text the
language whose commonest function words appear most often wins, helped by letters only one language uses.
"""

from __future__ import annotations

import re
from collections import Counter

# Only this much text is looked at: enough for a confident guess, cheap on long pages.
SAMPLE_CHARS = 6000
MIN_SCRIPT_LETTERS = 12
MIN_WORDS = 5
MIN_HITS = 3
MIN_HIT_SHARE = 0.05

# (first code point, last code point, script) for the scripts that decide a language by themselves.
_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "greek"),
    (0x1F00, 0x1FFF, "greek"),
    (0x0400, 0x04FF, "cyrillic"),
    (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x0980, 0x09FF, "bengali"),
    (0x0A80, 0x0AFF, "gujarati"),
    (0x0B80, 0x0BFF, "tamil"),
    (0x0C00, 0x0C7F, "telugu"),
    (0x0E00, 0x0E7F, "thai"),
    (0x10A0, 0x10FF, "georgian"),
    (0x1100, 0x11FF, "hangul"),
    (0x3040, 0x309F, "kana"),
    (0x30A0, 0x30FF, "kana"),
    (0x3130, 0x318F, "hangul"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xAC00, 0xD7AF, "hangul"),
    (0xF900, 0xFAFF, "han"),
)
_SCRIPT_LANGUAGE = {
    "greek": "el",
    "armenian": "hy",
    "hebrew": "he",
    "devanagari": "hi",
    "bengali": "bn",
    "gujarati": "gu",
    "tamil": "ta",
    "telugu": "te",
    "thai": "th",
    "georgian": "ka",
    "hangul": "ko",
}

_STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and of to is in that it was for with as his her on but this by be are from at not which "
        "have has its an they their who you what there into than more she he been were would about",
        "fr": "le la les des et est un une du que qui dans pour pas sur au avec ce cette il elle son sa ses "
        "mais plus ne se par aux sont été comme où nous vous leur très aussi",
        "de": "der die das und ist nicht ein eine zu den dem des mit sich auf für von im auch es als wie "
        "aber noch nach bei wird hat er sie ich werden einen einem oder sind war nur dass",
        "es": "el la los las de que y en un una es por con para del al se lo su sus como pero más muy sin "
        "sobre también este esta hay ya cuando porque fue ha son",
        "it": "il lo la gli le di che e è un una per con non del della dei delle nel nella sono come ma "
        "anche più questo questa alla al da si ha suo sua loro",
        "pt": "o a os as de que e do da dos das em um uma para com não por no na se mais como mas ao ele "
        "ela seu sua é foi são também já muito isso",
        "nl": "de het een en van is dat niet op te in met voor zijn die er ook aan maar als om hij zij "
        "wordt door bij naar dan nog heeft was wel geen dit deze",
        "sv": "och att det som en ett är av för med inte till den på har om var jag men han hon de så från "
        "kan eller vid när efter sin också blir mycket",
        "da": "og at det som en et er af for med ikke til den på har om var jeg men han hun de så fra kan "
        "eller ved når efter sin også bliver meget der",
        "no": "og at det som en et er av for med ikke til den på har om var jeg men han hun de så fra kan "
        "eller ved når etter sin også blir mye ble seg",
        "pl": "i w na nie z się to że do jest o jak a ale po co tak za od już jego jej przez tylko być może "
        "dla był była są ten ta które który także",
        "cs": "a se na je to že v s z o do jsou jako ale by jeho není pro tak který která které také už jen "
        "po však bylo byl byla",
        "tr": "ve bir bu da de için ile çok ne daha gibi ama olarak en o kadar değil sonra var yok her ben "
        "şey mi olan onun",
        "ro": "și în de la cu pe că un o este nu a care din mai pentru se sunt ca al dar sau fost lui ei "
        "acest această",
        "fi": "ja on ei se että oli hän mutta kuin tai niin ovat myös joka kun jo vain sen tämä ole olla "
        "mitä kanssa",
        "hu": "a az és hogy nem is egy meg van de csak már még mint volt ez azt el ki sem vagy minden amely "
        "lesz",
        "id": "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke karena ada oleh sebagai "
        "bisa mereka atau sudah lebih",
        "vi": "và của là có được không một những cho trong với các này người đã để khi như cũng",
    }.items()
}

# Letters that (among the languages above) point to one language; each occurrence counts as a hit.
_LETTER_HINTS: dict[str, str] = {
    "es": "ñ¿¡",
    "pt": "ãõ",
    "de": "ß",
    "pl": "łżśćńęą",
    "cs": "řěů",
    "tr": "şğı",
    "ro": "șțăȘȚ",
    "hu": "őű",
    "vi": "đơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữự",
}

_WORD = re.compile(r"[^\W\d_]+")
# Each function word's languages, in _STOPWORDS' order: one look-up per word of the sample instead of one per
# language, the scores counted up in the same order.
_LANGUAGES_OF_WORD: dict[str, tuple[str, ...]] = {}
for _lang, _stopwords in _STOPWORDS.items():
    for _stopword in _stopwords:
        _LANGUAGES_OF_WORD[_stopword] = (*_LANGUAGES_OF_WORD.get(_stopword, ()), _lang)
# The characters _SCRIPT_RANGES can hold: all from U+0370 on.
_BEYOND_LATIN = re.compile(r"[^\x00-\u036f]")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    if not text:
        return None
    sample = text[:SAMPLE_CHARS]
    scripts = _count_scripts(sample)
    letters = sum(map(str.isalpha, sample))
    by_script = _language_by_script(scripts, sample, letters)
    if by_script is not None:
        return by_script
    return _language_by_words(sample)


def _count_scripts(sample: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    # Most of a page's text lies below every script range: the regex engine passes over it.
    for char in _BEYOND_LATIN.findall(sample):
        point = ord(char)
        for first, last, script in _SCRIPT_RANGES:
            if first <= point <= last:
                counts[script] += 1
                break
    return counts


def _language_by_script(scripts: Counter[str], sample: str, letters: int) -> str | None:
    if not scripts:
        return None
    script, count = scripts.most_common(1)[0]
    cjk = scripts["hangul"] + scripts["kana"] + scripts["han"]
    # Korean and Japanese text carry Han characters too; their own syllabaries decide.
    if cjk >= MIN_SCRIPT_LETTERS // 2 and cjk * 3 >= letters:
        if scripts["hangul"] * 5 >= cjk:
            return "ko"
        if scripts["kana"] * 10 >= cjk:
            return "ja"
        return "zh"
    if count < MIN_SCRIPT_LETTERS or count * 3 < letters:
        return None
    if script == "cyrillic":
        return _cyrillic_language(sample)
    if script == "arabic":
        return _arabic_language(sample)
    return _SCRIPT_LANGUAGE.get(script)


def _cyrillic_language(sample: str) -> str:
    lower = sample.lower()
    if any(char in lower for char in "їєґ") or ("\u0456" in lower and "ы" not in lower):
        return "uk"
    if "ў" in lower:
        return "be"
    if any(char in lower for char in "ђћџљњ"):
        return "sr"
    if any(char in lower for char in "ѓќѕ"):
        return "mk"
    if "ы" not in lower and "э" not in lower and lower.count("ъ") * 200 >= len(lower):
        return "bg"
    return "ru"


def _arabic_language(sample: str) -> str:
    if any(char in sample for char in "ٹڈڑںے"):
        return "ur"
    if any(char in sample for char in "پچژگ"):
        return "fa"
    return "ar"


def _language_by_words(sample: str) -> str | None:
    words = [word.lower() for word in _WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return None
    scores: Counter[str] = Counter()
    for word in words:
        for lang in _LANGUAGES_OF_WORD.get(word, ()):
            scores[lang] += 1
    lowered = sample.lower()
    for lang, hints in _LETTER_HINTS.items():
        scores[lang] += sum(lowered.count(char) for char in hints)
    if not scores:
        return None
    lang, hits = scores.most_common(1)[0]
    # Prose is full of function words; tables, scores and lists of names are not.
    if hits < MIN_HITS or hits < len(words) * MIN_HIT_SHARE:
        return None
    return lang
