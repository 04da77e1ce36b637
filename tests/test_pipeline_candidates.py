"""Quote candidates: quotation-mark pairing, reported speech and their reconciliation."""
from __future__ import annotations

import pytest

from service.pipeline import candidates
from service.pipeline.lexicon import CLAUSE_VERBS, SPEECH_VERBS, inflections
from service.pipeline.marks import find_quotes
from service.pipeline.normalize import normalize


def quoted(text):
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will go," then left.', ["we will go,"]),
        ("She said “we will go” today.", ["we will go"]),
        ("She said ‘we will go’ today.", ["we will go"]),
        ("She said 'we will go' today.", ["we will go"]),
        ("« Nous partons », dit-elle.", ["Nous partons"]),
        ("» Wir gehen « sagte sie.", ["Wir gehen"]),
        ("„Wir gehen“, sagte sie.", ["Wir gehen"]),
        ("‹Nous partons›, dit-elle.", ["Nous partons"]),
        ("›Wir gehen‹ sagte sie.", ["Wir gehen"]),
    ],
)
def test_marks_of_every_style(text, expected):
    assert quoted(text) == expected


def test_apostrophes_are_not_quotation_marks():
    text = "Kass’ firm didn’t say it, but the ’90s were ‘a boom,’ he said. It's Jo's 'turn.'"
    assert quoted(text) == ["a boom,", "turn."]


def test_nested_quotes_stay_inside_the_outer_quote():
    text = "“He told me, ‘Don’t go,’ and I didn’t,” she said. “Then “it” ended.”"
    assert quoted(text) == ["He told me, ‘Don’t go,’ and I didn’t,", "Then “it” ended."]


def test_news_style_quote_continues_over_paragraphs():
    text = "“The first part goes on.\n\n“The second part ends here,” she said.\n\nNarration follows."
    found = find_quotes(text)
    assert [text[q.start : q.end] for q in found] == ["The first part goes on.", "The second part ends here,"]
    assert [q.continues for q in found] == [True, False]


def test_stray_mark_is_bounded_to_its_paragraph():
    text = 'A stray " mark here.\n\nThe next paragraph "is quoted" fine.\n\nAnd "another one.'
    assert quoted(text) == ["mark here.", "is quoted", "another one."]


@pytest.mark.parametrize(
    "text", ["", '"', "“”", "'''", "«»«", "\n\n\"\n'", "‘’‘", '"a" "b" "', '›a"', "›a«‹"]
)
def test_marks_never_crash_on_odd_input(text):
    for q in find_quotes(text):
        assert 0 <= q.start < q.end <= len(text)


def test_inflections_cover_regular_and_irregular_verbs():
    assert set(inflections("say")) == {"say", "says", "said", "saying"}
    assert set(inflections("argue")) == {"argue", "argues", "argued", "arguing"}
    assert set(inflections("testify")) == {"testify", "testifies", "testified", "testifying"}
    assert set(inflections("admit")) == {"admit", "admits", "admitted", "admitting"}
    assert {"told", "wrote", "insisted", "warned", "noting"} <= SPEECH_VERBS
    assert "thought" in CLAUSE_VERBS and "thought" not in SPEECH_VERBS


def test_normalize_keeps_offsets():
    text = "A\r\nB\u00a0C\u200bD\x00"
    assert len(normalize(text)) == len(text)


def spans(doc, found):
    return [(doc.text[c.start : c.end], c.type, c.cue.text if c.cue is not None else None) for c in found]


def test_direct_quote_gets_syntactic_cue(nlp):
    doc = nlp("“We will rebuild the bridge this year,” the mayor said on Monday.")
    assert spans(doc, candidates.find(doc)) == [("We will rebuild the bridge this year,", "direct", "said")]


def test_indirect_speech_without_that(nlp):
    doc = nlp("The minister told reporters that the plant would close in March.")
    assert spans(doc, candidates.find(doc)) == [("the plant would close in March", "indirect", "told")]


def test_indirect_speech_after_the_clause(nlp):
    doc = nlp("The storm will reach the coast by Friday, forecasters said.")
    assert spans(doc, candidates.find(doc)) == [("The storm will reach the coast by Friday", "indirect", "said")]


def test_according_to(nlp):
    doc = nlp("According to the union, more than 300 workers lost their jobs.")
    assert spans(doc, candidates.find(doc)) == [("more than 300 workers lost their jobs", "indirect", "According to")]


def test_quoted_fragment_in_reported_speech_is_mixed(nlp):
    doc = nlp("The senator said the bill was “a disaster for farmers” and would fail.")
    (text, kind, cue), = spans(doc, candidates.find(doc))
    assert kind == "mixed" and cue == "said" and "“a disaster for farmers”" in text


def test_thought_verbs_need_a_quoted_fragment(nlp):
    doc = nlp("She thought the meeting would end early.")
    assert candidates.find(doc) == []


def test_unmarked_quote_with_inverted_cue(nlp):
    doc = nlp("The market is changing fast, said Jane Doe, a retail analyst at a bank.")
    assert spans(doc, candidates.find(doc)) == [("The market is changing fast", "indirect", "said")]


@pytest.mark.parametrize(
    ("text", "cue", "expected"),
    [
        ("The mayor hailed the builder as “a true partner” for the city.", "hailed",
         "the builder as “a true partner” for the city"),
        ("Ms. Ortiz likened the new tax to “a slow poison” for small shops.", "likened",
         "the new tax to “a slow poison” for small shops"),
        ("Critics seized on the governor’s claim that the lake is “perfectly safe” for swimmers.", "claim",
         "the lake is “perfectly safe” for swimmers"),
        ("The report called the plan “reckless” and based on “wishful thinking.”", "called",
         "the plan “reckless” and based on “wishful thinking."),
    ],
)
def test_quoted_fragment_under_a_characterizing_verb_or_statement_is_mixed(nlp, text, cue, expected):
    doc = nlp(text)
    assert spans(doc, candidates.find(doc)) == [(expected, "mixed", cue)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("But while some families struggle with the cost, Lee said, others are doing well.",
         ["while some families struggle with the cost", "others are doing well"]),
        ("It is the council’s fault, Lee said, that the deficit has doubled.",
         ["It is the council’s fault", "the deficit has doubled"]),
    ],
)
def test_attribution_inside_the_statement_leaves_two_parts(nlp, text, expected):
    doc = nlp(text)
    assert [t for t, _, _ in spans(doc, candidates.find(doc))] == expected


def test_according_to_inside_a_statement_leaves_two_parts(nlp):
    doc = nlp("Some of the delays, according to the contractor, stem from the weather.")
    assert [t for t, _, _ in spans(doc, candidates.find(doc))] == ["Some of the delays", "stem from the weather"]


def test_according_to_after_an_adverbial_keeps_one_part(nlp):
    doc = nlp("In 2019, according to the agency, exports fell sharply.")
    assert spans(doc, candidates.find(doc)) == [("exports fell sharply", "indirect", "according to")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Still, Okafor said rents can double in a single year.", "rents can double in a single year"),
        ("The panel ruled he was fit to return to the bench.", "he was fit to return to the bench"),
        ("Union leaders called the offer an insult to every worker.", "an insult to every worker"),
        ("Last week the board met the minister; the chair affirmed she was ready for the vote.",
         "she was ready for the vote"),
        ("That is a problem for every family in the city, argued Okafor.",
         "That is a problem for every family in the city"),
    ],
)
def test_reported_clauses_the_parse_leaves_loose(nlp, text, expected):
    doc = nlp(text)
    assert [t for t, _, _ in spans(doc, candidates.find(doc))] == [expected]


@pytest.mark.parametrize(
    "text", ["Owen Thackeray was told he had three weeks to live.", "The suspects were revealed as members of a gang."]
)
def test_a_passive_cue_without_a_source_reports_no_one(nlp, text):
    doc = nlp(text)
    assert candidates.find(doc) == []


def test_a_passive_cue_still_attributes_quoted_words(nlp):
    doc = nlp("The plan was labeled “a reckless gamble” by the opposition.")
    assert [c for _, c, _ in spans(doc, candidates.find(doc))] == ["mixed"]


def test_transcript_turns_are_quotes_of_their_labels(nlp):
    text = (
        'Partial transcript:\n\n"KAPLAN: Will the plant close?\n\n"REYES: No. We are keeping every job.\n\n'
        '"KAPLAN: And next year?\n\n"REYES: Next year we grow.'
    )
    doc = nlp(text)
    found = candidates.find(doc)
    assert [(doc.text[c.start : c.end], c.mention.text) for c in found] == [
        ("Will the plant close?", "KAPLAN"),
        ("No. We are keeping every job.", "REYES"),
        ("And next year?", "KAPLAN"),
        ("Next year we grow.", "REYES"),
    ]


@pytest.mark.parametrize(
    "text",
    ["Traffic news\n\nUPDATE: The road has reopened after the storm.", "UPDATE: The road has reopened."],
)
def test_a_notice_label_is_no_speaker(nlp, text):
    doc = nlp(text)
    assert candidates.find(doc) == []


def test_headline_names_its_source_before_a_colon(nlp):
    doc = nlp("Reyes: Budget Cuts Will Be ‘Painful’ for the City\n\nThe council met on Monday.")
    (cand,) = candidates.find(doc)
    assert doc.text[cand.start : cand.end] == "Budget Cuts Will Be ‘Painful’ for the City"
    assert cand.mention.text == "Reyes"


def test_unmarked_quote_takes_the_speech_around_its_attribution(nlp):
    doc = nlp(
        "We never expected this much demand. Our team is working nights to keep up, said Dana Whitfield, "
        "the owner of the bakery. We want every customer served."
    )
    assert [t for t, _, _ in spans(doc, candidates.find(doc))] == [
        "We never expected this much demand. Our team is working nights to keep up",
        "We want every customer served.",
    ]


def test_narration_around_an_unmarked_quote_stays_out(nlp):
    doc = nlp(
        "The bakery opened in 1990 and grew quickly. Demand is rising fast, said Dana Whitfield. "
        "The shop later added a second oven."
    )
    assert [t for t, _, _ in spans(doc, candidates.find(doc))] == ["Demand is rising fast"]


def test_clause_before_a_colon_is_not_attributed_by_the_next_clause(nlp):
    doc = nlp("The party announced a new policy: its leader promised a rise in spending.")
    assert [t for t, _, c in spans(doc, candidates.find(doc)) if c == "promised"] == []


def test_dateline_is_not_the_reported_clause(nlp):
    doc = nlp("OTTAWA — Opposition Leader Ann Kerr says the new budget is the worst in the province's history.")
    assert spans(doc, candidates.find(doc)) == [
        ("the new budget is the worst in the province's history", "indirect", "says")
    ]


def test_went_on_set_off_by_commas_continues_speech(nlp):
    doc = nlp("And it is on the mayor’s watch, he went on, that the city has lost its way.")
    assert spans(doc, candidates.find(doc)) == [
        ("it is on the mayor’s watch", "indirect", "went"),
        ("the city has lost its way", "indirect", "went"),
    ]
    doc = nlp("The talks went on for hours.")
    assert candidates.find(doc) == []


def test_statement_goes_on_over_coordinated_clauses(nlp):
    doc = nlp("The league said it intends to consult the clubs over the summer, and will then publish a schedule.")
    assert [t for t, _, _ in spans(doc, candidates.find(doc))] == [
        "it intends to consult the clubs over the summer, and will then publish a schedule"
    ]


@pytest.mark.parametrize(
    "text",
    ["The company did not say the plant would close.", "If the minister says the plan works, the vote will pass."],
)
def test_denied_or_imagined_statements_are_not_quotes(nlp, text):
    doc = nlp(text)
    assert candidates.find(doc) == []


def signed(doc, found):
    """(content, signer, dash, evidence) of each signed passage found."""
    return [(doc.text[c.start : c.end], c.mention.text, c.cue.text, c.evidence)
            for c in found if c.evidence == "signed"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            (
                "Crews are still on scene at the bridge. Traffic is backed up to the airport. "
                "pic.twitter.com/Ab12Cd — Dana Reyes (@dreyes_news) March 3, 2019"
            ),
            ("Crews are still on scene at the bridge. Traffic is backed up to the airport.", "Dana Reyes", "—"),
        ),
        (
            (
                "The library will stay open late all week for exam season https://t.co/Xy9Zq – City of Halifax "
                "(@hfxgov) April 12, 2021"
            ),
            ("The library will stay open late all week for exam season", "City of Halifax", "–"),
        ),
        (
            "We ran out of sandbags by noon. -- Marta Okafor (@mokafor)",
            ("We ran out of sandbags by noon.", "Marta Okafor", "--"),
        ),
    ],
)
def test_a_post_is_a_quote_of_its_signer_without_its_links(nlp, text, expected):
    doc = nlp("The storm hit overnight.\n\n" + text + "\n\nThe council meets on Monday.")
    assert signed(doc, candidates.find(doc)) == [(*expected, "signed")]


def test_a_post_in_a_long_paragraph_takes_the_last_sentences_that_fit_in_a_post(nlp):
    narration = "The council met for six hours on Tuesday and heard from residents about the plan. " * 4
    post = "Power is back on along the whole east side. Thanks for your patience."
    doc = nlp(narration + post + " — Harbour Power (@harbourpower) May 2, 2020")
    ((text, *_),) = signed(doc, candidates.find(doc))
    assert text == narration[len(narration) // 2 :] + post  # two of the four narration sentences fit


def test_a_post_in_a_long_paragraph_leaves_the_quote_before_it(nlp):
    narration = "The council met for six hours on Tuesday and heard from residents about the plan. " * 3
    quote = "“We need those lanes back,” said one resident. "
    post = "Power is back on along the whole east side."
    doc = nlp(narration + quote + post + " — Harbour Power (@harbourpower) May 2, 2020")
    assert [text for text, *_ in signed(doc, candidates.find(doc))] == [post]


def test_a_letter_is_a_quote_of_its_writer(nlp):
    doc = nlp(
        "My neighbour parks across my driveway every night. Should I call the city? — Priya, Brampton "
        "You should talk to your neighbour first."
    )
    assert signed(doc, candidates.find(doc)) == [
        ("My neighbour parks across my driveway every night. Should I call the city?", "Priya", "—", "signed")
    ]


def test_a_letter_signed_at_the_end_of_its_paragraph(nlp):
    doc = nlp("Dear editor,\n\nWe have waited two years for the new crosswalk. — Tom Brandt\n\nThe city replies.")
    assert signed(doc, candidates.find(doc)) == [
        ("We have waited two years for the new crosswalk.", "Tom Brandt", "—", "signed")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The plan — Dana Reyes's idea — failed after a year.",
        "The award went to the best newcomer — Dana Reyes.",
        "The award went to the best newcomer. — Dana Reyes",  # a finished third-person statement: a credit
        "The bridge reopened on Friday. — With files from The Canadian Press",
        "Two lanes will close for repairs — Main Street, Elm Street and Bay Road.",
    ],
)
def test_a_dash_in_prose_signs_nothing(nlp, text):
    doc = nlp(text)
    assert signed(doc, candidates.find(doc)) == []


def test_a_signed_passage_replaces_the_marks_inside_it(nlp):
    doc = nlp("You voted down the motion, so stop calling it a “debate”. — Ruth Adeyemi (@radeyemi) June 9, 2018")
    found = candidates.find(doc)
    assert [c.evidence for c in found] == ["signed"]
    assert doc.text[found[0].start : found[0].end] == "You voted down the motion, so stop calling it a “debate”."


def test_a_marked_quote_before_a_source_is_left_to_attribution(nlp):
    doc = nlp("“The river is higher than it has been in forty years.” — Dana Reyes")
    assert signed(doc, candidates.find(doc)) == []


def test_a_verb_in_a_clause_of_its_own_reports_nothing_before_it(extractor):
    text = ("Stimulus spending has been debated ever since the 1930s when, amid immense pressure, "
            "President Alan Pirie announced a series of fiscal measures.")
    assert extractor.extract(text).quotes == []
    kept = extractor.extract("As the unions claim, the minister plans to cut pensions.").quotes
    assert [q.text for q in kept] == ["the minister plans to cut pensions"]


def test_a_that_the_parser_hangs_on_the_verb_from_the_statement_is_no_clause_of_its_own(extractor):
    text = "It is proving that its useful abroad, not just at home, Reyes said on a call with reporters."
    quotes = extractor.extract(text).quotes
    assert [(q.speaker, q.text[:16]) for q in quotes] == [("Reyes", "It is proving th")]
