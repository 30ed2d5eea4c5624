/* Task-style snippets, second set (written after the rules, to measure them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void copy_input(const char *input)
{
    char buffer[16];
    strcpy(buffer, input); /* hookagent-expect: CWE-121 */
    printf("%s\n", buffer);
}

void read_user(void)
{
    char name[20];
    printf("Enter name: ");
    scanf("%s", name); /* hookagent-expect: CWE-120 */
    printf(name); /* hookagent-expect: CWE-134 */
}

int *make_array(int n)
{
    int *arr = (int *)malloc(n * sizeof(int)); /* hookagent-expect: CWE-680 */
    for (int i = 0; i < n; i++)
        arr[i] = i;
    return arr;
}

void run(const char *arg)
{
    char cmd[128] = "ls ";
    strcat(cmd, arg); /* hookagent-expect: CWE-120 */
    system(cmd); /* hookagent-expect: CWE-78 */
}

int generate_key(void)
{
    srand(1); /* hookagent-expect: CWE-330 */
    return rand() % 1000000; /* hookagent-expect: CWE-338 */
}

void use_after_free(void)
{
    char *p = malloc(32);
    free(p);
    strcpy(p, "done"); /* hookagent-expect: CWE-416 */
}

void fill(char *dst, size_t n)
{
    for (size_t i = 0; i <= n; i++) /* hookagent-expect: CWE-193 */
        dst[i] = 'A';
}

int main(int argc, char **argv)
{
    char buf[8];
    if (argc > 1)
        sprintf(buf, "%s", argv[1]); /* hookagent-expect: CWE-121 */
    copy_input(argc > 1 ? argv[1] : "x");
    return 0;
}
