/* Benchmark-style test cases: the flaw in *_bad(), the fixed form in *_good(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define SRC_STR "0123456789abcdef0123456789abcde"

typedef struct _charVoid {
    char charFirst[16];
    void *voidSecond;
    void *voidThird;
} charVoid;

void printLine(const char *line) { if (line != NULL) printf("%s\n", line); }

void CWE121_char_type_overrun_memcpy_01_bad(void)
{
    charVoid structCharVoid;
    structCharVoid.voidSecond = (void *)SRC_STR;
    /* FLAW: sizeof of the whole struct, not of charFirst */
    memcpy(structCharVoid.charFirst, SRC_STR, sizeof(structCharVoid)); /* hookagent-expect: CWE-121 */
    structCharVoid.charFirst[(sizeof(structCharVoid.charFirst) / sizeof(char)) - 1] = '\0';
    printLine((char *)structCharVoid.charFirst);
}

void CWE121_char_type_overrun_memcpy_01_good(void)
{
    charVoid structCharVoid;
    memcpy(structCharVoid.charFirst, SRC_STR, sizeof(structCharVoid.charFirst));
    structCharVoid.charFirst[(sizeof(structCharVoid.charFirst) / sizeof(char)) - 1] = '\0';
    printLine((char *)structCharVoid.charFirst);
}

void CWE121_dest_char_declare_cpy_01_bad(void)
{
    char *data;
    char dataBadBuffer[50];
    char dataGoodBuffer[100];
    data = dataBadBuffer;
    data[0] = '\0';
    {
        char source[100];
        memset(source, 'C', 100 - 1);
        source[100 - 1] = '\0';
        /* POTENTIAL FLAW: source may be longer than data */
        strcpy(data, source); /* hookagent-expect: CWE-121 */
        printLine(data);
    }
    (void)dataGoodBuffer;
}

void CWE121_CWE805_char_declare_ncpy_01_bad(void)
{
    char *data;
    char dataBadBuffer[50];
    data = dataBadBuffer;
    data[0] = '\0';
    {
        char source[100];
        memset(source, 'C', 100 - 1);
        source[100 - 1] = '\0';
        strncpy(data, source, strlen(source)); /* hookagent-expect: CWE-121 */
        data[50 - 1] = '\0';
        printLine(data);
    }
}

void CWE121_CWE805_char_alloca_loop_01_bad(void)
{
    char *data;
    char *dataBadBuffer = (char *)alloca(50 * sizeof(char)); /* hookagent-expect: CWE-121 */
    data = dataBadBuffer;
    data[0] = '\0';
    {
        size_t i;
        char source[100];
        memset(source, 'C', 100 - 1);
        source[100 - 1] = '\0';
        for (i = 0; i < 100; i++)
        {
            data[i] = source[i];
        }
        printLine(data);
    }
}

void CWE121_wchar_t_declare_cat_01_bad(const wchar_t *input)
{
    wchar_t dest[50] = L"";
    wcscat(dest, input); /* hookagent-expect: CWE-121 */
    wprintf(L"%ls\n", dest);
}

void CWE680_Integer_Overflow_to_Buffer_Overflow__malloc_fscanf_01_bad(void)
{
    int data;
    data = -1;
    fscanf(stdin, "%d", &data);
    {
        size_t i;
        int *intPointer;
        /* POTENTIAL FLAW: data * sizeof(int) may overflow */
        intPointer = (int *)malloc(data * sizeof(int)); /* hookagent-expect: CWE-680 */
        if (intPointer == NULL) { exit(-1); }
        for (i = 0; i < (size_t)data; i++)
        {
            intPointer[i] = 0;
        }
        free(intPointer);
    }
}

void CWE680_Integer_Overflow_to_Buffer_Overflow__malloc_fscanf_01_good(void)
{
    int data;
    data = 20;
    {
        int *intPointer = (int *)calloc((size_t)data, sizeof(int));
        free(intPointer);
    }
}

void CWE134_Uncontrolled_Format_String__char_console_printf_01_bad(void)
{
    char dataBuffer[100] = "";
    char *data = dataBuffer;
    size_t dataLen = strlen(data);
    if (100 - dataLen > 1)
    {
        if (fgets(data + dataLen, (int)(100 - dataLen), stdin) != NULL)
        {
            dataLen = strlen(data);
            if (dataLen > 0 && data[dataLen - 1] == '\n')
                data[dataLen - 1] = '\0';
        }
    }
    printf(data); /* hookagent-expect: CWE-134 */
}

void CWE134_Uncontrolled_Format_String__char_console_printf_01_good(void)
{
    char data[100] = "fixedstringtest";
    printf("%s\n", data);
}

void CWE338_Weak_PRNG__rand_01_bad(void)
{
    printf("%d\n", rand()); /* hookagent-expect: CWE-338 */
}
