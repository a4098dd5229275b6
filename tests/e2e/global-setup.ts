// One server for every browser test file: build, fresh local state, demo data (see server.ts).
import type { TestProject } from "vitest/node";
import { startServer } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    e2eBase: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startServer();
  project.provide("e2eBase", server.base);
  return () => server.stop();
}
