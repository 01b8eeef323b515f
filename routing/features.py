"""Features of the tier classifier, defined once here and mirrored exactly by Swift's TierFeatures.

Text: word unigrams and bigrams of the last user message (lowercased; a word is a run of letters or
digits), hashed with 32-bit FNV-1a into BUCKETS slots, log(1 + count), L2-normalised. The text is capped to
its first and last HALF_CAP characters, so a long paste costs no more than a short one.
Dense: a handful of size and shape signals, each scaled to roughly 0..1.
"""

import math

BUCKETS = 4096
HALF_CAP = 2000
DENSE = ["chars", "words", "lines", "code", "math", "question_marks", "digits"]


def fnv1a(text):
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value ^= byte
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


def words(text):
    """Lowercased runs of letters or digits."""
    out, current = [], []
    for ch in text.lower():
        if ch.isalpha() or ch.isdigit():
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def capped(text):
    return text if len(text) <= 2 * HALF_CAP else text[:HALF_CAP] + " " + text[-HALF_CAP:]


def hashed(text):
    counts = {}
    tokens = words(capped(text))
    grams = tokens + [a + " " + b for a, b in zip(tokens, tokens[1:])]
    for gram in grams:
        index = fnv1a(gram) % BUCKETS
        counts[index] = counts.get(index, 0) + 1
    weights = {i: math.log1p(c) for i, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {i: w / norm for i, w in weights.items()}


def dense(text):
    chars = len(text)
    tokens = words(text)
    return [
        min(1.0, math.log1p(chars) / 10),
        min(1.0, math.log1p(len(tokens)) / 8),
        min(1.0, text.count("\n") / 50),
        1.0 if "```" in text or any(m in text for m in ("def ", "func ", "class ", "return ", "#include", "=>", "();")) else 0.0,
        min(1.0, sum(text.count(c) for c in "=^∑∫√+*/<>") / 10),
        min(1.0, text.count("?") / 3),
        min(1.0, sum(ch.isdigit() for ch in text) / 20),
    ]
