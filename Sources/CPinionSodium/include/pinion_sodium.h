/* CPinionSodium: the three libsodium primitives PinionManifest uses (SHA-256, SHA-512,
 * Ed25519 detached verification), behind a small header so Swift does not import all of
 * sodium.h. Linked with -lsodium (Debian's libsodium-dev; libsodium.a in static builds). */
#ifndef PINION_SODIUM_H
#define PINION_SODIUM_H

#include <stddef.h>
#include <stdint.h>

/** SHA-256 of in[0..<length] into out[0..<32]. */
void pinion_sha256(uint8_t *out, const uint8_t *in, size_t length);

/** SHA-512 of in[0..<length] into out[0..<64]. */
void pinion_sha512(uint8_t *out, const uint8_t *in, size_t length);

/** 1 if signature[0..<64] is a valid Ed25519 (RFC 8032) signature of
 *  message[0..<length] by public_key[0..<32], else 0 (also for a malformed key).
 *  -1 if libsodium could not be initialised. */
int pinion_ed25519_verify(const uint8_t *signature, const uint8_t *message, size_t length,
                          const uint8_t *public_key);

#endif
