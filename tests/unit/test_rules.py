"""Each rule group removes its markup from a review page and leaves the review paragraphs alone."""

from __future__ import annotations

import pytest

from reviewcrawl.extract.body.audit import StripAudit
from reviewcrawl.extract.body.cleaner import Guard
from reviewcrawl.extract.body.markup import PAGE_INDEX
from reviewcrawl.extract.body.rules import PAGE_GROUPS
from reviewcrawl.extract.body.strip import extract_body
from reviewcrawl.extract.body.wording import match_line
from reviewcrawl.extract.page.page import load_page

REVIEW = (
    "The director keeps the camera low and patient, letting each scene settle before the violence arrives, "
    "and the result is a thriller that breathes between its bursts of action.",
    "Its lead performance carries the film: she says little, yet every glance tells us what the loss has "
    "cost her and what she is prepared to do about it.",
    "If the final act leans on familiar genre beats, the craft on display still makes the familiar feel "
    "freshly sharpened, and the score holds the whole thing together.",
)


def review_page(inside: str = "", outside: str = "") -> str:
    """A small article page: the review in an entry-content block, cruft inside it and around it."""
    first, *rest = (f"<p>{text}</p>" for text in REVIEW)
    return (
        "<html><head><title>A review - Site</title></head><body>"
        f"{outside}<article><h1 class='entry-title'>A review</h1>"
        f"<div class='entry-content'>{first}{inside}{''.join(rest)}</div></article>"
        "</body></html>"
    )


def extract(html: str, audit: StripAudit | None = None) -> str:
    page = load_page(html, "https://films.example/reviews/a-review/")
    assert page is not None
    body = extract_body(page, audit=audit)
    assert body is not None
    return body


def assert_review_whole(body: str) -> None:
    assert body.split("\n\n") == list(REVIEW)


# group name -> (markup inside the article body or around it, a piece of its text that must go)
CASES: dict[str, list[tuple[str, str, str]]] = {
    "weather_widgets": [
        (
            "outside",
            "<div class='td-weather-top-widget'><span class='td-big-degrees'>-3.1</span>"
            "<span class='td-weather-unit'>C</span>"
            "<div class='td-weather-city'>Reykjavik</div></div>",
            "Reykjavik",
        ),
        (
            "outside",
            "<div class='tdb_header_weather'><span class='tdb-weather-deg'>12.5</span>"
            "<div class='tdb-weather-city'>Lisbon</div></div>",
            "Lisbon",
        ),
    ],
    "date_bars": [
        ("outside", "<div class='td_data_time'>Sunday, December 3, 2023</div>", "December 3"),
        ("outside", "<div class='tdb-head-date-txt'>Monday, May 6, 2024</div>", "May 6"),
    ],
    "breadcrumbs": [
        (
            "inside",
            "<div class='entry-crumbs'><a href='/'>Frontpage</a><i></i>"
            "<span class='td-bred-no-url-last'>Crumb trail end</span></div>",
            "Crumb trail end",
        ),
        (
            "inside",
            "<nav aria-label='breadcrumb'><a href='/'>Start</a> / <a href='/r/'>Crumbs here</a></nav>",
            "Crumbs here",
        ),
    ],
    "category_badges": [
        (
            "inside",
            "<ul class='td-category'><li class='entry-category'><a href='/c/'>Culturebadge</a></li></ul>",
            "Culturebadge",
        ),
        (
            "inside",
            "<div class='tdb-category'><a class='tdb-entry-category' href='/c/'>Cinemabadge</a></div>",
            "Cinemabadge",
        ),
    ],
    "comment_widgets": [
        (
            "outside",
            "<div id='wpd-bubble-wrapper'><span id='wpd-bubble-all-comments-count'>0</span>"
            "<div id='wpd-bubble-count'><span class='wpd-new-comments-count'>0</span></div>"
            "<div id='wpd-bubble-add-message'>Would love your thoughts, please comment."
            "<span id='wpd-bubble-add-message-close'><a href='#'>x</a></span></div></div>",
            "Would love your thoughts",
        ),
        (
            "outside",
            "<div id='wpdcom'><div class='wpd-thread-head'>Start the discussion</div>"
            "<div class='wpd-comment'><div class='wpd-comment-text'>Great piece, thanks!</div></div>"
            "</div>",
            "Great piece",
        ),
        (
            "outside",
            "<div id='disqus_thread'></div><noscript>Please enable JavaScript to view the comments "
            "powered by Disqus.</noscript>",
            "Disqus",
        ),
        (
            "outside",
            "<div id='comments' class='comments-area'><h2 class='comments-title'>2 thoughts</h2>"
            "<ol class='comment-list'><li>I saw it twice.</li></ol></div>",
            "I saw it twice",
        ),
        ("inside", "<h3>Leave a Reply</h3>", "Leave a Reply"),
    ],
    "related_blocks": [
        (
            "outside",
            "<div class='td_block_related_posts'><h4 class='td-related-title'>RELATED ARTICLES</h4>"
            "<h3><a href='/x/'>Another film entirely</a></h3></div>",
            "Another film entirely",
        ),
        (
            "outside",
            "<div class='yarpp yarpp-related'><h3>Related posts:</h3><ol><li><a href='/y/'>Sequel "
            "talk</a></li></ol></div>",
            "Sequel talk",
        ),
        (
            "outside",
            "<div id='jp-relatedposts' class='jp-relatedposts'><h3 class='jp-relatedposts-headline'>"
            "<em>Related</em></h3><p><a href='/z/'>Jetpack pick</a></p></div>",
            "Jetpack pick",
        ),
        (
            "inside",
            "<p><strong>READ MORE:</strong></p><ul><li><a href='/a/'>Editor pick one</a></li>"
            "<li><a href='/b/'>Editor pick two</a></li></ul>",
            "Editor pick",
        ),
        ("inside", "<h4 class='block-title'><span>Most Popular Articles</span></h4>", "Most Popular"),
        ("inside", "<h4>Check out our other content</h4>", "other content"),
        ("inside", "<h3>관련기사</h3><ul><li><a href='/k/'>다른 영화 기사</a></li></ul>", "다른 영화"),
    ],
    "tag_lists": [
        (
            "inside",
            "<div class='td-post-source-tags'><ul class='td-tags'><li>"
            "<span>Check out other tags:</span></li><li><a href='/tag/n/'>Neo-noir</a></li></ul>"
            "</div>",
            "Neo-noir",
        ),
        (
            "inside",
            "<p>Filed under <a rel='tag' href='/tag/a/'>Action</a> <a rel='tag' href='/tag/v/'>"
            "Vengeance</a></p>",
            "Vengeance",
        ),
    ],
    "share_bars": [
        (
            "inside",
            "<div class='sharedaddy sd-sharing-enabled'><h3 class='sd-title'>Share this:</h3>"
            "<ul><li><a href='#'>Mastodon</a></li></ul></div>",
            "Mastodon",
        ),
        (
            "inside",
            "<div class='addtoany_share_save_container'><div class='addtoany_header'>Share:</div>"
            "<div class='a2a_kit'><a href='#'>Bluesky</a></div></div>",
            "Bluesky",
        ),
        ("inside", "<div class='sharethis-inline-share-buttons'>Sharethis buttons</div>", "Sharethis"),
        (
            "inside",
            "<div class='td-post-sharing'><a class='td-social-sharing-button' href='#'>Pinboard</a></div>",
            "Pinboard",
        ),
    ],
    "newsletter_boxes": [
        (
            "inside",
            "<div class='widget_mc4wp_form_widget'><form class='mc4wp-form'><p>Sign up for our "
            "Newsletter</p></form></div>",
            "Newsletter",
        ),
    ],
    "cookie_banners": [
        ("outside", "<div id='cookie-notice'>We use cookies to improve your visit.</div>", "cookies"),
        ("outside", "<div id='cookie-law-info-bar'>Consent banner text here</div>", "Consent banner"),
    ],
    "ads": [
        (
            "inside",
            "<div class='td-a-rec td-a-rec-id-content_inline'><span class='td-adspot-title'>"
            "- Advertisement -</span></div>",
            "Advertisement",
        ),
        ("inside", "<ins class='adsbygoogle'>Adsense slot</ins>", "Adsense"),
        ("inside", "<div id='div-gpt-ad-1234'>Gpt slot</div>", "Gpt slot"),
        ("inside", "<p>- Advertisement -</p>", "Advertisement"),
    ],
    "author_bios": [
        (
            "outside",
            "<div class='saboxplugin-wrap'><div class='saboxplugin-authorname'>Jo Critic</div>"
            "<p>Jo writes about films every week for this site.</p></div>",
            "Jo writes",
        ),
        (
            "outside",
            "<div class='author-box-wrap'><p>Biography of the author goes here.</p></div>",
            "Biography",
        ),
        (  # a token starting like a post state ("author-…") that is itself a widget's name
            "inside",
            "<div class='author-bio-box'><span class='author-bio-box-name'>Jo Critic</span>"
            "<p>Film Writer for this site since the day it opened.</p></div>",
            "Film Writer",
        ),
    ],
    "next_prev_links": [
        (
            "outside",
            "<div class='td-post-next-prev'><a href='/p/'>Previous article</a><a href='/n/'>Next "
            "review headline</a></div>",
            "Next review headline",
        ),
    ],
    "paywall_messages": [
        (
            "inside",
            "<div class='leaky_paywall_message_wrap'>Subscribe to keep reading this review.</div>",
            "keep reading",
        ),
    ],
    "captions": [
        (
            "inside",
            "<figure><img src='a.jpg'><figcaption class='wp-element-caption'>A still from the film."
            "</figcaption></figure>",
            "A still",
        ),
        ("inside", "<p><span class='credit'>Studio handout</span></p>", "Studio handout"),
    ],
    "promotions": [
        (
            "outside",
            "<div class='testimonial-slider'><p>Best reviews site ever, says a happy reader.</p></div>",
            "happy reader",
        ),
        (
            "inside",
            "<div class='cta-box'><p>Try our streaming guide free for a month</p></div>",
            "streaming guide",
        ),
    ],
    "markup_leftovers": [
        ("inside", "<p>[button link='/submit/' type='big']Send us yours[/button]</p>", "Send us yours"),
        ("inside", "<p>$$ARTICLEAD$$</p>", "ARTICLEAD"),
        ("inside", "<div>{{ inline_ad.slot }}</div>", "inline_ad"),
    ],
    "forms": [
        (
            "inside",
            "<form action='/signup'><p>Create a free account to keep reading</p><label>First name*</label>"
            "<input name='first'><label>Your email address</label><input type='email'></form>",
            "First name",
        ),
        (
            "outside",
            "<form><p>Request our free guide</p><label>Company*</label><input name='co'></form>",
            "guide",
        ),
    ],
    "reporter_and_copyright_lines": [
        ("inside", "<p>홍길동 기자 hong@news.example</p>", "홍길동"),
        ("inside", "<p>&lt;저작권자 © 영화마당, 무단전재 및 재배포 금지&gt;</p>", "무단전재"),
    ],
}


@pytest.mark.parametrize(
    ("token", "group"),
    [
        ("author-bio-box", "author_bios"),
        ("tag-list-wrap", "tag_lists"),
        ("author-jdoe", None),
        ("tag-news", None),
    ],
)
def test_state_tokens_name_nothing_unless_they_start_with_a_widget_word(
    token: str, group: str | None
) -> None:
    assert PAGE_INDEX.classify("div", [("class", token)]).group == group


def test_tooltip_popups_inside_the_body_go() -> None:
    # a reaction button's tooltip, repeated per button: a prompt shown on hover, never the article
    tip = (
        "<div class='reaction'><button>Like</button><div class='container js-tooltip-content'>"
        "<p>Reacting to stories needs a free account with us.</p></div></div>"
    )
    body = extract(review_page(inside=tip * 3))
    assert "free account" not in body
    assert_review_whole(body)


def test_every_rule_group_is_covered() -> None:
    named = {group.name for group in PAGE_GROUPS} - {"page_chrome", "hidden_elements", "article_meta"}
    assert named <= set(CASES)


@pytest.mark.parametrize(
    ("group", "where", "markup", "cruft"),
    [(group, where, markup, cruft) for group, cases in CASES.items() for where, markup, cruft in cases],
)
def test_rule_group_removes_its_markup(group: str, where: str, markup: str, cruft: str) -> None:
    html = review_page(inside=markup) if where == "inside" else review_page(outside=markup)
    body = extract(html)
    assert cruft not in body
    assert_review_whole(body)


@pytest.mark.parametrize("group", ["comment_widgets", "related_blocks", "share_bars", "ads", "captions"])
def test_audit_counts_the_group(group: str) -> None:
    where, markup, cruft = CASES[group][0]
    audit = StripAudit(keep_text=True)
    html = review_page(inside=markup) if where == "inside" else review_page(outside=markup)
    extract(html, audit)
    tally = audit.groups[group]
    assert tally.elements >= 1 and tally.chars > 0
    assert any(cruft in text for text in tally.texts)


def test_audit_without_keep_text_keeps_counts_only() -> None:
    audit = StripAudit()
    extract(review_page(inside=CASES["ads"][0][1]), audit)
    assert audit.groups["ads"].elements == 1
    assert audit.groups["ads"].texts == []
    assert audit.as_dict()["ads"]["elements"] == 1


def test_read_more_label_takes_its_link_list_only() -> None:
    markup = (
        "<p><b>READ MORE:</b></p><ul><li><a href='/a/'>First pick</a></li></ul>"
        "<ul><li>A plain list item the critic wrote, not a link at all.</li></ul>"
    )
    body = extract(review_page(inside=markup))
    assert "First pick" not in body and "READ MORE" not in body
    assert "A plain list item the critic wrote, not a link at all." in body


def test_review_words_that_look_like_labels_survive() -> None:
    paragraph = "By the end of the film, the comments she made in the first scene read differently."
    body = extract(review_page(inside=f"<p>{paragraph}</p>"))
    assert paragraph in body


LABEL_LINES = [
    "3 Minuten Lesezeit",
    "Lesezeit: 4 Min.",
    "Ähnliche Artikel",
    "Our Latest Stories",
    "Our website is your destination for news, so bookmark our homepage and sign up for our newsletters.",
    "Would you like to comment on this article? Sign up (it's quick and free) or sign in now.",
    "READ MORE:",
    "Most Popular Articles",
    "Check out other tags:",
    "Would love your thoughts, please comment.",
    "- Advertisement -",
    "Share this:",
]


@pytest.mark.parametrize("line", LABEL_LINES)
def test_label_lines_are_recognised(line: str) -> None:
    assert match_line(line) is not None


def test_guard_refuses_a_removal_of_most_of_the_text() -> None:
    guard = Guard(1000)
    assert guard.allows(400)
    guard.consume(400)
    assert not guard.allows(400)  # more than half of the 600 still in place
    assert guard.allows(300)


def test_guard_keeps_a_matched_wrapper_that_holds_the_review() -> None:
    # "sidebar" in a class name marks page chrome; here it wraps the whole review.
    paragraphs = "".join(f"<p>{text}</p>" for text in REVIEW)
    html = (
        f"<html><body><nav><a href='/'>Home</a></nav><div class='content-with-sidebar'>{paragraphs}</div>"
        "<aside class='widget-area'><p>Archive link</p></aside></body></html>"
    )
    audit = StripAudit()
    body = extract(html, audit)
    assert_review_whole(body)
    assert audit.skipped >= 1


LEGAL_NOTE = (
    "This material is general information only and does not replace the advice of a qualified advisor; "
    "information was obtained from sources believed reliable, but its accuracy cannot be guaranteed. "
)


def test_site_footer_outweighing_a_short_article_stays_removed() -> None:
    # the guard would give the long legal note in the page's own footer a second look and restore it
    html = (
        f"<html><body><main><div><p>{REVIEW[0]}</p></div></main>"
        f"<footer class='site-bottom'><div><p>{LEGAL_NOTE * 4}</p><p>{LEGAL_NOTE * 3}</p></div></footer>"
        "</body></html>"
    )
    assert extract(html) == REVIEW[0]


def test_closing_author_note_is_dropped_after_the_article() -> None:
    from reviewcrawl.extract.body.strip import _without_closing_note

    article = ["The film opens on a long shot of the harbour.", "Its second half drags.", "Three stars."]
    bio = "Chris Moore is a graduate of the London Film School and a freelance critic."
    assert _without_closing_note([*article, bio, "@chrismoore"]) == article
    assert _without_closing_note(["Chris Moore is a freelance critic.", "Two lines."]) == [
        "Chris Moore is a freelance critic.",
        "Two lines.",
    ]
    director = "The director is a graduate of the London Film School."  # not a name opening the line
    assert _without_closing_note([*article, director]) == [*article, director]
    trail = ["End of story", "Follow us", "More +"]  # short lines closing the page do not push the note out
    assert _without_closing_note([*article, bio, *trail]) == article


def test_picture_credit_lines_are_captions() -> None:
    from reviewcrawl.extract.body.wording import match_line

    for line in (
        "Image copyright EPA",
        "Image 1 of / 9",
        "REUTERS",
        "Brazil will invest in a fund to protect forests such as the Amazon.Credit: Jo Doe/AFP/Getty",
        "The Sony mirrorless system. Photo by: 'Markus Lompa'.",
        "Finance minister Enoch Godongwana. File image Image: GCIS",
        "Rescue workers walk towards the ship on 11 May (AFP / JO DOE)",
        "Der Minister am Montag in Berlin (dpa/Jo Doe)",
        "Die Seebrücke am Morgen. Bild: Jo Doe (Keystone)",
        "Grafik: Jo Doe | Redaktion",
        "Source: National Institute for Space Research (INPE), Brazil",
    ):
        found = match_line(line)
        assert found is not None and found.name == "captions", line
    for line in (
        "Cost per Credit: In-State | $472 Out-of-State | $472",
        "The photo shows the harbour.",
        "The scooter tops out at 25 (km/h).",
        "She scored in the second half (1/2).",
        "The source: a letter the director wrote to his producer in 1971, quoted at length in the film.",
    ):
        assert match_line(line) is None, line


STAMP_LINES = [
    "Stand: 22.04.2024, 06:00 Uhr",
    "Freitag, 28.04.2023, 19:25",
    "21 May 2025 - 14:19",
    "Jo Doe - Nov 19, 2019, 10:31 pm CST",
    "17:41 JST, October 13, 2024",
    "기사입력 :[ 2018-08-25 15:24 ]",
]
CREDIT_LINES = [
    "Reporting by Jo Doe in Lagos; Writing by Al Roe; Editing by Kim Poe",
    "Reporting by Jo Doe, additional reporting by Al Roe, Editing by Kim Poe",
    "– additional reporting by Jo Doe",
    "Associated Press writers Jo Doe and Al Roe contributed to this report.",
]


@pytest.mark.parametrize("line", STAMP_LINES + CREDIT_LINES)
def test_time_stamps_and_staff_credits_at_the_body_edges_go(line: str) -> None:
    top = review_page(inside="").replace(
        "<div class='entry-content'>", f"<div class='entry-content'><p>{line}</p>"
    )
    bottom = review_page(inside="").replace("</div></article>", f"<p>{line}</p></div></article>")
    for html in (top, bottom):
        body = extract(html)
        assert line not in body
        assert_review_whole(body)


@pytest.mark.parametrize("line", STAMP_LINES + CREDIT_LINES)
def test_edge_lines_in_the_middle_of_a_long_article_stay(line: str) -> None:
    middle = [f"Paragraph {n} of a long article: {REVIEW[n % 3]}" for n in range(8)]
    middle.insert(4, line)
    body = extract(review_page(inside="".join(f"<p>{p}</p>" for p in middle)))
    assert line in body.split("\n\n")


@pytest.mark.parametrize(
    "line",
    [
        "The film opens on 28.04.2023 in cinemas across the whole country.",
        "— Jo Doe (@jodoe) November 19, 2019",  # an embedded post's signature is its text
        "GET /reports?from=2025-01-01&to=2025-12-31",
        "Reporting by ProPublica found that the agency ignored the warnings.",
    ],
)
def test_sentences_with_a_date_or_a_credit_word_stay_at_the_edges(line: str) -> None:
    body = extract(review_page(inside="").replace("</div></article>", f"<p>{line}</p></div></article>"))
    assert line in body.split("\n\n")


def test_a_form_around_the_whole_page_is_kept() -> None:
    # some systems wrap every page in one form: the guard's second look restores it
    html = (
        review_page()
        .replace("<body>", "<body><form id='page' action='/x'>")
        .replace("</body>", "</form></body>")
    )
    assert_review_whole(extract(html))


@pytest.mark.parametrize(
    "wrapper",
    [
        "<div x-cloak>{}</div>",
        "<div v-cloak class='player'>{}</div>",
        "<div role='dialog' aria-modal='true'>{}</div>",
        "<section data-nosnippet>{}</section>",
        "<p data-nosnippet='true'>{}</p>",
    ],
)
def test_script_shown_widgets_and_no_snippet_blocks_go(wrapper: str) -> None:
    cruft = "Save it to your playlist and listen later on any device."
    body = extract(review_page(inside=wrapper.format(f"<p>{cruft}</p>" if "<p" not in wrapper else cruft)))
    assert cruft not in body
    assert_review_whole(body)
