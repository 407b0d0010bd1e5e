/**
 * Pairing a kiosk by scanning (docs/central.md, "Pairing a kiosk"): the one-time code, the text its
 * QR code carries, and `POST /v1/pair` as schemas. Shared by the central service, which makes and
 * redeems codes, and the kiosk, which scans and exchanges them.
 *
 * The QR text is `TKPAIR1 <central URL> <code>` (or `TKPAIR1 <code>` when the code was made without
 * a URL, and the kiosk's `central.url` is used): a versioned word first, so a kiosk never mistakes a
 * ticket's QR for a pairing and a later format can be told apart.
 */
import * as v from "valibot";

export const pairingTextVersion = "TKPAIR1";

/**
 * Crockford base32 (no I, L, O, U), 16 characters: 80 random bits. A guesser limited to the pairing
 * route's rate (`POST /v1/pair`, a few a minute per address) against a code that lives 10 minutes
 * has no chance worth counting.
 */
export const pairingAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const pairingCodeLength = 16;
const pairingCodePattern = new RegExp(`^[${pairingAlphabet}]{${pairingCodeLength}}$`);

/** How long a code works after it is made. */
export const pairingTtlMs = 10 * 60_000;

/** The code in groups of four, as it is shown (`ABCD-EFGH-JKMN-PQRS`); either form is accepted. */
export function groupedPairingCode(code: string): string {
  return code.match(/.{1,4}/g)?.join("-") ?? code;
}

/** A code as typed or scanned, or undefined when it cannot be one: case and dashes do not matter. */
export function normalPairingCode(text: string): string | undefined {
  const code = text.replaceAll("-", "").toUpperCase();
  return pairingCodePattern.test(code) ? code : undefined;
}

export function pairingText(code: string, url: string | undefined): string {
  return url === undefined ? `${pairingTextVersion} ${code}` : `${pairingTextVersion} ${url} ${code}`;
}

/** What a scan or a `--code` holds. */
export type PairingScan =
  | { readonly kind: "code"; readonly code: string; readonly url?: string }
  /** Not a pairing QR and not a bare code (a ticket, a wrong QR). */
  | { readonly kind: "not_pairing" };

/** The whole QR text, or the bare code (grouped or not). */
export function parsePairingScan(text: string): PairingScan {
  const words = text.trim().split(/\s+/);
  if (words[0] !== pairingTextVersion) {
    const code = words.length === 1 ? normalPairingCode(words[0] ?? "") : undefined;
    return code === undefined ? { kind: "not_pairing" } : { kind: "code", code };
  }
  const [, first, second, ...extra] = words;
  const [url, raw] = second === undefined ? [undefined, first] : [first, second];
  const code = normalPairingCode(raw ?? "");
  if (code === undefined || extra.length > 0) return { kind: "not_pairing" };
  if (url === undefined) return { kind: "code", code };
  return URL.canParse(url) && /^https?:$/.test(new URL(url).protocol)
    ? { kind: "code", code, url }
    : { kind: "not_pairing" };
}

export const pairRequestSchema = v.strictObject({
  code: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
});

/** What `POST /v1/pair` answers for a good code: everything the kiosk needs, shown this once. */
export const pairAnswerSchema = v.strictObject({
  token: v.pipe(v.string(), v.minLength(1)),
  pinKey: v.pipe(v.string(), v.minLength(1)),
  deviceId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  storeId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** The PEM of the CA to trust for the central service, when it serves TLS with a private CA. */
  caCertificate: v.optional(v.pipe(v.string(), v.minLength(1))),
});
export type PairAnswer = v.InferOutput<typeof pairAnswerSchema>;

/** The one error code of a used, expired or unknown code: which one is not said to a guesser. */
export const pairingRefusedCode = "pairing_refused";
