"""detect_language: writing systems first, then function words for Latin-script text."""

# Samples in other scripts are the point of these tests; their look-alike letters are intended.

from __future__ import annotations

import pytest

from reviewcrawl.extract.meta.language import _LANGUAGES_OF_WORD, _STOPWORDS, _count_scripts, detect_language
from reviewcrawl.films.catalogue import Catalogue
from reviewcrawl.items import ReviewItem
from reviewcrawl.reading.page import PageJob, read_page

SAMPLES = {
    "en": "The film follows a young woman who sets out to avenge her friend, and the result is thrilling.",
    "fr": "Le film suit une jeune femme qui cherche à venger son amie, et le résultat est saisissant.",
    "de": "Der Film folgt einer jungen Frau, die ihre Freundin rächen will, und das Ergebnis ist packend.",
    "es": "La película sigue a una joven que busca vengar a su amiga, y el resultado es muy emocionante.",
    "it": "Il film segue una giovane donna che vuole vendicare la sua amica, e il risultato è avvincente.",
    "pt": "O filme acompanha uma jovem que quer vingar a sua amiga, e o resultado é muito emocionante.",
    "nl": "De film volgt een jonge vrouw die haar vriendin wil wreken, en het resultaat is echt meeslepend.",
    "sv": "Filmen följer en ung kvinna som vill hämnas sin vän, och det är mycket spännande för alla.",
    "pl": "Film opowiada o młodej kobiecie, która chce pomścić przyjaciółkę, i jest to emocjonujące.",
    "tr": "Film, arkadaşının intikamını almak isteyen genç bir kadını anlatıyor ve sonuç çok heyecan verici.",
    "ko": "발레리나는 친구의 복수를 위해 나선 경호원의 이야기다. 전종서의 연기가 인상적이다.",
    "ja": "この映画は友人の復讐を誓う若い女性の物語で、とても面白かった。",
    "zh": "这是一部关于复仇的电影，演员的表演非常出色，动作场面也很精彩。",
    "ru": "Фильм рассказывает о молодой женщине, которая хочет отомстить за подругу. Это было захватывающе.",
    "uk": "Фільм розповідає про молоду жінку, яка хоче помститися за подругу. Це було захоплююче.",
    "el": "Η ταινία ακολουθεί μια νεαρή γυναίκα που θέλει να εκδικηθεί τη φίλη της.",
    "he": "הסרט עוקב אחר צעירה שרוצה לנקום את מות חברתה, והתוצאה מרתקת.",
    "ar": "يتبع الفيلم امرأة شابة تسعى للانتقام لصديقتها، والنتيجة مثيرة جدا.",
    "hi": "यह फिल्म एक युवा महिला की कहानी है जो अपनी दोस्त का बदला लेना चाहती है।",
    "th": "ภาพยนตร์เรื่องนี้เล่าเรื่องหญิงสาวที่ต้องการแก้แค้นให้เพื่อน",
}


@pytest.mark.parametrize(("expected", "text"), SAMPLES.items(), ids=list(SAMPLES))
def test_detects_language(expected: str, text: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "Ballerina", "2023", "Oldboy (2003)", "★★★★☆"])
def test_too_little_text_gives_none(text: str) -> None:
    assert detect_language(text) is None


def test_korean_text_with_english_film_titles_is_korean() -> None:
    text = "이 영화는 Nikita, Oldboy, Drive를 떠올리게 한다. 그러나 발레리나는 자기만의 리듬을 가진다."
    assert detect_language(text) == "ko"


def test_japanese_text_with_many_kanji_is_japanese() -> None:
    assert detect_language("監督は静謐な長回しで東京の日常を描き、主演俳優の表情が印象的だった。") == "ja"


def test_english_prose_with_a_korean_title_stays_english() -> None:
    text = (
        "Decision to Leave (헤어질 결심) is a detective story that slowly turns into a love story, and the "
        "camera is always a step ahead of the detective who thinks he is in control of the case."
    )
    assert detect_language(text) == "en"


def test_long_text_is_sampled_quickly() -> None:
    assert detect_language(SAMPLES["de"] * 5000) == "de"


def test_tables_of_names_and_scores_give_none() -> None:
    text = (
        "Palm Bay d. Rockledge 70-44 Rockledge 14 11 6 15 44 Palm Bay 18 22 13 17 70 Tolivert 25 points "
        "Davis 17 points Burgher 10 points Bozeman 10 points Bean-Laing 5 points Moore 3 points Viera 61 "
        "Cocoa 40 Satellite 52 Melbourne 48 Eau Gallie 39 Merritt Island 55 Titusville 47 Astronaut 33 "
        "Heritage 58 Bayside 41 Space Coast 45 Holy Trinity 63 Florida Air 29 Calvary 44"
    )
    assert detect_language(text) is None


UNDETECTABLE = " ".join(["lorem ipsum dolor sit amet consectetur adipiscing elit sed eiusmod tempor"] * 20)


def lorem_page(lang: str = "") -> bytes:
    declared = f' lang="{lang}"' if lang else ""
    paragraphs = f"<p>{UNDETECTABLE}</p>" * 2
    return f"<html{declared}><body><article><h1>Lorem</h1>{paragraphs}</article></body></html>".encode()


@pytest.mark.parametrize(
    ("declared", "source_language", "expected"),
    [("", "ko", "ko"), ("", None, None), ("fr", "ko", "fr")],
    ids=["source-decides", "nobody-knows", "page-wins"],
)
def test_source_language_decides_only_when_the_page_does_not(
    declared: str, source_language: str | None, expected: str | None
) -> None:
    job = PageJob(url="http://127.0.0.1:8715/reviews/x/", body=lorem_page(declared), language=source_language)
    review = read_page(job, Catalogue()).review
    assert isinstance(review, ReviewItem)
    assert review["language"] == expected


def test_each_function_word_lists_its_languages_in_stopword_order() -> None:
    for word, languages in _LANGUAGES_OF_WORD.items():
        assert languages == tuple(lang for lang, words in _STOPWORDS.items() if word in words)
    assert set(_LANGUAGES_OF_WORD) == set().union(*_STOPWORDS.values())


def test_scripts_are_counted_from_u0370_on_only() -> None:
    counts = _count_scripts("Café ŕ ͯ ͰΑβ Жж 한국 ひら 漢")  # U+036F is the last combining mark below Greek
    assert counts == {"greek": 3, "cyrillic": 2, "hangul": 2, "kana": 2, "han": 1}
