"""Attribution: cue, speaker mention and floating quotes, end to end through the extractor."""
from __future__ import annotations

from service.pipeline import article, attribution, candidates


def attributed(nlp, text):
    doc = nlp(text)
    found = candidates.find(doc)
    return doc, attribution.attribute(article.build(doc, [(c.start, c.end) for c in found]), found)


def rows(doc, found):
    return [
        (doc.text[c.start : c.end], c.mention.text if c.mention is not None else None, c.same_speaker_as)
        for c in found
    ]


def test_speaker_after_quote_with_appositive(nlp):
    doc, found = attributed(nlp, "“The clinic will stay open,” Hugh Hill, a doctor in town, said on Monday.")
    assert rows(doc, found) == [("The clinic will stay open,", "Hugh Hill", None)]
    assert found[0].cue.text == "said"


def test_inverted_said_name(nlp):
    doc, found = attributed(nlp, "“We are not done yet,” said Maria Lopez, the team captain.")
    assert rows(doc, found) == [("We are not done yet,", "Maria Lopez", None)]


def test_speaker_before_quote_with_colon(nlp):
    doc, found = attributed(nlp, "The coach told reporters: “We played badly and we know it.”")
    assert rows(doc, found) == [("We played badly and we know it.", "The coach", None)]


def test_split_quote_has_one_speaker(nlp):
    doc, found = attributed(nlp, "“We tried everything,” she said, “but the money ran out.”")
    assert [r[0] for r in rows(doc, found)] == ["We tried everything,", "but the money ran out."]
    assert found[0].mention.text == "she"
    assert found[1].mention is not None and found[1].mention.text == "she" or found[1].same_speaker_as == 0


def test_floating_quote_paragraph_takes_previous_speaker(nlp):
    text = "“Prices went up again,” Ana Silva said.\n\n“Nobody in this town can afford rent anymore.”"
    doc, found = attributed(nlp, text)
    assert rows(doc, found) == [
        ("Prices went up again,", "Ana Silva", None),
        ("Nobody in this town can afford rent anymore.", None, 0),
    ]


def test_scare_quotes_are_dropped(nlp):
    doc, found = attributed(nlp, "The so-called “miracle cure” was sold in shops across the region.")
    assert found == []


def test_dash_attribution(nlp):
    doc, found = attributed(nlp, "“This city deserves better.” — Tom Reyes\n")
    assert rows(doc, found) == [("This city deserves better.", "Tom Reyes", None)]


def test_relative_clause_speaker_is_the_antecedent(nlp):
    doc, found = attributed(nlp, "The nurses, who said the ward was understaffed, walked out on Friday.")
    assert rows(doc, found) == [("the ward was understaffed", "The nurses", None)]


def test_adding_takes_the_main_subject(nlp):
    doc, found = attributed(nlp, "Kim Park said the vote was fair, adding that the results would stand.")
    assert rows(doc, found) == [("the vote was fair", "Kim Park", None), ("the results would stand", "Kim Park", None)]


def test_confidence_orders_evidence(nlp):
    doc, found = attributed(nlp, "“Prices went up,” Ana Silva said.\n\n“Nobody can afford the rent anymore.”")
    assert 0 <= found[1].confidence < found[0].confidence <= 1


def test_unmarked_quotes_lost_their_marks(extractor):
    text = (
        "The rules are changing, said Zack Kass, a consultant and former executive.\n\n"
        "Its so hard to protect a new idea from rivals, Kass said, and prevent competitors from catching up."
    )
    quotes = extractor.extract(text).quotes
    found = [(q.text, q.speaker_mention.text if q.speaker_mention else None) for q in quotes]
    assert ("The rules are changing", "Zack Kass") in found
    assert ("Its so hard to protect a new idea from rivals", "Kass") in found
    assert any(t.startswith("prevent competitors") for t, _ in found)


def test_extract_never_swallows_an_article_after_a_stray_mark(extractor):
    text = "A stray “ mark opens here and never closes.\n\n“We won,” said Jo Ames.\n\nThe end."
    quotes = extractor.extract(text).quotes
    assert all("\n" not in q.text for q in quotes)
    assert any(q.text == "We won," for q in quotes)


def test_statement_noun_before_a_colon_names_the_author(nlp):
    doc, found = attributed(nlp, "The owner made the following comment: “We will not close the shop.”")
    assert rows(doc, found) == [("We will not close the shop.", "The owner", None)]
    assert found[0].cue.text == "comment"


def test_inverted_name_after_a_comma_is_the_speaker(nlp):
    doc, found = attributed(nlp, "That is a problem for every family in the city, argued Okafor.")
    assert rows(doc, found) == [("That is a problem for every family in the city", "Okafor", None)]


def test_misparsed_article_subject_speaks(nlp):
    doc, found = attributed(nlp, "Years ago, a Courier article hailed Kowalski as “The Bridge Builder” for his deals.")
    assert rows(doc, found) == [("The Bridge Builder", "a Courier article", None)]
    assert found[0].cue.text == "hailed"


def test_short_quoted_words_take_the_verb_that_governs_them(nlp):
    doc, found = attributed(nlp, 'Farmers marching past the legislature chanted "What subsidy?" and kept going.')
    assert rows(doc, found) == [("What subsidy?", "Farmers", None)]


def test_quoted_title_in_the_setting_is_not_the_quote(nlp):
    doc, found = attributed(nlp, "Dr. Amara Smith told “Morning Talk” that the deal was done.")
    assert rows(doc, found) == [("the deal was done", "Dr. Amara Smith", None)]


def test_document_subject_gives_its_named_author(nlp):
    doc, found = attributed(nlp, "A spring study by the Riverton Water Board said the pipes needed replacing.")
    assert rows(doc, found) == [("the pipes needed replacing", "the Riverton Water Board", None)]


def test_second_part_of_a_split_quote_shares_the_mention(nlp):
    doc, found = attributed(nlp, "“We tried everything,” she said. “Nobody could have saved the plant.”")
    assert rows(doc, found) == [("We tried everything,", "she", None), ("Nobody could have saved the plant.", "she", 0)]


def test_subject_the_parse_made_the_root_still_speaks(nlp):
    text = (
        "Supporters of the transit plan  where trains would run every few minutes, rather than hourly  "
        "say the city is ready for the cost."
    )
    doc, found = attributed(nlp, text)
    assert rows(doc, found) == [("the city is ready for the cost", "Supporters", None)]


def test_cue_without_subject_takes_the_nearest_person_before_it(nlp):
    text = "“We will get there,” she said at a briefing announcing that her office would appeal the ruling."
    doc, found = attributed(nlp, text)
    assert rows(doc, found)[1] == ("her office would appeal the ruling", "she", None)


def test_echoes_is_a_reporting_verb(nlp):
    doc, found = attributed(nlp, "“Confidence matters more than looks,” echoes Thibodeau.")
    assert rows(doc, found) == [("Confidence matters more than looks,", "Thibodeau", None)]


def test_coordinated_reporting_verb_starts_a_new_quote_by_the_same_speaker(nlp):
    doc, found = attributed(nlp, "Kim Park said the vote was fair and added that the results would stand.")
    assert rows(doc, found) == [("the vote was fair", "Kim Park", None), ("the results would stand", "Kim Park", None)]


def test_a_signed_post_is_its_signers_and_ends_their_words(extractor):
    text = (
        "Reporter Dana Reyes was at the scene.\n\n"
        "Crews are still working at the bridge. pic.twitter.com/Ab12Cd — Dana Reyes (@dreyes_news) March 3, 2019\n\n"
        "“We will have it open by the weekend.”\n\nThe council meets on Monday."
    )
    result = extractor.extract(text)
    assert [(q.text, q.speaker, q.speaker_mention.text, q.cue.text, q.evidence) for q in result.quotes] == [
        ("Crews are still working at the bridge.", "Dana Reyes", "Dana Reyes", "—", "signed")
    ]
    assert result.quotes[0].confidence == attribution.CONFIDENCE["signed"]


def test_an_organization_signs_a_post(extractor):
    text = (
        "The ferry was cancelled on Sunday.\n\nCrossings resume at 6 a.m. Check the schedule before you travel. "
        "https://t.co/Qw12 — City of Halifax (@hfxgov) March 3, 2019"
    )
    result = extractor.extract(text)
    (quote,) = result.quotes
    assert quote.text == "Crossings resume at 6 a.m. Check the schedule before you travel."
    assert quote.speaker == "City of Halifax"
    assert [(s.name, s.kind) for s in result.speakers] == [("City of Halifax", "organization")]


def test_a_letter_writer_is_a_person_speaker(extractor):
    text = (
        "We have waited two years for a crosswalk on our street. Who decides? — Tom Brandt, Oakville\n\n"
        "The city replies."
    )
    result = extractor.extract(text)
    assert [(q.text, q.speaker, q.evidence) for q in result.quotes] == [
        ("We have waited two years for a crosswalk on our street. Who decides?", "Tom Brandt", "signed")
    ]
    assert [(s.name, s.kind) for s in result.speakers] == [("Tom Brandt", "person")]


def test_who_is_described_does_not_speak(nlp):
    doc, found = attributed(nlp, 'The parole board met on Monday. He was also described as "a careful planner."')
    assert all(c.mention is None or c.mention.text != "He" for c in found)
    doc, found = attributed(nlp, 'He was described by the judge as "a careful planner."')
    assert [c.mention.text for c in found if c.mention is not None] == ["the judge"]


def test_a_dialogue_tag_attributes_whatever_its_verb(nlp):
    text = (
        '"That is a disservice to them," Reyes fumed. "Would it help if we paid more?" pressed Tom Ward. '
        '"Not again," the coach groaned, shaking his head.'
    )
    doc, found = attributed(nlp, text)
    assert [(q, m) for q, m, _ in rows(doc, found)] == [
        ("That is a disservice to them,", "Reyes"),
        ("Would it help if we paid more?", "Tom Ward"),
        ("Not again,", "the coach"),
    ]
    assert [c.cue.text for c in found] == ["fumed", "pressed", "groaned"]


def test_no_dialogue_tag_with_its_own_object_on_something_else_or_in_the_next_paragraph(nlp):
    text = (
        '"Thriller," the film critic called it. "Best of the year," the club has become. '
        'She starred in "Lady Grey," in which Ann Voss sings.\n\n"Go home,"\n\nReyes waved.'
    )
    doc, found = attributed(nlp, text)
    assert rows(doc, found) == []


def test_a_date_after_the_verb_is_no_speaker(nlp):
    text = (
        "Although there is no overlap, a city official who spoke anonymously to discuss internal strategy "
        'said Wednesday, "Certainly there are talks between the mayor and the union."'
    )
    doc, found = attributed(nlp, text)
    assert all(c.mention is None or c.mention.text != "Wednesday" for c in found)


def test_the_name_after_a_hyphenated_title_speaks_not_one_inside_the_quote(nlp):
    text = (
        'He would run as an independent. "Imagine Tom Reed going up against Hale and Brown on the same stage," '
        "mused radio co-host Lee Marr."
    )
    doc, found = attributed(nlp, text)
    assert [c.mention.root.text for c in found] == ["Marr"]


def test_the_next_paragraph_gives_no_cue_to_the_quote_before_it(extractor):
    text = (
        'The call came on Monday. "I am honored!" Ann Lee said. "It is giving me goosebumps."\n\n'
        '"Tell her I promised you a picture," Tom Ebeling said.'
    )
    quotes = extractor.extract(text).quotes
    assert [q.speaker for q in quotes] == ["Ann Lee", "Ann Lee", "Tom Ebeling"]
    assert quotes[1].cue is None


def test_a_text_presents_its_words_however_parsed(nlp):
    doc, found = attributed(nlp, '"If she wants the job, she should act like it," the editorial read.')
    assert [(c.cue.text, c.mention.root.text) for c in found] == [("read", "editorial")]


def test_a_subject_inside_the_quote_never_speaks_it(extractor):
    text = '"I would have been sitting in a cell for years," Mr. Dalby, now 81 and retired in Leeds, said by telephone.'
    quotes = extractor.extract(text).quotes
    assert [(q.speaker, q.speaker_mention.text) for q in quotes] == [("Dalby", "Mr. Dalby")]


def test_a_signature_line_after_a_quote_paragraph_still_attributes_it(extractor):
    text = 'We review the claims below.\n\n"Almost all new income is going to the top 1 percent."\n\n- Ann Reyes.\n\nThe figure is old.'
    quotes = extractor.extract(text).quotes
    assert [(q.speaker, q.cue.text) for q in quotes] == [("Ann Reyes", "-")]


def test_the_name_after_a_participle_is_its_addressee_not_its_speaker(nlp):
    text = "Back in 2009, Mr. Halvorsen praised the senator's speeches, telling CNBC: \"She is the best speaker we have.\""
    doc, found = attributed(nlp, text)
    assert [c.mention.text for c in found] == ["Mr. Halvorsen"]


def test_a_statement_saying_something_is_its_issuers(extractor):
    text = "On Friday, the Harbor Watch campaign issued a statement saying that the mayor would sign the bill."
    quotes = extractor.extract(text).quotes
    assert [(q.speaker_mention.text, q.evidence) for q in quotes] == [("the Harbor Watch campaign", "indirect")]


def test_a_participle_set_off_after_a_reported_clause_is_the_main_subjects(nlp):
    text = (
        "Council chair Ana Ortiz dismissed the union's claims that the city is breaking its promises — "
        "saying the union had refused the same deal."
    )
    doc, found = attributed(nlp, text)
    said = [c for c in found if doc.text[c.start : c.end].startswith("the union had")]
    assert [c.mention.root.text for c in said] == ["Ortiz"]


def test_that_said_is_no_statement(nlp):
    for text in (
        'Rivera called the coach "fair." (That said, she also noted, "When you cross him, he never forgets.")',
        'Rivera called the coach "fair." Having said that, she also noted, "When you cross him, he never forgets."',
    ):
        doc, found = attributed(nlp, text)
        said = [c for c in found if doc.text[c.start : c.end].startswith("When")]
        assert [(c.cue.text, c.mention.text) for c in said] == [("noted", "she")], text


def test_a_common_noun_after_the_verb_speaks_however_parsed(nlp):
    text = (
        '"A man came by and told us we should close early," said the woman, '
        "who like many on the street did not want to be named."
    )
    doc, found = attributed(nlp, text)
    assert [c.mention.text for c in found if doc.text[c.start : c.end].startswith("A man")] == ["the woman"]


def test_a_speaker_and_a_verb_before_a_colon_introduce_the_quote(nlp):
    for text, speaker in (
        ('The union asked the council to delay the vote. Ortiz resisted: "We have waited long enough for this."', "Ortiz"),
        ('The council met on Monday. The mayor fired back: "We will not be bullied by anyone."', "The mayor"),
    ):
        doc, found = attributed(nlp, text)
        assert [c.mention.text for c in found] == [speaker], text
    doc, found = attributed(nlp, 'The results were clear: "Nobody wants the new tax at all."')
    assert found == []


def test_a_relative_speaker_is_the_person_its_phrase_describes(nlp):
    text = '"The offer is too low," said one trustee familiar with the talks, who added that the board was "unhappy."'
    doc, found = attributed(nlp, text)
    assert [c.mention.text for c in found] == ["one trustee", "one trustee"]


def test_a_name_after_the_verb_between_commas_speaks_however_parsed(nlp):
    text = '"I would rather stay out of it."\n\nAnd Halvorsen, said Lowe, who played for him for years, never forgets a loss.'
    doc, found = attributed(nlp, text)
    assert [c.mention.text for c in found if c.cue is not None and c.cue.text == "said"] == ["Lowe"]
    doc, found = attributed(nlp, "Smith, who led the team, said Jones, the coach, was wrong.")
    assert [c.mention.text for c in found] == ["Smith"]


def test_a_speech_verb_tags_a_quote_closed_by_a_full_stop(extractor):
    text = (
        'The budget was late.\n\n"I hope the council finds the money that is missing." Halvorsen said.\n\n'
        'The crowd cheered.\n\n"We won the game today." Ortiz smiled.'
    )
    assert [(q.text, q.speaker) for q in extractor.extract(text).quotes] == [
        ("I hope the council finds the money that is missing.", "Halvorsen")
    ]
