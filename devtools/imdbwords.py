"""Words the generated IMDb datasets (``devtools.imdbgen``) make titles and people from.

Titles are made of common English words because many real ones are ("Drive", "Her", "Up", "It"):
a catalogue of them puts a film name on most words of any English page.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# One-word titles that are also everyday words or parts of people's names on review pages.
COMMON_ONE_WORD_TITLES = _words(
    "Drive But Yet Her Up It John Len Armas Stalls Review Korean Netflix Dance Revenge Film Movie The A "
    "Fans Watch World Action Love Night Day Home Run Go Us Them Now Then Here There This That When What "
    "Why How Who Still Again Never Always Because After Before Under Over Out In On Off Yes No Only Just"
)

WORDS = _words(
    "about above across act action after again against age ago air all alone along always american among "
    "angel angels anger animal another answer any apart army around art as ask away baby back bad ball band "
    "bank battle be beach bear beast beautiful beauty bed before begin behind believe below best better "
    "between beyond big bird birth black blind blood blue boat body bone book border born boy boys brain "
    "brave break bride bridge bright bring broken brother brothers brown burn business call came camp can "
    "captain car care case cat catch chance change chase child children choice circle city class clear "
    "close cold color come coming company cop country courage cross crown cry cut dance dancer danger dark "
    "daughter dawn day days dead deadly deal dear death deep desire devil die dirty doctor dog dollar door "
    "double down dragon dream dreams drive dust dying early earth east eat edge eight empire empty end "
    "enemy escape even evening ever every evil eye eyes face fall falling family far farm fast fat father "
    "fear feel fever few field fight fighter final find fire first fish five flesh flight flower fly follow "
    "food fool for forest forever forgotten four fox free friend friends from front full fun game garden "
    "generation ghost girl girls give glass god gods gold golden gone good grace grand great green ground "
    "gun guns half hand hands hang happy hard head heart hearts heat heaven hell hero hidden high hill "
    "history hold holy home honey honor hope horse hot hotel hour house human hunt hunter ice island "
    "jack journey joy judge jump jungle just keep key kid kids kill killer killers king kingdom kiss kitchen "
    "knight know lady lake land last late law lead leave left legend less lie life light like line lion "
    "little live lives living long look lord lost love lover lovers luck lucky machine mad made magic man "
    "many map mark master me memory men midnight mind mine miss mission money monster moon more morning "
    "most mother mountain mr mrs murder music my mystery name naked native never new next night nine no "
    "none north nothing number ocean off office old one only open other our out outside over paper paradise "
    "paris party past path peace people perfect picture piece place planet play point police poor power "
    "president price prince princess prison private promise queen quiet race rain red rescue return "
    "revenge rich ride right ring rise river road rock room rose rules run running sad safe saint salt "
    "same school sea second secret secrets see seven shadow shadows shot show side silence silent silver "
    "simple sin sister sisters six sky sleep small smoke snow so soldier some son song soul sound south "
    "space spirit spring star stars stay steel still stone stop storm story strange stranger street "
    "strong summer sun sweet take tale tales tear ten the their them there these they thief thing things "
    "third three through thunder time to tomorrow tonight too touch town train treasure tree trip trouble "
    "true truth turn twelve two uncle under up us vampire voice wait walk wall war warrior watch water way "
    "we wedding west what when where white who why wild wind window winter wish with without wolf woman "
    "women wonder world wrong year years yellow you young your zero"
)

FIRST_NAMES = _words(
    "Aaron Adam Alice Amy Ana Andrew Anna Anne Ben Beth Bill Bob Brian Carl Carol Chris Claire Dan David "
    "Diane Emma Eric Eva Frank Grace Hannah Harry Helen Ian Jack James Jane Jean John Julia Kate Keith Laura "
    "Len Leo Linda Lisa Lucy Mark Mary Max Mia Michael Nick Nina Noah Oliver Paul Peter Rachel Ray Rose Ruth "
    "Sam Sara Scott Sophie Steve Susan Tom Tony Victor Will Zoe Min Ji Yu Hae Seo Jun Hyun Soo"
)

FAMILY_NAMES = _words(
    "Adams Allen Armas Baker Bell Brooks Brown Campbell Carter Clark Collins Cook Cooper Davis Edwards Evans "
    "Fisher Ford Foster Garcia Gray Green Hall Harris Hill Howard Hughes Jackson James Jenkins Johnson Jones "
    "Kelly King Lee Lewis Long Martin Miller Moore Morgan Morris Murphy Nelson Parker Perry Phillips Price "
    "Reed Rivera Roberts Rogers Ross Russell Scott Smith Stewart Taylor Thomas Turner Walker Ward Watson "
    "White Williams Wilson Wood Wright Young Kim Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon"
)

# Hangul syllables for Korean aliases of a share of the films.
HANGUL_SYLLABLES = tuple(
    "가나다라마바사아자차카타파하사랑밤별꽃길집문물불빛눈비산강바다하늘마음소년소녀전쟁여름겨울"
)
