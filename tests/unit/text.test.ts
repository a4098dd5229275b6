import { describe, expect, it } from "vitest";
import { fold, tidy } from "../../src/lib/text";

describe("fold", () => {
  it("drops Vietnamese diacritics and case, including đ", () => {
    expect(fold("Nguyễn Văn An")).toBe("nguyen van an");
    expect(fold("ĐẶNG THỊ HƯỜNG")).toBe("dang thi huong");
    expect(fold("Lục  Ngạn")).toBe("luc ngan");
  });
  it("treats composed (NFC) and decomposed (NFD) input alike", () => {
    expect(fold("Trần Thị Ngọc".normalize("NFD"))).toBe(fold("Trần Thị Ngọc".normalize("NFC")));
  });
});

describe("tidy", () => {
  it("stores NFC with single spaces", () => {
    const nfd = "  Hoàng   Văn Thụ ".normalize("NFD");
    expect(tidy(nfd)).toBe("Hoàng Văn Thụ".normalize("NFC"));
    expect(tidy(nfd).length).toBe("Hoàng Văn Thụ".normalize("NFC").length);
  });
});
