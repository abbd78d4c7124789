/* listsort.c - linked-list merge sort.
 * NODES nodes from a static array get pseudo-random keys from a small LCG, are linked in a
 * shuffled order and sorted with a recursive top-down merge sort (pointer chasing, branches).
 * Repeated ROUNDS times with fresh keys; the checksum folds the sorted key sequence. */
#include <stdint.h>
#include <stdio.h>

#ifndef NODES
#define NODES 20000
#endif
#ifndef ROUNDS
#define ROUNDS 150
#endif

typedef struct Node {
    struct Node *next;
    uint32_t key;
    uint32_t id;
} Node;

static Node pool[NODES];
static uint32_t lcg_state = 12345u;

static uint32_t lcg(void) {
    lcg_state = lcg_state * 1103515245u + 12345u;
    return lcg_state >> 8;
}

static Node *merge(Node *a, Node *b) {
    Node head;
    Node *tail = &head;
    while (a && b) {
        /* stable: ties keep the order of `a` first */
        if (a->key <= b->key) {
            tail->next = a;
            a = a->next;
        } else {
            tail->next = b;
            b = b->next;
        }
        tail = tail->next;
    }
    tail->next = a ? a : b;
    return head.next;
}

static Node *msort(Node *list) {
    if (!list || !list->next) return list;
    /* split with slow/fast pointers */
    Node *slow = list, *fast = list->next;
    while (fast && fast->next) {
        slow = slow->next;
        fast = fast->next->next;
    }
    Node *second = slow->next;
    slow->next = 0;
    return merge(msort(list), msort(second));
}

int main(void) {
    uint32_t checksum = 0;
    uint32_t errors = 0;
    for (uint32_t r = 0; r < ROUNDS; r++) {
        /* link in a strided order so list order != array order */
        Node *list = 0;
        for (uint32_t i = 0; i < NODES; i++) {
            uint32_t idx = (i * 7919u) % NODES;
            pool[idx].key = lcg() & 0xfffffu;
            pool[idx].id = idx;
            pool[idx].next = list;
            list = &pool[idx];
        }
        list = msort(list);
        uint32_t prev = 0, count = 0, h = 2166136261u;
        for (Node *n = list; n; n = n->next) {
            if (n->key < prev) errors++;
            prev = n->key;
            h = (h ^ n->key) * 16777619u;
            h = (h ^ n->id) * 16777619u;
            count++;
        }
        if (count != NODES) errors++;
        checksum = checksum * 33u + h;
    }
    printf("listsort checksum: %08x errors=%u\n", (unsigned)checksum, (unsigned)errors);
    return errors != 0;
}
