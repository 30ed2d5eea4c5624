/* netutil.c: small request parser and helpers for the config daemon. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <openssl/md5.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#define NAME_MAX_LEN 64
#define LINE_LEN 256

struct request {
    char method[8];
    char path[128];
    char user[NAME_MAX_LEN];
};

int parse_request(const char *line, struct request *req)
{
    char buf[64];
    strcpy(buf, line); /* hookagent-expect: CWE-121 */
    if (sscanf(buf, "%s %s", req->method, req->path) != 2) /* hookagent-expect: CWE-120 */
        return -1;
    return 0;
}

int parse_request_safe(const char *line, struct request *req)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "%s", line);
    if (sscanf(buf, "%7s %127s", req->method, req->path) != 2)
        return -1;
    return 0;
}

void greet(const char *name)
{
    char message[32];
    sprintf(message, "Hello, %s!", name); /* hookagent-expect: CWE-121 */
    puts(message);
}

void set_user(struct request *req, const char *name)
{
    strncpy(req->user, name, sizeof(req->user) - 1);
    req->user[sizeof(req->user) - 1] = '\0';
}

void append_suffix(char *dst, const char *suffix)
{
    strcat(dst, suffix); /* hookagent-expect: CWE-120 */
}

void log_message(const char *user_msg)
{
    printf(user_msg); /* hookagent-expect: CWE-134 */
    fprintf(stderr, "%s\n", user_msg);
}

void log_to(FILE *fp, const char *user_msg)
{
    fprintf(fp, user_msg); /* hookagent-expect: CWE-134 */
}

int *read_table(int fd)
{
    int count;
    if (read(fd, &count, sizeof(count)) != sizeof(count))
        return NULL;
    int *table = malloc(count * sizeof(int)); /* hookagent-expect: CWE-680 */
    if (table == NULL)
        return NULL;
    read(fd, table, count * sizeof(int));
    return table;
}

int *read_table_safe(int fd)
{
    size_t count;
    if (read(fd, &count, sizeof(count)) != sizeof(count) || count > 4096)
        return NULL;
    return calloc(count, sizeof(int));
}

char *copy_records(const char *src, size_t n, size_t record_size)
{
    char *out = (char *)malloc(n * record_size); /* hookagent-expect: CWE-680 */
    if (!out)
        return NULL;
    memcpy(out, src, n * record_size);
    return out;
}

void run_backup(const char *dir)
{
    char cmd[LINE_LEN];
    snprintf(cmd, sizeof(cmd), "tar czf /var/backups/cfg.tgz %s", dir);
    system(cmd); /* hookagent-expect: CWE-78 */
}

void read_name(void)
{
    char name[NAME_MAX_LEN];
    gets(name); /* hookagent-expect: CWE-242 */
    printf("%s\n", name);
}

void read_name_safe(void)
{
    char name[NAME_MAX_LEN];
    if (fgets(name, sizeof(name), stdin) != NULL)
        printf("%s", name);
}

unsigned int session_token(void)
{
    srand(time(NULL)); /* hookagent-expect: CWE-330 */
    return rand(); /* hookagent-expect: CWE-338 */
}

void write_state(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT, 0666); /* hookagent-expect: CWE-732 */
    close(fd);
    chmod("/var/lib/cfgd/state", 0777); /* hookagent-expect: CWE-732 */
}

char *temp_path(void)
{
    return tmpnam(NULL); /* hookagent-expect: CWE-377 */
}

void digest(const unsigned char *data, size_t len, unsigned char out[MD5_DIGEST_LENGTH])
{
    MD5(data, len, out); /* hookagent-expect: CWE-328 */
}

void no_verify(SSL_CTX *ctx)
{
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL); /* hookagent-expect: CWE-295 */
}

int file_len(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    return (int)st.st_size;
}
