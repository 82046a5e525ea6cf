// Request bodies are untyped JSON until validated; validators read them through this alias.
// biome-ignore lint/suspicious/noExplicitAny: bodies are arbitrary JSON; every read is checked before use
export type Json = any;
