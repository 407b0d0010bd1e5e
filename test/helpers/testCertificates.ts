/**
 * A private CA and a server certificate for 127.0.0.1 and localhost, made at test time with the
 * openssl command line (Debian's `openssl` package; .ci/run installs it), as docs/deploy.md tells
 * an operator to make them. A second, unrelated CA stands for "some other CA" a kiosk might trust.
 */
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const openssl = (args: string[], cwd: string) => promisify(execFile)("openssl", args, { cwd });

export interface TestCertificates {
  readonly caFile: string;
  readonly otherCaFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** The PEM texts of certFile and keyFile, for CentralService.listen. */
  readonly tls: { readonly cert: string; readonly key: string };
}

async function makeCa(dir: string, name: string): Promise<void> {
  await openssl(
    [
      ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
      ...["-keyout", `${name}.key`, "-out", `${name}.pem`, "-days", "30", "-subj", `/CN=${name}`],
    ],
    dir,
  );
}

export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  await makeCa(dir, "test-ca");
  await makeCa(dir, "other-ca");
  await openssl(
    [
      ...["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
      ...["-keyout", "central.key", "-out", "central.csr", "-subj", "/CN=central"],
    ],
    dir,
  );
  await writeFile(join(dir, "central.ext"), "subjectAltName = IP:127.0.0.1, DNS:localhost\n");
  await openssl(
    [
      ...["x509", "-req", "-in", "central.csr", "-CA", "test-ca.pem", "-CAkey", "test-ca.key"],
      ...["-CAcreateserial", "-days", "30", "-extfile", "central.ext", "-out", "central.pem"],
    ],
    dir,
  );
  const certFile = join(dir, "central.pem");
  const keyFile = join(dir, "central.key");
  return {
    caFile: join(dir, "test-ca.pem"),
    otherCaFile: join(dir, "other-ca.pem"),
    certFile,
    keyFile,
    tls: { cert: await readFile(certFile, "utf8"), key: await readFile(keyFile, "utf8") },
  };
}
