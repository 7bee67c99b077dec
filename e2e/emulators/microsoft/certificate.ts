/**
 * The Microsoft emulator's TLS certificate. The Graph client only sends the Authorization header
 * over https, so the emulator serves https with a self-signed certificate for IP:127.0.0.1 and
 * DNS:localhost, generated at start (or reused from `certDir` so a long-running dev server that
 * trusts it through NODE_EXTRA_CA_CERTS keeps working across emulator restarts).
 */
import { X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { generate as generateCertificate } from "selfsigned";

export interface EmulatorCertificate {
  key: string;
  cert: string;
  /** Where the PEM was written (set NODE_EXTRA_CA_CERTS to it), when a certDir was given. */
  certPath?: string;
}

export const CERT_FILE = "microsoft-emulator-cert.pem";
export const KEY_FILE = "microsoft-emulator-key.pem";

function usable(certPem: string): boolean {
  try {
    const cert = new X509Certificate(certPem);
    return new Date(cert.validTo).getTime() > Date.now() + 86_400_000 && cert.checkIP("127.0.0.1") !== undefined && cert.checkHost("localhost") !== undefined;
  } catch {
    return false;
  }
}

export async function emulatorCertificate(options: { certDir?: string; reuse?: boolean } = {}): Promise<EmulatorCertificate> {
  const certPath = options.certDir ? path.resolve(options.certDir, CERT_FILE) : undefined;
  const keyPath = options.certDir ? path.resolve(options.certDir, KEY_FILE) : undefined;
  if (options.reuse && certPath && keyPath && existsSync(certPath) && existsSync(keyPath)) {
    const [cert, key] = await Promise.all([readFile(certPath, "utf8"), readFile(keyPath, "utf8")]);
    if (usable(cert)) return { key, cert, certPath };
  }
  const generated = await generateCertificate([{ name: "commonName", value: "localhost" }, { name: "organizationName", value: "Kairos provider emulator" }], {
    keySize: 2048,
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + 825 * 86_400_000),
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 7, ip: "127.0.0.1" },
          { type: 2, value: "localhost" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  if (certPath && keyPath) {
    await mkdir(path.dirname(certPath), { recursive: true });
    await writeFile(certPath, generated.cert);
    await writeFile(keyPath, generated.private, { mode: 0o600 });
  }
  return { key: generated.private, cert: generated.cert, certPath };
}
