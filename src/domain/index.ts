// The rules engine's public surface: pure, synchronous, no I/O, importable from the Worker, the
// browser app and Node scripts alike.
export * from "./standards";
export * from "./result";
export * from "./format";
export * from "./facts";
export * from "./labels";
export * from "./classify";
export * from "./indicators";
export * from "./assessment";
export * from "./score";
export * from "./movement";
export * from "./rates";
export * from "./anomalies";
export * from "./workflow";
export * from "./calendar";
