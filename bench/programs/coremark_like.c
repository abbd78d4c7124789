/* coremark_like.c - a small CoreMark-style mixed workload (original code, not CoreMark).
 * Each iteration runs three kernels on a fixed working set and folds their results with a
 * bitwise CRC-16/CCITT:
 *   list    - find / reverse / merge-sort (by value, then back by index) of a linked list
 *   matrix  - int16 matrices: add/mul constant, matrix*vector, matrix*matrix, bit-extract product
 *   state   - a number-format state machine over a comma-separated token buffer
 * The seeds of the next iteration depend on the previous CRC, so nothing can be hoisted. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifndef ITERATIONS
#define ITERATIONS 2500
#endif
#define LIST_N 128
#define MAT_N 24
#define STATE_LEN 1024

/* ---------------- CRC ---------------- */
static uint16_t crc16_byte(uint8_t data, uint16_t crc) {
    crc ^= (uint16_t)data << 8;
    for (int i = 0; i < 8; i++) crc = (crc & 0x8000u) ? (uint16_t)((crc << 1) ^ 0x1021u) : (uint16_t)(crc << 1);
    return crc;
}
static uint16_t crc16_u16(uint16_t v, uint16_t crc) {
    crc = crc16_byte((uint8_t)v, crc);
    return crc16_byte((uint8_t)(v >> 8), crc);
}
static uint16_t crc16_u32(uint32_t v, uint16_t crc) {
    crc = crc16_u16((uint16_t)v, crc);
    return crc16_u16((uint16_t)(v >> 16), crc);
}

/* ---------------- list ---------------- */
typedef struct Item {
    struct Item *next;
    int16_t value;
    int16_t index;
} Item;

static Item items[LIST_N];

static Item *list_init(uint16_t seed) {
    Item *head = 0;
    for (int i = LIST_N - 1; i >= 0; i--) {
        seed = (uint16_t)(seed * 25173u + 13849u);
        items[i].value = (int16_t)((seed >> 3) & 0x3fff) - 0x2000;
        items[i].index = (int16_t)i;
        items[i].next = head;
        head = &items[i];
    }
    return head;
}

static Item *list_find(Item *l, int16_t value) {
    while (l && l->value != value) l = l->next;
    return l;
}

static Item *list_reverse(Item *l) {
    Item *prev = 0;
    while (l) {
        Item *n = l->next;
        l->next = prev;
        prev = l;
        l = n;
    }
    return prev;
}

static int cmp_value(const Item *a, const Item *b) {
    return a->value != b->value ? (a->value < b->value ? -1 : 1) : (a->index < b->index ? -1 : a->index > b->index);
}
static int cmp_index(const Item *a, const Item *b) { return a->index - b->index; }

/* bottom-up merge sort of a singly linked list */
static Item *list_sort(Item *list, int (*cmp)(const Item *, const Item *)) {
    if (!list) return 0;
    for (int width = 1;; width *= 2) {
        Item *p = list, *tail = 0;
        list = 0;
        int merges = 0;
        while (p) {
            merges++;
            Item *q = p;
            int psize = 0;
            for (int i = 0; i < width && q; i++) { q = q->next; psize++; }
            int qsize = width;
            while (psize > 0 || (qsize > 0 && q)) {
                Item *e;
                if (psize == 0) { e = q; q = q->next; qsize--; }
                else if (qsize == 0 || !q) { e = p; p = p->next; psize--; }
                else if (cmp(p, q) <= 0) { e = p; p = p->next; psize--; }
                else { e = q; q = q->next; qsize--; }
                if (tail) tail->next = e; else list = e;
                tail = e;
            }
            p = q;
        }
        tail->next = 0;
        if (merges <= 1) return list;
    }
}

static uint16_t bench_list(uint16_t seed, uint16_t crc) {
    Item *l = list_init(seed);
    int found = 0, missed = 0;
    for (int i = 0; i < 16; i++) {
        int16_t want = items[(seed + i * 37) % LIST_N].value + (int16_t)((i & 3) == 0);
        Item *f = list_find(l, want);
        if (f) { found++; crc = crc16_u16((uint16_t)f->index, crc); } else missed++;
    }
    l = list_reverse(l);
    l = list_sort(l, cmp_value);
    for (Item *p = l; p; p = p->next) crc = crc16_u16((uint16_t)p->value, crc);
    l = list_sort(l, cmp_index);
    int16_t expect = 0;
    for (Item *p = l; p; p = p->next, expect++)
        if (p->index != expect) missed += 1000;
    return crc16_u16((uint16_t)(found * 256 + missed), crc);
}

/* ---------------- matrix ---------------- */
static int16_t MA[MAT_N][MAT_N], MB[MAT_N][MAT_N];
static int32_t MC[MAT_N][MAT_N];

static uint32_t mat_sum(int32_t clip) {
    /* CoreMark-like "summing with a threshold": counts and accumulates crossings */
    uint32_t ret = 0;
    int32_t tmp = 0, prev = 0;
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            int32_t cur = MC[i][j];
            tmp += cur;
            if (tmp > clip) { ret += 10; tmp = 0; }
            else ret += (cur > prev) ? 1 : 0;
            prev = cur;
        }
    return ret;
}

static uint16_t bench_matrix(uint16_t seed, uint16_t crc) {
    uint32_t s = seed | 1u;
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            s = s * 69069u + 1u;
            MA[i][j] = (int16_t)((s >> 16) & 0xff) - 128;
            s = s * 69069u + 1u;
            MB[i][j] = (int16_t)((s >> 16) & 0x7f);
        }
    int16_t k = (int16_t)(seed & 0x3f) + 1;
    int32_t clip = (int32_t)k * 1000;

    /* add constant */
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) MA[i][j] = (int16_t)(MA[i][j] + k);
    /* multiply by constant */
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) MC[i][j] = (int32_t)MA[i][j] * k;
    crc = crc16_u32(mat_sum(clip), crc);
    /* matrix * vector (first column of MB) */
    for (int i = 0; i < MAT_N; i++) {
        int32_t acc = 0;
        for (int j = 0; j < MAT_N; j++) acc += (int32_t)MA[i][j] * MB[j][0];
        MC[i][0] = acc;
    }
    crc = crc16_u32(mat_sum(clip), crc);
    /* matrix * matrix */
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            int32_t acc = 0;
            for (int x = 0; x < MAT_N; x++) acc += (int32_t)MA[i][x] * MB[x][j];
            MC[i][j] = acc;
        }
    crc = crc16_u32(mat_sum(clip), crc);
    /* matrix * matrix with bit extraction */
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            int32_t acc = 0;
            for (int x = 0; x < MAT_N; x++) {
                int32_t t = (int32_t)MA[i][x] * MB[x][j];
                acc += ((t >> 2) & 0xf) * ((t >> 5) & 0x7f);
            }
            MC[i][j] = acc;
        }
    crc = crc16_u32(mat_sum(clip), crc);
    return crc;
}

/* ---------------- state machine ---------------- */
static char sbuf[STATE_LEN + 1];

enum { ST_START, ST_INVALID, ST_S1, ST_S2, ST_INT, ST_FLOAT, ST_EXP, ST_SCI, ST_COUNT };

static void state_fill(uint16_t seed) {
    static const char *pats[] = {"5012", "1234", "-874", "+122", "35.54400", ".1234500", "-110.700",
                                 "+0.64400", "5.500e+3", "-.123e-2", "-87e+832", "+0.6e-12",
                                 "T0.3e-1F", "-T.T++Tq", "1T3.4e4z", "34.0e-T^"};
    int p = 0;
    uint32_t s = seed;
    while (p < STATE_LEN - 10) {
        s = s * 1103515245u + 12345u;
        const char *t = pats[(s >> 16) % 16];
        size_t n = strlen(t);
        memcpy(sbuf + p, t, n);
        p += (int)n;
        sbuf[p++] = ',';
    }
    while (p < STATE_LEN) sbuf[p++] = ',';
    sbuf[STATE_LEN] = 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* returns the final state of one token and advances *pos past it */
static int next_state(const char **pos, uint32_t transitions[ST_COUNT]) {
    const char *p = *pos;
    int state = ST_START;
    for (; *p && state != ST_INVALID; p++) {
        char c = *p;
        if (c == ',') { p++; break; }
        switch (state) {
        case ST_START:
            if (is_digit(c)) state = ST_INT;
            else if (c == '+' || c == '-') state = ST_S1;
            else if (c == '.') state = ST_FLOAT;
            else { state = ST_INVALID; transitions[ST_INVALID]++; }
            transitions[ST_START]++;
            break;
        case ST_S1:
            if (is_digit(c)) { state = ST_INT; transitions[ST_S1]++; }
            else if (c == '.') { state = ST_FLOAT; transitions[ST_S1]++; }
            else { state = ST_INVALID; transitions[ST_S1]++; }
            break;
        case ST_INT:
            if (c == '.') { state = ST_FLOAT; transitions[ST_INT]++; }
            else if (!is_digit(c)) { state = ST_INVALID; transitions[ST_INT]++; }
            break;
        case ST_FLOAT:
            if (c == 'E' || c == 'e') { state = ST_S2; transitions[ST_FLOAT]++; }
            else if (!is_digit(c)) { state = ST_INVALID; transitions[ST_FLOAT]++; }
            break;
        case ST_S2:
            if (c == '+' || c == '-') { state = ST_EXP; transitions[ST_S2]++; }
            else { state = ST_INVALID; transitions[ST_S2]++; }
            break;
        case ST_EXP:
            if (is_digit(c)) { state = ST_SCI; transitions[ST_EXP]++; }
            else { state = ST_INVALID; transitions[ST_EXP]++; }
            break;
        case ST_SCI:
            if (!is_digit(c)) { state = ST_INVALID; transitions[ST_INVALID]++; }
            break;
        }
    }
    if (state == ST_INVALID) /* skip to the next separator */
        while (*p && *p != ',') p++;
    if (*p == ',') p++;
    *pos = p;
    return state;
}

static uint16_t bench_state(uint16_t seed, uint16_t crc) {
    uint32_t finals[ST_COUNT] = {0}, transitions[ST_COUNT] = {0};
    state_fill(seed);
    const char *p = sbuf;
    while (*p) finals[next_state(&p, transitions)]++;
    /* corrupt every 13th byte, rescan, then restore */
    for (int i = seed % 13; i < STATE_LEN; i += 13) sbuf[i] ^= 0x22;
    p = sbuf;
    while (*p) finals[next_state(&p, transitions)]++;
    for (int i = seed % 13; i < STATE_LEN; i += 13) sbuf[i] ^= 0x22;
    for (int i = 0; i < ST_COUNT; i++) {
        crc = crc16_u32(finals[i], crc);
        crc = crc16_u32(transitions[i], crc);
    }
    return crc;
}

int main(void) {
    uint16_t crc = 0xffff, crc_list = 0, crc_matrix = 0, crc_state = 0;
    for (uint32_t it = 0; it < ITERATIONS; it++) {
        uint16_t seed = (uint16_t)(crc ^ (it * 0x9e37u));
        crc_list = bench_list(seed, crc_list);
        crc_matrix = bench_matrix(seed, crc_matrix);
        crc_state = bench_state(seed, crc_state);
        crc = crc16_u16(crc_list, crc);
        crc = crc16_u16(crc_matrix, crc);
        crc = crc16_u16(crc_state, crc);
    }
    printf("coremark_like checksum: crc=%04x list=%04x matrix=%04x state=%04x iterations=%d\n",
           (unsigned)crc, (unsigned)crc_list, (unsigned)crc_matrix, (unsigned)crc_state, ITERATIONS);
    return 0;
}
