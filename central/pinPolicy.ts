/**
 * The shortest PIN each role may have, enforced on import (issue 12). A supervisor's PIN opens
 * voids, reprints and the whole counter menu, so it is longer by default: 6 digits are 10^6
 * guesses, and the kiosk's lockout (device/clerkLogin.ts) allows at most 150 a day. A `redeem`
 * clerk's PIN keeps the 4 digits of before. `central import --min-pin ROLE=N` changes them for one
 * import (4 to 12, the PIN's own bounds); docs/security.md says what each length buys.
 */
import { type ClerkRole, clerkRoles } from "../device/domain.js";

export type PinPolicy = Readonly<Record<ClerkRole, number>>;

export const defaultPinPolicy: PinPolicy = { redeem: 4, supervisor: 6 };

const shortest = 4;
const longest = 12;

/** `ROLE=N` settings over the defaults; a message for the first one that is not a role and a length. */
export function parsePinPolicy(settings: readonly string[]): PinPolicy | string {
  const policy: Record<ClerkRole, number> = { ...defaultPinPolicy };
  for (const setting of settings) {
    const [role, digits] = setting.split("=");
    const known = clerkRoles.find((name) => name === role);
    const length = /^\d{1,2}$/.test(digits ?? "") ? Number(digits) : Number.NaN;
    if (known === undefined || !(length >= shortest && length <= longest))
      return `--min-pin takes ROLE=N with ROLE one of ${clerkRoles.join(", ")} and N ${shortest} to ${longest}, not "${setting}"`;
    policy[known] = length;
  }
  return policy;
}

export function formatPinPolicy(policy: PinPolicy): string[] {
  return clerkRoles.map((role) => `${role}=${policy[role]}`);
}

/** The rule a clerk's PIN breaks, or undefined. */
export function pinPolicyProblem(policy: PinPolicy, role: ClerkRole, pin: string): string | undefined {
  const least = policy[role];
  return pin.length < least
    ? `a ${role} PIN needs at least ${least} digits (PIN policy ${role}=${least}); this one has ${pin.length}`
    : undefined;
}
