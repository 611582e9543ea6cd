// Profiles: what users configure, validated and resolved into core options.
// Everything under src/extension/profile is PURE (no vscode import) and unit-tested.
export * from './from-curl';
export * from './parse';
export * from './refresh';
export * from './resolve';
export * from './save';
export * from './template';
export * from './types';
