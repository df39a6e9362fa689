"""Review pages for the hostile test sites: real reviews (80+ words, one film each), in several languages.

``review_html`` builds a plain review page; ``expected_body`` is the body a record of it must carry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Review:
    film: str
    year: int
    headline: str
    author: str
    paragraphs: tuple[str, ...]
    language: str = "en"


def expected_body(review: Review) -> str:
    return "\n\n".join(" ".join(p.split()) for p in review.paragraphs)


def review_html(review: Review, head: str = "", lang: bool = True, slug: str = "review") -> str:
    """A plain review page: JSON-LD Review, a header and footer around one <article>."""
    data = {
        "@context": "https://schema.org",
        "@type": "Review",
        "name": review.headline,
        "itemReviewed": {"@type": "Movie", "name": review.film, "dateCreated": str(review.year)},
        "author": {"@type": "Person", "name": review.author},
        "datePublished": "2024-03-01",
    }
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in review.paragraphs)
    lang_attr = f' lang="{review.language}"' if lang else ""
    return f"""<!DOCTYPE html>
<html{lang_attr}>
<head>
{head}<title>{escape(review.headline)} | Hostile Reviews</title>
<meta property="og:site_name" content="Hostile Reviews">
<meta property="og:type" content="article">
<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/reviews/">Reviews</a></nav></header>
<main>
<article class="post">
<h1>{escape(review.headline)}</h1>
<p class="byline">By {escape(review.author)}</p>
<div class="entry-content">
{paragraphs}
</div>
</article>
</main>
<footer><p>Hostile Reviews, a site for testing crawlers. Slug: {escape(slug)}</p></footer>
</body>
</html>
"""


ENGLISH: dict[str, Review] = {
    "drive": Review(
        "Drive",
        2011,
        "Drive review: a getaway driver who barely speaks",
        "Nora Field",
        (
            "Nicolas Winding Refn builds Drive around a man who says almost nothing, and the silence "
            "turns out to be the most eloquent thing in it. Ryan Gosling plays a stunt driver who "
            "moonlights behind the wheel for robberies, and the opening heist, timed to the minute and "
            "scored to a police scanner, is a small masterclass in patience.",
            "The film then slows to a romance that feels borrowed from an older, softer movie. Carey "
            "Mulligan is the neighbour whose husband comes home from prison owing money, and the three of "
            "them drift toward a job that can only go wrong. When the violence arrives it is sudden and "
            "ugly, and Refn refuses to make it glamorous.",
            "Some will find the style mannered, all pink titles and synth songs, but the manners are the "
            "point. Drive is a fairy tale about a knight with no words, and it knows exactly how sad that "
            "is.",
        ),
    ),
    "perfect-days": Review(
        "Perfect Days",
        2023,
        "Perfect Days review: the quiet routine of a Tokyo toilet cleaner",
        "Hugo Brandt",
        (
            "Wim Wenders follows Hirayama, a man who cleans the public toilets of Shibuya, through days "
            "that look almost identical and turn out to be nothing of the kind. Koji Yakusho gives him a "
            "face that reads every small pleasure, from the light through the leaves to the cassette he "
            "chooses for the drive.",
            "The film is patient to a fault and it never apologises for it. A niece turns up, a colleague "
            "borrows money, a sister arrives in a car that says everything about the life Hirayama left. "
            "None of it is explained, and the film is stronger for trusting us to fill in the gaps "
            "ourselves.",
            "The last shot, a long look at Yakusho driving into the morning while Nina Simone sings, is "
            "one of the great endings of recent years. It holds joy and grief in the same expression.",
        ),
    ),
    "zone-of-interest": Review(
        "The Zone of Interest",
        2023,
        "The Zone of Interest review: a garden beside the camp wall",
        "Ines Morel",
        (
            "Jonathan Glazer sets his film in the family home of the Auschwitz commandant, a house with a "
            "pool, a greenhouse and a garden that runs right up to the camp wall. We never go over that "
            "wall. We only hear it, in a sound design of distant shouts and furnaces that never stops for "
            "a single scene.",
            "Sandra Hüller plays the wife as a woman proud of her flowers and furious at the thought of "
            "leaving them. Christian Friedel's commandant talks logistics at dinner. The horror lies in "
            "how ordinary the conversations are, and in how easily the household has learned not to "
            "listen.",
            "It is a cold, rigorous film, and some viewers will find its distance unbearable. That "
            "distance is its argument, and it lands with terrible force in the final minutes.",
        ),
    ),
    "anatomy-of-a-fall": Review(
        "Anatomy of a Fall",
        2023,
        "Anatomy of a Fall review: a marriage taken apart in court",
        "Paul Okonjo",
        (
            "A man falls from the attic window of a chalet in the Alps, and Justine Triet spends two and "
            "a half hours asking whether his wife pushed him. The question turns out to matter less than "
            "what the trial drags into the light: recordings, resentments, a shared career that only one "
            "of them managed.",
            "Sandra Hüller is extraordinary as the novelist on trial, switching between French and "
            "English as if each language offered a different kind of shelter. The couple's partially "
            "sighted son becomes the film's real witness, and his last testimony is as tense as any "
            "thriller.",
            "Triet never cheats with flashbacks that settle the matter. We leave as the jury did, with a "
            "verdict and without certainty, and that is exactly where the film wants us.",
        ),
    ),
    "toni-erdmann": Review(
        "Toni Erdmann",
        2016,
        "Toni Erdmann review: a father in false teeth",
        "Clara Weiss",
        (
            "Maren Ade's comedy runs close to three hours and earns almost every minute of them. Peter "
            "Simonischek plays Winfried, a retired music teacher with a weakness for pranks, who follows "
            "his overworked daughter to Bucharest and invents an alter ego, complete with wig and false "
            "teeth, to get her attention.",
            "Sandra Hüller plays the daughter as a consultant so armoured that the jokes bounce off her "
            "for an hour. Then something gives, and the film delivers a birthday party and a Whitney "
            "Houston song that are among the funniest and most painful scenes of the decade.",
            "Underneath the gags is a serious film about work, about what a career does to a person, and "
            "about the clumsy ways love survives between people who no longer know how to talk.",
        ),
    ),
    "under-the-skin": Review(
        "Under the Skin",
        2013,
        "Under the Skin review: a stranger driving through Glasgow",
        "Mara Lind",
        (
            "Scarlett Johansson drives a van around Glasgow picking up men who will not be seen again. "
            "Jonathan Glazer shot many of those encounters with hidden cameras and real passers-by, and "
            "the result has an uncanny, documentary chill that no studio science fiction could fake.",
            "The film tells us almost nothing about who or what she is. It shows a black void where the "
            "men sink away, a beach where a family drowns while she watches, and slowly a naïve flicker "
            "of curiosity about the bodies and the kindness around her. Mica Levi's score of scraping "
            "strings does the rest.",
            "The final act moves into the Highlands and turns the hunter into prey. It is bleak and "
            "strange and it will not suit everyone, but few films have looked at people so coldly and "
            "found them so moving.",
        ),
    ),
    "past-lives": Review(
        "Past Lives",
        2023,
        "Past Lives review: two childhood friends, twenty-four years apart",
        "Dana Roth",
        (
            "Celine Song's debut begins in Seoul with two twelve-year-olds walking home from school, and "
            "ends twenty-four years later on a street corner in New York. In between, Nora emigrates, "
            "marries and writes plays, while Hae Sung stays, studies and keeps wondering what might have "
            "been.",
            "Greta Lee and Teo Yoo play the grown-up pair with enormous restraint, and John Magaro, as "
            "Nora's husband, is wonderful in the film's trickiest role. A bar scene where the three of "
            "them talk across two languages is a small miracle of writing and staging.",
            "The film borrows the Korean idea of in-yun, the bonds built over many lives, without ever "
            "turning it into a gimmick. It is a love story in which nobody behaves badly, and it hurts "
            "all the same.",
        ),
    ),
    "parasite": Review(
        "Parasite",
        2019,
        "Parasite review: a family that moves in by the back door",
        "Jin Park",
        (
            "Bong Joon-ho's film starts as a caper. The Kim family, folding pizza boxes in a "
            "semi-basement flat, talk their way one by one into jobs with the wealthy Park family, and "
            "the first hour plays like a heist comedy with a rich modernist house as the vault.",
            "Then a night of rain changes everything. The film reveals what lives beneath the house, and "
            "the Kims run home through a flooded city in one of the great sequences of modern cinema, "
            "down staircase after staircase to a flat filling with sewage.",
            "Song Kang-ho anchors it all as a father whose good humour sours into shame. Bong never lets "
            "the satire flatten his characters, and the ending, a plan for the future that we know cannot "
            "come true, is as sad as it is furious.",
        ),
    ),
    "decision-to-leave": Review(
        "Decision to Leave",
        2022,
        "Decision to Leave review: a detective who cannot sleep",
        "Lena Cho",
        (
            "Park Chan-wook's mystery follows an insomniac detective in Busan who falls for the widow of "
            "a man found dead at the foot of a mountain. Park Hae-il plays him as a decent, fastidious "
            "man slowly coming apart, and Tang Wei makes the widow impossible to read and impossible to "
            "forget.",
            "The film plays with phones, translation apps and recorded messages, so that the lovers often "
            "speak through machines. Park's camera finds wild angles, from inside a phone screen or a "
            "dead man's eyes, and the editing folds scenes into each other until surveillance and longing "
            "look the same.",
            "The second half moves to a foggy seaside town and becomes a tragedy. The final scene on a "
            "beach at low tide is devastating, and it shows how far this director has moved beyond the "
            "vengeance films that made his name.",
        ),
    ),
}

SHORT_NOTICE = Review(
    "Drive",
    2011,
    "Drive: screening cancelled",
    "Nora Field",
    ("Tonight's screening of Drive is cancelled. Refunds at the box office.",),
)

KOREAN = Review(
    "Parasite",
    2019,
    "영화 기생충 리뷰: 반지하에서 올려다본 계단",
    "김서연",
    (
        "봉준호 감독의 기생충은 반지하 집에서 피자 상자를 접으며 살아가는 기택의 가족이 부유한 박 사장의 "
        "집에 하나씩 들어가는 이야기로 시작한다. 처음 한 시간은 잘 짜인 범죄 희극처럼 경쾌하고, 배우들의 "
        "호흡은 놀라울 만큼 정확하다.",
        "그러나 비가 쏟아지는 밤을 지나면서 영화는 전혀 다른 얼굴을 드러낸다. 언덕 위의 집에서 끝없이 "
        "이어지는 계단을 내려와 물에 잠긴 동네로 돌아가는 장면은 이 영화가 말하려는 계급의 거리를 가장 "
        "선명하게 보여 준다.",
        "송강호는 웃음 뒤에 숨은 모멸감을 얼굴 하나로 표현하고, 조여정과 이선균은 악의 없는 무심함이 "
        "얼마나 잔인할 수 있는지 보여 준다. 감독은 풍자를 하면서도 인물들을 단순한 기호로 만들지 않는다.",
        "마지막에 아들이 세우는 계획은 희망처럼 들리지만 우리는 그것이 이루어지기 어렵다는 것을 안다. "
        "그래서 이 결말은 통쾌하기보다 오래도록 마음을 무겁게 만든다.",
    ),
    language="ko",
)

JAPANESE = Review(
    "Spirited Away",
    2001,
    "映画『千と千尋の神隠し』レビュー：トンネルの向こうの湯屋",
    "山田花子",
    (
        "宮崎駿監督の『千と千尋の神隠し』は、引っ越しの途中で不思議な町に迷い込んだ十歳の少女の物語である。両親が豚に変えられてしまい、千尋は神々が疲れを癒やす湯屋で働くことになる。",
        "湯婆婆に名前を奪われ、千と呼ばれるようになった少女は、失敗を重ねながら少しずつ強くなっていく。ハクとの出会い、カオナシの孤独、海の上を走る電車の静けさなど、忘れがたい場面が次々に現れる。",
        "この映画の魅力は、善と悪をはっきり分けないところにある。恐ろしく見える者にも事情があり、優しく見える者にも影がある。久石譲の音楽がその曖昧さを美しく包み込んでいる。",
        "最後にトンネルを抜けて振り返らずに歩く千尋の姿は、子ども時代の終わりを静かに告げている。",
    ),
    language="ja",
)

CHINESE = Review(
    "Farewell My Concubine",
    1993,
    "电影《霸王别姬》影评：戏里戏外的一生",
    "李文",
    (
        "陈凯歌导演的《霸王别姬》讲述了两个京剧演员从童年到晚年的半个世纪。程蝶衣和段小楼在戏班里一起长大，一个唱虞姬，一个唱霸王，台上的生死离别渐渐变成了台下的人生。",
        "张国荣把程蝶衣演得既脆弱又执着，他分不清戏与人生，也不愿分清。张丰毅的段小楼则更懂得在乱世中妥协，巩俐饰演的菊仙让这段关系变得更加复杂。",
        "影片跨越军阀混战、抗日战争和文化大革命，历史的每一次转折都在人物身上留下伤痕。批斗的那场戏尤其令人心碎，多年的情义在恐惧中被一句句出卖。",
        "结尾回到空荡荡的剧场，蝶衣终于完成了虞姬的结局。这是一部关于艺术、背叛和时代的杰作。",
    ),
    language="zh",
)

RUSSIAN = Review(
    "Stalker",
    1979,
    "«Сталкер»: путешествие в Зону и обратно",
    "Анна Петрова",
    (
        "Андрей Тарковский снял «Сталкера» как медленное путешествие трёх людей в запретную Зону, где, по "
        "слухам, есть комната, исполняющая самые сокровенные желания. Проводник ведёт Писателя и "
        "Профессора через заброшенные цеха, туннели и затопленные залы.",
        "Фильм почти лишён действия в привычном смысле. Камера подолгу смотрит на воду, ржавчину и траву, "
        "а герои спорят о вере, искусстве и страхе. Постепенно становится ясно, что главная опасность "
        "Зоны находится внутри самих путников.",
        "Александр Кайдановский играет Сталкера человеком измученным и почти святым. Его последний "
        "монолог о том, что никто больше ни во что не верит, звучит как признание самого режиссёра.",
        "Финальная сцена с дочерью Сталкера и стаканом на столе остаётся одной из самых загадочных в "
        "истории кино и долго не отпускает зрителя.",
    ),
    language="ru",
)

FRENCH = Review(
    "Anatomy of a Fall",
    2023,
    "« Anatomie d’une chute » : un procès à cœur ouvert",
    "Élise Fournier",
    (
        "Justine Triet filme la mort d’un homme tombé de la fenêtre d’un chalet, puis le long procès de "
        "sa femme, romancière accusée de l’avoir poussé. Le film ne cherche jamais à trancher : il "
        "démonte un couple pièce par pièce, sous le regard d’un tribunal qui veut une histoire simple.",
        "Sandra Hüller est remarquable dans ce rôle où chaque mot pèse. Elle passe du français à "
        "l’anglais comme on change d’abri, et la scène de la dispute enregistrée, rejouée devant la cour, "
        "est d’une violence sèche qui laisse le spectateur sans souffle.",
        "Le fils, presque aveugle, devient le véritable témoin du film. Son dernier témoignage, calme et "
        "déchirant, ouvre une question que Triet refuse de fermer, et c’est là toute la force de l’œuvre.",
        "On sort de la salle avec un verdict mais sans certitude, ce qui est exactement l’effet voulu.",
    ),
    language="fr",
)

ENGLISH_ACCENTED = Review(
    "Léon: The Professional",
    1994,
    "“Léon” review: a hitman, a plant and a twelve-year-old",
    "Renée Dubois",
    (
        "Luc Besson’s Léon is a strange, sweet and uneasy film — a thriller about a New York hitman who "
        "takes in the twelve-year-old girl next door after a corrupt policeman murders her family. Jean "
        "Reno plays Léon as a man of rituals: milk, push-ups, a houseplant he carries from flat to flat.",
        "Natalie Portman, in her first role, is astonishing as Mathilda, a child who wants to learn the "
        "trade so that she can avenge her little brother. Gary Oldman’s drug-addled detective, who cracks "
        "his neck to Beethoven, is one of the great over-the-top villains of the decade.",
        "The relationship at the centre is handled with more tact than its premise suggests, though not "
        "always enough. The finale, a siege in a tenement corridor, is Besson at his most operatic.",
    ),
)

KOREAN_MORE: dict[str, Review] = {
    "oldboy": Review(
        "Oldboy",
        2003,
        "올드보이 리뷰: 십오 년 동안 갇힌 남자",
        "이준호",
        (
            "박찬욱 감독의 올드보이는 이유도 모른 채 사설 감옥에 십오 년 동안 갇혀 있던 오대수가 갑자기 "
            "풀려나면서 시작된다. 그는 자신을 가둔 사람을 찾아 나서지만, 진짜 질문은 누가 가두었는가가 "
            "아니라 왜 풀어 주었는가라는 것을 곧 깨닫게 된다.",
            "최민식은 분노와 슬픔과 광기를 한 몸에 담아낸다. 복도에서 망치 하나로 수많은 적과 싸우는 "
            "장면은 한 번의 긴 촬영으로 이어지며, 폭력이 얼마나 지치고 추한 것인지 그대로 보여 준다.",
            "유지태가 연기한 이우진은 차갑고 우아한 악당이지만 그 역시 오래된 상처에 갇힌 사람이다. "
            "영화는 복수가 아무것도 되돌리지 못한다는 사실을 잔인할 만큼 끝까지 밀어붙인다.",
            "눈 덮인 들판에서 끝나는 마지막 장면은 구원인지 체념인지 쉽게 말할 수 없어서 더 오래 기억에 "
            "남는다.",
        ),
        language="ko",
    ),
    "decision-to-leave": Review(
        "Decision to Leave",
        2022,
        "헤어질 결심 리뷰: 안개 속에서 사라진 사랑",
        "정하늘",
        (
            "헤어질 결심은 잠을 이루지 못하는 형사 해준이 산에서 떨어져 죽은 남자의 아내 서래를 "
            "조사하면서 시작된다. 의심은 곧 관심이 되고, 관심은 누구도 말하지 못하는 사랑으로 바뀐다.",
            "박해일은 단정하고 예의 바른 형사가 조금씩 무너지는 과정을 섬세하게 그린다. 탕웨이는 서툰 "
            "한국어와 번역기를 오가며 말하는 서래를 끝까지 알 수 없는 사람으로 남겨 두는데, 그 불확실함이 "
            "영화 전체를 이끈다.",
            "감독은 휴대 전화 화면과 녹음된 목소리를 통해 두 사람의 거리를 보여 준다. 감시와 그리움이 "
            "같은 모양을 하고 있다는 것이 이 영화의 가장 아픈 발견이다.",
            "밀물이 들어오는 바닷가의 마지막 장면은 조용하지만 오래도록 가슴을 무너뜨린다.",
        ),
        language="ko",
    ),
    "memories-of-murder": Review(
        "Memories of Murder",
        2003,
        "살인의 추억 리뷰: 끝내 잡히지 않은 얼굴",
        "최민아",
        (
            "봉준호 감독의 살인의 추억은 시골 마을에서 잇따라 벌어진 살인 사건을 쫓는 형사들의 이야기다. "
            "박두만은 사람의 눈을 보면 범인을 알 수 있다고 믿고, 서울에서 내려온 서태윤은 서류와 증거만을 "
            "믿는다.",
            "두 사람의 방식은 모두 실패한다. 영화는 그 실패를 웃음으로 시작해서 점점 깊은 무력감으로 "
            "바꾸어 간다. 비 오는 밤마다 라디오에서 흘러나오는 노래는 마을 전체를 공포로 물들인다.",
            "송강호와 김상경의 연기는 시대의 폭력과 무능을 고스란히 드러낸다. 기차 터널 앞에서 벌어지는 "
            "장면은 한국 영화에서 가장 절망적인 순간 가운데 하나다.",
            "마지막에 박두만이 카메라를 똑바로 바라보는 얼굴은 관객에게 묻는다. 그 사람은 지금 어디에 "
            "있는가.",
        ),
        language="ko",
    ),
}

JAPANESE_MORE = Review(
    "Tokyo Story",
    1953,
    "映画『東京物語』レビュー：老夫婦の小さな旅",
    "佐藤健一",
    (
        "小津安二郎監督の『東京物語』は、尾道に暮らす老夫婦が東京の子どもたちを訪ねる物語である。医者の長男も美容院を営む長女も忙しく、両親をもてなす余裕はない。",
        "ただ一人、戦死した次男の妻である紀子だけが、心から二人を迎え入れる。原節子の穏やかな笑顔には、言葉にできない寂しさがにじんでいる。",
        "低い位置に置かれたカメラは、家族の距離を責めることなく静かに見つめる。熱海の防波堤に並んで座る老夫婦の後ろ姿は、日本映画の中でも特に美しい場面だ。",
        "家族とは何か、時間とは何かを問いかけるこの作品は、七十年が過ぎた今も少しも古びていない。",
    ),
    language="ja",
)

CHINESE_MORE = Review(
    "To Live",
    1994,
    "电影《活着》影评：一个家庭的几十年",
    "王晓",
    (
        "张艺谋导演的《活着》改编自余华的小说，讲述了福贵一家从四十年代到七十年代的命运。福贵年轻时赌光了家产，从此跟着时代一起沉浮。",
        "葛优把福贵演得既可笑又可怜，他没有英雄的勇气，只想让家人好好活下去。巩俐饰演的家珍坚韧而温柔，是这个家庭真正的支柱。",
        "影片中的皮影戏贯穿始终，象征着普通人在历史面前的无奈。大炼钢铁和医院那两场戏让人久久不能平静。",
        "结尾一家人围坐吃饭，平淡的对话里藏着巨大的悲伤，也藏着继续活下去的力量。",
    ),
    language="zh",
)

RUSSIAN_MORE: dict[str, Review] = {
    "cranes": Review(
        "The Cranes Are Flying",
        1957,
        "«Летят журавли»: любовь, которую не убила война",
        "Ирина Соколова",
        (
            "Михаил Калатозов рассказывает историю Вероники и Бориса, влюблённых, которых разлучает "
            "война. Борис уходит на фронт добровольцем, а Вероника остаётся в Москве и шаг за шагом "
            "теряет всё, что у неё было.",
            "Камера Сергея Урусевского словно не знает покоя. Она взлетает над толпой, кружится вокруг "
            "берёз в момент гибели героя и бежит вместе с Вероникой по лестнице разрушенного дома.",
            "Татьяна Самойлова играет с такой искренностью, что каждая её ошибка кажется понятной и "
            "простительной. Фильм не судит её, а пытается понять, как живут люди, у которых война отняла "
            "будущее.",
            "Финальная сцена на вокзале, где Вероника раздаёт цветы вернувшимся солдатам, до сих пор "
            "вызывает слёзы.",
        ),
        language="ru",
    ),
    "come-and-see": Review(
        "Come and See",
        1985,
        "«Иди и смотри»: война глазами подростка",
        "Дмитрий Орлов",
        (
            "Элем Климов снял фильм о подростке Флёре, который в сорок третьем году уходит к партизанам в "
            "Белоруссии. Сначала это похоже на приключение, но очень скоро мальчик оказывается внутри "
            "настоящего ада.",
            "Алексей Кравченко за время съёмок словно стареет на глазах. Его лицо к финалу становится "
            "лицом старика, и этот образ страшнее любых слов о войне.",
            "Климов почти не использует музыку в привычном смысле. Звук то глохнет, то превращается в "
            "гул, и зритель слышит мир так, как его слышит оглушённый герой.",
            "Это тяжёлый фильм, который невозможно забыть, и именно поэтому его нужно увидеть хотя бы "
            "один раз.",
        ),
        language="ru",
    ),
}

FRENCH_MORE = Review(
    "The 400 Blows",
    1959,
    "« Les Quatre Cents Coups » : l’enfance en fuite",
    "Julien Marchand",
    (
        "François Truffaut raconte l’histoire d’Antoine Doinel, un garçon de Paris que personne n’écoute. "
        "À l’école, on le punit ; à la maison, on l’ignore ; dans la rue, il découvre une liberté qui "
        "finit toujours par lui coûter cher.",
        "Jean-Pierre Léaud, à peine adolescent, joue avec une spontanéité qui ne ressemble à rien de "
        "connu. La scène de l’entretien avec la psychologue, filmée face à lui, laisse voir un enfant "
        "blessé qui refuse de pleurer devant les adultes.",
        "Le film mêle la tendresse et la colère sans jamais céder au mélodrame. Paris y est filmé comme "
        "un terrain de jeu immense, plein de cinémas, de cours et de toits.",
        "La course finale vers la mer, et ce regard tourné vers nous, restent parmi les plus belles fins "
        "du cinéma français.",
    ),
    language="fr",
)
