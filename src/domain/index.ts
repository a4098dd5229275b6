// The rules engine's public surface: pure, synchronous, no I/O, importable from the Worker, the
// browser app and Node scripts alike.

export * from "./anomalies";
export * from "./assessment";
export * from "./calendar";
export * from "./classify";
export * from "./facts";
export * from "./format";
export * from "./indicators";
export * from "./labels";
export * from "./movement";
export * from "./rates";
export * from "./result";
export * from "./score";
export * from "./score-tables";
export * from "./standards";
export * from "./workflow";
