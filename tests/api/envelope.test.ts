// Bad requests of every kind answer 4xx in the envelope, never 5xx.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, isEnvelope, ORIGIN, world } from "./world";

describe("error envelope", () => {
  it("answers malformed JSON with 400 validation_failed", async () => {
    const r = await api("district_admin", "POST", "/api/v1/tenants/luc-ngan/units", '{"code": "x", ');
    expect(r.status).toBe(400);
    expect(isEnvelope(r, "validation_failed")).toBe(true);
  });

  it("refuses text holding half of a UTF-16 surrogate pair instead of storing it changed", async () => {
    const r = await api(
      "district_admin",
      "POST",
      "/api/v1/tenants/luc-ngan/units",
      '{"code": "X9", "name": "Xã \\ud83d", "level": "commune"}',
    );
    expect(r.status).toBe(400);
    expect(isEnvelope(r, "validation_failed")).toBe(true);
    expect(r.body.error.details).toEqual([{ path: "name", message: expect.stringContaining("UTF-16") }]);
    const whole = await api(
      "district_admin",
      "POST",
      "/api/v1/tenants/luc-ngan/units",
      '{"code": "X9", "name": "Xã \\ud83d\\ude00", "level": "commune"}',
    );
    expect(whole.status).toBe(201);
  });

  it("answers a body that is not JSON with 415", async () => {
    const r = await api("district_admin", "POST", "/api/v1/tenants/luc-ngan/units", "code=x", {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(r.status).toBe(415);
    expect(isEnvelope(r, "unsupported_media_type")).toBe(true);
  });

  it("answers an oversized body with 413, with or without a Content-Length", async () => {
    const w = await world();
    const big = JSON.stringify({ code: "x", name: "a".repeat(2 * 1024 * 1024), level: "commune" });
    const r = await api("district_admin", "POST", "/api/v1/tenants/luc-ngan/units", big);
    expect(r.status).toBe(413);
    expect(isEnvelope(r, "payload_too_large")).toBe(true);

    const chunks = new TextEncoder().encode(big);
    const stream = new ReadableStream({
      start(ctl) {
        for (let i = 0; i < chunks.length; i += 65536) ctl.enqueue(chunks.slice(i, i + 65536));
        ctl.close();
      },
    });
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}/api/v1/tenants/luc-ngan/units`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${w.token.district_admin}` },
        body: stream,
        // @ts-expect-error duplex is needed for a streamed body
        duplex: "half",
      }),
    );
    expect(res.status).toBe(413);
  });

  it("lists every bad field with its path and a Vietnamese message", async () => {
    const r = await api("district_admin", "POST", "/api/v1/tenants/luc-ngan/units", {
      code: "",
      name: 5,
      level: "tinh",
      extra: 1,
    });
    expect(r.status).toBe(400);
    const paths = r.body.error.details.map((d: any) => d.path).sort();
    expect(paths).toEqual(expect.arrayContaining(["code", "name", "level"]));
    for (const d of r.body.error.details)
      expect(d.message).toMatch(/[àáảãạăâđèéêìíòóôơùúưỳýầấậắặềếệốồộớờợứừựữ]|Trường|Giá trị|Sai/u);
  });

  it("answers an unknown path with 404 in the envelope", async () => {
    const r = await api("district_admin", "GET", "/api/v1/khong-co");
    expect(r.status).toBe(404);
    expect(isEnvelope(r, "not_found")).toBe(true);
  });

  it("serves the OpenAPI document and the reference page publicly", async () => {
    const doc = await api(null, "GET", "/api/v1/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/auth/login",
        "/api/v1/tenants/{tenant}/units",
        "/api/v1/tenants/{tenant}/users",
      ]),
    );
    const page = await exports.default.fetch(new Request(`${ORIGIN}/api/docs`));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/api/v1/openapi.json");
  });

  it("answers health publicly", async () => {
    const r = await api(null, "GET", "/api/v1/health");
    expect(r).toMatchObject({ status: 200, body: { status: "ok" } });
  });
});
