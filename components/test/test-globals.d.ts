// The browser tests run under mocha (@web/test-runner); its globals
// (`describe`, `it`, `afterEach`) are typed here because tsconfig's `types`
// lists only node.
/// <reference types="mocha" />
