// The demo province: two districts of Bắc Giang with real-sounding communes and villages.
// Codes are made up in the shape of the official ones; none of this is real data.

export interface DemoCommune {
  code: string;
  name: string;
  kind: "xa" | "thi_tran";
  villages: { code: string; name: string; kind: "thon" | "ban" | "to_dan_pho" }[];
}

export interface DemoTenant {
  code: string;
  name: string;
  admin: string;
  communes: DemoCommune[];
}

const villages = (prefix: string, kind: "thon" | "ban" | "to_dan_pho", names: string[]) =>
  names.map((name, i) => ({ code: `${prefix}-${String(i + 1).padStart(2, "0")}`, name, kind }));

export const DEMO_PROVINCE = { code: "bac-giang", name: "Tỉnh Bắc Giang" };
/** The demo accounts' password: accepted by the password rules only in development (src/auth/password-policy.ts). */
export { DEMO_PASSWORD } from "../../src/auth/password-policy";

export const DEMO_TENANTS: DemoTenant[] = [
  {
    code: "luc-ngan",
    name: "Huyện Lục Ngạn",
    admin: "lucngan.admin",
    communes: [
      {
        code: "07459",
        name: "Xã Tân Sơn",
        kind: "xa",
        villages: villages("07459", "thon", ["Thôn Khuôn Thần", "Thôn Bản Ó", "Thôn Cầu Đất", "Thôn Nà Ó"]),
      },
      {
        code: "07402",
        name: "Thị trấn Chũ",
        kind: "thi_tran",
        villages: villages("07402", "to_dan_pho", [
          "Tổ dân phố Trần Phú",
          "Tổ dân phố Thanh Hùng",
          "Tổ dân phố Chính Pháp",
        ]),
      },
      {
        code: "07414",
        name: "Xã Biên Sơn",
        kind: "xa",
        villages: villages("07414", "thon", ["Thôn Nà Hoa", "Thôn Khuôn Vố", "Thôn Đồng Cao"]),
      },
      {
        code: "07435",
        name: "Xã Phong Minh",
        kind: "xa",
        villages: villages("07435", "ban", ["Bản Mậu", "Bản Khuôn Cầu", "Thôn Lim"]),
      },
    ],
  },
  {
    code: "son-dong",
    name: "Huyện Sơn Động",
    admin: "sondong.admin",
    communes: [
      {
        code: "07615",
        name: "Thị trấn An Châu",
        kind: "thi_tran",
        villages: villages("07615", "to_dan_pho", ["Tổ dân phố Hải Ninh", "Tổ dân phố An Hạ"]),
      },
      {
        code: "07621",
        name: "Xã An Lạc",
        kind: "xa",
        villages: villages("07621", "thon", ["Thôn Thanh Chiểu", "Thôn Khe Sân", "Thôn Biểng"]),
      },
      {
        code: "07633",
        name: "Xã Vân Sơn",
        kind: "xa",
        villages: villages("07633", "ban", ["Bản Bãi Chợ", "Bản Đồng Rì", "Thôn Đồng Bưa"]),
      },
    ],
  },
];

/** The demo accounts of API.md (all with DEMO_PASSWORD); the first commune of Lục Ngạn and its first village. */
export const DEMO_ACCOUNTS = {
  province: "tinh.admin",
  communeOfficer: "lucngan.canbo",
  enumerator: "lucngan.rasoat",
  supervisor: "lucngan.mttq",
};
