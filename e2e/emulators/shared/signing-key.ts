/**
 * An RS256 key for id_tokens (and Graph's JWT-shaped access tokens), published as a JWKS and,
 * for google-auth-library's verifyIdToken under Node (which fetches PEM certificates), as an
 * X.509 certificate keyed by kid.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { generate as generateCertificate } from "selfsigned";

export interface Jwk {
  kid: string;
  kty: string;
  alg: string;
  use: string;
  n: string;
  e: string;
}

export class SigningKey {
  private constructor(
    readonly kid: string,
    private readonly privateKey: KeyObject,
    readonly jwk: Jwk,
    /** Self-signed X.509 certificate over the public key (Google's /oauth2/v1/certs format). */
    readonly certificatePem: string,
  ) {}

  static async create(commonName: string): Promise<SigningKey> {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const privatePem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const publicPem = publicKey.export({ type: "spki", format: "pem" }).toString();
    const generated = await generateCertificate([{ name: "commonName", value: commonName }], {
      keyPair: { privateKey: privatePem, publicKey: publicPem },
      algorithm: "sha256",
      notAfterDate: new Date(Date.now() + 365 * 86_400_000),
    });
    const kid = randomBytes(20).toString("hex");
    const exported = createPublicKey(publicPem).export({ format: "jwk" }) as { n: string; e: string; kty: string };
    return new SigningKey(
      kid,
      createPrivateKey(privatePem),
      { kid, kty: exported.kty, alg: "RS256", use: "sig", n: exported.n, e: exported.e },
      generated.cert,
    );
  }

  signJwt(payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
    const head = Buffer.from(JSON.stringify({ alg: "RS256", kid: this.kid, typ: "JWT", ...header })).toString(
      "base64url",
    );
    const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
    const signature = sign("RSA-SHA256", Buffer.from(`${head}.${body}`), this.privateKey).toString("base64url");
    return `${head}.${body}.${signature}`;
  }

  jwks(): { keys: Jwk[] } {
    return { keys: [this.jwk] };
  }
}
