type Props = Partial<Record<string, string | number | boolean | EventListener>>;
type Child = Node | string | null | undefined;

/** A tiny element builder: keeps view code declarative without a framework. */
export function h<K extends string>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): K extends keyof HTMLElementTagNameMap ? HTMLElementTagNameMap[K] : HTMLElement {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) element.append(child);
  }
  return element as K extends keyof HTMLElementTagNameMap ? HTMLElementTagNameMap[K] : HTMLElement;
}

/** A short message shown where a chart or table has nothing to show yet. */
export function emptyNote(text: string): HTMLElement {
  return h('p', { class: 'empty' }, text);
}
