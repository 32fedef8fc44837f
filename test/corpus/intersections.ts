// Intersections: string brands stay strings, number brands stay untracked.
// @tracked userId string/string UserId
// @tracked both box/interface A & B
// @tracked tagged collection/Array number[] & { tag: string; }
// @untracked cents
type UserId = string & { readonly __brand: "UserId" };
type Cents = number & { readonly __brand: "Cents" };
interface A { a: number }
interface B { b: string }
const userId = "u-7" as UserId;
const cents = 250 as Cents;
const both: A & B = { a: 1, b: "b" };
const tagged = Object.assign([1, 2], { tag: "t" });
console.log(userId, cents + 1, both.a, both.b, tagged.tag, tagged.length);
