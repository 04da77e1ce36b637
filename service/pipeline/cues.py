"""Reporting verbs: the words that introduce speech.

Matching is on `token.lower_` against every inflected form, so the lexicon works
with the lemmatizer disabled. The verbs follow the Gender Gap Tracker's list of
about 260 quote verbs (sfu-discourse-lab/GenderGapTracker), grouped by how
strongly they signal speech: `SPEECH_VERBS` introduce a quote wherever they
appear; `CLAUSE_VERBS` (think, suggest, estimate, find ...) as often report
thoughts, findings or descriptions, so they count only when the clause they
report quotes someone's words (a mixed quote), and never attribute a direct
quote by proximity. The split was checked on the dev sets' false positives.
"""
from __future__ import annotations

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
NAMING_VERBS = _forms("call dub label term brand nickname")

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
