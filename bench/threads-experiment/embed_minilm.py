import json, sys, numpy as np, torch, time
torch.set_num_threads(2)
from sentence_transformers import SentenceTransformer
m = SentenceTransformer('/work/main/models/all-MiniLM-L6-v2', device='cpu')
m.max_seq_length = 256
src = sys.argv[1]
texts = [json.loads(l)['text'] for l in open(src)]
t = time.time()
v = m.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True)
np.asarray(v, dtype='<f4').tofile(src + '.f32')
print(len(texts), v.shape, time.time()-t)
