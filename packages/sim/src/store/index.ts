// The sim's object store and the selector languages used to read from it.

export { type FieldRequirement, matchesFields, parseFieldSelector } from './field-selector.ts';
export {
  type LabelSelector,
  matchesLabels,
  matchesSelectorObject,
  parseLabelSelector,
} from './label-selector.ts';
export { createStore, Store, type StoreEvent, type StoreListener, type StoreWatchOptions } from './store.ts';
