// The password rules, and the shipped list of common passwords against its source.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commonPasswordsSource } from "../../scripts/common-passwords";
import { DEMO_PASSWORD as SEEDED_DEMO_PASSWORD } from "../../scripts/demo/places";
import { COMMON_PASSWORDS } from "../../src/auth/common-passwords";
import { DEMO_PASSWORD, MIN_PASSWORD_LENGTH, passwordProblem } from "../../src/auth/password-policy";

const prod = { development: false };

describe("password rules", () => {
  it("wants at least 10 characters, counted as letters (Vietnamese ones count once)", () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10);
    expect(passwordProblem("ngắn-quá1", "lucngan.an", prod)).toMatch(/ít nhất 10/);
    expect(passwordProblem("đường-về-ả", "lucngan.an", prod)).toBeNull();
    expect(passwordProblem("mười ký tự", "lucngan.an", prod)).toBeNull();
  });

  it("refuses the username itself or a password containing it, whatever the case", () => {
    expect(passwordProblem("lucngan.canbo", "lucngan.canbo", prod)).toMatch(/tên đăng nhập/);
    expect(passwordProblem("LucNgan.CanBo2026!", "lucngan.canbo", prod)).toMatch(/tên đăng nhập/);
    expect(passwordProblem("canbo-lucngan-2026", "lucngan.canbo", prod)).toBeNull();
  });

  it("refuses the common passwords of 10 characters or more, whatever the case", () => {
    for (const p of ["1234567890", "qwertyuiop", "Password123", "BASKETBALL", "1q2w3e4r5t"])
      expect(passwordProblem(p, "lucngan.an", prod), p).toMatch(/phổ biến/);
  });

  it("accepts the demo password only in development", () => {
    expect(DEMO_PASSWORD).toBe(SEEDED_DEMO_PASSWORD);
    expect(passwordProblem(DEMO_PASSWORD, "lucngan.admin", { development: true })).toBeNull();
    expect(passwordProblem(DEMO_PASSWORD, "lucngan.admin", prod)).not.toBeNull();
  });
});

describe("the list of common passwords", () => {
  it("is what the source list (the 10,000 most common) gives for passwords the length rule lets through", () => {
    expect(readFileSync(new URL("../../src/auth/common-passwords.ts", import.meta.url), "utf8")).toBe(
      commonPasswordsSource(),
    );
    expect(COMMON_PASSWORDS.length).toBeGreaterThan(100);
    expect(COMMON_PASSWORDS.every((p) => p.length >= MIN_PASSWORD_LENGTH && p === p.toLowerCase())).toBe(true);
    expect([...COMMON_PASSWORDS].sort()).toEqual(COMMON_PASSWORDS);
  });
});
