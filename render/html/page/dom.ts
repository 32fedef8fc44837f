/**
 * DOM building without markup: every string becomes a text node (or textContent), so
 * nothing from the snapshot is ever parsed as HTML. Styles go through the CSSOM only
 * (the page's CSP allows no inline style attributes).
 */
export type Child = Node | string | number | null | undefined | false;

export interface Props {
  id?: string;
  class?: string;
  title?: string;
  href?: string;
  role?: string;
  type?: string;
  placeholder?: string;
  value?: string;
  ariaLabel?: string;
  dataset?: Record<string, string>;
  style?: Partial<Record<"width" | "height" | "left" | "top" | "background" | "color" | "gridTemplateColumns" | "transform" | "borderColor", string>>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props) applyProps(element, props);
  append(element, children);
  return element;
}

function applyProps(element: HTMLElement, props: Props): void {
  if (props.id) element.id = props.id;
  if (props.class) element.className = props.class;
  if (props.title !== undefined) element.title = props.title;
  if (props.href !== undefined) element.setAttribute("href", props.href);
  if (props.role) element.setAttribute("role", props.role);
  if (props.type) element.setAttribute("type", props.type);
  if (props.placeholder) element.setAttribute("placeholder", props.placeholder);
  if (props.ariaLabel) element.setAttribute("aria-label", props.ariaLabel);
  if (props.value !== undefined) (element as HTMLInputElement).value = props.value;
  if (props.dataset) for (const [key, value] of Object.entries(props.dataset)) element.dataset[key] = value;
  if (props.style) Object.assign(element.style, props.style);
  if (props.on) {
    for (const [name, listener] of Object.entries(props.on)) element.addEventListener(name, listener as EventListener);
  }
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
}

export function clear(element: Element): void {
  while (element.firstChild) element.removeChild(element.firstChild);
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element; attribute values are set with setAttribute (never parsed as markup). */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number | null | undefined> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    element.setAttribute(name, typeof value === "number" ? String(Math.round(value * 10) / 10) : value);
  }
  append(element, children);
  return element;
}

/** An SVG <title> tooltip (text only). */
export function tip(text: string): SVGTitleElement {
  const title = document.createElementNS(SVG_NS, "title");
  title.textContent = text;
  return title;
}

export function link(href: string, text: string, className = ""): HTMLAnchorElement {
  return h("a", { href, class: className }, text);
}
