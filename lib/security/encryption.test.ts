import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigurationError, loadConfig } from "../config";
import { decryptSecret, encryptionKey, encryptSecret, keyId, parseEncryptionKey, SecretDecryptionError } from "./encryption";

const key = randomBytes(32);
const otherKey = randomBytes(32);

function failure(run: () => unknown): SecretDecryptionError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretDecryptionError);
    return error as SecretDecryptionError;
  }
  throw new Error("expected decryption to fail");
}

/** Flips one bit of the base64url part `index` of a stored secret. */
function flipBit(stored: string, index: number): string {
  const parts = stored.split(".");
  const bytes = Buffer.from(parts[index], "base64url");
  bytes[0] ^= 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

describe("encryptSecret / decryptSecret", () => {
  it("round-trips text, including empty and non-ASCII secrets", () => {
    for (const secret of ["ya29.a0AfH6SMB-access-token", "", "pässwörd ✓ 日本", "x".repeat(10_000)]) {
      const stored = encryptSecret(secret, { key });
      expect(stored).not.toContain(secret || "\u0000");
      expect(decryptSecret(stored, { key })).toBe(secret);
    }
  });

  it("writes the versioned format with the key's id, and a fresh IV every time", () => {
    const a = encryptSecret("same", { key });
    const b = encryptSecret("same", { key });
    expect(a).not.toBe(b);
    const [version, id, iv, tag, ciphertext] = a.split(".");
    expect(version).toBe("v1");
    expect(id).toBe(keyId(key));
    expect(Buffer.from(iv, "base64url")).toHaveLength(12);
    expect(Buffer.from(tag, "base64url")).toHaveLength(16);
    expect(Buffer.from(ciphertext, "base64url")).toHaveLength(4);
    expect(keyId(key)).not.toBe(keyId(otherKey));
  });

  it("detects tampering with the ciphertext, the tag or the IV", () => {
    const stored = encryptSecret("refresh-token", { key });
    for (const index of [2, 3, 4]) {
      expect(failure(() => decryptSecret(flipBit(stored, index), { key })).reason).toBe("tampered");
    }
  });

  it("binds the ciphertext to its associated data", () => {
    const stored = encryptSecret("secret", { key, associatedData: "calendar-connection:1" });
    expect(decryptSecret(stored, { key, associatedData: "calendar-connection:1" })).toBe("secret");
    expect(failure(() => decryptSecret(stored, { key, associatedData: "calendar-connection:2" })).reason).toBe("tampered");
    expect(failure(() => decryptSecret(stored, { key })).reason).toBe("tampered");
  });

  it("refuses another key with a clear message, and a relabelled key id", () => {
    const stored = encryptSecret("secret", { key });
    const wrong = failure(() => decryptSecret(stored, { key: otherKey }));
    expect(wrong.reason).toBe("wrong_key");
    expect(wrong.message).toContain(keyId(key));
    // Pretending it was written with the other key does not help: the header is authenticated.
    const relabelled = stored.replace(keyId(key), keyId(otherKey));
    expect(failure(() => decryptSecret(relabelled, { key: otherKey })).reason).toBe("tampered");
  });

  it("rejects malformed input and unknown versions", () => {
    const stored = encryptSecret("secret", { key });
    const parts = stored.split(".");
    for (const bad of ["", "plain text", "v1", "v1.a.b.c", `${stored}.extra`, stored.replace(/\.[^.]+$/, ".not base64!"), [parts[0], parts[1], "AAAA", parts[3], parts[4]].join(".")]) {
      expect(failure(() => decryptSecret(bad, { key })).reason).toBe("malformed");
    }
    expect(failure(() => decryptSecret(stored.replace(/^v1\./, "v2."), { key })).reason).toBe("unsupported_version");
  });
});

describe("encryption key", () => {
  it("reads 32 bytes as base64, URL-safe base64 or hex", () => {
    expect(parseEncryptionKey(key.toString("base64")).equals(key)).toBe(true);
    expect(parseEncryptionKey(key.toString("base64url")).equals(key)).toBe(true);
    expect(parseEncryptionKey(` ${key.toString("hex")}\n`).equals(key)).toBe(true);
    expect(parseEncryptionKey(key.toString("hex").toUpperCase()).equals(key)).toBe(true);
  });

  it("rejects keys of the wrong size or encoding, naming the variable and how to make one", () => {
    for (const bad of [randomBytes(16).toString("base64"), randomBytes(31).toString("hex") + "zz", "not a key!", randomBytes(33).toString("base64")]) {
      expect(() => parseEncryptionKey(bad)).toThrow(ConfigurationError);
      expect(() => parseEncryptionKey(bad)).toThrow(/KAIROS_ENCRYPTION_KEY[\s\S]*openssl rand -base64 32/);
    }
  });

  it("comes from KAIROS_ENCRYPTION_KEY; a missing one is a configuration error", () => {
    const configured = loadConfig({ NODE_ENV: "test", KAIROS_ENCRYPTION_KEY: key.toString("base64") });
    expect(encryptionKey(configured).equals(key)).toBe(true);
    const missing = loadConfig({ NODE_ENV: "test", KAIROS_ENCRYPTION_KEY: "  " });
    expect(() => encryptionKey(missing)).toThrow(ConfigurationError);
    expect(() => encryptionKey(missing)).toThrow("KAIROS_ENCRYPTION_KEY is not set");
    expect(() => encryptionKey(missing)).toThrow("openssl rand -base64 32");
  });
});
