// @helper
// @tracked xs collection/Array number[]
export default function () { const xs = [1, 2]; return xs.length; }
