/* strbuf.c: growable string buffer and config parsing, no marked lines (false-positive check). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct strbuf {
    char *data;
    size_t len;
    size_t cap;
};

static int strbuf_grow(struct strbuf *sb, size_t extra)
{
    if (extra > SIZE_MAX - sb->len - 1)
        return -1;
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap)
        return 0;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(sb->data, cap);
    if (!p)
        return -1;
    sb->data = p;
    sb->cap = cap;
    return 0;
}

int strbuf_append(struct strbuf *sb, const char *s, size_t n)
{
    if (strbuf_grow(sb, n) != 0)
        return -1;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
    return 0;
}

int strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || strbuf_grow(sb, (size_t)n) != 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
    return n;
}

void strbuf_free(struct strbuf *sb)
{
    free(sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

struct entry {
    char key[32];
    char value[128];
};

static int parse_line(const char *line, struct entry *out)
{
    const char *eq = strchr(line, '=');
    if (!eq)
        return -1;
    size_t klen = (size_t)(eq - line);
    if (klen == 0 || klen >= sizeof(out->key))
        return -1;
    memcpy(out->key, line, klen);
    out->key[klen] = '\0';
    snprintf(out->value, sizeof(out->value), "%s", eq + 1);
    out->value[strcspn(out->value, "\r\n")] = '\0';
    return 0;
}

struct entry *load_config(const char *path, size_t *count)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return NULL;
    struct entry *entries = calloc(64, sizeof(*entries));
    char line[256];
    size_t n = 0;
    while (entries && n < 64 && fgets(line, sizeof(line), fp)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (parse_line(line, &entries[n]) == 0)
            n++;
    }
    fclose(fp);
    *count = n;
    return entries;
}

long parse_long(const char *s, long min, long max)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max) {
        fprintf(stderr, "invalid number: %s\n", s);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    int opt;
    long workers = 4;
    const char *config = "/etc/strbuf-demo.conf";
    while ((opt = getopt(argc, argv, "c:w:")) != -1) {
        switch (opt) {
        case 'c': config = optarg; break;
        case 'w': workers = parse_long(optarg, 1, 64); break;
        default:
            fprintf(stderr, "usage: %s [-c config] [-w workers]\n", argv[0]);
            return 2;
        }
    }
    size_t count = 0;
    struct entry *entries = load_config(config, &count);
    struct strbuf sb = {0};
    for (size_t i = 0; i < count; i++)
        strbuf_printf(&sb, "%s=%s\n", entries[i].key, entries[i].value);
    printf("%s", sb.data ? sb.data : "");
    printf("%ld workers\n", workers);
    strbuf_free(&sb);
    free(entries);
    return 0;
}
