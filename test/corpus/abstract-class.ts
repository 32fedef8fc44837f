// Abstract classes and overrides.
// @tracked lines collection/Array string[]
abstract class Shape {
  abstract area(): number;
  describe(): string { const lines = [this.constructor.name, this.area().toFixed(2)]; return lines.join(": "); }
}
class Square extends Shape {
  constructor(private side: number) { super(); }
  override area(): number { return this.side ** 2; }
}
class Circle extends Shape {
  constructor(private r: number) { super(); }
  override area(): number { return Math.PI * this.r ** 2; }
  override describe(): string { const lines = ["round", super.describe()]; return lines.join(" "); }
}
console.log(new Square(3).describe(), new Circle(1).describe());
