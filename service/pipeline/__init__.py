"""Quote extraction: text -> normalize -> Doc -> candidates -> article model -> attribution -> speakers
-> roles -> gender."""
from .document import ModelNotFound, load_nlp
from .extractor import Extractor
from .types import Extraction, QuoteResult, SpeakerResult, TextSpan

__all__ = ["Extractor", "Extraction", "ModelNotFound", "QuoteResult", "SpeakerResult", "TextSpan", "load_nlp"]
