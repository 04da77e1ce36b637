"""Stage 6: the role and organization the article gives each speaker.

The article model holds every description stated around the speaker's mentions
(`descriptions.py`: titles, appositives, relative clauses, predicates, a nominal's
own words). The role is the first stated, a job before a personal tie, a current one
before a former one; the organization comes with it, else from another description,
else for office holders the government the article names and for employer titles the
organization the article is about. Nothing stated: None.
"""
from __future__ import annotations

from .article import Article, StatedDescription
from .descriptors import Description
from .grammar import name_part, strip_article
from .lexicon import (
    CABINET_ROLE,
    EMPLOYED_TITLES,
    PARTY_WORDS,
    PERSONAL_TIES,
    SPOKESPERSON_TITLES,
    key,
)
from .organizations import (
    fullest_organization,
    government_named,
    organization_in_sentence,
)
from .types import Entity

_LEFT = ("former", "ex-", "retired")  # roles the speaker no longer holds, nor their organization
_PAST = (*_LEFT, "then")  # roles that may no longer hold
# "President Ortiz" with no body stated leads a country, not the company the article is about
_HEADS_OF_STATE = frozenset({"President", "Vice President"})
_OPPOSITION = ("shadow",)  # a shadow minister speaks for the opposition, not the government


def describe(article: Article, entity: Entity) -> Description:
    """Role and organization of one speaker, as the article states them."""
    if entity.kind == "organization" or entity.kind == "group" and _names_party(entity.name):
        return None, strip_article(entity.name)
    doc = article.doc
    mentions = entity.mentions
    found = [(d.role, d.organization) for d in article.descriptions(entity.key) if _states_role(entity, d)]
    role, org = _first_stated(found)
    if org is None and role is not None and CABINET_ROLE.search(role) and not role.lower().startswith(_OPPOSITION):
        org = government_named(doc, mentions[0].start)
    org = org or next((d[1] for d in found if d[1] and not _starts_with(d, _LEFT)), None)
    if org is None and role is not None and key(role.split()[-1]) in SPOKESPERSON_TITLES:
        org = organization_in_sentence(mentions[0])
    if org is None and role is not None and key(role.split()[-1]) in EMPLOYED_TITLES and role not in _HEADS_OF_STATE:
        org = article.main_organization
    return role, fullest_organization(doc, org)


def _names_party(name: str) -> bool:
    """A group called by a party's name ("the Liberals", "The Greens") is an organization speaking."""
    words = strip_article(name).split()
    return len(words) == 1 and key(words[0]) in PARTY_WORDS and words[0][:1].isupper()


def _states_role(entity: Entity, description: StatedDescription) -> bool:
    """A group's own words are a role only beside an organization ("Bloomberg Intelligence analysts",
    not "some voters"); what the article says about named people always is."""
    return entity.kind != "group" or description.organization is not None or name_part(description.mention) is not None


def _first_stated(found: list[Description]) -> Description:
    """The first role stated, a professional one before a personal tie ("ex-finance chief" before "his
    closest associate"), a current one before a former one, with its organization."""
    stated = [d for d in found if d[0]]
    stated = [d for d in stated if key(d[0].split()[-1]) not in PERSONAL_TIES] or stated
    current = [d for d in stated if not _starts_with(d, _PAST)]
    employed = [d for d in current if d[1]]
    return (employed or current or stated or [(None, None)])[0]


def _starts_with(description: Description, qualifiers: tuple[str, ...]) -> bool:
    return (description[0] or "").lower().startswith(qualifiers)


