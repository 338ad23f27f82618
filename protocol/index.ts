// The wire contract's one home: both the server and the browser client import
// the event maps, error codes with their sentences, and the name rules from here.
export * from './errors.js';
export * from './events.js';
export * from './names.js';
