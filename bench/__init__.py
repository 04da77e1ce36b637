"""`make bench`: how close the service runs to the speed of the spaCy model it uses.

Measured in one run on one machine over one fixed corpus (see `bench.corpus`):
(a) the floor, the full spaCy pipeline with `nlp.pipe`; (b) the extractor in-process;
(c) the service over HTTP under gunicorn with concurrent locust clients; plus tail
latency at 70% of peak, memory per worker and over many requests, and cost versus
length. Prints everything and writes it as JSON under artifacts/.
"""
