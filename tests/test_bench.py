"""The benchmark's fixed parts: its corpus, its statistics, and how it finds the batch endpoint.

No timing is asserted here: `make bench` measures and prints, it never passes or fails on speed.
"""
from __future__ import annotations

from bench import corpus
from bench.http import batch_field
from bench.stats import percentile


def test_corpus_is_the_same_every_run_and_is_news_with_quotes():
    first, again = corpus.generated(20), corpus.generated(20)
    assert [a.text for a in first] == [a.text for a in again]
    assert len({a.text for a in first}) == 20
    assert all("\u201c" in a.text and "\n\n" in a.text and a.words > 100 for a in first)
    assert corpus.typical(first) and all(a.source == "generated" for a in corpus.typical(first))


def test_varied_texts_bring_new_names_every_time():
    texts = corpus.varied_texts(50)
    assert len(set(texts)) == 50
    assert corpus.varied_texts(50) == texts


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert (percentile(values, 50), percentile(values, 99), percentile(values, 100)) == (50, 99, 100)
    assert percentile([], 50) is None and percentile([7.0], 99) == 7.0


def test_batch_field_is_read_from_the_openapi_document(client):
    openapi = client.get("/openapi.json").get_json()
    assert batch_field(openapi, "/v1/quotes/batch") == "articles"
    assert batch_field(openapi, "/v1/no-such-endpoint") is None
