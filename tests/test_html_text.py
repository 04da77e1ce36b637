"""The HTML converter: paragraphs kept, non-content dropped, entities decoded."""
from __future__ import annotations

from service.pipeline.html_text import html_to_text


def test_block_elements_become_blank_line_separated_paragraphs():
    html = "<h1>Title</h1><p>One <b>bold</b> line.</p><ul><li>First</li><li>Second</li></ul><blockquote>Q</blockquote>"
    assert html_to_text(html) == "Title\n\nOne bold line.\n\nFirst\n\nSecond\n\nQ"


def test_br_splits_paragraphs_and_whitespace_collapses():
    assert html_to_text("<p>line one<br>line\n   two</p>") == "line one\n\nline two"


def test_non_content_is_dropped():
    html = (
        "<html><head><title>T</title><style>p{}</style></head><body><nav>Home</nav>"
        "<script>var x = '<p>no</p>';</script><p>Kept.</p><aside>Related</aside>"
        "<figure><img src=a.jpg><figcaption>Photo: AP</figcaption></figure><!-- c --><footer>(c)</footer></body></html>"
    )
    assert html_to_text(html) == "Kept."


def test_entities_are_decoded():
    assert html_to_text("<p>&ldquo;Yes,&rdquo; said O&#39;Neil &amp; co.</p>") == "\u201cYes,\u201d said O'Neil & co."


def test_plain_text_and_empty_input():
    assert html_to_text("just text") == "just text"
    assert html_to_text("") == ""


def test_a_cited_blockquote_is_an_attributed_quote():
    html = (
        "<p>The council met.</p><figure class='wp-block-pullquote'><blockquote><p>We will rebuild the pier."
        "</p><cite>Mayor Ines Vale</cite></blockquote></figure><blockquote><p>No source.</p></blockquote>"
    )
    assert html_to_text(html) == (
        "The council met.\n\n\u201cWe will rebuild the pier.\u201d \u2014 Mayor Ines Vale\n\nNo source."
    )


def test_a_pull_quote_in_html_comes_out_with_its_speaker(extractor):
    html = (
        "<p>The council met on Monday to discuss the pier.</p><figure class='wp-block-pullquote'><blockquote>"
        "<p>We will rebuild the pier by summer.</p><cite>Mayor Ines Vale</cite></blockquote></figure>"
    )
    quotes = extractor.extract(html_to_text(html)).quotes
    assert [(q.text, q.speaker, q.role) for q in quotes] == [("We will rebuild the pier by summer.", "Ines Vale", "Mayor")]
