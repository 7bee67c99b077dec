/**
 * Encryption of secrets at rest (OAuth tokens, CalDAV passwords): AES-256-GCM
 * with the instance's KAIROS_ENCRYPTION_KEY.
 *
 * Stored form: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts).
 * - `v1` names the format, so it can change without guessing.
 * - The key id is a fingerprint of the key (not the key): when keys rotate,
 *   decryption can pick the right one, and today a value written with another
 *   key fails with a clear "different key" error instead of a tag mismatch.
 * - The header (and optional associated data, e.g. "calendar-connection:42")
 *   is authenticated too: a ciphertext copied to another row or relabelled
 *   with another key id does not decrypt.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { config, ConfigurationError, type Config } from "../config";

const VERSION = "v1";
const ALGORITHM = "aes-256-gcm";
const KEY_BYTES = 32;
/** 96-bit nonces, as GCM is specified for; random per message. */
const IV_BYTES = 12;
const TAG_BYTES = 16;

const HOW_TO_MAKE_ONE = "Generate one with `openssl rand -base64 32` and keep it safe: secrets stored with it cannot be read without it.";

export type DecryptionFailure = "malformed" | "unsupported_version" | "wrong_key" | "tampered";

/** A stored secret that cannot be decrypted; `reason` tells why. */
export class SecretDecryptionError extends Error {
  constructor(
    readonly reason: DecryptionFailure,
    message: string,
  ) {
    super(message);
    this.name = "SecretDecryptionError";
  }
}

/**
 * Reads a 32-byte key written as base64 (standard or URL-safe) or as 64 hex
 * digits; throws ConfigurationError for anything else.
 */
export function parseEncryptionKey(raw: string): Buffer {
  const value = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.length === KEY_BYTES) return bytes;
    throw new ConfigurationError(
      `KAIROS_ENCRYPTION_KEY must be ${KEY_BYTES} bytes; this one decodes to ${bytes.length}. ${HOW_TO_MAKE_ONE}`,
    );
  }
  throw new ConfigurationError(`KAIROS_ENCRYPTION_KEY must be ${KEY_BYTES} bytes written as base64 or hex. ${HOW_TO_MAKE_ONE}`);
}

/** The instance's key from KAIROS_ENCRYPTION_KEY; a missing or malformed key is a ConfigurationError. */
export function encryptionKey(settings: Pick<Config, "encryptionKey"> = config()): Buffer {
  const raw = settings.encryptionKey;
  if (!raw) {
    throw new ConfigurationError(
      `KAIROS_ENCRYPTION_KEY is not set. Kairos needs it to store calendar credentials encrypted. ${HOW_TO_MAKE_ONE}`,
    );
  }
  return parseEncryptionKey(raw);
}

/** A short, non-secret fingerprint of a key (first 8 bytes of a domain-separated SHA-256). */
export function keyId(key: Buffer): string {
  return createHash("sha256").update("kairos-encryption-key-id\0").update(key).digest().subarray(0, 8).toString("base64url");
}

export interface EncryptionOptions {
  /** Defaults to encryptionKey(). */
  key?: Buffer;
  /** Binds the ciphertext to where it is stored (e.g. "calendar-connection:42:refreshToken"). */
  associatedData?: string;
}

function checkedKey(key: Buffer | undefined): Buffer {
  const k = key ?? encryptionKey();
  if (k.length !== KEY_BYTES) throw new ConfigurationError(`An encryption key must be ${KEY_BYTES} bytes, not ${k.length}.`);
  return k;
}

function aad(header: string, associatedData: string | undefined): Buffer {
  return Buffer.from(associatedData === undefined ? header : `${header}\0${associatedData}`, "utf8");
}

/** Encrypts a secret for storage. Every call uses a fresh IV, so equal inputs give different outputs. */
export function encryptSecret(plaintext: string, options: EncryptionOptions = {}): string {
  const key = checkedKey(options.key);
  const header = `${VERSION}.${keyId(key)}`;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(header, options.associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [header, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(".");
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Decrypts what encryptSecret wrote; throws SecretDecryptionError when it cannot. */
export function decryptSecret(stored: string, options: EncryptionOptions = {}): string {
  if (typeof stored !== "string") throw new SecretDecryptionError("malformed", "The stored secret is not a string.");
  const parts = stored.split(".");
  if (parts[0] !== VERSION) {
    throw parts.length >= 2 && /^v\d+$/.test(parts[0])
      ? new SecretDecryptionError("unsupported_version", `The stored secret uses format ${parts[0]}, which this version of Kairos cannot read.`)
      : new SecretDecryptionError("malformed", "The stored secret is not in Kairos' encrypted format.");
  }
  if (parts.length !== 5 || !parts.every((p) => B64URL.test(p))) {
    throw new SecretDecryptionError("malformed", "The stored secret is not in Kairos' encrypted format.");
  }
  const [version, storedKeyId, ivText, tagText, ciphertextText] = parts;
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SecretDecryptionError("malformed", "The stored secret is not in Kairos' encrypted format.");
  }
  const key = checkedKey(options.key);
  const currentKeyId = keyId(key);
  if (storedKeyId !== currentKeyId) {
    throw new SecretDecryptionError(
      "wrong_key",
      `The stored secret was encrypted with another key (id ${storedKeyId}); KAIROS_ENCRYPTION_KEY has id ${currentKeyId}.`,
    );
  }
  const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad(`${version}.${storedKeyId}`, options.associatedData));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertextText, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError("tampered", "The stored secret failed its integrity check (altered, or stored for another record).");
  }
}
