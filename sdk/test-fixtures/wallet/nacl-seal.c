/*
 * Makes an encrypted keyfile the way btcli (bittensor-wallet, sodiumoxide = libsodium) does:
 * "$NACL" || nonce(24) || crypto_secretbox(plaintext), key = crypto_pwhash argon2i13
 * OPSLIMIT_SENSITIVE / MEMLIMIT_SENSITIVE with the wallet's fixed salt. Used once to make the
 * fixture `coldkey` here, so the TypeScript reader is checked against libsodium itself.
 *   cc nacl-seal.c -lsodium -o nacl-seal && ./nacl-seal PASSWORD < plain.json > coldkey
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const unsigned char SALT[16] = {0x13, 'q', 0x83, 0xdf, 0xf1, 'Z', '\t', 0xbc, 0x9c, 0x90, 0xb5, 'Q', 0x87, '9', 0xe9, 0xb1};

int main(int argc, char **argv) {
  if (argc != 2 || sodium_init() < 0) return 2;
  unsigned char plain[4096];
  size_t n = fread(plain, 1, sizeof plain, stdin);
  unsigned char key[crypto_secretbox_KEYBYTES];
  if (crypto_pwhash(key, sizeof key, argv[1], strlen(argv[1]), SALT, crypto_pwhash_argon2i_OPSLIMIT_SENSITIVE,
                    crypto_pwhash_argon2i_MEMLIMIT_SENSITIVE, crypto_pwhash_ALG_ARGON2I13) != 0) return 3;
  unsigned char nonce[crypto_secretbox_NONCEBYTES];
  randombytes_buf(nonce, sizeof nonce);
  unsigned char boxed[4096 + crypto_secretbox_MACBYTES];
  crypto_secretbox_easy(boxed, plain, n, nonce, key);
  fwrite("$NACL", 1, 5, stdout);
  fwrite(nonce, 1, sizeof nonce, stdout);
  fwrite(boxed, 1, n + crypto_secretbox_MACBYTES, stdout);
  return 0;
}
