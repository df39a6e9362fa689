"""Named boilerplate rule groups, kept as data.

Each group is named after what it removes. Its markup part (tags, class tokens, class words, ids, roles,
attributes) is built once into lookup tables (markup.py) that classify every element during the page walk; its
wording part (short label lines and whole-line patterns) is matched against short lines inside the located
body, where markup alone is too generic to tell cruft from review text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def words(text: str) -> tuple[str, ...]:
    """A token list written as one whitespace-separated string."""
    return tuple(text.split())


@dataclass(frozen=True)
class Markup:
    """What a rule group's elements look like in the markup; every list is OR-ed."""

    tags: tuple[str, ...] = ()
    class_tokens: tuple[str, ...] = ()  # a whole class token
    class_prefixes: tuple[str, ...] = ()  # a class token starting with this
    class_words: tuple[str, ...] = ()  # anywhere in the lower-cased class value (unambiguous words only)
    ids: tuple[str, ...] = ()
    id_prefixes: tuple[str, ...] = ()
    id_words: tuple[str, ...] = ()  # anywhere in the lower-cased id
    roles: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()  # exact attribute values
    flags: tuple[str, ...] = ()  # boolean attributes whose mere presence matches (hidden)
    styles: tuple[str, ...] = ()  # inline-style fragments, compared without spaces, lower case
    link_rels: tuple[str, ...] = ()  # <a rel=…> values: the link itself
    link_list_rels: tuple[str, ...] = ()  # <a rel=…> values: the list or line holding such links


@dataclass(frozen=True)
class RuleGroup:
    name: str
    markup: Markup = field(default_factory=Markup)
    labels: tuple[str, ...] = ()  # whole short lines, compared lower-cased without edge punctuation
    patterns: tuple[str, ...] = ()  # regular expressions a whole short line must match, any case
    cased_patterns: tuple[str, ...] = ()  # the same, case-sensitive (names start with a capital)
    # lower-case regular expressions found anywhere in a short line; each alternative starts with a literal
    keywords: tuple[str, ...] = ()
    takes_following: bool = False  # a label introduces the link list after it (READ MORE: + links)
    # case-sensitive regular expressions matched at the start of a paragraph among the last few of the body:
    # such a paragraph, and the short lines after it, are cruft (a third-person note about the author)
    closing_patterns: tuple[str, ...] = ()
    # regular expressions, any case, a whole line must match among the first or last few paragraphs of the
    # body: there such a line is cruft (a time stamp by the title), further in it may be the article's own
    edge_patterns: tuple[str, ...] = ()

    def compile_patterns(self) -> re.Pattern[str] | None:
        parts = [f"(?i:{p})" for p in self.patterns] + [f"(?:{p})" for p in self.cased_patterns]
        return re.compile("|".join(parts)) if parts else None

    def compile_keywords(self) -> re.Pattern[str] | None:
        return re.compile("|".join(f"(?:{k})" for k in self.keywords)) if self.keywords else None


_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun)"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?"
_MONTH_DE = r"(?:januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember)"
# A date in any common shape: 28.04.2023, 2024-05-03, 05/29/2025, Nov 19, 2019, 21 May 2025, 28. April 2023.
_DATE = (
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-](?:\d{{4}}|\d{{2}})|\d{{4}}[./-]\d{{1,2}}[./-]\d{{1,2}}"
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\.?\s+(?:{_MONTH}|{_MONTH_DE})\.?,?\s+\d{{4}})"
)
_CLOCK = r"\d{1,2}[:.]\d{2}(?:\s*(?:uhr|h|[ap]\.?m\.?))?(?:\s*[A-Z]{2,4}\b)?"
_LABEL_WORD = r"[^\s\d/=?]{1,25}\s*"  # a word of a date line's label ("Stand:", "Updated", a place or a name)
# A line that is a time stamp with a short label around it: "Stand: 22.04.2024, 06:00 Uhr", "Freitag,
# 28.04.2023, 19:25", "Jo Doe - Nov 19, 2019, 10:31 pm CST", "21 May 2025 - 14:19"; an article sentence
# holding a date has more words than this leaves room for.
_STAMP_LINE = (
    rf"(?=.{{6,80}}$)(?!.*@)(?:(?:{_LABEL_WORD}){{0,3}}[\s\[(:,|–-]*(?:{_CLOCK}[\s,|–-]*)?{_DATE}"
    rf"(?:[\s,.|–-]*(?:um\s+|at\s+)?{_CLOCK})?[\s\]),.|–-]*){{1,2}}(?:\d+\s*min\.?\s*)?(?:{_LABEL_WORD}){{0,2}}"
)
_NAME = r"[A-Z][\w.'\u2019-]*(?:\s+(?:[A-Z][\w.'\u2019-]*|van|de|da|von|del|la|le)){0,3}"

COMMENT_WIDGETS = RuleGroup(
    "comment_widgets",  # wpDiscuz thread and bubble, Disqus, native WordPress comments, comment prompts
    Markup(
        class_tokens=words("""
            wpd-form-wrap wpd-thread-head wpd-thread-list wpd-comment wpdtc wpd-comment-text comments-area
            comment-respond comment-list commentlist comments comment-form comments-link wp-block-comments
            td-comments-title-wrap fb-comments comments-section comment-section comments-title
            comment-reply-title td-comments-title article-comments post-comments wpdiscuz_top_clearing
            disqus-comments comments-wrapper comment-count comments-count"""),
        class_words=words("comment- -comment comments disqus wpdiscuz"),
        ids=words("""
            wpdcom wpd-threads wpd-bubble-wrapper wpd-editor-source-code-wrapper
            wpd-bubble-all-comments-count disqus_thread disqus_recommendations comments respond
            comment-section comments-section reply-title commentform"""),
        id_prefixes=words("wpd-bubble wpdiscuz"),
        id_words=words("comment- comments disqus"),
    ),
    labels=(
        "would love your thoughts, please comment",
        "leave a reply",
        "leave a comment",
        "post a comment",
        "add a comment",
        "add comment",
        "be the first to comment",
        "cancel reply",
        "comments",
        "comment",
        "join the discussion",
        "join the conversation",
        "no comments yet",
        "reply",
        "| reply",
        "x",
        "()",
        "please enable javascript to view the comments powered by disqus",
        "show comments",
        "view comments",
        "load comments",
        "댓글",
        "댓글쓰기",
        "댓글 보기",
    ),
    patterns=(
        r"\d+\s*(?:post\s+)?(?:comments?|responses?|replies)\s*(?:\(\+\))?",
        r"you must be logged in to post a comment.*",
        r"(?:would love your|we'd love (?:to hear )?your) thoughts.*",
        r"tell us what you think.{0,20}",
        r"would you like to comment on this (?:article|story)\?.*",
        r"댓글\s*\d+\s*개?",
    ),
)

COOKIE_BANNERS = RuleGroup(
    "cookie_banners",  # Cookie Notice, CookieYes, OneTrust, Cookiebot and the like
    Markup(
        class_tokens=words("""
            cookie-banner cookie-consent cc-window cookie-notice cookie-law-info-bar cli-modal gdpr-banner
            cmplz-cookiebanner cookie-bar cookies-banner"""),
        class_prefixes=words("cookie- cookies-"),
        class_words=words("cookie consent gdpr"),
        ids=words("""
            cookie-notice cookie-law-info-bar onetrust-consent-sdk onetrust-banner-sdk
            CybotCookiebotDialog cookie-banner cookie-consent cookieConsent gdpr-cookie-notice
            cmplz-cookiebanner-container moove_gdpr_cookie_info_bar"""),
        id_words=words("cookie consent gdpr"),
    ),
    patterns=(r"(?:this|our) (?:web)?site uses cookies.*", r"we use cookies.*"),
)

WEATHER_WIDGETS = RuleGroup(
    "weather_widgets",  # tagDiv top-bar weather (classic and Composer builds), weather plugins
    Markup(
        class_tokens=words("""
            td-weather-top-widget tdb_header_weather td-weather-header weather-widget widget_weather
            awesome-weather-wrap weather-atlas-wrapper wpc-weather-id"""),
        class_prefixes=words("td-weather- tdb-weather-"),
    ),
    patterns=(r"-?\d{1,3}(?:\.\d)?\s*°?\s*[CF]",),
)

DATE_BARS = RuleGroup(
    "date_bars",  # today's date in the top bar, and any line that is only a date
    Markup(
        class_tokens=words("""
        td_data_time tdb-head-date-txt tdb_header_date top-date header-date current-date today-date
        date-today topbar-date""")
    ),
    patterns=(
        rf"(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+\d{{4}})(?:,?\s*(?:at\s+)?{_TIME})?",
        rf"\d{{4}}[-./]\d{{1,2}}[-./]\d{{1,2}}\.?(?:\s*{_TIME})?",
        rf"\d{{1,2}}[-./]\d{{1,2}}[-./]\d{{4}}(?:\s*{_TIME})?",
        rf"\d{{4}}년\s*\d{{1,2}}월\s*\d{{1,2}}일(?:\s*\(?\w\)?)?(?:\s*{_TIME})?",
    ),
    edge_patterns=(_STAMP_LINE,),
)

BREADCRUMBS = RuleGroup(
    "breadcrumbs",
    Markup(
        class_tokens=words("entry-crumbs td-bred-no-url-last tdb-entry-crumb tdb-bred-no-url-last crumbs"),
        class_words=words("breadcrumb"),
        id_words=words("breadcrumb"),
        attributes=(
            ("itemtype", "https://schema.org/BreadcrumbList"),
            ("itemtype", "http://schema.org/BreadcrumbList"),
            ("aria-label", "breadcrumb"),
            ("aria-label", "Breadcrumb"),
            ("aria-label", "breadcrumbs"),
        ),
    ),
)

CATEGORY_BADGES = RuleGroup(
    "category_badges",
    Markup(
        class_tokens=words("""
        td-category entry-category tdb-category tdb-entry-category tdb-cat-bg cat-links post-categories
        entry-categories post-category meta-category category-label article-category cat-label
        td-post-category kicker eyebrow post-cats category-links entry-cat""")
    ),
)

RELATED_BLOCKS = RuleGroup(
    "related_blocks",  # most popular / most read / related / read more; YARPP, Jetpack, tagDiv, Taboola
    Markup(
        class_tokens=words("""
            td_block_related_posts td-related-title tdb_single_related yarpp yarpp-related jp-relatedposts
            jp-relatedposts-headline crp_related rp4wp-related-posts wp-block-jetpack-related-posts
            most-popular most-read mostread wpp-list related more-stories read-next tdb_single_next_prev
            outbrain OUTBRAIN taboola trc_related_container"""),
        class_prefixes=words("yarpp-template-"),
        class_words=words("""
            related recommend more-stories popular trending read-next readnext outbrain taboola also-read
            more-from you-may-like latest-news latest-stories latest-posts more-news"""),
        ids=words("jp-relatedposts yarpp most-popular"),
        id_prefixes=words("taboola-"),
        id_words=words("related recommend popular trending outbrain taboola"),
    ),
    labels=(
        "read more",
        "read also",
        "also read",
        "related",
        "related articles",
        "related posts",
        "related stories",
        "related content",
        "related reading",
        "most popular",
        "most popular articles",
        "most read",
        "most viewed",
        "popular posts",
        "popular articles",
        "trending",
        "trending now",
        "you may also like",
        "you might also like",
        "you may like",
        "recommended",
        "recommended for you",
        "check out our other content",
        "more from author",
        "more stories",
        "more articles",
        "more reviews",
        "read next",
        "see also",
        "more on this",
        "more from this author",
        "keep reading",
        "don't miss",
        "editor's picks",
        "latest news",
        "latest stories",
        "our latest stories",
        "more news",
        "ähnliche artikel",
        "ähnliche",
        "weitere artikel",
        "mehr zum thema",
        "lesen sie auch",
        "das könnte sie auch interessieren",
        "das könnte dich auch interessieren",
        "auch interessant",
        "artículos relacionados",
        "articles similaires",
        "à lire aussi",
        "lees ook",
        "les også",
        "läs också",
        "berita lainnya",
        "baca juga",
        "おすすめ情報",
        "関連記事",
        "당신이 관심 있을 만한 이슈",
        "관련기사",
        "관련 기사",
        "많이 본 뉴스",
        "많이본뉴스",
        "인기기사",
        "추천기사",
        "함께 보면 좋은 기사",
    ),
    patterns=(r"more from [\w .'-]{1,40}", r"(?:read|see) more[: ]+.{0,80}"),
    takes_following=True,
)

TAG_LISTS = RuleGroup(
    "tag_lists",  # tag lists with their labels, and lines of rel=tag / rel=category links
    Markup(
        class_tokens=words("""
            td-post-source-tags td-tags tdb-tags tdb_single_tags tags-links post-tags entry-tags tag-links
            tagcloud wp-block-tag-cloud article-tags tags tag-list taglist post-tag-list meta-tags
            entry-tag td-tags-title"""),
        class_words=words("tag-list taglist tag-cloud tagcloud post-tags entry-tags article-tags"),
        link_list_rels=words("tag category"),
    ),
    labels=(
        "tags",
        "tag",
        "tagged",
        "tagged with",
        "tagged as",
        "topics",
        "related topics",
        "check out other tags",
        "filed under",
        "태그",
        "키워드",
    ),
    patterns=(r"(?:tags?|tagged(?: with| as)?|topics|filed under|태그|키워드)\s*:.{1,200}",),
    takes_following=True,
)

SHARE_BARS = RuleGroup(
    "share_bars",  # Jetpack sharedaddy, AddToAny, ShareThis, tagDiv sharing and generic share widgets
    Markup(
        class_tokens=words("""
            sharedaddy sd-sharing-enabled sd-block sd-sharing sd-title sd-social likes-widget-placeholder
            sd-like addtoany_share_save_container a2a_kit addtoany_header addtoany_list
            sharethis-inline-share-buttons td-post-sharing td-social-sharing-button tdb_single_post_share
            ssba heateor_sss_sharing_container shariff essb_links jp-sharing-input-touch
            wp-block-jetpack-sharing-buttons printfriendly pf-button"""),
        class_prefixes=words("share- sharing- a2a_button"),
        class_words=words("share sharing social sociable"),
        id_words=words("share sharing social"),
    ),
    labels=(
        "share this:",
        "share this",
        "share",
        "share:",
        "share on facebook",
        "share on twitter",
        "tweet",
        "like this:",
        "like this",
        "like loading...",
        "loading...",
        "share this article",
        "share article",
        "share this story",
        "share this post",
        "facebook",
        "twitter",
        "pinterest",
        "linkedin",
        "whatsapp",
        "email",
        "print",
        "reddit",
        "공유하기",
    ),
    patterns=(r"https?://\S+",),  # a bare address: the copy-link box
)

NEWSLETTER_BOXES = RuleGroup(
    "newsletter_boxes",  # Mailchimp for WP, Jetpack subscriptions, The Newsletter Plugin, generic sign-ups
    Markup(
        class_tokens=words("""
            mc4wp-form widget_mc4wp_form_widget tnp tnp-subscription wp-block-jetpack-subscriptions
            jetpack_subscription_widget email-signup"""),
        class_words=words("newsletter subscribe subscription signup sign-up optin opt-in mailchimp"),
        id_words=words("newsletter subscribe signup optin mailchimp mc_embed_signup"),
    ),
    labels=(
        "sign up for our newsletter",
        "subscribe to our newsletter",
        "subscribe",
        "sign up",
        "newsletter",
        "get the newsletter",
        "join our newsletter",
    ),
    patterns=(r"(?:sign up|subscribe) (?:for|to) (?:our|the) .{0,40}newsletter.*",),
    # a short promotion asking for the sign-up anywhere in it ("… bookmark our homepage and sign up for our
    # newsletters so we can keep you informed")
    keywords=(r"sign up for our (?:free )?newsletters?|subscribe to our (?:free )?newsletters?",),
)

ADS = RuleGroup(
    "ads",  # tagDiv ad spots, AdSense, Google Publisher Tags, ad plugins, "- Advertisement -" labels
    Markup(
        tags=("ins",),
        class_tokens=words("""
            td-a-rec td-a-ad td-adspot-title adsbygoogle gpt-ad ad-slot ad-container advert advertisement
            ad-unit adunit ads ad dfp-ad google-ad ad-wrapper ad-wrap adsense ad-banner banner-ad
            ad-placeholder adslot advertising ad-label ad_unit ezoic-ad mv-ad-box adthrive-ad wp-block-ad"""),
        class_prefixes=words("td-a-rec- ad-slot- adthrive- ezoic- advads-"),
        class_words=words("advert sponsor adslot ad-slot ad-container ad-wrapper adsense google-ad dfp-"),
        id_prefixes=words("div-gpt-ad google_ads gpt-ad ad-slot adslot ezoic-pub-ad AdThrive_"),
        id_words=words("advert sponsor google_ads dfp-"),
    ),
    labels=(
        "- advertisement -",
        "advertisement",
        "advertisements",
        "advert",
        "adverts",
        "ad",
        "ads",
        "sponsored",
        "anzeige",
        "werbung",
        "reklam",
        "publicité",
        "publicidad",
        "pubblicità",
        "iklan",
        "реклама",
        "広告",
        "continue reading below",
        "story continues below advertisement",
        "article continues below",
        "광고",
        "scroll to continue with content",
    ),
)

AUTHOR_BIOS = RuleGroup(
    "author_bios",  # Simple Author Box, theme author boxes
    Markup(
        class_tokens=words("""
            saboxplugin-wrap author-box-wrap author-description post-author-box td-author-box entry-author
            author-block writer-bio wp-block-post-author about-the-author"""),
        class_words=words("""
            author-bio authorbio author-box author-info about-author author-card author-profile bio-box"""),
        id_words=words("author-bio author-box"),
    ),
    labels=("about the author", "about author"),
    closing_patterns=(
        # "Chris Smith is a freelance writer …", "Emma is Lead Writer at …", "Dr. Jo Loos is a 2017 graduate"
        r"(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}\s+(?:is|was)\s+"
        r"(?:(?:an?|the)\s+)?(?:[\w'\u2019&-]+\s+){0,5}?(?i:writer|journalist|editor|graduate|author|critic"
        r"|reporter|contributor|columnist|correspondent|blogger|freelancer)s?\b",
        r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}\s+has\s+(?:also\s+)?written\s+(?:for|about)\b",
    ),
)

NEXT_PREV_LINKS = RuleGroup(
    "next_prev_links",
    Markup(
        class_tokens=words("""
            td-post-next-prev post-navigation nav-links navigation post-nav nav-previous nav-next
            wp-post-navigation page-links paging previous-post next-post tdb_single_next_prev"""),
        class_words=words("pagination post-nav prev-next next-prev"),
        link_rels=words("next prev previous"),
    ),
    labels=(
        "previous article",
        "next article",
        "previous post",
        "next post",
        "previous",
        "next",
        "« previous",
        "next »",
        "older posts",
        "newer posts",
        "이전글",
        "다음글",
        "이전 기사",
        "다음 기사",
    ),
)

PAYWALL_MESSAGES = RuleGroup(
    "paywall_messages",  # Leaky Paywall and other subscription prompts (not the article they may wrap)
    Markup(
        class_tokens=words("""
        leaky_paywall_message_wrap paywall-message paywall-prompt paywall-banner premium-content-message
        piano-offer subscription-prompt""")
    ),
    patterns=(
        r"(?:subscribe|log in|sign in) to (?:continue|keep) reading.*",
        r"this (?:article|content|story) is (?:for|only available to) (?:subscribers|members).*",
        r"you have reached your (?:free )?article limit.*",
    ),
)

CAPTIONS = RuleGroup(
    "captions",  # figure captions, photo credits, gallery counters
    Markup(
        tags=("figcaption",),
        class_tokens=words("wp-caption-text wp-element-caption blocks-gallery-caption"),
        class_words=words("caption credit"),
    ),
    labels=(
        "caption",
        "close",
        "back to gallery",
        "view gallery",
        "expand",
        "enlarge this image",
        "hide caption",
        "toggle caption",
        "image",
        "photo",
        "video",
        "this slideshow requires javascript",
        "reuters",  # an agency alone on a line is a picture credit
        "afp",
        "dpa",
        "epa",
        "getty",
        "getty images",
        "keystone",
        "imago",
    ),
    patterns=(
        r"\(?(?:photo|image|picture|credit)s?\s*(?:by|:|credit:?)\s*[^.]{1,80}\)?",
        r"\(?(?:사진|이미지|자료)\s*(?:=|제공|출처|:).{0,60}\)?",
        r"(?:image|photo|slide|bild|foto) \d+ (?:of|von|/)(?: ?/)? ?\d*",
        r"\d+ ?(?:/|of) ?\d+",
        r"image copyright .{1,60}",  # "Image copyright EPA"
        # a caption ending in its credit: "… the Amazon.Credit: Jo Doe/AFP", "… Photo by: 'Jo Doe'."
        r".{0,200}?(?:[.\s]|^)(?:(?:photo|image|picture) )?credits?:\s*[^.|$]{1,80}\.?",
        r".{0,200}?\b(?:photo|image|picture|foto|bild|grafik|illustration)s?(?: by)?:\s*"
        r"['\"\u2018\u201c]?[\w .'/&,()|-]{1,60}['\"\u2019\u201d]?\.?",
        r"(?:source|quelle)\s*:\s*[\w .'/&,()|-]{1,60}",  # the source under a chart or a picture
    ),
    # a caption closing on its credit in brackets: "… on the ship, 11 May (AFP / JO DOE)", "(dpa/Jo Doe)"
    cased_patterns=(
        r".{0,240}\(\s*[\w.&'-]+(?:\s[\w.&'-]+){0,3}\s?/\s?[A-Z][\w.&'-]*(?:\s[\w.&'-]+){0,3}\s*\)\.?",
    ),
    keywords=(r"getty images|shutterstock|istock|ap photo|afp photo|/reuters|/ reuters|reuters/|reuters /",),
)

REPORTER_AND_COPYRIGHT = RuleGroup(
    "reporter_and_copyright_lines",  # "… 기자" lines, <저작권자 © …, 무단전재 및 재배포 금지>, © lines
    Markup(
        class_tokens=words("""
        copyright article-copyright reporter reporter-info byline-reporter copyright-notice""")
    ),
    patterns=(
        r"[<\[(]?\s*저작권자\s*[©ⓒ(c)].*",
        r"[\[(]?[\w\s·=]{0,30}\s?기자\s*[\])]?\s*(?:[\w.+-]+@[\w.-]+)?\s*",
        r"[\w.+-]+@[\w-]+\.[\w.]+\s*",
        r"(?:copyright|©|\(c\))\s*(?:\d{4})?.{0,80}(?:all rights reserved\.?)?",
    ),
    keywords=(
        r"무단\s*전재.{0,40}(?:금지|금함)",
        r"all rights reserved",
        r"©|ⓒ|\(c\) ?\d{4}|copyright \d{4}",
    ),
)

ARTICLE_META = RuleGroup(
    "article_meta",  # title block, byline, date line, reading time: record fields, never body text
    Markup(
        class_tokens=words("""
            byline post-meta entry-meta td-module-meta-info tdb-author-name post-date entry-date meta-info
            article-meta post-info posted-on post-author author-name article__meta article-byline
            td-post-date td-post-author-name tdb-post-meta td-post-header td-post-title entry-footer
            post-footer reading-time read-time td-post-views td-post-comments updated-date last-updated
            dateline-time"""),
        attributes=(
            ("itemprop", "author"),
            ("itemprop", "datePublished"),
            ("itemprop", "dateModified"),
            ("rel", "author"),
        ),
    ),
    patterns=(
        r"(?:published|posted|updated|last updated|date)\s*(?:on|:)?\s*.{0,40}\d.{0,30}",
        r"(?:\d+\s*min(?:ute)?s?\s*read|reading time:?.{0,20})",
        r"\d+\s*min(?:\.|uten?|utos?|uti)?\s*"
        r"(?:lesezeit|lesedauer|de lecture|de lectura|di lettura|leestijd)",
        r"(?:lesezeit|lesedauer|temps de lecture|tiempo de lectura)\s*:?\s*\d+\s*min.{0,10}",
    ),
    keywords=(r"published\s*:|posted\s*:|updated\s*:|modified\s*:",),
    cased_patterns=(rf"(?:[Bb]y|BY)\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*(?:\s*[|,·-]\s*.{{0,40}})?",),
    # the staff credits closing a news story: "Reporting by Jo Doe; Editing by Al Roe", "Additional reporting
    # by Jo Doe", "Associated Press writers Jo Doe and Al Roe contributed to this report."
    edge_patterns=(
        r"[\s(–—-]*(?:with\s+)?additional\s+reporting\s+by\s.{1,200}",
        r"[\s(–—-]*(?:reporting|writing)\s+by\s.{1,160}?[;,]\s*(?:additional\s+)?(?:reporting|writing|editing)\s+by\s.*",
        r".{1,200}\scontributed\s+(?:reporting\s+)?to\s+this\s+(?:report|story|article)\.?\)?",
        # "Editor: Jo Doe", "Übersetzung: Jo Doe, Redaktion: Al Roe, Schlussredaktion: Kim Poe"
        r"(?=.{3,200}$)(?:(?:editor|editing|translation|redaktion|schlussredaktion|übersetzung|mitarbeit"
        r"|audioversion)\s*:\s*[^:,;]{1,60}(?:[,;]\s*|$)){1,6}",
    ),
)

PROMOTIONS = RuleGroup(
    "promotions",  # testimonials, calls to action, upsell and deal boxes placed around or inside articles
    Markup(
        class_tokens=words("cta cta-box cta-banner call-to-action"),
        class_words=words("testimonial promo upsell cta-"),
        id_words=words("testimonial promo"),
    ),
)

MARKUP_LEFTOVERS = RuleGroup(
    # shortcodes a plugin failed to render: [button link="…"]Send us yours[/button]; template placeholders
    # left standing on a line of their own: $$ARTICLEAD$$, {{ad_slot}}, %%related%%
    "markup_leftovers",
    patterns=(r"\[[a-z_][\w-]*\s+[\w-]+\s*=.*", r"(?:\$\$|%%|\{\{)\s*[\w.-]+\s*(?:\$\$|%%|\}\})"),
    keywords=(r"\[/[a-z_][\w-]*\]",),
)

FORMS = RuleGroup(
    "forms",  # sign-up, log-in, contact and quote forms: their labels and notes are never the article
    Markup(tags=("form",)),
)

PAGE_CHROME = RuleGroup(
    "page_chrome",  # regions around the article: navigation, header, footer, sidebars, dialogs, controls
    Markup(
        tags=words("nav header footer aside menu dialog button"),
        roles=words("navigation banner contentinfo complementary search dialog menu menubar"),
        class_tokens=words("""
            sidebar site-header site-footer td-header-wrap td-footer-wrapper tdc-header-wrap
            tdc-footer-wrap td-sub-footer-container widget-area skip-link skip-links screen-reader-text
            sr-only visually-hidden visuallyhidden offscreen menu nav-menu navbar site-navigation
            main-navigation mobile-menu top-bar topbar masthead site-branding td-header-top-menu
            tdb_header_menu search-form searchform toc ez-toc-container table-of-contents modal popup"""),
        class_words=words("sidebar navbar masthead popup modal tooltip"),
        ids=words("""
            sidebar secondary masthead colophon site-header site-footer footer header navigation
            site-navigation mobile-menu ez-toc-container toc"""),
        id_words=words("sidebar navbar masthead popup modal"),
        flags=("data-nosnippet",),  # what the publisher keeps out of search snippets: not the article
    ),
)

HIDDEN = RuleGroup(
    "hidden_elements",
    Markup(
        attributes=(("aria-hidden", "true"), ("aria-modal", "true")),
        flags=("hidden", "x-cloak", "v-cloak"),
        styles=("display:none", "visibility:hidden"),
    ),
)

# Groups applied to the whole page before the body is located. When several match one element the first
# names the removal, so the specific groups come before the generic ones.
PAGE_GROUPS: tuple[RuleGroup, ...] = (
    COMMENT_WIDGETS,
    COOKIE_BANNERS,
    WEATHER_WIDGETS,
    DATE_BARS,
    BREADCRUMBS,
    CATEGORY_BADGES,
    RELATED_BLOCKS,
    TAG_LISTS,
    SHARE_BARS,
    NEWSLETTER_BOXES,
    ADS,
    AUTHOR_BIOS,
    NEXT_PREV_LINKS,
    PAYWALL_MESSAGES,
    CAPTIONS,
    REPORTER_AND_COPYRIGHT,
    ARTICLE_META,
    PROMOTIONS,
    MARKUP_LEFTOVERS,
    FORMS,
    PAGE_CHROME,
    HIDDEN,
)

# Groups whose closing patterns are checked on the last paragraphs of the body.
CLOSING_GROUPS: tuple[RuleGroup, ...] = tuple(g for g in PAGE_GROUPS if g.closing_patterns)

# Groups whose edge patterns are checked on the first and last paragraphs of the body.
EDGE_GROUPS: tuple[RuleGroup, ...] = tuple(g for g in PAGE_GROUPS if g.edge_patterns)

# Groups whose wording is checked on short lines inside the located body.
WORDING_GROUPS: tuple[RuleGroup, ...] = tuple(
    g for g in PAGE_GROUPS if g.labels or g.patterns or g.cased_patterns or g.keywords
)
