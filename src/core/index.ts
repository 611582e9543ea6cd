// The pure core: no `vscode` import anywhere under src/core.
export * from './assemble';
export * from './auth';
export * from './clock';
export * from './connection';
export * from './continuity';
export * from './diagnostics';
export * from './emitter';
export * from './heartbeat';
export * from './inspector';
export * from './reconnect';
export * from './records';
export * from './redact';
export * from './request';
export * from './ring-buffer';
export * from './session';
export * from './snapshot';
