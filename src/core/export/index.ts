// Exports of a session: recordings (.sse.jsonl), HAR, curl.
export * from './attempts';
export * from './curl';
export * from './fetch';
export * from './har';
export * from './recording';
