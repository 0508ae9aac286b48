type SvgChild = Node | string | null | undefined;

const namespace = 'http://www.w3.org/2000/svg';

/** The SVG twin of `h`: SVG elements must be made in the SVG namespace to draw. */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Partial<Record<string, string | number>> = {},
  ...children: SvgChild[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(namespace, tag);
  for (const [key, value] of Object.entries(attributes))
    if (value !== undefined) element.setAttribute(key, String(value));
  for (const child of children) if (child !== null && child !== undefined) element.append(child);
  return element;
}
