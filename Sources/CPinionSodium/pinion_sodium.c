/* CPinionSodium: libsodium initialised once, then SHA-256, SHA-512 and Ed25519 verify. */
#include <pthread.h>
#include <sodium.h>
#include "pinion_sodium.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_result = -1;

static void initialise(void) { init_result = sodium_init(); }

/* libsodium asks for sodium_init() before any other call (it picks implementations for
 * this CPU); it returns 1 when already initialised, which is fine too. */
static int ready(void) {
    pthread_once(&once, initialise);
    return init_result >= 0;
}

void pinion_sha256(uint8_t *out, const uint8_t *in, size_t length) {
    (void)ready();  /* the hashes are plain C in 1.0.18; nothing to fail */
    crypto_hash_sha256(out, in, length);
}

void pinion_sha512(uint8_t *out, const uint8_t *in, size_t length) {
    (void)ready();
    crypto_hash_sha512(out, in, length);
}

int pinion_ed25519_verify(const uint8_t *signature, const uint8_t *message, size_t length,
                          const uint8_t *public_key) {
    if (!ready()) return -1;
    return crypto_sign_verify_detached(signature, message, length, public_key) == 0;
}
