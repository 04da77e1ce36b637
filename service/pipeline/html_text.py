"""Text in: turn an article's HTML into the plain text the extractor reads.

Paragraph structure matters to attribution (a quote never spans paragraphs), so
block elements become paragraphs separated by a blank line; markup that is not
article prose (scripts, navigation, asides, figures and their captions, forms)
is dropped. Entities are decoded by the HTML parser (Lexbor, via selectolax).
"""
from __future__ import annotations

import os
import re
import resource
import signal
import traceback
from typing import NoReturn

import psutil
from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

PARAGRAPH_BREAK = "\n\n"

BLOCK_TAGS = frozenset(
    """p h1 h2 h3 h4 h5 h6 li blockquote div section article main dd dt pre
    table tr td th caption ul ol dl address hr center""".split()
)
SKIPPED_TAGS = frozenset(
    """head script style noscript template nav aside figure figcaption header footer
    form button input select textarea label iframe object embed svg canvas video
    audio picture img map menu dialog -comment""".split()
)
_BLANKS = re.compile(r"[ \t\n\r\f\v]+")

MAX_HTML_CHARS = 8 * 1024 * 1024
MAX_TAGS = 50_000
MAX_ATTRIBUTES = 256
MAX_NESTING = 512
MAX_SELECT_ELEMENTS = 2_000  # Lexbor 1.0 is quadratic (cubic with text) in a select's content
PARSE_CPU_SECONDS = 2  # the child's hard limit (RLIMIT_CPU: whole seconds)
PARSE_MEMORY_BYTES = 1 << 30  # the child's address space beyond what it inherits
# Shorter HTML is parsed in-process: the worst shapes measured at this size (formatting
# elements reopened in every paragraph, a select's options) cost under 20 ms of CPU.
IN_PROCESS_CHARS = 4096
_GAVE_UP = 3  # the child's exit status when the parser ran out of its memory


class HTMLTooComplex(ValueError):
    """HTML no article has (too long, too many tags or attributes, too deep), or that the
    parser could not turn into text within its CPU and memory limits."""


# The names schemas/quotes.py validates with.
HTMLTooDeep = HTMLTooComplex


# A start or end tag as the tokenizer reads it in text: name, then attributes up to `>`
# (quoted values may hold `>`).
_TAG = re.compile(r"""<(/?)([A-Za-z][^\t\n\f\r />]*)((?:[^>"']+|"[^"]*"|'[^']*')*)""")
_ATTRIBUTE = re.compile(
    r"""[^\t\n\f\r />][^\t\n\f\r />=]*(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"[^"]*"|'[^']*'|[^\t\n\f\r >]*))?"""
)

# Element categories of the HTML tree-building rules (WHATWG HTML, "parsing HTML documents").
_VOID = frozenset(
    "area base basefont bgsound br col embed hr img image input keygen link meta param source track wbr".split()
)
_IGNORED_IN_BODY = frozenset("html head body frame".split())  # merged into the existing ones or dropped
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_SPECIAL = frozenset(
    """address applet area article aside base basefont bgsound blockquote body br button caption center
    col colgroup dd details dir div dl dt embed fieldset figcaption figure footer form frame frameset
    h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li link listing main marquee menu
    meta nav noembed noframes noscript object ol p param plaintext pre script search section select source
    style summary table tbody td template textarea tfoot th thead title tr track ul wbr xmp""".split()
)
_SCOPE = frozenset("applet caption html table td th marquee object template".split())
_CLOSES_P = _HEADINGS | frozenset(
    """address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer
    form header hgroup hr li dd dt listing main menu nav ol p plaintext pre search section summary ul xmp""".split()
)
_IMPLIED_END = frozenset("dd dt li optgroup option p rb rp rt rtc".split())
_FOREIGN_ROOTS = frozenset(["svg", "math"])
_INTEGRATION_POINTS = frozenset("foreignobject desc title mi mo mn ms mtext annotation-xml".split())
# HTML start tags that end SVG or MathML content (the parser pops back to HTML first).
_BREAKOUTS = _HEADINGS | frozenset(
    """b big blockquote body br center code dd div dl dt em embed head hr i img li listing menu meta nobr
    ol p pre ruby s small span strong strike sub sup table tt u ul var""".split()
)
_CELLS = ("td", "th")
_TABLE_SECTIONS = ("tbody", "thead", "tfoot")
_TABLE_PARTS = frozenset(("caption", "colgroup", "tr", *_TABLE_SECTIONS, *_CELLS))

# Boundaries of the "in scope" checks, by the element a check looks for.
_BOUNDARIES = {
    "scope": _SCOPE,
    "button": _SCOPE | {"button"},
    "list": _SCOPE | {"ol", "ul"},
    "table": frozenset("html table template".split()),
    "special": _SPECIAL,
    "list-walk": _SPECIAL - {"address", "div", "p"},  # where the search for an open li/dd/dt stops
}
_BOUNDARY_KINDS = {
    name: tuple(kind for kind, members in _BOUNDARIES.items() if name in members)
    for name in frozenset().union(*_BOUNDARIES.values())
}


class _OpenElements:
    """The parser's stack of open elements, approximated with O(1) amortized steps.

    Beside the names, it keeps each name's open positions and, per kind of boundary,
    the positions of the open boundary elements, so "is X in scope" is a comparison
    of two positions, not a walk down the stack.
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self.positions: dict[str, list[int]] = {}
        self.boundaries: dict[str, list[int]] = {kind: [] for kind in _BOUNDARIES}
        self.foreign: list[bool] = []  # per open element: SVG or MathML, where nothing closes implicitly
        self.in_select = 0  # start tags seen inside a select

    def push(self, name: str, foreign: bool = False) -> None:
        index = len(self.names)
        self.names.append(name)
        self.foreign.append(foreign)
        self.positions.setdefault(name, []).append(index)
        for kind in _BOUNDARY_KINDS.get(name, ()):
            self.boundaries[kind].append(index)

    def pop_through(self, index: int) -> None:
        while len(self.names) > index:
            name = self.names.pop()
            self.foreign.pop()
            self.positions[name].pop()
            for kind in _BOUNDARY_KINDS.get(name, ()):
                self.boundaries[kind].pop()

    def top(self, *names: str) -> int:
        """The highest position of any of `names`, or -1."""
        highest = -1
        for name in names:
            open_at = self.positions.get(name)
            if open_at and open_at[-1] > highest:
                highest = open_at[-1]
        return highest

    def in_scope(self, kind: str, *names: str) -> int:
        """The highest position of any of `names` with no `kind` boundary above it, or -1."""
        index = self.top(*names)
        boundaries = self.boundaries[kind]
        return index if index >= 0 and (not boundaries or boundaries[-1] <= index) else -1

    def close(self, kind: str, *names: str) -> None:
        index = self.in_scope(kind, *names)
        if index >= 0:
            self.pop_through(index)

    def pop(self) -> None:
        self.pop_through(len(self.names) - 1)

    def current(self) -> str | None:
        return self.names[-1] if self.names else None

    def in_foreign_content(self) -> bool:
        return bool(self.foreign) and self.foreign[-1] and self.names[-1] not in _INTEGRATION_POINTS

    def start(self, name: str, self_closing: bool) -> None:
        """A start tag: close what the parser closes implicitly, then open the element."""
        if name in _IGNORED_IN_BODY:
            return
        self.in_select += bool(self.positions.get("select"))
        if self.in_foreign_content():
            if name not in _BREAKOUTS:
                if not self_closing:
                    self.push(name, foreign=True)
                return
            while self.in_foreign_content():
                self.pop()
        if name in ("li", "dd", "dt"):
            self.close("list-walk", *(("li",) if name == "li" else ("dd", "dt")))
        if name in _CLOSES_P:
            self.close("button", "p")
        if name in _HEADINGS and self.current() in _HEADINGS:
            self.pop()
        elif name in ("option", "optgroup") and self.current() == "option":
            self.pop()
        elif name in ("rb", "rtc", "rp", "rt") and self.in_scope("scope", "ruby") >= 0:
            implied = _IMPLIED_END if name in ("rb", "rtc") else _IMPLIED_END - {"rtc"}
            while self.current() in implied:
                self.pop()
        elif name in _TABLE_PARTS:
            if self.top("table") < 0:
                return  # outside a table the parser drops them
            self._open_table_part(name)
            return
        elif name == "button":
            self.close("scope", name)
        elif name in ("a", "nobr"):  # across a special element the parser reparents instead
            self.close("special", name)
        if name not in _VOID:
            self.push(name, foreign=name in _FOREIGN_ROOTS)

    def _open_table_part(self, name: str) -> None:
        """A cell ends the open cell, a row the open row, a section or caption the open section;
        a row outside a section, and a cell outside a row, get the ones the parser implies."""
        self.close("table", *_CELLS)
        if name not in _CELLS:
            self.close("table", "tr")
            if name != "tr":
                self.close("table", *_TABLE_SECTIONS)
        if name == "tr" or name in _CELLS:
            if self.in_scope("table", *_TABLE_SECTIONS) < 0:
                self.push("tbody")
            if name in _CELLS and self.in_scope("table", "tr") < 0:
                self.push("tr")
        self.push(name)

    def end(self, name: str) -> None:
        """An end tag: pop through the element it closes, or nothing when the parser ignores it."""
        if name == "form":
            return  # the parser takes the form element out of the stack, leaving what it holds open
        if name == "p":
            self.close("button", "p")
        elif name == "li":
            self.close("list", "li")
        elif name in _HEADINGS:
            self.close("scope", *_HEADINGS)
        elif name in _SPECIAL:
            self.close("table" if name in _TABLE_PARTS or name == "table" else "scope", name)
        else:
            self.close("special", name)


def check_html(html: str) -> None:
    """Refuse, in one linear pass, HTML that would make the parser superlinear.

    Caps the length, the tag count, the attributes of any one tag (the parser's
    duplicate-attribute check is quadratic), the elements inside select lists, and
    the nesting depth, counted the way the parser nests: elements it closes
    implicitly close here too, the ones it nests (`<rt>` outside `<ruby>`, anything
    in SVG) count, rows and cells bring the sections and rows it implies, and end
    tags it ignores (`</x>` with nothing to close, `</span>` across a `<div>`) change
    nothing. Formatting elements it reopens in later paragraphs are not modelled:
    this is the cheap first line, and `html_to_text`'s child process the hard bound.
    """
    if len(html) > MAX_HTML_CHARS:
        raise HTMLTooComplex(f"HTML longer than {MAX_HTML_CHARS:,} characters.")
    stack = _OpenElements()
    shortest_over_cap = 2 * MAX_ATTRIBUTES - 1  # each attribute takes a name character and a separator
    for count, tag in enumerate(_TAG.finditer(html), start=1):
        if count > MAX_TAGS:
            raise HTMLTooComplex(f"HTML with more than {MAX_TAGS:,} tags.")
        closing, name, attributes = tag.groups()
        if len(attributes) >= shortest_over_cap and len(_ATTRIBUTE.findall(attributes)) > MAX_ATTRIBUTES:
            raise HTMLTooComplex(f"An HTML tag with more than {MAX_ATTRIBUTES} attributes.")
        name = name.lower()
        if closing:
            stack.end(name)
            continue
        stack.start(name, self_closing=attributes.endswith("/"))
        if len(stack.names) > MAX_NESTING:
            raise HTMLTooComplex(f"HTML elements nest more than {MAX_NESTING} deep.")
        if stack.in_select > MAX_SELECT_ELEMENTS:
            raise HTMLTooComplex(f"HTML with more than {MAX_SELECT_ELEMENTS:,} elements in select lists.")


check_nesting = check_html


_QUOTE_EDGES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e "
_CITE_LEAD = "\u2014\u2013-~ "


def attributed_quote(words: str, source: str) -> str:
    """A pull quote and its source as one paragraph the extractor attributes: `\u201c...\u201d \u2014 Source`."""
    return f"\u201c{words.strip().strip(_QUOTE_EDGES)}\u201d \u2014 {source.strip().strip(_CITE_LEAD)}"


def _cited_quote(blockquote: LexborNode) -> str | None:
    """A blockquote with its source in a `<cite>` (a pull quote, in WordPress's and most CMSs'
    markup) as one paragraph the extractor attributes: `\u201c...\u201d \u2014 Source`."""
    cites = blockquote.css("cite")
    if not cites:
        return None
    source = _BLANKS.sub(" ", " ".join(c.text(deep=True) for c in cites)).strip(_CITE_LEAD)
    for cite in cites:
        cite.decompose()
    words = _BLANKS.sub(" ", blockquote.text(deep=True, separator=" ")).strip().strip(_QUOTE_EDGES)
    return attributed_quote(words, source) if words and source else None


def html_to_text(html: str) -> str:
    """Plain text of `html`: one paragraph per block element, blank-line separated.

    Raises HTMLTooComplex for HTML no article has, in time linear in its length:
    `check_html` refuses the known shapes at once, and longer HTML is parsed in a
    child process that the kernel stops after PARSE_CPU_SECONDS of CPU, whatever
    the parser does (Lexbor 1.0 is also superlinear in a `<select>`'s content, which
    no depth or count catches).
    """
    check_html(html)
    if len(html) <= IN_PROCESS_CHARS:
        return _convert(html)
    return _convert_in_child(html)


def _convert_in_child(html: str) -> str:
    """`_convert(html)` in a forked child with hard CPU and memory limits."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        _run_child(html, read_end, write_end)
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            output = pipe.read()
        _, status = os.waitpid(pid, 0)
        pid = 0
    finally:
        if pid:  # interrupted (the request's deadline): the child must not outlive it
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return output.decode("utf-8", "surrogatepass")
    if os.WIFSIGNALED(status) or os.WEXITSTATUS(status) == _GAVE_UP:
        raise HTMLTooComplex(
            f"HTML the parser cannot turn into text within {PARSE_CPU_SECONDS} s of CPU and "
            f"{PARSE_MEMORY_BYTES >> 20} MiB of memory."
        )
    raise RuntimeError(f"HTML conversion failed in its child process (exit status {os.WEXITSTATUS(status)})")


def _run_child(html: str, read_end: int, write_end: int) -> NoReturn:
    """The forked child: limit itself, convert, write the text, and exit without cleanup."""
    code = 0
    try:
        os.close(read_end)
        resource.setrlimit(resource.RLIMIT_CPU, (PARSE_CPU_SECONDS, PARSE_CPU_SECONDS + 1))
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        ceiling = psutil.Process().memory_info().vms + PARSE_MEMORY_BYTES
        resource.setrlimit(resource.RLIMIT_AS, (ceiling if hard == resource.RLIM_INFINITY else min(ceiling, hard), hard))
        text = _convert(html)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(text.encode("utf-8", "surrogatepass"))
    except (MemoryError, HTMLTooComplex):
        code = _GAVE_UP
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)


def _convert(html: str) -> str:
    """The tree walk: paragraphs from block elements, non-content dropped."""
    try:
        root = LexborHTMLParser(html).root
    except SelectolaxError:  # Lexbor gave up: out of (the child's) memory
        raise HTMLTooComplex("HTML the parser cannot read.") from None
    if root is None:
        return ""
    paragraphs: list[str] = []
    current: list[str] = []

    def close_paragraph() -> None:
        text = _BLANKS.sub(" ", "".join(current)).strip()
        if text:
            paragraphs.append(text)
        current.clear()

    # An explicit stack, not recursion: hostile pages nest elements many thousands deep.
    stack: list[LexborNode | None] = [root]
    while stack:
        node = stack.pop()
        if node is None:  # the end of a block element
            close_paragraph()
            continue
        tag = node.tag
        if tag == "-text":
            current.append(node.text(deep=False))
            continue
        if tag == "br":
            close_paragraph()
            continue
        if tag == "blockquote" and (quote := _cited_quote(node)):
            close_paragraph()
            paragraphs.append(quote)
            continue
        if tag in SKIPPED_TAGS and not (tag == "figure" and node.css_first("blockquote") is not None):
            continue
        if tag in BLOCK_TAGS:
            close_paragraph()
            stack.append(None)
        stack.extend(reversed(list(node.iter(include_text=True))))
    close_paragraph()
    return PARAGRAPH_BREAK.join(paragraphs)
