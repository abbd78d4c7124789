/* statemachine.c - byte-scanning state machine.
 * Generates a BUF_SIZE text buffer (words, decimal/hex integers, decimals with exponents,
 * quoted strings with escapes, punctuation, spaces and newlines) from an LCG, then tokenizes
 * it PASSES times with a switch-driven state machine, counting token kinds and hashing them.
 * A few bytes are mutated between passes so the work cannot be hoisted. */
#include <stdint.h>
#include <stdio.h>

#ifndef BUF_SIZE
#define BUF_SIZE 65536
#endif
#ifndef PASSES
#define PASSES 360
#endif

static unsigned char text[BUF_SIZE + 1];
static uint32_t seed = 0xC0FFEEu;

static uint32_t rnd(void) {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 16;
}

static void generate(void) {
    static const char punct[] = "+-*/=<>(){}[];,:!&|";
    static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_";
    static const char hexd[] = "0123456789abcdef";
    uint32_t p = 0;
    while (p < BUF_SIZE - 40) {
        uint32_t kind = rnd() % 16;
        uint32_t len = 1 + rnd() % 9;
        if (kind < 6) { /* word */
            text[p++] = letters[rnd() % 53];
            for (uint32_t i = 1; i < len; i++) {
                uint32_t r = rnd() % 64;
                text[p++] = r < 53 ? letters[r] : (char)('0' + r % 10);
            }
        } else if (kind < 9) { /* decimal integer */
            for (uint32_t i = 0; i < len; i++) text[p++] = (char)('0' + rnd() % 10);
        } else if (kind == 9) { /* hex integer */
            text[p++] = '0';
            text[p++] = 'x';
            for (uint32_t i = 0; i < len; i++) text[p++] = hexd[rnd() % 16];
        } else if (kind == 10) { /* decimal number, maybe with exponent */
            text[p++] = (char)('1' + rnd() % 9);
            text[p++] = '.';
            for (uint32_t i = 0; i < len; i++) text[p++] = (char)('0' + rnd() % 10);
            if (rnd() & 1) {
                text[p++] = 'e';
                if (rnd() & 1) text[p++] = '-';
                text[p++] = (char)('0' + rnd() % 10);
            }
        } else if (kind == 11) { /* string literal with escapes */
            text[p++] = '"';
            for (uint32_t i = 0; i < len; i++) {
                uint32_t r = rnd() % 20;
                if (r == 0) { text[p++] = '\\'; text[p++] = '"'; }
                else if (r == 1) { text[p++] = '\\'; text[p++] = 'n'; }
                else text[p++] = letters[r + rnd() % 30];
            }
            text[p++] = '"';
        } else if (kind < 14) { /* punctuation */
            text[p++] = punct[rnd() % 19];
        } else if (kind == 14) {
            text[p++] = '\n';
        } else {
            text[p++] = ' ';
        }
        if (rnd() % 3) text[p++] = ' ';
    }
    while (p < BUF_SIZE) text[p++] = ' ';
    text[BUF_SIZE] = 0;
}

enum { S_START, S_WORD, S_INT, S_ZERO, S_HEX, S_FRAC, S_EXP, S_EXPDIG, S_STR, S_ESC };

typedef struct {
    uint32_t words, ints, hexes, floats, strings, puncts, lines, errors;
    uint32_t hash;
    uint32_t intsum;
} Counts;

static void scan(const unsigned char *buf, uint32_t n, Counts *c) {
    int state = S_START;
    uint32_t h = 0, v = 0;
    for (uint32_t i = 0; i <= n; i++) {
        unsigned ch = i < n ? buf[i] : ' ';
        int isdig = ch >= '0' && ch <= '9';
        int isalpha = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
    again:
        switch (state) {
        case S_START:
            if (isalpha) { state = S_WORD; h = ch; }
            else if (ch == '0') { state = S_ZERO; v = 0; }
            else if (isdig) { state = S_INT; v = ch - '0'; }
            else if (ch == '"') { state = S_STR; h = 0; }
            else if (ch == '\n') c->lines++;
            else if (ch != ' ') { c->puncts++; c->hash = c->hash * 31u + ch; }
            break;
        case S_WORD:
            if (isalpha || isdig) h = h * 33u + ch;
            else { c->words++; c->hash ^= h; state = S_START; goto again; }
            break;
        case S_ZERO:
            if (ch == 'x') { state = S_HEX; v = 0; break; }
            state = S_INT; goto again;
        case S_INT:
            if (isdig) v = v * 10u + (ch - '0');
            else if (ch == '.') state = S_FRAC;
            else { c->ints++; c->intsum += v; state = S_START; goto again; }
            break;
        case S_HEX:
            if (isdig) v = (v << 4) | (ch - '0');
            else if (ch >= 'a' && ch <= 'f') v = (v << 4) | (ch - 'a' + 10);
            else { c->hexes++; c->intsum ^= v; state = S_START; goto again; }
            break;
        case S_FRAC:
            if (isdig) v = v * 7u + ch;
            else if (ch == 'e') state = S_EXP;
            else { c->floats++; c->hash += v; state = S_START; goto again; }
            break;
        case S_EXP:
            if (ch == '-' || isdig) { state = S_EXPDIG; v += ch; }
            else { c->errors++; state = S_START; goto again; }
            break;
        case S_EXPDIG:
            if (isdig) v += ch;
            else { c->floats++; c->hash += v; state = S_START; goto again; }
            break;
        case S_STR:
            if (ch == '\\') state = S_ESC;
            else if (ch == '"') { c->strings++; c->hash = c->hash * 7u + h; state = S_START; }
            else h = h * 131u + ch;
            break;
        case S_ESC:
            h = h * 131u + (ch | 0x80u);
            state = S_STR;
            break;
        }
    }
    if (state != S_START) c->errors++;
}

int main(void) {
    generate();
    Counts total = {0};
    uint32_t mix = 0;
    for (uint32_t pass = 0; pass < PASSES; pass++) {
        Counts c = {0};
        scan(text, BUF_SIZE, &c);
        mix = mix * 1000003u ^ c.hash ^ c.intsum ^ (c.words << 8) ^ c.ints;
        total.words += c.words; total.ints += c.ints; total.hexes += c.hexes;
        total.floats += c.floats; total.strings += c.strings; total.puncts += c.puncts;
        total.lines += c.lines; total.errors += c.errors;
        /* mutate a few whitespace bytes into separators/letters for the next pass */
        for (int k = 0; k < 8; k++) {
            uint32_t pos = rnd() % BUF_SIZE;
            if (text[pos] == ' ') text[pos] = (rnd() & 1) ? ';' : 'q';
        }
    }
    printf("statemachine checksum: %08x words=%u ints=%u hex=%u floats=%u strings=%u punct=%u "
           "lines=%u errors=%u\n",
           (unsigned)mix, (unsigned)total.words, (unsigned)total.ints, (unsigned)total.hexes,
           (unsigned)total.floats, (unsigned)total.strings, (unsigned)total.puncts,
           (unsigned)total.lines, (unsigned)total.errors);
    return 0;
}
