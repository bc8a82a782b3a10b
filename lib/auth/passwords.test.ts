import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from "./password-rules";
import { BCRYPT_COST, bcryptCost, ChangePasswordInput, isCommonPassword, needsRehash, NewPassword, temporaryPassword } from "./passwords";

const refusal = (password: string) => {
  const r = NewPassword.safeParse(password);
  return r.success ? null : r.error.issues[0].message;
};

describe("NewPassword", () => {
  it("takes 12 characters or more that are not a common password", () => {
    for (const ok of ["test-passphrase-123", "vigil-admin-demo", "a brand new passphrase 42", "Zq9!vT2#mL0p", "ünïcödé-pässwörd"]) expect(refusal(ok), ok).toBeNull();
  });

  it("counts characters, not UTF-16 units, and refuses what bcrypt would cut at 72 bytes", () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(refusal("abcdefghijk")).toBe("use at least 12 characters");
    // 11 emoji are 22 UTF-16 units: still 11 characters; 12 of them are enough.
    const emoji = "🔒🔑🚨🧯🔥🐛🦠🧬🔭🧪🌊";
    expect(emoji.length).toBe(22);
    expect(refusal(emoji)).toBe("use at least 12 characters");
    expect(refusal(`${emoji}🌋`)).toBeNull();
    expect(refusal("x1y2z3".repeat(12))).toBeNull(); // 72 bytes
    expect(refusal("x1y2z3".repeat(12) + "!")).toBe(`use at most ${PASSWORD_MAX_BYTES} bytes: bcrypt would ignore the rest`);
    expect(refusal("é-ä-ö-ü".repeat(7))).toMatch(/72 bytes/); // 49 characters, 77 bytes
  });

  it("refuses a common password, whatever its case and a run of digits or symbols after it", () => {
    for (const common of ["password1234", "administrator", "qwertyuiop123", "Password-123", "PASSWORD123456!", "iloveyou2024!!!", "1qaz2wsx3edc"]) {
      expect(refusal(common), common).toBe("this is a commonly used password: choose another");
    }
    expect(isCommonPassword("dragon")).toBe(true);
    expect(isCommonPassword("dragon-horse-battery")).toBe(false);
  });

  it("refuses a run of one or two characters and a NUL", () => {
    expect(refusal("aaaaaaaaaaaaaaaa")).toBe("too repetitive: use more different characters");
    expect(refusal("abababababab")).toBe("too repetitive: use more different characters");
    expect(refusal("long enough\u0000password")).toBe("must not contain a NUL character");
  });
});

describe("ChangePasswordInput", () => {
  it("names the field at fault: a confirmation that differs, or the current password again", () => {
    const base = { currentPassword: "old-passphrase-1", newPassword: "new-passphrase-2", confirmation: "new-passphrase-2" };
    expect(ChangePasswordInput.safeParse(base).success).toBe(true);
    const path = (v: object) => ChangePasswordInput.safeParse(v).error?.issues.map((i) => i.path.join("."));
    expect(path({ ...base, confirmation: "new-passphrase-3" })).toEqual(["confirmation"]);
    expect(path({ ...base, newPassword: base.currentPassword, confirmation: base.currentPassword })).toEqual(["newPassword"]);
    expect(path({ ...base, newPassword: "short", confirmation: "short" })).toEqual(["newPassword"]);
  });
});

describe("hashing", () => {
  it("uses cost 12 unless VIGIL_BCRYPT_COST lowers it (the tests do), and asks to rehash a cheaper hash", () => {
    const configured = process.env.VIGIL_BCRYPT_COST;
    try {
      delete process.env.VIGIL_BCRYPT_COST;
      expect(BCRYPT_COST).toBe(12);
      expect(bcryptCost()).toBe(12);
      expect(needsRehash(bcrypt.hashSync("x", 4))).toBe(true);
      expect(needsRehash(`$2b$12$${"a".repeat(53)}`)).toBe(false);
      expect(needsRehash("not a hash")).toBe(false);
      process.env.VIGIL_BCRYPT_COST = "11";
      expect(bcryptCost()).toBe(11);
    } finally {
      if (configured === undefined) delete process.env.VIGIL_BCRYPT_COST;
      else process.env.VIGIL_BCRYPT_COST = configured;
    }
  });

  it("makes temporary passwords that pass the rules, without look-alike characters, each different", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = temporaryPassword();
      expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}$/);
      expect(p).not.toMatch(/[01lIoO]/);
      expect(refusal(p)).toBeNull();
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
