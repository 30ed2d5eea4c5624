/* cli.c: command-line front end of the backup tool. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/evp.h>

#define ADMIN_PASSWORD "{{rand:10:a-z0-9}}" /* hookagent-expect: CWE-798 */

static int check_password(const char *input)
{
    return strcmp(input, ADMIN_PASSWORD) == 0;
}

static int check_password_env(const char *input)
{
    const char *expected = getenv("BACKUP_ADMIN_PASSWORD");
    return expected != NULL && strcmp(input, expected) == 0;
}

static void list_archive(const char *archive)
{
    char command[512];
    sprintf(command, "tar tzf %s", archive); /* hookagent-expect: CWE-120 */
    FILE *p = popen(command, "r"); /* hookagent-expect: CWE-78 */
    char line[256];
    while (p && fgets(line, sizeof(line), p))
        fputs(line, stdout);
    if (p)
        pclose(p);
}

static void run_hook(const char *hook)
{
    execl("/bin/sh", "sh", "-c", hook, (char *)NULL); /* hookagent-expect: CWE-78 */
}

static void run_tar(const char *archive)
{
    execlp("tar", "tar", "tzf", archive, (char *)NULL);
}

static void *grow(void *buf, size_t count, size_t elem)
{
    return realloc(buf, count * elem); /* hookagent-expect: CWE-680 */
}

static const EVP_CIPHER *legacy_cipher(void)
{
    return EVP_des_ecb(); /* hookagent-expect: CWE-327 */
}

static const EVP_CIPHER *cipher(void)
{
    return EVP_aes_256_gcm();
}

int main(int argc, char *argv[])
{
    char target[32];
    char label[16];
    if (argc < 3) {
        fprintf(stderr, "usage: %s ARCHIVE LABEL\n", argv[0]);
        return 2;
    }
    strcpy(target, argv[1]); /* hookagent-expect: CWE-121 */
    scanf("%s", label); /* hookagent-expect: CWE-120 */
    if (!check_password(getpass("password: ")) && !check_password_env(getpass("again: ")))
        return 1;
    snprintf(label, sizeof(label), "%s", argv[2]);
    list_archive(target);
    run_tar(target);
    run_hook(getenv("BACKUP_HOOK"));
    (void)grow(NULL, 4, 8);
    (void)legacy_cipher();
    (void)cipher();
    return 0;
}
