// Builds the test district once per run (migrations and accounts take ~20 s through wrangler);
// every test file then works on its own copy of it.
import type { TestProject } from "vitest/node";
import { prepareDistrict, removeDistrict } from "../../scripts/lib/district";
import { SHAPE } from "./profile";

declare module "vitest" {
  export interface ProvidedContext {
    district: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = await prepareDistrict(SHAPE);
  project.provide("district", dir);
  return () => removeDistrict(dir);
}
