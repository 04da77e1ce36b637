"""Canonical speakers: every mention of one real-world speaker merged into one entry (invented articles)."""
from __future__ import annotations

import re

import pytest

from service.pipeline import article, speakers
from service.pipeline.types import Candidate


def resolved(nlp, text: str, mentions: list[str | int]):
    """Speakers of the quotes of `text` in order: each attributed by the next occurrence of its
    mention after the previous quote; an int makes a floating quote that continues that quote."""
    doc = nlp(text)
    found, cursor = [], 0
    for quote, mention in zip(re.finditer(r'"([^"]+)"', text), mentions):
        cand = Candidate(quote.start(1), quote.end(1), "direct")
        if isinstance(mention, int):
            cand.same_speaker_as = mention
        else:
            start = re.compile(rf"(?<!\w){re.escape(mention)}\b").search(text, cursor).start()
            cand.mention = doc.char_span(start, start + len(mention))
        cursor = quote.end()
        found.append(cand)
    entities, index = speakers.resolve(article.build(doc, [(c.start, c.end) for c in found]), found)
    return entities, [entities[i] if i is not None else None for i in index]


def test_surname_and_title_join_the_full_name(nlp):
    text = (
        'Hillary Rodham, the party\'s nominee, spoke first. "We will win," Rodham said. '
        'Later, Ms. Rodham added: "The polls are wrong." "Trust me," Dr. Rodham said.'
    )
    entities, per_quote = resolved(nlp, text, ["Rodham", "Ms. Rodham", "Dr. Rodham"])
    assert len(entities) == 1
    assert {e.name for e in per_quote} == {"Hillary Rodham"}
    assert entities[0].kind == "person"
    assert {m.text for m in entities[0].mentions} >= {"Hillary Rodham", "Rodham", "Ms. Rodham", "Dr. Rodham"}


@pytest.mark.parametrize(
    ("text", "mention", "name", "kind"),
    [
        # surname before the full name is introduced
        (
            '"It is over," Kowalski said. The coach, Anna Kowalski, left the arena.',
            "Kowalski", "Anna Kowalski", "person",
        ),
        # name leaves out titles and organizations
        (
            '"We ship this year," Acme Robotics CEO Priya Natarajan said.',
            "Acme Robotics CEO Priya Natarajan", "Priya Natarajan", "person",
        ),
        # nominal resolves to the person described so
        (
            (
                "Jane Doe, a spokesperson for the city, confirmed the closure. "
                '"The pool reopens in June," the spokesperson said.'
            ),
            "the spokesperson", "Jane Doe", "person",
        ),
        # the company resolves to the company named
        (
            'Software company Brightline Inc. cut 200 jobs. "We regret this," the company said.',
            "the company", "Brightline Inc.", "organization",
        ),
        # the city resolves to the city named
        (
            'The City of Brackenford approved the budget on Monday. "Taxes will rise," the city said.',
            "the city", "City of Brackenford", "organization",
        ),
        # acronym joins the spelled out organization
        (
            (
                "The Canadian Medical Association (CMA) released a survey on Monday. "
                '"Doctors are exhausted," the CMA said.'
            ),
            "the CMA", "Canadian Medical Association", "organization",
        ),
        # document speaks for its author
        (
            'Health Canada published a report on Monday. "Vaping is rising," the report said.',
            "the report", "Health Canada", "organization",
        ),
        # document said in speaks for its subject
        (
            'The Elmbrook-based utility said in the report that winter strains the grid. '
            '"Cold is costly," the report said.',
            "the report", "The Elmbrook-based utility", "organization",
        ),
        # people named together speak as a group
        (
            'His lawyers, Colin Marsh and Peter Vane, said "we will appeal."',
            "Colin Marsh and Peter Vane", "Colin Marsh and Peter Vane", "group",
        ),
        # nominal introducing a name is that person
        (
            'A spokeswoman for the mayor, Eleanor Castillo, said "the plan is sound."',
            "A spokeswoman", "Eleanor Castillo", "person",
        ),
        # handle resolves to the person named
        (
            'Harriet Okwu criticized the plan. "This is a failure," @HarrietOkwu tweeted.',
            "@HarrietOkwu", "Harriet Okwu", "person",
        ),
        # they after an organization subject
        (
            (
                "The Harbour Paramedics Union was founded in 1990. It has 900 members. Its office is in Port Ellery. "
                'The union posts the counts online. "Only one unit was free," they said.'
            ),
            "they", "Harbour Paramedics Union", "organization",
        ),
        # organization named after its noun
        (
            '"Ads are moving online," according to media buying firm Adcrest.',
            "media buying firm", "Adcrest", "organization",
        ),
        # a speaking pronoun is not whom its own sentence reports on
        (
            (
                "The mayor's energy is undimmed, Alan Pirie, the party's campaign chief, told reporters. "
                'Mr Reyes has "the same drive as ever", he said.'
            ),
            "he", "Alan Pirie", "person",
        ),
        # a demonym takes up the subject of a clause before it
        (
            (
                "Tomas Berg was beaten again. When Lars Ekdahl shook his hand after the final, "
                'the Swede said: "Well played, you were better."'
            ),
            "the Swede", "Lars Ekdahl", "person",
        ),
        # a person whose title names two people is one person
        (
            '"We will be back in the autumn," Sam and Jo executive producer Dana Reyes said.',
            "Sam and Jo executive producer Dana Reyes", "Dana Reyes", "person",
        ),
    ],
)
def test_a_mention_resolves_to_its_speaker(nlp, text, mention, name, kind):
    _, per_quote = resolved(nlp, text, [mention])
    assert (per_quote[0].name, per_quote[0].kind) == (name, kind)


def test_pronouns_follow_gender_and_subject(nlp):
    text = (
        "Mr. Tanaka met Ms. Rivera on Tuesday. Rivera criticized the plan. "
        '"It will fail," she said. Tanaka disagreed. "It will work," he said.'
    )
    _, per_quote = resolved(nlp, text, ["she", "he"])
    assert [e.name for e in per_quote] == ["Rivera", "Tanaka"]


def test_pronoun_takes_the_previous_speaker(nlp):
    text = '"Prices will rise," said David Okafor, an economist. "Wages will not," he added.'
    entities, per_quote = resolved(nlp, text, ["David Okafor", "he"])
    assert len(entities) == 1 and per_quote[1].name == "David Okafor"
    assert "he" in {m.text for m in entities[0].mentions}


def test_unnamed_nominal_is_its_own_speaker(nlp):
    text = 'A spokesperson said "the review continues." "No comment," the spokesperson said.'
    entities, per_quote = resolved(nlp, text, ["A spokesperson", "the spokesperson"])
    assert len(entities) == 1 and per_quote[0].name == "A spokesperson"


def test_groups_and_organizations_have_their_kind(nlp):
    text = '"Rates will fall," analysts said. "We disagree," Nordic Bank said. "Too late," some voters said.'
    _, per_quote = resolved(nlp, text, ["analysts", "Nordic Bank", "some voters"])
    assert [e.kind for e in per_quote] == ["group", "organization", "group"]


def test_floating_quote_takes_the_speaker_it_continues(nlp):
    text = '"We are ready," said Karen Li. "The members voted." "It is final," Li said.'
    entities, per_quote = resolved(nlp, text, ["Karen Li", 0, "Li"])
    assert len(entities) == 1 and [e.name for e in per_quote] == ["Karen Li"] * 3


def test_quote_without_mention_or_continuation_has_no_speaker(nlp):
    doc = nlp('"Nobody knows," the sign read.')
    found = [Candidate(1, 14, "direct")]
    entities, index = speakers.resolve(article.build(doc, [(1, 14)]), found)
    assert entities == [] and index == [None]


def test_document_on_a_website_speaks_for_its_owner(nlp):
    text = (
        '"Winter is hard on trains," says a document on Northline Rail\'s website. '
        '"The cold breaks parts," the paper said.'
    )
    _, per_quote = resolved(nlp, text, ["a document", "the paper"])
    assert [e.name for e in per_quote] == ["Northline Rail", "Northline Rail"]


def test_two_word_surname_joins_the_full_name(nlp):
    text = 'Architect Lucia Vega Ortiz designed the house with a colleague. "It was fun," said Vega Ortiz.'
    entities, per_quote = resolved(nlp, text, ["Vega Ortiz"])
    assert per_quote[0].name == "Lucia Vega Ortiz"
    assert len(entities) == 1


def test_a_described_speaker_is_named_next_outside_the_quote(nlp):
    text = (
        "A spokeswoman for the mayor said the budget was fair. "
        '"Voters rejected Alan Pirie\'s cuts last year," Moira Kent said.'
    )
    doc = nlp(text)
    model = article.build(doc, [(text.index('"') + 1, text.rindex('"'))])
    mention = doc.char_span(0, len("A spokeswoman"))
    assert model.entities[model.entity_of(mention)].name == "Moira Kent"


@pytest.mark.parametrize("name", ["Cormac Doyle-Fitzgerald", "Fergal Murphy-O'Connell", "Cormac Brennan-O'Keefe"])
def test_a_title_is_followed_by_a_full_name_however_tagged(nlp, name):
    text = f"Parish funds should go to the new shelter, Cardinal {name} has said. The cardinal said work starts soon."
    doc = nlp(text)
    model = article.build(doc, [])
    start = text.index("The cardinal")
    assert model.entities[model.entity_of(doc.char_span(start, start + 12))].name == name


def test_a_lone_name_before_a_staff_title_is_the_employer(nlp):
    text = (
        'Kessler said it was hoping to close the deal by June. "We do not comment on rumours," '
        "Kessler spokesperson Ana Ruiz said."
    )
    model = article.build(nlp(text), [])
    kessler = next(e for e in model.entities if "Kessler" in e.names)
    assert kessler.kind == "organization"


def test_a_person_named_in_reported_content_is_not_the_one_just_introduced(nlp):
    text = (
        "The stadium plan is a waste of money, a councillor has said. The plan claims John Marsh backed the deal."
    )
    doc = nlp(text)
    said = text.index("John")
    model = article.build(doc, [], [(said, len(text) - 1)])
    mention = doc.char_span(text.index("a councillor"), text.index("a councillor") + len("a councillor"))
    assert model.entities[model.entity_of(mention)].name != "John Marsh"


def test_a_name_a_title_governs_is_not_its_holder(nlp):
    text = 'But the Tory MP for Harwick and North Hykeham admitted the plan "needs work".'
    doc = nlp(text)
    model = article.build(doc, [])
    mention = doc.char_span(4, 15)
    assert "Hykeham" not in model.entities[model.entity_of(mention)].name


def test_a_lowercase_nominal_the_tagger_took_for_a_name_is_no_organization(extractor):
    text = (
        '"I will enjoy this one tonight," said the rookie defenceman, '
        "younger brother of Seth Hale of the Harbour Otters."
    )
    extraction = extractor.extract(text)
    assert [(s.name, s.kind) for s in extraction.speakers] == [("the rookie defenceman", "person")]


def test_a_title_abbreviation_does_not_end_the_sentence(extractor):
    text = 'The council met on Tuesday. "We will vote in May," said Coun. Jane Roe.'
    quote = extractor.extract(text).quotes[0]
    assert (quote.speaker, quote.role) == ("Jane Roe", "Coun.")


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # a body named around a person's name is the body
        (
            "Senator Ann Colby spoke in Maine on Monday. Colby said she would wait. At the time, Colby's "
            'hometown Lakeside Daily Press wrote: "Colby said she held off supporting either of the candidates."',
            ["Ann Colby", "Lakeside Daily Press"],
        ),
        # a numbered unit keeps its number
        (
            'Members voted on Sunday. "We will strike," said Harbour Workers Local 27 in a statement. '
            '"The vote was clear," said CUPW Local 9 on Monday.',
            ["Harbour Workers Local 27", "CUPW Local 9"],
        ),
    ],
)
def test_the_body_that_speaks(extractor, text, speakers):
    extraction = extractor.extract(text)
    assert [q.speaker for q in extraction.quotes] == speakers
    assert all(s.name for s in extraction.speakers)
