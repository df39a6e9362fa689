"""Named boilerplate rule groups, kept as data.

Each group is named after what it removes. Its markup part (tags, class tokens, ids, roles, attributes) is
compiled once into one XPath expression; its wording part (short label lines and line patterns) is matched
against short text blocks, where the markup alone is too generic to tell cruft from content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Markup:
    """What a rule group's elements look like in the markup; every list is OR-ed."""

    tags: tuple[str, ...] = ()
    class_tokens: tuple[str, ...] = ()  # a whole class token
    class_prefixes: tuple[str, ...] = ()  # a class token starting with this
    class_substrings: tuple[str, ...] = ()  # anywhere in the class attribute (only for unambiguous words)
    ids: tuple[str, ...] = ()
    id_prefixes: tuple[str, ...] = ()
    id_substrings: tuple[str, ...] = ()
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
    takes_following: bool = False  # a label introduces the link list after it (READ MORE: + links)

    def compile_patterns(self) -> re.Pattern[str] | None:
        parts = [f"(?i:{p})" for p in self.patterns] + [f"(?:{p})" for p in self.cased_patterns]
        return re.compile("|".join(parts)) if parts else None


_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun)"
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?"
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|van|de|da|von|del|la|le)){0,3}"

# Page chrome: regions around the article, never part of it.
PAGE_CHROME = RuleGroup(
    "page_chrome",
    Markup(
        class_substrings=("sidebar", "navbar", "masthead", "popup", "modal"),
        id_substrings=("sidebar", "navbar", "masthead", "popup", "modal"),
        tags=("nav", "header", "footer", "aside", "menu", "dialog", "button"),
        roles=("navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu", "menubar"),
        class_tokens=(
            "sidebar", "site-header", "site-footer", "td-header-wrap", "td-footer-wrapper", "tdc-header-wrap",
            "tdc-footer-wrap", "td-sub-footer-container", "widget-area", "skip-link", "screen-reader-text",
            "sr-only", "visually-hidden", "visuallyhidden", "offscreen", "menu", "nav-menu", "navbar",
            "site-navigation", "main-navigation", "mobile-menu", "top-bar", "topbar", "masthead", "site-branding",
            "td-header-top-menu", "tdb_header_menu", "search-form", "searchform", "skip-links",
            "toc", "ez-toc-container", "table-of-contents", "modal", "popup",
        ),
        ids=("sidebar", "secondary", "masthead", "colophon", "site-header", "site-footer", "footer", "header",
             "navigation", "site-navigation", "mobile-menu", "ez-toc-container", "toc"),
    ),
)

HIDDEN = RuleGroup(
    "hidden_elements",
    Markup(attributes=(("aria-hidden", "true"),), flags=("hidden",),
           styles=("display:none", "visibility:hidden")),
)

WEATHER_WIDGETS = RuleGroup(
    "weather_widgets",
    Markup(
        class_tokens=("td-weather-top-widget", "tdb_header_weather", "td-weather-header", "weather-widget",
                      "widget_weather", "awesome-weather-wrap", "weather-atlas-wrapper", "wpc-weather-id"),
        class_prefixes=("td-weather-", "tdb-weather-"),
    ),
    patterns=(r"-?\d{1,3}(?:\.\d)?\s*°?\s*[CF]",),
)

DATE_BARS = RuleGroup(
    "date_bars",
    Markup(class_tokens=("td_data_time", "tdb-head-date-txt", "tdb_header_date", "top-date", "header-date",
                         "current-date", "today-date", "date-today", "topbar-date")),
    patterns=(
        rf"(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+\d{{4}})(?:,?\s*(?:at\s+)?{_TIME})?",
        rf"\d{{4}}[-./]\d{{1,2}}[-./]\d{{1,2}}\.?(?:\s*{_TIME})?",
        rf"\d{{1,2}}[-./]\d{{1,2}}[-./]\d{{4}}(?:\s*{_TIME})?",
        rf"\d{{4}}년\s*\d{{1,2}}월\s*\d{{1,2}}일(?:\s*\(?\w\)?)?(?:\s*{_TIME})?",
    ),
)

BREADCRUMBS = RuleGroup(
    "breadcrumbs",
    Markup(
        class_tokens=("entry-crumbs", "td-bred-no-url-last", "tdb-entry-crumb", "tdb-bred-no-url-last",
                      "tdb-breadcrumbs", "crumbs"),
        class_substrings=("breadcrumb",),
        id_substrings=("breadcrumb",),
        attributes=(("itemtype", "https://schema.org/BreadcrumbList"), ("itemtype", "http://schema.org/BreadcrumbList"),
                    ("aria-label", "breadcrumb"), ("aria-label", "Breadcrumb"), ("aria-label", "breadcrumbs")),
    ),
)

CATEGORY_BADGES = RuleGroup(
    "category_badges",
    Markup(
        class_tokens=("td-category", "entry-category", "tdb-category", "tdb-entry-category", "tdb-cat-bg",
                      "cat-links", "post-categories", "entry-categories", "post-category", "meta-category",
                      "category-label", "article-category", "cat-label", "td-post-category", "kicker",
                      "eyebrow", "post-cats", "category-links", "entry-cat"),
    ),
)

COMMENT_WIDGETS = RuleGroup(
    "comment_widgets",
    Markup(
        id_substrings=('comment-', 'comments', 'disqus'),
        class_substrings=('comment-', '-comment', 'comments', 'disqus', 'wpdiscuz'),
        class_tokens=("wpd-form-wrap", "wpd-thread-head", "wpd-thread-list", "wpd-comment", "wpdtc",
                      "wpd-comment-text", "comments-area", "comment-respond", "comment-list", "commentlist",
                      "comments", "comment-form", "comments-link", "wp-block-comments", "td-comments-title-wrap",
                      "fb-comments", "comments-section", "comment-section", "comments-title", "comment-reply-title",
                      "td-comments-title", "article-comments", "post-comments", "commentlist", "wpdiscuz_top_clearing",
                      "disqus-comments", "comments-wrapper", "comment-count", "comments-count"),
        ids=("wpdcom", "wpd-threads", "wpd-bubble-wrapper", "wpd-editor-source-code-wrapper", "disqus_thread",
             "comments", "respond", "comment-section", "comments-section", "reply-title", "commentform",
             "wpd-bubble-all-comments-count", "disqus_recommendations"),
        id_prefixes=("wpd-bubble", "wpdiscuz"),
    ),
    labels=("would love your thoughts, please comment", "leave a reply", "leave a comment", "post a comment",
            "add a comment", "add comment", "be the first to comment", "cancel reply", "comments", "comment",
            "join the discussion", "join the conversation", "no comments yet", "reply", "| reply", "x", "()",
            "please enable javascript to view the comments powered by disqus", "show comments",
            "view comments", "load comments", "댓글", "댓글쓰기", "댓글 보기"),
    patterns=(r"\d+\s*(?:post\s+)?(?:comments?|responses?|replies)\s*(?:\(\+\))?", r"you must be logged in to post a comment.*",
              r"(?:would love your|we'd love (?:to hear )?your) thoughts.*", r"댓글\s*\d+\s*개?"),
)

RELATED_BLOCKS = RuleGroup(
    "related_blocks",
    Markup(
        id_substrings=('related', 'recommend', 'popular', 'trending', 'outbrain', 'taboola'),
        class_substrings=('related', 'recommend', 'more-stories', 'popular', 'trending', 'read-next', 'readnext', 'outbrain', 'taboola', 'also-read', 'more-from', 'you-may-like'),
        class_tokens=("td_block_related_posts", "td-related-title", "tdb_single_related", "yarpp", "yarpp-related",
                      "jp-relatedposts", "jp-relatedposts-headline", "related-posts", "related_posts",
                      "relatedposts", "related-articles", "related-content", "related-stories", "crp_related",
                      "rp4wp-related-posts", "wp-block-jetpack-related-posts", "most-popular", "popular-posts",
                      "most-read", "mostread", "wpp-list", "related", "related-post", "more-stories",
                      "recommended-posts", "read-next", "tdb_single_next_prev", "outbrain",
                      "OUTBRAIN", "taboola", "trc_related_container"),
        class_prefixes=("yarpp-template-",),
        ids=("jp-relatedposts", "related-posts", "related_posts", "relatedposts", "yarpp", "most-popular",
             "taboola-below-article-thumbnails", "outbrain_widget_0"),
        id_prefixes=("taboola-",),
    ),
    labels=("read more", "read also", "also read", "related", "related articles", "related posts",
            "related stories", "related content", "related reading", "most popular", "most popular articles",
            "most read", "most viewed", "popular posts", "popular articles", "trending", "trending now",
            "you may also like", "you might also like", "you may like", "recommended", "recommended for you",
            "check out our other content", "more from author", "more stories", "more articles", "read next",
            "see also", "more on this", "more from this author", "keep reading", "don't miss", "editor's picks",
            "관련기사", "관련 기사", "많이 본 뉴스", "많이본뉴스", "인기기사", "추천기사", "함께 보면 좋은 기사"),
    patterns=(r"more from [\w .'-]{1,40}", r"(?:read|see) more[: ]+.{0,80}"),
    takes_following=True,
)

TAG_LISTS = RuleGroup(
    "tag_lists",
    Markup(
        class_substrings=('tag-list', 'taglist', 'tag-cloud', 'tagcloud', 'post-tags', 'entry-tags', 'article-tags'),
        class_tokens=("td-post-source-tags", "td-tags", "tdb-tags", "tdb_single_tags", "tags-links", "post-tags",
                      "entry-tags", "tag-links", "tagcloud", "wp-block-tag-cloud", "article-tags", "tags",
                      "tag-list", "taglist", "post-tag-list", "meta-tags", "entry-tag", "td-tags-title"),
        link_list_rels=("tag", "category"),
    ),
    labels=("tags", "tag", "tagged", "tagged with", "tagged as", "topics", "related topics", "check out other tags",
            "filed under", "태그", "키워드"),
    takes_following=True,
)

SHARE_BARS = RuleGroup(
    "share_bars",
    Markup(
        id_substrings=('share', 'sharing', 'social'),
        class_substrings=('share', 'sharing', 'social', 'sociable'),
        class_tokens=("sharedaddy", "sd-sharing-enabled", "sd-block", "sd-sharing", "sd-title", "sd-social",
                      "likes-widget-placeholder", "sd-like", "addtoany_share_save_container", "a2a_kit",
                      "addtoany_header", "addtoany_list", "sharethis-inline-share-buttons", "td-post-sharing",
                      "td-social-sharing-button", "tdb_single_post_share", "td-post-sharing-top",
                      "td-post-sharing-bottom", "share-buttons", "social-share", "sharing", "share-bar",
                      "share", "shares", "post-share", "entry-share", "ssba", "heateor_sss_sharing_container",
                      "shariff", "essb_links", "social-sharing", "article-share", "share-tools", "social-buttons",
                      "social-links", "share-links", "sharing-buttons", "social-icons", "jp-sharing-input-touch",
                      "wp-block-jetpack-sharing-buttons", "printfriendly", "pf-button"),
        class_prefixes=("share-", "sharing-", "a2a_button"),
    ),
    labels=("share this:", "share this", "share", "share:", "share on facebook", "share on twitter", "tweet",
            "like this:", "like this", "like loading...", "loading...", "share this article", "share article",
            "share this story", "share this post", "facebook", "twitter", "pinterest", "linkedin", "whatsapp",
            "email", "print", "reddit", "공유하기"),
    patterns=(r"https?://\S+",),
)

NEWSLETTER_BOXES = RuleGroup(
    "newsletter_boxes",
    Markup(
        class_tokens=("mc4wp-form", "widget_mc4wp_form_widget", "newsletter", "newsletter-signup",
                      "newsletter-box", "subscribe-box", "signup-form", "tnp", "tnp-subscription",
                      "wp-block-jetpack-subscriptions", "jetpack_subscription_widget", "subscribe-form",
                      "email-signup", "newsletter-form", "optin"),
        class_substrings=('subscribe', 'subscription', 'signup', 'sign-up', 'optin', 'opt-in', 'mailchimp', "newsletter",),
        id_substrings=('subscribe', 'signup', 'optin', 'mailchimp', "newsletter", "mc_embed_signup"),
    ),
    labels=("sign up for our newsletter", "subscribe to our newsletter", "subscribe", "sign up", "newsletter",
            "get the newsletter", "join our newsletter"),
    patterns=(r"(?:sign up|subscribe) (?:for|to) (?:our|the) .{0,40}newsletter.*",),
)

COOKIE_BANNERS = RuleGroup(
    "cookie_banners",
    Markup(
        class_substrings=('cookie', 'consent', 'gdpr'),
        ids=("cookie-notice", "cookie-law-info-bar", "onetrust-consent-sdk", "onetrust-banner-sdk",
             "CybotCookiebotDialog", "cookie-banner", "cookie-consent", "cookieConsent", "gdpr-cookie-notice",
             "cmplz-cookiebanner-container", "moove_gdpr_cookie_info_bar"),
        id_substrings=('consent', 'gdpr', "cookie",),
        class_tokens=("cookie-banner", "cookie-consent", "cc-window", "cookie-notice", "cookie-law-info-bar",
                      "cli-modal", "gdpr-banner", "cmplz-cookiebanner", "cookie-bar", "cookies-banner"),
        class_prefixes=("cookie-", "cookies-"),
    ),
    patterns=(r"(?:this|our) (?:web)?site uses cookies.*", r"we use cookies.*"),
)

ADS = RuleGroup(
    "ads",
    Markup(
        id_substrings=('advert', 'sponsor', 'google_ads', 'dfp-'),
        class_substrings=('advert', 'sponsor', 'adslot', 'ad-slot', 'ad-container', 'ad-wrapper', 'adsense', 'google-ad', 'dfp-'),
        tags=("ins",),
        class_tokens=("td-a-rec", "td-a-ad", "td-adspot-title", "adsbygoogle", "gpt-ad", "ad-slot", "ad-container",
                      "advert", "advertisement", "ad-unit", "adunit", "ads", "ad", "dfp-ad", "google-ad",
                      "ad-wrapper", "ad-wrap", "adsense", "ad-banner", "banner-ad",
                      "ad-placeholder", "adslot", "advertising", "ad-label", "ad_unit", "ezoic-ad",
                      "mv-ad-box", "adthrive-ad", "wp-block-ad"),
        class_prefixes=("td-a-rec-", "ad-slot-", "adthrive-", "ezoic-", "advads-"),
        id_prefixes=("div-gpt-ad", "google_ads", "gpt-ad", "ad-slot", "adslot", "ezoic-pub-ad", "AdThrive_"),
    ),
    labels=("- advertisement -", "advertisement", "advertisements", "ad", "ads", "sponsored", "anzeige",
            "continue reading below", "story continues below advertisement", "article continues below",
            "광고", "scroll to continue with content"),
)

AUTHOR_BIOS = RuleGroup(
    "author_bios",
    Markup(
        class_substrings=('author-bio', 'authorbio', 'author-box', 'author-info', 'about-author', 'author-card', 'author-profile', 'bio-box'),
        class_tokens=("saboxplugin-wrap", "author-box", "author-bio", "author-box-wrap", "about-author",
                      "author-info", "author-description", "post-author-box", "td-author-box", "author-card",
                      "author-profile", "entry-author", "author-block", "writer-bio", "wp-block-post-author",
                      "bio-box", "about-the-author"),
        id_substrings=("author-bio", "author-box"),
    ),
    labels=("about the author", "about author"),
)

NEXT_PREV_LINKS = RuleGroup(
    "next_prev_links",
    Markup(
        class_substrings=('pagination', 'post-nav', 'prev-next', 'next-prev'),
        class_tokens=("td-post-next-prev", "post-navigation", "nav-links", "navigation", "post-nav",
                      "nav-previous", "nav-next", "wp-post-navigation", "prev-next", "next-prev",
                      "pagination", "page-links", "post-pagination", "paging", "previous-post", "next-post",
                      "tdb_single_next_prev"),
        link_rels=("next", "prev", "previous"),
    ),
    labels=("previous article", "next article", "previous post", "next post", "previous", "next", "« previous",
            "next »", "older posts", "newer posts", "이전글", "다음글", "이전 기사", "다음 기사"),
)

PAYWALL_MESSAGES = RuleGroup(
    "paywall_messages",
    Markup(
        class_tokens=("leaky_paywall_message_wrap", "paywall-message", "paywall-prompt", "paywall-banner",
                      "premium-content-message", "piano-offer", "subscription-prompt"),
    ),
    patterns=(r"(?:subscribe|log in|sign in) to (?:continue|keep) reading.*",
              r"this (?:article|content|story) is (?:for|only available to) (?:subscribers|members).*",
              r"you have reached your (?:free )?article limit.*"),
)

CAPTIONS = RuleGroup(
    "captions",
    Markup(
        class_substrings=('caption', 'credit'),
        tags=("figcaption",),
        class_tokens=("wp-caption-text", "wp-element-caption", "caption", "image-caption", "photo-caption",
                      "credit", "image-credit", "photo-credit", "media-credit", "img-caption", "caption-text",
                      "gallery-caption", "blocks-gallery-caption"),
    ),
    labels=("caption", "close", "back to gallery", "view gallery", "expand", "enlarge this image", "hide caption",
            "toggle caption", "image", "photo", "video"),
    patterns=(r"\(?(?:photo|image|picture|credit)s?\s*(?:by|:|credit:?)\s*[^.]{1,80}\)?",
              r"\(?(?:사진|이미지|자료)\s*(?:=|제공|출처|:).{0,60}\)?",
              r".{0,100}(?:getty images|shutterstock|istock(?:photo)?|ap photo|afp photo|/ ?reuters|reuters ?/).{0,60}",
              r"(?:image|photo|slide) \d+ (?:of|/) ?\d*", r"\d+ ?(?:/|of) ?\d+"),
)

REPORTER_AND_COPYRIGHT = RuleGroup(
    "reporter_and_copyright_lines",
    Markup(class_tokens=("copyright", "article-copyright", "reporter", "reporter-info", "byline-reporter",
                         "copyright-notice")),
    patterns=(
        r"[<\[(]?\s*저작권자\s*[©ⓒ(c)].*",
        r".{0,60}무단\s*전재.{0,40}(?:금지|금함).{0,5}",
        r"[\[(]?[\w\s·=]{0,30}\s?기자\s*[\])]?\s*(?:[\w.+-]+@[\w.-]+)?\s*",
        r"[\w.+-]+@[\w-]+\.[\w.]+\s*",
        r"(?:copyright|©|\(c\))\s*(?:\d{4})?.{0,80}(?:all rights reserved\.?)?",
        r".{0,80}all rights reserved\.?",
        r".{0,120}(?:©|ⓒ|\(c\) ?\d{4}|copyright \d{4}).{0,120}",
    ),
)

ARTICLE_META = RuleGroup(
    "article_meta",
    Markup(
        class_tokens=("byline", "post-meta", "entry-meta", "td-module-meta-info", "tdb-author-name", "post-date",
                      "entry-date", "meta-info", "article-meta", "post-info", "posted-on", "post-author",
                      "author-name", "article__meta", "article-byline", "td-post-date", "td-post-author-name",
                      "tdb-post-meta", "td-post-header", "td-post-title", "entry-footer", "post-footer", "reading-time", "read-time",
                      "td-post-views", "td-post-comments", "updated-date", "last-updated", "dateline-time"),
        attributes=(("itemprop", "author"), ("itemprop", "datePublished"), ("itemprop", "dateModified"),
                    ("rel", "author")),
    ),
    patterns=(
        r"(?:published|posted|updated|last updated|date)\s*(?:on|:)?\s*.{0,40}\d.{0,30}",
        r".{0,60}\b(?:published|posted|updated|modified)\s*:\s*.{0,60}",
        r"(?:\d+\s*min(?:ute)?s?\s*read|reading time:?.{0,20})",
    ),
    cased_patterns=(
        rf"(?:[Bb]y|BY)\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*(?:\s*[|,·-]\s*.{{0,40}})?",
    ),
)

# Groups applied to the whole page before the body is located. When several match one element the first
# names the removal, so the specific groups come before the generic ones.
PAGE_GROUPS: tuple[RuleGroup, ...] = (
    COMMENT_WIDGETS, COOKIE_BANNERS, WEATHER_WIDGETS, DATE_BARS, BREADCRUMBS, CATEGORY_BADGES, RELATED_BLOCKS,
    TAG_LISTS, SHARE_BARS, NEWSLETTER_BOXES, ADS, AUTHOR_BIOS, NEXT_PREV_LINKS, PAYWALL_MESSAGES, CAPTIONS,
    REPORTER_AND_COPYRIGHT, ARTICLE_META, PAGE_CHROME, HIDDEN,
)

# Groups whose wording is checked on short lines inside the located body.
WORDING_GROUPS: tuple[RuleGroup, ...] = tuple(g for g in PAGE_GROUPS if g.labels or g.patterns)
