"""Roles and organizations, one test per construction news prose uses (invented sentences)."""
from __future__ import annotations

import re

import pytest

from service.pipeline import article, roles, speakers
from service.pipeline.types import Candidate


def described(nlp, text: str, mention: str, occurrence: int = 0) -> tuple[str | None, str | None]:
    """Role and organization of the speaker `mention` attributes the quote of `text` to."""
    doc = nlp(text)
    quote = re.search(r'"([^"]+)"', text)
    start = [m.start() for m in re.finditer(re.escape(mention), text)][occurrence]
    span = doc.char_span(start, start + len(mention))
    cand = Candidate(quote.start(1), quote.end(1), "direct", mention=span)
    model = article.build(doc, [(cand.start, cand.end)])
    entities, index = speakers.resolve(model, [cand])
    return roles.describe(model, entities[index[0]])


@pytest.mark.parametrize(
    ("text", "mention", "role", "organization"),
    [
        # appositive after the name, organization in an at-phrase behind a descriptor
        (
            '"Prices will fall," said Dana Whitfield, head of equity research at brokerage firm Harlow Securities.',
            "Dana Whitfield",
            "head of equity research",
            "Harlow Securities",
        ),
        # coordinated appositive; the organization's name leaves the role
        (
            '"The market is shifting," said Omar Haddad, a data consultant and former Nimbus Labs product lead.',
            "Omar Haddad",
            "data consultant and former product lead",
            "Nimbus Labs",
        ),
        # title before the name
        ('"We ship this year," Acme Robotics CEO Priya Natarajan said.', "Priya Natarajan", "CEO", "Acme Robotics"),
        # multi-word title, qualifier kept
        (
            '"It was a mistake," former Vantage Systems Chief Operating Officer Alan Becker said.',
            "Alan Becker",
            "former Chief Operating Officer",
            "Vantage Systems",
        ),
        # possessive
        (
            '"Inflation is easing," Statistics Canada\'s chief economist Laura Chen said.',
            "Laura Chen",
            "chief economist",
            "Statistics Canada",
        ),
        # of-phrase and for-phrase
        (
            '"Schools need help," said Ruth Adler, a professor at the University of Toronto.',
            "Ruth Adler",
            "professor",
            "University of Toronto",
        ),
        (
            '"The recall is voluntary," said Tom Reid, spokesperson for Health Canada.',
            "Tom Reid",
            "spokesperson",
            "Health Canada",
        ),
        # relative clause
        (
            '"We are ready to strike," said Karen Li, who heads the Ontario Nurses Association.',
            "Karen Li",
            "head",
            "Ontario Nurses Association",
        ),
        # appositive before the name
        (
            'The agency\'s chief scientist, Maya Ortiz, said the data was clear. "We saw it early," Ortiz said.',
            "Ortiz",
            "chief scientist",
            None,
        ),
        # politicians
        ('"This bill fails families," NDP MP Jenny Kwan said.', "Jenny Kwan", "MP", "NDP"),
        ('"I will vote no," Nevada Sen. Ada Brightwater said.', "Ada Brightwater", "Sen.", "Nevada"),
        ('"The deficit will shrink," Finance Minister Bill Morneau said.', "Bill Morneau", "Finance Minister", None),
        # police rank after the force's name
        (
            '"The road is closed," St. Charles Police Lt. Tom Wilkison said.',
            "Tom Wilkison",
            "Lt.",
            "St. Charles Police",
        ),
        # a nationality is not an employer; a city is not one for a doctor
        ('"I train every day," said Canadian swimmer Anna Kell.', "Anna Kell", "swimmer", None),
        ('"Cancer tests couples," said Dr. Paul Moss, a Toronto family doctor.', "Paul Moss", "family doctor", None),
        # a name followed by its organization
        (
            '"Crews waited hours," said Paul Dunn with the Canadian Union of Public Employees.',
            "Paul Dunn",
            None,
            "Canadian Union of Public Employees",
        ),
        # relative clause naming a body the speaker sits on
        (
            '"The numbers are wrong," said Nina Patel, who sits on the Dock Permit Committee.',
            "Nina Patel",
            None,
            "Dock Permit Committee",
        ),
        # one of a group
        (
            'Aiko Sato and other youth representatives met the minister. "We were heard," Sato said.',
            "Sato",
            "youth representative",
            None,
        ),
        # a definite nominal owner resolved to the organization named before
        (
            'The Riverside School Board met on Monday. Moyra Lund, the board\'s chair, said "we need space."',
            "Moyra Lund",
            "chair",
            "Riverside School Board",
        ),
        # acronym spelled out elsewhere in the article
        (
            "The Canadian Federation of Independent Business released a survey. "
            '"Costs are up," said Dan Kelly, the CFIB\'s president.',
            "Dan Kelly",
            "president",
            "Canadian Federation of Independent Business",
        ),
        # an organization noun before a title, and "the firm", stand for the organization just named
        (
            'The Lighthouse Heritage Board of Canada declined. "Safety comes first," wrote Holly Kent, a board spokeswoman.',
            "Holly Kent",
            "spokeswoman",
            "Lighthouse Heritage Board of Canada",
        ),
        (
            "Kestrel Architects Ltd. designed the house. "
            '"Dogs love it," said Mary Ross, principal architect at the firm.',
            "Mary Ross",
            "principal architect",
            "Kestrel Architects Ltd.",
        ),
        # nothing stated
        ('"It was cold," said Maria Gomez.', "Maria Gomez", None, None),
        # an organization's possessive naming one of its bodies
        (
            '"Parents are worried," said Ruth Kim, president of Westview Elementary\'s parent advisory council.',
            "Ruth Kim",
            "president",
            "Westview Elementary's parent advisory council",
        ),
        # a party written as an adjective before a title, named elsewhere by its plural
        (
            "Conservative Leader Paul Ross attacked the budget. The Conservatives want tax cuts. "
            '"It fails," Ross said.',
            "Ross",
            "Leader",
            "Conservatives",
        ),
        # a photo credit opening a caption line is no employer
        (
            "The Liberal government tabled its budget.\n\n"
            "The Canadian Press Finance Minister Ada Lund speaks in Ottawa.\n\n"
            '"It balances," Lund said.',
            "Lund",
            "Finance Minister",
            "Liberal government",
        ),
        # a lone word after a title preposition that names no one in the article is a body
        (
            '"It works," said Rhea Mott, vice president of product for Nexora.',
            "Rhea Mott",
            "vice president of product",
            "Nexora",
        ),
        # the post a speaker is appointed to: "the appointment of X as", "named X as"
        (
            "The appointment of Dara Voss as Harbour Bank's new chief economist has surprised traders. "
            '"We will review it," Voss said.',
            "Voss",
            "chief economist",
            "Harbour Bank",
        ),
        (
            'Harbour Bank named Dara Voss as chief economist. "We will review it," Voss said.',
            "Voss",
            "chief economist",
            None,
        ),
        # a relative clause of appointment, and one whose object names the organization further on
        (
            'Dara Voss, who was named chief economist of Harbour Bank in May, spoke first. "We will review it," Voss said.',
            "Voss",
            "chief economist",
            "Harbour Bank",
        ),
        (
            '"We will review it," said Dara Voss, who heads the research team at Harbour Bank.',
            "Dara Voss",
            "head",
            "Harbour Bank",
        ),
        # a title phrase between the reporting verb and the name it introduces
        ('"We will review it," said Harbour Bank\'s chief economist, Dara Voss.', "Dara Voss", "chief economist", "Harbour Bank"),
        # a first name the tagger left out between a title and the surname is no organization
        (
            'Parish funds should go to the new shelter, Cardinal Cormac Doyle-Fitzgerald has said. '
            '"Work starts soon," Doyle-Fitzgerald said.',
            "Doyle-Fitzgerald",
            "Cardinal",
            None,
        ),
        # a name after what the body is, however tagged
        (
            'Harbour Tech sued a blog. Lena Ortiz, deputy editor of UK magazine Home Cook, said the device '
            'would "sell well".',
            "Lena Ortiz",
            "deputy editor",
            "Home Cook",
        ),
        # ... also where the caption was run into the text
        (
            "The Liberal government tabled its budget. The Canadian Press Finance Minister Ada Lund speaks "
            'in Ottawa. "It balances," Lund said.',
            "Lund",
            "Finance Minister",
            "Liberal government",
        ),
        # a title before a professional honorific
        ('"Wash your hands," Chief Medical Officer Dr. Ana Paz said.', "Ana Paz", "Chief Medical Officer", None),
        # a bare title, then after a comma the area it covers and the body
        (
            '"Service resumes Monday," said Omar Diaz, director, public affairs at Northwind Rail.',
            "Omar Diaz",
            "director public affairs",
            "Northwind Rail",
        ),
        # a possessive inside the title's object belongs to the object
        (
            '"We need more space," said Lena Ortiz, a trustee of the museum\'s foundation.',
            "Lena Ortiz",
            "trustee of the museum's foundation",
            None,
        ),
        # a place before a place on a team names the team
        ('"We were robbed," Scotland coach Ewan Bryce said.', "Ewan Bryce", "coach", "Scotland"),
        # a boss with no organization beside works for the one the article is about
        (
            "Hollin Trust, a charity, published a survey on Monday. Hollin Trust polled 3,000 adults. "
            '"Parties must listen," charity boss Mara Quill said.',
            "Mara Quill",
            "charity boss",
            "Hollin Trust",
        ),
    ],
)
def test_constructions(nlp, text, mention, role, organization):
    assert described(nlp, text, mention) == (role, organization)


def test_predicate_elsewhere_in_the_article(nlp):
    text = 'Jim Dalton is the mayor of Ottawa. On Monday he visited the site. "Buses are coming," Dalton said.'
    assert described(nlp, text, "Dalton", occurrence=1) == ("mayor", "Ottawa")


def test_role_stated_once_holds_for_later_mentions(nlp):
    text = (
        "Lars Berg, a senior analyst at Nordic Bank, expects cuts. "
        'Rates will fall in spring, he wrote. "Banks are cautious," Berg said.'
    )
    assert described(nlp, text, "Berg", occurrence=1) == ("senior analyst", "Nordic Bank")


def test_role_held_then_gives_way_to_the_current_one(nlp):
    text = (
        '"I will fix transit," then-Toronto mayoral candidate Dana Holt said in October. '
        'Mayor Dana Holt repeated the pledge on Monday. "It is on track," Holt said.'
    )
    assert described(nlp, text, "Holt", occurrence=2) == ("Mayor", "Toronto")


def test_minister_belongs_to_the_government_the_article_names(nlp):
    text = 'The Alberta government announced new rules. "The park stays closed," Environment Minister Sara Pine said.'
    assert described(nlp, text, "Sara Pine") == ("Environment Minister", "Alberta government")


def test_organization_speaks_for_itself(nlp):
    text = 'Health Canada said in a statement that "the product is safe to use."'
    assert described(nlp, text, "Health Canada") == (None, "Health Canada")


def test_group_with_and_without_organization(nlp):
    text = '"Costs will rise," Bloomberg Intelligence analysts wrote. Some voters said "it is too late."'
    assert described(nlp, text, "Bloomberg Intelligence analysts") == ("analysts", "Bloomberg Intelligence")
    doc = nlp(text)
    start = text.index("Some voters")
    quote = text.index("it is too late")
    cand = Candidate(quote, quote + 14, "direct", mention=doc.char_span(start, start + 11))
    model = article.build(doc, [(cand.start, cand.end)])
    entities, index = speakers.resolve(model, [cand])
    assert entities[index[0]].kind == "group"
    assert roles.describe(model, entities[index[0]]) == (None, None)


def test_nominal_speaker_describes_itself(nlp):
    text = 'A spokesperson for the Vancouver Transit Authority said "the line opens in May."'
    assert described(nlp, text, "A spokesperson") == ("spokesperson", "Vancouver Transit Authority")


def test_never_an_empty_string(nlp):
    role, organization = described(nlp, '"Yes," said the man.', "the man")
    assert role != "" and organization != ""


def test_office_holder_works_for_the_municipality_the_article_names(nlp):
    text = 'Lakeview Mayor Tom Reyes defended the plan City of Lakeview engineers drafted. "We build it," Reyes said.'
    assert described(nlp, text, "Reyes", occurrence=1) == ("Mayor", "City of Lakeview")


def test_post_the_speaker_calls_their_own(nlp):
    text = (
        "Maria Delgado joined the National Workers Union (NWU) last year. Delgado was elected to her NWU "
        'position in May. "We need more staff," Delgado said.'
    )
    assert described(nlp, text, "Delgado", occurrence=2) == (None, "National Workers Union")


def test_definite_description_referring_back(nlp):
    text = 'Tom Berg had a strong season. The 29-year-old golfer is entered in the tournament this week. "I feel good," Berg said.'
    assert described(nlp, text, "Berg", occurrence=1) == ("golfer", None)


def test_organization_a_relative_clause_names_after_an_appositive(nlp):
    text = (
        "The defence called Paul Grant, a retired police officer who owns Crestline Analytics, a firm that "
        'studies crashes. "The sign was visible," Grant said.'
    )
    assert described(nlp, text, "Grant", occurrence=1)[1] == "Crestline Analytics"


def test_what_the_sentence_asserts_before_what_a_relative_clause_adds(nlp):
    text = (
        "Lisa Moreau, who owns a bakery in town, was named the Liberal candidate on Saturday. "
        '"I am honoured," Moreau said.'
    )
    assert described(nlp, text, "Moreau", occurrence=1) == ("candidate", "Liberal")


def test_role_with_its_organization_before_a_bare_one(nlp):
    text = (
        "Earlier, biologist Sam Ortiz, who is research director for the Greenleaf Foundation, spoke. "
        '"The data are clear," Ortiz said.'
    )
    assert described(nlp, text, "Ortiz", occurrence=1) == ("research director", "Greenleaf Foundation")


def test_a_judgment_is_no_role(nlp):
    text = 'Critics say Governor Ray Hill is the least popular governor in the state\'s memory. "I unite," Hill said.'
    assert described(nlp, text, "Hill", occurrence=1) == ("Governor", None)


def test_spokesperson_speaks_for_the_organization_of_the_sentence(nlp):
    text = 'Nordvik Airlines plans to appeal the ruling, spokesman Ian Clarke said. "We disagree," Clarke said.'
    assert described(nlp, text, "Clarke", occurrence=1) == ("spokesman", "Nordvik Airlines")


def test_party_speaking_is_its_own_organization(nlp):
    assert described(nlp, '"We will vote against it," the Greens said.', "the Greens") == (None, "Greens")


@pytest.mark.parametrize(
    ("text", "mention", "role", "organization"),
    [
        # an affiliation right after the name, with or without a comma
        ('Tom Hale from Edulink showed the tablets. "They work offline," Hale said.', "Hale", None, "Edulink"),
        ('Rita Moss, of the Secondary Heads Guild, spoke. "Funds are thin," Moss said.', "Moss", None,
         "Secondary Heads Guild"),
        # names coordinated in an appositive share its description, one each
        ('His defence attorneys, Carl Glen and Rick Jonas, spoke. "We will appeal," Jonas said.', "Jonas",
         "defence attorney", None),
        # a title's portfolio after "for"; a British shadow office
        ('Shadow spokesman for sport Hugh Rowan said: "The clubs need help."', "Hugh Rowan",
         "Shadow spokesman for sport", None),
        # a headline run into the first sentence: the title starts after the headline's nouns
        ('Reyes blasts referees Otterburn coach Andy Reyes was angry. "We were robbed," Reyes said.', "Reyes",
         "coach", "Otterburn"),
        # "one of" several: the role in the singular
        ('Rod Lind, one of the family\'s lawyers, spoke. "We are ready," Lind said.', "Lind", "lawyer", None),
        # a place before a descriptor says where the body is; the body is the name after it
        ('"Sales will rise," said Ian Harte, deputy editor of UK magazine PC Weekly.', "Ian Harte",
         "deputy editor", "PC Weekly"),
        # a common noun capitalized by its place in the sentence is part of the role, not a body
        ('Charity boss Gordon Lish warned of cuts. "Pensions are too low," Lish said.', "Lish", "Charity boss",
         None),
        # a territorial title's "of" names what it is held over, not an employer
        ('"We must act now," said Alan Pryce, the Bishop of Bath and Wells.', "Alan Pryce",
         "Bishop of Bath and Wells", None),
        ('The Archbishop of Wessex, Martin Howe, spoke. "We must act now," Howe said.', "Howe",
         "Archbishop of Wessex", None),
        # an elected member's seat, before the title or after its "for", is part of the title; a party is the body
        ('"We need answers," said Westlock MLA Tom Ross.', "Tom Ross", "Westlock MLA", None),
        ('"We need answers," said Tom Ross, the Conservative MP for Red Deer.', "Tom Ross", "MP for Red Deer",
         "Conservative"),
        ('"We need answers," said Liberal MP Tom Ross.', "Tom Ross", "MP", "Liberal"),
        # when a title was taken is not part of it; "former" is
        ('"We will act," said Tom Ross, the newly elected mayor of Brackenford.', "Tom Ross", "mayor", "Brackenford"),
        ('"We will act," said the new justice minister, Tom Ross.', "Tom Ross", "justice minister", None),
        ('"We will act," said the former justice minister, Tom Ross.', "Tom Ross", "former justice minister", None),
        # a person's possessive is no body, however the tagger took the name there
        ('Golfer Graham Okafor is hurt. "He is sore," Okafor\'s agent Danny Fritz said.', "Danny Fritz", "agent",
         None),
    ],
)
def test_more_constructions(nlp, text, mention, role, organization):
    occurrence = 1 if text.count(mention) > 1 else 0
    assert described(nlp, text, mention, occurrence) == (role, organization)


def test_employer_title_takes_the_organization_the_article_is_about(nlp):
    text = (
        "Apple unveiled a cheaper Mac on Tuesday. Apple shares rose. Chief executive Steve Jobs showed it off. "
        '"It is the most important Mac we have made," Jobs said.'
    )
    assert described(nlp, text, "Jobs", occurrence=1) == ("Chief executive", "Apple")


def test_minister_of_an_unnamed_government(nlp):
    text = 'The government will fund school sport. "It matters," Education Secretary Carl Marks said.'
    assert described(nlp, text, "Carl Marks") == ("Education Secretary", "government")


def test_a_job_before_a_personal_tie(nlp):
    text = (
        "Ebbers knew of the fraud, his closest associate has told a court. Ex-finance chief Scott Sullen "
        'testified on Monday. "He knew," Sullen said.'
    )
    assert described(nlp, text, "Sullen", occurrence=1) == ("Ex-finance chief", None)


def test_a_name_taken_up_as_a_body_is_an_organization(nlp):
    text = (
        'Rents must be capped, says Elder Care. A poll for the charity found most '
        'tenants agree. "Parties must listen," Elder Care said.'
    )
    assert described(nlp, text, "Elder Care", occurrence=1) == (None, "Elder Care")


def test_a_share_of_people_speaks_as_a_group(nlp):
    doc = nlp('A survey found 64% of renters said "rents are too high".')
    mention = doc.char_span(15, 29)
    model = article.build(doc, [(33, 51)])
    assert model.entities[model.entity_of(mention)].kind == "group"


def test_a_first_word_alone_is_the_organization_named_in_full_before(nlp):
    text = (
        "Software firm Talvex Systems opened an office in May. "
        '"We will hire locally," Talvex said.'
    )
    assert described(nlp, text, "Talvex", occurrence=1) == (None, "Talvex Systems")


def test_an_organization_name_ends_where_another_name_begins(nlp):
    text = 'Firms such as Harlow Aviation and France\'s Varel attended. "We are keen," Harlow Aviation said.'
    assert described(nlp, text, "Harlow Aviation", occurrence=1) == (None, "Harlow Aviation")


def test_an_organization_name_with_and_after_a_body_noun_is_one_name(nlp):
    text = 'But local group Victims and Families Against Violence said the plan "will fail".'
    assert described(nlp, text, "local group Victims") == (None, "Victims and Families Against Violence")


def test_the_team_a_whose_clause_names(nlp):
    text = '"It looks serious," said Tomas Brenner, whose Harbour Otters team meet Riverton next week.'
    assert described(nlp, text, "Tomas Brenner")[1] == "Harbour Otters"


def test_affiliation_after_the_name_past_what_the_body_is(extractor):
    text = 'The truce holds. Tom Baker of campaign group Fairvote said they were "ready to talk".'
    assert [(q.speaker, q.organization) for q in extractor.extract(text).quotes] == [("Tom Baker", "Fairvote")]


def test_as_after_a_name_is_a_post_only_where_something_appoints(nlp):
    text = 'The witness identified Dara Voss as one of five executives at the meeting. "I was not there," Voss said.'
    assert described(nlp, text, "Voss", occurrence=1)[0] is None


def test_a_shadow_minister_is_not_the_governments(nlp):
    text = 'The government will fund school sport. "It is too little," shadow education secretary Carl Marks said.'
    assert described(nlp, text, "Carl Marks") == ("shadow education secretary", None)


def test_vice_is_part_of_the_title(nlp):
    text = '"The plan will work," Vice President Ann Reyes said.'
    assert described(nlp, text, "Ann Reyes") == ("Vice President", None)


def test_a_titled_person_one_works_for_is_no_organization(nlp):
    text = '"It was a mistake," said Tom Bell, a former staff member for Gov. Ann Ruiz.'
    assert described(nlp, text, "Tom Bell") == ("former staff member", None)


def test_a_president_titled_before_the_name_leads_no_company_of_the_article(nlp):
    text = (
        "Nexora unveiled a cheaper phone on Tuesday. Nexora shares rose. "
        '"It shows what the economy can do," President Ann Reyes said.'
    )
    assert described(nlp, text, "Ann Reyes") == ("President", None)
    text = text.replace("President Ann Reyes", "company president Ann Reyes")
    assert described(nlp, text, "Ann Reyes") == ("president", "Nexora")


def test_a_portfolio_before_a_lowercase_title_stays_in_the_role(nlp):
    for text, role in (
        ('"It cannot be frozen," said Health minister Tom Hogg.', "Health minister"),
        ('"It cannot be frozen," said former Cabinet minister Tom Hogg.', "former Cabinet minister"),
    ):
        assert described(nlp, text, "Tom Hogg") == (role, None), text


def test_a_persons_possessive_is_no_part_of_the_bodys_name(nlp):
    text = '"The council was wrong," said Ann Lee, the head of Mr. Reyes\'s Council of Economic Advisers.'
    assert described(nlp, text, "Ann Lee") == ("head", "Council of Economic Advisers")
    text = '"The council was wrong," said Ann Lee, a professor at the University of Calgary\'s School of Public Policy.'
    assert described(nlp, text, "Ann Lee") == ("professor", "University of Calgary's School of Public Policy")


def test_a_role_is_what_a_person_is_not_a_thing_written_beside_the_name(nlp):
    for text in (
        "Reyes 'proud of housing record' Maria Reyes has given a speech to the party. \"We built homes,\" Reyes said.",
        '"We will win," Ann Vik, whose unfounded conspiracy theory spread online, said.',
        '"Look at the numbers," Ann Vik said in a new 30-second ad.',
    ):
        assert described(nlp, text, "Reyes" if "Reyes" in text else "Ann Vik", occurrence=-1)[0] is None, text


def test_person_nouns_beyond_the_titles_the_lists_know(nlp):
    for text, role in (
        ('"The race is close," said Tom Reyes, a veteran pollster.', "veteran pollster"),
        ('"We will build," said property tycoon Tom Reyes.', "property tycoon"),
        ('"They listened," said Tom Reyes, a campaign surrogate for the senator.', "campaign surrogate"),
    ):
        assert described(nlp, text, "Tom Reyes")[0] == role, text


def test_what_a_whose_clause_says_of_someone_else_is_not_the_speakers_post(nlp):
    text = 'Tom Hogg, whose wife is a senator, said the bill was "largely unnecessary".'
    assert described(nlp, text, "Tom Hogg") == (None, None)
