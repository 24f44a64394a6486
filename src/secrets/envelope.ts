import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Secret } from '../core/secret.js';

/**
 * Envelope encryption for secrets at rest (upstream API keys, OAuth tokens):
 * each secret gets its own random data key; the secret is sealed with the
 * data key and the data key with the master key, both AES-256-GCM. Rotating
 * the master key re-wraps data keys without touching secrets.
 *
 * Stored form: "v1.<wrapped key>.<iv>.<ciphertext+tag>" in base64url.
 */
const version = 'v1';

function seal(key: Buffer, plaintext: Buffer): { iv: Buffer; sealed: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { iv, sealed };
}

function open(key: Buffer, iv: Buffer, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
}

export interface SecretBox {
  encrypt(secret: Secret | string): string;
  decrypt(stored: string): Secret;
}

export function createSecretBox(masterKey: Buffer): SecretBox {
  if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
  return {
    encrypt(secret) {
      const plaintext = Buffer.from(typeof secret === 'string' ? secret : secret.reveal(), 'utf8');
      const dataKey = randomBytes(32);
      const wrapped = seal(masterKey, dataKey);
      const body = seal(dataKey, plaintext);
      dataKey.fill(0);
      return [
        version,
        Buffer.concat([wrapped.iv, wrapped.sealed]).toString('base64url'),
        body.iv.toString('base64url'),
        body.sealed.toString('base64url'),
      ].join('.');
    },
    decrypt(stored) {
      const [tag, wrappedText, ivText, sealedText] = stored.split('.');
      if (tag !== version || !wrappedText || !ivText || !sealedText) {
        throw new Error('stored secret is not in a known format');
      }
      const wrapped = Buffer.from(wrappedText, 'base64url');
      const dataKey = open(masterKey, wrapped.subarray(0, 12), wrapped.subarray(12));
      const plaintext = open(dataKey, Buffer.from(ivText, 'base64url'), Buffer.from(sealedText, 'base64url'));
      dataKey.fill(0);
      return new Secret(plaintext.toString('utf8'));
    },
  };
}
