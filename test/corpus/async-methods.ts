// async methods and async arrows in classes.
// @tracked rows collection/Array number[]
class Repo {
  private data = [3, 1, 2];
  async sorted(): Promise<number[]> { const rows = [...this.data]; await null; return rows.sort(); }
  fetch = async (i: number): Promise<number | undefined> => { const rows = await this.sorted(); return rows[i]; };
}
const r = new Repo();
r.fetch(0).then((v) => console.log(v, r.sorted.name, r.fetch.name));
