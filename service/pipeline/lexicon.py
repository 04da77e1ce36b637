"""Small word lists for speakers and roles: honorifics, titles, organization nouns.

All entries are lowercase with any trailing period removed; look words up with `key(text)`.
"""
from __future__ import annotations

import re


def key(text: str) -> str:
    """The lookup form of a word: lowercase, without a trailing period."""
    return text.lower().rstrip(".")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MALE_HONORIFICS = _words("mr mister sir")
FEMALE_HONORIFICS = _words("mrs ms miss madam dame mme")
HONORIFICS = MALE_HONORIFICS | FEMALE_HONORIFICS | _words("dr prof rev mx hon")

MALE_PRONOUNS = _words("he him his himself")
FEMALE_PRONOUNS = _words("she her hers herself")
PLURAL_PRONOUNS = _words("they them their theirs themselves")
PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | PLURAL_PRONOUNS | _words("i we me us")

# Abbreviated titles written before a name ("Sen. Ada Brightwater", "Lt. Tom Wilkison").
TITLE_ABBREVIATIONS = _words(
    "sen rep gov lt sgt cpl capt col insp supt det const cst atty amb adm cmdr cpt sec pres"
)

# Head words of job titles, positions and descriptors.
TITLE_WORDS = TITLE_ABBREVIATIONS | _words(
    """ceo cfo coo cto cio president vice-president vp chair chairman chairwoman chairperson chief
    director manager minister premier mayor councillor councilor alderman mp mpp mla mna senator
    representative congressman congresswoman governor secretary spokesperson spokesman spokeswoman
    spokespeople spokesmen leader founder co-founder cofounder owner head executive officer
    lieutenant sergeant corporal constable captain inspector superintendent commissioner detective
    professor economist analyst lawyer attorney prosecutor judge justice coach player defenceman
    defenseman goaltender goalie forward striker quarterback pitcher critic researcher scientist
    doctor physician surgeon nurse teacher principal architect engineer consultant adviser advisor
    strategist lead partner editor reporter columnist author candidate ambassador diplomat official
    agent organizer organiser coordinator trustee administrator commander colonel admiral pastor
    bishop rabbi imam priest dean chancellor provost expert specialist biologist president-elect
    prime treasurer clerk ombudsman registrar sheriff marshal warden ranger deputy associate
    assistant keeper speaker whip lobbyist activist advocate volunteer"""
)

# Titles of people who speak for an organization; where the article names none beside them, it is the
# one the sentence names ("Acme plans to appeal, spokesman John Doe said").
SPOKESPERSON_TITLES = _words("spokesperson spokesman spokeswoman spokespeople spokesmen representative")

# Qualifiers kept in a role whatever their case ("Former Google CEO", "interim leader").
QUALIFIERS = _words("former interim acting outgoing incoming retired then late longtime")

# Public offices whose holder's organization is the place written before them ("Ottawa mayor").
OFFICE_WORDS = _words(
    """mayor premier minister mp mpp mla mna senator sen governor gov councillor councilor alderman
    attorney prosecutor judge justice sheriff police chief president prime representative rep
    congressman congresswoman commissioner ombudsman mayoral gubernatorial presidential senatorial"""
)

# Offices whose holder's organization is the government ("Health Minister", "Premier").
CABINET_ROLE = re.compile(r"\b(?:minister|premier|attorney[- ]general)\b", re.IGNORECASE)

# Party names that taggers label as nationalities or groups ("Liberal", "NDP").
PARTY_WORDS = _words(
    """liberal liberals conservative conservatives tory tories ndp democrat democrats democratic
    republican republicans green greens labour labor bloc québécois quebecois reform progressive
    socialist socialists pc ucp caq pq"""
)

# Words kept in a role when written before a title ("Finance Minister", "Opposition Leader").
PORTFOLIO_WORDS = _words(
    """finance health environment justice defence defense immigration education transport
    transportation labour labor energy agriculture foreign affairs public safety veterans
    infrastructure trade economic development natural resources heritage fisheries oceans
    indigenous services municipal housing treasury interior homeland security opposition district
    attorney house government climate innovation industry employment tourism culture sport
    northern family families children seniors revenue national general science sciences technology
    digital status women gender equality international intergovernmental relations border"""
)

# Topic words that describe a job, not an employer ("AI consultant", "IT manager").
DOMAIN_WORDS = _words("ai it hr pr ip tv media tech data communications marketing sales policy")

# Nouns that name an organization ("the company", "the ministry", "police").
ORGANIZATION_NOUNS = _words(
    """company firm corporation business ministry department agency union city town municipality
    government party board police council association organization organisation bank institute
    university college school hospital committee court network team club league province
    commission service authority society coalition campaign office administration embassy
    foundation charity federation army military navy regulator watchdog retailer airline carrier
    automaker manufacturer startup start-up chain district county cabinet senate parliament
    legislature crown prosecution tribunal centre center clinic utility laboratory lab newspaper
    broadcaster publisher studio insurer lender giant maker developer operator provider producer
    supplier exchange fund trust group industry conglomerate subsidiary force railway railroad
    brewery miner telecom
    inc corp ltd llc plc co limited"""
)

# Organization nouns that stand for the business just named ("principal architect at the firm").
BUSINESS_NOUNS = _words("firm company business startup start-up studio agency practice")

# Last words of company names whose first word alone also names them ("Corvane Communications Inc.").
CORPORATE_SUFFIXES = _words(
    "inc corp corporation ltd llc plc co limited group holdings communications technologies media partners"
)

# Nouns for what a speaker issued; the speaker is its author ("her statement", "a report by X").
DOCUMENT_NOUNS = _words(
    """report study statement memo memorandum complaint tweet tweets post paper document release
    survey analysis letter filing lawsuit poll research email review audit decision ruling data
    submission brief affidavit transcript notice announcement website blog op-ed editorial database
    message bulletin newsletter"""
)

# Pages a document is published on; their owner is its author ("a paper on Acme's website").
WEB_NOUNS = _words("website site page account feed channel blog")

# Common first names, for the gender of "he"/"she" where no honorific says it.
FEMALE_FIRST_NAMES = _words(
    """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty
    margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah
    stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna brenda pamela
    nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth maria heather
    diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith megan
    cheryl andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice jean alice
    madison doris abigail julia judy grace denise amber marilyn beverly danielle theresa sophia
    marie diana brittany natalie isabella charlotte rose alexis kayla jane caroline cindy holly
    shannon anne alison elaine francine sylvie monique nathalie jenny hillary nikki"""
)
MALE_FIRST_NAMES = _words(
    """james robert john michael david william richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald
    edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon
    benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam
    nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith roger terry
    gerald harold sean austin carl arthur lawrence dylan jesse bryan billy joe bruce gabriel
    logan albert willie alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason
    philip louis doug jim tom bill mike dave steve bob tim jeff greg ken ron dan rick jake sam
    pierre francois stephane mohamed ahmed ali omar hassan erik derek"""
)

# Verbs of a relative clause that state a position ("who heads the union").
ROLE_VERBS = {
    "heads": "head",
    "headed": "head",
    "leads": "leader",
    "led": "leader",
    "chairs": "chair",
    "chaired": "chair",
    "directs": "director",
    "directed": "director",
    "founded": "founder",
    "co-founded": "co-founder",
    "owns": "owner",
    "owned": "owner",
    "manages": "manager",
    "managed": "manager",
    "coaches": "coach",
    "coached": "coach",
    "runs": "head",
    "ran": "head",
}

# Copulas linking a speaker to a predicate role ("Smith is the mayor of Ottawa").
COPULAS = _words("is was 's are were became becomes remains remained")

# Nouns for a post a speaker holds ("her union position", "his Senate seat").
POSITION_NOUNS = _words("position post job role seat office portfolio term tenure")

# Nouns that describe a person, not a job, by which news prose refers back to someone just named
# ("The 34-year-old golfer ...", "The suspect ...").
PERSON_NOUNS = _words(
    """suspect accused defendant victim witness survivor complainant plaintiff resident homeowner tenant
    driver passenger pedestrian cyclist motorist student graduate parent mother father son daughter wife
    husband widow widower teen teenager boy girl man woman veteran rookie star athlete golfer skier
    swimmer runner sprinter skater boxer fighter wrestler racer rider jockey winger centreman netminder
    pitcher catcher shortstop outfielder batter olympian paralympian champion medallist medalist winner
    singer musician actor actress artist writer novelist poet filmmaker comedian chef farmer rancher
    fisherman entrepreneur businessman businesswoman investor refugee immigrant migrant newcomer
    protester demonstrator patient donor fan voter worker employee incumbent challenger nominee"""
)

# Verbs that give a speaker a position ("was named the party's candidate", "was elected mayor").
NAMING_VERBS = _words("named appointed elected chosen selected hired promoted nominated made acclaimed")

# Relational descriptors that are roles only when nothing professional is stated.
RELATION_NOUNS = _words("one part member first last result example whole way reminder matter")

# Agencies that credit photos; a line opening with one ("Jane Roe / The Canadian Press Mayor X
# speaks ...") is a caption, whose words before a name are no title.
PHOTO_CREDIT = re.compile(
    r"[ \t]*(?:[^\n/()]{1,60}/[ \t]*)?(?:the[ \t]+)?(?:canadian[ \t]+press|associated[ \t]+press|ap[ \t]+photo|"
    r"getty[ \t]+images|reuters|afp|bloomberg|postmedia|shutterstock|epa|cp[ \t]+photo|ap)\b",
    re.IGNORECASE,
)
