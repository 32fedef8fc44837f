// WeakRef and FinalizationRegistry.
// @tracked target box/object { id: number; }
// @tracked ref box/WeakRef WeakRef<{ id: number; }>
// @tracked registry box/FinalizationRegistry FinalizationRegistry<string>
const target = { id: 1 };
const ref = new WeakRef(target);
const registry = new FinalizationRegistry<string>(() => {});
registry.register(target, "t");
console.log(ref.deref()?.id, typeof registry.unregister);
