"""Quote extraction: text -> normalize -> Doc -> candidates -> attribution -> speakers -> roles."""
from .document import ModelNotFound, load_nlp
from .extractor import Extractor
from .types import Extraction, QuoteResult, SpeakerResult, TextSpan

__all__ = ["Extractor", "Extraction", "ModelNotFound", "QuoteResult", "SpeakerResult", "TextSpan", "load_nlp"]
