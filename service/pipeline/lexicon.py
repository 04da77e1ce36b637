"""The word lists every stage reads: reporting verbs, honorifics, titles, organization nouns.

All entries are lowercase with any trailing period removed; look words up with `key(text)`.
Verbs are listed with every inflected form, so matching works on `token.lower_` with the
lemmatizer disabled.

Reporting verbs follow the Gender Gap Tracker's list of about 260 quote verbs
(sfu-discourse-lab/GenderGapTracker), grouped by how strongly they signal speech:
`SPEECH_VERBS` introduce a quote wherever they appear; `CLAUSE_VERBS` (think, suggest,
estimate, find ...) as often report thoughts, findings or descriptions, so they count only
when the clause they report quotes someone's words (a mixed quote), and never attribute a
direct quote by proximity. The split was checked on the dev sets' false positives.
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
# Forms of address that say a person's gender, honorifics and titles of rank alike ("Lord Falconer").
MALE_ADDRESS = MALE_HONORIFICS | _words("lord monsieur")
FEMALE_ADDRESS = FEMALE_HONORIFICS | _words("lady madame mlle")
# Honorifics of a profession or office, which a title can stand before ("Chief Medical Officer Dr. Paz").
PROFESSIONAL_HONORIFICS = _words("dr prof rev hon")
HONORIFICS = MALE_HONORIFICS | FEMALE_HONORIFICS | PROFESSIONAL_HONORIFICS | _words("mx")

# Nouns that say a person's gender ("spokeswoman Dana Reyes", "the actress said").
FEMALE_NOUNS = _words(
    """woman mother mom mum daughter sister wife widow girl girlfriend grandmother grandma granddaughter
    aunt niece bride fiancee fiancée stepmother stepdaughter matriarch lady queen princess duchess countess
    baroness empress nun actress waitress hostess stewardess heiress heroine spokeswoman chairwoman
    businesswoman congresswoman councilwoman alderwoman assemblywoman policewoman sportswoman stateswoman
    craftswoman forewoman frontwoman anchorwoman servicewoman saleswoman horsewoman fisherwoman
    tradeswoman committeewoman ballerina comedienne matron headmistress"""
)
MALE_NOUNS = _words(
    """man father dad son brother husband widower boy boyfriend grandfather grandpa grandson uncle nephew
    groom fiance fiancé stepfather stepson patriarch gentleman king prince duke baron emperor monk
    spokesman chairman businessman congressman councilman alderman assemblyman policeman sportsman
    statesman craftsman foreman frontman anchorman serviceman salesman horseman fisherman tradesman
    committeeman headmaster"""
)

MALE_PRONOUNS = _words("he him his himself")
FEMALE_PRONOUNS = _words("she her hers herself")
PLURAL_PRONOUNS = _words("they them their theirs themselves")
PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | PLURAL_PRONOUNS | _words("i we me us")
# A passage in its writer's own voice, as a reader's letter is written.
FIRST_PERSON = _words("i me my mine myself we us our ours ourselves")
# The month that opens an embedded post's date ("March 3, 2019", "Sept. 30, 2016").
MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)

# Abbreviated titles written before a name ("Sen. Ada Brightwater", "Lt. Tom Wilkison").
TITLE_ABBREVIATIONS = _words(
    "sen rep gov lt sgt cpl capt col insp supt det const cst atty amb adm cmdr cpt sec pres coun ald"
)

# Head words of job titles, positions and descriptors.
TITLE_WORDS = TITLE_ABBREVIATIONS | _words(
    """ceo cfo coo cto cio president vice vice-president vp chair chairman chairwoman chairperson chief
    director manager minister premier mayor councillor councilor alderman mp mpp mla mna senator
    representative congressman congresswoman governor secretary spokesperson spokesman spokeswoman
    spokespeople spokesmen leader founder co-founder cofounder owner head executive officer
    general lieutenant sergeant corporal constable captain inspector superintendent commissioner detective
    professor economist analyst lawyer attorney prosecutor judge justice coach player defenceman
    defenseman goaltender goalie goalkeeper midfielder winger forward striker quarterback pitcher critic researcher scientist
    doctor physician surgeon nurse teacher principal architect engineer consultant adviser advisor
    strategist lead partner editor reporter columnist author candidate ambassador diplomat official
    agent organizer organiser coordinator trustee administrator commander colonel admiral pastor
    bishop rabbi imam priest dean chancellor provost expert specialist biologist president-elect
    prime treasurer clerk ombudsman registrar sheriff marshal warden ranger deputy
    assistant keeper speaker whip lobbyist activist advocate volunteer cardinal archbishop pope vicar
    chaplain reverend clergyman correspondent"""
)

# Titles of people who speak for an organization; where the article names none beside them, it is the
# one the sentence names ("Acme plans to appeal, spokesman John Doe said").
SPOKESPERSON_TITLES = _words("spokesperson spokesman spokeswoman spokespeople spokesmen representative")

# Titles held at an employer: where the article names none beside a holder, it is the organization the
# article is about ("chief executive Steve Jobs" in a story about Apple, "coach" in one about a team).
EMPLOYED_TITLES = _words(
    """ceo cfo coo cto president vice-president vp chair chairman chairwoman chief director manager head
    executive spokesperson spokesman spokeswoman coach captain skipper striker defender goalkeeper
    midfielder winger editor founder co-founder owner boss"""
)

# Qualifiers kept in a role whatever their case ("Former Google CEO", "interim leader").
QUALIFIERS = _words("former interim acting outgoing incoming retired then late longtime shadow ex")

# Public offices whose holder's organization is the place written before them ("Ottawa mayor").
OFFICE_WORDS = _words(
    """mayor premier minister mp mpp mla mna senator sen governor gov councillor councilor alderman
    attorney prosecutor judge justice sheriff police chief president prime representative rep
    congressman congresswoman commissioner ombudsman mayoral gubernatorial presidential senatorial"""
)

# Titles of members elected for a constituency: a place before the title or after its "for" is the
# seat, part of the title ("Calgary MP", "MP for Red Deer"); the body they speak for is their party.
CONSTITUENCY_TITLES = _words("mp mpp mla mna mha msp congressman congresswoman assemblyman assemblywoman")

# Units of a body numbered after their name, the number part of it ("Unifor Local 444", "Legion Branch 60").
NUMBERED_UNITS = _words("local lodge chapter branch division district post unit station")

# Titles whose "of" names the territory they are held over, part of the title and no employer
# ("Bishop of Lindisfarne", "Duke of Norbury").
TERRITORIAL_TITLES = _words(
    """bishop archbishop duke duchess earl countess marquess marchioness viscount viscountess baron
    baroness prince princess"""
)

# Places on a team, whose organization is the place written before them, the team ("England coach").
TEAM_ROLES = _words(
    """coach captain skipper player striker defender goalkeeper goalie goaltender midfielder winger forward
    fly-half scrum-half flanker fullback full-back quarterback pitcher defenceman defenseman"""
)

# Offices whose holder's organization is the government ("Health Minister", "Premier").
CABINET_ROLE = re.compile(
    r"\b(?:minister|premier|attorney[- ]general|secretary of state|(?:home|foreign|education|health|defence|"
    r"defense|transport|environment|culture|trade|treasury|interior|energy|justice|pensions) secretary)\b",
    re.IGNORECASE,
)

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
    digital status women gender equality international intergovernmental relations border cabinet"""
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

# Organization nouns that stand for the business just named ("principal architect at the firm",
# "the retailer said").
BUSINESS_NOUNS = _words(
    """firm company business startup start-up studio agency practice retailer airline carrier automaker
    manufacturer insurer lender maker developer operator provider producer supplier utility brewery
    miner conglomerate subsidiary chain broadcaster publisher"""
)

# Nouns that take up a named organization of any kind ("the charity", "the firm").
BODY_NOUNS = BUSINESS_NOUNS | _words(
    "charity foundation organisation organization association society union campaign coalition group"
)

# Last words of company names whose first word alone also names them ("Corvane Communications Inc.").
CORPORATE_SUFFIXES = _words(
    "inc corp corporation ltd llc plc co limited group holdings communications technologies media partners"
)

# Nouns for what a speaker issued; the speaker is its author ("her statement", "a report by X").
DOCUMENT_NOUNS = _words(
    """report study statement memo memorandum complaint tweet tweets post paper document release
    survey analysis letter filing lawsuit poll research email review audit decision ruling data
    submission brief affidavit transcript notice announcement website blog op-ed editorial database
    message bulletin newsletter numbers figures statistics estimates projections forecast poem"""
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
    protester demonstrator patient donor fan voter worker employee incumbent challenger nominee
    people staff friend family relative neighbour neighbor colleague public official observer expert"""
)

# Verbs that give a speaker a position ("was named the party's candidate", "was elected mayor").
APPOINTING_VERBS = _words("named appointed elected chosen selected hired promoted nominated made acclaimed")
APPOINTMENT_NOUNS = _words("appointment nomination election selection promotion naming hiring choice")

# Nouns for someone by their tie to another ("his closest associate", "a close ally of X").
RELATION_NOUNS_FOR_PEOPLE = _words("associate ally aide confidant partner colleague rival opponent successor predecessor deputy")

# What someone is to others rather than their work: a role only where the article gives no other.
PERSONAL_TIES = RELATION_NOUNS_FOR_PEOPLE | _words(
    """friend boyfriend girlfriend wife husband mother father son daughter brother sister widow widower
    parent relative neighbour neighbor"""
)

# Every word the lists above know as a person, and "person" (WordNet files it at the top of its
# tree, not among people); beyond them, WordNet's person nouns (`wordnet.py`).
PERSON_WORDS = (TITLE_WORDS | PERSON_NOUNS | TEAM_ROLES | SPOKESPERSON_TITLES | CONSTITUENCY_TITLES
                | TERRITORIAL_TITLES | PERSONAL_TIES | FEMALE_NOUNS | MALE_NOUNS | _words("person"))

# Agencies that credit photos; a line opening with one ("Jane Roe / The Canadian Press Mayor X
# speaks ...") is a caption, whose words before a name are no title.
PHOTO_CREDIT = re.compile(
    r"[ \t]*(?:[^\n/()]{1,60}/[ \t]*)?(?:the[ \t]+)?(?:canadian[ \t]+press|associated[ \t]+press|ap[ \t]+photo|"
    r"getty[ \t]+images|reuters|afp|bloomberg|postmedia|shutterstock|epa|cp[ \t]+photo|ap)\b",
    re.IGNORECASE,
)

# Relational descriptors that are roles only when nothing professional is stated.
RELATION_NOUNS = _words("one part member first last result example whole way reminder matter")


# --- reporting verbs and statement words ------------------------------------------------

_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
    "swear": ("swears", "swore", "sworn", "swearing"),
    "think": ("thinks", "thought", "thinking"),
    "find": ("finds", "found", "finding"),
    "forecast": ("forecasts", "forecast", "forecasted", "forecasting"),
    "foresee": ("foresees", "foresaw", "foreseen", "foreseeing"),
    "know": ("knows", "knew", "known", "knowing"),
    "feel": ("feels", "felt", "feeling"),
    "bet": ("bets", "bet", "betting"),
    "sing": ("sings", "sang", "sung", "singing"),
    "echo": ("echoes", "echoed", "echoing"),
    "read": ("reads", "read", "reading"),
    "begin": ("begins", "began", "begun", "beginning"),
    "go": ("goes", "went", "gone", "going"),
    "forewarn": ("forewarns", "forewarned", "forewarning"),
}

_SPEECH = """
acknowledge add admit advise affirm agree allege announce answer apologize apologise
argue ask assert assure attest aver avow badger bark beg bellow blurt boast brag
caution chant chide chime cite claim clarify comment complain concede conclude
concur confess confide confirm contend continue counter cry declare demand deny
disclose dispute echo emphasize emphasise exclaim explain gripe groan grumble grunt
guarantee hint implore inform insist instruct interject interrupt joke lament
maintain mention moan mumble murmur muse mutter nag narrate note notify observe
opine plead pledge point predict proclaim profess promise pronounce propose protest
quip rage rant reaffirm reassure rebut recall recount refute reiterate rejoin relate
remark remind repeat reply report respond retort reveal roar rule say scoff scold scream
shout shriek sigh snap snarl sneer sob speak specify stammer state stress stutter
summarize summarise swear tease tell testify thunder tweet underline underscore urge
utter venture vow wail warn whisper write yell
"""

_CLAUSE = """
accuse address anticipate applaud assume attack believe bet blame blast brand
calculate call caution chant charge commend conclude condemn congratulate conjecture
consider criticise criticize decry defend denounce deride describe detail dismiss
doubt dub encourage envision estimate expect express fear feel figure find forecast
foresee forewarn gather guess hail highlight hope hypothesize imagine indicate infer
insinuate insult intend know label lambaste lash laud learn marvel mock mourn
nickname object order pan post praise project query question rail realise realize
reckon recognise recognize reflect reject request ridicule signal slam
speculate suggest suppose suspect term text theorize think tout understand vent
welcome wonder worry
"""


def inflections(verb: str) -> tuple[str, ...]:
    """The verb and its -s, -ed and -ing forms (regular spelling rules, irregulars by table)."""
    if verb in _IRREGULAR:
        return (verb, *_IRREGULAR[verb])
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        stem = verb[:-1]
        return verb, verb + "s", verb + "d", stem + "ing"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return verb, verb + "es", verb + "ed", verb + "ing"
    if len(verb) > 2 and verb[-1] in "pbtgdmn" and verb[-2] in "aeiou" and verb[-3] not in "aeiou" and verb in _DOUBLING:
        return verb, verb + "s", verb + verb[-1] + "ed", verb + verb[-1] + "ing"
    return verb, verb + "s", verb + "ed", verb + "ing"


_DOUBLING = frozenset("snap rebut chat sob nag quip stop plan admit commit regret rip".split())


def _forms(words: str) -> frozenset[str]:
    return frozenset(form for verb in words.split() for form in inflections(verb))


SPEECH_VERBS = _forms(_SPEECH)
CLAUSE_VERBS = _forms(_CLAUSE) - SPEECH_VERBS
REPORTING_VERBS = SPEECH_VERBS | CLAUSE_VERBS

# Verbs that characterize or cite rather than report ('likened the rules to "..."',
# 'rated the claim as "false"', 'had typed "..."'): they attribute only the quoted
# words inside their complement (a mixed quote), never a clause by themselves.
_CHARACTERIZING = """
brand caricature characterize characterise compare deem dub hail liken rate refer
reference rip sing text type
"""
CHARACTERIZING_VERBS = _forms(_CHARACTERIZING) - REPORTING_VERBS

# Verbs that name something by the speaker's words ('called it a stopgap fix'): the
# words given as the object's predicate are the speaker's, marked or not.
CALLING_VERBS = _forms("call dub label term brand nickname")

# Verbs whose passive subject is the one described, not a speaker ('He was described as "ruthless"').
DESCRIBING_VERBS = CALLING_VERBS | _forms("describe characterize characterise portray hail")

# Nouns for what someone said: with an author ("Trump's claim that ...", "made the
# following comment: ...") they attribute the words they introduce.
STATEMENT_NOUNS = frozenset(
    """claim claims statement statements comment comments remark remarks message messages
    assertion assertions promise promises pledge warning warnings headline words quote
    tweet tweets response reply answer argument accusation allegation allegations charge
    insistence vow slogan letter poem note release post memo email""".split()
)

# Verbs that present a text's words when a statement noun is their subject ('"...," her
# statement read', 'the letter begins').
TEXT_VERBS = frozenset(f for verb in ("read", "begin", "end", "go", "continue", "conclude") for f in inflections(verb))

# Phrases whose object is the source: "according to X", "in the words of X".
SOURCE_PREPOSITIONS = frozenset({"according"})


def _gendered(male: frozenset[str], female: frozenset[str]) -> dict[str, str]:
    return {**dict.fromkeys(male, "male"), **dict.fromkeys(female, "female")}


# The gender a word says of the person it names or addresses (the lists above share no word).
HONORIFIC_GENDER = _gendered(MALE_HONORIFICS, FEMALE_HONORIFICS)  # "Mrs. Reyes"
ADDRESS_GENDER = _gendered(MALE_ADDRESS, FEMALE_ADDRESS)  # also "Lord Falconer", "Lady Reyes"
GENDERED_NOUNS = _gendered(MALE_NOUNS, FEMALE_NOUNS)  # "the woman", "spokesman"
PRONOUN_GENDER = _gendered(MALE_PRONOUNS, FEMALE_PRONOUNS)
FIRST_NAME_GENDER = _gendered(MALE_FIRST_NAMES, FEMALE_FIRST_NAMES)  # common first names only
