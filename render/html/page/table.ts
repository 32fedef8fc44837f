/**
 * A virtualised, sortable table: a scroll box holding one spacer as tall as all rows,
 * and only the rows in view (plus a margin) as elements, so 100,000 rows scroll as
 * smoothly as 100. Rows are CSS grid lines with the same template as the header.
 */
import { clear, h, type Child } from "./dom.js";

export interface Column<T> {
  label: string;
  /** CSS grid track, e.g. "2fr" or "110px". */
  width: string;
  align?: "right";
  cell: (row: T) => Child;
  /** Sort key; columns without one are not sortable. */
  sort?: (row: T) => number | string;
  title?: (row: T) => string;
  hint?: string;
}

export interface TableOptions<T> {
  columns: Array<Column<T>>;
  rows: T[];
  rowHeight?: number;
  /** Most pixels the scroll box may take (default: the window below the header); it shrinks to fit fewer rows. */
  maxHeight?: () => number;
  onOpen?: (row: T) => void;
  href?: (row: T) => string;
  sortColumn?: number;
  descending?: boolean;
  onSort?: (column: number, descending: boolean) => void;
  empty?: string;
  rowClass?: (row: T) => string;
}

export interface Table<T> {
  element: HTMLElement;
  setRows(rows: T[]): void;
  rows(): T[];
}

export function virtualTable<T>(options: TableOptions<T>): Table<T> {
  const rowHeight = options.rowHeight ?? 30;
  const template = options.columns.map((c) => c.width).join(" ");
  let sortColumn = options.sortColumn ?? -1;
  let descending = options.descending ?? true;
  let source = options.rows;
  let rows = source;

  const header = h("div", { class: "vt-head", role: "row", style: { gridTemplateColumns: template } });
  const spacer = h("div", { class: "vt-spacer" });
  const body = h("div", { class: "vt-body", role: "rowgroup" });
  const maxHeight = options.maxHeight ?? ((): number => Math.max(320, window.innerHeight - 250));
  const scroller = h("div", { class: "vt-scroll" }, spacer, body);
  const emptyNote = h("div", { class: "vt-empty" }, options.empty ?? "No rows.");
  const element = h("div", { class: "vt", role: "table" }, header, scroller, emptyNote);

  const drawHeader = (): void => {
    clear(header);
    options.columns.forEach((column, at) => {
      const sortable = column.sort !== undefined;
      const arrow = at === sortColumn ? (descending ? " ▼" : " ▲") : "";
      const cell = h(
        sortable ? "button" : "div",
        {
          class: `vt-th${column.align === "right" ? " right" : ""}${sortable ? " sortable" : ""}${at === sortColumn ? " sorted" : ""}`,
          title: column.hint ?? (sortable ? `Sort by ${column.label}` : column.label),
          role: "columnheader",
          on: sortable
            ? {
                click: () => {
                  if (sortColumn === at) descending = !descending;
                  else {
                    sortColumn = at;
                    descending = typeof column.sort!(source[0] as T) === "number";
                  }
                  options.onSort?.(sortColumn, descending);
                  applySort();
                  scroller.scrollTop = 0;
                  draw(true);
                  drawHeader();
                },
              }
            : {},
        },
        column.label + arrow,
      );
      header.appendChild(cell);
    });
  };

  const applySort = (): void => {
    const column = options.columns[sortColumn];
    if (!column?.sort) {
      rows = source;
      return;
    }
    const key = column.sort;
    const keyed = source.map((row, at) => ({ row, at, key: key(row) }));
    const sign = descending ? -1 : 1;
    keyed.sort((a, b) => (a.key < b.key ? -sign : a.key > b.key ? sign : a.at - b.at));
    rows = keyed.map((k) => k.row);
  };

  let drawnFrom = -1;
  let drawnTo = -1;
  const draw = (force = false): void => {
    spacer.style.height = `${rows.length * rowHeight}px`;
    scroller.style.height = `${Math.min(maxHeight(), Math.max(rowHeight * 3, rows.length * rowHeight + 2))}px`;
    emptyNote.classList.toggle("shown", rows.length === 0);
    const view = scroller.clientHeight || 600;
    const from = Math.max(0, Math.floor(scroller.scrollTop / rowHeight) - 10);
    const to = Math.min(rows.length, Math.ceil((scroller.scrollTop + view) / rowHeight) + 10);
    if (!force && from === drawnFrom && to === drawnTo) return;
    drawnFrom = from;
    drawnTo = to;
    clear(body);
    body.style.transform = `translateY(${from * rowHeight}px)`;
    for (let i = from; i < to; i++) {
      const row = rows[i] as T;
      const line = h(options.href ? "a" : "div", {
        class: `vt-row${i % 2 === 1 ? " odd" : ""}${options.rowClass ? ` ${options.rowClass(row)}` : ""}`,
        role: "row",
        style: { gridTemplateColumns: template, height: `${rowHeight}px` },
        ...(options.href ? { href: options.href(row) } : {}),
        on: options.onOpen ? { click: () => options.onOpen!(row) } : {},
      });
      for (const column of options.columns) {
        line.appendChild(h("span", { class: `vt-td${column.align === "right" ? " right" : ""}`, role: "cell", title: column.title?.(row) ?? "" }, column.cell(row)));
      }
      body.appendChild(line);
    }
  };
  scroller.addEventListener("scroll", () => draw());
  new ResizeObserver(() => draw(true)).observe(scroller);

  drawHeader();
  applySort();
  draw(true);
  return {
    element,
    setRows(next: T[]) {
      source = next;
      applySort();
      scroller.scrollTop = 0;
      draw(true);
    },
    rows: () => rows,
  };
}
