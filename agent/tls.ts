// The agent's TLS material, checked before the server starts so a wrong file is a usage error that names the
// flag ("--tls-cert x.pem: not a PEM certificate") rather than "PEM routines::no start line" from deep in gRPC.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UsageError } from './options';

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  /** for the ready line: the names clients can verify against */
  subjectAltName: string;
}

function read(flag: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`,
    );
  }
}

export function readTlsMaterial(certFile: string, keyFile: string): TlsMaterial {
  const cert = read('--tls-cert', certFile);
  const key = read('--tls-key', keyFile);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new UsageError(
      `--tls-cert ${certFile}: not a PEM certificate (expected a -----BEGIN CERTIFICATE----- block; were --tls-cert and --tls-key swapped?)`,
    );
  }
  let pkey;
  try {
    pkey = createPrivateKey(key);
  } catch {
    throw new UsageError(
      `--tls-key ${keyFile}: not a PEM private key (or it is encrypted; the agent needs it unencrypted)`,
    );
  }
  if (!x509.checkPrivateKey(pkey))
    throw new UsageError(`--tls-key ${keyFile} does not belong to the certificate in ${certFile}`);
  if (new Date(x509.validTo).getTime() < Date.now())
    throw new UsageError(`--tls-cert ${certFile}: the certificate expired on ${x509.validTo}`);
  return { cert, key, subjectAltName: x509.subjectAltName ?? `CN ${x509.subject}` };
}
